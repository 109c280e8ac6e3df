"""``python -m generator``: the Reading Digest command line."""

import gc

from .cli import main

code = main()
# On its way out the interpreter runs one more collection over every object still alive; after
# a build that walks millions of them for nothing (0.3 s at 20,000 papers). Frozen, they are
# skipped, and the process ends as it would anyway.
gc.freeze()
raise SystemExit(code)
