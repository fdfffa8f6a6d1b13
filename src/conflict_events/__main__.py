"""``python -m conflict_events`` runs the command line."""

import sys

from conflict_events.cli import main

sys.exit(main())
