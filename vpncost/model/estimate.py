"""Estimate a scenario: compile each option's components once, then price any usage, fast.

:func:`build` resolves every rate against the price catalog (so errors surface before any maths);
:func:`estimate` returns the tidy breakdown (one row per option x component x tier) that tables,
charts, the CLI and reports all read; :func:`summary` adds up each option with its feasibility.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd

from vpncost.model import capacity, latency
from vpncost.model import components as comps
from vpncost.model.resources import direct_connect, dx_gateway, tgw_peering, vpn, vpn_concentrator
from vpncost.paths import default_prices_path
from vpncost.pricing.catalog import PriceCatalog, load_prices
from vpncost.scenario import Scenario

BREAKDOWN_COLUMNS = ("option", "kind", "component", "tier", "group", "category", "service", "quantity", "unit",
                     "rate_usd", "cost_usd", "hours", "price_status", "assumed", "source", "as_of")


@dataclass(frozen=True)
class OptionModel:
    """One option: its name, a readable kind, its priced components and its capacity assessment."""

    name: str
    kind: str
    components: tuple
    assessment: capacity.Assessment

    def cost(self, u: dict, scale: "dict | None" = None, cache: "dict | None" = None):
        """Total cost for driver values ``u``.

        Untiered components are linear in the drivers, so their rates are summed per driver first and
        applied once (one multiply-add per driver); tiered charges are shared through ``cache`` by
        options that price the same traffic at the same tiers.

        Parameters
        ----------
        u : dict
            Driver values (:meth:`CostModel.usage`; numeric).
        scale : dict, optional
            Rate factor [-] per service (or ``customer``), for sensitivity analysis.
        cache : dict, optional
            Shared tier charges between options of one model.

        Returns
        -------
        numeric
            Cost [USD] for the period.
        """
        weights: dict = {}
        total = 0.0
        for c in self.components:
            f = scale.get(c.service, 1.0) if scale else 1.0
            if c.tiered:
                key = (c.drivers, c.price, c.offset_gb, c.free_gb)
                if cache is None or key not in cache:
                    value = comps.cost(c, u)
                    if cache is not None:
                        cache[key] = value
                else:
                    value = cache[key]
                total = total + value * f
                continue
            rate = (c.price.rate if c.price else c.usd) * f
            for d, coef in c.drivers:
                weights[d] = weights.get(d, 0.0) + coef * rate
        for d, w in weights.items():
            if w:
                total = total + w * u[d]
        return total

    def cost_by_group(self, u: dict) -> dict:
        """Cost per component group (connection, transit gateway, ...) for driver values ``u``.

        Parameters
        ----------
        u : dict
            Driver values (:meth:`CostModel.usage`).

        Returns
        -------
        dict
            ``{group: cost [USD]}``.
        """
        out: dict = {}
        for c in self.components:
            out[c.group] = out.get(c.group, 0.0) + comps.cost(c, u)
        return out


@dataclass(frozen=True)
class CostModel:
    """A scenario compiled against a price catalog."""

    scenario: Scenario
    catalog: PriceCatalog
    options: tuple

    def usage(self, **changes) -> dict:
        """Driver values for the scenario, some inputs replaced.

        Parameters
        ----------
        **changes : numeric
            ``hours`` [h], ``egress_gb``, ``ingress_gb``, ``site_to_site_gb`` [GB per period]: scalars or
            broadcastable arrays.
        """
        s, t = self.scenario, self.scenario.traffic
        args = {"hours": s.hours, "egress_gb": t.egress_gb, "ingress_gb": t.ingress_gb,
                "site_to_site_gb": t.site_to_site_gb}
        unknown = set(changes) - set(args)
        if unknown:
            raise ValueError(f"unknown usage {sorted(unknown)}; allowed: {', '.join(args)}")
        args.update(changes)
        return comps.usage(**args, hours_per_month=s.hours_per_month, term_months=s.term_months, years=s.years,
                           dominant_direction=t.dominant_direction)

    @property
    def term_months(self) -> float:
        """Months over which the period totals spread one-time costs [months]."""
        s = self.scenario
        return float(comps.one_time_term_hours(s.hours, s.hours_per_month, s.years, s.term_months)) / s.hours_per_month

    def totals(self, u: "dict | None" = None, scale: "dict | None" = None) -> np.ndarray:
        """Cost per option (first axis, scenario order) for driver values ``u``.

        Parameters
        ----------
        u : dict, optional
            Driver values (default: the scenario's own, :meth:`usage`).
        scale : dict, optional
            Rate factor [-] per service (or ``customer``).

        Returns
        -------
        numpy.ndarray
            Cost [USD per period], shape (options, *broadcast shape of ``u``).
        """
        u = self.usage() if u is None else u
        shape = np.broadcast(*u.values()).shape
        cache: dict = {}
        return np.stack([np.broadcast_to(o.cost(u, scale, cache), shape) for o in self.options])

    @property
    def names(self) -> list:
        return [o.name for o in self.options]

    def option(self, name: str) -> OptionModel:
        """The compiled option called ``name``.

        Parameters
        ----------
        name : str
            Option name; a clear error lists the names otherwise.
        """
        self.scenario.option(name)  # clear error when unknown
        return next(o for o in self.options if o.name == name)


def catalog_for(scenario: Scenario, prices: "str | None" = None, overrides: "str | None" = None,
                discount_pct: "float | None" = None) -> PriceCatalog:
    """The price catalog a scenario asks for; explicit arguments (e.g. CLI flags) win over the file's.

    Parameters
    ----------
    scenario : Scenario
        Its ``pricing`` section names overrides and a discount.
    prices : str, optional
        Price table CSV (default: ``data/prices.csv`` or ``$VPNCOST_PRICES``).
    overrides : str, optional
        Negotiated rates CSV.
    discount_pct : float, optional
        Discount on every AWS rate [%].
    """
    over = overrides or scenario.pricing.overrides
    disc = scenario.pricing.discount_pct if discount_pct is None else discount_pct
    path = str(prices or default_prices_path())
    return _load_cached(path, _mtime(path), over, _mtime(over), float(disc))


def default_catalog() -> PriceCatalog:
    """The catalog of a scenario with no ``pricing`` section: the default price table (``$VPNCOST_PRICES`` or
    the shipped snapshot), no overrides, no discount; the same object while that file is unchanged."""
    path = str(default_prices_path())
    return _load_cached(path, _mtime(path), None, _mtime(None), 0.0)


def _mtime(path) -> float:
    try:
        return os.stat(path).st_mtime_ns if path else 0.0
    except OSError:
        return 0.0  # load_prices reports the missing file


@lru_cache(maxsize=16)
def _load_cached(path, _mtime_prices, overrides, _mtime_overrides, discount_pct) -> PriceCatalog:
    """Catalogs are immutable in use: reuse one per (file, modification time, overrides, discount)."""
    return load_prices(path, overrides, discount_pct)


GATEWAY_NAMES = {"vgw": "VGW", "tgw": "TGW", "cloudwan": "Cloud WAN"}


def _kind(opt) -> str:
    if opt.type == "vpn":
        k = f"VPN on {GATEWAY_NAMES[opt.gateway]}" + (" (5 Gbps tunnels)" if opt.tunnel == "large" else "")
        return f"accelerated {k}" if opt.accelerated else k
    if opt.type == "vpn_concentrator":
        return f"VPN Concentrator on TGW (x{opt.concentrators})"
    billing = " flat rate" if opt.billing == "flat_rate" else ""
    k = f"Direct Connect {opt.connection}{billing} {opt.count}x{opt.speed} on {GATEWAY_NAMES[opt.gateway]}"
    return f"{k} + VPN backup" if opt.backup else k


def build(scenario: Scenario, catalog: "PriceCatalog | None" = None) -> CostModel:
    """Compile every option of ``scenario`` (rates resolved once).

    Parameters
    ----------
    scenario : Scenario
        A validated scenario.
    catalog : PriceCatalog, optional
        Prices (default: :func:`catalog_for` the scenario).

    Returns
    -------
    CostModel
        The options' priced components and capacity assessments, ready to price any usage.
    """
    catalog = catalog or catalog_for(scenario)
    models = []
    for opt in scenario.options:
        if opt.type == "vpn":
            parts = vpn.components(opt, scenario, catalog)
        elif opt.type == "vpn_concentrator":
            parts = vpn_concentrator.components(opt, scenario, catalog)
        else:
            parts = direct_connect.components(opt, scenario, catalog)
        parts = tgw_peering.apply(parts, opt, scenario, catalog)   # then associations: see dx_gateway
        parts = dx_gateway.apply(parts, opt, scenario, catalog)
        models.append(OptionModel(opt.name, _kind(opt), tuple(parts), capacity.assess(opt, scenario)))
    return CostModel(scenario, catalog, tuple(models))


def as_model(obj, catalog=None) -> CostModel:
    """``obj`` compiled (a :class:`CostModel` is returned as it is).

    Parameters
    ----------
    obj : Scenario or CostModel
        What to compile.
    catalog : PriceCatalog, optional
        Prices for a scenario (ignored for a model).
    """
    return obj if isinstance(obj, CostModel) else build(obj, catalog)


def estimate(scenario, catalog: "PriceCatalog | None" = None, **usage_changes) -> pd.DataFrame:
    """Tidy cost breakdown for the scenario's period: option x component x tier.

    Parameters
    ----------
    scenario : Scenario or CostModel
        The scenario, or its compiled model (:func:`build`).
    catalog : PriceCatalog, optional
        Prices (default: :func:`catalog_for` the scenario).
    **usage_changes : numeric
        Replace ``hours`` [h], ``egress_gb``, ``ingress_gb`` or ``site_to_site_gb`` [GB per period].

    Returns
    -------
    pandas.DataFrame
        option, kind, component, tier, group, category (aws | customer), service, quantity, unit,
        rate_usd [USD/unit], cost_usd [USD], hours (period length [h]), price_status, assumed, source, as_of.
    """
    m = as_model(scenario, catalog)
    u = m.usage(**usage_changes)
    hours = float(np.asarray(u["months"]) * m.scenario.hours_per_month)
    rows = []
    for o in m.options:
        for c in o.components:
            for r in comps.breakdown_rows(c, u):
                rows.append({"option": o.name, "kind": o.kind, **r, "hours": hours})
    return pd.DataFrame(rows, columns=list(BREAKDOWN_COLUMNS))


def summary(scenario, catalog: "PriceCatalog | None" = None, breakdown: "pd.DataFrame | None" = None) -> pd.DataFrame:
    """Side-by-side totals per option, ranked among feasible options (1 = cheapest).

    Parameters
    ----------
    scenario : Scenario or CostModel
        The scenario, or its compiled model (:func:`build`).
    catalog : PriceCatalog, optional
        Prices (default: :func:`catalog_for` the scenario).
    breakdown : pandas.DataFrame, optional
        The :func:`estimate` table when already computed.

    Returns
    -------
    pandas.DataFrame
        option, kind, total_usd [USD per period], monthly_usd [USD per ``hours_per_month`` hours],
        aws_usd, customer_usd [USD], capacity_mbps [Mbit/s], feasible, reasons and warnings (tuples of
        one-line messages), assumed_prices, rank, then the modelled latency of each option's path (a
        model, not a measurement; see :mod:`vpncost.model.latency`): path, rtt_ms, jitter_ms [ms].
    """
    m = as_model(scenario, catalog)
    b = estimate(m) if breakdown is None else breakdown
    per_month = m.scenario.hours_per_month / m.scenario.hours
    # plain arrays: a pandas filter per option and column was most of a dashboard update's summary
    option, cost = b["option"].to_numpy(object), b["cost_usd"].to_numpy(float)
    category, component = b["category"].to_numpy(object), b["component"].to_numpy(object)
    assumed = b["assumed"].to_numpy(bool)
    rows = []
    for o in m.options:
        mine = option == o.name
        total = float(cost[mine].sum())
        rows.append({"option": o.name, "kind": o.kind, "total_usd": total, "monthly_usd": total * per_month,
                     "aws_usd": float(cost[mine & (category == "aws")].sum()),
                     "customer_usd": float(cost[mine & (category == "customer")].sum()),
                     "capacity_mbps": o.assessment.capacity_mbps, "feasible": o.assessment.feasible,
                     "reasons": o.assessment.reasons, "warnings": o.assessment.warnings,
                     "assumed_prices": "; ".join(sorted(set(component[mine & assumed])))})
    out = pd.DataFrame(rows)
    ranked = out[out["feasible"]]["total_usd"].rank(method="min").astype("Int64")
    out["rank"] = ranked.reindex(out.index)
    lat = latency.option_latency(m.scenario).set_index("option")  # one row per option, scenario order
    for col in lat.columns:
        out[col] = lat[col].reindex(out["option"]).to_numpy()
    return out


def to_json(scenario, catalog: "PriceCatalog | None" = None) -> dict:
    """The ``--json`` document of ``vpncost estimate``.

    Parameters
    ----------
    scenario : Scenario or CostModel
        The scenario, or its compiled model (:func:`build`).
    catalog : PriceCatalog, optional
        Prices (default: :func:`catalog_for` the scenario).

    Returns
    -------
    dict
        ``{"scenario", "region", "hours", "prices_as_of", "prices_snapshot", "options": [{"name", "total_usd", "monthly_usd",
        "feasible", "reasons", "warnings", "rank", "latency", "components": [{"component", "tier", "quantity",
        "unit", "rate_usd", "cost_usd", "price_status", "assumed"}]}]}`` (USD, hours [h]).
    """
    m = as_model(scenario, catalog)
    b = estimate(m)
    s = summary(m, breakdown=b)
    opts = []
    for row in s.itertuples(index=False):
        part = b[b["option"] == row.option]
        opts.append({
            "name": row.option, "kind": row.kind, "total_usd": round(row.total_usd, 6),
            "monthly_usd": round(row.monthly_usd, 6), "feasible": bool(row.feasible),
            "reasons": list(row.reasons), "warnings": list(row.warnings),
            "rank": None if pd.isna(row.rank) else int(row.rank),
            "latency": {"path": row.path, "rtt_ms": round(row.rtt_ms, 1), "jitter_ms": round(row.jitter_ms, 1),
                        "note": "modelled, not measured"},
            "components": [{"component": c.component, "tier": c.tier, "quantity": round(c.quantity, 6), "unit": c.unit,
                            "rate_usd": c.rate_usd, "cost_usd": round(c.cost_usd, 6), "price_status": c.price_status,
                            "assumed": bool(c.assumed)} for c in part.itertuples(index=False)],
        })
    return {"scenario": m.scenario.name, "region": m.scenario.region, "hours": m.scenario.hours,
            "prices_as_of": m.catalog.as_of, "prices_snapshot": m.catalog.snapshot, "options": opts}
