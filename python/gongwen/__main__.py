"""``python -m gongwen`` and the ``gongwen`` command: see :mod:`gongwen.cli`."""

from __future__ import annotations

import sys

from gongwen.cli import main

if __name__ == "__main__":
    sys.exit(main())
