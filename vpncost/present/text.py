"""Plain-text rendering of result tables for the terminal (presentation only: no arithmetic on costs)."""
from __future__ import annotations

import numpy as np
import pandas as pd

from vpncost.formats import HALF_CENT, rate, usd  # noqa: F401 (the formatters every view uses, also below the model)
from vpncost.present.layout import paragraph, table as fit_table
from vpncost.pricing.catalog import tier_label


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


#: C0 and C1 control characters (ESC, BEL, NUL, CR, ...) shown as ``\\xNN``; newline and tab stay.
_CONTROL = {c: f"\\x{c:02x}" for c in (*range(0x00, 0x09), *range(0x0B, 0x20), 0x7F, *range(0x80, 0xA0))}


def terminal_safe(text: str, one_line: bool = False) -> str:
    """``text`` with control characters escaped, so a name or an account id read from a file cannot move the
    cursor, ring the bell or retitle the terminal; with ``one_line`` a newline is escaped too.

    Parameters
    ----------
    text : str
        What is about to be printed.
    one_line : bool
        Escape newlines as well (error messages are one line).
    """
    out = text.translate(_CONTROL)
    return out.replace("\n", "\\n") if one_line else out


def csv_safe(table: pd.DataFrame) -> pd.DataFrame:
    """The table as CSV cells: every text cell a spreadsheet would run as a formula (starting with = + - @, a tab
    or a carriage return) prefixed with a single quote, as OWASP's CSV-injection advice has it; lists (reasons,
    warnings) as plain text joined by "; "; money rounded to the cent (:func:`is_money_column`); numbers stay
    numbers.

    Parameters
    ----------
    table : pandas.DataFrame
        A table about to be written as CSV.
    """
    out = table.copy()
    for col in out.columns:
        if out[col].dtype == object:  # reasons, warnings: plain text, not Python's tuple syntax
            out[col] = ["; ".join(map(str, v)) if isinstance(v, (tuple, list)) else v for v in out[col]]
        if is_money_column(col) and pd.api.types.is_float_dtype(out[col]):
            out[col] = out[col].round(2)  # 3487.70, not 3487.7000000000003; rates and quantities stay exact
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col]):
            out[col] = [f"'{v}" if isinstance(v, str) and v.startswith(FORMULA_START) else v for v in out[col]]
    return out


def is_money_column(name) -> bool:
    """An amount of money [USD] (``cost_usd``, ``total_usd``, ``year_2_usd``, ``outage_usd_per_month``...), which
    CSV rounds to the cent; not a price per unit (``PRICE_COLUMNS``, a price table's ``usd``, ``usd_per_ms_saved``),
    which stays exact.

    Parameters
    ----------
    name : str
        A column name.
    """
    name = str(name)
    return name.endswith(("_usd", "_usd_per_month")) and name not in PRICE_COLUMNS


#: columns that hold a price per unit, not an amount: ``rate_usd`` of a breakdown, ``old_usd``/``new_usd`` of a
#: price diff (a change in the third decimal must not be rounded away)
PRICE_COLUMNS = ("rate_usd", "old_usd", "new_usd")


def write_csv(table: pd.DataFrame, stream) -> None:
    """``table`` as CSV on ``stream``, formula-safe (:func:`csv_safe`)."""
    csv_safe(table).to_csv(stream, index=False)


STATUS_CODE = {"sourced": "S", "single_source": "1", "assumed": "A", "price_list": "P", "override": "O"}


def price_table_text(table: pd.DataFrame, catalog, width: "int | None" = None) -> str:
    """The price rows as an aligned table, with the snapshot date and a legend for assumed rows."""
    if table.empty:
        return f"No prices match (price table {catalog.path}, as of {catalog.as_of})."
    view = pd.DataFrame({
        "service": table["service"], "item": table["item"], "region": table["region"],
        "location": table["location"], "variant": table["variant"],
        "tier": [tier_label(s, e) for s, e in zip(table["tier_start"], table["tier_end"])],
        "rate": [f"{rate(u)} per {unit}" for u, unit in zip(table["usd"], table["unit"])],
        "status": table["status"], "as_of": table["as_of"], "source": table["source"],
    })
    lines = [f"Prices as of {catalog.snapshot} (USD list prices; table: {catalog.path})"]
    if width is None:
        lines.append(fit_table(view, width))
    else:  # a terminal: columns equal on every row go to one line above the table, Region, location and variant
        # share a column, the status is a letter and each (source, date) is a numbered note below the table
        same = [c for c in ("service", "item", "region", "location", "variant", "tier") if view[c].nunique() == 1]
        if any(view[c].iloc[0] for c in same):
            lines.append("; ".join(f"{c}: {view[c].iloc[0]}" for c in same if view[c].iloc[0]))
        where = [c for c in ("region", "location", "variant") if c not in same]
        notes = list(dict.fromkeys(zip(table["as_of"], table["source"])))
        narrow = pd.DataFrame({
            **{c: view[c] for c in ("service", "item") if c not in same},
            **({" / ".join(where): [
                (" to " if item == "inter_region_out" else " ").join(v for v in vals if v not in ("*", "")) or "*"
                for item, vals in zip(table["item"], zip(*(view[c] for c in where)))]}  # a Region pair: from, to
               if where else {}),
            **({"tier": view["tier"]} if "tier" not in same else {}),
            "rate": view["rate"], "st": [STATUS_CODE.get(v, v) for v in view["status"]],
            "src": [f"[{notes.index(k) + 1}]" for k in zip(table["as_of"], table["source"])],
        })
        lines += [fit_table(narrow, width, key=0),
                  "st: " + ", ".join(f"{c} {n.replace('_', ' ')}" for n, c in STATUS_CODE.items()), "sources:"]
        lines += [f"  [{i + 1}] {src} (as of {as_of})" for i, (as_of, src) in enumerate(notes)]
    if (table["status"] == "assumed").any():
        lines.append("status 'assumed': no sourced price; a documented rule applies (see the note column with --csv).")
    return _join(lines, width)


def _join(lines, width: "int | None") -> str:
    """The lines of a verb's output, prose wrapped to ``width`` (tables arrive fitted)."""
    return "\n".join(line if "\n" in line else paragraph(line, width) for line in lines)


SHORT_ITEMS = {"VPN connection-hour": "VPN", "TGW VPN attachment-hour": "TGW-VPN", "TGW VPC attachment-hour": "TGW-VPC",
               "TGW DX-gateway attachment-hour": "TGW-DXGW", "TGW data processing": "TGW-GB",
               "internet data transfer out": "internet", "Cloud WAN core network edge-hour": "CloudWAN",
               "public IPv4 address-hour": "IPv4", "DX data transfer out (per location)": "DX-out",
               "DT-Premium (per edge group)": "DT-Prem"}


def coverage_text(table: pd.DataFrame, catalog, width: "int | None" = None) -> str:
    """``vpncost prices coverage``: per Region, how each item's prices are known."""
    def cell(r) -> str:
        if r.expected == 1:
            return STATUS_CODE.get(
                next((s for s in ("sourced", "single_source", "assumed", "price_list", "override") if getattr(r, s)), ""), "-")
        parts = [f"{n}{c}" for c, n in (("S", r.sourced + r.price_list + r.override), ("1", r.single_source),
                                        ("A", r.assumed), ("-", r.missing)) if n]
        return " ".join(parts)
    view = table.assign(cell=[cell(r) for r in table.itertuples(index=False)])
    wide = view.pivot(index="region", columns="item", values="cell").reindex(index=list(dict.fromkeys(table["region"])),
                                                                           columns=list(SHORT_ITEMS))
    wide = wide.rename(columns=SHORT_ITEMS).reset_index()
    totals = table[["expected", "sourced", "single_source", "assumed", "price_list", "override", "missing"]].sum()
    return _join([f"Price coverage of {catalog.snapshot} ({catalog.path})",
                      "S sourced, 1 single source, A assumed (a stated rule), P Price List, O override, - missing "
                      "(AWS publishes no price); DX-out counts the 143 locations, DT-Prem the edge groups",
                      fit_table(wide, width), "",
                      f"{int(totals.expected)} prices expected: {int(totals.sourced)} sourced, "
                      f"{int(totals.single_source)} single source, {int(totals.assumed)} assumed, "
                      f"{int(totals.price_list + totals.override)} Price List or override, {int(totals.missing)} missing"],
                 width)


def diff_text(changes: pd.DataFrame, old, new, totals: "pd.DataFrame | None" = None,
              width: "int | None" = None) -> str:
    """``vpncost prices diff``: what changed between two price tables, and each option's total under both."""
    counts = changes["change"].value_counts()
    lines = [f"{old.path} ({old.snapshot}) -> {new.path} ({new.snapshot})",
             f"{counts.get('changed', 0)} prices changed, {counts.get('added', 0)} added, {counts.get('removed', 0)} removed"]
    changed = changes[changes["change"] == "changed"]
    if len(changed):
        view = pd.DataFrame({"service": changed["service"], "item": changed["item"], "region": changed["region"],
                             "location": changed["location"], "variant": changed["variant"],
                             "tier": [tier_label(s, np.inf) if s else "" for s in changed["tier_start"]],
                             "old": [rate(v) for v in changed["old_usd"]], "new": [rate(v) for v in changed["new_usd"]],
                             "change": [f"{p:+.1f}%" if np.isfinite(p) else "" for p in changed["change_pct"]]})
        lines += ["", fit_table(view, width)]
    for kind in ("added", "removed"):
        part = changes[changes["change"] == kind]
        if len(part):
            per = part.groupby(["service", "item"]).size()
            lines.append(f"{kind}: " + "; ".join(f"{n} {s}/{i}" for (s, i), n in per.items()))
    if totals is not None:
        view = pd.DataFrame({"option": totals["option"], "old": [usd(v) for v in totals["old_usd"]],
                             "new": [usd(v) for v in totals["new_usd"]],
                             "change": [f"{usd(d)} ({p:+.1f}%)" if np.isfinite(p) else (usd(d) if np.isfinite(d) else "")
                                        for d, p in zip(totals["change_usd"], totals["change_pct"])],
                             "note": totals["error"]})  # whole: fit_table wraps it, --wide prints it as it is
        lines += ["", f"Totals per period under both tables ({totals.attrs.get('scenario', '')}):",
                  fit_table(view, width)]
    return _join(lines, width)


def estimate_text(breakdown: pd.DataFrame, summary: pd.DataFrame, scenario, as_of: str,
                  width: "int | None" = None) -> str:
    """The estimate as the terminal shows it: one block per option, then the totals side by side."""
    hours = scenario.hours
    lines = [f"{scenario.name} | {scenario.region} | {hours:g} h"
             + (f" ({hours / scenario.hours_per_month:g} months)" if hours != scenario.hours_per_month else "")
             + f" | prices as of {as_of} (USD list prices)"]
    for opt in summary.itertuples(index=False):
        part = breakdown[breakdown["option"] == opt.option]
        view = pd.DataFrame({
            "component": [c + (" *" if a else "") for c, a in zip(part["component"], part["assumed"])],
            "tier": part["tier"],
            "quantity": [f"{q:,.2f}".rstrip("0").rstrip(".") for q in part["quantity"]],
            "unit": part["unit"],
            "rate": [rate(r) for r in part["rate_usd"]],
            "cost": [usd(c) for c in part["cost_usd"]],
        })
        table = fit_table(view, None)
        if width is not None and max(map(len, table.splitlines())) > width:  # narrow: the tier beside the
            table = fit_table(pd.DataFrame({                                 # component, quantity with its unit
                "component": [c + (f" ({t})" if t else "") for c, t in zip(view["component"], view["tier"])],
                "quantity": [f"{q} {u}" for q, u in zip(view["quantity"], view["unit"])],
                "rate": view["rate"], "cost": view["cost"]}), width)
        lines += ["", f"{opt.option}  [{opt.kind}]", table,
                  f"  total {usd(opt.total_usd)}" + (f"  ({usd(opt.monthly_usd)} per month)" if hours != scenario.hours_per_month else "")]
        for r in opt.reasons:
            lines.append(f"  NOT FEASIBLE: {r}")
        for w in opt.warnings:
            lines.append(f"  warning: {w}")
    lines += ["", summary_text(summary, width)]
    if breakdown["assumed"].any():
        lines.append("* assumed price: no sourced rate for this Region; a documented rule applies (vpncost prices show --csv).")
    return _join(lines, width)


def summary_text(summary: pd.DataFrame, width: "int | None" = None) -> str:
    """Totals per option, cheapest feasible first."""
    s = summary.sort_values(["feasible", "total_usd"], ascending=[False, True])
    view = pd.DataFrame({
        "rank": ["" if pd.isna(r) else int(r) for r in s["rank"]],
        "option": s["option"], "total": [usd(v) for v in s["total_usd"]],
        "per month": [usd(v) for v in s["monthly_usd"]], "AWS": [usd(v) for v in s["aws_usd"]],
        "customer": [usd(v) for v in s["customer_usd"]],
        "capacity": [f"{c:,.0f} Mbps" for c in s["capacity_mbps"]],
        "feasible": ["yes" if f else "no" for f in s["feasible"]],
        "RTT (model)": [f"{r:,.0f} ms" for r in s["rtt_ms"]],
        "jitter (model)": [f"{j:,.1f} ms" for j in s["jitter_ms"]],
    })
    return fit_table(view, width, key=2)


def compare_text(scenario, as_of: str, summary: pd.DataFrame, break_even: pd.DataFrame, tco_summary: pd.DataFrame,
                 sensitivity: pd.DataFrame, variable: str = "egress_gb", years: "int | None" = None,
                 width: "int | None" = None) -> str:
    """``vpncost compare``: totals, break-even points, multi-year totals and the sensitivity table."""
    from vpncost.model.compare import BREAK_EVEN_X_MAX

    sc = scenario
    lines = [f"{sc.name} | {sc.region} | {sc.hours:g} h | prices as of {as_of}", "", summary_text(summary, width)]
    unranked = summary[~summary["feasible"].astype(bool)]
    if len(unranked):  # why an option has no rank: the reasons estimate prints under its breakdown
        lines += ["", "Not ranked (cannot carry the traffic):"]
        lines += [f"  {r.option}: {'; '.join(r.reasons)}" for r in unranked.itertuples(index=False)]
    lines += ["", f"Break-even ({variable}, GB per {sc.hours:g} h; others held at the scenario's values):"]
    if break_even.empty:
        lines.append(f"  no crossings between 0 and {BREAK_EVEN_X_MAX:,.0f} GB among options that can carry the "
                     "traffic there")
    for r in break_even.itertuples(index=False):
        lines.append(f"  {r.option_a} = {r.option_b} at {r.x:,.0f} GB ({usd(r.cost_usd)}); {r.cheaper_above} is cheaper above")
    lines += ["", f"TCO over {years or sc.years} years (growth {sc.traffic.growth_pct_per_year:g}%/year):"]
    view = tco_summary.copy()
    for c in view.columns[1:]:
        view[c] = [usd(v) for v in view[c]]
    lines.append(fit_table(view, width))
    if sensitivity.empty:
        lines += ["", "Sensitivity: fewer than two options can carry the traffic, so there is no ranking to move."]
    else:
        lines += ["", "Sensitivity (each input -50%/+50%; margin = the base case's runner-up minus its cheapest option; "
                  "negative: the runner-up has become cheaper):"]
        v = sensitivity[["input", "best_at_low", "best_at_high", "margin_low_usd", "margin_high_usd", "changes_ranking"]].copy()
        v["margin_low_usd"] = [usd(x) for x in v["margin_low_usd"]]
        v["margin_high_usd"] = [usd(x) for x in v["margin_high_usd"]]
        lines.append(fit_table(v, width))
    return _join(lines, width)


def acceleration_text(table: pd.DataFrame, scenario, as_of: str, width: "int | None" = None) -> str:
    """The acceleration trade-off per site, with the verdict rule spelled out."""
    view = pd.DataFrame({
        "site": table["site"], "edge": table["edge"] + " (" + table["edge_group"] + ")",
        "RTT std": [f"{v:,.0f} ms" for v in table["rtt_standard_ms"]],
        "RTT accel": [f"{v:,.0f} ms" for v in table["rtt_accelerated_ms"]],
        "saved": [f"{round(v, 1) + 0:,.1f} ms" for v in table["saved_ms"]],
        "extra/month": [usd(v) for v in table["extra_usd_per_month"]],
        "$/ms": ["" if v == float("inf") else usd(v) for v in table["usd_per_ms_saved"]],
        "verdict": table["verdict"],
    })
    return _join([
        f"Accelerated VPN to {scenario.region} | prices as of {as_of} | latency is modelled, not measured",
        fit_table(view, width),
        f"Rule: {table.attrs.get('rule', '')}.",
        "Extra cost = 2 accelerators per connection + DT-Premium for the site's edge group"
        + (" + the transit gateway a VGW baseline does not need." if (table["transit_gateway_usd"] > 0).any() else "."),
    ], width)


def failover_view(table: pd.DataFrame) -> pd.DataFrame:
    """The failover table for people, one design a row: the CLI and the report print this (headers explained by
    :func:`failover_legend`; every figure from :func:`vpncost.failover.designs.compare`)."""
    from vpncost.formats import percent_of_time

    detect = table["downtime_with_detection_min_per_year"] - table["downtime_min_per_year"]
    mark = ["" if src == "scenario option" else " *" for src in table.get("source", ["scenario option"] * len(table))]
    return pd.DataFrame({
        "design": table["design"] + mark,
        "per month": [usd(v) for v in table["monthly_usd"]],
        "carries the peak": ["yes" if ok else "no" for ok in table["feasible"]],
        "availability with detection": [percent_of_time(a) for a in table["availability_with_detection"]],
        "downtime/yr with detection": [f"{m:,.1f} min" for m in table["downtime_with_detection_min_per_year"]],
        "of which detection": [f"{m:,.1f} min" for m in detect],
        "simulated mean [95% interval]": [
            f"{m:,.1f} [{lo:,.1f}-{hi:,.1f}]" for m, lo, hi in zip(table["sim_downtime_mean_min_per_year"],
                                                                  table["sim_downtime_ci_low_min_per_year"],
                                                                  table["sim_downtime_ci_high_min_per_year"])],
        "p95 / p99 year": [f"{a:,.0f} / {b:,.0f} min" for a, b in zip(table["sim_downtime_p95_min_per_year"],
                                                                     table["sim_downtime_p99_min_per_year"])],
        "failovers/yr": [f"{x:.1f}" for x in table["failovers_per_year"]],
        "below peak/yr": [f"{m:,.0f} min" for m in table["below_peak_min_per_year"]],
        "outage/mo": [usd(v) for v in table["outage_usd_per_month"]],
        "SLA credits/mo": [usd(v) for v in table["sla_credit_usd_per_month"]],
        "risk-adjusted/mo": [usd(v) for v in table["risk_adjusted_usd_per_month"]],
        "frontier": ["yes" if x else "" for x in table["frontier"]],
    })


def failover_legend(table: pd.DataFrame) -> list:
    """What each column of :func:`failover_view` is, from :data:`vpncost.failover.designs.FIGURES`."""
    from vpncost.failover.designs import FIGURES

    years = int(table["simulated_years"].iloc[0]) if len(table) else 0

    def what(col):
        return FIGURES[col][1].split(" [")[0]
    return [
        f"availability and downtime/yr with detection: exact (every combination of failures enumerated); "
        f"{what('downtime_with_detection_min_per_year')} (JSON and CSV: *_with_detection; availability and "
        "downtime_min_per_year there leave detection out). "
        f"Of which detection: the seconds BGP or dead peer detection takes to notice a failure.",
        f"simulated mean [95% interval], p95 / p99 year: from {years:,} seeded years per design (detection included); "
        "p95: one year in 20 is worse.",
        "carries the peak: " + ("; ".join(f"{d}: {'; '.join(rs)}" for d, ok, rs in
                                          zip(table["design"], table["feasible"], table["reasons"]) if not ok)
                                if not table["feasible"].all() else "every design can carry the traffic."),
        f"risk-adjusted = monthly cost + expected outage cost ({what('outage_usd_per_month')}) - expected SLA credits; "
        "frontier: no feasible design is cheaper and at least as available.",
    ]


def failover_text(table: pd.DataFrame, scenario, as_of: str, pitfalls=(), width: "int | None" = None) -> str:
    """Designs side by side: cost, availability, downtime (exact and simulated) and risk-adjusted cost."""
    f = scenario.failover
    outage = table.attrs.get("outage_cost_usd_per_hour", f.outage_cost_usd_per_hour)
    lines = [f"Failover: {scenario.name} | peak {scenario.traffic.peak_mbps:,.0f} Mbps | outage "
             f"{usd(outage)}/h | {int(table['simulated_years'].iloc[0]):,} simulated years per "
             f"design, seed {table.attrs.get('seed', f.seed)} | prices as of {as_of}",
             fit_table(failover_view(table), width),
             "* reference design. Failure rates are assumptions: set failover.rates."]
    lines += failover_legend(table)
    lines += [f"pitfall: {p}" for p in pitfalls]
    return _join(lines, width)


def spend_text(spend: pd.DataFrame, source: str, variance: "pd.DataFrame | None" = None,
               width: "int | None" = None) -> str:
    """Monthly connectivity spend by component, top accounts and Regions, and the variance against the model."""
    from vpncost.spend.readers.cur import monthly_by_component

    if spend.empty:
        return f"No connectivity spend found in {source}."
    lines = [f"Connectivity spend from {source}", ""]
    wide = monthly_by_component(spend)
    wide["total"] = wide.sum(axis=1)
    view = wide.apply(lambda col: [usd(v) for v in col]).reset_index()
    lines += [fit_table(view, width), ""]
    for key in ("account_id", "region"):
        top = spend.groupby(key)["cost_usd"].sum().sort_values(ascending=False).head(5)
        lines.append(f"top {'accounts' if key == 'account_id' else 'Regions'}: " + ", ".join(f"{k} {usd(v)}" for k, v in top.items()))
    if variance is not None and not variance.empty:
        v = pd.DataFrame({
            "component": variance["component"], "billed": [usd(x) for x in variance["billed_usd"]],
            "model": [usd(x) for x in variance["model_usd"]], "variance": [usd(x) for x in variance["variance_usd"]],
            "%": ["" if pd.isna(p) else f"{p:+.1f}%" for p in variance["variance_pct"]],
            "status": variance["status"], "likely reasons": variance["likely_reasons"],
        })
        lines += ["", f"Model vs bill, {variance.attrs.get('month', '')} (model priced for the month's hours):",
                  fit_table(v, width)]
    return _join(lines, width)


def allocation_text(allocation: pd.DataFrame, width: "int | None" = None) -> str:
    """``spend --allocate``: what each consumer is charged per month, and what stayed unallocated."""
    from vpncost.spend.allocate import by_consumer

    basis = ", ".join(sorted(set(allocation["basis"]) - {"no matching share", "untagged"})) or "none"
    wide = by_consumer(allocation)
    wide["total"] = wide.sum(axis=1)
    view = wide.apply(lambda col: [usd(v) for v in col]).reset_index()
    lines = [f"Chargeback by consumer (basis: {basis}; each month adds up to its bill to the cent):",
             fit_table(view, width)]
    left = allocation[allocation["basis"] == "no matching share"]
    untagged = allocation[allocation["basis"] == "untagged"]
    if len(untagged):
        lines.append(f"untagged: {usd(untagged['cost_usd'].sum())} on {len(untagged)} line(s) whose resources carry no "
                     "such tag (they stay with the paying account)")
    if len(left):
        lines.append(f"unallocated: {usd(left['cost_usd'].sum())} on {len(left)} line(s) that no share row matches "
                     "(they stay with the paying account); add rows naming their month, payer or component")
    return _join(lines, width)


def forecast_text(forecast: pd.DataFrame, width: "int | None" = None) -> str:
    """``spend --forecast``: next months per component, each with its band, history and model apart."""
    lines = []
    for method, part in forecast.groupby("method", sort=False):
        view = part.assign(cell=[f"{usd(c)} ({usd(lo, 0)}-{usd(hi, 0)})" for c, lo, hi in
                                 zip(part["cost_usd"], part["low_usd"], part["high_usd"])])
        wide = view.pivot(index="component", columns="month", values="cell").reset_index()
        what = ("from the bill's history: linear trend per component, 80 % prediction interval in brackets"
                if method == "history trend" else
                "from the cost model: traffic at the scenario's growth, band = growth -/+ 5 points (or half)")
        lines += [f"Forecast {what}:", fit_table(wide, width), ""]
    return _join(lines[:-1], width)


def idle_text(idle: pd.DataFrame, width: "int | None" = None) -> str:
    """``spend --idle``: idle connections, why, the evidence and the monthly saving of removing each."""
    if idle.empty:
        return "Idle and waste: no idle connection found (every connection carried traffic and has its tunnels up)."
    view = pd.DataFrame({"resource": idle["resource_id"], "finding": idle["finding"], "evidence": idle["evidence"],
                         "saving/month": [usd(v) for v in idle["monthly_saving_usd"]]})
    return _join([f"Idle and waste: {len(idle)} connection(s), {usd(idle['monthly_saving_usd'].sum())} a month if "
                  "removed (read-only findings; check before deleting anything):", fit_table(view, width)], width)


def _totals_view(t: pd.DataFrame, level: str) -> pd.DataFrame:
    return pd.DataFrame({level: [v or "(on premises)" for v in t[level]], "total": [usd(v) for v in t["total_usd"]],
                         "per month": [usd(v) for v in t["monthly_usd"]]})


def network_text(model, width: "int | None" = None, rule: str = "traffic", detail: bool = False) -> str:
    """A network's estimate as the terminal shows it: totals by account, Region and resource, each site's cost to
    connect, the paths, the capacity checks; every line with ``detail``."""
    from vpncost.model.network import summary
    net = model.network
    b = model.breakdown()
    s = summary(model)
    hours = net.hours
    lines = [f"{net.name} | network: {len(net.sites)} site entries ({sum(x.count for x in net.sites):,} sites), "
             f"{len(net.regions)} Regions, {len(net.accounts)} accounts | {hours:g} h | prices as of "
             f"{model.catalog.as_of} (USD list prices)", "",
             f"Total {usd(s['total_usd'])}" + (f" ({usd(s['monthly_usd'])} per month)"
                                                if hours != net.hours_per_month else "")]
    for level in ("account", "region", "resource"):
        lines += ["", f"By {level}", fit_table(_totals_view(model.totals_by(level, b), level), width)]
    c = model.cost_to_connect(rule)
    view = pd.DataFrame({"site": c["site"], "sites": [f"{n:,}" if n else "" for n in c["count"]],
                         "own": [usd(v) for v in c["own_usd"]], "shared": [usd(v) for v in c["shared_usd"]],
                         "total": [usd(v) for v in c["total_usd"]],
                         "per site": ["" if pd.isna(v) else usd(v) for v in c["per_site_usd"]],
                         "share": [f"{v:.1f}%" for v in c["share_pct"]]})
    lines += ["", f"Cost to connect each site (shared resources split by {rule}; adds up to the total)",
              fit_table(view, width)]
    p = model.paths
    lines += ["", "Paths", fit_table(pd.DataFrame({
        "site": p["site"], "Region": p["region"], "via": p["via"],
        "then": [f"{h}" if h else "" for h in p["hop"]]}), width)]
    k = model.checks
    lines += ["", "Capacity", fit_table(pd.DataFrame({
        "resource": k["resource"], "demand": [f"{v:,.0f} Mbps" for v in k["demand_mbps"]],
        "capacity": [f"{v:,.0f} Mbps" for v in k["capacity_mbps"]],
        "feasible": ["yes" if f else "NO" for f in k["feasible"]]}), width)]
    for r in s["reasons"]:
        lines.append(f"  NOT FEASIBLE: {r}")
    for w in s["warnings"]:
        lines.append(f"  warning: {w}")
    if detail:
        lines += ["", "Lines", fit_table(pd.DataFrame({
            "account": b["account"], "Region": b["region"], "site": b["site"], "component": [
                c + (" *" if a else "") + (f" ({t})" if t else "") for c, a, t in
                zip(b["component"], b["assumed"], b["tier"])],
            "quantity": [f"{q:,.2f}".rstrip("0").rstrip(".") + f" {u}" for q, u in zip(b["quantity"], b["unit"])],
            "cost": [usd(v) for v in b["cost_usd"]]}), width)]
    for note in s["notes"]:
        lines.append(f"note: {note}")
    if s["assumed_prices"]:
        lines.append("* assumed prices: " + "; ".join(s["assumed_prices"]))
    return _join(lines, width)


def network_compare_text(net, as_of: str, designs: pd.DataFrame, sites: pd.DataFrame,
                         width: "int | None" = None, rule: str = "traffic") -> str:
    """Each design's total and what changes, then every site's cost to connect under each design."""
    lines = [f"{net.name} | {len(designs)} designs | prices as of {as_of} (USD list prices)", "",
             fit_table(pd.DataFrame({
                 "design": designs["design"], "total": [usd(v) for v in designs["total_usd"]],
                 "change": ["" if i == 0 else ("+" if v > 0 else "") + usd(v)
                            for i, v in enumerate(designs["change_usd"])],
                 "feasible": ["yes" if f else "NO" for f in designs["feasible"]],
                 "what changes": designs["changes"]}), width)]
    for row in designs.itertuples(index=False):
        for r in row.reasons:
            lines.append(f"  {row.design}: NOT FEASIBLE: {r}")
    view = pd.DataFrame({"site": sites["site"]})
    base = sites.columns[1]
    for col in sites.columns[1:]:
        view[col] = [usd(v) if col == base else f"{usd(v)} ({'+' if v - b0 > 0 else ''}{usd(v - b0)})"
                     if abs(v - b0) >= HALF_CENT else usd(v) for v, b0 in zip(sites[col], sites[base])]
    lines += ["", f"Cost to connect each site, by design (shared resources split by {rule})", fit_table(view, width)]
    return _join(lines, width)
