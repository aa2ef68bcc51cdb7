"""Finance reports: the sections of the report notebook (``vpncost/templates/report.ipynb``) and the papermill + nbconvert pipeline
behind ``vpncost report``.

The template notebook only calls :func:`context` and the section functions here; each returns a
DataFrame, a matplotlib figure or an HTML fragment in which every user-provided string is escaped.
:func:`render` executes the template with papermill (parameters: scenario, CUR path, title, currency,
years) and exports it with nbconvert without code cells; charts are embedded PNGs and nothing is
loaded from the network, so the HTML file displays offline. The output file is written atomically:
a failed run leaves nothing behind.
"""
from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from vpncost.errors import VpncostError
from vpncost.formats import plural, quantity
from vpncost.pricing.catalog import tier_label

ASSUMED_MARK = "\u2020"  # dagger: a price from a documented rule, not a sourced price


@dataclass(kw_only=True)
class ReportContext:
    """Everything the report shows, computed once (by :func:`context`)."""

    scenario: object
    model: object
    title: str
    currency: str
    years: int
    breakdown: pd.DataFrame
    summary: pd.DataFrame
    tco: pd.DataFrame
    tco_summary: pd.DataFrame
    break_even: pd.DataFrame
    curve: pd.DataFrame
    acceleration: "pd.DataFrame | None" = None
    failover: "pd.DataFrame | None" = None
    spend: "pd.DataFrame | None" = None
    new_options: "pd.DataFrame | None" = None
    chargeback: "pd.DataFrame | None" = None  # the bill split by a cost-allocation tag (allocate.allocate_by_tag)


#: pandas display options for the report: every row, column and character of every table (the defaults cut cells
#: longer than 50 characters, such as tier prices and billing periods, to "...").
FULL_TABLES = {"display.max_colwidth": None, "display.max_rows": None, "display.max_columns": None,
               "display.width": None}


def show_full_tables() -> None:
    """Set :data:`FULL_TABLES` in this kernel: the report's tables are never truncated."""
    for option, value in FULL_TABLES.items():
        pd.set_option(option, value)


def context(scenario, cur_path=None, title: "str | None" = None, currency: str = "USD",
            years: "int | None" = None, spend: "pd.DataFrame | None" = None,
            chargeback_tag: "str | None" = None) -> ReportContext:
    """Run the model and every analysis the scenario asks for, once.

    Parameters
    ----------
    scenario : Scenario or path
        A loaded scenario, or the path of its YAML file.
    cur_path : path, optional
        CUR file or folder for the actual-spend section (read here, once), unless ``spend`` is given.
    title : str, optional
        Report title (default: the scenario's name).
    currency : str
        ``USD`` only (AWS list prices are in US dollars).
    years : int, optional
        Multi-year horizon [years] (default: the scenario's).
    spend : pandas.DataFrame, optional
        Spend already read with :func:`vpncost.spend.readers.cur.read_cur` (with ``tag=`` for a chargeback).
    chargeback_tag : str, optional
        A cost-allocation tag key ('team', 'user:team'): the bill split by it, for a "Who pays" section.
    """
    from vpncost.model import compare
    from vpncost.model.estimate import build, estimate, summary
    from vpncost.scenario import Scenario, load_scenario

    if currency not in ("USD",):
        raise VpncostError(f"currency: {currency!r}; allowed: USD (AWS list prices are in US dollars)")
    sc = scenario if isinstance(scenario, Scenario) else load_scenario(scenario)
    years = years or sc.years
    model = build(sc)
    b = estimate(model)
    t = compare.tco(model, years=years)
    x_max = compare.curve_x_max(model, "egress_gb")
    be = compare.break_even_table(model, "egress_gb", x_max=x_max)
    ctx = ReportContext(scenario=sc, model=model, title=title or sc.name, currency=currency, years=years,
                        breakdown=b, summary=summary(model, breakdown=b), tco=t, tco_summary=compare.tco_summary(t),
                        break_even=be, curve=compare.cost_curve(model, "egress_gb", np.linspace(0.0, x_max, 121)))
    if any(o.type == "vpn" and o.accelerated for o in sc.options):
        from vpncost.model.acceleration import scenario_tradeoff
        ctx.acceleration = scenario_tradeoff(sc, catalog=model.catalog)
    if any(o.type == "vpn_concentrator" or getattr(o, "billing", "") == "flat_rate" for o in sc.options):
        ctx.new_options = compare.new_option_break_evens(sc, catalog=model.catalog)
    if "failover" in sc.model_fields_set:
        from vpncost.failover.designs import scenario_designs
        ctx.failover = scenario_designs(sc, catalog=model.catalog)  # the scenario's years: as vpncost failover
    if chargeback_tag and spend is None and not cur_path:
        raise VpncostError("report: --chargeback-tag splits the bill: use it with --cur")
    if spend is None and cur_path:
        from vpncost.spend.readers.cur import read_cur
        spend = read_cur(cur_path, tag=chargeback_tag or None)
    ctx.spend = spend
    if chargeback_tag and spend is not None and not spend.empty:
        from vpncost.spend.allocate import allocate_by_tag
        from vpncost.spend.readers.cur import tag_key
        ctx.chargeback = allocate_by_tag(spend, tag_key(chargeback_tag))
    return ctx


def _money(x: float) -> str:
    from vpncost.present.text import usd
    return usd(x)


def recommendation(ctx: ReportContext) -> dict:
    """The recommended option and the reasons, in words (plain text, not yet escaped)."""
    s = ctx.summary.set_index("option")
    feasible = s[s["feasible"]]
    total = ctx.tco_summary.set_index("option")["total_usd"]
    basis = f"{ctx.years}-year total cost"
    cost = total
    if ctx.failover is not None and ctx.scenario.failover.outage_cost_usd_per_hour > 0:
        f = ctx.failover[ctx.failover["source"] == "scenario option"].set_index("design")
        cost = f["risk_adjusted_usd_per_month"] * 12 * ctx.years
        basis = f"{ctx.years}-year risk-adjusted cost (connectivity + expected outage cost)"
    if feasible.empty:
        return {"option": None, "why": ["No option can carry the site's traffic: " + "; ".join(
            f"{n}: {'; '.join(r)}" for n, r in s["reasons"].items() if r)]}
    ranked = cost.reindex(feasible.index).sort_values()
    best = ranked.index[0]
    why = [f"lowest {basis} among the options that can carry the traffic: {_money(ranked.iloc[0])}"]
    if len(ranked) > 1:
        runner = ranked.index[1]
        gap = ranked.iloc[1] - ranked.iloc[0]
        why.append(f"{_money(gap)} ({100 * gap / ranked.iloc[1]:.0f}%) less than the next, {runner}")
    why.append(f"{_money(s.loc[best, 'monthly_usd'])} per month at today's traffic "
               f"({ctx.scenario.traffic.egress_gb:,.0f} GB out, {ctx.scenario.traffic.ingress_gb:,.0f} GB in)")
    be = ctx.break_even[(ctx.break_even["option_a"] == best) | (ctx.break_even["option_b"] == best)]
    for r in be.itertuples():
        other = r.option_b if r.option_a == best else r.option_a
        if r.cheaper_above == other:
            why.append(f"{other} becomes cheaper above {r.x:,.0f} GB out per period")
    out = s[~s["feasible"]]
    for name, reason in out["reasons"].items():
        why.append(f"{name} is ruled out: {'; '.join(reason)}")
    return {"option": best, "why": why}


def summary_html(ctx: ReportContext) -> str:
    """Executive summary as HTML: the recommendation in words (escaped)."""
    rec = recommendation(ctx)
    e = html.escape
    head = (f"<p><b>Recommended: {e(rec['option'])}</b></p>" if rec["option"]
            else "<p><b>No option meets the requirements.</b></p>")
    items = "".join(f"<li>{e(w)}</li>" for w in rec["why"])
    sc = ctx.scenario
    meta = (f"<p>Scenario <i>{e(sc.name)}</i>, Region {e(sc.region)}, {sc.hours:g} hours per period; AWS list "
            f"prices as of {e(ctx.model.catalog.snapshot)} ({e(ctx.currency)}).</p>")
    return f"<div class='vpncost-summary'>{head}<ul>{items}</ul>{meta}</div>"


def cost_table(ctx: ReportContext) -> pd.DataFrame:
    """Per option: monthly, annual and multi-year cost, feasibility; assumed prices marked with a dagger."""
    s = ctx.summary.set_index("option")
    t = ctx.tco_summary.set_index("option")
    rows = []
    for name in s.index:
        mark = f" {ASSUMED_MARK}" if s.loc[name, "assumed_prices"] else ""
        rows.append({"option": name + mark, "kind": s.loc[name, "kind"],
                     "per month": _money(s.loc[name, "monthly_usd"]),
                     "per year": _money(12 * s.loc[name, "monthly_usd"]),
                     f"{ctx.years} years (with growth)": _money(t.loc[name, "total_usd"]),
                     "one-time": _money(t.loc[name, "one_time_usd"]),
                     "feasible": "yes" if s.loc[name, "feasible"] else "no: " + "; ".join(s.loc[name, "reasons"])})
    return pd.DataFrame(rows).set_index("option")


def tco_table(ctx: ReportContext) -> pd.DataFrame:
    """One-time, each year's and the total cost per option (money formatted)."""
    t = ctx.tco_summary.set_index("option")
    out = t.apply(lambda col: [_money(v) for v in col])
    out.columns = [c.replace("_usd", "").replace("_", " ") for c in t.columns]
    return out


def breakdown_table(ctx: ReportContext) -> pd.DataFrame:
    """Every priced line: option, component, tier, quantity, unit, rate, cost; assumed prices marked."""
    b = ctx.breakdown
    return pd.DataFrame({
        "option": b["option"].to_numpy(), "component": [c + (f" {ASSUMED_MARK}" if a else "") for c, a in zip(b["component"], b["assumed"])],
        "tier": b["tier"], "quantity": [quantity(q) for q in b["quantity"]], "unit": b["unit"],
        "rate": [f"${r:,.6g}" for r in b["rate_usd"]], "cost": [_money(c) for c in b["cost_usd"]],
        "price status": b["price_status"]}).set_index(["option", "component"])


def break_even_chart(ctx: ReportContext):
    from vpncost.present import plots
    infeasible = ctx.summary.loc[~ctx.summary["feasible"], "option"].tolist()
    return plots.cost_curve_chart(ctx.curve, ctx.break_even, "egress_gb", infeasible=infeasible)


def tco_chart(ctx: ReportContext):
    from vpncost.present import plots
    return plots.tco_chart(ctx.tco, infeasible=ctx.summary.loc[~ctx.summary["feasible"], "option"].tolist())


def break_even_note(ctx: ReportContext) -> "str | None":
    """The sentence shown instead of an empty break-even table (None when there are crossings)."""
    if not ctx.break_even.empty:
        return None
    n = int(ctx.summary["feasible"].sum())
    if n < 2:
        return (f"No break-even: {'only one option' if n else 'no option'} can carry the traffic, so there is "
                "nothing to choose between.")
    return ("No break-even: where two options can both carry the traffic, they never cost the same over the range "
            "charted.")


def break_even_table(ctx: ReportContext) -> pd.DataFrame:
    be = ctx.break_even
    return pd.DataFrame({"options": be["option_a"] + " vs " + be["option_b"],
                         "egress GB per period": [f"{x:,.0f}" for x in be["x"]],
                         "cost there": [_money(c) for c in be["cost_usd"]],
                         "cheaper above": be["cheaper_above"]}).set_index("options")


def acceleration_table(ctx: ReportContext) -> pd.DataFrame:
    t = ctx.acceleration
    return pd.DataFrame({"site": t["site"].to_numpy(), "enters AWS at": t["edge"] + " (" + t["edge_group"] + ")",
                         "RTT standard (model)": [f"{v:,.0f} ms" for v in t["rtt_standard_ms"]],
                         "RTT accelerated (model)": [f"{v:,.0f} ms" for v in t["rtt_accelerated_ms"]],
                         "ms saved": [f"{v:,.0f}" for v in t["saved_ms"]],
                         "extra per month": [_money(v) for v in t["extra_usd_per_month"]],
                         "verdict": t["verdict"]}).set_index("site")


def new_options_table(ctx: ReportContext) -> pd.DataFrame:
    """Flat-rate Direct Connect against the same ports pay-as-you-go, and a VPN Concentrator against one VPN per
    site: where each starts to win, beside today's value."""
    t = ctx.new_options

    def amount(variable, x):
        if x != x:  # NaN: the lines do not cross
            return "never"
        return f"{x:,.0f} GB out per period" if variable == "egress_gb" else f"{x:,.1f} sites"
    return pd.DataFrame({"option": t["option"], "compared with": t["against"],
                         "break-even": [amount(v, x) for v, x in zip(t["variable"], t["break_even"])],
                         "cheaper above it": t["cheaper_above"],
                         "today": [amount(v, x) for v, x in zip(t["variable"], t["today"])]}).set_index("option")


FAILOVER_COST_COLUMNS = ["per month", "carries the peak", "outage/mo", "SLA credits/mo", "risk-adjusted/mo",
                         "frontier"]


def failover_table(ctx: ReportContext) -> pd.DataFrame:
    """The failover table, as ``vpncost failover`` prints it (:func:`vpncost.present.text.failover_view`)."""
    from vpncost.present.text import failover_view
    return failover_view(ctx.failover).set_index("design")


def failover_tables(ctx: ReportContext) -> tuple:
    """:func:`failover_table` in two parts that each fit a 1,024 px page: availability and downtime, then cost
    and risk."""
    t = failover_table(ctx)
    return t.drop(columns=FAILOVER_COST_COLUMNS), t[FAILOVER_COST_COLUMNS]


def failover_legend(ctx: ReportContext) -> list:
    """What each failover column is (:func:`vpncost.present.text.failover_legend`)."""
    from vpncost.present.text import failover_legend as legend
    return legend(ctx.failover)


def pitfalls(ctx: ReportContext) -> list:
    """Designs that surprise, per scenario option: the lines ``vpncost failover`` prints
    (:func:`vpncost.failover.designs.scenario_pitfalls`)."""
    from vpncost.failover.designs import scenario_pitfalls
    return scenario_pitfalls(ctx.scenario)


def failover_chart(ctx: ReportContext):
    from vpncost.present import plots
    best = recommendation(ctx)["option"]
    return plots.frontier_chart(ctx.failover, highlight=best)


def assumptions_table(ctx: ReportContext) -> pd.DataFrame:
    """Hours, tiers, free tier, discounts, overrides, growth and what the figures rest on."""
    sc, cat = ctx.scenario, ctx.model.catalog
    tiers = cat.lookup("data_transfer", "internet_out", region=sc.region)
    tier_text = "; ".join(f"{tier_label(s, e).removesuffix('/month')} ${r:g}/GB"
                          for s, e, r in zip(tiers.tier_start, tiers.tier_end, tiers.usd))
    rows = [("billing period", f"{sc.hours:g} hours ({plural(sc.hours / sc.hours_per_month, 'month')} of "
                               f"{sc.hours_per_month:g} h); partial hours billed as full hours"),
            ("internet data transfer out tiers", f"{sc.region}: {tier_text} (per account per month)"),
            ("other internet egress sharing the tiers", f"{sc.traffic.other_internet_egress_gb:,.0f} GB/month"),
            ("100 GB/month free tier", "applied" if sc.pricing.free_tier else "not applied (account-wide; as the "
                                                                                "AWS Pricing Calculator)"),
            ("discount on AWS rates", f"{sc.pricing.discount_pct:g}%"),
            ("negotiated rates file", Path(sc.pricing.overrides).name if sc.pricing.overrides else "none"),
            ("traffic growth", f"{sc.traffic.growth_pct_per_year:g}% per year, compounded monthly, over {ctx.years} years"),
            ("one-time costs", f"spread over {plural(ctx.model.term_months, 'month')} in period totals; "
                               "whole in month 0 of the multi-year total"),
            ("price snapshot", f"AWS list prices as of {cat.snapshot} ({Path(str(cat.path)).name})"),
            ("latency", "modelled from distances and route factors, not measured")]
    if ctx.failover is not None:
        rows.append(("failure rates", "assumptions (no authoritative figures exist); see the scenario's failover.rates"))
    for o in sc.options:
        for k, v in {**o.extra_monthly_usd}.items():
            rows.append((f"customer item: {o.name}", f"{k}: {_money(v)} per month"))
        for k, v in {**o.extra_one_time_usd}.items():
            rows.append((f"customer item: {o.name}", f"{k}: {_money(v)} once"))
    return pd.DataFrame(rows, columns=["assumption", "value"]).set_index("assumption")


def assumed_prices_table(ctx: ReportContext) -> pd.DataFrame:
    """Each assumed price used, with the rule behind it."""
    b = ctx.breakdown[ctx.breakdown["assumed"]]
    if b.empty:
        return pd.DataFrame({"assumed prices": ["none: every price used is sourced"]}).set_index("assumed prices")
    u = b.drop_duplicates(["component", "rate_usd"])
    return pd.DataFrame({"assumed price": (u["component"] + f" {ASSUMED_MARK}").to_numpy(),
                         "rate": [f"${r:,.6g}" for r in u["rate_usd"]],
                         "rule and source": u["source"].to_numpy()}).set_index("assumed price")


def spend_table(ctx: ReportContext) -> pd.DataFrame:
    """Billed connectivity spend: a component a row (named for people), a month a column, then the total (fits
    a 1,024 px page: months are few, components many)."""
    from vpncost.spend.readers.cur import COMPONENT_NAMES, monthly_by_component
    wide = monthly_by_component(ctx.spend).T
    wide.loc["total"] = wide.sum(axis=0)
    wide.index = [COMPONENT_NAMES.get(c, c) for c in wide.index]
    wide.index.name = "component"
    wide.columns = [str(c) for c in wide.columns]
    return wide.apply(lambda col: [_money(v) for v in col])


def spend_note(ctx: ReportContext) -> str:
    """A sentence setting the bill beside the scenario: the same estate or not (monthly totals compared)."""
    if ctx.spend.empty:
        return "The bill has no connectivity lines."
    billed = ctx.spend.groupby("month")["cost_usd"].sum()
    month = billed.index.max()
    model = ctx.summary.set_index("option")["monthly_usd"]
    accounts = ctx.spend["account_id"].nunique()
    regions = sorted({str(r) for r in ctx.spend["region"].dropna()} - {"global"})
    text = (f"The bill covers {accounts} account{'s' if accounts != 1 else ''} in {', '.join(regions) or 'no Region'}; "
            f"{month} totals {_money(billed[month])}, against {_money(model.min())} to {_money(model.max())} a month "
            f"for the scenario's options in {ctx.scenario.region}.")
    if ctx.scenario.region not in regions or not (0.5 * model.min() <= billed[month] <= 2 * model.max()):
        text += (" It does not look like the scenario's estate (another Region, or a total far from every option), "
                 "so read it as what is billed today, not as a check of the estimate above.")
    return text


def spend_chart(ctx: ReportContext):
    from vpncost.present import plots
    from vpncost.spend.readers.cur import monthly_by_component
    return plots.spend_chart(monthly_by_component(ctx.spend))


def chargeback_table(ctx: ReportContext) -> pd.DataFrame:
    """Month x consumer: who pays what of each month's bill (the tag's value; untagged lines stay with their
    payer account)."""
    from vpncost.spend.allocate import by_consumer
    wide = by_consumer(ctx.chargeback)
    wide["total"] = wide.sum(axis=1)
    return wide.apply(lambda col: [_money(v) for v in col])


def chargeback_chart(ctx: ReportContext):
    from vpncost.present import plots
    return plots.allocation_chart(ctx.chargeback)


FORECAST_MONTHS = 3  # months ahead in the report's forecast [months]


def forecast_frame(ctx: ReportContext) -> "pd.DataFrame | None":
    """The bill's own trend for the next :data:`FORECAST_MONTHS` months (total connectivity spend, 80 % prediction
    interval), or None without a CUR or with too short a history."""
    from vpncost.spend.forecast import MIN_MONTHS, from_history
    if ctx.spend is None or ctx.spend.empty or ctx.spend["month"].nunique() < MIN_MONTHS:
        return None
    return from_history(ctx.spend.assign(component="total"), FORECAST_MONTHS)


def forecast_table(ctx: ReportContext) -> pd.DataFrame:
    f = forecast_frame(ctx)
    return pd.DataFrame({"forecast": [_money(v) for v in f["cost_usd"]],
                         "low (80 %)": [_money(v) for v in f["low_usd"]],
                         "high (80 %)": [_money(v) for v in f["high_usd"]]}, index=pd.Index(f["month"], name="month"))


def forecast_chart(ctx: ReportContext):
    from vpncost.present import plots
    return plots.forecast_chart(ctx.spend.groupby("month")["cost_usd"].sum(),
                                {"bill trend (80 % interval)": forecast_frame(ctx)})
