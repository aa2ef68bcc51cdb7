"""Read a CloudFormation template (YAML or JSON) into resources.

==========================  =================================================================================
what                        how
==========================  =================================================================================
the template                a mapping with ``Resources`` (and usually ``AWSTemplateFormatVersion``); the short
                            forms (``!Ref``, ``!GetAtt a.b``, ``!Sub``, ``!If``, ...) read as their long forms
parameters                  ``Parameters.NAME.Default``, or a value given with ``--parameter NAME=VALUE``;
                            a ``NoEcho`` parameter's value is never stored: a property that refers to it is
                            dropped, like any property named like a key
pseudo parameters           ``AWS::Region`` (the ``--region``), ``AWS::AccountId``, ``AWS::Partition``,
                            ``AWS::StackName``, ``AWS::URLSuffix``, ``AWS::NoValue`` (the property is absent)
conditions                  ``Conditions`` with ``Fn::Equals``, ``Fn::Not``, ``Fn::And``, ``Fn::Or`` and
                            ``Condition`` over what resolves; a resource whose condition is false is not created;
                            one whose condition cannot be evaluated is created, and listed as such
``Fn::If``                  the branch its condition picks
``Ref`` / ``Fn::GetAtt``    to a resource: a link to it (its logical id); to a parameter: the value; to anything
                            else: left unresolved, listed on the resource
``Fn::Sub``, ``Fn::Join``,  evaluated where every part resolves (a ``Name`` tag, a location code); otherwise
``Fn::Select``,             the property is unresolved and listed
``Fn::FindInMap``
==========================  =================================================================================

Resource types become the Terraform kinds of :data:`vpncost.iac.resources.CFN_TYPES` and their properties the
attribute names of :data:`~vpncost.iac.resources.CFN_ATTRIBUTES`; every resource keeps its own type in
``source_type``.
"""
from __future__ import annotations

import json
import re

import yaml

from vpncost.iac.resources import CFN_ATTRIBUTES, CFN_TYPES, Resource, is_secret_name, scrub
from vpncost.iac.terraform import PlanError

PSEUDO = {"AWS::AccountId": "123456789012", "AWS::Partition": "aws", "AWS::StackName": "stack",
          "AWS::URLSuffix": "amazonaws.com"}


class _Unresolved(Exception):
    pass


class _Loader(yaml.SafeLoader):
    """YAML with CloudFormation's short-form tags, read as the long forms."""


def _tag(loader, suffix, node):
    name = "Ref" if suffix == "Ref" else "Condition" if suffix == "Condition" else f"Fn::{suffix}"
    if isinstance(node, yaml.ScalarNode):
        value = loader.construct_scalar(node)
        if suffix == "GetAtt":
            value = value.split(".", 1)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        value = loader.construct_mapping(node, deep=True)
    return {name: value}


_Loader.add_multi_constructor("!", _tag)


def is_template(data) -> bool:
    """True for a parsed mapping shaped as a CloudFormation template."""
    return isinstance(data, dict) and isinstance(data.get("Resources"), dict) and (
        "AWSTemplateFormatVersion" in data or any(
            isinstance(r, dict) and str(r.get("Type", "")).startswith(("AWS::", "Custom::"))
            for r in data["Resources"].values()))


def parse(text: str, source: str):
    """Template text (YAML or JSON) -> mapping; one line on a syntax error."""
    try:
        return json.loads(text) if text.lstrip().startswith("{") else yaml.load(text, Loader=_Loader)  # noqa: S506
    except (json.JSONDecodeError, yaml.YAMLError) as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark else ""
        raise PlanError(f"{source}: not a readable template{where}: "
                        f"{str(getattr(exc, 'problem', None) or exc).splitlines()[0]}") from None


def read_template(data, source: str = "template", region: "str | None" = None, parameters: "dict | None" = None):
    """The resources a template creates.

    Parameters
    ----------
    data : dict
        The parsed template.
    source : str
        Named in error messages.
    region : str, optional
        ``AWS::Region`` (default: a parameter named ``Region`` or ``AWSRegion`` with a default; else resources
        have no Region and the caller asks for one).
    parameters : dict, optional
        Parameter values that replace the defaults.

    Returns
    -------
    tuple
        (resources, problems): :class:`~vpncost.iac.resources.Resource` rows, and ``(logical id, text, type)``
        for each resource not created (its condition false) and each condition or reference not resolved.
    """
    if not is_template(data):
        raise PlanError(f"{source}: not a CloudFormation template: expected a mapping with Resources")
    declared = data.get("Parameters") or {}
    for section in ("Parameters", "Conditions", "Mappings"):
        if not isinstance(data.get(section) or {}, dict):
            raise PlanError(f"{source}: {section}: expected a mapping of names")
    params, secret, unset = {}, set(), set()
    for name, p in declared.items():
        if not isinstance(p, dict):
            raise PlanError(f"{source}: Parameters.{name}: expected a mapping (Type, Default...)")
        if p.get("NoEcho", False) not in (False, None) and str(p.get("NoEcho")).strip().lower() != "false":
            secret.add(name)   # any value but false is NoEcho: a secret is never read on a doubt
        elif "Default" in p:
            params[name] = _typed(p, p["Default"])
        else:
            unset.add(name)
    for name, value in (parameters or {}).items():
        if name not in declared:
            raise PlanError(f"--parameter {name}: the template has no such parameter; allowed: "
                            f"{', '.join(declared) or '(none)'}")
        allowed = declared[name].get("AllowedValues")
        if isinstance(allowed, list) and value not in [str(a) for a in allowed]:
            raise PlanError(f"--parameter {name}={value}: not an allowed value; allowed: "
                            f"{', '.join(str(a) for a in allowed)}")
        if name not in secret:
            params[name] = _typed(declared[name], value)
            unset.discard(name)
    if region is None:
        for name in ("Region", "AWSRegion", "AwsRegion"):
            if isinstance(params.get(name), str):
                region = params[name]
                break
    ctx = _Context(data, params, secret, region, unset)
    resources, problems = [], []
    for logical, body in data["Resources"].items():
        if not isinstance(body, dict) or not isinstance(body.get("Type"), str):
            raise PlanError(f"{source}: Resources.{logical}: expected a mapping with Type")
        cond = body.get("Condition")
        if cond is not None:
            try:
                if not ctx.condition(cond):
                    problems.append((logical, f"not created: its condition {cond} is false", body["Type"]))
                    continue
            except _Unresolved as exc:
                problems.append((logical, f"condition {cond} could not be evaluated ({exc}); counted as created",
                                 body["Type"]))
        values, links, unresolved = {}, {}, []
        if not isinstance(body.get("Properties") or {}, dict):
            raise PlanError(f"{source}: Resources.{logical}.Properties: expected a mapping of properties")
        for prop, raw in (body.get("Properties") or {}).items():
            if is_secret_name(prop):
                continue
            try:
                value = ctx.value(raw, links, CFN_ATTRIBUTES.get(prop, prop))
            except _Unresolved as exc:
                unresolved.append(f"{prop}: {exc}")
                continue
            if value is not _ABSENT:
                values[CFN_ATTRIBUTES.get(prop, prop)] = value
        problems += [(logical, f"not resolved: {u}", body["Type"]) for u in unresolved]
        kind = CFN_TYPES.get(body["Type"], body["Type"])
        resources.append(Resource(address=logical, kind=kind, source_type=body["Type"], values=scrub(values),
                                  region=region, links=links, unknown=tuple(u.split(":")[0] for u in unresolved)))
    return resources, problems


_ABSENT = object()


def _typed(param: dict, value):
    """A parameter's value as the template sees it: a list for ``CommaDelimitedList`` and ``List<...>`` types."""
    kind = str(param.get("Type", ""))
    if (kind == "CommaDelimitedList" or kind.startswith("List<")) and isinstance(value, str):
        return [v.strip() for v in value.split(",")]
    return value


_IN_PROGRESS = object()


class _Context:
    def __init__(self, data, params, secret, region, unset=()):
        self.data, self.params, self.secret, self.region, self.unset = data, params, secret, region, set(unset)
        self.resources = set(data["Resources"])
        self.conditions = data.get("Conditions") or {}
        self._seen: dict = {}

    def condition(self, name) -> bool:
        if not isinstance(name, str) or name not in self.conditions:
            raise _Unresolved(f"no condition named {name!r}")
        if self._seen.get(name) is _IN_PROGRESS:
            raise _Unresolved(f"condition {name} refers to itself")
        if name not in self._seen:
            self._seen[name] = _IN_PROGRESS
            try:
                self._seen[name] = bool(self.test(self.conditions[name]))
            except _Unresolved as exc:
                self._seen[name] = exc   # the same reason for every resource it guards
        if isinstance(self._seen[name], _Unresolved):
            raise self._seen[name]
        return self._seen[name]

    def test(self, expr):
        if isinstance(expr, dict) and len(expr) == 1:
            (k, v), = expr.items()
            if k == "Fn::Equals" and isinstance(v, list) and len(v) == 2:
                return str(self.value(v[0], {}, "")) == str(self.value(v[1], {}, ""))
            if k == "Fn::Not" and isinstance(v, list) and len(v) == 1:
                return not self.test(v[0])
            if k == "Fn::And" and isinstance(v, list):
                return all(self.test(x) for x in v)
            if k == "Fn::Or" and isinstance(v, list):
                return any(self.test(x) for x in v)
            if k == "Condition":
                return self.condition(v)
        raise _Unresolved("not a condition function")

    def value(self, expr, links: dict, attr: str):
        """The value of a property, links to resources recorded in ``links`` under ``attr``; an intrinsic function
        whose arguments do not fit it (an index out of range, a list that is not one) is unresolved, never an
        internal error."""
        try:
            return self._value(expr, links, attr)
        except (IndexError, KeyError, TypeError, ValueError, AttributeError) as exc:
            raise _Unresolved(f"an intrinsic function's arguments do not fit it ({type(exc).__name__})") from None

    def _value(self, expr, links: dict, attr: str):
        if isinstance(expr, list):
            out = [self.value(x, links, attr) for x in expr]
            return [x for x in out if x is not _ABSENT]
        if not isinstance(expr, dict):
            return expr
        if len(expr) == 1:
            (k, v), = expr.items()
            if k == "Ref":
                return self.ref(v, links, attr)
            if k == "Fn::GetAtt":
                target = v[0] if isinstance(v, list) and v else v
                if isinstance(target, str) and target in self.resources:
                    links[attr] = target
                    return f"${{{target}}}"
                raise _Unresolved(f"Fn::GetAtt to {target!r}, not a resource of the template")
            if k == "Fn::If" and isinstance(v, list) and len(v) == 3:
                return self.value(v[1] if self.condition(v[0]) else v[2], links, attr)
            if k == "Fn::Sub":
                text, extra = (v, {}) if isinstance(v, str) else (v[0], v[1]) if isinstance(v, list) else ("", {})
                def sub(m):
                    name = m.group(1)
                    if name in extra:
                        return str(self.value(extra[name], links, attr))
                    return str(self.ref(name.split(".")[0] if "." in name else name, links, attr))
                return re.sub(r"\$\{([^}!]+)\}", sub, str(text))
            if k == "Fn::Join" and isinstance(v, list) and len(v) == 2:
                return str(v[0]).join(str(self.value(x, links, attr)) for x in self.value(v[1], links, attr))
            if k == "Fn::Split" and isinstance(v, list) and len(v) == 2:
                return str(self.value(v[1], links, attr)).split(str(v[0]))
            if k == "Fn::Select" and isinstance(v, list) and len(v) == 2:
                items = self.value(v[1], links, attr)
                return items[int(self.value(v[0], links, attr))]
            if k == "Fn::FindInMap" and isinstance(v, list) and len(v) == 3:
                keys = [self.value(x, links, attr) for x in v]
                try:
                    return self.data["Mappings"][keys[0]][keys[1]][keys[2]]
                except (KeyError, TypeError):
                    raise _Unresolved(f"Fn::FindInMap {keys} not in Mappings") from None
            if k.startswith("Fn::") or k == "Condition":
                raise _Unresolved(f"{k} is not evaluated here")
        return {k: x for k, x in ((k, self.value(x, links, attr)) for k, x in expr.items()) if x is not _ABSENT}

    def ref(self, name, links: dict, attr: str):
        if name in self.secret:
            raise _Unresolved("a NoEcho parameter (its value is not read)")
        if name in self.params:
            return self.params[name]
        if name in self.unset:
            raise _Unresolved(f"parameter {name} has no Default: give --parameter {name}=VALUE")
        if name in self.resources:
            links[attr] = name
            return f"${{{name}}}"
        if name == "AWS::Region":
            if self.region is None:
                raise _Unresolved("AWS::Region: no --region given")
            return self.region
        if name == "AWS::NoValue":
            return _ABSENT
        if name in PSEUDO:
            return PSEUDO[name]
        raise _Unresolved(f"Ref to {name!r}, which is not a parameter or resource of the template")
