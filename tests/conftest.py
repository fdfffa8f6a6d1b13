"""The test suite runs conflict_events in strict mode: a check of our own code that fails raises."""

import os

# Read by conflict_events.formats.documents each time it checks itself (see docs/errors.md):
# in strict mode a bug raises InternalError, where a user's run logs a warning and goes on.
# Set here, at import, so every test and every subprocess a test starts inherits it.
os.environ["CONFLICT_EVENTS_STRICT"] = "1"
