"""Can an option carry the site's peak traffic and address family? Documented limits only.

=================================  ==========================================================
limit                              value (source: shared/research/hybrid-design.md §1, §6)
=================================  ==========================================================
standard tunnel                    1,250 Mbps per tunnel, not adjustable
large tunnel                       5,000 Mbps per tunnel, TGW (and Cloud WAN) only
VGW                                one tunnel carries AWS->site traffic; no ECMP
TGW                                ECMP across tunnels and connections only with BGP routing
IPv6 over VPN                      a VGW carries IPv4 only; a TGW VPN carries IPv4 and IPv6
Direct Connect                     port speed x number of ports
VPN connections per VGW            10 by default (adjustable quota)
accelerated connections / Region   10 by default (adjustable quota)
=================================  ==========================================================

``assess`` returns an :class:`Assessment`: ``reasons`` make an option infeasible; ``warnings`` are
adjustable quotas or degraded failover capacity the user should know about.
"""
from __future__ import annotations

from dataclasses import dataclass

TUNNEL_MBPS = {"standard": 1250.0, "large": 5000.0}
SPEED_MBPS = {"50M": 50, "100M": 100, "200M": 200, "300M": 300, "400M": 400, "500M": 500, "1G": 1000,
              "2G": 2000, "5G": 5000, "10G": 10000, "25G": 25000, "100G": 100000, "400G": 400000}
VGW_CONNECTIONS_QUOTA = 10
ACCELERATED_CONNECTIONS_QUOTA = 10


@dataclass(frozen=True)
class Assessment:
    """Capacity [Mbps] of an option and why it cannot (``reasons``) or may not (``warnings``) fit."""

    capacity_mbps: float
    reasons: tuple = ()
    warnings: tuple = ()

    @property
    def feasible(self) -> bool:
        return not self.reasons


def vpn_capacity_mbps(settings) -> float:
    """AWS->site capacity of one site's VPN [Mbps]: one tunnel unless ECMP (TGW + BGP) spreads the load."""
    tunnel = TUNNEL_MBPS[settings.tunnel]
    if settings.gateway == "tgw" and settings.routing == "bgp":
        return tunnel * 2 * settings.connections
    return tunnel


def _vpn_checks(settings, scenario, label: str, peak: float) -> tuple:
    reasons, warnings = [], []
    cap = vpn_capacity_mbps(settings)
    if peak > cap:
        why = {("vgw", "bgp"): "a VGW uses one tunnel and has no ECMP",
               ("vgw", "static"): "a VGW uses one tunnel and has no ECMP",
               ("tgw", "static"): "ECMP on a TGW needs BGP routing; static routing uses one tunnel",
               }.get((settings.gateway, settings.routing), "ECMP across both tunnels of each connection")
        reasons.append(f"{label}peak {peak:,.0f} Mbps exceeds {cap:,.0f} Mbps ({why}; "
                       f"{TUNNEL_MBPS[settings.tunnel]:,.0f} Mbps per {settings.tunnel} tunnel)")
    if scenario.traffic.ipv6 and settings.gateway == "vgw":
        reasons.append(f"{label}IPv6 traffic: a VGW VPN carries IPv4 only (use a transit gateway)")
    n = settings.connections * scenario.sites
    if settings.gateway == "vgw" and n > VGW_CONNECTIONS_QUOTA:
        warnings.append(f"{label}{n} VPN connections on one VGW exceed the default quota of "
                        f"{VGW_CONNECTIONS_QUOTA} (adjustable: request an increase)")
    if getattr(settings, "replaces_existing", False):
        why = ("acceleration cannot be turned on for an existing connection: a new connection replaces it; "
               if settings.accelerated else "")
        warnings.append(f"{label}{why}the cut-over is a customer-initiated change that takes both tunnels down "
                        f"(about {settings.cutover_minutes:g} min of downtime)")
    if settings.accelerated and n > ACCELERATED_CONNECTIONS_QUOTA:
        warnings.append(f"{label}{n} accelerated connections exceed the default quota of "
                        f"{ACCELERATED_CONNECTIONS_QUOTA} per Region (adjustable)")
    return cap, reasons, warnings


def assess(option, scenario) -> Assessment:
    """Feasibility of one scenario option against the site's peak [Mbps] and IPv6 need."""
    peak = scenario.traffic.peak_mbps
    if option.type == "vpn":
        cap, reasons, warnings = _vpn_checks(option, scenario, "", peak)
        return Assessment(cap, tuple(reasons), tuple(warnings))
    cap = SPEED_MBPS[option.speed] * option.count
    reasons, warnings = [], []
    if peak > cap:
        reasons.append(f"peak {peak:,.0f} Mbps exceeds {cap:,.0f} Mbps of Direct Connect "
                       f"({option.count} x {option.speed})")
    if option.backup:
        bcap, breasons, bwarn = _vpn_checks(option.backup, scenario, "backup VPN: ", 0.0)
        reasons += breasons
        warnings += bwarn
        if peak > bcap:
            warnings.append(f"backup VPN carries at most {bcap:,.0f} Mbps of the {peak:,.0f} Mbps peak "
                            "while Direct Connect is down")
    return Assessment(cap, tuple(reasons), tuple(warnings))
