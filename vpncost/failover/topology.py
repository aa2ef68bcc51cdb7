"""Hybrid topologies: Direct Connect connections, VPN connections (two tunnels each) and the routes they carry.

A topology is plain data. Each connection is made of *elements* that can fail, named by kind:

====================  ==============================================================
element               what it is
====================  ==============================================================
``dx:NAME``           a Direct Connect connection (port, cross-connect, circuit)
``device:NAME``       the AWS Direct Connect device (router) a connection ends on
``location:CODE``     a whole Direct Connect location
``tunnel:NAME:1|2``   one IPsec tunnel of a VPN connection (an AWS tunnel endpoint)
``cgw:NAME``          a customer gateway device
``internet:SITE``     the site's internet access, which every VPN tunnel crosses
====================  ==============================================================

Routes are what the on-premises side advertises towards AWS (the AWS -> on-premises direction is
what AWS's route selection decides). See :mod:`vpncost.failover.routing`.
"""
from __future__ import annotations

import ipaddress
from dataclasses import dataclass, field

from vpncost.reference.limits import DX_BGP_HOLD_S, TUNNEL_MBPS, VPN_BGP_HOLD_S, VPN_DPD_S

ORIGINS = ("dx", "vpn_bgp", "vpn_static", "tgw_static", "prefix_list", "vpc", "connect")


@dataclass(frozen=True)
class DxConnection:
    """A Direct Connect connection. ``speed_mbps`` [Mbit/s]; ``bfd`` switches detection from the BGP hold
    time (``hold_s`` [s], default 90) to BFD (300 ms x 3); ``local``: its location is associated with the VPCs'
    Region (AWS prefers such local-homed locations when no local-preference community says otherwise)."""

    name: str
    location: str
    device: str
    speed_mbps: float
    bfd: bool = False
    hold_s: float = DX_BGP_HOLD_S
    local: bool = True

    def elements(self) -> tuple:
        return (f"dx:{self.name}", f"device:{self.device}", f"location:{self.location}")


@dataclass(frozen=True)
class VpnConnection:
    """A Site-to-Site VPN connection: two tunnels, one customer gateway, the site's internet access."""

    name: str
    routing: str = "bgp"                 # bgp | static
    cgw: str = "cgw1"
    cgw_ip: str = "198.51.100.1"
    cgw_asn: int = 65000
    site: str = "site"
    tunnel_mbps: float = TUNNEL_MBPS["standard"]
    dpd_s: float = VPN_DPD_S
    hold_s: float = VPN_BGP_HOLD_S

    def tunnels(self) -> tuple:
        return (f"tunnel:{self.name}:1", f"tunnel:{self.name}:2")

    def elements(self, tunnel: int) -> tuple:
        """What tunnel ``tunnel`` needs: its AWS endpoint, the customer gateway and the site's internet access.

        Parameters
        ----------
        tunnel : int
            1 or 2.
        """
        return (f"tunnel:{self.name}:{tunnel}", f"cgw:{self.cgw}", f"internet:{self.site}")


@dataclass(frozen=True)
class Route:
    """A route to an on-premises prefix through one connection.

    ``origin``: ``dx`` (DX BGP, propagated), ``vpn_bgp`` (VPN BGP, propagated), ``vpn_static`` (a static
    route on the VPN connection, VGW), ``tgw_static`` (a static route in the transit gateway route
    table pointing at a VPN attachment), ``prefix_list``, ``vpc``, ``connect``. ``local_pref`` is the DX
    community value (7100 low, 7200 medium, 7300 high); ``as_path_len`` and ``med`` as advertised; ``first_as``
    the first AS of its AS_SEQUENCE (MED is compared only between routes whose first AS is the same).
    """

    prefix: str
    via: str
    origin: str
    as_path_len: int = 1
    med: int = 0
    local_pref: int = 7200
    first_as: "int | None" = None   # the first AS of the AS_SEQUENCE (the neighbour that advertised it)

    def __post_init__(self):
        if self.origin not in ORIGINS:
            raise ValueError(f"origin: {self.origin!r}; allowed: {', '.join(ORIGINS)}")
        ipaddress.ip_network(self.prefix, strict=False)

    @property
    def network(self):
        return ipaddress.ip_network(self.prefix, strict=False)


@dataclass(frozen=True)
class Topology:
    """Connections, routes and the gateway that selects among them (``vgw`` or ``tgw``)."""

    name: str
    gateway: str
    dx: tuple = ()
    vpn: tuple = ()
    routes: tuple = ()
    ecmp: bool = True          # TGW "VPN ECMP support" (only BGP VPN routes can share load)
    notes: tuple = field(default=())

    def __post_init__(self):
        if self.gateway not in ("vgw", "tgw"):
            raise ValueError(f"gateway: {self.gateway!r}; allowed: vgw, tgw")
        names = [c.name for c in (*self.dx, *self.vpn)]
        if len(names) != len(set(names)):
            raise ValueError("connection names must be unique")
        known = set(names)
        for r in self.routes:
            if r.via not in known:
                raise ValueError(f"route {r.prefix} via {r.via!r}: no such connection; allowed: {', '.join(names)}")

    def connection(self, name: str):
        """The DX or VPN connection called ``name``.

        Parameters
        ----------
        name : str
            Connection name.
        """
        return next(c for c in (*self.dx, *self.vpn) if c.name == name)

    def elements(self) -> list:
        """Every element that can fail, in a stable order."""
        out = []
        for c in self.dx:
            out += [e for e in c.elements() if e not in out]
        for v in self.vpn:
            for t in (1, 2):
                out += [e for e in v.elements(t) if e not in out]
        return out

    def describe(self, element: str) -> str:
        """An element in words, for people: 'tunnel 1 of VPN connection vpn1', 'customer gateway cgw1
        (198.51.100.1)', 'Direct Connect location EqDC2 (every connection there)'.

        Parameters
        ----------
        element : str
            One of :meth:`elements`.
        """
        kind, _, rest = element.partition(":")
        if kind == "tunnel":
            name, _, t = rest.rpartition(":")
            return f"tunnel {t} of VPN connection {name}"
        if kind == "cgw":
            ip = next((v.cgw_ip for v in self.vpn if v.cgw == rest), "")
            return f"customer gateway {rest}" + (f" ({ip})" if ip else "")
        if kind == "internet":
            return f"the {rest}'s internet access"
        if kind == "dx":
            loc = next((c.location for c in self.dx if c.name == rest), "")
            return f"Direct Connect connection {rest}" + (f" at {loc}" if loc else "")
        if kind == "device":
            return f"Direct Connect device {rest}"
        if kind == "location":
            return f"Direct Connect location {rest} (every connection there)"
        return element

    def paths(self) -> list:
        """Every path as (path id, connection name, elements, capacity [Mbit/s], kind)."""
        out = [(c.name, c.name, c.elements(), c.speed_mbps, "dx") for c in self.dx]
        for v in self.vpn:
            for t in (1, 2):
                out.append((f"{v.name}:{t}", v.name, v.elements(t), v.tunnel_mbps, "vpn"))
        return out


def site_routes(prefixes, connections, origin_by_kind=None) -> tuple:
    """Routes for ``prefixes`` over every connection: DX connections advertise by BGP (``dx``), VPN connections
    by BGP (``vpn_bgp``) or, for static routing, as ``vpn_static`` (VGW) / ``tgw_static`` (TGW).

    Parameters
    ----------
    prefixes : iterable of str
        On-premises prefixes.
    connections : iterable
        DX and VPN connections.
    origin_by_kind : dict, optional
        E.g. ``{'static': 'tgw_static'}`` on a transit gateway.
    """
    static = (origin_by_kind or {}).get("static", "vpn_static")
    out = []
    for p in prefixes:
        for c in connections:
            if isinstance(c, DxConnection):
                out.append(Route(p, c.name, "dx"))
            else:
                out.append(Route(p, c.name, "vpn_bgp" if c.routing == "bgp" else static, first_as=c.cgw_asn))
    return tuple(out)


def check_cloudhub(topology: Topology, site_prefixes: dict) -> list:
    """Problems of a multi-site design on one VGW (CloudHub): every customer gateway needs its own public IP
    and BGP ASN, and the sites' advertised prefixes must not overlap.

    Parameters
    ----------
    topology : Topology
        The VGW topology.
    site_prefixes : dict
        VPN connection name -> the prefixes its site advertises.

    Returns
    -------
    list of str
        One message per problem.
    """
    problems = []
    seen_ip, seen_asn = {}, {}
    for v in topology.vpn:
        if v.cgw_ip in seen_ip:
            problems.append(f"{v.name} and {seen_ip[v.cgw_ip]} share customer gateway IP {v.cgw_ip}; each site needs its own")
        seen_ip.setdefault(v.cgw_ip, v.name)
        if v.cgw_asn in seen_asn:
            problems.append(f"{v.name} and {seen_asn[v.cgw_asn]} share BGP ASN {v.cgw_asn}; CloudHub needs a unique ASN per site")
        seen_asn.setdefault(v.cgw_asn, v.name)
        if v.routing != "bgp":
            problems.append(f"{v.name} uses static routing; CloudHub sites advertise their prefixes with BGP")
    items = [(name, ipaddress.ip_network(p, strict=False)) for name, ps in site_prefixes.items() for p in ps]
    for i, (a, na) in enumerate(items):
        for b, nb in items[i + 1:]:
            if a != b and na.version == nb.version and na.overlaps(nb):
                problems.append(f"{a} advertises {na} which overlaps {nb} from {b}")
    return problems
