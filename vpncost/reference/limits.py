"""AWS limits the model is built on: port speeds, tunnel bandwidth, load sharing and default quotas.

One definition of each rule; the cost model (:mod:`vpncost.model.capacity`), the scenario schema and the
failover model (:mod:`vpncost.failover.designs`, :mod:`vpncost.failover.routing`) all read them from here.

=====================================  ============================================  ======================
limit                                  value                                         source
=====================================  ============================================  ======================
standard tunnel bandwidth              up to 1,250 Mbps per tunnel, not adjustable   VPN-UG vpn-limits.md
large tunnel bandwidth                 up to 5,000 Mbps per tunnel; TGW and Cloud    AKT choosing-tunnel-
                                       WAN only                                      bandwidth
tunnels per VPN connection             2                                             VPN-UG VPNTunnels.md
load sharing on a VGW                  one tunnel of all connections; no ECMP        VPN-UG VPNRoutingTypes
load sharing on a TGW                  ECMP across tunnels and connections, with     VPN-UG; TGW-UG
                                       BGP only (static routes use one tunnel)
Direct Connect dedicated port speeds   1G, 10G, 100G, 400G                           DX-UG dedicated_connection
Direct Connect hosted port speeds      50M to 10G, 25G                               DX-UG hosted_connection
VPN connections per VGW                10 by default (adjustable quota)              VPN-UG vpn-limits.md
accelerated connections per Region    10 by default (adjustable quota)              VPN-UG vpn-limits.md
VPN Concentrator                       up to 100 sites, 100 Mbps per site, 5 Gbps     VPN-UG (2025-11-15);
                                       shared; transit gateway only, BGP only         PL-2026
DX flat-rate billing                   dedicated 10G and 100G ports; billing mode     AWS announcement 2026-09
                                       changed at most 3 times in 6 months            (sources.csv SP)
BFD detection on Direct Connect        0.9 s (300 ms minimum interval x 3)           DX-UG (BFD)
Direct Connect BGP hold time           90 s by default                               DX-UG
VPN BGP hold time                      30 s                                          VPN-UG sample configs
VPN dead peer detection                30 s by default                               VPN-UG tunnel options
transit gateways per DX gateway        6 (not adjustable)                            DX-BLOG-2023
virtual private gateways per DX gw     20 (not adjustable)                           DX-BLOG-2023
=====================================  ============================================  ======================

Sources are keys of ``data/sources.csv`` (VPN-UG, DX-UG, TGW-UG, AKT, SP, PL-2026, DX-BLOG-2023), each with its address and date.
"""
from __future__ import annotations

TUNNEL_MBPS = {"standard": 1250.0, "large": 5000.0}
TUNNELS_PER_CONNECTION = 2
SPEED_MBPS = {"50M": 50, "100M": 100, "200M": 200, "300M": 300, "400M": 400, "500M": 500, "1G": 1000,
              "2G": 2000, "5G": 5000, "10G": 10000, "25G": 25000, "100G": 100000, "400G": 400000}
DEDICATED_SPEEDS = ("1G", "10G", "100G", "400G")
HOSTED_SPEEDS = ("50M", "100M", "200M", "300M", "400M", "500M", "1G", "2G", "5G", "10G", "25G")
VGW_CONNECTIONS_QUOTA = 10
DXGW_TGW_QUOTA = 6     # transit gateways associated with one Direct Connect gateway
DXGW_VGW_QUOTA = 20    # virtual private gateways associated with one Direct Connect gateway
ACCELERATED_CONNECTIONS_QUOTA = 10
CONCENTRATOR_SITES = 100           # sites per VPN Concentrator
CONCENTRATOR_SITE_MBPS = 100.0     # [Mbit/s] per site
CONCENTRATOR_MBPS = 5000.0         # [Mbit/s] shared by a Concentrator's sites
FLAT_RATE_SPEEDS = ("10G", "100G")  # dedicated ports only
FLAT_RATE_SWITCHES = 3             # billing-mode changes allowed in any six months
BFD_DETECTION_S = 0.9          # [s] 300 ms minimum interval x multiplier 3
DX_BGP_HOLD_S = 90.0           # [s] Direct Connect default BGP hold time
VPN_BGP_HOLD_S = 30.0          # [s] VPN BGP hold time (AWS sample configurations)
VPN_DPD_S = 30.0               # [s] dead peer detection timeout (default)


def speeds(connection: str) -> tuple:
    """Port speeds AWS offers for a Direct Connect ``connection`` type (``dedicated`` or ``hosted``)."""
    return DEDICATED_SPEEDS if connection == "dedicated" else HOSTED_SPEEDS


def ecmp(gateway: str, routing: str) -> bool:
    """Whether traffic towards the site is shared across tunnels (ECMP).

    Parameters
    ----------
    gateway : str
        ``vgw``, ``tgw`` or ``cloudwan``.
    routing : str
        ``bgp`` or ``static``.

    Returns
    -------
    bool
        True only on a transit gateway (or Cloud WAN) with BGP routing; a VGW selects one tunnel.
    """
    return gateway in ("tgw", "cloudwan") and routing == "bgp"


def vpn_connections(connections_per_site: int, sites: int) -> int:
    """VPN connections in a design [connections]: connections per site x number of like sites."""
    return int(connections_per_site) * int(sites)


def vpn_capacity_mbps(gateway: str, routing: str, tunnel: str, connections: int) -> float:
    """AWS -> site capacity of one site's VPN connections.

    Parameters
    ----------
    gateway : str
        ``vgw`` or ``tgw``.
    routing : str
        ``bgp`` or ``static``.
    tunnel : str
        ``standard`` or ``large``.
    connections : int
        VPN connections of the site [connections].

    Returns
    -------
    float
        Capacity [Mbit/s]: every tunnel of every connection with ECMP, else one tunnel.
    """
    per_tunnel = TUNNEL_MBPS[tunnel]
    if ecmp(gateway, routing):
        return per_tunnel * TUNNELS_PER_CONNECTION * connections
    return per_tunnel
