"""The optimizer's answer for a terminal and for a pipeline: the design per site, why, what is shared, the frontier."""
from __future__ import annotations

import math

import pandas as pd

from vpncost.present.layout import paragraph
from vpncost.present.text import fit_table, terminal_safe, usd


def _pct(v) -> str:
    return "" if v is None or (isinstance(v, float) and math.isnan(v)) else f"{v:.4f}%"


def _change(saving: float) -> str:
    return f"saves {usd(saving)}" if saving >= 0 else f"{usd(-saving)} more, as it meets targets the file misses"


def sites_view(plan) -> pd.DataFrame:
    """Per site: the choice, its cost to connect, availability, round trip, runner-up and the binding target."""
    t = plan.sites
    return pd.DataFrame({
        "site": t["site"], "choice": t["choice"], "per site": [usd(v) for v in t["per_site_usd"]],
        "availability": [_pct(v) for v in t["availability_pct"]], "RTT": [f"{v:.1f} ms" for v in t["rtt_ms"]],
        "runner-up (more per month)": [f"{r} (+{usd(d)})" if r else "none allowed"
                                       for r, d in zip(t["runner_up"], t["runner_up_more_usd"])],
        "target that binds": [b or "-" for b in t["binding"]]})


def shared_view(plan) -> pd.DataFrame:
    """What the chosen sites share: dedicated port groups and Concentrators."""
    rows = [(f"dedicated {speed} ports at {loc} (gateway to {', '.join(regions)})", n)
            for (loc, speed, regions), n in sorted(plan.ports.items())]
    rows += [(f"VPN Concentrator in {r}", n) for r, n in sorted(plan.concentrators.items())]
    return pd.DataFrame(rows, columns=["shared resource", "count"])


def plan_text(plan, width: "int | None" = None, frontier: "pd.DataFrame | None" = None) -> str:
    """The terminal view."""
    net = plan.network
    saving = plan.as_is_usd - plan.total_usd
    head = (f"{net.name}: {len(net.sites)} site entries | prices as of {plan.model.catalog.as_of} "
            f"(USD list prices) | {plan.status}, gap {plan.gap_pct:.3f}% | candidates priced in {plan.build_s:.1f} s, "
            f"solved in {plan.solve_s:.1f} s")
    lines = [paragraph(terminal_safe(head, one_line=True), width), "",
             paragraph(f"Cheapest design meeting the targets: {usd(plan.total_usd)} a month (as written: "
                       f"{usd(plan.as_is_usd)}: {_change(saving)})" + (
                           f"; expected outage cost {usd(plan.outage_usd)} a month, minimised with it"
                           if plan.outage_usd else ""), width), "",
             "Per site", fit_table(sites_view(plan), width)]
    shared = shared_view(plan)
    if len(shared):
        lines += ["", "Shared", fit_table(shared, width)]
    if frontier is not None:
        view = pd.DataFrame({"availability target": [f"{v:g}%" for v in frontier["availability_pct"]],
                             "per month": [usd(v) if not math.isnan(v) else "out of reach"
                                           for v in frontier["monthly_usd"]],
                             "least available site": [_pct(v) for v in frontier["lowest_site_pct"]]})
        lines += ["", paragraph("Cost-availability frontier (every site's target set to each value, per-site "
                                "targets included)", width), fit_table(view, width)]
    for n in plan.notes:
        lines.append(paragraph(terminal_safe(f"note: {n}", one_line=True), width))
    return "\n".join(lines)


def plan_json(plan, frontier: "pd.DataFrame | None" = None) -> dict:
    """The pipeline's document: totals, solver status, per-site choices and reasons, shared resources, the design."""
    doc = {"network": plan.network.name, "monthly_usd": plan.total_usd, "objective_usd": plan.objective_usd,
           "outage_usd": plan.outage_usd,
           "as_is_usd": plan.as_is_usd, "status": plan.status, "gap_pct": plan.gap_pct, "solve_s": plan.solve_s,
           "build_s": plan.build_s, "sites": plan.sites.to_dict("records"),
           "ports": [{"location": loc, "speed": s, "regions": list(r), "count": n}
                     for (loc, s, r), n in plan.ports.items()],
           "concentrators": plan.concentrators, "notes": plan.notes, "design": plan.design()}
    if frontier is not None:   # out of reach: null, not NaN (strict JSON)
        doc["frontier"] = [{k: (None if isinstance(v, float) and math.isnan(v) else v) for k, v in r.items()}
                           for r in frontier.to_dict("records")]
    return doc
