"""CLI verbs of the cost model (estimate, compare): parsing and output only."""


def add_verbs(verbs, add_price_flags):
    """Register the model verbs on the ``vpncost`` sub-parser."""
