"""The usage file: what infrastructure code does not say (traffic, peaks, where a site is), per resource address.

.. code-block:: yaml

    # vpncost usage for a plan or template (Infracost's top-level key resource_usage works too)
    resources:
      aws_vpn_connection.branch[*]:        # [*]: every instance of a count/for_each resource
        egress_gb: 500                     # AWS -> site per month [GB], with the VPN's Region
        ingress_gb: 200                    # site -> AWS [GB]
        peak_mbps: 100
        city: Lyon                         # or latitude/longitude
      aws_dx_connection.main:
        traffic: {us-east-1: {egress_gb: 10000, ingress_gb: 3000}, eu-west-1: {egress_gb: 2000}}
        location: EqDC2                    # a hosted connection's location (a plan does not carry it)
        extra_monthly_usd: {cross-connect: 300}

Infracost's keys that mean the same are read as such: ``monthly_data_processed_gb`` of a VPN connection (GB the
gateway processes from it: the site's ingress), ``monthly_outbound_from_region_to_dx_connection_location`` of a
Direct Connect connection (``{Region: GB}``: egress by Region). An address that matches no resource of the input,
or a resource type vpncost reads no usage for, is reported, not an error (a shared Infracost file names many).
A key that is not allowed for its resource, or a value that is not a non-negative number, is one line naming the
file, the address and the key.
"""
from __future__ import annotations

import fnmatch
import math

from vpncost.errors import ScenarioError
from vpncost.iac.translate import USAGE_KEYS

NUMBER_KEYS = ("egress_gb", "ingress_gb", "peak_mbps", "peak_to_average", "monthly_data_processed_gb", "latitude",
               "longitude", "count", "monthly_outbound_region_to_dx_location_gb")

#: what each usage key holds (checked as the file is read; one line naming the file, the address and the key)
#:
#: ===========================================================  ==================================================
#: key                                                          value
#: ===========================================================  ==================================================
#: egress_gb, ingress_gb, monthly_data_processed_gb, ...        a number >= 0 (latitude, longitude: any number)
#: traffic                                                      {Region: {egress_gb, ingress_gb}}
#: monthly_outbound_from_region_to_dx_connection_location       {Region: GB} (``eu_west_1`` or ``eu-west-1``)
#: extra_monthly_usd                                            {name: USD}
#: site, city, location, dx_connection_type, ...                text
#: backup                                                       true or false
#: ===========================================================  ==================================================
TEXT_KEYS = ("site", "city", "location", "dx_connection_type", "dx_virtual_interface_type")


def read(path) -> dict:
    """Parse and check a usage file: address pattern -> usage mapping (Infracost's
    ``resource_type_default_usage`` under the key ``("type", TYPE)``)."""
    from vpncost.fileio import read_input
    from vpncost.scenario import parse_yaml

    data = parse_yaml(read_input(path, "usage file", ScenarioError), str(path))
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ScenarioError(f"{path}: a usage file is a mapping with 'resources' (or Infracost's 'resource_usage')")
    unknown = sorted(set(data) - {"version", "resources", "resource_usage", "resource_type_default_usage"})
    if unknown:
        raise ScenarioError(f"{path}: {unknown[0]}: unknown field; allowed: version, resources, resource_usage, "
                            "resource_type_default_usage")
    entries = {}
    for section in ("resource_usage", "resources", "resource_type_default_usage"):
        part = data.get(section) or {}
        if not isinstance(part, dict):
            raise ScenarioError(f"{path}: {section}: expected a mapping of resource address -> usage")
        for address, u in part.items():
            key = ("type", address) if section == "resource_type_default_usage" else str(address)
            entries[key] = _checked(u, f"{path}: {address}")
    return entries


def _checked(u, where: str) -> dict:
    """One entry's usage, each key's value checked against the table above."""
    from vpncost.reference.regions import region_codes

    if not isinstance(u, dict):
        raise ScenarioError(f"{where}: expected a mapping of usage keys")
    out = {}
    for k, v in u.items():
        at = f"{where}.{k}"
        if k == "count":
            if not (_number(v) and float(v).is_integer() and v >= 1):
                raise ScenarioError(f"{at}: {v!r}: expected a whole number of sites, 1 or more")
        elif k in NUMBER_KEYS:
            if not _number(v, allow_negative=k in ("latitude", "longitude")):
                raise ScenarioError(f"{at}: {v!r} is not a non-negative number")
        elif k == "traffic":
            if not isinstance(v, dict):
                raise ScenarioError(f"{at}: expected {{Region: {{egress_gb: GB, ingress_gb: GB}}}}")
            flows = {}
            for code, flow in v.items():
                if not isinstance(flow, dict) or set(flow) - {"egress_gb", "ingress_gb"} or not all(
                        _number(x) for x in flow.values()):
                    raise ScenarioError(f"{at}.{code}: expected {{egress_gb: GB, ingress_gb: GB}}, numbers >= 0")
                flows[_region(code, at, region_codes())] = dict(flow)
            v = flows
        elif k == "monthly_outbound_from_region_to_dx_connection_location":
            if not isinstance(v, dict) or not all(_number(x) for x in v.values()):
                raise ScenarioError(f"{at}: expected {{Region: GB}}, numbers >= 0")
            v = {_region(code, at, region_codes()): gb for code, gb in v.items()}
        elif k == "extra_monthly_usd":
            if not isinstance(v, dict) or not all(_number(x) for x in v.values()):
                raise ScenarioError(f"{at}: expected {{name: USD per month}}, numbers >= 0")
        elif k in TEXT_KEYS:
            if not isinstance(v, str) or not v.strip():
                raise ScenarioError(f"{at}: {v!r}: expected a name (text)")
        elif k == "backup":
            if not isinstance(v, bool):
                raise ScenarioError(f"{at}: {v!r}: expected true or false")
        out[k] = v
    return out


def _region(code, at: str, codes) -> str:
    norm = str(code).replace("_", "-")   # Infracost writes eu_west_1
    if norm not in codes:
        raise ScenarioError(f"{at}.{code}: not a Region code; allowed: a code such as eu-west-1 (or eu_west_1)")
    return norm


def _number(v, allow_negative=False) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v) and (allow_negative or v >= 0)


def for_resources(entries: dict, resources: list, source: str = "usage") -> tuple:
    """Usage per resource address, and notes on entries that fit nothing. An exact address wins over a ``[*]``
    pattern, which wins over Infracost's per-type default (as Infracost applies them).

    Parameters
    ----------
    entries : dict
        :func:`read`'s mapping (address patterns may end in ``[*]``).
    resources : list of Resource
        The input's resources.
    source : str
        The usage file, named in messages.
    """
    out, notes = {}, []
    kinds = {r.address: r.kind for r in resources}
    rank = {}   # address -> how specific the entry that set it was (2 exact, 1 pattern, 0 type default)
    for pattern, u in entries.items():
        if isinstance(pattern, tuple):
            matched, level, name = [a for a, k in kinds.items() if k == pattern[1]], 0, f"default for {pattern[1]}"
        else:
            glob = pattern.replace("[*]", "[[]*[]]") if "[*]" in pattern else pattern
            level, name = (1, pattern) if "[*]" in pattern else (2, pattern)
            matched = [a for a in kinds if a == pattern or (level == 1 and fnmatch.fnmatchcase(a, glob))]
        if not matched:
            if level:
                notes.append(f"{source}: {name}: no resource of the input has this address; not used")
            continue
        for address in matched:
            allowed = USAGE_KEYS.get(kinds[address])
            if allowed is None:
                notes.append(f"{source}: {name}: vpncost reads no usage for {kinds[address]}; not used")
                break
            bad = sorted(set(u) - set(allowed))
            if bad:
                raise ScenarioError(f"{source}: {name}.{bad[0]}: not a usage key of {kinds[address]}; allowed: "
                                    f"{', '.join(allowed)}")
            if level >= rank.get(address, -1):   # as specific or more: its keys win
                out[address] = {**out.get(address, {}), **u}
            else:                                 # less specific: it fills only the keys not set
                out[address] = {**u, **out[address]}
            rank[address] = max(level, rank.get(address, -1))
    return out, notes
