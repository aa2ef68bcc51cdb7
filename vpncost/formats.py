"""How amounts and unit rates are written for people, in one place for every layer: the model's verdict texts
(:mod:`vpncost.model.acceleration`) and every view (:mod:`vpncost.present.text`) use the same two formatters."""
from __future__ import annotations

import math

#: half a cent [USD]: an amount smaller than this is written $0.00, so it counts as no change (not a price)
HALF_CENT = 0.005


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


def percent_of_time(share: float, digits: int = 4) -> str:
    """A share of time as a percentage with enough digits to differ from 100 % (or 0 %) when it does:
    '99.8831%', '99.999643%', '100%' only when exact.

    Parameters
    ----------
    share : float
        Share of time [-].
    digits : int
        At least this many decimals [-].
    """
    if not _finite(share):
        return ""
    if share >= 1.0:
        return "100%"
    if share <= 0.0:
        return "0%"
    gap = min(1.0 - share, share) * 100.0  # distance to 100 % (or 0 %) in percentage points
    need = max(digits, math.ceil(-math.log10(gap)) + 1)  # two significant digits of the gap
    if need > 12:  # closer to 100 % (or 0 %) than twelve decimals show
        return ">99.999999999999%" if share > 0.5 else "<0.000000000001%"
    return f"{100.0 * share:.{need}f}%"


def quantity(q: float) -> str:
    """A billed quantity with the digits that make its line multiply out: '10,240', '730', '0.0277778'
    (whole numbers whole, others to six significant digits).

    Parameters
    ----------
    q : float
        The quantity [its unit].
    """
    if not _finite(q):
        return "" if q is None or q != q else str(q)
    if float(q).is_integer():
        return f"{q:,.0f}"
    digits = max(0, 5 - math.floor(math.log10(abs(q))))
    text = f"{q:,.{digits}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def plural(n: float, word: str) -> str:
    """'1 month', '2 months', '0.5 months'.

    Parameters
    ----------
    n : float
        How many [-].
    word : str
        The singular.
    """
    return f"{n:g} {word}" if n == 1 else f"{n:g} {word}s"


def _finite(x) -> bool:
    """A finite number (not None, NaN, pandas NA or infinity)."""
    try:
        return math.isfinite(float(x))
    except (TypeError, ValueError):
        return False
