"""Resources (from a plan or a template) -> a network (:mod:`vpncost.network`), and what became of each resource.

=====================================================  =========================================================
resources                                              in the network
=====================================================  =========================================================
``aws_ec2_transit_gateway``                            the Region's transit gateway (free itself; two in one
                                                       Region price as one: attachments and GB are what is
                                                       billed)
``aws_ec2_transit_gateway_vpc_attachment``             ``vpc_attachments`` of its transit gateway's Region
``aws_vpn_concentrator``                               ``concentrators`` of its transit gateway's Region
``aws_ec2_transit_gateway_peering_attachment``         a peering between its transit gateway's Region and
                                                       ``peer_region`` (both sides' attachment-hours)
``aws_vpn_connection``                                 a site (one per customer gateway; its VPNs are the site's
                                                       connections): ``vpn`` to the transit gateway, the virtual
                                                       private gateway or the Cloud WAN edge it ends on;
                                                       ``static_routes_only`` -> routing, ``tunnel_bandwidth =
                                                       large`` -> 5 Gbps tunnels, ``enable_acceleration``;
                                                       ``vpn_concentrator_id`` -> a site on the Concentrator
``aws_dx_connection``, ``aws_dx_lag``,                 a Direct Connect entry (``count``: the LAG's connections)
``aws_dx_hosted_connection``                           and its site; ``gateway.associations``: the Regions of the
                                                       transit gateways and virtual private gateways its virtual
                                                       interfaces reach (through ``aws_dx_gateway`` and
                                                       ``aws_dx_gateway_association``)
``aws_dx_gateway_association`` that no connection of   ``dx_gateway_attachments`` of the transit gateway's Region
the input uses                                         (a transit gateway's id, ``tgw-...``, outside the input:
                                                       the association's own Region)
``aws_networkmanager_core_network`` and its            Cloud WAN core network edges (the policy's
``_vpc_attachment`` / ``_site_to_site_vpn_attachment`` ``edge-locations``, and the Regions of its attachments)
=====================================================  =========================================================

A transit gateway outside the input (only its id is known) is taken to be in the Region of the resource that
names it. The peer of a peering attachment outside the input is in ``peer_region``, owned by ``peer_account_id``
when given (its side's attachment-hours are billed to that account: each transit gateway's owner pays).

Free (listed, no charge of their own): customer gateways, virtual private gateways and their attachments, DX
gateways, virtual interfaces (their data out is priced on the connection), route tables, routes, associations,
propagations, accepters (the peering's two sides are priced on the attachment). Anything else is listed as not
modelled, with the reason, never dropped silently.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from vpncost.errors import ScenarioError, VpncostError

FREE = {
    "aws_customer_gateway": "no charge (the customer's device)",
    "aws_vpn_gateway": "no hourly charge (its VPN connections are priced)",
    "aws_vpn_gateway_attachment": "no charge",
    "aws_vpn_gateway_route_propagation": "no charge",
    "aws_vpn_connection_route": "no charge",
    "aws_ec2_transit_gateway": "no charge of its own (its attachments and the GB they send are priced)",
    "aws_ec2_transit_gateway_route_table": "no charge",
    "aws_ec2_transit_gateway_route": "no charge",
    "aws_ec2_transit_gateway_route_table_association": "no charge",
    "aws_ec2_transit_gateway_route_table_propagation": "no charge",
    "aws_ec2_transit_gateway_vpc_attachment_accepter": "priced on its VPC attachment",
    "aws_ec2_transit_gateway_peering_attachment_accepter": "both sides priced on the peering attachment",
    "aws_dx_gateway": "no charge (DX-FAQ: no charge for a Direct Connect gateway)",
    "aws_dx_gateway_association_proposal": "no charge",
    "aws_dx_connection_association": "no charge (joins a connection to its LAG)",
    "aws_dx_transit_virtual_interface": "no charge (data out is priced on its connection)",
    "aws_dx_private_virtual_interface": "no charge (data out is priced on its connection)",
    "aws_dx_hosted_transit_virtual_interface": "no charge (data out is priced on its connection)",
    "aws_dx_hosted_private_virtual_interface": "no charge (data out is priced on its connection)",
    "aws_dx_hosted_transit_virtual_interface_accepter": "no charge",
    "aws_dx_hosted_private_virtual_interface_accepter": "no charge",
    "aws_networkmanager_global_network": "no charge",
    "aws_networkmanager_core_network_policy_attachment": "no charge (its edge locations are priced)",
    "aws_networkmanager_attachment_accepter": "no charge",
}

NOT_MODELLED = {
    "aws_ec2_transit_gateway_connect": "transit gateway Connect attachments are not in the network model",
    "aws_ec2_transit_gateway_connect_peer": "transit gateway Connect attachments are not in the network model",
    "aws_networkmanager_connect_attachment": "Cloud WAN Connect attachments are not in the network model",
    "aws_networkmanager_dx_gateway_attachment": "Cloud WAN Direct Connect attachments: the shipped Cloud WAN feed "
                                                "has no price for them",
    "aws_networkmanager_transit_gateway_peering": "Cloud WAN peering with a transit gateway is not in the network "
                                                  "model",
    "aws_globalaccelerator_accelerator": "a standalone accelerator fronts applications, not sites (an accelerated "
                                         "VPN's accelerators come with enable_acceleration)",
    "aws_globalaccelerator_listener": "part of a standalone accelerator",
    "aws_globalaccelerator_endpoint_group": "part of a standalone accelerator",
    "aws_dx_public_virtual_interface": "public virtual interfaces are not in the network model",
    "aws_dx_hosted_public_virtual_interface": "public virtual interfaces are not in the network model",
}

SPEEDS = {"50mbps": "50M", "100mbps": "100M", "200mbps": "200M", "300mbps": "300M", "400mbps": "400M",
          "500mbps": "500M", "1gbps": "1G", "2gbps": "2G", "5gbps": "5G", "10gbps": "10G", "25gbps": "25G",
          "100gbps": "100G", "400gbps": "400G"}

#: usage keys per resource kind (vpncost's, then Infracost's that mean the same)
USAGE_KEYS = {
    "aws_vpn_connection": ("egress_gb", "ingress_gb", "peak_mbps", "peak_to_average", "city", "latitude",
                           "longitude", "count", "extra_monthly_usd", "site", "backup", "monthly_data_processed_gb"),
    "aws_dx_connection": ("traffic", "peak_mbps", "peak_to_average", "city", "latitude", "longitude",
                          "extra_monthly_usd", "location", "site", "backup",
                          "monthly_outbound_from_region_to_dx_connection_location",
                          "monthly_outbound_region_to_dx_location_gb", "dx_connection_type",
                          "dx_virtual_interface_type"),
}
#: Infracost's keys that vpncost reads from the resources instead (accepted so that a shared file is reused)
FROM_RESOURCES = {"dx_connection_type": "the connection type comes from the resource type (aws_dx_connection, "
                                        "aws_dx_lag: dedicated; aws_dx_hosted_connection: hosted)",
                  "dx_virtual_interface_type": "the virtual interfaces come from the input's aws_dx_*_virtual_"
                                               "interface resources"}
USAGE_KEYS["aws_dx_lag"] = USAGE_KEYS["aws_dx_hosted_connection"] = USAGE_KEYS["aws_dx_connection"]


@dataclass
class Translation:
    """A network mapping and what became of each resource."""

    network: dict
    coverage: list = field(default_factory=list)   # {address, type, status, detail}
    notes: list = field(default_factory=list)


def _edges(policy) -> list:
    """Edge locations of a Cloud WAN core network policy (a JSON document or mapping)."""
    if isinstance(policy, str):
        try:
            policy = json.loads(policy)
        except ValueError:
            return []
    if not isinstance(policy, dict):
        return []
    conf = policy.get("core-network-configuration") or {}
    return [e["location"] for e in conf.get("edge-locations") or [] if isinstance(e, dict) and
            isinstance(e.get("location"), str)]


def _arn_region(arn) -> "str | None":
    m = re.match(r"arn:aws[\w-]*:[\w-]+:([a-z0-9-]+):", arn) if isinstance(arn, str) else None
    return m.group(1) if m else None


def _truthy(v) -> bool:
    return v is True or (isinstance(v, str) and v.strip().lower() == "true")


def translate(resources: list, name: str, usage: "dict | None" = None, source: str = "plan",
              usage_source: str = "usage") -> Translation:
    """The network the resources describe.

    Parameters
    ----------
    resources : list of Resource
        From :func:`vpncost.iac.terraform.read_plan` or :func:`vpncost.iac.cloudformation.read_template`.
    name : str
        The network's name.
    usage : dict, optional
        Address -> usage mapping (:func:`vpncost.iac.usage.for_resources`).
    source, usage_source : str
        Named in error messages.
    """
    usage = usage or {}
    by_address = {r.address: r for r in resources}
    t = Translation(network={"name": name, "kind": "network", "regions": {}, "peerings": [], "direct_connect": [],
                             "sites": []})
    net = t.network
    status: dict = {}

    def mark(r, state, detail):
        status[r.address] = {"address": r.address, "type": r.source_type, "status": state, "detail": detail}

    def need_region(r, what) -> str:
        if not r.region:
            raise ScenarioError(f"{source}: {r.address}: no Region for this {what} (no provider region, no "
                                "region attribute); give one with --region")
        return r.region

    def region_spec(code: str) -> dict:
        return net["regions"].setdefault(code, {})

    def tgw_region(r, attr="transit_gateway_id") -> str:
        target = by_address.get(r.links.get(attr, ""))
        if target is not None and target.kind == "aws_ec2_transit_gateway":
            return need_region(target, "transit gateway")
        code = need_region(r, "attachment")
        t.notes.append(f"{r.address}: its transit gateway is not in the input; taken to be in {code}")
        return code

    def tgw(code: str) -> dict:
        spec = region_spec(code)
        if "cloud_wan" in spec:
            raise ScenarioError(f"{source}: a transit gateway and a Cloud WAN edge in {code}: the network model has "
                                "one of them per Region")
        return spec.setdefault("transit_gateway", {"vpc_attachments": 0})

    # -- Region gateways --------------------------------------------------------------------------------------
    for r in resources:
        if r.kind == "aws_ec2_transit_gateway":
            tgw(need_region(r, "transit gateway"))
    edges: dict = {}
    for r in resources:
        if r.kind in ("aws_networkmanager_core_network", "aws_networkmanager_core_network_policy_attachment"):
            for code in _edges(r.values.get("policy_document")):
                edges.setdefault(code, r.address)
            if r.kind == "aws_networkmanager_core_network":
                mark(r, "priced", "Cloud WAN core network: an edge per Region of its policy and attachments")
    for r in resources:
        if r.kind == "aws_networkmanager_vpc_attachment":
            code = _arn_region(r.values.get("vpc_arn")) or r.values.get("edge_location") or need_region(
                r, "Cloud WAN attachment")
            edges.setdefault(code, r.address)
            cw = region_spec(code).setdefault("cloud_wan", {"vpc_attachments": 0})
            cw["vpc_attachments"] += 1
            mark(r, "priced", f"Cloud WAN VPC attachment-hours in {code}")
        elif r.kind == "aws_networkmanager_site_to_site_vpn_attachment":
            vpn = by_address.get(r.links.get("vpn_connection_arn", ""))
            code = (vpn.region if vpn else None) or need_region(r, "Cloud WAN attachment")
            edges.setdefault(code, r.address)
            if vpn is not None:
                mark(r, "priced", "priced with its VPN connection (Cloud WAN VPN attachment-hours)")
            else:
                mark(r, "not modelled", "its VPN connection is not in the input (its attachment-hours are priced "
                     "with it)")
    for code in edges:
        spec = region_spec(code)
        if "transit_gateway" in spec:
            raise ScenarioError(f"{source}: a transit gateway and a Cloud WAN edge in {code}: the network model "
                                "has one of them per Region")
        spec.setdefault("cloud_wan", {"vpc_attachments": 0})
    for r in resources:
        if r.kind == "aws_ec2_transit_gateway":
            mark(r, "free", FREE[r.kind])
        elif r.kind == "aws_ec2_transit_gateway_vpc_attachment":
            tgw(tgw_region(r))["vpc_attachments"] += 1
            mark(r, "priced", "transit gateway VPC attachment-hours")
        elif r.kind == "aws_vpn_concentrator":
            spec = tgw(tgw_region(r))
            spec["concentrators"] = spec.get("concentrators", 0) + 1
            mark(r, "priced", "VPN Concentrator hours and its attachment")
        elif r.kind == "aws_ec2_transit_gateway_peering_attachment":
            a = tgw_region(r)
            tgw(a)
            b = r.values.get("peer_region")
            if not isinstance(b, str) or not b:
                raise ScenarioError(f"{source}: {r.address}: peer_region: needed to price the peering (the "
                                    "Region of the peer transit gateway)")
            peer = tgw(b)
            owner = r.values.get("peer_account_id")
            from vpncost.iac.cloudformation import PSEUDO
            if owner == PSEUDO["AWS::AccountId"]:
                owner = None   # a template's own account (AWS::AccountId): the same payer
            if by_address.get(r.links.get("peer_transit_gateway_id", "")) is None and isinstance(owner, str) \
                    and owner and "account" not in peer:   # each transit gateway's owner pays its side
                accounts = net.setdefault("accounts", [{"id": "network"}])
                if not any(x["id"] == owner for x in accounts):
                    accounts.append({"id": owner})
                peer["account"] = owner
                t.notes.append(f"{r.address}: the peer transit gateway in {b} is not in the input; its side's "
                               f"attachment-hours are billed to its owner, account {owner} (by account below)")
            if not any(set(p["between"]) == {a, b} for p in net["peerings"]):
                net["peerings"].append({"between": [a, b]})
                mark(r, "priced", f"peering attachment-hours in {a} and {b}; inter-Region data with usage")
            else:   # the network model has one peering per pair of Regions: a second one's hours on its own
                for side in (a, b):
                    tgw(side)["peering_attachments"] = tgw(side).get("peering_attachments", 0) + 1
                mark(r, "priced", f"peering attachment-hours in {a} and {b} (a second peering between them: its "
                     "traffic is counted on the first)")
        elif r.kind == "aws_ec2_transit_gateway_peering_attachment_accepter":
            peering = by_address.get(r.links.get("transit_gateway_attachment_id", ""))
            if peering is None or peering.kind != "aws_ec2_transit_gateway_peering_attachment":
                code = need_region(r, "peering accepter")
                tgw(code)["peering_attachments"] = tgw(code).get("peering_attachments", 0) + 1
                mark(r, "priced", f"this side's peering attachment-hours in {code} (the requesting attachment is "
                     "not in the input: its owner pays the other side)")

    # -- Direct Connect ---------------------------------------------------------------------------------------
    def associated(assoc) -> tuple:
        """(Region, ``tgw`` or ``vgw``) of the gateway a DX gateway association joins; (None, None) when the
        input does not say which kind it is (noted)."""
        target = by_address.get(assoc.links.get("associated_gateway_id", ""))
        if target is not None:
            return need_region(target, "gateway"), "tgw" if target.kind == "aws_ec2_transit_gateway" else "vgw"
        gid = assoc.values.get("associated_gateway_id")
        kind = {"tgw-": "tgw", "vgw-": "vgw"}.get(gid[:4]) if isinstance(gid, str) else None
        if kind is None:
            t.notes.append(f"{assoc.address}: the gateway it associates is not in the input and its id does not "
                           "say whether it is a transit or a virtual private gateway; not counted")
            return None, None
        code = need_region(assoc, "Direct Connect gateway association")
        t.notes.append(f"{assoc.address}: its gateway {gid} is not in the input; taken to be in {code}")
        return code, kind

    def dx_gateway_regions(dx_address: str) -> tuple:
        """(DX gateway name, Regions) the virtual interfaces on a connection reach."""
        regions, gw_name = [], None
        for vif in resources:
            if not vif.kind.startswith("aws_dx_") or "virtual_interface" not in vif.kind:
                continue
            if vif.links.get("connection_id") != dx_address:
                continue
            if _truthy(vif.values.get("sitelink_enabled")):
                t.notes.append(f"{vif.address}: SiteLink is not priced in networks yet (its charges are missing "
                               "from this estimate)")
            vgw = by_address.get(vif.links.get("vpn_gateway_id", ""))
            if vgw is not None:
                regions.append(need_region(vgw, "virtual private gateway"))
            gw = by_address.get(vif.links.get("dx_gateway_id", ""))
            if gw is None:
                continue
            gw_name = gw_name or gw.name()
            for assoc in resources:
                if assoc.kind != "aws_dx_gateway_association" or assoc.links.get("dx_gateway_id") != gw.address:
                    continue
                code, kind = associated(assoc)
                if kind is None:
                    continue
                if kind == "tgw":
                    tgw(code)
                    mark(assoc, "priced", f"the Direct Connect gateway's attachment-hours on the transit gateway in "
                         f"{code}; its processing with usage")
                else:
                    region_spec(code)
                    mark(assoc, "free", f"no charge (associates the Direct Connect gateway with a virtual private "
                         f"gateway in {code})")
                regions.append(code)
        return gw_name, list(dict.fromkeys(regions))

    sites: dict = {}   # a site per DX connection and per customer gateway, or as the usage file groups them

    def group(key: str, address: str) -> dict:
        site = sites.setdefault(key, {"name": key, "connect": [], "traffic": {}, "_addresses": []})
        site["_addresses"].append(address)
        return site

    lags: dict = {}   # LAG address -> its member connections (aws_dx_connection_association, or lag_id)
    for r in resources:
        if r.kind == "aws_dx_connection" and r.links.get("lag_id") in by_address:
            lags.setdefault(r.links["lag_id"], []).append(r)
        elif r.kind == "aws_dx_connection_association" and r.links.get("lag_id") in by_address \
                and r.links.get("connection_id") in by_address:
            lags.setdefault(r.links["lag_id"], []).append(by_address[r.links["connection_id"]])
    in_lag = {m.address: lag for lag, members in lags.items() for m in members}
    for lag in lags:   # the LAG's own connection_id: an existing connection it was made from
        first = by_address[lag].links.get("connection_id")
        if first in by_address and first not in in_lag:
            lags[lag].append(by_address[first])
            in_lag[first] = lag
    unused: dict = {}   # Infracost usage keys vpncost reads from the resources -> the addresses that gave them
    for r in resources:
        if r.kind not in ("aws_dx_connection", "aws_dx_lag", "aws_dx_hosted_connection"):
            continue
        if r.address in in_lag:
            if r.address not in status:   # its LAG may have said otherwise already
                mark(r, "priced", f"a port of the LAG {in_lag[r.address]}")
            continue
        u = usage.get(r.address, {})
        members = lags.get(r.address, [])
        speed_attr = "connections_bandwidth" if r.kind == "aws_dx_lag" else "bandwidth"
        speed = SPEEDS.get(str(r.values.get(speed_attr, "")).lower().replace(" ", ""))
        if speed is None and speed_attr in r.unknown:
            mark(r, "not modelled", f"its {speed_attr} is known only after apply (its port-hours depend on it)")
            for m in members:
                mark(m, "not modelled", f"a port of the LAG {r.address}, whose speed is not known")
            continue
        if speed is None:
            raise ScenarioError(f"{source}: {r.address}: {speed_attr}: {r.values.get(speed_attr)!r} is not a Direct "
                                f"Connect speed; allowed: {', '.join(SPEEDS)}")
        location = u.get("location") or r.values.get("location")
        if not isinstance(location, str) or not location:
            mark(r, "not modelled", "its location is not in the input (a hosted connection's is its partner's): "
                 f"give it in {usage_source} as location: CODE")
            for m in members:   # its ports are not priced either: said so, not "priced"
                mark(m, "not modelled", f"a port of the LAG {r.address}, whose location is not known")
            continue
        from vpncost.reference.regions import dx_location
        try:
            dx_location(location)
        except VpncostError as exc:
            where = f"{usage_source}: {r.address}.location" if u.get("location") else f"{source}: {r.address}: location"
            raise ScenarioError(f"{where}: {str(exc).removeprefix('location: ')}") from None
        traffic = {code: dict(flow) for code, flow in (u.get("traffic") or {}).items()}   # Regions checked by
        for code, gb in (u.get("monthly_outbound_from_region_to_dx_connection_location") or {}).items():  # usage.read
            traffic.setdefault(code, {}).setdefault("egress_gb", gb)
        for k in FROM_RESOURCES:
            if k in u:
                unused.setdefault(k, []).append(r.address)
        gw_name, regions = dx_gateway_regions(r.address)
        for m in members:
            extra = dx_gateway_regions(m.address)
            gw_name = gw_name or extra[0]
            regions = list(dict.fromkeys(regions + extra[1]))
        home = str(dx_location(location)["region"])
        if "monthly_outbound_region_to_dx_location_gb" in u and \
                "monthly_outbound_from_region_to_dx_connection_location" not in u:
            # Infracost's older key (read only without the map, as Infracost does): GB from the connection's Region
            own = regions[0] if regions else home
            traffic.setdefault(own, {}).setdefault("egress_gb", u["monthly_outbound_region_to_dx_location_gb"])
        has_vif = bool(regions)   # without one, no DX gateway of the input: no attachment is billed
        if not regions:
            regions = list(dict.fromkeys([home] + [c for c, f in traffic.items() if isinstance(f, dict)]))
            for code in regions:
                region_spec(code)
            t.notes.append(f"{r.address}: no virtual interface to a gateway in the input; its data out is priced "
                           f"from {' and '.join(regions)} (the location's Region and the usage file's), as through a "
                           "Direct Connect gateway associated with each")
        count = max(len(members), int(r.values.get("number_of_connections") or 0), 1) if r.kind == "aws_dx_lag" else 1
        entry = {"name": r.address, "location": location, "speed": speed, "count": count,
                 "connection": "hosted" if r.kind == "aws_dx_hosted_connection" else "dedicated",
                 "gateway": {"associations": regions, **({"name": gw_name} if gw_name else {}),
                             **({} if has_vif else {"attachments": False})}}
        if u.get("extra_monthly_usd"):
            entry["extra_monthly_usd"] = u["extra_monthly_usd"]
        net["direct_connect"].append(entry)
        site = group(u.get("site") or f"{r.address} (on premises)", r.address)
        site["connect"].append({"direct_connect": r.address, **({"backup": True} if u.get("backup") else {})})
        for code, flow in traffic.items():
            into = site["traffic"].setdefault(code, {})
            for k, v in flow.items():
                into[k] = into.get(k, 0.0) + v
        for k in ("peak_mbps", "peak_to_average", "city", "latitude", "longitude"):
            if k in u:
                (site["traffic"] if k.startswith("peak") else site)[k] = u[k]
        ports = f"{count} x {speed}" if count > 1 else speed
        mark(r, "priced", f"{ports} {entry['connection']} port-hours at {location}; data out by Region with usage"
             if any(isinstance(v, dict) for v in traffic.values()) else
             f"{ports} {entry['connection']} port-hours at {location}; no usage: no data out")

    for k, addresses in unused.items():
        t.notes.append(f"{usage_source}: {k} (given for {', '.join(addresses)}): not used; {FROM_RESOURCES[k]}")

    cw_attachment = {a.links.get("vpn_connection_arn"): a for a in resources
                     if a.kind == "aws_networkmanager_site_to_site_vpn_attachment"}

    # -- VPN connections -> sites -----------------------------------------------------------------------------
    for r in resources:
        if r.kind != "aws_vpn_connection":
            continue
        conc = by_address.get(r.links.get("vpn_concentrator_id", ""))
        tg = by_address.get(r.links.get("transit_gateway_id", ""))
        vg = by_address.get(r.links.get("vpn_gateway_id", ""))
        cw = cw_attachment.get(r.address)
        outside = conc is None and isinstance(r.values.get("vpn_concentrator_id"), str) and \
            r.values["vpn_concentrator_id"]
        if conc is not None or outside:
            code = tgw_region(conc if conc is not None else r)
            if outside:   # a shared network stack has it: its hours are billed there, this site's seat here
                spec = tgw(code)
                spec["concentrators_elsewhere"] = max(1, spec.get("concentrators_elsewhere", 0))
                t.notes.append(f"{r.address}: its VPN Concentrator {r.values['vpn_concentrator_id']} is not in the "
                               f"input; the site's seat is priced, the Concentrator's own hours are not (they are "
                               f"billed where it is declared)")
            connect = {"concentrator": {"region": code}}
            how = f"a site on the VPN Concentrator in {code}"
        else:
            if cw is not None:
                gateway, code = "cloudwan", r.region or need_region(cw, "Cloud WAN attachment")
            elif tg is not None or r.values.get("transit_gateway_id") or "transit_gateway_id" in r.unknown:
                gateway, code = "tgw", tgw_region(r)
                tgw(code)
            else:
                gateway = "vgw"
                code = (vg.region if vg is not None else None) or need_region(r, "VPN connection")
                region_spec(code)
                if vg is None and not r.values.get("vpn_gateway_id") and "vpn_gateway_id" not in r.unknown:
                    t.notes.append(f"{r.address}: no gateway in the input; priced as a VPN on a virtual private "
                                   "gateway (the same connection-hours, no attachment)")
            vpn = {"region": code, "gateway": gateway,
                   "routing": "static" if _truthy(r.values.get("static_routes_only")) else "bgp"}
            if str(r.values.get("tunnel_bandwidth", "")).lower() == "large":
                vpn["tunnel"] = "large"
            guessed = [a for a in ("tunnel_bandwidth", "enable_acceleration", "static_routes_only") if a in r.unknown]
            if guessed:
                t.notes.append(f"{r.address}: {', '.join(guessed)} known only after apply; priced as standard "
                               "tunnels, not accelerated, BGP (what the provider defaults to)")
            if _truthy(r.values.get("enable_acceleration")):
                vpn["accelerated"] = True
            connect = {"vpn": vpn}
            on = {"tgw": "the transit gateway", "cloudwan": "Cloud WAN", "vgw": "a virtual private gateway"}[gateway]
            how = (f"VPN connection-hours on {on} in {code}" + (", 5 Gbps tunnels" if vpn.get("tunnel") else "")
                   + (", accelerated" if vpn.get("accelerated") else ""))
        cgw = by_address.get(r.links.get("customer_gateway_id", ""))
        u = usage.get(r.address, {})
        if u.get("site"):
            site = group(u["site"], r.address)
        else:
            key = cgw.address if cgw is not None else r.address
            site = group(key, r.address)
            if len(site["_addresses"]) == 1:
                site["name"] = cgw.name() if cgw is not None else r.name()
        if u.get("backup"):
            connect["backup"] = True
        site["connect"].append(connect)
        region = connect.get("vpn", connect.get("concentrator"))["region"]
        flow = site["traffic"].setdefault(region, {})
        for k in ("egress_gb", "ingress_gb"):
            if k in u:
                flow[k] = flow.get(k, 0.0) + u[k]
        if "monthly_data_processed_gb" in u and "ingress_gb" not in u:   # Infracost: GB into the gateway
            flow["ingress_gb"] = flow.get("ingress_gb", 0.0) + u["monthly_data_processed_gb"]
        for k in ("peak_mbps", "peak_to_average"):
            if k in u:
                site["traffic"][k] = u[k]
        for k in ("city", "latitude", "longitude", "count", "extra_monthly_usd"):
            if k in u:
                site[k] = u[k]
        mark(r, "priced", how + ("; traffic from usage" if u else "; no usage: no traffic"))
        if r.values.get("outside_ip_address_type") == "PrivateIpv4":
            t.notes.append(f"{r.address}: a private-IP VPN over Direct Connect is priced as a VPN over the internet "
                           "(its data out is the Direct Connect connection's)")
    names: dict = {}
    for site in sites.values():
        site["traffic"] = {k: v for k, v in site["traffic"].items() if not isinstance(v, dict) or v}
        names[site["name"]] = names.get(site["name"], 0) + 1
        if names[site["name"]] > 1:   # two customer gateways with one Name tag: keep them apart
            site["name"] = f"{site['name']} ({site['_addresses'][0]})"
        site.pop("_addresses")
        net["sites"].append(site)

    # -- DX gateway associations no connection of the input uses: the attachment-hours alone ------------------
    for r in resources:   # each association is one attachment (AWS has one per gateway pair)
        if r.kind != "aws_dx_gateway_association" or r.address in status:
            continue
        code, kind = associated(r)
        if kind == "tgw":
            spec = tgw(code)
            spec["dx_gateway_attachments"] = spec.get("dx_gateway_attachments", 0) + 1
            mark(r, "priced", f"the Direct Connect gateway's attachment-hours on the transit gateway in {code}; no "
                 "connection of the input uses it, so the GB through it are not priced here")
        elif kind == "vgw":
            region_spec(code)
            mark(r, "free", f"no charge (associates the Direct Connect gateway with a virtual private gateway in "
                 f"{code})")
        else:
            mark(r, "not modelled", "the gateway it associates is not in the input (see the notes)")

    # -- what is left: free, not modelled ---------------------------------------------------------------------
    for r in resources:
        if r.address in status:
            continue
        if r.kind in FREE:
            mark(r, "free", FREE[r.kind])
        elif r.kind in NOT_MODELLED:
            mark(r, "not modelled", NOT_MODELLED[r.kind])
        else:
            mark(r, "not modelled", "not a connectivity resource vpncost prices")
    for r in resources:
        status[r.address]["known_after_apply"] = ", ".join(r.unknown)
    t.coverage = [status[r.address] for r in resources]
    if not net["regions"]:   # nothing priced: an empty network in the input's Region (it costs nothing)
        net["regions"][next((r.region for r in resources if r.region), None) or "us-east-1"] = {}
    return t
