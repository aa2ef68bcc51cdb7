"""How amounts and unit rates are written for people, in one place for every layer: the model's verdict texts
(:mod:`vpncost.model.acceleration`) and every view (:mod:`vpncost.present.text`) use the same two formatters."""
from __future__ import annotations

import math


def usd(x: float, digits: int = 2) -> str:
    """An amount: '$1,234.50'."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return ""
    if round(x, digits) < 0:
        return f"-${-x:,.{digits}f}"
    return f"${abs(x) if round(x, digits) == 0 else x:,.{digits}f}"


def rate(x: float) -> str:
    """A unit rate with the digits AWS publishes: '$0.05', '$2.142', '$0.0282' (2 to 6 decimals)."""
    text = f"{x:,.6f}".rstrip("0")
    whole, _, frac = text.partition(".")
    return f"${whole}.{frac.ljust(2, '0')}"
