"""The network report: the sections of ``vpncost/templates/network_report.ipynb``, which ``vpncost report NETWORK``
runs and exports as the scenario report is (:mod:`vpncost.present.render`).

The template only calls :func:`context` and the section functions here; each returns a DataFrame, a matplotlib
figure or an HTML fragment in which every user-provided string is escaped. Every figure comes from one compiled
network (:func:`vpncost.model.network.build`) and its tidy table, so the report, ``vpncost estimate NETWORK`` and
the notebook show the same numbers under the same names. The bill sections (actual spend, who pays, the trend)
are the scenario report's own functions: they read only ``ctx.spend`` and ``ctx.chargeback``.
"""
from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from vpncost.errors import VpncostError
from vpncost.formats import plural
from vpncost.present.report import ASSUMED_MARK
from vpncost.present.text import usd as _money   # the scenario report's money format


@dataclass(kw_only=True)
class NetworkReportContext:
    """Everything the network report shows, computed once (by :func:`context`)."""

    network: object
    model: object
    title: str
    currency: str
    rule: str
    breakdown: pd.DataFrame
    summary: dict
    by_account: pd.DataFrame
    by_region: pd.DataFrame
    by_resource: pd.DataFrame
    sites: pd.DataFrame
    designs: "pd.DataFrame | None" = None
    design_sites: "pd.DataFrame | None" = None
    spend: "pd.DataFrame | None" = None
    reconciliation: "pd.DataFrame | None" = None
    chargeback: "pd.DataFrame | None" = None
    optimization: object = None     # the network's optimize: section solved (a Plan), or why not (a str)


def context(network, cur_path=None, title: "str | None" = None, currency: str = "USD", rule: str = "traffic",
            spend: "pd.DataFrame | None" = None, chargeback_tag: "str | None" = None) -> NetworkReportContext:
    """Compile the network (and each of its designs) and everything the report shows, once.

    Parameters
    ----------
    network : Network or path
        A loaded network (:func:`vpncost.network.load_network`), or the path of its YAML file.
    cur_path : path, optional
        CUR file or folder: the billed month set against the network, unless ``spend`` is given.
    title : str, optional
        Report title (default: the network's name).
    currency : str
        ``USD`` only (AWS list prices are in US dollars).
    rule : str
        How shared costs are split into each site's cost to connect: ``traffic`` or ``even``.
    spend : pandas.DataFrame, optional
        Spend already read with :func:`vpncost.spend.readers.cur.read_cur`.
    chargeback_tag : str, optional
        A cost-allocation tag key: the bill split by it.
    """
    from vpncost.model import network as nm
    from vpncost.network import Network, load_network

    if currency not in ("USD",):
        raise VpncostError(f"currency: {currency!r}; allowed: USD (AWS list prices are in US dollars)")
    net = network if isinstance(network, Network) else load_network(network)
    catalog = nm.catalog_for_network(net)
    model = nm.build(net, catalog)
    b = model.breakdown()
    ctx = NetworkReportContext(network=net, model=model, title=title or net.name, currency=currency, rule=rule,
                               breakdown=b, summary=nm.summary(model), by_account=model.totals_by("account", b),
                               by_region=model.totals_by("region", b), by_resource=model.totals_by("resource", b),
                               sites=model.cost_to_connect(rule))
    if net.designs:
        ctx.designs, ctx.design_sites = nm.compare_designs(net, catalog, rule)
    if net.optimize is not None:   # the network asks for an optimisation: its answer is a section of the report
        from vpncost.errors import ScenarioError
        from vpncost.optimize import optimize
        try:
            ctx.optimization = optimize(net, catalog)
        except ScenarioError as exc:
            ctx.optimization = str(exc)
    if chargeback_tag and spend is None and not cur_path:
        raise VpncostError("report: --chargeback-tag splits the bill: use it with --cur")
    if spend is None and cur_path:
        from vpncost.spend.readers.cur import read_cur
        spend = read_cur(cur_path, tag=chargeback_tag or None)
    ctx.spend = spend
    if spend is not None and not spend.empty:
        from vpncost.spend.estate import NetworkEstate
        from vpncost.spend.reconcile import reconcile
        ctx.reconciliation = reconcile(spend, NetworkEstate(net.name, net), catalog=catalog)
        if chargeback_tag:
            from vpncost.spend.allocate import allocate_by_tag
            from vpncost.spend.readers.cur import tag_key
            ctx.chargeback = allocate_by_tag(spend, tag_key(chargeback_tag))
    return ctx


def _monthly(ctx, usd: float) -> float:
    net = ctx.network
    return usd * net.hours_per_month / net.hours


def recommendation(ctx: NetworkReportContext) -> list:
    """The headline in words (plain text, not yet escaped): the network's monthly cost, what it is made of, its
    capacity problems and warnings, and the cheapest design that carries the traffic."""
    net, s = ctx.network, ctx.summary
    sites = sum(x.count for x in net.sites)
    lines = [f"{_money(s['monthly_usd'])} per month for {plural(sites, 'site')} ({len(net.sites)} "
             f"{'entry' if len(net.sites) == 1 else 'entries'}) in {plural(len(net.regions), 'Region')}, "
             f"{plural(len(net.direct_connect), 'Direct Connect connection')} and "
             f"{plural(len(net.accounts), 'account')}, every shared resource billed once"]
    top = ctx.by_account.iloc[0]
    if len(ctx.by_account) > 1:
        lines.append(f"the largest share is paid by account {top['account']}: {_money(top['monthly_usd'])} a month")
    lines += [f"cannot carry the traffic: {r}" for r in s["reasons"]]
    lines += [f"warning: {w}" for w in s["warnings"]]
    if ctx.designs is not None:
        d = ctx.designs[ctx.designs["feasible"]].sort_values("total_usd", kind="stable")
        if d.empty:
            lines.append("no design can carry the traffic")
        elif d.iloc[0]["design"] != "as is":
            best = d.iloc[0]
            lines.append(f"design {best['design']!r} is the cheapest that carries the traffic: "
                         f"{_money(_monthly(ctx, best['total_usd']))} a month, "
                         f"{_money(-_monthly(ctx, best['change_usd']))} a month less than the network as it is "
                         f"({best['changes']})")
        else:
            lines.append("the network as it is is the cheapest of its designs that carries the traffic")
    if s["assumed_prices"]:
        lines.append(f"{plural(len(s['assumed_prices']), 'line')} use an assumed price ({ASSUMED_MARK}, see "
                     "Assumptions)")
    return lines


def summary_html(ctx: NetworkReportContext) -> str:
    """Executive summary as HTML (escaped)."""
    e = html.escape
    items = "".join(f"<li>{e(w)}</li>" for w in recommendation(ctx))
    net = ctx.network
    meta = (f"<p>Network <i>{e(net.name)}</i>, {net.hours:g} hours per period; AWS list prices as of "
            f"{e(ctx.model.catalog.snapshot)} ({e(ctx.currency)}).</p>")
    return f"<div class='vpncost-summary'><ul>{items}</ul>{meta}</div>"


def map_chart(ctx: NetworkReportContext):
    """Sites, Direct Connect locations and Regions, and each site's path."""
    from vpncost.present import plots, views
    return plots.network_map_chart(*views.network_map(ctx.model))


def paths_table(ctx: NetworkReportContext) -> pd.DataFrame:
    """Which connection each site's traffic with each Region takes, where it enters AWS and what joins the
    Regions."""
    p = ctx.model.paths
    return pd.DataFrame({"site": p["site"], "with": p["region"], "via": p["via"], "enters AWS in": p["enters"],
                         "then": p["hop"].replace("", "-"),
                         "backup": ["yes" if b else "" for b in p["backup"]]}).set_index("site")


def bill_chart(ctx: NetworkReportContext, level: str):
    from vpncost.present import plots
    return plots.network_bill_chart(getattr(ctx, f"by_{level}"), level)


def bill_table(ctx: NetworkReportContext, level: str) -> pd.DataFrame:
    """The bill per account, Region or resource: per month (and per period when the network's period is not a
    month), and its share of the total (money formatted)."""
    t = getattr(ctx, f"by_{level}")
    total = float(ctx.breakdown["cost_usd"].sum())
    out = pd.DataFrame({level: [v or "(on premises)" for v in t[level]],
                        "per month": [_money(v) for v in t["monthly_usd"]]})
    if ctx.network.hours != ctx.network.hours_per_month:
        out[f"per period ({ctx.network.hours:g} h)"] = [_money(v) for v in t["total_usd"]]
    out["share"] = [f"{100 * v / total:.1f} %" if total else "" for v in t["total_usd"]]
    return out.set_index(level)


RULE_TEXT = {"traffic": "by the GB each site sends and receives through it (evenly per site when none does)",
             "even": "evenly, per site (an entry of N like sites counts N times)"}


def sites_table(ctx: NetworkReportContext) -> pd.DataFrame:
    """Each site's cost to connect: its own lines, its part of the shared resources, per site of the entry."""
    s = ctx.sites
    return pd.DataFrame({"site": s["site"], "sites": s["count"], "own": [_money(v) for v in s["own_usd"]],
                         "share of shared resources": [_money(v) for v in s["shared_usd"]],
                         "total": [_money(v) for v in s["total_usd"]],
                         "per site": ["" if pd.isna(v) else _money(v) for v in s["per_site_usd"]],
                         "of the network": [f"{v:.1f} %" for v in s["share_pct"]]}).set_index("site")


def designs_table(ctx: NetworkReportContext) -> pd.DataFrame:
    """Each design: its monthly cost, the change against the network as it is, whether it carries the traffic,
    what it changes."""
    d = ctx.designs
    return pd.DataFrame({"design": d["design"], "per month": [_money(_monthly(ctx, v)) for v in d["total_usd"]],
                         "change per month": [_money(_monthly(ctx, v)) for v in d["change_usd"]],
                         "feasible": ["yes" if f else "no: " + "; ".join(r) for f, r in zip(d["feasible"],
                                                                                              d["reasons"])],
                         "changes": d["changes"].replace("", "-")}).set_index("design")


def optimization_text(ctx: NetworkReportContext) -> str:
    """The optimisation's headline (plain text): the cheapest design's cost against the network as written, or
    why no design meets the targets."""
    plan = ctx.optimization
    if isinstance(plan, str):
        return f"No design meets the targets of the optimize: section: {plan}"
    saving = plan.as_is_usd - plan.total_usd
    change = f"{_money(saving)} less" if saving >= 0 else f"{_money(-saving)} more, as it meets targets the file misses"
    outage = f"; its expected outage cost is {_money(plan.outage_usd)} a month" if plan.outage_usd else ""
    return (f"The cheapest design meeting the optimize: section's targets costs {_money(plan.total_usd)} a month, "
            f"{change} than the network as written ({_money(plan.as_is_usd)}){outage}. Solved exactly "
            f"({plan.status}, gap {plan.gap_pct:.3f}%); vpncost optimize -o writes it as a network file.")


def optimization_sites_table(ctx: NetworkReportContext) -> pd.DataFrame:
    """Per site: the chosen connection, its cost to connect, availability, round trip, runner-up and the target
    that binds (:func:`vpncost.present.optimize.sites_view`)."""
    from vpncost.present.optimize import sites_view
    return sites_view(ctx.optimization).set_index("site")


def design_sites_table(ctx: NetworkReportContext) -> pd.DataFrame:
    """Each site's cost to connect per month under each design (money formatted)."""
    t = ctx.design_sites.set_index("site")
    return t.apply(lambda col: [_money(_monthly(ctx, v)) for v in col])


def checks_table(ctx: NetworkReportContext) -> pd.DataFrame:
    """Every capacity check: what a resource must carry at peak against what it can."""
    c = ctx.model.checks
    concentrator_sites = c["resource"].str.endswith("(sites)")
    return pd.DataFrame({"resource": c["resource"], "sites": c["sites"].replace("", "-"),
                         "demand": [f"{v:,.0f} {'sites' if n else 'Mbps'}" for v, n in
                                    zip(c["demand_mbps"], concentrator_sites)],
                         "capacity": [f"{v:,.0f} {'sites' if n else 'Mbps'}" for v, n in
                                      zip(c["capacity_mbps"], concentrator_sites)],
                         "fits": ["yes" if ok else "no" for ok in c["feasible"]]}).set_index("resource")


def spend_note(ctx: NetworkReportContext) -> str:
    """A sentence setting the latest billed month beside the network."""
    if ctx.spend.empty:
        return "The bill has no connectivity lines."
    r = ctx.reconciliation
    billed = ctx.spend.groupby("month")["cost_usd"].sum()
    month = billed.index.max()
    model = float(r["model_usd"].sum())
    return (f"{month}: {_money(billed[month])} billed against {_money(model)} for the network priced for that "
            "month's hours; the table compares them component by component.")


def reconciliation_table(ctx: NetworkReportContext) -> pd.DataFrame:
    """Billed against modelled, per component, for the latest month (``vpncost spend --model NETWORK``)."""
    from vpncost.spend.readers.cur import COMPONENT_NAMES
    r = ctx.reconciliation
    return pd.DataFrame({"component": [COMPONENT_NAMES.get(c, c) for c in r["component"]],
                         "billed": ["-" if pd.isna(v) else _money(v) for v in r["billed_usd"]],
                         "model": [_money(v) for v in r["model_usd"]],
                         "variance": ["-" if pd.isna(v) else _money(v) for v in r["variance_usd"]],
                         "status": r["status"],
                         "likely reasons": r["likely_reasons"].replace("", "-")}).set_index("component")


def assumptions_table(ctx: NetworkReportContext) -> pd.DataFrame:
    """Hours, tiers, free tier, discounts, overrides, the split rule and the customer's own items."""
    from vpncost.model.network import TIER_NOTE
    net, cat = ctx.network, ctx.model.catalog
    rows = [("billing period", f"{net.hours:g} hours ({plural(net.hours / net.hours_per_month, 'month')} of "
                               f"{net.hours_per_month:g} h); partial hours billed as full hours"),
            ("internet data transfer out tiers", TIER_NOTE),
            ("100 GB/month free tier", "applied, once per payer" if net.pricing.free_tier else
             "not applied (account-wide; as the AWS Pricing Calculator)"),
            ("discount on AWS rates", f"{net.pricing.discount_pct:g}%"),
            ("negotiated rates file", Path(net.pricing.overrides).name if net.pricing.overrides else "none"),
            ("shared costs in each site's cost to connect", RULE_TEXT.get(ctx.rule, ctx.rule)),
            ("one-time costs", f"spread over {plural(net.years * 12, 'month')} in period totals"),
            ("price snapshot", f"AWS list prices as of {cat.snapshot} ({Path(str(cat.path)).name})")]
    items = [(s.name, s.extra_monthly_usd, s.extra_one_time_usd) for s in net.sites] + \
        [(d.name, d.extra_monthly_usd, d.extra_one_time_usd) for d in net.direct_connect]
    for name, monthly, once in items:
        rows += [(f"customer item: {name}", f"{k}: {_money(v)} per month") for k, v in monthly.items()]
        rows += [(f"customer item: {name}", f"{k}: {_money(v)} once") for k, v in once.items()]
    return pd.DataFrame(rows, columns=["assumption", "value"]).set_index("assumption")


def breakdown_table(ctx: NetworkReportContext) -> pd.DataFrame:
    """Every priced line: account, Region, site, resource, component, tier, quantity, unit, rate, cost; assumed
    prices marked."""
    b = ctx.breakdown
    return pd.DataFrame({
        "account": b["account"].to_numpy(), "region": b["region"].replace("", "-").to_numpy(),
        "site": b["site"].replace("", "(shared)").to_numpy(), "resource": b["resource"].to_numpy(),
        "component": [c + (f" {ASSUMED_MARK}" if a else "") for c, a in zip(b["component"], b["assumed"])],
        "tier": b["tier"].to_numpy(), "quantity": [f"{q:,.2f}" for q in b["quantity"]], "unit": b["unit"].to_numpy(),
        "rate": [f"${r:,.6g}" for r in b["rate_usd"]], "cost": [_money(v) for v in b["cost_usd"]]})


def csv_tables(ctx: NetworkReportContext) -> dict:
    """The report's tables with their numbers unformatted, for ``--format csv``: file suffix -> DataFrame."""
    tables = {"": ctx.breakdown, "-by-account": ctx.by_account, "-by-region": ctx.by_region,
              "-by-resource": ctx.by_resource, "-sites": ctx.sites, "-checks": ctx.model.checks,
              "-paths": ctx.model.paths}
    if ctx.designs is not None:
        tables["-designs"] = ctx.designs.assign(reasons=["; ".join(r) for r in ctx.designs["reasons"]])
        tables["-design-sites"] = ctx.design_sites
    if ctx.spend is not None:
        tables["-spend"] = ctx.spend
    if ctx.reconciliation is not None:
        tables["-reconciliation"] = ctx.reconciliation
    if ctx.chargeback is not None:
        tables["-chargeback"] = ctx.chargeback
    return tables
