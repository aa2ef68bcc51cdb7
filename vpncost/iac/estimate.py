"""Price infrastructure code: the network a plan or template describes, before and after, and alternatives.

:func:`load` reads the input (told apart by content: a ``terraform show -json`` document, or a CloudFormation
template) and :func:`estimate` prices it with the network model (:mod:`vpncost.model.network`), so a plan, a
network file and a scenario are priced by the same code and give the same figure for the same network.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from vpncost.errors import ScenarioError
from vpncost.formats import HALF_CENT
from vpncost.iac import cloudformation, terraform
from vpncost.iac.resources import Resource
from vpncost.iac.translate import Translation, translate

STATUS_ORDER = ("priced", "free", "not modelled")


@dataclass
class Input:
    """A plan or template read: its resources before and after (a template: after only)."""

    path: str
    format: str                  # terraform | cloudformation
    before: list                 # Resource rows (empty for a template, or a plan that creates everything)
    after: list
    problems: list = field(default_factory=list)   # (address, text, type): not created, not resolved
    has_prior: bool = False      # the plan changes resources that exist (a diff is meaningful)


def detect(data) -> "str | None":
    """``terraform``, ``cloudformation`` or None for a parsed document."""
    if terraform.is_plan(data):
        return "terraform"
    if cloudformation.is_template(data):
        return "cloudformation"
    return None


def is_iac_text(text: str) -> bool:
    """True when a file's text is a Terraform plan or a CloudFormation template (cheap: no full validation)."""
    text = terraform.unwrap(text)
    head = text.lstrip()[:1]
    if head == "{":   # JSON: a plan or template, unless it is a scenario or network written as JSON
        try:
            import json
            data = json.loads(text)
        except ValueError:
            return True   # read as a plan: its one line names the JSON error
        return detect(data) is not None or not (isinstance(data, dict) and (
            {"options", "sites", "kind", "parts"} & set(data)))
    return "AWSTemplateFormatVersion" in text or ("Resources:" in text and "AWS::" in text)


def load(path, region: "str | None" = None, parameters: "dict | None" = None) -> Input:
    """Read a Terraform plan (JSON) or a CloudFormation template (YAML or JSON).

    Parameters
    ----------
    path : str or Path
        The file.
    region : str, optional
        Region of resources the input does not place (a template's ``AWS::Region``).
    parameters : dict, optional
        Template parameter values (``--parameter NAME=VALUE``).
    """
    from vpncost.fileio import read_input

    text = read_input(path, "plan or template", ScenarioError)   # real plans run to hundreds of MB
    src = str(path)
    data = (terraform.parse(text, src) if terraform.unwrap(text).lstrip().startswith("{")
            else cloudformation.parse(text, src))
    kind = detect(data)
    if kind == "terraform":
        if parameters:
            raise ScenarioError("--parameter: template parameters apply to CloudFormation templates, not plans")
        before, after = terraform.read_plan(data, src, region)
        prior = any(r.action != "create" for r in after) or any(r.action == "delete" for r in before)
        return Input(src, kind, before, after, has_prior=prior)
    if kind == "cloudformation":
        resources, problems = cloudformation.read_template(data, src, region, parameters)
        return Input(src, kind, [], resources, problems)
    raise ScenarioError(f"{src}: neither a Terraform plan (the JSON of 'terraform show -json PLANFILE') nor a "
                        "CloudFormation template (a mapping with Resources)")


@dataclass
class Estimate:
    """A priced plan or template."""

    input: Input
    after: Translation
    model: object                       # NetworkModel of the network after
    before: "Translation | None" = None
    before_model: object = None
    notes: list = field(default_factory=list)
    usage: "str | None" = None          # the usage file read, None without one

    def coverage(self) -> pd.DataFrame:
        """Every resource of the input: address, type, status (priced, free, not modelled, deleted), detail, and
        the attributes known only after apply (the price never depends on them: what does is listed in the
        notes)."""
        rows = list(self.after.coverage)
        seen = {r["address"] for r in rows}
        if self.before is not None:   # deleted by the plan: listed with what they were
            rows += [{**r, "status": "deleted", "detail": "deleted by the plan: " + r["detail"]}
                     for r in self.before.coverage if r["address"] not in seen]
        problems: dict = {}
        for address, text, kind in self.input.problems:
            if address in seen:
                problems[address] = problems.get(address, "") + f"; {text}"
            elif text.startswith("not created"):
                rows.append({"address": address, "type": kind, "status": "not created", "detail": text})
        t = pd.DataFrame(rows, columns=["address", "type", "status", "detail", "known_after_apply"]).fillna("")
        t["detail"] = [d + problems.get(a, "") for a, d in zip(t["address"], t["detail"])]
        return t

    def diff(self) -> pd.DataFrame:
        """Monthly cost per network resource before and after the plan, and the change [USD per month]."""
        after = self.model.totals_by("resource").set_index("resource")["monthly_usd"].rename("after_usd")
        if self.before_model is None:
            before = pd.Series(0.0, index=after.index, name="before_usd")
        else:
            before = self.before_model.totals_by("resource").set_index("resource")["monthly_usd"].rename("before_usd")
        t = pd.concat([before, after], axis=1).fillna(0.0)
        t["change_usd"] = t["after_usd"] - t["before_usd"]
        t = t[(t["before_usd"].abs() > HALF_CENT) | (t["after_usd"].abs() > HALF_CENT)]
        t = t.sort_values("change_usd", key=lambda s: -s.abs(), kind="stable").rename_axis("resource").reset_index()
        return t

    def by_account(self) -> pd.DataFrame:
        """Monthly cost per account after the plan: account, after_usd [USD per month]."""
        t = self.model.totals_by("account")
        return pd.DataFrame({"account": t["account"], "after_usd": t["monthly_usd"]})

    def totals(self) -> dict:
        """before_usd, after_usd, change_usd per month."""
        after = float(self.model.total()) * self._per_month(self.model)
        before = 0.0 if self.before_model is None else float(self.before_model.total()) * self._per_month(
            self.before_model)
        return {"before_usd": before, "after_usd": after, "change_usd": after - before}

    @staticmethod
    def _per_month(model) -> float:
        return model.network.hours_per_month / model.network.hours


def _network(resources: list, name: str, usage: dict, src: str, usage_src: str) -> tuple:
    from vpncost.network import from_dict
    t = translate(resources, name, usage, src, usage_src)
    return t, from_dict(t.network, source=f"{src} (as a network)")


def estimate(inp: Input, usage_path=None, catalog=None, alternatives: bool = False) -> Estimate:
    """Price what the input describes (and, for a plan that changes existing resources, what it replaces).

    Parameters
    ----------
    inp : Input
        From :func:`load`.
    usage_path : path, optional
        A usage file (:mod:`vpncost.iac.usage`).
    catalog : PriceCatalog, optional
        Prices (default: the shipped snapshot).
    alternatives : bool
        Add the design alternatives of :func:`alternatives` to the network (``compare``).
    """
    from vpncost.iac import usage as usage_mod
    from vpncost.model import network as nm

    entries = usage_mod.read(usage_path) if usage_path else {}
    usrc = str(usage_path or "usage")
    u_after, notes = usage_mod.for_resources(entries, inp.after, usrc)
    name = Path(inp.path).stem
    after, net = _network(inp.after, name, u_after, inp.path, usrc)
    if alternatives:
        designs = suggest(after.network)
        if designs:
            from vpncost.network import from_dict
            net = from_dict({**after.network, "designs": designs}, source=f"{inp.path} (as a network)")
    catalog = catalog or nm.catalog_for_network(net)
    est = Estimate(inp, after, nm.build(net, catalog), notes=notes + after.notes,
                   usage=str(usage_path) if entries else None)
    if inp.has_prior:
        u_before, before_notes = usage_mod.for_resources(entries, inp.before, usrc)
        est.before, before_net = _network(inp.before, name, u_before, inp.path, usrc)
        est.before_model = nm.build(before_net, catalog)
        unmatched = "no resource of the input has this address"   # used before the plan: not "not used"
        est.notes = [n for n in est.notes if unmatched not in n or n in before_notes]
    if not entries:
        est.notes.append("no usage file: fixed charges only (hours of connections, ports and attachments); "
                         "traffic charges need --usage FILE")
    est.notes = _collapse(est.notes)
    return est


def _collapse(notes: list) -> list:
    """Notes in order, each once; ``ADDRESS: same words`` for several addresses becomes one note naming them."""
    groups: dict = {}
    for n in notes:
        address, sep, rest = n.partition(": ")
        key = rest if sep and " " not in address and not address.endswith((".yml", ".yaml", ".json")) else n
        groups.setdefault(key, []).append(address if key == rest else None)
    out = []
    for key, addresses in groups.items():
        named = list(dict.fromkeys(a for a in addresses if a))
        if not named:
            out.append(key)
        elif len(named) == 1:
            out.append(f"{named[0]}: {key}")
        else:
            shown = ", ".join(named[:3]) + (f" and {len(named) - 3} more" if len(named) > 3 else "")
            out.append(f"{len(named)} resources ({shown}): {key}")
    return out


def suggest(network: dict) -> list:
    """Design alternatives for a network read from code, as ``designs`` overlays (:mod:`vpncost.network`):

    - **acceleration off**: every accelerated VPN without acceleration;
    - **standard tunnels**: every 5 Gbps (large) tunnel VPN on standard tunnels;
    - **VPNs on a Concentrator**: in each Region with a transit gateway and two or more sites on BGP VPNs, those
      sites on one VPN Concentrator (it serves up to 100 sites and 5 Gbps; the capacity checks say when not);
    - **Direct Connect with a VPN backup**: each Direct Connect site without another connection gains a BGP VPN
      to its first associated Region's gateway, marked backup.
    """
    designs = []
    sites = network["sites"]

    def without(field: str) -> dict:
        """Sites whose VPNs set ``field``, with it left to its default."""
        changes = {}
        for s in sites:
            conn = [{**c, "vpn": {k: v for k, v in c["vpn"].items() if k != field}}
                    if "vpn" in c and field in c["vpn"] else c for c in s["connect"]]
            if conn != s["connect"]:
                changes[s["name"]] = {"connect": conn}
        return changes

    off = without("accelerated")
    if off:
        designs.append({"name": "acceleration off", "sites": off})
    std = without("tunnel")
    if std:
        designs.append({"name": "standard tunnels", "sites": std})
    regions = network["regions"]
    by_region: dict = {}
    for s in sites:
        for c in s["connect"]:
            v = c.get("vpn")
            if v and v["gateway"] == "tgw" and v.get("routing", "bgp") == "bgp" and not v.get("accelerated") \
                    and v.get("tunnel") != "large":
                by_region.setdefault(v["region"], []).append(s["name"])
    conc_regions = {r: names for r, names in by_region.items() if len(set(names)) >= 2}
    if conc_regions:
        new_regions = {code: {**spec} for code, spec in regions.items()}
        for code in conc_regions:
            tg = dict(new_regions[code]["transit_gateway"])
            tg["concentrators"] = max(1, int(tg.get("concentrators", 0)))
            new_regions[code] = {**new_regions[code], "transit_gateway": tg}
        changes = {}
        for s in sites:
            conn = [({"concentrator": {"region": c["vpn"]["region"]}} if "vpn" in c and c["vpn"]["region"] in
                     conc_regions and s["name"] in conc_regions[c["vpn"]["region"]] and c["vpn"]["gateway"] == "tgw"
                     and c["vpn"].get("routing", "bgp") == "bgp" and not c["vpn"].get("accelerated")
                     and c["vpn"].get("tunnel") != "large" else c) for c in s["connect"]]
            if conn != s["connect"]:
                changes[s["name"]] = {"connect": conn}
        designs.append({"name": "VPNs on a Concentrator", "sites": changes, "regions": new_regions})
    backup = {}
    for s in sites:
        if len(s["connect"]) == 1 and "direct_connect" in s["connect"][0]:
            dx = next(d for d in network["direct_connect"] if d["name"] == s["connect"][0]["direct_connect"])
            code = dx["gateway"]["associations"][0]
            gw = "tgw" if "transit_gateway" in regions.get(code, {}) else \
                "cloudwan" if "cloud_wan" in regions.get(code, {}) else "vgw"
            backup[s["name"]] = {"connect": [*s["connect"], {"vpn": {"region": code, "gateway": gw}, "backup": True}]}
    if backup:
        designs.append({"name": "Direct Connect with a VPN backup", "sites": backup})
    return designs


def resources_of(inp: Input) -> list:
    """Every resource the input names (after, then those only before)."""
    seen = {r.address for r in inp.after}
    return list(inp.after) + [r for r in inp.before if r.address not in seen]


__all__ = ["Input", "Estimate", "Resource", "detect", "load", "estimate", "suggest", "resources_of"]
