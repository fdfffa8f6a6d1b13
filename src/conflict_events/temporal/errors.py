"""The error the temporal parsers raise for text they cannot read (see `conflict_events.errors`)."""

from __future__ import annotations

from conflict_events.errors import TemporalError

__all__ = ["TemporalError"]
