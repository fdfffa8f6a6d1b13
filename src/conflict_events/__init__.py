"""Typed conflict-event data with explicit uncertainty, attribution and reasoning over time."""
