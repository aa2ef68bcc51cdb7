"""Which route AWS prefers, as a table: the rank of each kind of route on a virtual private gateway and on a
transit gateway (lower wins), after the longest prefix.

=======================  ==========================================================  ==========================
gateway                  order (best first)                                          source
=======================  ==========================================================  ==========================
virtual private gateway  Direct Connect BGP > VPN static > VPN BGP                   VPN-UG VPNRoutingTypes
                                                                                     ("Route priority")
transit gateway          static (including a static route to a VPN attachment) >     TGW-UG ("Route evaluation
(and Cloud WAN)          prefix list > VPC propagated > Direct Connect gateway       order")
                         propagated > Connect > VPN propagated
=======================  ==========================================================  ==========================

The cost model and the failover model both read it: :func:`backup_carries_traffic` says which connection of a
Direct Connect design with a VPN backup carries the traffic while everything is up, so the prices, the
capacity check and the route table agree (a static VPN backup on a transit gateway outranks Direct Connect and
carries everything). Sources are keys of ``data/sources.csv``.
"""
from __future__ import annotations

VGW_RANK = {"dx": 0, "vpn_static": 1, "vpn_bgp": 2}
TGW_RANK = {"tgw_static": 0, "vpn_static": 0, "prefix_list": 1, "vpc": 2, "dx": 3, "connect": 4, "vpn_bgp": 5}
RULE_NAMES = {"dx": "Direct Connect BGP", "vpn_static": "VPN static", "vpn_bgp": "VPN BGP",
              "tgw_static": "TGW static", "prefix_list": "prefix list", "vpc": "VPC propagated", "connect": "Connect"}


def selects_like_tgw(gateway: str) -> bool:
    """Cloud WAN selects routes as a transit gateway does.

    Parameters
    ----------
    gateway : str
        ``vgw``, ``tgw`` or ``cloudwan``.
    """
    return gateway in ("tgw", "cloudwan")


def vpn_origin(gateway: str, routing: str) -> str:
    """The kind of route a VPN connection's routing gives the on-premises prefix on ``gateway``: ``vpn_bgp``,
    ``vpn_static`` (on a VGW) or ``tgw_static`` (a static route in the transit gateway route table).

    Parameters
    ----------
    gateway : str
        ``vgw``, ``tgw`` or ``cloudwan``.
    routing : str
        ``bgp`` or ``static``.
    """
    if routing == "bgp":
        return "vpn_bgp"
    return "tgw_static" if selects_like_tgw(gateway) else "vpn_static"


def rank(gateway: str, origin: str) -> int:
    """Rank of a route kind on ``gateway`` (lower wins) [-].

    Parameters
    ----------
    gateway : str
        ``vgw``, ``tgw`` or ``cloudwan``.
    origin : str
        A key of :data:`VGW_RANK` or :data:`TGW_RANK`.
    """
    return (TGW_RANK if selects_like_tgw(gateway) else VGW_RANK)[origin]


def backup_carries_traffic(gateway: str, routing: str) -> bool:
    """True when a VPN backup outranks Direct Connect for the same prefix, so it carries all the traffic while
    both are up (a static VPN route on a transit gateway).

    Parameters
    ----------
    gateway : str
        The Direct Connect design's gateway: ``vgw``, ``tgw`` or ``cloudwan``.
    routing : str
        The backup VPN's routing: ``bgp`` or ``static``.
    """
    return rank(gateway, vpn_origin(gateway, routing)) < rank(gateway, "dx")
