"""``python -m vpncost`` is the ``vpncost`` command."""
import sys

from vpncost.cli import main

if __name__ == "__main__":
    sys.exit(main())
