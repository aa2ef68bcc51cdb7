"""Read a Terraform plan: the JSON of ``terraform show -json PLANFILE`` (HashiCorp, "JSON Output Format").

What is read, and from where (keys of the documented format):

=========================  ==================================================================================
what                       where in the plan
=========================  ==================================================================================
each resource instance     ``resource_changes[]``: ``address``, ``type``, ``mode`` (``managed`` only; data
                           sources cost nothing), ``change.actions``, ``change.before`` / ``change.after``;
                           without ``resource_changes`` (a state file, ``terraform show -json`` of a state):
                           ``values.root_module`` / ``planned_values.root_module`` and their ``child_modules``
secrets                    ``change.before_sensitive`` / ``change.after_sensitive`` (and ``sensitive_values`` in
                           ``planned_values``) mark values dropped before anything is stored, as is every
                           attribute named like a key (:func:`vpncost.iac.resources.scrub`)
unknown values             ``change.after_unknown``: listed per resource; the price is what does not depend on them
the Region                 the resource's own ``region`` (AWS provider 6), else its provider configuration
                           (``configuration.provider_config[KEY].expressions.region``: a constant, or a
                           ``var.NAME`` reference read from ``variables``), the key from the resource's
                           ``provider_config_key`` in ``configuration`` (aliases and module providers included),
                           else ``--region``
links between resources    by id (an attribute equal to another resource's known ``id`` or ``arn``), else by
                           the reference expressions in ``configuration`` (``references: ["aws_ec2_transit_gateway.
                           hub.id", ...]``), which is how a new VPN finds its new transit gateway
=========================  ==================================================================================

Actions: ``["create"]``, ``["delete"]``, ``["update"]``, ``["no-op"]``, ``["read"]``, and a replacement as
``["delete", "create"]`` or ``["create", "delete"]``. The resource exists *before* unless it is created, and
*after* unless it is deleted.
"""
from __future__ import annotations

import json
import re

from vpncost.errors import VpncostError
from vpncost.iac.resources import Resource, scrub


class PlanError(VpncostError):
    """A plan or template that cannot be read: one line naming the file and what is wrong."""


def is_plan(data) -> bool:
    """True for parsed JSON shaped as ``terraform show -json`` output (a plan or a state)."""
    return isinstance(data, dict) and "format_version" in data and any(
        k in data for k in ("resource_changes", "planned_values", "values", "prior_state"))


def read_plan(data, source: str = "plan", region: "str | None" = None) -> tuple:
    """The resources of a plan before and after it is applied.

    Parameters
    ----------
    data : dict
        Parsed ``terraform show -json`` output.
    source : str
        Named in error messages (the file).
    region : str, optional
        The Region of resources whose provider configuration does not say (``--region``).

    Returns
    -------
    tuple
        (before, after): lists of :class:`~vpncost.iac.resources.Resource`.
    """
    if not is_plan(data):
        raise PlanError(f"{source}: not a Terraform plan: expected the JSON of 'terraform show -json PLANFILE' "
                        "(format_version with resource_changes or planned_values)")
    config = data.get("configuration") if isinstance(data.get("configuration"), dict) else {}
    regions = _provider_regions(config, data.get("variables") or {})
    refs = _references(config)
    before, after = [], []
    changes = data.get("resource_changes")
    if changes is not None:
        if not isinstance(changes, list):
            raise PlanError(f"{source}: resource_changes: expected a list of resource changes")
        for i, rc in enumerate(changes):
            if not isinstance(rc, dict) or not isinstance(rc.get("change"), dict) or "type" not in rc:
                raise PlanError(f"{source}: resource_changes[{i}]: expected an object with address, type and change")
            if rc.get("mode", "managed") != "managed":
                continue
            ch = rc["change"]
            actions = ch.get("actions") or ["no-op"]
            if not isinstance(actions, list):
                raise PlanError(f"{source}: resource_changes[{i}].change.actions: expected a list")
            action = "replace" if "delete" in actions and "create" in actions else actions[0]
            common = dict(address=str(rc.get("address", rc["type"])), kind=str(rc["type"]),
                          source_type=str(rc["type"]), action=action)
            if action not in ("create",) and isinstance(ch.get("before"), dict):
                before.append(Resource(**common, values=scrub(ch["before"], ch.get("before_sensitive"))))
            if action != "delete" and isinstance(ch.get("after"), dict):
                unknown = ch.get("after_unknown") if isinstance(ch.get("after_unknown"), dict) else {}
                after.append(Resource(**common, values=scrub(ch["after"], ch.get("after_sensitive")),
                                      unknown=tuple(sorted(k for k, v in unknown.items() if v is True))))
    else:
        root = (data.get("planned_values") or data.get("values") or {}).get("root_module") or {}
        for r in _module_resources(root, source):
            after.append(r)
        prior = ((data.get("prior_state") or {}).get("values") or {}).get("root_module") or {}
        before = list(_module_resources(prior, source))
    for r in before + after:
        r.region = _region_of(r, regions, region)
    _link(before, refs)
    _link(after, refs)
    return before, after


def _module_resources(module: dict, source: str):
    for i, r in enumerate(module.get("resources") or []):
        if not isinstance(r, dict) or "type" not in r:
            raise PlanError(f"{source}: resources[{i}]: expected an object with address, type and values")
        if r.get("mode", "managed") != "managed":
            continue
        yield Resource(address=str(r.get("address", r["type"])), kind=str(r["type"]), source_type=str(r["type"]),
                       values=scrub(r.get("values") or {}, r.get("sensitive_values")), action="no-op")
    for child in module.get("child_modules") or []:
        yield from _module_resources(child, source)


def config_address(address: str) -> str:
    """The configuration address of an instance: ``module.a["x"].aws_vpn_connection.b[0]`` ->
    ``module.a.aws_vpn_connection.b`` (indexes and keys dropped)."""
    return re.sub(r"\[[^\]]*\]", "", address)


def _walk_config(module: dict, prefix: str = ""):
    """(module prefix, resource configuration) for every resource block of ``configuration``."""
    for r in module.get("resources") or []:
        if isinstance(r, dict):
            yield prefix, r
    for name, call in (module.get("module_calls") or {}).items():
        if isinstance(call, dict) and isinstance(call.get("module"), dict):
            yield from _walk_config(call["module"], f"{prefix}module.{name}.")


def _provider_regions(config: dict, variables: dict) -> dict:
    """Provider configuration key -> Region, and resource configuration address -> its provider key."""
    keys = {}
    for key, p in (config.get("provider_config") or {}).items():
        if not isinstance(p, dict) or p.get("name", "aws") != "aws":
            continue
        module = key.split(":", 1)[0].split(".")[1::2] if key.startswith("module.") and ":" in key else []
        value = _expression(config, module, (p.get("expressions") or {}).get("region"), variables)
        if isinstance(value, str):
            keys[key] = value
        elif module:
            keys[key] = None   # a module's own provider whose Region is not known: never the root's
    owners = {}
    for prefix, r in _walk_config(config.get("root_module") or {}):
        if "address" in r:
            owners[prefix + str(r["address"])] = r.get("provider_config_key", "aws")
    return {"providers": keys, "owners": owners}


def _expression(config: dict, module: list, expr, variables: dict):
    """The value of an expression in the module at path ``module`` (names from the root): a constant, or
    ``var.NAME``, which is the module call's argument (followed up to the root's variables); None when unknown."""
    if not isinstance(expr, dict):
        return None
    if "constant_value" in expr:
        return expr["constant_value"]
    ref = next((r for r in expr.get("references") or [] if isinstance(r, str) and r.startswith("var.")), None)
    if ref is None:
        return None
    name = ref[4:].split(".")[0]
    if not module:
        v = variables.get(name)
        return v.get("value") if isinstance(v, dict) else None
    call = config.get("root_module") or {}
    for step in module[:-1]:
        call = ((call.get("module_calls") or {}).get(step) or {}).get("module") or {}
    argument = (((call.get("module_calls") or {}).get(module[-1]) or {}).get("expressions") or {}).get(name)
    return _expression(config, module[:-1], argument, variables)


def _region_of(r: Resource, regions: dict, default: "str | None") -> "str | None":
    own = r.values.get("region")
    if isinstance(own, str) and own:
        return own
    key = regions["owners"].get(config_address(r.address))
    for k in ([key] if key else []) + ["aws"]:
        if k in regions["providers"]:
            return regions["providers"][k] or default
        # a module's provider key is "module.NAME:aws" or, passed in, the root's "aws.ALIAS"
        if ":" in k and k.split(":", 1)[1] in regions["providers"]:
            return regions["providers"][k.split(":", 1)[1]]
    return default


_REF = re.compile(r"^([A-Za-z0-9_]+\.[A-Za-z0-9_-]+)(\[[^\]]*\])?")


def _references(config: dict) -> dict:
    """Resource configuration address -> {attribute: (configuration address of the resource it refers to, the
    instance key the reference names, e.g. ``["paris"]``, or '')}."""
    out = {}
    for prefix, r in _walk_config(config.get("root_module") or {}):
        links = {}
        for attr, expr in (r.get("expressions") or {}).items():
            if not isinstance(expr, dict):
                continue
            best = None
            for ref in expr.get("references") or []:
                if not isinstance(ref, str) or ref.startswith(("var.", "local.", "each.", "count.", "path.",
                                                               "data.", "module.")):
                    continue   # a variable, a data source or a module output: not followed
                m = _REF.match(ref)
                if m and (best is None or (m.group(2) and not best[1])):   # the most specific reference wins
                    best = (prefix + m.group(1), m.group(2) or "")
            if best:
                links[attr] = best
        out[prefix + str(r.get("address", ""))] = links
    return out


def _link(resources: list, refs: dict) -> None:
    """Fill each resource's ``links``: an attribute whose value is another resource's ``id``/``arn``, else the
    configuration reference: the instance it names, the only instance, or the instance of the same index (as
    ``count.index`` pairs them); a reference that fits none stays unresolved (never a guess)."""
    by_id, instances = {}, {}
    for r in resources:
        for key in ("id", "arn"):
            v = r.values.get(key)
            if isinstance(v, str) and v:
                by_id[v] = r.address
        instances.setdefault(config_address(r.address), set()).add(r.address)
    for r in resources:
        for attr, value in r.values.items():
            if isinstance(value, str) and value in by_id and attr not in ("id", "arn"):
                r.links[attr] = by_id[value]
        for attr, (target, key) in refs.get(config_address(r.address), {}).items():
            found = instances.get(target)
            if attr in r.links or not found:
                continue
            own = re.search(r"(\[[^\]]*\])$", r.address)
            for want in (target + key if key else None, next(iter(found)) if len(found) == 1 else None,
                         target + own.group(1) if own else None):
                if want in found:
                    r.links[attr] = want
                    break


def unwrap(text: str) -> str:
    """``text`` without what GitHub Actions' ``hashicorp/setup-terraform`` wrapper adds around a command's output
    when a pipeline saves ``terraform show -json`` from it: a first line ``[command]... terraform-bin show -json
    PLAN``, workflow-command lines starting ``::`` (``::debug::``, ``::set-output``) and the URL-encoded newline
    ``%0A`` at the end of the JSON. Other text is returned unchanged."""
    lines = text.lstrip().splitlines()
    if not lines or not lines[0].startswith("[command]"):
        return text
    body = [line for line in lines[1:] if not line.startswith("::")]
    return "\n".join(body).rstrip().removesuffix("%0A")


def parse(text: str, source: str):
    """JSON text -> object (a setup-terraform wrapper's lines removed, :func:`unwrap`); one line on a syntax
    error."""
    try:
        return json.loads(unwrap(text))
    except json.JSONDecodeError as exc:
        raise PlanError(f"{source}: not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})") from None
