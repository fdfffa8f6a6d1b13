"""Test configuration shared by tests/, docs/ and README.md: strict mode, Hypothesis, Sybil."""

import os

# Read by conflict_events.formats.documents each time it checks itself (see docs/errors.md):
# in strict mode a bug raises InternalError, where a user's run logs a warning and goes on.
# Set here, at import, so every test, every docs example and every subprocess inherits it.
os.environ["CONFLICT_EVENTS_STRICT"] = "1"

from hypothesis import HealthCheck, settings
from sybil import Sybil
from sybil.parsers.markdown import PythonCodeBlockParser, SkipParser

settings.register_profile(
    "default", deadline=None, suppress_health_check=[HealthCheck.too_slow], max_examples=100
)
settings.register_profile(
    "fast", deadline=None, suppress_health_check=[HealthCheck.too_slow], max_examples=10
)
settings.register_profile(
    "thorough", deadline=None, suppress_health_check=[HealthCheck.too_slow], max_examples=1000
)
settings.load_profile(
    "fast" if os.environ.get("FAST") else os.environ.get("HYPOTHESIS_PROFILE", "default")
)

pytest_collect_file = Sybil(
    parsers=[PythonCodeBlockParser(), SkipParser()],
    patterns=["*.md"],
    excludes=["CHANGELOG.md"],
).pytest()
