"""The ``vpncost`` command line: ``main`` parses the verbs; one module per verb family beside it."""
from vpncost.cli.main import main

__all__ = ["main"]
