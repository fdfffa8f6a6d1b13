"""Test configuration shared by tests/, docs/ and README.md: Hypothesis profiles and Sybil."""

import os

from hypothesis import HealthCheck, settings
from sybil import Sybil
from sybil.parsers.markdown import CodeBlockParser, PythonCodeBlockParser, SkipParser

settings.register_profile(
    "default", deadline=None, suppress_health_check=[HealthCheck.too_slow], max_examples=100
)
settings.register_profile(
    "fast", deadline=None, suppress_health_check=[HealthCheck.too_slow], max_examples=10
)
settings.register_profile(
    "thorough", deadline=None, suppress_health_check=[HealthCheck.too_slow], max_examples=1000
)
settings.load_profile("fast" if os.environ.get("FAST") else os.environ.get("HYPOTHESIS_PROFILE", "default"))

pytest_collect_file = Sybil(
    parsers=[PythonCodeBlockParser(), SkipParser()],
    patterns=["*.md"],
    excludes=["CHANGELOG.md"],
).pytest()
