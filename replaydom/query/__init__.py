"""Queries over the normalized event stream: evidence windows (`window`) and fuzzy `search`."""
