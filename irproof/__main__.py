"""`python -m irproof` runs the command line."""

import sys

from irproof.cli import main

sys.exit(main())
