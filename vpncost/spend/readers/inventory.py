"""What we have: VPN connections, transit gateway attachments and Direct Connect connections in a Region
and their traffic from CloudWatch, read as tables (a reader: it never imports the model;
:func:`vpncost.spend.estate.estate_from_inventory` turns them into an estate the model can price).

Read-only, through boto3's standard configuration. The calls and the minimal IAM policy:

==========================================  ================================================================
call                                        IAM action
==========================================  ================================================================
ec2.describe_vpn_connections                ec2:DescribeVpnConnections
ec2.describe_transit_gateway_attachments    ec2:DescribeTransitGatewayAttachments
ec2.describe_transit_gateway_peering_       ec2:DescribeTransitGatewayPeeringAttachments (optional: without it,
attachments                                 no peerings are known)
directconnect.describe_connections          directconnect:DescribeConnections
directconnect.describe_virtual_interfaces   directconnect:DescribeVirtualInterfaces
directconnect.describe_direct_connect_      directconnect:DescribeDirectConnectGatewayAssociations (optional:
gateway_associations                        without it, a connection serves its own Region only)
cloudwatch.get_metric_data                  cloudwatch:GetMetricData
==========================================  ================================================================

Several Regions (``spend --inventory us-east-1,eu-west-1``): each is collected alone and
:func:`vpncost.spend.estate.network_from_inventory` joins them into one network (a peering seen from both sides
once; a Direct Connect connection with the Regions its Direct Connect gateway is associated with).

Traffic: AWS/VPN ``TunnelDataOut`` (AWS -> site, bytes) and ``TunnelDataIn`` summed per VPN connection;
AWS/DX ``ConnectionBpsEgress``/``ConnectionBpsIngress`` hourly averages turned into GB.
"""
from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from vpncost.errors import AwsApiError

BPS_HOURS_TO_BYTES = 3600 / 8  # a sum of hourly average rates [bit/s] -> bytes
GONE_VIF_STATES = ("deleted", "deleting", "rejected")  # virtual interfaces that carry nothing and cost nothing

SPEEDS = {"50Mbps": "50M", "100Mbps": "100M", "200Mbps": "200M", "300Mbps": "300M", "400Mbps": "400M",
          "500Mbps": "500M", "1Gbps": "1G", "2Gbps": "2G", "5Gbps": "5G", "10Gbps": "10G", "25Gbps": "25G",
          "100Gbps": "100G", "400Gbps": "400G"}
LIVE = ("available", "pending", "ordering", "requested")


def _call(fn, what, **kwargs):
    from botocore.exceptions import BotoCoreError, ClientError
    try:
        return fn(**kwargs)
    except (ClientError, BotoCoreError) as exc:
        raise AwsApiError(f"{what}: {exc}") from None


def collect(region: str, session=None) -> dict:
    """Describe the Region's hybrid connectivity.

    Parameters
    ----------
    region : str
        Region code.
    session : boto3.session.Session, optional
        Session (default: the standard credential chain).

    Returns
    -------
    dict
        DataFrames: ``vpn`` (vpn_id, state, gateway vgw|tgw, gateway_id, accelerated, static_routes, tunnel,
        tunnels_up), ``tgw_attachments`` (attachment_id, transit_gateway_id, resource_type, state, resource_id,
        resource_owner: the account that owns the attached VPC, VPN...), ``dx``
        (connection_id, name, state, speed, location, hosted, gateway vgw|tgw, vifs: live virtual interfaces,
        None when they cannot be listed; associations: the Regions its Direct Connect gateways are associated
        with, empty when unknown), ``tgw_peerings`` (attachment_id, state, requester_region, accepter_region).
    """
    import boto3

    session = session or boto3.session.Session()
    ec2 = session.client("ec2", region_name=region)
    vpn_rows = []
    for v in _call(ec2.describe_vpn_connections, "ec2 describe_vpn_connections").get("VpnConnections", []):
        if v.get("State") not in LIVE:
            continue
        opts = v.get("Options") or {}
        tel = v.get("VgwTelemetry") or []
        vpn_rows.append({"vpn_id": v["VpnConnectionId"], "state": v.get("State"),
                         "gateway": "tgw" if v.get("TransitGatewayId") else "vgw",
                         "gateway_id": v.get("TransitGatewayId") or v.get("VpnGatewayId") or "",
                         "accelerated": bool(opts.get("EnableAcceleration", False)),
                         "static_routes": bool(opts.get("StaticRoutesOnly", False)),
                         "tunnel": "large" if str(opts.get("TunnelBandwidth", "standard")).lower() == "large" else "standard",
                         "tunnels_up": sum(1 for t in tel if t.get("Status") == "UP") if tel else None})
    att_rows = []
    pages = ec2.get_paginator("describe_transit_gateway_attachments").paginate()
    try:
        for page in pages:
            for a in page.get("TransitGatewayAttachments", []):
                if a.get("State") in ("deleted", "deleting", "failed", "rejected"):
                    continue
                att_rows.append({"attachment_id": a["TransitGatewayAttachmentId"],
                                 "transit_gateway_id": a.get("TransitGatewayId"),
                                 "resource_type": a.get("ResourceType"), "state": a.get("State"),
                                 "resource_id": a.get("ResourceId", ""),
                                 "resource_owner": a.get("ResourceOwnerId", "")})
    except Exception as exc:  # botocore errors raised while paging
        raise AwsApiError(f"ec2 describe_transit_gateway_attachments: {exc}") from None
    peer_rows = _peerings(ec2)
    dxc = session.client("directconnect", region_name=region)
    transit, vifs, gateways = _virtual_interfaces(dxc)
    associated = _gateway_regions(dxc, {g for gs in gateways.values() for g in gs})
    dx_rows = []
    for c in _call(dxc.describe_connections, "directconnect describe_connections").get("connections", []):
        if c.get("connectionState") not in LIVE:
            continue
        bw = str(c.get("bandwidth", "")).replace(" ", "")
        if bw not in SPEEDS:
            raise AwsApiError(f"directconnect connection {c.get('connectionId')}: bandwidth {bw!r} is not one we price; "
                              f"allowed: {', '.join(SPEEDS)}")
        dx_rows.append({"connection_id": c["connectionId"], "name": c.get("connectionName", ""),
                        "state": c.get("connectionState"), "speed": SPEEDS[bw], "location": c.get("location", ""),
                        "hosted": _hosted(c, SPEEDS[bw]),
                        "gateway": "tgw" if c["connectionId"] in transit else "vgw",
                        "vifs": None if vifs is None else vifs.get(c["connectionId"], 0),
                        "associations": sorted({r for g in gateways.get(c["connectionId"], ()) for r in
                                                associated.get(g, ())})})
    return {"vpn": pd.DataFrame(vpn_rows, columns=["vpn_id", "state", "gateway", "gateway_id", "accelerated",
                                                   "static_routes", "tunnel", "tunnels_up"]),
            "tgw_attachments": pd.DataFrame(att_rows, columns=["attachment_id", "transit_gateway_id", "resource_type",
                                                               "state", "resource_id", "resource_owner"]),
            "dx": pd.DataFrame(dx_rows, columns=["connection_id", "name", "state", "speed", "location", "hosted",
                                                 "gateway", "vifs", "associations"]),
            "tgw_peerings": pd.DataFrame(peer_rows, columns=["attachment_id", "state", "requester_region",
                                                             "accepter_region"])}


DEDICATED = ("1G", "10G", "100G", "400G")


def _hosted(conn: dict, speed: str) -> bool:
    """A hosted connection: a speed only partners sell, or a VLAN on the connection itself (a partner's
    hosted connection carries one; a dedicated port's VLANs live on its virtual interfaces). A partner
    name alone proves nothing: partners also deliver dedicated ports."""
    return speed not in DEDICATED or bool(conn.get("vlan"))


def _virtual_interfaces(dxc) -> tuple:
    """Connections carrying a transit VIF (so their traffic reaches a transit gateway), the number of live
    virtual interfaces per connection (None without the permission: then nothing is called VIF-less), and the
    Direct Connect gateways each connection's VIFs attach to."""
    try:
        vifs = dxc.describe_virtual_interfaces().get("virtualInterfaces", [])
    except Exception:  # optional: without the permission, assume private VIFs
        return set(), None, {}
    live = [v for v in vifs if v.get("virtualInterfaceState") not in GONE_VIF_STATES]
    counts: dict = {}
    gateways: dict = {}
    for v in live:
        counts[v.get("connectionId")] = counts.get(v.get("connectionId"), 0) + 1
        if v.get("directConnectGatewayId"):
            gateways.setdefault(v.get("connectionId"), set()).add(v["directConnectGatewayId"])
    return {v.get("connectionId") for v in live if v.get("virtualInterfaceType") == "transit"}, counts, gateways


def _gateway_regions(dxc, gateway_ids) -> dict:
    """The Regions each Direct Connect gateway's associated transit or virtual private gateways are in (empty
    for a gateway whose associations cannot be listed: optional permission)."""
    out: dict = {}
    for gid in sorted(gateway_ids):
        try:
            pages = dxc.describe_direct_connect_gateway_associations(directConnectGatewayId=gid)
        except Exception:  # optional
            continue
        out[gid] = sorted({a["associatedGateway"]["region"] for a in pages.get("directConnectGatewayAssociations", [])
                           if a.get("associationState") in ("associated", "associating")
                           and (a.get("associatedGateway") or {}).get("region")})
    return out


def _peerings(ec2) -> list:
    """Transit gateway peering attachments (not deleted), with both ends' Regions; empty without the permission."""
    try:
        pages = ec2.get_paginator("describe_transit_gateway_peering_attachments").paginate()
        rows = []
        for page in pages:
            for a in page.get("TransitGatewayPeeringAttachments", []):
                ends = [(a.get(k) or {}).get("Region") for k in ("RequesterTgwInfo", "AccepterTgwInfo")]
                if a.get("State") in ("deleted", "deleting", "failed", "rejected") or not all(ends):
                    continue   # (an attachment without both ends is not a peering)
                rows.append({"attachment_id": a.get("TransitGatewayAttachmentId"), "state": a.get("State"),
                             "requester_region": ends[0], "accepter_region": ends[1]})
        return rows
    except Exception:  # optional permission (and botocore errors raised while paging)
        return []


def traffic_gb(region: str, vpn_ids, dx_ids, start: dt.datetime, end: dt.datetime, session=None) -> pd.DataFrame:
    """Egress (AWS -> site) and ingress per VPN connection and DX connection between ``start`` and ``end``.

    Parameters
    ----------
    region : str
        Region code.
    vpn_ids, dx_ids : iterable of str
        Connection ids.
    start, end : datetime.datetime
        The window (UTC).
    session : boto3.session.Session, optional
        Session.

    Returns
    -------
    pandas.DataFrame
        resource_id, egress_gb, ingress_gb [GB], and for Direct Connect connections p95_mbps: the 95th percentile of
        the hourly average rate, the busier direction's (a port carries its speed each way) [Mbit/s]; NaN for VPN.
    """
    import boto3

    session = session or boto3.session.Session()
    cw = session.client("cloudwatch", region_name=region)
    queries, ids = [], {}
    for k, vid in enumerate(vpn_ids):
        for direction, metric in (("egress", "TunnelDataOut"), ("ingress", "TunnelDataIn")):
            qid = f"v{k}{direction[0]}"
            ids[qid] = (vid, direction, "bytes")
            queries.append(_hourly(qid, "AWS/VPN", metric, {"VpnId": vid}, "Sum"))
    for k, cid in enumerate(dx_ids):
        for direction, metric in (("egress", "ConnectionBpsEgress"), ("ingress", "ConnectionBpsIngress")):
            qid = f"d{k}{direction[0]}"
            ids[qid] = (cid, direction, "bps")
            queries.append(_hourly(qid, "AWS/DX", metric, {"ConnectionId": cid}, "Average"))
    totals = {(rid, d): 0.0 for rid, d, _ in ids.values()}
    p95 = {rid: float("nan") for rid, _, unit in ids.values()}
    for qid, vals in _metric_values(cw, queries, start, end).items():
        rid, direction, unit = ids[qid]
        total = sum(vals)
        totals[(rid, direction)] += (total if unit == "bytes" else total * BPS_HOURS_TO_BYTES) / 1e9
        if unit == "bps" and vals:
            busy = float(np.percentile(vals, 95)) / 1e6
            p95[rid] = busy if np.isnan(p95[rid]) else max(p95[rid], busy)
    rows = [{"resource_id": rid, "egress_gb": totals[(rid, "egress")], "ingress_gb": totals[(rid, "ingress")],
             "p95_mbps": p95[rid]} for rid in dict.fromkeys(r for r, _ in totals)]
    return pd.DataFrame(rows, columns=["resource_id", "egress_gb", "ingress_gb", "p95_mbps"])


def attachment_bytes(region: str, attachments: pd.DataFrame, start: dt.datetime, end: dt.datetime,
                     session=None) -> pd.DataFrame:
    """Bytes each transit gateway attachment sent into the transit gateway and received from it between ``start``
    and ``end`` (CloudWatch ``AWS/TransitGateway`` ``BytesIn``/``BytesOut``, dimensions ``TransitGateway`` and
    ``TransitGatewayAttachment``, hourly sums).

    Parameters
    ----------
    region : str
        Region code.
    attachments : pandas.DataFrame
        ``tgw_attachments`` from :func:`collect`.
    start, end : datetime.datetime
        The window (UTC).
    session : boto3.session.Session, optional
        Session.

    Returns
    -------
    pandas.DataFrame
        attachment_id, resource_type, resource_id, resource_owner, bytes_in, bytes_out [bytes].
    """
    import boto3

    session = session or boto3.session.Session()
    cw = session.client("cloudwatch", region_name=region)
    queries, ids = [], {}
    for k, a in enumerate(attachments.itertuples(index=False)):
        for direction in ("BytesIn", "BytesOut"):
            qid = f"a{k}{direction[5].lower()}"
            ids[qid] = (a.attachment_id, direction)
            queries.append(_hourly(qid, "AWS/TransitGateway", direction, {
                "TransitGateway": a.transit_gateway_id, "TransitGatewayAttachment": a.attachment_id}, "Sum"))
    totals = {key: 0.0 for key in ids.values()}
    for qid, vals in _metric_sums(cw, queries, start, end).items():
        totals[ids[qid]] += vals
    out = attachments[["attachment_id", "resource_type", "resource_id", "resource_owner"]].copy()
    out["bytes_in"] = [totals[(a, "BytesIn")] for a in out["attachment_id"]]
    out["bytes_out"] = [totals[(a, "BytesOut")] for a in out["attachment_id"]]
    return out.reset_index(drop=True)


def vif_bytes(region: str, start: dt.datetime, end: dt.datetime, session=None) -> pd.DataFrame:
    """Bytes each live Direct Connect virtual interface carried between ``start`` and ``end``, from the hourly
    averages of CloudWatch ``AWS/DX`` ``VirtualInterfaceBpsEgress``/``VirtualInterfaceBpsIngress`` (dimensions
    ``ConnectionId`` and ``VirtualInterfaceId``; egress is AWS to the site) times 3,600 s / 8.

    Parameters
    ----------
    region : str
        Region code.
    start, end : datetime.datetime
        The window (UTC).
    session : boto3.session.Session, optional
        Session.

    Returns
    -------
    pandas.DataFrame
        vif_id, connection_id, owner_account, vif_type, bytes_out (egress), bytes_in (ingress) [bytes].
    """
    import boto3

    session = session or boto3.session.Session()
    dxc = session.client("directconnect", region_name=region)
    vifs = _call(dxc.describe_virtual_interfaces, "directconnect describe_virtual_interfaces").get(
        "virtualInterfaces", [])
    live = [v for v in vifs if v.get("virtualInterfaceState") not in GONE_VIF_STATES]
    queries, ids = [], {}
    for k, v in enumerate(live):
        for direction, metric in (("out", "VirtualInterfaceBpsEgress"), ("in", "VirtualInterfaceBpsIngress")):
            qid = f"v{k}{direction}"
            ids[qid] = (v["virtualInterfaceId"], direction)
            queries.append(_hourly(qid, "AWS/DX", metric, {"ConnectionId": v.get("connectionId", ""),
                                                           "VirtualInterfaceId": v["virtualInterfaceId"]}, "Average"))
    totals = {key: 0.0 for key in ids.values()}
    cw = session.client("cloudwatch", region_name=region)
    for qid, bps in (_metric_sums(cw, queries, start, end) if queries else {}).items():
        totals[ids[qid]] += bps * BPS_HOURS_TO_BYTES
    rows = [{"vif_id": v["virtualInterfaceId"], "connection_id": v.get("connectionId", ""),
             "owner_account": str(v.get("ownerAccount", "")), "vif_type": v.get("virtualInterfaceType", ""),
             "bytes_out": totals[(v["virtualInterfaceId"], "out")], "bytes_in": totals[(v["virtualInterfaceId"], "in")]}
            for v in live]
    return pd.DataFrame(rows, columns=["vif_id", "connection_id", "owner_account", "vif_type", "bytes_out",
                                       "bytes_in"])


def _hourly(qid: str, namespace: str, metric: str, dimensions: dict, stat: str) -> dict:
    """One ``get_metric_data`` query: ``stat`` of ``metric`` per hour."""
    return {"Id": qid, "MetricStat": {"Metric": {"Namespace": namespace, "MetricName": metric, "Dimensions": [
        {"Name": k, "Value": v} for k, v in dimensions.items()]}, "Period": 3600, "Stat": stat}}


def _metric_sums(cw, queries: list, start: dt.datetime, end: dt.datetime) -> dict:
    """Sum of every returned value per query id of ``get_metric_data``, 500 queries a call, every page read."""
    return {qid: sum(vals) for qid, vals in _metric_values(cw, queries, start, end).items()}


def _metric_values(cw, queries: list, start: dt.datetime, end: dt.datetime) -> dict:
    """Every returned value per query id of ``get_metric_data`` (a list of floats), 500 queries a call, every page
    read."""
    values: dict = {}
    for i in range(0, len(queries), 500):
        token = None
        while True:
            kwargs = {"MetricDataQueries": queries[i:i + 500], "StartTime": start, "EndTime": end}
            if token:
                kwargs["NextToken"] = token
            page = _call(cw.get_metric_data, "cloudwatch get_metric_data", **kwargs)
            for r in page.get("MetricDataResults", []):
                values.setdefault(r["Id"], []).extend(float(v) for v in r.get("Values", []))
            token = page.get("NextToken")
            if not token:
                break
    return values


def month_bounds(month: str) -> tuple:
    """(start, end) datetimes (UTC) of a month.

    Parameters
    ----------
    month : str
        ``YYYY-MM``.
    """
    y, m = map(int, month.split("-"))
    start = dt.datetime(y, m, 1, tzinfo=dt.timezone.utc)
    end = dt.datetime(y + (m == 12), m % 12 + 1, 1, tzinfo=dt.timezone.utc)
    return start, end
