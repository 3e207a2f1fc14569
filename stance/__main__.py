"""``python -m stance`` runs the command line (see ``stance.cli``)."""

from stance.cli import main

raise SystemExit(main())
