"""``python -m generator``: the Reading Digest command line."""

from .cli import main

raise SystemExit(main())
