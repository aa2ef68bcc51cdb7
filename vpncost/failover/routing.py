"""Route selection, AWS -> on-premises, exactly in the order AWS documents it.

Virtual private gateway (VPN User Guide, "Route priority")
    longest prefix; then Direct Connect BGP > VPN static > VPN BGP; among VPN BGP routes the shortest
    AS_PATH, then the lowest MED where the first AS in the AS_SEQUENCE is the same (routes from different
    customer gateway ASNs are not compared by MED). One tunnel carries the traffic (no ECMP on a VGW).
Transit gateway (Transit Gateway Guide, "Route evaluation order")
    longest prefix; then static (including a static route to a VPN attachment) > prefix-list >
    VPC-propagated > Direct Connect gateway-propagated > Connect > VPN-propagated; within one kind the
    shortest AS_PATH, then the lowest MED. Equal BGP VPN routes share the load (ECMP) when VPN ECMP
    support is on; static routes do not.
Direct Connect (DX User Guide, "Routing policies and BGP communities")
    longest prefix; local-preference community (7224:7300 high > 7200 medium > 7100 low), evaluated
    before AS_PATH; without one, local-homed locations (associated with the Region) before inter-Region ones;
    then AS_PATH; then MED; equal DX routes are active/active (load shared by flow).
VPC route table (VPC User Guide, "How route priority works")
    the local route; longest prefix (a propagated route more specific than the local route still
    loses); static > prefix-list > propagated (DX BGP > VPN static > VPN BGP).

Availability of a route: a DX route needs its connection, device and location up; a VPN BGP route
needs at least one tunnel up (BGP withdraws it), and so does a VGW's static VPN route (the VPN service
propagates it only while a tunnel is up). A static route in a *transit gateway* route table that targets a VPN
attachment is configuration, not an advertisement: it stays in the table whatever the tunnels do
("Create a static route in AWS Transit Gateway"; "a static route ... used as a backup route in the event of a
network disruption that affects any dynamic routes", Transit Gateway Guide, "Transit gateway route tables"),
and as a static route it outranks every propagated route ("Route evaluation order"). A backup route takes
over only when the active route is no longer there, so with both tunnels down such a static route keeps
attracting the traffic and drops it: the route is selected, no tunnel carries it, the design is down
(``Selection.rule`` says "blackholed").
"""
from __future__ import annotations

import ipaddress
from dataclasses import dataclass

from vpncost.failover.topology import Topology
from vpncost.reference import limits
from vpncost.reference.route_order import RULE_NAMES, TGW_RANK, VGW_RANK  # noqa: F401 (the rank tables)


@dataclass(frozen=True)
class Selection:
    """The outcome for one destination: chosen routes, the paths (tunnels/DX) carrying traffic,
    their total capacity [Mbit/s] and the rule that decided."""

    destination: str
    routes: tuple
    paths: tuple
    capacity_mbps: float
    rule: str

    @property
    def up(self) -> bool:
        return bool(self.paths)


def up_tunnels(topology: Topology, name: str, down: frozenset) -> list:
    """Tunnels (1, 2) of VPN connection ``name`` still up.

    Parameters
    ----------
    topology : Topology
        Connections, routes and gateway.
    name : str
        VPN connection name.
    down : frozenset of str
        Failed elements (``dx:NAME``, ``tunnel:NAME:1``, ...).
    """
    v = topology.connection(name)
    return [t for t in (1, 2) if not any(e in down for e in v.elements(t))]


def route_available(topology: Topology, route, down: frozenset) -> bool:
    """Is the route usable with the elements in ``down`` failed? (see module notes)

    Parameters
    ----------
    topology : Topology
        Connections, routes and gateway.
    route : Route
        The route.
    down : frozenset of str
        Failed elements (``dx:NAME``, ``tunnel:NAME:1``, ...).
    """
    c = topology.connection(route.via)
    if route.origin == "dx":
        return not any(e in down for e in c.elements())
    if route.origin == "tgw_static":
        return True  # configured in the TGW route table: not withdrawn when the tunnels go down (module notes)
    return bool(up_tunnels(topology, route.via, down))


def select(topology: Topology, destination: str, down=frozenset()) -> Selection:
    """The path(s) traffic from AWS to ``destination`` takes with ``down`` failed.

    Parameters
    ----------
    topology : Topology
        Connections, routes and gateway.
    destination : str
        On-premises address or prefix.
    down : frozenset of str
        Failed elements (``dx:NAME``, ``tunnel:NAME:1``, ...).

    Returns
    -------
    Selection
        Chosen routes, paths, capacity [Mbit/s] and the rule that decided.
    """
    down = frozenset(down)
    dest = ipaddress.ip_network(destination, strict=False)
    cands = [r for r in topology.routes if r.network.version == dest.version and dest.subnet_of(r.network)]
    avail = [r for r in cands if route_available(topology, r, down)]
    if not avail:
        why = "no route" if not cands else "every route is down"
        return Selection(destination, (), (), 0.0, why)
    best_len = max(r.network.prefixlen for r in avail)
    avail = [r for r in avail if r.network.prefixlen == best_len]
    rules = [f"longest prefix /{best_len}"] if len({r.network.prefixlen for r in cands}) > 1 else []
    rank = VGW_RANK if topology.gateway == "vgw" else TGW_RANK
    unknown = [r for r in avail if r.origin not in rank]
    if unknown:
        raise ValueError(f"origin {unknown[0].origin!r} is not used by a {topology.gateway.upper()}; "
                         f"allowed: {', '.join(rank)}")
    top = min(rank[r.origin] for r in avail)
    if len({rank[r.origin] for r in avail}) > 1:
        rules.append(f"{RULE_NAMES[next(r.origin for r in avail if rank[r.origin] == top)]} preferred "
                     f"({topology.gateway.upper()} order)")
    avail = [r for r in avail if rank[r.origin] == top]
    kind = avail[0].origin
    if kind == "dx":
        lp = max(r.local_pref for r in avail)
        if len({r.local_pref for r in avail}) > 1:
            rules.append(f"local preference {lp}")
        avail = [r for r in avail if r.local_pref == lp]
        # without a community that tells them apart, AWS prefers local-homed locations (associated with the
        # Region) over inter-Region ones: "we prefer local homed PoPs over inter-Region PoPs" (DX User Guide,
        # "Routing policies and BGP communities"): two locations run active/passive unless both are local
        local = [r for r in avail if topology.connection(r.via).local]
        if local and len(local) < len(avail):
            rules.append("local-homed Direct Connect location preferred")
            avail = local
    if kind in ("dx", "vpn_bgp"):
        shortest = min(r.as_path_len for r in avail)
        if len({r.as_path_len for r in avail}) > 1:
            rules.append(f"shortest AS_PATH ({shortest})")
        avail = [r for r in avail if r.as_path_len == shortest]
        # MED only between routes from the same neighbouring AS (the first AS of the AS_SEQUENCE): VPN User Guide,
        # "Route priority": "... the lowest MED, when the first AS in the AS_SEQUENCE is the same"
        groups: dict = {}
        for r in avail:
            groups.setdefault(r.first_as, []).append(r)
        kept = [r for g in groups.values() for r in g if r.med == min(x.med for x in g)]
        if len(kept) < len(avail):
            rules.append(f"lowest MED ({min(r.med for r in kept)})")
        elif len({r.med for r in avail}) > 1:
            rules.append("MED not compared: the routes come from different first ASes")
        avail = kept
    # who carries the traffic
    if kind == "dx":
        chosen = tuple(avail)  # active/active across equal DX routes
        paths = tuple(r.via for r in chosen)
        cap = sum(topology.connection(r.via).speed_mbps for r in chosen)
        if len(chosen) > 1:
            rules.append("active/active across Direct Connect connections")
    else:
        # the TGW attachment option "VPN ECMP support" (topology.ecmp) and the AWS rule: BGP routes only
        ecmp = topology.ecmp and limits.ecmp(topology.gateway, "bgp" if kind == "vpn_bgp" else "static")
        chosen = tuple(avail) if ecmp else (sorted(avail, key=lambda r: r.via)[0],)
        paths = []
        for r in chosen:
            tunnels = up_tunnels(topology, r.via, down)
            paths += [f"{r.via}:{t}" for t in (tunnels if ecmp else tunnels[:1])]
        paths = tuple(paths)
        cap = sum(topology.connection(p.rsplit(":", 1)[0]).tunnel_mbps for p in paths)
        if ecmp and len(paths) > 1:
            rules.append("ECMP across tunnels (TGW, BGP)")
        elif topology.gateway == "vgw":
            rules.append("one tunnel (VGW: no ECMP)")
        if not paths:
            rules.append("blackholed: the static route stays in the TGW route table with both tunnels down")
    return Selection(destination, chosen, paths, float(cap), "; ".join(rules) or RULE_NAMES[kind])


def route_table(topology: Topology, down=frozenset()) -> "object":
    """For every advertised prefix: chosen path(s), capacity and rule (a pandas DataFrame).

    Parameters
    ----------
    topology : Topology
        Connections, routes and gateway.
    down : frozenset of str
        Failed elements (``dx:NAME``, ``tunnel:NAME:1``, ...).
    """
    import pandas as pd

    rows = []
    for prefix in dict.fromkeys(r.prefix for r in topology.routes):
        s = select(topology, prefix, down)
        rows.append({"prefix": prefix, "via": ", ".join(dict.fromkeys(r.via for r in s.routes)) or "-",
                     "origin": ", ".join(dict.fromkeys(r.origin for r in s.routes)) or "-",
                     "paths": ", ".join(s.paths) or "-", "capacity_mbps": s.capacity_mbps, "rule": s.rule})
    return pd.DataFrame(rows)


def pitfalls(topology: Topology) -> list:
    """Designs that surprise: a static VPN route on a TGW that outranks Direct Connect, and a VPN that carries
    traffic while DX is up because its prefix is more specific.

    Parameters
    ----------
    topology : Topology
        Connections, routes and gateway.
    """
    out = []
    for prefix in dict.fromkeys(r.prefix for r in topology.routes):
        s = select(topology, prefix)
        net = ipaddress.ip_network(prefix, strict=False)
        covering = [r for r in topology.routes if r.origin == "dx" and r.network.version == net.version
                    and net.subnet_of(r.network)]  # DX routes for this prefix or a larger one
        has_dx = bool(covering)
        if has_dx and s.routes and s.routes[0].origin != "dx" and all(r.prefix != prefix for r in covering):
            wider = min(covering, key=lambda r: r.network.prefixlen)
            out.append(f"{prefix}: {s.routes[0].via} advertises a more specific prefix than Direct Connect's "
                       f"{wider.prefix}, so traffic to {prefix} takes the VPN while DX is up (longest prefix wins "
                       f"before any other rule)")
        elif has_dx and s.routes and s.routes[0].origin != "dx":
            if s.routes[0].origin in ("tgw_static", "vpn_static") and topology.gateway == "tgw":
                out.append(f"{prefix}: the static VPN route on the transit gateway outranks the Direct Connect "
                           f"route, so traffic takes the VPN while DX is up; and when both VPN tunnels are down the "
                           f"static route stays in the route table and blackholes the traffic although DX is up "
                           f"(use BGP on the VPN, or make the static route less specific)")
            else:
                out.append(f"{prefix}: traffic takes {s.routes[0].via} ({RULE_NAMES[s.routes[0].origin]}) while "
                           f"Direct Connect is up ({s.rule})")
    return out


def vpc_route_table_select(routes, destination: str, local_cidr: str):
    """VPC route table choice for ``destination``.

    Parameters
    ----------
    routes : iterable of tuple
        ``(prefix, target, kind)`` with kind ``static`` | ``prefix_list`` | ``dx`` | ``vpn_static`` | ``vpn_bgp``.
    destination : str
        Address or prefix.
    local_cidr : str
        The VPC's CIDR (the local route).

    Returns
    -------
    tuple
        ``(target, rule)``.
    """
    dest = ipaddress.ip_network(destination, strict=False)
    local = ipaddress.ip_network(local_cidr)
    if dest.subnet_of(local):
        return "local", "local route (propagated routes overlapping it lose, even more specific ones)"
    order = {"static": 0, "prefix_list": 1, "dx": 2, "vpn_static": 3, "vpn_bgp": 4}
    cands = [(ipaddress.ip_network(p), t, k) for p, t, k in routes if dest.subnet_of(ipaddress.ip_network(p))]
    if not cands:
        return None, "no route"
    best = max(n.prefixlen for n, _, _ in cands)
    cands = sorted((c for c in cands if c[0].prefixlen == best), key=lambda c: order[c[2]])
    return cands[0][1], f"longest prefix /{best}, then {cands[0][2]}"
