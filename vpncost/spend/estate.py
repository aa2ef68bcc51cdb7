"""An estate: what an organisation actually runs, as parts that each carry their own traffic.

A scenario compares alternatives for one site; an estate adds up what exists. An estate file is YAML
with a ``name`` and ``parts``: each part is a scenario (Region, traffic, options) whose options all
exist and are all counted. :mod:`vpncost.spend.readers.inventory` builds one from AWS describe calls; the spend
review (:mod:`vpncost.spend.reconcile`) prices it for a billing month and compares it with the bill.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from vpncost.errors import AwsApiError, ScenarioError
from vpncost.scenario import from_dict


@dataclass(frozen=True)
class Estate:
    name: str
    parts: tuple  # of Scenario

    def breakdown(self, hours: "float | None" = None, catalog=None) -> pd.DataFrame:
        """Tidy cost breakdown of every part (``part`` column added).

        Parameters
        ----------
        hours : float, optional
            Price a period of this length instead of each part's own [h] (e.g. 744 for a 31-day month).
        catalog : PriceCatalog, optional
            Prices (default: each part's catalog).
        """
        from vpncost.model.estimate import build, catalog_for, estimate

        frames = []
        for part in self.parts:
            sc = part.replace(hours=hours) if hours else part
            frames.append(estimate(build(sc, catalog or catalog_for(sc))).assign(part=part.name, region=part.region))
        return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()


@dataclass(frozen=True)
class NetworkEstate:
    """A network (:mod:`vpncost.network`) as an estate: everything in it exists and is counted, shared resources
    once; the spend review prices it for a billing month as it prices an estate."""

    name: str
    network: object
    parts: tuple = ()   # a network has no scenario parts (and no growth rates to forecast with)

    def breakdown(self, hours: "float | None" = None, catalog=None) -> pd.DataFrame:
        """Tidy cost breakdown (:meth:`vpncost.model.network.NetworkModel.breakdown`), ``part`` naming the
        site (or the shared resource).

        Parameters
        ----------
        hours : float, optional
            Price a period of this length instead of the network's [h].
        catalog : PriceCatalog, optional
            Prices (default: the network's ``pricing`` section).
        """
        from vpncost.model import network as nm

        net = self.network.model_copy(update={"hours": float(hours)}) if hours else self.network
        b = nm.build(net, catalog or nm.catalog_for_network(net)).breakdown()
        return b.assign(part=[s or r for s, r in zip(b["site"], b["resource"])])


def from_mapping(data, source: str = "estate") -> Estate:
    """Validate an estate mapping (``name``, ``parts``); errors name the part and field.

    Parameters
    ----------
    data : dict
        ``{"name": ..., "parts": [scenario mappings]}``.
    source : str
        Named in error messages (the file).
    """
    if not isinstance(data, dict) or not isinstance(data.get("parts"), list) or not data["parts"]:
        raise ScenarioError(f"{source}: an estate needs 'name' and a non-empty list 'parts' of scenarios")
    parts = []
    for i, p in enumerate(data["parts"]):
        parts.append(from_dict(p, source=f"{source}: parts[{i}]"))
    names = [p.name for p in parts]
    if len(set(names)) != len(names):
        raise ScenarioError(f"{source}: parts: names must be unique")
    return Estate(str(data.get("name", "estate")), tuple(parts))


def load(path, option: "str | None" = None) -> Estate:
    """An estate file, a network file, or a scenario file seen as an estate of one option.

    Parameters
    ----------
    path : str or Path
        Estate, network or scenario YAML.
    option : str, optional
        With a scenario that compares several options: the one that exists; with a network: the design that
        runs (default: the network as written).
    """
    from vpncost.fileio import read_input
    from vpncost.scenario import load_scenario, parse_yaml

    from vpncost.scenario import is_network

    path = Path(path)
    data = parse_yaml(read_input(path, "estate", ScenarioError), str(path))
    if isinstance(data, dict) and "parts" in data:
        return from_mapping(data, str(path))
    if is_network(data):   # --option names the design that runs
        from vpncost.network import load_network, with_design
        net = load_network(path)
        net = with_design(net, option, str(path)) if option else net
        return NetworkEstate(net.name + (f" ({option})" if option else ""), net)
    sc = load_scenario(path)
    if option is None:
        if len(sc.options) != 1:
            raise ScenarioError(f"{path}: the scenario compares {len(sc.options)} options; pick the one you run "
                                f"with --option; allowed: {', '.join(o.name for o in sc.options)}")
        return Estate(sc.name, (sc,))
    opt = sc.option(option)
    return Estate(sc.name, (sc.replace(options=[opt.model_dump()], option_labels=[f"option {opt.name!r}"]),))


def estate_from_inventory(inv: dict, traffic: pd.DataFrame, region: str, name: "str | None" = None, site=None):
    """An estate with one part per kind of connection found (VPN on VGW, on TGW, accelerated, and each DX
    type/speed/location/gateway), each carrying the traffic CloudWatch measured on it. VPC attachments of
    the transit gateway are counted once, on the first part that uses a transit gateway.

    Parameters
    ----------
    inv : dict
        Tables from :func:`vpncost.spend.readers.inventory.collect`.
    traffic : pandas.DataFrame
        GB per connection from :func:`vpncost.spend.readers.inventory.traffic_gb` [GB].
    region : str
        Region code.
    name : str, optional
        Estate name.
    site : dict, optional
        Site of every part (for acceleration's edge group).
    """

    t = traffic.set_index("resource_id") if len(traffic) else pd.DataFrame(columns=["egress_gb", "ingress_gb"])

    def gb(ids):
        sub = t.reindex(list(ids)).fillna(0.0)
        return {"egress_gb": float(sub["egress_gb"].sum()), "ingress_gb": float(sub["ingress_gb"].sum())}
    vpc_left = int((inv["tgw_attachments"]["resource_type"] == "vpc").sum()) if len(inv["tgw_attachments"]) else 0
    parts = []
    vpn = inv["vpn"]
    for (gw, acc, static, tunnel), g in (vpn.groupby(["gateway", "accelerated", "static_routes", "tunnel"]) if len(vpn) else []):
        opt = {"name": f"{'accelerated ' if acc else ''}VPN on {gw.upper()}{' (static)' if static else ''} x{len(g)}",
               "type": "vpn", "gateway": gw, "connections": len(g), "accelerated": bool(acc),
               "routing": "static" if static else "bgp", "tunnel": tunnel}
        if gw == "tgw":
            opt["vpc_attachments"], vpc_left = vpc_left, 0
        parts.append({"name": opt["name"], "region": region, "traffic": gb(g["vpn_id"]), "options": [opt],
                      **({"site": site} if site else {})})
    dx = inv["dx"]
    for (hosted, speed, loc, gw), g in (dx.groupby(["hosted", "speed", "location", "gateway"]) if len(dx) else []):
        opt = {"name": f"DX {'hosted' if hosted else 'dedicated'} {speed} at {loc} x{len(g)}", "type": "direct_connect",
               "connection": "hosted" if hosted else "dedicated", "speed": speed, "location": loc,
               "count": len(g), "gateway": gw}
        if gw == "tgw":
            opt["vpc_attachments"], vpc_left = vpc_left, 0
        parts.append({"name": opt["name"], "region": region, "traffic": gb(g["connection_id"]), "options": [opt],
                      **({"site": site} if site else {})})
    if not parts:
        raise AwsApiError(f"no VPN or Direct Connect connections found in {region}")
    return Estate(name or f"inventory of {region}", tuple(from_dict(p, source="inventory") for p in parts))


def network_from_inventory(inventories: dict, traffic: dict, name: "str | None" = None):
    """One network from several Regions' inventories: each Region's transit gateway with its VPC attachments,
    the peerings (seen from either side, once), each Direct Connect connection once with the Regions its Direct
    Connect gateway is associated with (its own Region when they are not known), and one site per connection
    carrying the traffic CloudWatch measured on it (measured per connection, so all of it with the connection's
    Region: CloudWatch does not split it by destination).

    Parameters
    ----------
    inventories : dict
        ``{region: tables}`` from :func:`vpncost.spend.readers.inventory.collect`.
    traffic : dict
        ``{region: GB per connection}`` from :func:`vpncost.spend.readers.inventory.traffic_gb` [GB].
    name : str, optional
        Network name.

    Returns
    -------
    NetworkEstate
        The network, ready for :func:`vpncost.spend.reconcile.reconcile`.
    """
    from vpncost.network import from_dict as network_from_dict

    regions: dict = {}
    for region, inv in inventories.items():
        att = inv["tgw_attachments"]
        vpcs = int((att["resource_type"] == "vpc").sum()) if len(att) else 0
        has_tgw = bool(len(att)) or bool(len(inv["vpn"]) and (inv["vpn"]["gateway"] == "tgw").any())
        regions[region] = {"transit_gateway": {"vpc_attachments": vpcs}} if has_tgw else {}
    peerings = set()
    for inv in inventories.values():
        for p in inv.get("tgw_peerings", pd.DataFrame()).itertuples(index=False):
            pair = tuple(sorted((p.requester_region, p.accepter_region)))
            if None in pair or pair[0] == pair[1]:
                continue
            for r in pair:   # a peer Region not inventoried: its transit gateway, attachments unknown
                regions.setdefault(r, {"transit_gateway": {"vpc_attachments": 0}})
            if all(regions[r].get("transit_gateway") for r in pair):
                peerings.add(pair)
    sites, dx = [], []

    def gb(region, rid):
        t = traffic.get(region)
        row = t[t["resource_id"] == rid] if t is not None and len(t) else pd.DataFrame()
        return {"egress_gb": float(row["egress_gb"].sum()) if len(row) else 0.0,
                "ingress_gb": float(row["ingress_gb"].sum()) if len(row) else 0.0}
    for region, inv in inventories.items():
        for v in inv["vpn"].itertuples(index=False):
            sites.append({"name": f"{v.vpn_id} ({region})", "connect": [{"vpn": {
                "region": region, "gateway": v.gateway, "routing": "static" if v.static_routes else "bgp",
                "accelerated": bool(v.accelerated), "tunnel": v.tunnel}}], "traffic": {region: gb(region, v.vpn_id)}})
        for c in inv["dx"].itertuples(index=False):
            wanted = [r for r in (getattr(c, "associations", None) or [region])]
            kind = "tgw" if c.gateway == "tgw" else "vgw"
            assoc = [r for r in wanted if r in regions and bool(regions[r].get("transit_gateway")) == (kind == "tgw")]
            for r in wanted:   # a Region the gateway serves that was not inventoried
                if r not in regions:
                    regions[r] = {"transit_gateway": {"vpc_attachments": 0}} if kind == "tgw" else {}
                    assoc.append(r)
            assoc = assoc or [region]
            dx.append({"name": f"{c.connection_id} ({region})", "location": c.location,
                       "connection": "hosted" if c.hosted else "dedicated", "speed": c.speed,
                       "gateway": {"associations": list(dict.fromkeys(assoc))}})
            home = region if region in assoc else assoc[0]
            sites.append({"name": f"{c.connection_id} ({region})", "connect": [{"direct_connect": dx[-1]["name"]}],
                          "traffic": {home: gb(region, c.connection_id)}})
    if not sites:
        raise AwsApiError(f"no VPN or Direct Connect connections found in {', '.join(inventories)}")
    data = {"name": name or f"inventory of {', '.join(inventories)}", "kind": "network", "regions": regions,
            "peerings": [{"between": list(p)} for p in sorted(peerings)], "direct_connect": dx, "sites": sites}
    net = network_from_dict(data, source="inventory")
    return NetworkEstate(net.name, net)
