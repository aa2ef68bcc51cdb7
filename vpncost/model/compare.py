"""Compare options: exact break-even traffic, sensitivity (tornado), multi-year TCO, vectorised sweeps.

Every option's cost is piecewise linear in each traffic volume (tiers and the dominant-direction
maximum put the kinks), so :func:`break_even` finds crossings exactly: it evaluates both curves at
every kink and solves the linear pieces where the difference changes sign; no grid search.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from vpncost.model import components as comps
from vpncost.model.estimate import CostModel, as_model

VARIABLES = ("egress_gb", "ingress_gb", "site_to_site_gb", "total_gb")
BREAK_EVEN_X_MAX = 1e7  # [GB per period] break-even points are searched from 0 up to here


def usage_along(model: CostModel, variable: str, x):
    """Driver values with ``variable`` set to ``x`` (numeric), the other volumes held at the scenario's.

    Parameters
    ----------
    model : CostModel
        The compiled scenario.
    variable : {'egress_gb', 'ingress_gb', 'site_to_site_gb', 'total_gb'}
        Traffic volume varied [GB per period]; ``total_gb`` scales all three together.
    x : numeric
        Values of ``variable`` [GB per period].
    """
    x = np.asarray(x, dtype=float)
    if variable == "total_gb":
        return model.usage(**_split_total(model.scenario.traffic, x))
    if variable not in VARIABLES:
        raise ValueError(f"variable: {variable!r}; allowed: {', '.join(VARIABLES)}")
    return model.usage(**{variable: x})


def _split_total(t, x) -> dict:
    """``total_gb`` = ``x`` shared among egress, ingress and site-to-site in the scenario's proportions (all egress
    when the scenario has no traffic) [GB per period]."""
    base = t.egress_gb + t.ingress_gb + t.site_to_site_gb
    w = (np.array([t.egress_gb, t.ingress_gb, t.site_to_site_gb]) / base) if base > 0 else np.array([1.0, 0, 0])
    return {"egress_gb": x * w[0], "ingress_gb": x * w[1], "site_to_site_gb": x * w[2]}


def kinks(model: CostModel, names, variable: str = "egress_gb", x_max: float = BREAK_EVEN_X_MAX) -> np.ndarray:
    """Every value of ``variable`` in [0, ``x_max``] where a listed option's marginal cost may change.

    Parameters
    ----------
    model : CostModel
        The compiled scenario.
    names : list of str
        Options whose kinks are wanted.
    variable : {'egress_gb', 'ingress_gb', 'site_to_site_gb', 'total_gb'}
        Traffic volume varied [GB per period]; ``total_gb`` scales all three together.
    x_max : float
        Upper end of the search [GB per period].

    Returns
    -------
    numpy.ndarray
        Sorted kink positions [GB per period], 0 and ``x_max`` included.
    """
    pts = [0.0, float(x_max)]
    u0, u1 = usage_along(model, variable, 0.0), usage_along(model, variable, 1.0)
    m = float(u0["tier_months"])
    for o in (model.option(n) for n in names):
        for c in o.components:
            crit = comps.critical_monthly_quantities(c)
            if crit:
                a = float(comps.quantity(c, u0))
                b = float(comps.quantity(c, u1)) - a
                if b > 0:
                    pts += [(k * m - a) / b for k in crit]
            if any(d == "dominant_gb" for d, _ in c.drivers):
                # max(egress, ingress): kink where both directions carry the same volume
                de = float(u1["egress_gb"] - u0["egress_gb"]) - float(u1["ingress_gb"] - u0["ingress_gb"])
                if de:
                    pts.append(-float(u0["egress_gb"] - u0["ingress_gb"]) / de)
    pts = np.unique(np.array(pts, dtype=float))
    return pts[(pts >= 0) & (pts <= x_max)]


def cost_curve(scenario, variable: str = "egress_gb", x=None, catalog=None) -> pd.DataFrame:
    """Cost of every option along ``variable`` (long table: option, ``variable``, cost_usd [USD per period]).

    Parameters
    ----------
    scenario : Scenario or CostModel
        The scenario, or its compiled model (:func:`~vpncost.model.estimate.build`).
    variable : {'egress_gb', 'ingress_gb', 'site_to_site_gb', 'total_gb'}
        Traffic volume varied [GB per period]; ``total_gb`` scales all three together.
    x : numeric, optional
        Values of ``variable`` [GB per period]; default 201 points from 0 to :func:`curve_x_max`.
    catalog : PriceCatalog, optional
        Prices (default: the scenario's catalog).
    """
    model = as_model(scenario, catalog)
    if x is None:
        x = np.linspace(0.0, curve_x_max(model, variable), 201)
    tot = model.totals(usage_along(model, variable, x))
    frames = [pd.DataFrame({"option": n, variable: np.asarray(x, dtype=float), "cost_usd": tot[i]})
              for i, n in enumerate(model.names)]
    return pd.concat(frames, ignore_index=True)


def current_value(model: CostModel, variable: str) -> float:
    """The scenario's own value of a traffic ``variable`` (``total_gb``: all three volumes).

    Parameters
    ----------
    model : CostModel
        The compiled scenario.
    variable : {'egress_gb', 'ingress_gb', 'site_to_site_gb', 'total_gb'}
        Traffic volume varied [GB per period]; ``total_gb`` scales all three together.

    Returns
    -------
    float
        The value [GB per period].
    """
    t = model.scenario.traffic
    if variable == "total_gb":
        return t.egress_gb + t.ingress_gb + t.site_to_site_gb
    return float(getattr(t, variable))


def curve_x_max(model: CostModel, variable: str = "egress_gb") -> float:
    """Upper end of a cost-vs-traffic curve: twice today's traffic, at least 1,000 GB.

    Parameters
    ----------
    model : CostModel
        The compiled scenario.
    variable : {'egress_gb', 'ingress_gb', 'site_to_site_gb', 'total_gb'}
        Traffic volume varied [GB per period]; ``total_gb`` scales all three together.

    Returns
    -------
    float
        Upper end [GB per period].
    """
    return max(1000.0, 2.0 * current_value(model, variable))


def break_even(scenario, a: str, b: str, variable: str = "egress_gb", x_max: float = BREAK_EVEN_X_MAX, catalog=None) -> pd.DataFrame:
    """Exact values of ``variable`` where options ``a`` and ``b`` cost the same.

    Parameters
    ----------
    scenario : Scenario or CostModel
        The scenario, or its compiled model (:func:`~vpncost.model.estimate.build`).
    a, b : str
        Names of the two options.
    variable : {'egress_gb', 'ingress_gb', 'site_to_site_gb', 'total_gb'}
        Traffic volume varied [GB per period]; ``total_gb`` scales all three together.
    x_max : float
        Upper end of the search [GB per period].
    catalog : PriceCatalog, optional
        Prices (default: the scenario's catalog).

    Returns
    -------
    pandas.DataFrame
        One row per crossing: variable, x [GB per period], cost_usd (both options' cost there [USD]),
        cheaper_below, cheaper_above (the option cheaper just below and just above ``x``). Empty when the
        curves do not cross in [0, ``x_max``]; when they coincide over a stretch, its start is given.
    """
    rows = _crossings(as_model(scenario, catalog), a, b, variable, x_max)
    return pd.DataFrame(rows, columns=BREAK_EVEN_COLUMNS)


BREAK_EVEN_COLUMNS = ["variable", "x", "cost_usd", "cheaper_below", "cheaper_above"]


def _crossings(model: CostModel, a: str, b: str, variable: str, x_max: float) -> list:
    """:func:`break_even`'s rows, as dicts."""
    pts = kinks(model, [a, b], variable, x_max)
    ia, ib = model.names.index(model.option(a).name), model.names.index(model.option(b).name)
    tot = model.totals(usage_along(model, variable, pts))
    d = tot[ia] - tot[ib]
    xs = []
    for k in range(len(pts)):
        if d[k] == 0:
            if k == 0 or d[k - 1] != 0:
                xs.append(pts[k])  # a touch, or the start of a stretch where both cost the same
        elif k + 1 < len(pts) and d[k] * d[k + 1] < 0:
            xs.append(pts[k] - d[k] * (pts[k + 1] - pts[k]) / (d[k + 1] - d[k]))
    rows = []
    for x in xs:
        eps = max(1e-6, 1e-9 * x)
        probe = model.totals(usage_along(model, variable, np.array([max(0.0, x - eps), x, x + eps])))

        def cheaper(j):
            return a if probe[ia, j] < probe[ib, j] else b if probe[ib, j] < probe[ia, j] else "equal"
        rows.append({"variable": variable, "x": float(x), "cost_usd": float(probe[ia, 1]),
                     "cheaper_below": cheaper(0) if x > 0 else "", "cheaper_above": cheaper(2)})
    return rows


def break_even_table(scenario, variable: str = "egress_gb", x_max: float = BREAK_EVEN_X_MAX, catalog=None) -> pd.DataFrame:
    """Break-even points for every pair of options (columns: option_a, option_b + :func:`break_even`'s), where
    both options can carry the traffic at the crossing's volume (a crossing with one that cannot is no choice).

    Parameters
    ----------
    scenario : Scenario or CostModel
        The scenario, or its compiled model (:func:`~vpncost.model.estimate.build`).
    variable : {'egress_gb', 'ingress_gb', 'site_to_site_gb', 'total_gb'}
        Traffic volume varied [GB per period]; ``total_gb`` scales all three together.
    x_max : float
        Upper end of the search [GB per period].
    catalog : PriceCatalog, optional
        Prices (default: the scenario's catalog).
    """
    model = as_model(scenario, catalog)
    index = {n: i for i, n in enumerate(model.names)}
    rows = []
    for i, a in enumerate(model.names):
        for b in model.names[i + 1:]:
            for row in _crossings(model, a, b, variable, x_max):
                ok = _feasible_at(model, variable, row["x"])  # a crossing with an option that cannot carry the
                if ok[index[a]] and ok[index[b]]:             # traffic there is no choice: left out
                    rows.append({"option_a": a, "option_b": b, **row})
    return pd.DataFrame(rows, columns=["option_a", "option_b", *BREAK_EVEN_COLUMNS])


SENSITIVITY_INPUTS = ("egress_gb", "ingress_gb", "site_to_site_gb", "hours", "vpn", "transit_gateway",
                      "direct_connect", "global_accelerator", "data_transfer", "customer")


def _feasible_at(model, name: str, value: float) -> np.ndarray:
    """Each option's feasibility with one traffic volume [GB] (``total_gb``: all three scaled together) or the
    period [h] set to ``value``: the average rate a volume implies is part of feasibility
    (:func:`vpncost.model.capacity.demand`)."""
    from vpncost.model.capacity import assess

    sc, t = model.scenario, model.scenario.traffic
    if name == "hours":
        varied = sc.model_copy(update={"hours": value})
    elif name == "total_gb":
        varied = sc.model_copy(update={"traffic": t.model_copy(update={
            k: float(v) for k, v in _split_total(t, float(value)).items()})})
    else:
        varied = sc.model_copy(update={"traffic": t.model_copy(update={name: value})})
    by_name = {o.name: o for o in varied.options}
    return np.array([assess(by_name[o.name], varied).feasible if o.name in by_name else o.assessment.feasible
                     for o in model.options])


def sensitivity(scenario, swing_pct: float = 50.0, catalog=None) -> pd.DataFrame:
    """Tornado table: how each input moved by +/-``swing_pct`` % changes the ranking.

    Inputs are the traffic volumes, the period length and the rates of each AWS service (and the
    customer's own costs). For each: the cheapest feasible option at the low and high value, and the
    margin [USD] between the base case's cheapest option and its runner-up (negative: the runner-up
    has become cheaper). Rows are sorted by swing (the margin's range), widest first.

    Parameters
    ----------
    scenario : Scenario or CostModel
        The scenario, or its compiled model (:func:`~vpncost.model.estimate.build`).
    swing_pct : float
        How far each input moves down and up [%].
    catalog : PriceCatalog, optional
        Prices (default: the scenario's catalog).
    """
    model = as_model(scenario, catalog)
    feasible = np.array([o.assessment.feasible for o in model.options])
    if feasible.sum() < 2:  # a ranking needs two options that can carry the traffic
        return pd.DataFrame()
    base = model.totals()
    order = [i for i in np.argsort(base, kind="stable") if feasible[i]]
    best, runner = order[0], (order[1] if len(order) > 1 else order[0])
    f = swing_pct / 100.0
    rows = []
    for name in SENSITIVITY_INPUTS:
        totals, values, feasibles = [], [], []
        for factor in (1 - f, 1 + f):
            if name in ("egress_gb", "ingress_gb", "site_to_site_gb", "hours"):
                val = (model.scenario.hours if name == "hours" else getattr(model.scenario.traffic, name)) * factor
                if val == 0 and name != "hours":
                    break
                totals.append(model.totals(model.usage(**{name: val})))
                values.append(val)
                feasibles.append(_feasible_at(model, name, val))  # volume and period move the average rate
            else:
                used = any(c.service == name for o in model.options for c in o.components)
                if not used:
                    break
                totals.append(model.totals(scale={name: factor}))
                values.append(factor)
                feasibles.append(feasible)
        if len(totals) < 2:
            continue
        def pick(t, ok):
            idx = [i for i in np.argsort(t, kind="stable") if ok[i]]
            return model.names[idx[0]] if idx else "none feasible"
        m_lo, m_hi = float(totals[0][runner] - totals[0][best]), float(totals[1][runner] - totals[1][best])
        rows.append({"input": name, "low": values[0], "high": values[1],
                     "unit": "GB" if name.endswith("_gb") else "h" if name == "hours" else "rate factor",
                     "best_at_low": pick(totals[0], feasibles[0]), "best_at_high": pick(totals[1], feasibles[1]),
                     "margin_low_usd": m_lo, "margin_high_usd": m_hi, "swing_usd": abs(m_hi - m_lo)})
    out = pd.DataFrame(rows)
    if out.empty:
        return out
    out["changes_ranking"] = (out["best_at_low"] != model.names[best]) | (out["best_at_high"] != model.names[best])
    return out.sort_values("swing_usd", ascending=False, ignore_index=True)


def tco(scenario, years: "int | None" = None, growth_pct_per_year: "float | None" = None, catalog=None) -> pd.DataFrame:
    """Multi-year total cost of ownership as a monthly series per option.

    Month 0 carries the one-time costs whole; months 1..12*years carry the recurring costs of a
    ``hours_per_month``-hour month, with traffic growing ``growth_pct_per_year`` % a year
    (compounded monthly, month 1 at the scenario's traffic).

    Parameters
    ----------
    scenario : Scenario or CostModel
        The scenario, or its compiled model (:func:`~vpncost.model.estimate.build`).
    years : int, optional
        Horizon [years] (default: the scenario's ``years``).
    growth_pct_per_year : float, optional
        Traffic growth [%/year] (default: the scenario's).
    catalog : PriceCatalog, optional
        Prices (default: the scenario's catalog).

    Returns
    -------
    pandas.DataFrame
        option, month, year, egress_gb, ingress_gb [GB/month], cost_usd, cumulative_usd [USD].
    """
    model = as_model(scenario, catalog)
    s = model.scenario
    years = years or s.years
    g = s.traffic.growth_pct_per_year if growth_pct_per_year is None else growth_pct_per_year
    month = np.arange(1, 12 * years + 1)
    factor = (1 + g / 100.0) ** ((month - 1) / 12.0)
    t = s.traffic
    u = model.usage(hours=np.full(month.shape, s.hours_per_month), egress_gb=t.egress_gb * factor,
                    ingress_gb=t.ingress_gb * factor, site_to_site_gb=t.site_to_site_gb * factor)
    u["once"] = np.zeros(month.shape)
    recurring = model.totals(u)
    zero = {k: np.zeros(1) for k in u}
    zero["tier_months"] = np.ones(1)
    zero["once"] = np.ones(1)
    one_time = model.totals(zero)
    frames = []
    for i, name in enumerate(model.names):
        cost = np.concatenate([one_time[i], recurring[i]])
        frames.append(pd.DataFrame({
            "option": name, "month": np.arange(0, 12 * years + 1), "year": np.concatenate([[0], (month - 1) // 12 + 1]),
            "egress_gb": np.concatenate([[0.0], t.egress_gb * factor]),
            "ingress_gb": np.concatenate([[0.0], t.ingress_gb * factor]),
            "cost_usd": cost, "cumulative_usd": np.cumsum(cost)}))
    return pd.concat(frames, ignore_index=True)


def tco_summary(tco_table: pd.DataFrame) -> pd.DataFrame:
    """Per option: one-time, each year's cost and the total [USD] (wide table from :func:`tco`).

    Parameters
    ----------
    tco_table : pandas.DataFrame
        The monthly series from :func:`tco`.
    """
    wide = tco_table.pivot_table(index="option", columns="year", values="cost_usd", aggfunc="sum", sort=False)
    wide.columns = ["one_time_usd" if c == 0 else f"year_{c}_usd" for c in wide.columns]
    wide["total_usd"] = wide.sum(axis=1)
    return wide.reset_index()


def sweep(scenario, catalog=None, **arrays) -> pd.DataFrame:
    """Cost of every option over arrays of ``hours``, ``egress_gb``, ``ingress_gb``, ``site_to_site_gb``.

    The arrays broadcast together (pass equal lengths, or use ``np.meshgrid``); the result is wide:
    the input columns, then one cost column [USD per period] per option. Vectorised: one numpy pass per
    component.

    Parameters
    ----------
    scenario : Scenario or CostModel
        The scenario, or its compiled model (:func:`~vpncost.model.estimate.build`).
    catalog : PriceCatalog, optional
        Prices (default: the scenario's catalog).
    **arrays : numeric
        ``hours`` [h], ``egress_gb``, ``ingress_gb``, ``site_to_site_gb`` [GB per period].
    """
    model = as_model(scenario, catalog)
    u = model.usage(**arrays)
    shape = np.broadcast(*u.values()).shape
    tot = model.totals(u)
    data = {k: np.broadcast_to(np.asarray(v, dtype=float), shape).ravel() for k, v in arrays.items()}
    for i, n in enumerate(model.names):
        data[n] = tot[i].ravel()
    return pd.DataFrame(data)


def sweep_regions(scenario, regions, catalog=None) -> pd.DataFrame:
    """Period cost of every option in each Region (long: region, option, cost_usd [USD], error).

    A Region where a price is missing (e.g. no DX data-transfer rate to the chosen location) gets a
    NaN cost and the reason in ``error``.

    Parameters
    ----------
    scenario : Scenario
        The scenario, priced as if its VPCs were in each Region.
    regions : list of str
        Region codes.
    catalog : PriceCatalog, optional
        Prices (default: the scenario's catalog).
    """
    from vpncost.errors import VpncostError
    from vpncost.model.estimate import build, catalog_for

    s0 = scenario.scenario if isinstance(scenario, CostModel) else scenario
    cat = catalog or catalog_for(s0)
    rows = []
    for r in regions:
        for opt in s0.options:  # one option at a time: a missing price fails only that option
            try:
                cost, error = float(build(s0.replace(region=r, options=[opt.model_dump()]), cat).totals()[0]), ""
            except VpncostError as exc:
                cost, error = np.nan, str(exc)
            rows.append({"region": r, "option": opt.name, "cost_usd": cost, "error": error})
    return pd.DataFrame(rows)


def price_change(scenario, old, new) -> pd.DataFrame:
    """Each option's total for the scenario's period under two price tables ("why did this estimate change?").

    Parameters
    ----------
    scenario : Scenario
        The scenario.
    old, new : PriceCatalog
        The two price tables.

    Returns
    -------
    pandas.DataFrame
        option, old_usd, new_usd, change_usd [USD per period], change_pct [%], error (a table that cannot price
        the option, NaN totals); ``attrs['scenario']`` its name.
    """
    from vpncost.errors import PriceNotFoundError
    from vpncost.model.estimate import build

    rows = []
    for i, opt in enumerate(scenario.options):
        one = scenario.replace(options=[opt.model_dump()], option_labels=[f"options[{i}]"])
        row = {"option": opt.name, "error": ""}
        for label, catalog in (("old_usd", old), ("new_usd", new)):
            try:
                row[label] = float(build(one, catalog).totals()[0])
            except PriceNotFoundError as exc:
                row[label], row["error"] = np.nan, f"{label[:3]} table: {exc}"
        rows.append(row)
    out = pd.DataFrame(rows, columns=["option", "old_usd", "new_usd", "error"])
    out["change_usd"] = out["new_usd"] - out["old_usd"]
    out["change_pct"] = 100 * out["change_usd"] / out["old_usd"].where(out["old_usd"] != 0)
    out.attrs["scenario"] = scenario.name
    return out[["option", "old_usd", "new_usd", "change_usd", "change_pct", "error"]]


def cost_by_sites(scenario, sites, catalog=None) -> pd.DataFrame:
    """Period cost of every option as the number of like sites changes, traffic held at the scenario's totals.

    Parameters
    ----------
    scenario : Scenario
        The scenario (its ``traffic`` is the total over all sites).
    sites : array_like of int
        Numbers of sites [sites].
    catalog : PriceCatalog, optional
        Prices.

    Returns
    -------
    pandas.DataFrame
        option, sites, cost_usd [USD per period] (long table).
    """
    from vpncost.model.estimate import build, catalog_for

    catalog = catalog or catalog_for(scenario)
    frames = []
    for n in np.asarray(sites, dtype=int):
        m = build(scenario.replace(sites=int(n)), catalog)
        frames.append(pd.DataFrame({"option": m.names, "sites": int(n), "cost_usd": m.totals()}))
    return pd.concat(frames, ignore_index=True)


def break_even_sites(scenario, a: str, b: str, catalog=None) -> dict:
    """The number of sites at which options ``a`` and ``b`` cost the same (e.g. a VPN Concentrator against one VPN
    connection per site). Each option's cost is linear in the number of sites (hourly charges per site or per
    connection; traffic is the scenario's total), so two sites settle each line exactly.

    Parameters
    ----------
    scenario : Scenario
        The scenario.
    a, b : str
        Option names.
    catalog : PriceCatalog, optional
        Prices.

    Returns
    -------
    dict
        sites (the exact crossing [sites], NaN when parallel), whole_sites (the first whole number of sites from
        which the option cheaper per site wins), cheaper_above, usd_per_site_a, usd_per_site_b [USD per site per
        period], fixed_usd_a, fixed_usd_b [USD per period].
    """
    t = cost_by_sites(scenario, [1, 2], catalog).pivot(index="sites", columns="option", values="cost_usd")
    slope = {o: float(t.loc[2, o] - t.loc[1, o]) for o in (a, b)}
    fixed = {o: float(t.loc[1, o]) - slope[o] for o in (a, b)}
    if np.isclose(slope[a], slope[b]):
        return {"sites": float("nan"), "whole_sites": None, "cheaper_above": "", "usd_per_site_a": slope[a],
                "usd_per_site_b": slope[b], "fixed_usd_a": fixed[a], "fixed_usd_b": fixed[b]}
    x = (fixed[b] - fixed[a]) / (slope[a] - slope[b])
    cheaper = a if slope[a] < slope[b] else b
    return {"sites": x, "whole_sites": int(np.floor(x)) + 1 if x >= 0 else 1, "cheaper_above": cheaper,
            "usd_per_site_a": slope[a], "usd_per_site_b": slope[b], "fixed_usd_a": fixed[a], "fixed_usd_b": fixed[b]}


def new_option_break_evens(scenario, catalog=None) -> pd.DataFrame:
    """For each flat-rate Direct Connect option, the egress at which it beats the same ports pay-as-you-go; for each
    VPN Concentrator, the number of sites from which it beats one VPN connection per site on a transit gateway.

    Parameters
    ----------
    scenario : Scenario
        The scenario.
    catalog : PriceCatalog, optional
        Prices.

    Returns
    -------
    pandas.DataFrame
        option, against (the twin it is compared with), variable (egress_gb or sites), break_even (GB per period
        or sites; NaN when the lines do not cross), cheaper_above, today (the scenario's value). Empty when the
        scenario has neither.
    """
    rows = []
    for i, opt in enumerate(scenario.options):
        labels = [f"options[{i}]", f"options[{i}] (the twin it is compared with)"]
        if opt.type == "direct_connect" and opt.billing == "flat_rate":
            twin = {**opt.model_dump(), "name": f"{opt.name} (pay-as-you-go twin)", "billing": "pay_as_you_go",
                    "tier": "auto", "included_regions": []}
            sc = scenario.replace(options=[opt.model_dump(), twin], option_labels=labels)
            be = break_even(sc, opt.name, twin["name"], catalog=catalog)
            rows.append({"option": opt.name, "against": "the same ports pay-as-you-go", "variable": "egress_gb",
                         "break_even": float(be["x"].iloc[0]) if len(be) else float("nan"),
                         "cheaper_above": be["cheaper_above"].iloc[0] if len(be) else "",
                         "today": scenario.traffic.egress_gb})
        elif opt.type == "vpn_concentrator":
            twin = {"name": "one VPN connection per site on TGW", "type": "vpn", "gateway": "tgw", "connections": 1,
                    "vpc_attachments": opt.vpc_attachments}
            sc = scenario.replace(options=[opt.model_dump(), twin], option_labels=labels)
            be = break_even_sites(sc, opt.name, twin["name"], catalog)
            rows.append({"option": opt.name, "against": twin["name"], "variable": "sites", "break_even": be["sites"],
                         "cheaper_above": be["cheaper_above"], "today": scenario.sites})
    return pd.DataFrame(rows, columns=["option", "against", "variable", "break_even", "cheaper_above", "today"])
