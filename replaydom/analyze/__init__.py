"""Deterministic analyses over the normalized event stream: `stats` and `struggles`.

Every function here takes plain event dicts (the `replaydom.model.Event` shape, sorted by
`offsetMs`) so it can be tested without the store, and returns pydantic models.
"""
