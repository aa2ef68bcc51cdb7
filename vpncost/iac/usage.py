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
               "longitude", "count")


def read(path) -> dict:
    """Parse and check a usage file: address pattern -> usage mapping."""
    from vpncost.fileio import read_input
    from vpncost.scenario import parse_yaml

    data = parse_yaml(read_input(path, "scenario", ScenarioError), str(path))
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ScenarioError(f"{path}: a usage file is a mapping with 'resources' (or Infracost's 'resource_usage')")
    unknown = sorted(set(data) - {"version", "resources", "resource_usage"})
    if unknown:
        raise ScenarioError(f"{path}: {unknown[0]}: unknown field; allowed: version, resources, resource_usage")
    entries = {**(data.get("resource_usage") or {}), **(data.get("resources") or {})}
    if not isinstance(entries, dict):
        raise ScenarioError(f"{path}: resources: expected a mapping of resource address -> usage")
    for address, u in entries.items():
        if not isinstance(u, dict):
            raise ScenarioError(f"{path}: {address}: expected a mapping of usage keys")
        for k, v in u.items():
            if k in NUMBER_KEYS and not _number(v, allow_negative=k in ("latitude", "longitude")):
                raise ScenarioError(f"{path}: {address}.{k}: {v!r} is not a non-negative number")
    return entries


def _number(v, allow_negative=False) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v) and (allow_negative or v >= 0)


def for_resources(entries: dict, resources: list, source: str = "usage") -> tuple:
    """Usage per resource address, and notes on entries that fit nothing.

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
    for pattern, u in entries.items():
        glob = pattern.replace("[*]", "[[]*[]]") if "[*]" in pattern else pattern
        matched = [a for a in kinds if a == pattern or fnmatch.fnmatchcase(a, glob)]
        if not matched:
            notes.append(f"{source}: {pattern}: no resource of the input has this address; not used")
            continue
        for address in matched:
            allowed = USAGE_KEYS.get(kinds[address])
            if allowed is None:
                notes.append(f"{source}: {pattern}: vpncost reads no usage for {kinds[address]}; not used")
                break
            bad = sorted(set(u) - set(allowed))
            if bad:
                raise ScenarioError(f"{source}: {pattern}.{bad[0]}: not a usage key of {kinds[address]}; allowed: "
                                    f"{', '.join(allowed)}")
            out[address] = {**out.get(address, {}), **u}
    return out, notes
