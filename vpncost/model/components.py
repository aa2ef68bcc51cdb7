"""Cost components: what is priced, declared as data, and the vectorised arithmetic that prices it.

Each option module (``vpn``, ``transit_gateway``, ``global_accelerator``, ``direct_connect``,
``data_transfer``, ``customer_costs``) returns a list of :class:`Component`; nothing else in the
model multiplies rates. A component's quantity is a linear combination of *drivers* of the usage:

============== =====================================================================================
driver         meaning [unit]
============== =====================================================================================
billed_hours   hours of the period as AWS bills them: partial hours count as full hours [h]
months         length of the period in months (hours / hours_per_month) [month]
once           share of one-time costs carried by this period, min(1, hours / term_hours) [-]
egress_gb      AWS -> on-premises traffic in the period [GB]
ingress_gb     on-premises -> AWS traffic in the period [GB]
site_to_site_gb traffic between sites through AWS in the period [GB]
dominant_gb    the dominant direction's traffic (Global Accelerator DT-Premium) [GB]
============== =====================================================================================

Tiered prices (internet data transfer out) reset every month and are shared with the account's
other internet egress: the charge for a period of ``m = max(1, hours / hours_per_month)`` months is
``m * T(q / m)`` with ``T`` the monthly tiered charge after the other egress (``offset_gb``) and,
when enabled, the 100 GB/month free tier (consumed by the other egress first).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from vpncost.pricing.catalog import Price, tier_label, tier_quantities, tiered_cost

DRIVERS = ("billed_hours", "months", "once", "egress_gb", "ingress_gb", "site_to_site_gb", "dominant_gb")
GROUPS = ("connection", "transit gateway", "accelerator", "data transfer", "customer")


@dataclass(frozen=True)
class Component:
    """One priced line of an option.

    ``drivers`` maps driver names to coefficients: quantity [unit] = sum(coef * driver). An AWS
    component carries its resolved :class:`~vpncost.pricing.catalog.Price`; a customer line item carries
    ``usd`` [USD per unit] instead.
    """

    name: str
    unit: str
    drivers: tuple
    group: str
    price: "Price | None" = None
    usd: float = 0.0
    offset_gb: float = 0.0   # other internet egress sharing the tiers [GB/month]
    free_gb: float = 0.0     # account-wide free tier [GB/month], 0 when off

    def __post_init__(self):
        for name, _ in self.drivers:
            if name not in DRIVERS:
                raise ValueError(f"unknown driver {name!r}; allowed: {', '.join(DRIVERS)}")
        if self.group not in GROUPS:
            raise ValueError(f"unknown group {self.group!r}; allowed: {', '.join(GROUPS)}")

    @property
    def service(self) -> str:
        """AWS service of the price, or ``customer``."""
        return self.price.key[0] if self.price else "customer"

    @property
    def category(self) -> str:
        return "aws" if self.price else "customer"

    @property
    def tiered(self) -> bool:
        return bool(self.price and self.price.tiered)

    @property
    def one_time(self) -> bool:
        return any(d == "once" for d, _ in self.drivers)


def with_drivers(component: Component, **coefficient) -> Component:
    """``component`` with some driver coefficients replaced: ``egress_gb=lambda k: k * 0.75`` maps the old
    coefficient to the new one; drivers not named keep theirs.

    Parameters
    ----------
    component : Component
        The line.
    **coefficient : callable
        Driver name -> function of the old coefficient [driver units per unit].
    """
    from dataclasses import replace
    return replace(component, drivers=tuple((d, coefficient[d](k) if d in coefficient else k)
                                            for d, k in component.drivers))


def one_time_term_hours(hours, hours_per_month=730.0, years=3, term_months=None):
    """Hours over which one-time costs are spread.

    Parameters
    ----------
    hours : numeric
        Length of the period [h].
    hours_per_month : float
        Hours in a billing month [h].
    years : float
        TCO horizon [years]: the term when nothing else applies.
    term_months : float or None
        The scenario's ``term_months`` [months]; when given it is the term.

    Returns
    -------
    numeric
        Term [h]: ``term_months`` months; else the period itself when shorter than a month (a temporary
        environment carries its one-time costs whole); else ``years`` of months.
    """
    h = np.asarray(hours, dtype=float)
    if term_months is not None:
        return np.broadcast_to(np.asarray(term_months * hours_per_month, dtype=float), h.shape)
    return np.where(h < hours_per_month, h, years * 12 * hours_per_month)


def usage(hours=730.0, egress_gb=0.0, ingress_gb=0.0, site_to_site_gb=0.0, *, hours_per_month=730.0,
          term_months=None, years=3, dominant_direction="auto") -> dict:
    """Driver values for one or many periods (numeric in: scalars or broadcastable arrays).

    Parameters
    ----------
    hours : numeric
        Length of the period [h]. Partial hours are billed as full hours.
    egress_gb, ingress_gb, site_to_site_gb : numeric
        Traffic in the period [GB].
    hours_per_month : float
        Hours in a billing month [h] (730 by default).
    term_months : float or None
        Months over which one-time costs are spread; None: see :func:`one_time_term_hours`.
    years : float
        TCO horizon [years].
    dominant_direction : {'auto', 'egress', 'ingress'}
        Direction Global Accelerator bills DT-Premium on; 'auto' takes the larger volume (both
        directions include the site-to-site traffic, which crosses an accelerator each way).
    """
    h = np.asarray(hours, dtype=float)
    e = np.asarray(egress_gb, dtype=float)
    i = np.asarray(ingress_gb, dtype=float)
    s = np.asarray(site_to_site_gb, dtype=float)
    term = one_time_term_hours(h, hours_per_month, years, term_months)
    if dominant_direction == "egress":
        dom = e + s
    elif dominant_direction == "ingress":
        dom = i + s
    elif dominant_direction == "auto":
        dom = np.maximum(e, i) + s
    else:
        raise ValueError(f"dominant_direction: {dominant_direction!r}; allowed: auto, egress, ingress")
    return {
        "billed_hours": np.ceil(h - 1e-9), "months": h / hours_per_month,
        "once": np.minimum(1.0, h / term), "egress_gb": e, "ingress_gb": i, "site_to_site_gb": s,
        "dominant_gb": dom, "tier_months": np.maximum(1.0, h / hours_per_month),
    }


def quantity(comp: Component, u: dict):
    """Quantity of a component for driver values ``u`` (numeric).

    Parameters
    ----------
    comp : Component
        The component.
    u : dict
        Driver values from :func:`usage` (numeric: scalars or broadcastable arrays).

    Returns
    -------
    numeric
        Quantity [the component's unit: connection-hour, GB, ...].
    """
    out = 0.0
    for name, coef in comp.drivers:
        out = out + coef * u[name]
    return out


def _free_and_offset(comp: Component) -> tuple:
    """(free GB/month left for this component, other egress after the free tier [GB/month])."""
    return max(0.0, comp.free_gb - comp.offset_gb), max(0.0, comp.offset_gb - comp.free_gb)


def cost(comp: Component, u: dict, scale: float = 1.0):
    """Cost of a component for driver values ``u``.

    Parameters
    ----------
    comp : Component
        The component.
    u : dict
        Driver values from :func:`usage` (numeric: scalars or broadcastable arrays).
    scale : float
        Factor on its rates [-] (sensitivity analysis).

    Returns
    -------
    numeric
        Cost [USD].
    """
    q = quantity(comp, u)
    if comp.price is None:
        return q * comp.usd * scale
    if not comp.tiered:
        return q * comp.price.rate * scale
    m = u["tier_months"]
    free, offset = _free_and_offset(comp)
    billable = np.maximum(0.0, q / m - free)
    p = comp.price
    return m * tiered_cost(billable, p.tier_start, p.tier_end, p.usd, offset) * scale


def critical_monthly_quantities(comp: Component) -> list:
    """Monthly quantities where a tiered component's marginal rate changes (for break-even).

    Parameters
    ----------
    comp : Component
        The component; an untiered one has none.

    Returns
    -------
    list of float
        Quantities [unit per month]: the end of the free tier and each tier start past the other egress.
    """
    if not comp.tiered:
        return []
    free, offset = _free_and_offset(comp)
    out = [free] if free > 0 else []
    out += [free + s - offset for s in comp.price.tier_start if s > offset]
    return out


def breakdown_rows(comp: Component, u: dict) -> list:
    """Tidy rows (dicts) for one component at scalar driver values: one row per tier used.

    Parameters
    ----------
    comp : Component
        The component.
    u : dict
        Scalar driver values from :func:`usage`.

    Returns
    -------
    list of dict
        component, group, category, service, unit, tier, quantity [unit], rate_usd [USD/unit],
        cost_usd [USD], price_status, assumed, source, as_of.
    """
    q = float(quantity(comp, u))
    base = {"component": comp.name, "group": comp.group, "category": comp.category, "service": comp.service,
            "unit": comp.unit}
    src = {"price_status": comp.price.status if comp.price else "customer",
           "assumed": bool(comp.price and comp.price.assumed),
           "source": comp.price.source if comp.price else "scenario file",
           "as_of": comp.price.as_of if comp.price else ""}
    if comp.price is None:
        return [{**base, "tier": "", "quantity": q, "rate_usd": comp.usd, "cost_usd": q * comp.usd, **src}]
    if not comp.tiered:
        return [{**base, "tier": "", "quantity": q, "rate_usd": comp.price.rate, "cost_usd": q * comp.price.rate, **src}]
    m = float(u["tier_months"])
    free, offset = _free_and_offset(comp)
    per_month = q / m
    rows = []
    free_used = min(per_month, free)
    if free > 0:
        rows.append({**base, "tier": "free tier (100 GB/month)", "quantity": free_used * m, "rate_usd": 0.0,
                     "cost_usd": 0.0, **src})
    p = comp.price
    used = tier_quantities(per_month - free_used, p, offset)
    for start, end, rate, amount in zip(p.tier_start, p.tier_end, p.usd, used):
        if amount > 0 or (not rows and start <= offset < end):
            rows.append({**base, "tier": tier_label(start, end), "quantity": amount * m, "rate_usd": rate,
                         "cost_usd": amount * m * rate, **src})
    return rows
