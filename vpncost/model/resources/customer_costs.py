"""The customer's own line items beside AWS's: circuits, cross-connects, colocation, CPE, partner fees.

Monthly items are charged per month of the period; one-time items are spread over the analysis term
(a temporary environment shorter than a month carries them whole; see :func:`vpncost.model.components.one_time_term_hours`).
"""
from __future__ import annotations

from vpncost.model.components import Component


def line_items(monthly_usd: dict, one_time_usd: dict, prefix: str = "") -> list:
    """The customer's own costs as components: monthly items, and one-time items spread over the term.

    Parameters
    ----------
    monthly_usd : dict
        ``{name: cost}`` [USD/month].
    one_time_usd : dict
        ``{name: cost}`` [USD, once].
    prefix : str
        Put before each name (e.g. ``"Backup: "``).
    """
    out = [Component(f"{prefix}{name}", "month", (("months", 1.0),), "customer", usd=float(v))
           for name, v in monthly_usd.items()]
    out += [Component(f"{prefix}{name} (one-time)", "one-time share", (("once", 1.0),), "customer", usd=float(v))
            for name, v in one_time_usd.items()]
    return out
