"""A priced plan or template (:mod:`vpncost.iac.estimate`) as the terminal, a pull-request comment (Markdown) and a
pipeline (JSON) show it. Every figure is the estimate's; user strings (addresses, names) are escaped for the
medium (terminal control characters; Markdown table pipes and HTML)."""
from __future__ import annotations

import html
import math

import pandas as pd

from vpncost.formats import HALF_CENT
from vpncost.present.layout import paragraph
from vpncost.present.text import fit_table, terminal_safe, usd


def _signed(x: float) -> str:
    return ("+" if x > HALF_CENT else "-" if x < -HALF_CENT else "") + usd(abs(x))


def counts(est) -> dict:
    c = est.coverage()["status"].value_counts()
    return {k: int(c.get(k, 0)) for k in ("priced", "free", "not modelled", "deleted", "not created")}


def _headline(est) -> str:
    t = est.totals()
    n = counts(est)
    if not n["priced"] and not n["deleted"]:   # never a bare $0: say why
        return (f"Monthly cost {usd(0.0)}: no resource of the input is one vpncost prices (connections, gateways' "
                "attachments, ports, peerings); each is listed below")
    if est.input.has_prior:
        return f"Monthly cost {usd(t['before_usd'])} before, {usd(t['after_usd'])} after ({_signed(t['change_usd'])})"
    return f"Monthly cost {usd(t['after_usd'])}"


def _what(est) -> str:
    n = counts(est)
    kind = "Terraform plan" if est.input.format == "terraform" else "CloudFormation template"
    parts = [f"{n['priced']} priced", f"{n['free']} free", f"{n['not modelled']} not modelled"]
    for k in ("deleted", "not created"):
        if n[k]:
            parts.append(f"{n[k]} {k}")
    return f"{kind} {est.input.path}: {_plural(len(est.coverage()), 'resource')} ({', '.join(parts)})"


def plan_text(est, width: "int | None" = None) -> str:
    """The terminal view: headline, cost per resource (before, after, change), coverage, notes."""
    d = est.diff()
    lines = [paragraph(terminal_safe(f"{_what(est)} | prices as of {est.model.catalog.as_of} (USD list prices)"),
                       width), "", paragraph(_headline(est), width), ""]
    view = pd.DataFrame({"resource": d["resource"], "after": [usd(v) for v in d["after_usd"]]})
    if est.input.has_prior:
        view.insert(1, "before", [usd(v) for v in d["before_usd"]])
        view["change"] = [_signed(v) for v in d["change_usd"]]
    cov = est.coverage()
    cols = ["address", "status", "detail"] if est.input.format == "terraform" else ["address", "type", "status",
                                                                                     "detail"]
    if len(view):
        lines += ["Per month by resource", fit_table(view, width), ""]
    accounts = est.by_account()
    if len(accounts) > 1:   # who pays what (each transit gateway's owner pays its attachments)
        lines += ["Per month by account", fit_table(pd.DataFrame({"account": accounts["account"], "after": [
            usd(v) for v in accounts["after_usd"]]}), width), ""]
    lines += ["Every resource of the input", fit_table(cov[cols], width)]
    if est.notes or warnings(est):
        lines += [""] + [paragraph(terminal_safe(f"warning: {w}", one_line=True), width) for w in warnings(est)]
        lines += [paragraph(terminal_safe(f"note: {n}", one_line=True), width) for n in est.notes]
    return "\n".join(lines)


def warnings(est) -> list:
    """What the network read from the input cannot carry (its capacity checks that fail) and the engine's
    warnings (a backup that could not carry the site), as for a network file."""
    c = est.model.checks
    return [r for r in c.loc[~c["feasible"], "reason"]] + list(est.model.warnings)


def _md(text) -> str:
    """A table cell: HTML escaped, pipes and newlines neutralised."""
    return html.escape(str(text), quote=False).replace("|", "&#124;").replace("\n", " ")


def plan_markdown(est) -> str:
    """A pull-request comment: the monthly change in bold, cost per resource, coverage folded, notes."""
    d = est.diff()
    out = [f"### vpncost: {_md(est.input.path)}", "", f"**{_md(_headline(est))}**", ""]
    if len(d) and est.input.has_prior:   # nothing priced: the headline says so and the coverage lists everything
        out += ["| Resource | Before | After | Change |", "|---|---:|---:|---:|"]
        out += [f"| {_md(r)} | {usd(b)} | {usd(a)} | {_signed(c)} |" for r, b, a, c in
                zip(d["resource"], d["before_usd"], d["after_usd"], d["change_usd"])] + [""]
    elif len(d):
        out += ["| Resource | Per month |", "|---|---:|"]
        out += [f"| {_md(r)} | {usd(a)} |" for r, a in zip(d["resource"], d["after_usd"])] + [""]
    cov = est.coverage()
    n = counts(est)
    extra = "".join(f", {n[k]} {k}" for k in ("deleted", "not created") if n[k])
    out += [f"<details><summary>{_plural(len(cov), 'resource')}: {n['priced']} priced, {n['free']} free, "
            f"{n['not modelled']} not modelled{extra}</summary>", "", "| Address | Type | Status | Detail |",
            "|---|---|---|---|"]
    out += [f"| `{_md(a)}` | {_md(t)} | {_md(s)} | {_md(x)} |" for a, t, s, x in
            zip(cov["address"], cov["type"], cov["status"], cov["detail"])]
    out += ["", "</details>"]
    if est.notes or warnings(est):
        out += [""] + [f"- **{_md(w)}**" for w in warnings(est)] + [f"- {_md(n)}" for n in est.notes]
    traffic = f"traffic from {_md(est.usage)}" if est.usage else "fixed charges only (no usage file)"
    out += ["", f"<sub>AWS list prices as of {_md(est.model.catalog.as_of)}, USD; {traffic}.</sub>"]
    return "\n".join(out)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def plan_json(est, rule: str = "traffic") -> dict:
    """The pipeline's document: totals, per-resource diff, coverage, notes, each site's cost, every line."""
    def records(t):
        return [{k: (None if isinstance(v, float) and math.isnan(v) else v) for k, v in r.items()}
                for r in t.to_dict(orient="records")]
    return {"input": est.input.path, "format": est.input.format, "prices_as_of": est.model.catalog.as_of,
            "prices_snapshot": est.model.catalog.snapshot, **est.totals(), "has_prior_state": est.input.has_prior,
            "resources": records(est.diff()), "coverage": records(est.coverage()), "notes": list(est.notes),
            "warnings": warnings(est),
            "sites": records(est.model.cost_to_connect(rule)), "lines": records(est.model.breakdown())}
