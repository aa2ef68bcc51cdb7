"""Showback and chargeback of shared connectivity: each month's connectivity cost, as billed to the account that
pays it, split among the consumers that use it (accounts, VPC attachments, teams), to the cent.

Bases: ``even`` (equal shares), ``table`` (agreed shares), ``traffic`` (measured bytes per consumer, e.g.
CloudWatch ``AWS/TransitGateway`` ``BytesIn``/``BytesOut`` per attachment summed per month). A shares file is a CSV
with ``consumer`` and a ``share`` (table, even: any positive number; even ignores it) or ``bytes`` (traffic) column,
and optional ``month`` (YYYY-MM), ``payer`` (account id) and ``component`` columns that narrow a row to those lines.
A cost with no matching share row stays with its payer, labelled as unallocated: nothing is dropped.
"""
from __future__ import annotations

import re

import numpy as np
import pandas as pd

from vpncost.model.allocation import AllocationError, split_cents  # noqa: F401 (one definition, shared with networks)

BASES = {"even": "share", "table": "share", "traffic": "bytes"}
KEYS = ("month", "payer", "component")
COLUMNS = ["month", "payer", "consumer", "component", "basis", "weight", "share_pct", "cost_usd"]


def read_shares(path, basis: str) -> pd.DataFrame:
    """The shares file for ``basis``, validated: one line naming the file, row and column otherwise.

    Parameters
    ----------
    path : str or os.PathLike
        CSV with ``consumer`` and ``share`` or ``bytes``, optional ``month``, ``payer``, ``component``.
    basis : str
        ``even``, ``table`` or ``traffic``.
    """
    from vpncost.fileio import read_csv_input

    if basis not in BASES:
        raise AllocationError(f"--allocate: {basis!r} is not a basis; allowed: {', '.join(BASES)}")
    t = read_csv_input(path, "shares", AllocationError)
    need = {"consumer"} | ({BASES[basis]} if basis != "even" else set())
    missing = need - set(t.columns)
    if missing:
        raise AllocationError(f"{path}: column {sorted(missing)[0]} is missing; {basis} needs "
                              f"{', '.join(sorted(need))} (optional: month, payer, component)")
    unknown = set(t.columns) - {"consumer", "share", "bytes", *KEYS}
    if unknown:
        raise AllocationError(f"{path}: unknown column {sorted(unknown)[0]}; allowed: consumer, share, bytes, "
                              "month, payer, component")
    if t.empty:
        raise AllocationError(f"{path}: no rows; list at least one consumer")
    col = BASES[basis]
    weights = []
    for i, row in t.iterrows():
        line = i + 2
        if not row["consumer"].strip():
            raise AllocationError(f"{path}: line {line}, column consumer: empty; name who uses the connection")
        if basis == "even":
            weights.append(1.0)
            continue
        try:
            v = float(row[col])
        except ValueError:
            raise AllocationError(f"{path}: line {line}, column {col}: {row[col]!r} is not a number") from None
        if not np.isfinite(v) or v < 0:
            raise AllocationError(f"{path}: line {line}, column {col}: {row[col]!r} is out of range; "
                                  "allowed: a finite number >= 0")
        weights.append(v)
    if "month" in t.columns:
        for i, m in enumerate(t["month"]):
            if m and not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", m):
                raise AllocationError(f"{path}: line {i + 2}, column month: {m!r} is not a month; use YYYY-MM")
    out = pd.DataFrame({"consumer": t["consumer"].str.strip(), "weight": weights})
    for key in KEYS:
        out[key] = t[key].str.strip() if key in t.columns else ""
    return out


def allocate(spend: pd.DataFrame, shares: pd.DataFrame, basis: str) -> pd.DataFrame:
    """Each (month, payer account, component) cost of ``spend`` split among the matching share rows.

    A share row matches a line when each of its ``month``, ``payer`` and ``component`` is empty or equal. The
    most specific matching rows win: naming the component counts most, then the payer, then the month (a row for
    ``tgw_data_processing`` beats one for the whole payer account). Lines that no row
    matches, or whose matching weights are all 0, stay with the payer as ``unallocated (payer)``.

    Parameters
    ----------
    spend : pandas.DataFrame
        From a spend reader: month, account_id (the payer), component, cost_usd [USD].
    shares : pandas.DataFrame
        From :func:`read_shares`: consumer, weight, month, payer, component.
    basis : str
        ``even``, ``table`` or ``traffic`` (recorded in the output).

    Returns
    -------
    pandas.DataFrame
        month, payer, consumer, component, basis, weight, share_pct [%], cost_usd [USD]; each month's parts
        add up to that month's bill rounded to the cent (:func:`month_cents`).
    """
    billed = spend.groupby(["month", "account_id", "component"], sort=True, as_index=False)["cost_usd"].sum()
    billed["cost_usd"] = month_cents(billed)
    rows = []
    for line in billed.itertuples(index=False):
        here = {"month": line.month, "payer": str(line.account_id), "component": line.component}
        ok = np.ones(len(shares), bool)
        specificity = np.zeros(len(shares), int)
        for key, rank in zip(KEYS, (1, 2, 4)):  # naming the component counts most, then the payer, then the month
            col = shares[key].to_numpy()
            ok &= (col == "") | (col == here[key])
            specificity += rank * (col != "")
        match = shares[ok & (specificity == specificity[ok].max())] if ok.any() else shares.iloc[0:0]
        if match.empty or match["weight"].sum() <= 0:
            rows.append({**here, "consumer": f"unallocated ({here['payer']})", "basis": "no matching share",
                         "weight": 0.0, "share_pct": 100.0, "cost_usd": float(line.cost_usd)})
            continue
        by = match.groupby("consumer", sort=False)["weight"].sum()
        parts = split_cents(line.cost_usd, by.to_numpy())
        for consumer, weight, part in zip(by.index, by.to_numpy(), parts):
            rows.append({**here, "consumer": consumer, "basis": basis, "weight": float(weight),
                         "share_pct": 100.0 * weight / by.sum(), "cost_usd": float(part)})
    return pd.DataFrame(rows, columns=COLUMNS)


def allocate_by_tag(spend: pd.DataFrame, key: str) -> pd.DataFrame:
    """Each line's cost to the value of a cost-allocation tag on the resources that ran up the cost (the CUR's own
    split: ``read_cur(path, tag=key)``); untagged cost stays with its payer as ``untagged (payer)``.

    Parameters
    ----------
    spend : pandas.DataFrame
        From :func:`vpncost.spend.readers.cur.read_cur` with ``tag``: month, account_id, component, tag, cost_usd.
    key : str
        The tag key (recorded in ``basis``).

    Returns
    -------
    pandas.DataFrame
        As :func:`allocate`; weight is 1 and share_pct 100 for every line (the bill itself is split by the tag).
    """
    if "tag" not in spend.columns:
        raise AllocationError("--allocate by-tag: the spend has no tag column; read the CUR with the tag key")
    lines = spend.groupby(["month", "account_id", "component", "tag"], sort=True, as_index=False)["cost_usd"].sum()
    lines["cost_usd"] = month_cents(lines)
    consumer = [t if t else f"untagged ({p})" for t, p in zip(lines["tag"], lines["account_id"].astype(str))]
    return pd.DataFrame({"month": lines["month"], "payer": lines["account_id"].astype(str), "consumer": consumer,
                         "component": lines["component"],
                         "basis": [f"tag {key}" if t else "untagged" for t in lines["tag"]],
                         "weight": 1.0, "share_pct": 100.0, "cost_usd": lines["cost_usd"]}, columns=COLUMNS)


def shares_from_attachment_bytes(by_month: dict) -> pd.DataFrame:
    """Traffic shares from measured transit gateway attachment traffic: per month, each attachment weighs the
    bytes it sent into the transit gateway (``BytesIn``: AWS bills transit gateway data processing on the data
    sent to it, to the owner of the sending attachment unless a metering policy says otherwise).

    Parameters
    ----------
    by_month : dict
        'YYYY-MM' -> DataFrame from :func:`vpncost.spend.readers.inventory.attachment_bytes`.

    Returns
    -------
    pandas.DataFrame
        As :func:`read_shares` for ``traffic``: consumer ('OWNER RESOURCE_TYPE RESOURCE_ID'), weight [bytes],
        month, payer '', component ''.
    """
    rows = []
    for month, t in by_month.items():
        for a in t.itertuples(index=False):
            rows.append({"consumer": f"{a.resource_owner} {a.resource_type} {a.resource_id}".strip(),
                         "weight": float(a.bytes_in), "month": month, "payer": "", "component": ""})
    return pd.DataFrame(rows, columns=["consumer", "weight", *KEYS])


#: what each Direct Connect component of the bill is split by, per virtual interface: the port by all its traffic,
#: data transfer out by egress (AWS -> site), in by ingress
VIF_WEIGHTS = {"dx_port_hours": ("bytes_out", "bytes_in"), "dx_data_transfer_out": ("bytes_out",),
               "dx_data_transfer_in": ("bytes_in",)}


def shares_from_vif_bytes(by_month: dict) -> pd.DataFrame:
    """Traffic shares of each month's Direct Connect lines by virtual interface: the port-hours by each VIF's
    traffic both ways, data transfer out by its egress, data transfer in by its ingress (:data:`VIF_WEIGHTS`).

    Parameters
    ----------
    by_month : dict
        'YYYY-MM' -> DataFrame from :func:`vpncost.spend.readers.inventory.vif_bytes`.

    Returns
    -------
    pandas.DataFrame
        As :func:`read_shares` for ``traffic``: consumer ('OWNER VIF_TYPE VIF_ID'), weight [bytes], month,
        payer '', component (one of :data:`VIF_WEIGHTS`).
    """
    rows = []
    for month, t in by_month.items():
        for v in t.itertuples(index=False):
            consumer = f"{v.owner_account} {v.vif_type} {v.vif_id}".strip()
            for component, columns in VIF_WEIGHTS.items():
                rows.append({"consumer": consumer, "weight": float(sum(getattr(v, c) for c in columns)),
                             "month": month, "payer": "", "component": component})
    return pd.DataFrame(rows, columns=["consumer", "weight", *KEYS])


TGW_OWNER = "transit gateway owner"  # the consumer a transit-gateway-owner metering rule names


def metered_account(flow: dict, entries: list) -> tuple:
    """The account AWS meters a flow's transit gateway data processing to, and why.

    Without a metering policy, transit gateway data processing is charged on the traffic sent into the transit
    gateway, to the owner of the attachment it enters by: the source attachment's owner. Transit Gateway Flexible
    Cost Allocation (a metering policy) can charge the destination attachment's owner or the transit gateway's
    owner instead: its entries are processed from the lowest rule number up and the first whose conditions all
    match decides (EC2 API reference: CreateTransitGatewayMeteringPolicyEntry, TransitGatewayMeteringPolicyEntry,
    ``MeteredAccount`` = source-attachment-owner | destination-attachment-owner | transit-gateway-owner; Transit
    Gateway guide, "Manage transit gateway metering policy middlebox attachments").

    Parameters
    ----------
    flow : dict
        source_attachment_id, source_type, source_owner, destination_attachment_id, destination_type,
        destination_owner (a row of :func:`vpncost.spend.readers.metering.read_flows`).
    entries : list of dict
        From :func:`vpncost.spend.readers.metering.read_policy_entries` (lowest rule first); empty: no policy.

    Returns
    -------
    tuple
        (account or :data:`TGW_OWNER`, the rule that decided).
    """
    for e in entries:
        if all(flow.get(col, "") == v for col, v in e["match"].items()):
            if e["unmatchable"]:
                raise AllocationError(
                    f"metering policy rule {e['rule']} also matches on {', '.join(e['unmatchable'])}: traffic per "
                    f"attachment pair ({flow['source_attachment_id']} -> {flow['destination_attachment_id']}) cannot "
                    "tell which of its bytes that rule meters; split the flows file by those fields' rules first")
            owner = {"source-attachment-owner": flow["source_owner"],
                     "destination-attachment-owner": flow["destination_owner"],
                     "transit-gateway-owner": TGW_OWNER}[e["metered"]]
            return owner, f"rule {e['rule']}: {e['metered']}"
    return flow["source_owner"], "no rule: source-attachment-owner"


def shares_from_flows(flows: pd.DataFrame, entries: list) -> pd.DataFrame:
    """Traffic shares of each month's transit gateway data processing (``tgw_data_processing``) by the account
    each flow is metered to (:func:`metered_account`): the split AWS bills, from traffic per attachment pair.

    Parameters
    ----------
    flows : pandas.DataFrame
        From :func:`vpncost.spend.readers.metering.read_flows` [bytes].
    entries : list of dict
        The metering policy's entries (empty: no policy).

    Returns
    -------
    pandas.DataFrame
        As :func:`read_shares` for ``traffic``: consumer (account), weight [bytes], month, payer (the flows'
        ``payer``, '' for any), component 'tgw_data_processing'.
    """
    rows = []
    for f in flows.to_dict("records"):
        account, _ = metered_account(f, entries)
        rows.append({"consumer": account, "weight": float(f["bytes"]), "month": f["month"],
                     "payer": f.get("payer", ""), "component": "tgw_data_processing"})
    out = pd.DataFrame(rows, columns=["consumer", "weight", *KEYS])
    return out.groupby(["consumer", *KEYS], as_index=False, sort=False)["weight"].sum()[["consumer", "weight",
                                                                                          *KEYS]]


def plan_lines(estate, month: str, payer: str = "plan", catalog=None) -> pd.DataFrame:
    """A planned month's AWS connectivity bill from the cost model, as a spend table, so that :func:`allocate`
    splits a plan as it splits a bill (customer-side items such as circuits are not AWS charges and are left out).

    Parameters
    ----------
    estate : Estate or Scenario
        What runs, or will (``vpncost.spend.estate``), or a scenario with the option that will run.
    month : str
        The month 'YYYY-MM' (priced for its real length).
    payer : str
        The account the plan bills [-].
    catalog : PriceCatalog, optional
        Prices.

    Returns
    -------
    pandas.DataFrame
        month, account_id, component, cost_usd [USD] per spend component.
    """
    from vpncost.spend.estate import Estate
    from vpncost.spend.reconcile import billed_lines

    if not isinstance(estate, Estate):
        estate = Estate(estate.name, (estate,))
    b = billed_lines(estate, month, catalog)
    out = b.groupby("spend_component", as_index=False)["cost_usd"].sum()
    out = out.rename(columns={"spend_component": "component"})
    return out.assign(month=month, account_id=payer)[["month", "account_id", "component", "cost_usd"]]


def month_cents(billed: pd.DataFrame) -> np.ndarray:
    """Each line's cost in whole cents such that every month's lines add up to the month's total rounded to the
    cent (rounding each line would drift by up to half a cent a line). Credits (negative lines) are split
    apart from charges, so a month with both adds up to its charges and its credits each rounded to the cent.

    Parameters
    ----------
    billed : pandas.DataFrame
        month, cost_usd [USD] per line.
    """
    out = np.zeros(len(billed))
    cost = billed["cost_usd"].to_numpy(float)
    for month in billed["month"].unique():
        idx = np.flatnonzero(billed["month"].to_numpy() == month)
        for sign in (1.0, -1.0):
            part = idx[sign * cost[idx] > 0]
            if len(part):
                out[part] = sign * split_cents(abs(cost[part].sum()), np.abs(cost[part]))
    return out


def by_consumer(allocation: pd.DataFrame) -> pd.DataFrame:
    """Month x consumer totals of an allocation [USD], consumers as columns (a chargeback statement).

    Parameters
    ----------
    allocation : pandas.DataFrame
        From :func:`allocate`.
    """
    return allocation.pivot_table(index="month", columns="consumer", values="cost_usd", aggfunc="sum",
                                  fill_value=0.0, sort=True).round(2)
