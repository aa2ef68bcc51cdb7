"""Failure model: how often each part of a design fails, for how long, how fast traffic notices, and what
AWS's SLAs promise.

Each *process* is an independent alternating renewal process: from normal it enters one of its fault
*modes* at that mode's rate; the mode lasts its mean duration (exponential, or fixed for planned
maintenance) and ends back in normal. Modes of one process never overlap, which is how two documented
AWS rules are modelled: AWS replaces the endpoints of **one tunnel of a VPN connection at a time**, and
does not run planned maintenance on redundant Direct Connect devices at the same time.

Defaults (per year of operation; durations in hours). No authoritative MTBF/MTTR exists for these
parts (``data/sources.csv`` FAIL-RATES): the rates are **assumptions** to edit, the durations
follow what sources say where they say anything.

=============================  ====  ======  ===========================================================
fault                          /yr   hours   basis
=============================  ====  ======  ===========================================================
DX connection (circuit, port)  1.0   4.0     assumption; fibre repairs take 4 h (aerial) to 6 h+ (buried)
DX device (AWS router)         0.2   2.0     assumption
DX location outage             0.05  6.2     assumption; the 2021-09-02 Tokyo DX event lasted 6 h 12 min
DX planned maintenance         4.0   2.0     per device; 4-hour windows that usually end early; never on
                                             redundant devices at once; 14 days' notice (fixed duration)
VPN tunnel endpoint replaced   4.0   0.25    per tunnel, AWS-initiated, one tunnel at a time; duration not
                                             documented (up to 60 min without failover, per one source)
customer-initiated change      1.0   0.25    per connection; takes both tunnels down (e.g. ModifyVpnConnection)
customer gateway device        0.5   4.0     assumption
site internet access           4.0   2.0     assumption (ISP outages are frequent but no per-path rate exists)
=============================  ====  ======  ===========================================================

Detection (traffic on a failed path is lost until the failure is noticed): BFD on DX 300 ms x 3 =
0.9 s; DX BGP hold time 90 s by default; VPN BGP hold time 30 s; VPN static routing relies on dead
peer detection, 30 s. Planned maintenance and AWS tunnel replacements are *graceful* for BGP paths
(routes move before the work: AWS lowers the MED on the other tunnel), so they cost no detection time.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, fields, replace

from vpncost.reference.limits import BFD_DETECTION_S

HOURS_PER_YEAR = 8760.0
MAX_RATE_PER_YEAR = 1000.0  # about three faults a day: beyond it the simulation's memory grows without bound



@dataclass(frozen=True)
class FailureParams:
    """Rates [per year] and mean durations [h] of each fault (see the module table)."""

    dx_connection_per_year: float = 1.0
    dx_connection_hours: float = 4.0
    dx_device_per_year: float = 0.2
    dx_device_hours: float = 2.0
    dx_location_per_year: float = 0.05
    dx_location_hours: float = 6.2
    dx_maintenance_per_year: float = 4.0
    dx_maintenance_hours: float = 2.0
    tunnel_replacement_per_year: float = 4.0
    tunnel_replacement_hours: float = 0.25
    customer_change_per_year: float = 1.0
    customer_change_hours: float = 0.25
    cgw_per_year: float = 0.5
    cgw_hours: float = 4.0
    internet_per_year: float = 4.0
    internet_hours: float = 2.0

    def updated(self, **changes) -> "FailureParams":
        """A copy with some values changed; unknown names or negative values raise a one-line error.

        Parameters
        ----------
        **changes : float
            Rates [per year] and durations [h] by name (see the module table).
        """
        from vpncost.errors import ScenarioError
        known = {f.name for f in fields(self)}
        for k, v in changes.items():
            if k not in known:
                raise ScenarioError(f"failover: unknown parameter {k!r}; allowed: {', '.join(sorted(known))}")
            top = MAX_RATE_PER_YEAR if k.endswith("_per_year") else HOURS_PER_YEAR
            if not 0 <= float(v) <= top:  # also NaN and inf
                unit = "per year" if k.endswith("_per_year") else "hours"
                raise ScenarioError(f"failover: {k}: {v} is out of range; allowed: 0 to {top:,.0f} {unit}")
        return replace(self, **{k: float(v) for k, v in changes.items()})

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class FaultMode:
    """One way a process fails: rate [per year], mean duration [h], the elements it takes down."""

    name: str
    rate_per_year: float
    mean_hours: float
    elements: tuple
    fixed: bool = False      # fixed duration (planned work) instead of exponential
    graceful: bool = False   # BGP routes move before the fault: no detection time on BGP paths
    aws: bool = True         # on AWS's side: its unavailability counts for SLA credits (see SLA notes)


@dataclass(frozen=True)
class Process:
    """Independent source of faults; its modes never overlap."""

    name: str
    modes: tuple

    def stationary(self) -> list:
        """Long-run probability of [normal, mode 1, mode 2, ...] (semi-Markov: any duration law)."""
        load = [m.rate_per_year / HOURS_PER_YEAR * m.mean_hours for m in self.modes]
        p0 = 1.0 / (1.0 + sum(load))
        return [p0] + [p0 * x for x in load]


def processes(topology, params: FailureParams = FailureParams()) -> list:
    """The fault processes of a topology (see the module table).

    Parameters
    ----------
    topology : Topology
        Connections, devices, locations, tunnels, customer gateways and the site's internet access.
    params : FailureParams
        Fault rates [per year] and durations [h].
    """
    p = params
    out = []
    for c in topology.dx:
        out.append(Process(f"DX connection {c.name}", (FaultMode("connection failure", p.dx_connection_per_year,
                                                                 p.dx_connection_hours, (f"dx:{c.name}",)),)))
    devices = list(dict.fromkeys(c.device for c in topology.dx))
    for d in devices:
        out.append(Process(f"DX device {d}", (FaultMode("device failure", p.dx_device_per_year, p.dx_device_hours,
                                                        (f"device:{d}",)),)))
    for loc in dict.fromkeys(c.location for c in topology.dx):
        out.append(Process(f"DX location {loc}", (FaultMode("location outage", p.dx_location_per_year,
                                                            p.dx_location_hours, (f"location:{loc}",)),)))
    if devices and p.dx_maintenance_per_year > 0:
        out.append(Process("DX planned maintenance", tuple(
            FaultMode(f"maintenance on {d}", p.dx_maintenance_per_year, p.dx_maintenance_hours, (f"device:{d}",),
                      fixed=True, graceful=True) for d in devices)))
    for v in topology.vpn:
        out.append(Process(f"VPN {v.name} tunnel endpoints", tuple(
            FaultMode(f"AWS replaces tunnel {t} endpoint", p.tunnel_replacement_per_year, p.tunnel_replacement_hours,
                      (f"tunnel:{v.name}:{t}",), graceful=True) for t in (1, 2))))
        out.append(Process(f"VPN {v.name} customer changes", (
            FaultMode("customer-initiated change (both tunnels)", p.customer_change_per_year, p.customer_change_hours,
                      v.tunnels(), aws=False),)))
    for cgw in dict.fromkeys(v.cgw for v in topology.vpn):
        out.append(Process(f"customer gateway {cgw}", (FaultMode("device failure", p.cgw_per_year, p.cgw_hours,
                                                                 (f"cgw:{cgw}",), aws=False),)))
    for site in dict.fromkeys(v.site for v in topology.vpn):
        out.append(Process(f"internet at {site}", (FaultMode("ISP outage", p.internet_per_year, p.internet_hours,
                                                             (f"internet:{site}",), aws=False),)))
    return [pr for pr in out if any(m.rate_per_year > 0 for m in pr.modes)]


def detection_s(topology, path_id: str, graceful: bool) -> float:
    """How long traffic on a failed path is lost before routing moves it.

    Parameters
    ----------
    topology : Topology
        The topology.
    path_id : str
        The failed path.
    graceful : bool
        Planned work announced by routing first (no loss).

    Returns
    -------
    float
        Detection time [s].
    """
    name = path_id.rsplit(":", 1)[0] if ":" in path_id else path_id
    c = topology.connection(name)
    if hasattr(c, "speed_mbps"):  # Direct Connect
        return 0.0 if graceful else (BFD_DETECTION_S if c.bfd else c.hold_s)
    if c.routing == "bgp":
        return 0.0 if graceful else c.hold_s
    return c.dpd_s  # static: dead peer detection, even for planned work


# --------------------------------------------------------------------------------------------- SLAs
# Credits are owed only for unavailability on AWS's side. The Site-to-Site VPN SLA excludes unavailability caused
# by factors outside AWS's reasonable control (the internet access of the site among them), by the customer's
# equipment (the customer gateway) and by the customer's actions (a change to the connection such as
# ModifyVpnConnection); the Direct Connect SLA likewise excludes the customer's equipment and circuits and the
# customer's actions (``data/sources.csv`` SLA-VPN, SLA-DX). The model therefore counts an hour towards SLA
# unavailability only when the design would be down with every customer-side fault (``aws=False``: customer
# gateway, site internet access, customer-initiated changes) repaired. A Direct Connect connection failure is
# counted as AWS's: the model has one rate for port, cross-connect and circuit together.
SLA = {
    # service: (commitment %, [(below %, credit %)...]) from data/sources.csv SLA-VPN, SLA-DX, SLA-GA: Site-to-Site VPN
    # SLA (2022-05-05); Direct Connect tiers and bands from AWS-authored and third-party transcriptions
    "vpn": (99.95, [(99.95, 10), (99.0, 25), (95.0, 100)]),
    "dx_max_resiliency": (99.99, [(99.99, 10), (99.0, 25), (95.0, 100)]),
    "dx_high_resiliency": (99.9, [(99.9, 10), (99.0, 25), (95.0, 100)]),
    "dx_single": (95.0, [(95.0, 10), (92.5, 25), (90.0, 100)]),
    "global_accelerator": (99.99, [(99.99, 10), (99.0, 25), (95.0, 100)]),
}

def credit_pct(service: str, monthly_uptime_pct):
    """Service credit for a monthly uptime (numeric in, numeric out).

    Parameters
    ----------
    service : str
        A key of :data:`SLA` (``vpn``, ``dx_max_resiliency``, ...).
    monthly_uptime_pct : numeric
        Monthly uptime [%].

    Returns
    -------
    numeric
        Credit [% of the month's charges].
    """
    import numpy as np

    commit, bands = SLA[service]
    u = np.asarray(monthly_uptime_pct, dtype=float)
    out = np.zeros_like(u)
    for below, credit in bands:
        out = np.where(u < below, credit, out)
    return out


def dx_sla_tier(topology) -> "str | None":
    """Which DX SLA a topology qualifies for by its shape (locations, connections, devices), or None.

    Maximum resiliency: >= 4 connections in >= 2 locations, >= 2 per location on distinct devices;
    high resiliency: >= 2 connections in >= 2 locations; single: 1 location. (Support-plan and review
    conditions are not modelled; LAG members count as one connection; hosted connections are excluded.)

    Parameters
    ----------
    topology : Topology
        The topology.
    """
    if not topology.dx:
        return None
    by_loc: dict = {}
    for c in topology.dx:
        by_loc.setdefault(c.location, set()).add(c.device)
    if len(by_loc) >= 2 and len(topology.dx) >= 4 and all(len(d) >= 2 for d in by_loc.values()):
        return "dx_max_resiliency"
    if len(by_loc) >= 2:
        return "dx_high_resiliency"
    return "dx_single"
