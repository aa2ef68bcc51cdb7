"""Idle and waste: connections that cost money and carry (almost) nothing, with the monthly saving of removing
each and the evidence, from the read-only inventory and CloudWatch traffic of one Region.

Rules (each a row of :data:`RULES`): a VPN connection whose tunnels carried less than ``min_gb`` in the month, or
whose tunnels are all down now; a Direct Connect connection with less than ``min_gb`` in the month, or with no
virtual interface; a transit gateway attachment that moved less than ``min_gb``. The saving is what the
connection alone costs a month at zero traffic, priced by the cost model exactly as the estate is (ports,
connection-hours, the transit gateway attachment a VPN needs, accelerator fees): a one-connection estate built by
:func:`vpncost.spend.estate.estate_from_inventory`.

A hosted connection in use but sized far above its traffic is waste too: when its speed is at least
:data:`OVERSIZED` times its 95th-percentile hourly rate and a smaller hosted speed carries that rate with
:data:`HEADROOM` to spare, the saving is the difference between the two ports' monthly cost, priced the same way.
So is an accelerated VPN whose site gains less RTT from acceleration than the site's threshold (the latency model of
:mod:`vpncost.model.latency`, from the site's location in a sites file: a model, not a measurement); the saving is
the accelerated connection's monthly cost less the same connection's without acceleration, with its traffic.
"""
from __future__ import annotations

import math

import pandas as pd

MIN_GB = 1.0  # below this much traffic in a month a connection counts as idle [GB]
OVERSIZED = 4.0  # a hosted port this many times its p95 rate (or more) is sized far above its traffic [-]
HEADROOM = 1.25  # the smaller port proposed must carry the p95 rate times this [-]
RULES = {
    "vpn_no_traffic": "VPN connection carried less than {min_gb:g} GB in the month",
    "vpn_tunnels_down": "VPN connection has both tunnels down (VgwTelemetry)",
    "dx_no_traffic": "Direct Connect connection carried less than {min_gb:g} GB in the month",
    "dx_no_vif": "Direct Connect connection has no virtual interface",
    "tgw_attachment_no_traffic": "transit gateway attachment sent and received less than {min_gb:g} GB in the month",
    "dx_hosted_oversized": "hosted Direct Connect connection sized at least {oversized:g}x its p95 traffic",
    "vpn_acceleration_below_threshold": "accelerated VPN saves its site less RTT than the site's threshold",
}
#: EC2's attachment resource type -> the transit gateway model's attachment kind (VPN attachments are judged with
#: their VPN connection)
ATTACHMENT_KIND = {"vpc": "VPC", "direct-connect-gateway": "Direct Connect gateway", "peering": "peering",
                   "connect": "Connect"}
COLUMNS = ["resource_id", "kind", "rule", "finding", "evidence", "monthly_saving_usd"]


def idle_findings(inv: dict, traffic: pd.DataFrame, region: str, min_gb: float = MIN_GB, catalog=None,
                  hours: float = 730.0, attachment_traffic: "pd.DataFrame | None" = None,
                  sites: "pd.DataFrame | None" = None) -> pd.DataFrame:
    """Every idle connection of ``inv`` with its evidence and the monthly saving of removing it.

    Parameters
    ----------
    inv : dict
        Tables from :func:`vpncost.spend.readers.inventory.collect` (``vpn``, ``dx``, ``tgw_attachments``).
    traffic : pandas.DataFrame
        resource_id, egress_gb, ingress_gb for the month [GB] (:func:`~vpncost.spend.readers.inventory.traffic_gb`).
    region : str
        Region code.
    min_gb : float
        Traffic below which a connection is idle [GB per month].
    catalog : PriceCatalog, optional
        Prices (default: the shipped table).
    hours : float
        Hours of the month the saving is priced for [h].
    attachment_traffic : pandas.DataFrame, optional
        Bytes per transit gateway attachment in the month
        (:func:`~vpncost.spend.readers.inventory.attachment_bytes`): attachments (other than VPN ones, judged with
        their VPN) that moved less than ``min_gb`` are idle too, saving their attachment-hours.
    sites : pandas.DataFrame, optional
        vpn_id, latitude, longitude [deg], min_saving_ms [ms] (:func:`vpncost.spend.readers.sites.read_sites`):
        accelerated VPNs of these sites are judged by their modelled RTT saving.

    Returns
    -------
    pandas.DataFrame
        resource_id, kind (vpn | dx | tgw_attachment), rule, finding, evidence, monthly_saving_usd
        [USD/month]; one row per connection (its first rule that applies), largest saving first.
    """
    t = traffic.set_index("resource_id") if len(traffic) else pd.DataFrame(columns=["egress_gb", "ingress_gb"])
    rows = []
    for kind, table, key in (("vpn", inv["vpn"], "vpn_id"), ("dx", inv["dx"], "connection_id")):
        for _, r in table.iterrows():
            rid = r[key]
            gb = float(t["egress_gb"].get(rid, 0.0) + t["ingress_gb"].get(rid, 0.0)) if rid in t.index else 0.0
            metric = "AWS/VPN TunnelDataIn/Out" if kind == "vpn" else "AWS/DX ConnectionBps"
            measured = f"{gb:,.2f} GB in the month (CloudWatch {metric})"
            rule = evidence = None
            if kind == "vpn" and r.get("tunnels_up") == 0:
                rule, evidence = "vpn_tunnels_down", f"0 of 2 tunnels UP; {measured}"
            elif kind == "dx" and r.get("vifs") == 0:
                rule, evidence = "dx_no_vif", f"describe_virtual_interfaces lists none; {measured}"
            elif gb < min_gb:
                rule, evidence = f"{kind}_no_traffic", measured
            if rule:
                rows.append({"resource_id": rid, "kind": kind, "rule": rule,
                             "finding": RULES[rule].format(min_gb=min_gb), "evidence": evidence,
                             "monthly_saving_usd": _alone(inv, kind, key, rid, region, catalog, hours)})
            elif kind == "vpn" and r.get("accelerated") and sites is not None and rid in set(sites["vpn_id"]):
                site = sites[sites["vpn_id"] == rid].iloc[0]
                row = _acceleration(inv, rid, site, t, measured, region, catalog, hours)
                if row:
                    rows.append(row)
            elif kind == "dx" and r.get("hosted") and "p95_mbps" in t.columns and rid in t.index:
                row = _oversized(inv, r, float(t.at[rid, "p95_mbps"]), measured, region, catalog, hours)
                if row:
                    rows.append(row)
    if attachment_traffic is not None and len(attachment_traffic):
        from vpncost.model import components
        from vpncost.model.resources import transit_gateway
        from vpncost.pricing.catalog import load_prices
        cat = catalog or load_prices()
        for a in attachment_traffic.itertuples(index=False):
            gb = (a.bytes_in + a.bytes_out) / 1e9
            if a.resource_type in ATTACHMENT_KIND and gb < min_gb:
                hours_of_one = transit_gateway.attachments(cat, region, ATTACHMENT_KIND[a.resource_type], 1.0)
                rows.append({"resource_id": a.attachment_id, "kind": "tgw_attachment",
                             "rule": "tgw_attachment_no_traffic",
                             "finding": RULES["tgw_attachment_no_traffic"].format(min_gb=min_gb),
                             "evidence": f"{gb:,.2f} GB in the month (CloudWatch AWS/TransitGateway BytesIn/BytesOut); "
                                         f"{a.resource_type} {a.resource_id} of {a.resource_owner}",
                             "monthly_saving_usd": float(components.cost(hours_of_one,
                                                                         components.usage(hours=hours)))})
    out = pd.DataFrame(rows, columns=COLUMNS)
    return out.sort_values("monthly_saving_usd", ascending=False, ignore_index=True)


def _oversized(inv: dict, conn, p95_mbps: float, measured: str, region: str, catalog, hours: float) -> "dict | None":
    """The finding for a hosted connection sized far above its p95 rate, or None."""
    from vpncost.reference.limits import HOSTED_SPEEDS, SPEED_MBPS

    speed = SPEED_MBPS[conn["speed"]]
    if math.isnan(p95_mbps) or speed < OVERSIZED * p95_mbps:  # no measurement, or not oversized
        return None
    fits = [s for s in HOSTED_SPEEDS if SPEED_MBPS[s] >= HEADROOM * p95_mbps and SPEED_MBPS[s] < speed]
    if not fits:
        return None
    smaller = min(fits, key=SPEED_MBPS.get)
    rid = conn["connection_id"]
    now = _alone(inv, "dx", "connection_id", rid, region, catalog, hours)
    then = _alone(_changed(inv, "dx", "connection_id", rid, speed=smaller), "dx", "connection_id", rid, region,
                  catalog, hours)
    return {"resource_id": rid, "kind": "dx", "rule": "dx_hosted_oversized",
            "finding": RULES["dx_hosted_oversized"].format(oversized=OVERSIZED),
            "evidence": f"{conn['speed']} port, p95 {p95_mbps:,.1f} Mbit/s (CloudWatch AWS/DX ConnectionBpsEgress/"
                        f"Ingress hourly averages, the busier direction); {measured}; a {smaller} hosted port "
                        f"carries it with {HEADROOM - 1:.0%} headroom",
            "monthly_saving_usd": now - then}


def _acceleration(inv: dict, rid: str, site, traffic: pd.DataFrame, measured: str, region: str, catalog,
                  hours: float) -> "dict | None":
    """The finding for an accelerated VPN whose modelled RTT saving is below its site's threshold, or None."""
    from vpncost.model.latency import paths

    p = paths(site["latitude"], site["longitude"], region).iloc[0]
    saved = float(p["saved_ms"])
    if saved >= float(site["min_saving_ms"]):
        return None
    used = traffic.loc[[rid]].reset_index() if rid in traffic.index else None
    now = _alone(inv, "vpn", "vpn_id", rid, region, catalog, hours, used)
    then = _alone(_changed(inv, "vpn", "vpn_id", rid, accelerated=False), "vpn", "vpn_id", rid, region, catalog,
                  hours, used)
    return {"resource_id": rid, "kind": "vpn", "rule": "vpn_acceleration_below_threshold",
            "finding": RULES["vpn_acceleration_below_threshold"],
            "evidence": f"modelled RTT {p['rtt_internet_ms']:.0f} ms standard vs {p['rtt_accelerated_ms']:.0f} ms "
                        f"accelerated via {p['edge']}: {saved:.1f} ms saved, threshold {site['min_saving_ms']:g} ms "
                        f"(site at {site['latitude']:.2f}, {site['longitude']:.2f}; a model, not a measurement); "
                        f"{measured}",
            "monthly_saving_usd": now - then}


def _changed(inv: dict, kind: str, key: str, rid: str, **values) -> dict:
    """``inv`` with one connection's columns set to ``values`` (what it would be after the change proposed)."""
    table = inv[kind].copy()
    for column, value in values.items():
        table[column] = table[column].astype(object)
        table.loc[table[key] == rid, column] = value
    return {**inv, kind: table}


def _alone(inv: dict, kind: str, key: str, rid: str, region: str, catalog, hours: float,
           traffic: "pd.DataFrame | None" = None) -> float:
    """What one connection costs a month, priced as the estate prices it: at zero traffic, or with ``traffic``
    (resource_id, egress_gb, ingress_gb)."""
    from vpncost.spend.estate import estate_from_inventory

    one = {"vpn": inv["vpn"].iloc[0:0], "dx": inv["dx"].iloc[0:0],
           "tgw_attachments": inv["tgw_attachments"].iloc[0:0]}
    one[kind] = inv[kind][inv[kind][key] == rid]
    if traffic is None:
        traffic = pd.DataFrame(columns=["resource_id", "egress_gb", "ingress_gb"])
    estate = estate_from_inventory(one, traffic[["resource_id", "egress_gb", "ingress_gb"]], region)
    b = estate.breakdown(hours=hours, catalog=catalog)
    return float(b["cost_usd"].sum())
