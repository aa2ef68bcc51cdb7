"""The ways each site may connect, with what each needs, how available it is, its round trip and what it carries.

=====================  ============================================================================================
kind                   the site's connections (one per Region it exchanges traffic with, on that Region's gateway)
=====================  ============================================================================================
``vpn``                a Site-to-Site VPN (BGP, standard tunnels)
``vpn_pair``           two VPN connections (ECMP on a transit gateway)
``vpn_large``          a VPN with 5 Gbps tunnels (transit gateway or Cloud WAN)
``vpn_accelerated``    an accelerated VPN (transit gateway)
``concentrator``       a seat on the main Region's VPN Concentrator (a site of one Region; 100 Mbps)
``dx_hosted``          a hosted connection at one of the ``locations`` nearest DX locations, at the smallest
                       hosted speed that carries the site's peak; its DX gateway associated with the site's Regions
``dx_hosted_backup``   the same with a VPN backup
``dx_dedicated``       a dedicated port at one of those locations, shared with other sites there whose gateway
                       reaches the same Regions (the optimizer chooses how many ports, up to 16)
``dx_dedicated_backup`` the same with a VPN backup
``dx_two_locations``   hosted connections at two of those locations
=====================  ============================================================================================

A kind the site cannot have is not a candidate (a VGW has no 5 Gbps tunnels or acceleration; Direct Connect is
offered to a site of ``count`` 1 whose Regions have a transit gateway or VGWs; a Concentrator seat to a site of
one Region with a transit gateway). The others are all priced; those that miss a target (availability, round
trip, capacity, pin/forbid) are kept aside with the reason, so the answer can say what a target costs.

Availability is the design's exact long-run availability with failure detection
(:func:`vpncost.failover.availability.exact`, the figure ``failover`` calls ``availability_with_detection``) for
the site's own paths at default failure rates. Sites on one dedicated port or one location fail together; a
site's own availability counts the shared port or location as one element of its path, so sharing changes when
sites are down together, not how often each one is.
"""
from __future__ import annotations

from dataclasses import dataclass

from vpncost.errors import VpncostError

VPN_KINDS = {"vpn": {}, "vpn_pair": {"connections": 2}, "vpn_large": {"tunnel": "large"},
             "vpn_accelerated": {"accelerated": True}}
LABELS = {"vpn": "VPN", "vpn_pair": "2 VPNs", "vpn_large": "VPN, 5 Gbps tunnels", "vpn_accelerated": "accelerated VPN",
          "concentrator": "VPN Concentrator seat"}


def gateway_name(regions) -> str:
    """The Direct Connect gateway of the connections that reach ``regions`` (one gateway per set of Regions: a
    gateway's associations are one set).

    Parameters
    ----------
    regions : iterable of str
        Region codes.
    """
    return "dxgw " + " ".join(sorted(regions))


@dataclass(frozen=True)
class Candidate:
    """One way one site may connect.

    Attributes
    ----------
    site : int
        Index of the site in the network.
    kind, label : str
        One of :data:`vpncost.network.KINDS`, and what it is in words.
    connect : tuple
        The site's ``connect`` entries (network file form); a Direct Connect names its connection by key.
    hosted : tuple
        ``(location, speed)`` of each hosted connection of its own.
    dedicated : tuple
        ``(location, speed, Regions)`` of the shared dedicated port group it uses (sites at one location whose
        gateway reaches the same Regions share its ports).
    concentrator : str
        Region of the Concentrator it sits on ('' when none).
    dx_regions : tuple
        Regions its Direct Connect gateway is associated with.
    circuit_usd : dict
        The customer's circuits to its locations [USD/month per site].
    availability : float
        With detection [-].
    downtime_min : float
        Expected downtime with detection [min/year].
    rtt_ms : float
        Modelled round trip to the site's main Region [ms].
    capacity_mbps, demand_mbps : float
        What its connection carries and the site's peak [Mbit/s].
    """

    site: int
    kind: str
    label: str
    connect: tuple
    hosted: tuple = ()
    dedicated: tuple = ()
    concentrator: str = ""
    dx_regions: tuple = ()
    circuit_usd: tuple = ()
    availability: float = 0.0
    downtime_min: float = 0.0
    rtt_ms: float = 0.0
    capacity_mbps: float = 0.0
    demand_mbps: float = 0.0


def hosted_name(site: str, location: str, speed: str) -> str:
    """The name of ``site``'s own hosted connection.

    Parameters
    ----------
    site : str
        Site name.
    location : str
        Direct Connect location code.
    speed : str
        Port speed (``1G``...).
    """
    return f"{site}: hosted {speed} at {location}"


def dedicated_name(location: str, speed: str, regions) -> str:
    """The name of the dedicated port group the sites at ``location`` reaching ``regions`` share.

    Parameters
    ----------
    location : str
        Direct Connect location code.
    speed : str
        Port speed.
    regions : iterable of str
        Region codes its Direct Connect gateway reaches.
    """
    return f"DX {speed} ports at {location} ({', '.join(sorted(regions))})"


def site_regions(net, site) -> tuple:
    """(main Region, every Region) the site exchanges traffic with (by traffic; its connections' when none).

    Parameters
    ----------
    net : Network
        The network.
    site : SiteSpec
        One of its sites.
    """
    volume = {r: f.egress_gb + f.ingress_gb for r, f in site.traffic.regions.items()}
    if not volume:
        for c in site.connect:
            for r in net.reaches(c)[0]:
                volume.setdefault(r, 0.0)
    main = max(volume, key=lambda r: (volume[r], -list(volume).index(r)))
    return main, tuple(volume)


def generate(net, catalog) -> tuple:
    """Every candidate of every site: ``(candidates, why_not)``, a list per site of :class:`Candidate` (all that
    can exist, feasible or not), and ``{(site, kind): reason}`` for kinds that cannot exist for a site.

    Parameters
    ----------
    net : Network
        A network with an ``optimize`` section.
    catalog : PriceCatalog
        Prices (a candidate needs its port and data-out prices published).
    """
    from pydantic import ValidationError

    from vpncost.model.network import site_peak_mbps
    from vpncost.model.resources import direct_connect
    from vpncost.network import NetworkVpn
    from vpncost.reference.limits import CONCENTRATOR_SITE_MBPS, HOSTED_SPEEDS, SPEED_MBPS, vpn_capacity_mbps

    spec = net.optimize
    memo_avail: dict = {}
    memo_priced: dict = {}
    out, why_not = [], {}
    locations = _locations()
    geometry = _geometry(net, spec.locations)
    for i, site in enumerate(net.sites):
        main, regions = site_regions(net, site)
        gw = {r: net.regions[r].gateway for r in regions}
        demand = site_peak_mbps(site, net.hours)
        rtt = geometry[i]
        cands = []
        for kind, extra in VPN_KINDS.items():
            if kind not in spec.kinds:
                continue
            try:
                vpns = [NetworkVpn.model_validate({"region": r, "gateway": gw[r], **extra}) for r in regions]
            except ValidationError as exc:
                why_not[(i, kind)] = exc.errors()[0]["msg"].removeprefix("Value error, ")
                continue
            cap = min(vpn_capacity_mbps(v.gateway, v.routing, v.tunnel, v.connections) for v in vpns)
            connect = tuple({"vpn": v.model_dump(mode="json", include={"region", "gateway", *extra})} for v in vpns)
            a = _availability(memo_avail, kind, gw[main], extra, (), main)
            cands.append(Candidate(i, kind, LABELS[kind], connect, availability=a[0], downtime_min=a[1],
                                   rtt_ms=rtt["accelerated" if kind == "vpn_accelerated" else "internet"],
                                   capacity_mbps=cap, demand_mbps=demand))
        if "concentrator" in spec.kinds:
            if len(regions) == 1 and gw[main] == "tgw":
                a = _availability(memo_avail, "concentrator", "tgw", {}, (), main)
                cands.append(Candidate(i, "concentrator", LABELS["concentrator"],
                                       ({"concentrator": {"region": main}},), concentrator=main,
                                       availability=a[0], downtime_min=a[1], rtt_ms=rtt["internet"],
                                       capacity_mbps=CONCENTRATOR_SITE_MBPS, demand_mbps=demand))
            else:
                why_not[(i, "concentrator")] = "a Concentrator seat serves a site of one Region with a transit gateway"
        dx_kinds = [k for k in spec.kinds if k.startswith("dx_")]
        from vpncost.reference.limits import DXGW_TGW_QUOTA
        tgws = sum(g == "tgw" for g in gw.values())
        reason = ("Direct Connect is offered to a site of count 1" if site.count != 1 else
                  "Cloud WAN Direct Connect attachments are not in the network model"
                  if any(g == "cloudwan" for g in gw.values()) else
                  f"a DX gateway reaches at most {DXGW_TGW_QUOTA} transit gateways" if tgws > DXGW_TGW_QUOTA else
                  "a Direct Connect gateway associates transit gateways or virtual private gateways, not both"
                  if 0 < tgws < len(gw) else "")
        if dx_kinds and reason:
            for k in dx_kinds:
                why_not[(i, k)] = reason
            dx_kinds = []
        if not dx_kinds:
            out.append(cands)
            continue
        hosted_speed = next((s for s in HOSTED_SPEEDS if SPEED_MBPS[s] >= demand), None)
        backup = tuple({"vpn": {"region": r, "gateway": gw[r]}, "backup": True} for r in regions)
        near = rtt["locations"]
        for loc in near:
            km = rtt["km"][loc]
            circuit = round(spec.circuit.monthly_usd + spec.circuit.usd_per_km_month * km, 2)
            dedicated_speed = next((s for s in str(locations.loc[loc, "speeds"]).split()
                                    if SPEED_MBPS.get(s, 0) >= demand), None)
            for kind in dx_kinds:
                if kind == "dx_two_locations":
                    continue
                hosted = kind.startswith("dx_hosted")
                speed = hosted_speed if hosted else dedicated_speed
                if speed is None or not _priced(memo_priced, catalog, direct_connect,
                                                "hosted" if hosted else "dedicated", speed, loc, regions):
                    why_not.setdefault((i, kind), f"no {'hosted' if hosted else 'dedicated'} speed at the nearest "
                                                  f"locations carries {demand:,.0f} Mbps with a published price")
                    continue
                key = {"hosted": ((loc, speed),)} if hosted else {"dedicated": ((loc, speed, tuple(sorted(regions))),)}
                name = hosted_name(site.name, loc, speed) if hosted else dedicated_name(loc, speed, regions)
                with_backup = kind.endswith("_backup")
                a = _availability(memo_avail, kind, gw[main], {}, (loc,), main, speed)
                what = f"{'hosted' if hosted else 'dedicated'} {speed} at {loc}" + (" + VPN backup" if with_backup
                                                                                    else "")
                cands.append(Candidate(i, kind, what, ({"direct_connect": name},) + (backup if with_backup else ()),
                                       dx_regions=tuple(sorted(regions)),
                                       circuit_usd=((f"circuit to {loc}", circuit),),
                                       availability=a[0], downtime_min=a[1], rtt_ms=rtt["dx"][loc],
                                       capacity_mbps=float(SPEED_MBPS[speed]), demand_mbps=demand, **key))
        if "dx_two_locations" in dx_kinds and hosted_speed:
            priced = [loc for loc in near if _priced(memo_priced, catalog, direct_connect, "hosted", hosted_speed, loc,
                                                    regions)]
            for j, a_loc in enumerate(priced):
                for b_loc in priced[j + 1:]:
                    a = _availability(memo_avail, "dx_two_locations", gw[main], {}, (a_loc, b_loc), main,
                                      hosted_speed)
                    km = [rtt["km"][x] for x in (a_loc, b_loc)]
                    circuits = tuple((f"circuit to {x}", round(spec.circuit.monthly_usd + spec.circuit.usd_per_km_month
                                                               * d, 2)) for x, d in zip((a_loc, b_loc), km))
                    cands.append(Candidate(
                        i, "dx_two_locations", f"hosted {hosted_speed} at {a_loc} and {b_loc}",
                        tuple({"direct_connect": hosted_name(site.name, x, hosted_speed)} for x in (a_loc, b_loc)),
                        hosted=((a_loc, hosted_speed), (b_loc, hosted_speed)), dx_regions=tuple(sorted(regions)),
                        circuit_usd=circuits, availability=a[0], downtime_min=a[1],
                        rtt_ms=min(rtt["dx"][a_loc], rtt["dx"][b_loc]),
                        capacity_mbps=float(SPEED_MBPS[hosted_speed]), demand_mbps=demand))
        out.append(cands)
    return out, why_not


def _locations():
    from vpncost.reference.regions import dx_locations
    return dx_locations().set_index("code", drop=False)


def _geometry(net, k: int) -> list:
    """Per site: its coordinates, its main Region, the round trips to it (internet, accelerated) and, for each of
    the ``k`` nearest DX locations of that Region's partition, the round trip through it [ms]; one vectorised pass
    per main Region (:mod:`vpncost.model.latency`, the figures ``acceleration`` and ``estimate`` show)."""
    import numpy as np

    from vpncost.model.latency import DEFAULT, paths, rtt_direct_connect_ms
    from vpncost.reference.locations import great_circle_km, site_coordinates
    from vpncost.reference.regions import partition, region

    locations = _locations()
    parts = np.array([partition(str(r)) for r in locations["region"]])
    mains = [site_regions(net, s)[0] for s in net.sites]
    coords = np.array([site_coordinates(s, m) for s, m in zip(net.sites, mains)], float).reshape(-1, 2)
    out: list = [None] * len(net.sites)
    for main in dict.fromkeys(mains):
        idx = [i for i, m in enumerate(mains) if m == main]
        lat, lon = coords[idx, 0], coords[idx, 1]
        p = paths(lat, lon, main)
        same = locations[parts == partition(main)]
        llat, llon = same["latitude"].to_numpy(float), same["longitude"].to_numpy(float)
        reg = region(main)
        d_site = great_circle_km(lat[:, None], lon[:, None], llat[None, :], llon[None, :])
        d_region = great_circle_km(llat, llon, float(reg["latitude"]), float(reg["longitude"]))
        near = np.argsort(d_site, axis=1, kind="stable")[:, :k]
        codes = same["code"].to_numpy()
        for row, i in enumerate(idx):
            cols = near[row]
            rtt = rtt_direct_connect_ms(d_site[row, cols], d_region[cols], DEFAULT)
            out[i] = {"lat": float(lat[row]), "lon": float(lon[row]), "main": main,
                      "internet": float(p["rtt_internet_ms"].iloc[row]),
                      "accelerated": float(p["rtt_accelerated_ms"].iloc[row]),
                      "locations": [str(codes[c]) for c in cols],
                      "km": {str(codes[c]): float(d_site[row, c]) for c in cols},
                      "dx": {str(codes[c]): float(r) for c, r in zip(cols, np.atleast_1d(rtt))}}
    return out


def _priced(memo: dict, catalog, direct_connect, connection, speed, location, regions) -> bool:
    """Whether AWS publishes what the candidate needs priced: its port-hours and the data out from each Region."""
    key = (connection, speed, location, tuple(regions))
    if key not in memo:
        try:
            direct_connect.port_hours(catalog, connection, speed, [location])
            for r in regions:
                direct_connect.transfer_out(catalog, r, location, ())
            memo[key] = True
        except VpncostError:
            memo[key] = False
    return memo[key]


def _availability(memo: dict, kind: str, gateway: str, extra: dict, locations: tuple, region: str,
                  speed: str = "1G") -> tuple:
    """(availability with detection [-], downtime with detection [min/year]) of one site's design, from the
    failover model's exact state enumeration (each design shape once: the kind, the gateway and which locations
    are in the Region)."""
    from vpncost.failover import availability
    from vpncost.failover.designs import topology_for_option
    from vpncost.scenario import ConcentratorOption, DirectConnectOption, VpnBackup, VpnOption

    homes = memo.setdefault("location regions", {})
    for x in locations:
        if x not in homes:
            from vpncost.reference.regions import dx_location
            homes[x] = str(dx_location(x)["region"])
    # the design's shape and whether each location is in the Region decide it (topology_for_option)
    key = (kind, gateway, tuple(sorted(extra.items())), tuple(homes[x] == region for x in locations))
    if key not in memo:
        gw = "tgw" if gateway == "cloudwan" else gateway
        if kind in VPN_KINDS:
            opt = VpnOption(type="vpn", name=kind, gateway=gateway, **extra)
        elif kind == "concentrator":
            opt = ConcentratorOption(type="vpn_concentrator", name=kind)
        else:
            opt = DirectConnectOption(
                type="direct_connect", name=kind, connection="dedicated" if "dedicated" in kind else "hosted",
                location=locations[0], extra_locations=list(locations[1:]), count=len(locations), gateway=gw, speed=speed,
                backup=VpnBackup(gateway=gw) if kind.endswith("_backup") else None)
        ex = availability.exact(topology_for_option(opt, region=region))
        memo[key] = (1.0 - ex["downtime_minutes_per_year"] / availability.MINUTES_PER_YEAR,
                     ex["downtime_minutes_per_year"])
    return memo[key]
