"""Equivalent models of the dataset document in the peer libraries (msgspec, pydantic v2)."""
