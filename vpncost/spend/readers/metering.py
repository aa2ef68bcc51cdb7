"""Transit gateway traffic by attachment pair, and the transit gateway's metering policy (Flexible Cost
Allocation), read from files.

A flows file is a CSV with ``month`` (YYYY-MM), ``source_attachment_id``, ``source_owner``,
``destination_attachment_id``, ``destination_owner`` and ``bytes`` (what the source attachment sent to the
destination attachment through the transit gateway that month, e.g. summed from transit gateway flow logs, whose
records carry both attachments and accounts), and optional ``source_type`` and ``destination_type`` (EC2's attachment
resource types: vpc, vpn, direct-connect-gateway, connect, peering, ...) and ``payer`` (the account whose bill line
the flow's processing is on; empty: every payer's transit gateway data processing is split the same way).

A metering policy file is what ``aws ec2 get-transit-gateway-metering-policy-entries`` prints: a JSON object with
``TransitGatewayMeteringPolicyEntries``, each with ``PolicyRuleNumber``, ``MeteredAccount`` and a
``MeteringPolicyRule`` (EC2 API reference: TransitGatewayMeteringPolicyEntry, TransitGatewayMeteringPolicyRule).
"""
from __future__ import annotations

import json
import re

import numpy as np
import pandas as pd

from vpncost.errors import VpncostError

FLOW_COLUMNS = ["month", "source_attachment_id", "source_type", "source_owner", "destination_attachment_id",
                "destination_type", "destination_owner", "bytes", "payer"]
OPTIONAL = ("source_type", "destination_type", "payer")
METERED = ("source-attachment-owner", "destination-attachment-owner", "transit-gateway-owner")
#: rule fields a flows file can be matched on (attachment ids and types) and fields it cannot (addresses, ports)
MATCHED = {"SourceTransitGatewayAttachmentId": "source_attachment_id",
           "SourceTransitGatewayAttachmentType": "source_type",
           "DestinationTransitGatewayAttachmentId": "destination_attachment_id",
           "DestinationTransitGatewayAttachmentType": "destination_type"}
UNMATCHABLE = ("SourceCidrBlock", "SourcePortRange", "DestinationCidrBlock", "DestinationPortRange", "Protocol")


def read_flows(path) -> pd.DataFrame:
    """The flows file, validated: one line naming the file, line and column otherwise.

    Parameters
    ----------
    path : str or os.PathLike
        CSV (see the module docstring).

    Returns
    -------
    pandas.DataFrame
        :data:`FLOW_COLUMNS`; bytes [bytes] as float, the rest as text ('' where an optional column is not given).
    """
    from vpncost.fileio import read_csv_input

    t = read_csv_input(path, "shares")
    need = [c for c in FLOW_COLUMNS if c not in OPTIONAL]
    missing = [c for c in need if c not in t.columns]
    if missing:
        raise VpncostError(f"{path}: column {missing[0]} is missing; a flows file needs {', '.join(need)} "
                           f"(optional: {', '.join(OPTIONAL)})")
    unknown = sorted(set(t.columns) - set(FLOW_COLUMNS))
    if unknown:
        raise VpncostError(f"{path}: unknown column {unknown[0]}; allowed: {', '.join(FLOW_COLUMNS)}")
    if t.empty:
        raise VpncostError(f"{path}: no rows; list the traffic between attachments")
    for c in FLOW_COLUMNS:
        t[c] = t[c].str.strip() if c in t.columns else ""
    for i, r in t.iterrows():
        line = i + 2
        if not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", r["month"]):
            raise VpncostError(f"{path}: line {line}, column month: {r['month']!r} is not a month; use YYYY-MM")
        for c in ("source_attachment_id", "source_owner", "destination_attachment_id", "destination_owner"):
            if not r[c]:
                raise VpncostError(f"{path}: line {line}, column {c}: empty")
        try:
            v = float(r["bytes"])
        except ValueError:
            raise VpncostError(f"{path}: line {line}, column bytes: {r['bytes']!r} is not a number") from None
        if not np.isfinite(v) or v < 0:
            raise VpncostError(f"{path}: line {line}, column bytes: {r['bytes']!r} is out of range; "
                               "allowed: a finite number >= 0")
    t["bytes"] = t["bytes"].astype(float)
    return t[FLOW_COLUMNS]


def read_policy_entries(path) -> list:
    """The metering policy's entries that are in force (state ``available``), validated, lowest rule number first
    (AWS processes the rules in that order).

    Parameters
    ----------
    path : str or os.PathLike
        JSON as ``aws ec2 get-transit-gateway-metering-policy-entries`` prints it.

    Returns
    -------
    list of dict
        rule (int), metered (one of :data:`METERED`), match ({flows column: value}), unmatchable (names of the
        rule's address, port and protocol conditions, which a flows file cannot evaluate).
    """
    from vpncost.fileio import read_input

    try:
        doc = json.loads(read_input(path, "metadata"))
    except json.JSONDecodeError as exc:
        raise VpncostError(f"{path}: not JSON ({exc.msg} at line {exc.lineno})") from None
    entries = doc.get("TransitGatewayMeteringPolicyEntries") if isinstance(doc, dict) else None
    if not isinstance(entries, list):
        raise VpncostError(f"{path}: no TransitGatewayMeteringPolicyEntries list; save the output of "
                           "aws ec2 get-transit-gateway-metering-policy-entries")
    out = []
    for k, e in enumerate(entries):
        where = f"{path}: TransitGatewayMeteringPolicyEntries[{k}]"
        if not isinstance(e, dict):
            raise VpncostError(f"{where}: not an object")
        if e.get("State", "available") != "available":
            continue
        try:
            rule = int(str(e.get("PolicyRuleNumber")))
        except ValueError:
            raise VpncostError(f"{where}.PolicyRuleNumber: {e.get('PolicyRuleNumber')!r} is not a number") from None
        metered = e.get("MeteredAccount")
        if metered not in METERED:
            raise VpncostError(f"{where}.MeteredAccount: {metered!r}; allowed: {', '.join(METERED)}")
        cond = e.get("MeteringPolicyRule") or {}
        if not isinstance(cond, dict):
            raise VpncostError(f"{where}.MeteringPolicyRule: not an object")
        out.append({"rule": rule, "metered": metered,
                    "match": {MATCHED[f]: str(v) for f, v in cond.items() if f in MATCHED and v not in (None, "")},
                    "unmatchable": [f for f in UNMATCHABLE if cond.get(f) not in (None, "")]})
    rules = [e["rule"] for e in out]
    if len(set(rules)) != len(rules):
        raise VpncostError(f"{path}: PolicyRuleNumber {next(r for r in rules if rules.count(r) > 1)} appears twice")
    return sorted(out, key=lambda e: e["rule"])
