"""The private local replay cache: bundles of raw segments, metadata and indexes."""
