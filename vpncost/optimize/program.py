"""The cheapest design as one mixed-integer program (HiGHS, through :func:`scipy.optimize.milp`).

Every candidate of every site (:mod:`~vpncost.optimize.candidates`) is priced at once by the network engine: one
network holds each (site, candidate) as a site of its own, with a hosted connection per site and location, one
dedicated port group per location and speed, a Concentrator in each Region that may need one, and one Direct
Connect gateway. Its priced lines then fall into:

=============================  ===================================================================================
lines                          in the program
=============================  ===================================================================================
a candidate's own (site lines) ``a_c x_c``: VPN and attachment hours, processing, Direct Connect data out, the
                               Concentrator seat, accelerators, the customer's circuits and costs, plus the
                               expected outage cost ``(downtime [h/month]) x outage_usd_per_hour`` when given
a candidate's internet out     GB into its (payer, Region) tier pool: ``Q_p = sum q_cp x_c``
a hosted connection            ``F_h y_h``, ``y_h >= x_c`` for each candidate using it
the Direct Connect gateway's   ``F_r y_r`` per Region, ``y_r >= x_c`` for each Direct Connect candidate reaching it
attachment in a Region
a dedicated port group         ``P_g n_g`` for ``n_g`` ports (integer, 0-16, the network file's ``count``),
                               ``sum demand_c x_c <= capacity n_g`` and ``x_c <= n_g``: sites at one location whose
                               gateway reaches the same Regions share its ports
a Concentrator                 ``C_r n_r`` (integer, 0-50), at most 100 sites and 5 Gbps each
anything else                  a constant (VPC attachments, peerings, VPC-to-VPC traffic)
=============================  ===================================================================================

subject to one candidate per site (``sum_c x_c = 1``; candidates missing a target are not offered), AWS's
quota of accelerated connections per Region (``optimize.quotas``) and the budget. The objective is the period's cost. **Tiered prices** (internet data out per payer and Region) are
concave and piecewise linear: the pool's GB per month is split into one continuous variable per tier,
``0 <= d_k <= width_k``, with a binary ``z_k`` per tier after the first that allows ``d_k > 0`` only when
``d_{k-1}`` is full (``d_{k-1} >= width_{k-1} z_k``, ``d_k <= width_k z_k``): without the binaries a minimiser
would fill the cheaper later tier first. The free tier is a first segment at $0 (the payer's 100 GB split evenly
over its pools when it has several: the engine splits it by volume, so the two may differ by cents).

HiGHS (through SciPy) is used because it is an exact branch-and-cut MIP solver that reports its optimality gap,
and SciPy is a well-kept dependency on every platform, where OR-Tools would add a large native wheel for no gain
at this size. The answer is then re-priced by :func:`vpncost.model.network.build`: that total is the figure
shown; the program's objective less the expected outage cost equals it to the cent (but for the free tier's
split), which checks the formulation on every run.
"""
from __future__ import annotations

import itertools
import time
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from vpncost.errors import ScenarioError
from vpncost.formats import HALF_CENT, usd
from vpncost.optimize import candidates as cand_mod
from vpncost.optimize.candidates import dedicated_name, gateway_name, hosted_name


@dataclass(frozen=True)
class Settings:
    """How hard to solve, and a target that replaces the file's for every site (the frontier's re-solves).

    Attributes
    ----------
    time_limit_s : float
        HiGHS's time limit [s].
    gap_pct : float
        Relative optimality gap at which HiGHS stops [%].
    availability_pct : float, optional
        Every site's availability target, replacing the file's (its per-site targets included) [%].
    rtt_ms : float, optional
        Every site's round-trip target, replacing the file's [ms].
    outage_usd_per_hour : float, optional
        Every site's outage cost, replacing the file's [USD/h].
    """

    time_limit_s: float = 60.0
    gap_pct: float = 0.01
    availability_pct: "float | None" = None
    rtt_ms: "float | None" = None
    outage_usd_per_hour: "float | None" = None


@dataclass
class Plan:
    """The optimum: the chosen design as a network, priced by the engine, and why each site got its choice."""

    network: object                 # vpncost.network.Network of the chosen design
    model: object                   # its NetworkModel
    choices: list                   # the Candidate of each site
    ports: dict                     # (location, speed) -> dedicated ports
    concentrators: dict             # Region -> Concentrators
    total_usd: float                # per month, the engine's
    objective_usd: float            # per month, the program's: the cost plus the expected outage cost
    outage_usd: float               # per month, the expected outage cost in the objective
    as_is_usd: float                # per month, the network as written
    status: str
    gap_pct: float
    solve_s: float
    build_s: float
    sites: pd.DataFrame = field(default_factory=pd.DataFrame)   # per site: choice, cost, availability, why
    notes: list = field(default_factory=list)

    def design(self) -> dict:
        """The chosen design as a network file mapping (``vpncost optimize -o``)."""
        return self.network.model_dump(mode="json", by_alias=True, exclude_none=True, exclude_defaults=True)


class _Problem:
    """The candidates priced by the engine and the program's data."""

    def __init__(self, net, catalog, settings: Settings):
        from vpncost.model import network as nm

        t0 = time.perf_counter()
        self.net, self.catalog, self.settings = net, catalog, settings
        self.cands, self.why_not = cand_mod.generate(net, catalog)
        flat = [c for cs in self.cands for c in cs]
        self.flat = flat
        self.names = [f"{net.sites[c.site].name} #{k}" for k, c in enumerate(flat)]
        cnet = _network(net, flat, self.names, {c.concentrator for c in flat if c.concentrator})
        self.model = nm.build(cnet, catalog)
        self.per_month = net.hours_per_month / net.hours
        self._coefficients()
        self.build_s = time.perf_counter() - t0

    def _coefficients(self):
        m = self.model
        q = m.quantities()
        rates = np.array([0.0 if ln.pooled else (ln.component.price.rate if ln.component.price else ln.component.usd)
                          for ln in m.lines])
        cost = q * rates
        index = {n: k for k, n in enumerate(self.names)}
        n = len(self.flat)
        self.own = np.zeros(n)                       # per period
        self.pool_q: dict = {}                       # pool -> {candidate: GB per period}
        self.hosted: dict = {}                       # hosted resource -> cost per period
        self.dxgw: dict = {}                         # (gateway's Regions, Region) -> cost per period
        self.ports: dict = {}                        # (location, speed, Regions) -> cost per port per period
        self.conc: dict = {}                         # Region -> cost per Concentrator per period
        self.const = 0.0
        hosted_names = {hosted_name(self.net.sites[c.site].name, loc, s): (loc, s, c.site)
                        for c in self.flat for loc, s in c.hosted}
        port_names = {dedicated_name(*g): g for c in self.flat for g in c.dedicated}
        gw_names = {f"DX gateway {gateway_name(c.dx_regions)}": c.dx_regions for c in self.flat if c.dx_regions}
        pool_of = {}
        for key, idx in m.tier_pools().items():
            for k in idx:
                pool_of[k] = key
        for k, ln in enumerate(m.lines):
            if ln.site:
                c = index[ln.site]
                if ln.pooled:
                    self.pool_q.setdefault(pool_of[k], {}).setdefault(c, 0.0)
                    self.pool_q[pool_of[k]][c] += q[k]
                else:
                    self.own[c] += cost[k]
                continue
            if ln.pooled:
                raise ScenarioError("optimize: a tiered line that belongs to no site (not expected)")
            if ln.resource in hosted_names:
                self.hosted[hosted_names[ln.resource]] = self.hosted.get(hosted_names[ln.resource], 0.0) + cost[k]
            elif ln.resource in port_names:
                self.ports[port_names[ln.resource]] = self.ports.get(port_names[ln.resource], 0.0) + cost[k]
            elif ln.resource in gw_names:
                key = (gw_names[ln.resource], ln.region)
                self.dxgw[key] = self.dxgw.get(key, 0.0) + cost[k]
            elif ln.resource.startswith("VPN Concentrator "):
                r = ln.resource.removeprefix("VPN Concentrator ")
                self.conc[r] = self.conc.get(r, 0.0) + cost[k]
            else:
                self.const += cost[k]
        self.cost_own = self.own.copy()   # what is paid; ``own`` adds the expected outage cost (:meth:`apply`)
        self.apply(self.settings)
        self.pools = {}
        months = m.months
        for key, idx in m.tier_pools().items():
            p = m.lines[idx[0]].component.price
            per_payer = sum(1 for other in m.tier_pools() if other[0] == key[0] and m.free_gb(other[1]))
            free = m.free_gb(key[1]) / max(1, per_payer)
            self.pools[key] = (p, months, free)

    def apply(self, settings: Settings) -> None:
        """Take ``settings`` for the next solve: its targets, and the outage cost they put on each candidate."""
        from vpncost.failover.designs import outage_usd_per_month
        self.settings = settings
        spec = self.net.optimize
        self.outage = np.zeros(len(self.flat))   # expected outage cost [USD per period], per site of the entry
        for k, c in enumerate(self.flat):
            usd_h = settings.outage_usd_per_hour if settings.outage_usd_per_hour is not None else \
                spec.targets(self.net.sites[c.site].name).outage_usd_per_hour or 0.0
            self.outage[k] = outage_usd_per_month(c.downtime_min, usd_h) * self.net.sites[c.site].count \
                / self.per_month
        self.own = self.cost_own + self.outage

    # -- feasibility -----------------------------------------------------------------------------------------
    def offered(self) -> tuple:
        """``(offered candidate indices per site, {candidate: reason it is not offered})``."""
        spec, out, reasons = self.net.optimize, [], {}
        pos = 0
        for i, cs in enumerate(self.cands):
            site = self.net.sites[i]
            t = spec.targets(site.name)
            avail = self.settings.availability_pct if self.settings.availability_pct is not None else \
                t.availability_pct
            if self.settings.rtt_ms is not None:
                t = t.model_copy(update={"rtt_ms": self.settings.rtt_ms})
            ok = []
            for k, c in enumerate(cs, start=pos):
                why = ""
                if t.pin and c.kind != t.pin:
                    why = f"pinned to {t.pin}"
                elif c.kind in t.forbid:
                    why = f"{c.kind} forbidden"
                elif c.demand_mbps > c.capacity_mbps + 1e-9:
                    why = f"capacity {c.capacity_mbps:,.0f} Mbps < peak {c.demand_mbps:,.0f} Mbps"
                elif avail is not None and c.availability * 100 < avail - 1e-12:
                    why = f"availability {c.availability * 100:.4f}% < target {avail:g}%"
                elif t.rtt_ms is not None and c.rtt_ms > t.rtt_ms + 1e-9:
                    why = f"round trip {c.rtt_ms:.1f} ms > target {t.rtt_ms:g} ms"
                if why:
                    reasons[k] = why
                else:
                    ok.append(k)
            if not ok:
                raise ScenarioError(_infeasible(site.name, cs, pos, reasons, t, avail, self.why_not, i))
            out.append(ok)
            pos += len(cs)
        return out, reasons


def _infeasible(name, cs, pos, reasons, t, avail, why_not, i) -> str:
    """One line: which target of which site no candidate meets, and the nearest miss."""
    where = f"optimize.sites.{name}"
    if not cs:
        kinds = "; ".join(f"{k}: {v}" for (s, k), v in why_not.items() if s == i)
        return f"{where}: no kind of connection can serve this site ({kinds})"
    allowed = [c for c in cs if not (t.pin and c.kind != t.pin) and c.kind not in t.forbid]
    if not allowed:
        return f"{where}: pin/forbid leave no kind this site can have; its kinds: {', '.join(sorted({c.kind for c in cs}))}"
    carried = [c for c in allowed if c.demand_mbps <= c.capacity_mbps + 1e-9]
    if not carried:
        return (f"{where}: no design carries its peak of {allowed[0].demand_mbps:,.0f} Mbps (the most any carries: "
                f"{max(c.capacity_mbps for c in allowed):,.0f} Mbps)")
    best = max(carried, key=lambda c: c.availability)
    if avail is not None and best.availability * 100 < avail:
        return (f"{where}.availability_pct: {avail:g}% is out of reach; the most available design allowed "
                f"({best.label}) gives {best.availability * 100:.4f}%")
    meets = [c for c in carried if avail is None or c.availability * 100 >= avail]
    fastest = min(meets, key=lambda c: c.rtt_ms)
    both = f" together with availability {avail:g}%" if avail is not None else ""
    return (f"{where}.rtt_ms: {t.rtt_ms:g} ms is out of reach{both}; the fastest design allowed"
            f"{' meeting the availability' if both else ''} ({fastest.label}) takes {fastest.rtt_ms:.1f} ms")


def _network(net, flat, names, conc_regions) -> object:
    """The network holding every candidate as a site of its own (what :class:`_Problem` prices)."""
    from vpncost.network import from_dict

    data = _base(net)
    for r in conc_regions:
        tgw = data["regions"][r]["transit_gateway"]
        tgw["concentrators"] = max(1, tgw.get("concentrators", 0))
    dx: dict = {}
    for c, name in zip(flat, names):
        _connections(dx, net.sites[c.site].name, c, {})
        data["sites"].append(_site(net.sites[c.site], name, c))
    data["direct_connect"] = list(dx.values())
    return from_dict(data, source=f"{net.name} (candidates)")


def _connections(dx: dict, site: str, c, ports: dict) -> None:
    """Add the Direct Connect entries candidate ``c`` of ``site`` uses to ``dx`` (name -> entry); a dedicated
    port group gets ``ports`` ports (1 when not given)."""
    gw = {"name": gateway_name(c.dx_regions), "associations": list(c.dx_regions)}
    for loc, speed in c.hosted:
        name = hosted_name(site, loc, speed)
        dx.setdefault(name, {"name": name, "location": loc, "speed": speed, "connection": "hosted", "count": 1,
                             "gateway": gw})
    for g in c.dedicated:
        name = dedicated_name(*g)
        dx.setdefault(name, {"name": name, "location": g[0], "speed": g[1], "connection": "dedicated",
                             "count": ports.get(g, 1), "gateway": gw})


def _base(net) -> dict:
    data = net.model_dump(mode="json", by_alias=True, exclude_none=True,
                          exclude={"designs", "optimize", "sites", "direct_connect"})
    data["sites"] = []
    for r, spec in data["regions"].items():
        if "transit_gateway" in spec:
            spec["transit_gateway"]["concentrators"] = 0
    return data


def _site(site, name, c) -> dict:
    d = site.model_dump(mode="json", by_alias=True, exclude_none=True, exclude={"connect", "name"})
    d["name"] = name
    d["connect"] = [dict(x) for x in c.connect]
    extra = dict(d.get("extra_monthly_usd") or {})
    for label, monthly in c.circuit_usd:
        extra[label] = extra.get(label, 0.0) + monthly
    d["extra_monthly_usd"] = extra
    return d


class Optimizer:
    """A network's candidates priced once, solved for any targets (a notebook's sliders re-solve in a fraction of a
    second): ``Optimizer(net).solve(Settings(availability_pct=99.9))``.

    Parameters
    ----------
    net : Network
        A validated network (its ``optimize`` section: the targets; none: the defaults).
    catalog : PriceCatalog, optional
        Prices (default: the network's ``pricing``).
    """

    def __init__(self, net, catalog=None):
        self.problem = _problem(net, catalog, Settings())
        self._as_is = None

    @property
    def as_is_usd(self) -> float:
        """The network as written [USD per month]."""
        if self._as_is is None:
            from vpncost.model import network as nm
            p = self.problem
            self._as_is = float(nm.build(p.net, p.catalog).total()) * p.per_month
        return self._as_is

    def solve(self, settings: Settings = Settings()) -> "Plan":
        """The optimum under ``settings``.

        Parameters
        ----------
        settings : Settings
            Solver limits, and targets replacing the file's.
        """
        self.problem.apply(settings)
        return _plan(self.problem, settings, self.as_is_usd)

    def frontier(self, targets, settings: Settings = Settings()) -> pd.DataFrame:
        """The cost-availability frontier: the optimum with every site's availability target at each of
        ``targets``.

        Parameters
        ----------
        targets : iterable of float
            Availability targets [%].
        settings : Settings
            Solver limits and the other targets.

        Returns
        -------
        pandas.DataFrame
            availability_pct (the target), monthly_usd (the engine's total; NaN when out of reach),
            lowest_site_pct (the least available site of that optimum), status (or why the target is out of reach).
        """
        from dataclasses import replace

        rows = []
        for t in sorted(targets):
            try:
                plan = self.solve(replace(settings, availability_pct=float(t)))
            except ScenarioError as exc:
                rows.append({"availability_pct": float(t), "monthly_usd": np.nan, "lowest_site_pct": np.nan,
                             "status": str(exc)})
                continue
            rows.append({"availability_pct": float(t), "monthly_usd": plan.total_usd,
                         "lowest_site_pct": float(plan.sites["availability_pct"].min()), "status": plan.status})
        return pd.DataFrame(rows)


def optimize(net, catalog=None, settings: Settings = Settings()) -> Plan:
    """The cheapest design of ``net`` that meets its ``optimize`` targets.

    Parameters
    ----------
    net : Network
        A validated network with an ``optimize`` section (:class:`vpncost.network.OptimizeSpec`; none: the
        defaults).
    catalog : PriceCatalog, optional
        Prices (default: the network's ``pricing``).
    settings : Settings
        Solver limits, and targets replacing the file's.

    Returns
    -------
    Plan
    """
    return Optimizer(net, catalog).solve(settings)


def frontier(net, targets, catalog=None, settings: Settings = Settings()) -> pd.DataFrame:
    """:meth:`Optimizer.frontier` of ``net`` (candidates priced once).

    Parameters
    ----------
    net : Network
        The network.
    targets : iterable of float
        Availability targets [%].
    catalog : PriceCatalog, optional
        Prices.
    settings : Settings
        Solver limits and the other targets.
    """
    return Optimizer(net, catalog).frontier(targets, settings)


def exhaustive(net, catalog=None, settings: Settings = Settings(), limit: int = 20_000) -> tuple:
    """The least-cost design found by pricing every combination of the candidates each site is offered with the
    engine (ports and Concentrators: the fewest that carry the chosen sites): ``(monthly USD, labels per site,
    combinations tried)``. For checking :func:`optimize` on small networks; refuses more than ``limit``.

    Parameters
    ----------
    net : Network
        The network.
    catalog : PriceCatalog, optional
        Prices.
    settings : Settings
        Targets replacing the file's.
    limit : int
        Most combinations to try [-].
    """
    prob = _problem(net, catalog, settings)
    offered, _ = prob.offered()
    n = int(np.prod([len(ks) for ks in offered], dtype=float))
    if n > limit:
        raise ScenarioError(f"optimize: {n:,} combinations to try exhaustively; at most {limit:,}")
    best = None
    for combo in itertools.product(*offered):
        total = _engine_usd(prob, combo)
        if best is None or total < best[0] - 1e-9:
            best = (total, [prob.flat[k].label for k in combo])
    return best[0], best[1], n


def greedy(net, catalog=None, settings: Settings = Settings()) -> float:
    """A baseline without the program: each site takes its cheapest allowed candidate as if it paid every
    facility it uses alone (a hosted port, the gateway's attachments, a whole dedicated port, a Concentrator);
    the design is then priced by the engine [USD per month].

    Parameters
    ----------
    net : Network
        The network.
    catalog : PriceCatalog, optional
        Prices.
    settings : Settings
        Targets replacing the file's.
    """
    prob = _problem(net, catalog, settings)
    offered, _ = prob.offered()
    ev = _Evaluator(prob, [])
    return _engine_usd(prob, [min(ks, key=lambda k: prob.own[k] + ev.alone(k)) for ks in offered])


def _engine_usd(prob: _Problem, combo) -> float:
    """The design that takes candidate ``combo[i]`` for site ``i`` (the fewest ports and Concentrators that carry
    them), priced by the engine [USD per month]."""
    from vpncost.model import network as nm

    ports, conc = _fewest(prob, combo)
    design = _design(prob.net, [prob.flat[k] for k in combo], ports, conc)
    return float(nm.build(design, prob.catalog).total()) * prob.per_month


def _fewest(prob: _Problem, combo) -> tuple:
    """The fewest dedicated ports per group and Concentrators per Region that carry the chosen candidates."""
    from vpncost.reference.limits import CONCENTRATOR_MBPS, CONCENTRATOR_SITES, SPEED_MBPS

    ev = _Evaluator(prob, list(combo))
    ports = {g: max(1, int(np.ceil(mbps / SPEED_MBPS[g[1]] - 1e-9))) for g, mbps in ev.ports.items() if mbps > 1e-9
             or any(g in prob.flat[k].dedicated for k in combo)}
    conc = {r: max(1, int(np.ceil(n / CONCENTRATOR_SITES - 1e-9)), int(np.ceil(mbps / CONCENTRATOR_MBPS - 1e-9)))
            for r, (n, mbps) in ev.conc.items() if n > 0}
    return ports, conc


def _problem(net, catalog, settings) -> _Problem:
    from vpncost.model import network as nm
    from vpncost.network import OptimizeSpec

    if not net.sites:
        raise ScenarioError(f"{net.name}: sites: a network without sites has nothing to optimize")
    if net.optimize is None:
        net = net.model_copy(update={"optimize": OptimizeSpec()})
    return _Problem(net, catalog or nm.catalog_for_network(net), settings)


def _plan(prob: _Problem, settings: Settings, as_is: float) -> Plan:
    from vpncost.model import network as nm

    net, catalog = prob.net, prob.catalog
    offered, reasons = prob.offered()
    t0 = time.perf_counter()
    sol = _solve(prob, offered)
    solve_s = time.perf_counter() - t0
    choices = [prob.flat[k] for k in sol["chosen"]]
    design = _design(net, choices, sol["ports"], sol["conc"])
    model = nm.build(design, catalog)
    total = float(model.total()) * prob.per_month
    outage = float(sum(prob.outage[k] for k in sol["chosen"])) * prob.per_month
    plan = Plan(design, model, choices, sol["ports"], sol["conc"], total, sol["objective"] * prob.per_month, outage,
                as_is, sol["status"], sol["gap_pct"], solve_s, prob.build_s)
    plan.sites = _explain(prob, offered, reasons, sol, model)
    gap = plan.objective_usd - plan.outage_usd - plan.total_usd
    if abs(gap) > HALF_CENT:   # the formulation's own check: said, never hidden
        plan.notes.append(f"the program's objective less the outage cost differs from the engine's total by "
                          f"{usd(gap)} a month")
    if any(free for _, _, free in prob.pools.values()):
        plan.notes.append("free tier: the program splits each payer's 100 GB evenly over its tier pools, the engine "
                          "by volume; the total shown is the engine's")
    placed = [s.name for s in net.sites if s.city is None and s.latitude is None]
    if placed:
        plan.notes.append(f"{len(placed)} site entr{'y' if len(placed) == 1 else 'ies'} without a city or coordinates "
                          f"({', '.join(placed[:3])}{' ...' if len(placed) > 3 else ''}) placed at their main Region: "
                          "round trips, nearest DX locations and circuit lengths assume so")
    if net.optimize.circuit.monthly_usd == 0 and net.optimize.circuit.usd_per_km_month == 0 and any(
            c.kind.startswith("dx_") for c in choices):
        plan.notes.append("no circuit costs given (optimize.circuit): Direct Connect is priced without the customer's "
                          "circuit from the site to the location")
    return plan


def _design(net, choices, ports, conc) -> object:
    """The chosen design as a network (the same sites, each with its chosen connections)."""
    from vpncost.network import from_dict

    data = _base(net)
    for r, n in conc.items():
        data["regions"][r]["transit_gateway"]["concentrators"] = n
    dx: dict = {}
    for c in choices:
        site = net.sites[c.site]
        _connections(dx, site.name, c, ports)
        data["sites"].append(_site(site, site.name, c))
    data["direct_connect"] = list(dx.values())
    data["optimize"] = net.optimize.model_dump(mode="json", exclude_none=True)
    return from_dict(data, source=f"{net.name} (optimized)")


def _solve(prob: _Problem, offered: list) -> dict:
    """Build and solve the program; the chosen candidate of each site, the ports and Concentrators."""
    from scipy.optimize import Bounds, LinearConstraint, milp
    from scipy.sparse import coo_array

    from vpncost.reference.limits import CONCENTRATOR_MBPS, CONCENTRATOR_SITES, SPEED_MBPS

    cols_c, cols_i, cols_lb, cols_ub = [], [], [], []   # objective, integrality, bounds

    def col(c, integer, lb=0.0, ub=1.0) -> int:
        cols_c.append(c)
        cols_i.append(1 if integer else 0)
        cols_lb.append(lb)
        cols_ub.append(ub)
        return len(cols_c) - 1

    rows, cols, vals, lo, hi = [], [], [], [], []

    def row(entries, lb, ub):
        r = len(lo)
        for j, v in entries:
            rows.append(r)
            cols.append(j)
            vals.append(v)
        lo.append(lb)
        hi.append(ub)

    x = {}
    for ks in offered:
        for k in ks:
            x[k] = col(prob.own[k], True)
        row([(x[k], 1.0) for k in ks], 1.0, 1.0)
    users: dict = {}
    for k in x:
        c = prob.flat[k]
        for loc, s in c.hosted:
            users.setdefault(("hosted", loc, s, c.site), []).append(k)
        for g in c.dedicated:
            users.setdefault(("port", g), []).append(k)
        if c.concentrator:
            users.setdefault(("conc", c.concentrator), []).append(k)
        for r in c.dx_regions:
            if prob.net.regions[r].gateway == "tgw":
                users.setdefault(("dxgw", (c.dx_regions, r)), []).append(k)
    fac = {}
    for key, ks in users.items():
        if key[0] == "hosted":
            fac[key] = col(prob.hosted.get((key[1], key[2], key[3]), 0.0), True)
        elif key[0] == "dxgw":
            fac[key] = col(prob.dxgw.get(key[1], 0.0), True)
        elif key[0] == "port":
            fac[key] = col(prob.ports.get(key[1], 0.0), True, 0.0, 16.0)
            row([(x[k], prob.flat[k].demand_mbps) for k in ks] + [(fac[key], -float(SPEED_MBPS[key[1][1]]))],
                -np.inf, 0.0)
        else:
            fac[key] = col(prob.conc.get(key[1], 0.0), True, 0.0, 50.0)
            counts = [prob.net.sites[prob.flat[k].site].count for k in ks]
            row([(x[k], float(n)) for k, n in zip(ks, counts)] + [(fac[key], -float(CONCENTRATOR_SITES))],
                -np.inf, 0.0)
            row([(x[k], n * prob.flat[k].demand_mbps) for k, n in zip(ks, counts)]
                + [(fac[key], -CONCENTRATOR_MBPS)], -np.inf, 0.0)
        for k in ks:   # a user needs its facility
            row([(x[k], 1.0), (fac[key], -1.0)], -np.inf, 0.0)
    seg = {}
    for key, per_c in prob.pool_q.items():
        p, months, free = prob.pools[key]
        widths = [free] if free else []
        rates = [0.0] if free else []
        for a, b, r in zip(p.tier_start, p.tier_end, p.usd):
            widths.append(float(b) - float(a) if np.isfinite(b) else np.inf)
            rates.append(float(r))
        top = sum(max((per_c.get(k, 0.0) for k in ks), default=0.0) for ks in offered) / months + 1.0
        segments, reach = [], 0.0   # (width [GB/month], rate [USD/GB]) up to the most the pool can take
        for w, r in zip(widths, rates):
            w = min(w, top - reach)
            segments.append((w, r))
            reach += w
            if reach >= top:
                break
        d = [col(r * months, False, 0.0, w) for w, r in segments]
        z = []
        for j in range(1, len(d)):
            z.append(col(0.0, True))
            row([(d[j - 1], 1.0), (z[-1], -segments[j - 1][0])], 0.0, np.inf)   # d_{j-1} >= w_{j-1} z_j
            row([(d[j], 1.0), (z[-1], -segments[j][0])], -np.inf, 0.0)          # d_j <= w_j z_j
            if j > 1:
                row([(z[-1], 1.0), (z[-2], -1.0)], -np.inf, 0.0)
        row([(x[k], q / months) for k, q in per_c.items() if k in x] + [(j, -1.0) for j in d], 0.0, 0.0)
        seg[key] = d
    quota = prob.net.optimize.quotas.accelerated_connections_per_region
    accelerated: dict = {}   # Region -> [(x column, connections)]: AWS's accelerated-connection quota per Region
    for k, j in x.items():
        c = prob.flat[k]
        if c.kind == "vpn_accelerated":
            for conn in c.connect:
                r = conn["vpn"]["region"]
                accelerated.setdefault(r, []).append((j, float(prob.net.sites[c.site].count)))
    for r, entries in accelerated.items():
        row(entries, -np.inf, float(quota))
    budget = prob.net.optimize.budget_usd
    if budget is not None:
        cost = list(cols_c)   # the budget caps what is paid, not the expected outage cost
        for k, j in x.items():
            cost[j] -= prob.outage[k]
        row([(j, v) for j, v in enumerate(cost) if v], -np.inf, budget / prob.per_month - prob.const)
    A = coo_array((vals, (rows, cols)), shape=(len(lo), len(cols_c))).tocsr()
    A.indices, A.indptr = A.indices.astype(np.int32), A.indptr.astype(np.int32)   # SciPy 1.11's HiGHS takes int32
    res = milp(np.array(cols_c), constraints=LinearConstraint(A, np.array(lo), np.array(hi)),
               integrality=np.array(cols_i), bounds=Bounds(np.array(cols_lb), np.array(cols_ub)),
               options={"time_limit": prob.settings.time_limit_s, "mip_rel_gap": prob.settings.gap_pct / 100.0,
                        "disp": False})
    if res.x is None:
        if budget is not None and res.status == 2:
            free = _solve(_without_budget(prob), offered)
            cheapest = free["objective"] - float(sum(prob.outage[k] for k in free["chosen"]))
            raise ScenarioError(f"optimize.budget_usd: no design meeting the targets costs {usd(budget)} a month or "
                                f"less; the cheapest costs {usd(cheapest * prob.per_month)}")
        if res.status == 2 and accelerated:
            raise ScenarioError("optimize.quotas.accelerated_connections_per_region: no design meets every site's "
                                f"targets within {quota} accelerated connections per Region (raise it if AWS raised "
                                "your quota)")
        if res.status == 2:
            raise ScenarioError("optimize: no design fits the shared limits: at most 50 VPN Concentrators per Region "
                                "(100 sites and 5 Gbps each) and 16 dedicated ports per location and speed")
        raise ScenarioError(f"optimize: the solver found no design ({res.message})")
    v = res.x
    chosen = []
    for ks in offered:
        chosen.append(max(ks, key=lambda k: v[x[k]]))
    ports = {key[1]: int(round(v[j])) for key, j in fac.items() if key[0] == "port" and round(v[j]) > 0}
    conc = {key[1]: int(round(v[j])) for key, j in fac.items() if key[0] == "conc" and round(v[j]) > 0}
    gap = float(getattr(res, "mip_gap", 0.0) or 0.0) * 100.0
    status = "optimal" if res.status == 0 else "time limit: best found" if res.status == 1 else str(res.message)
    return {"chosen": chosen, "ports": ports, "conc": conc, "objective": float(res.fun) + prob.const,
            "status": status, "gap_pct": gap}


def _without_budget(prob: _Problem) -> _Problem:
    """The same problem without its budget (to say what the cheapest design costs)."""
    import copy
    other = copy.copy(prob)
    other.net = prob.net.model_copy(update={"optimize": prob.net.optimize.model_copy(update={"budget_usd": None})})
    return other


def _explain(prob: _Problem, offered: list, reasons: dict, sol: dict, model) -> pd.DataFrame:
    """Per site: the choice, its cost to connect, availability and round trip, the runner-up and by how much, and
    the cheaper design a target rules out (the constraint that binds)."""
    t = model.cost_to_connect()
    share = dict(zip(t["site"], t["per_site_usd"] * prob.per_month))
    ev = _Evaluator(prob, sol["chosen"])
    rows, pos = [], 0
    for i, cs in enumerate(prob.cands):
        k = sol["chosen"][i]
        c = prob.flat[k]
        deltas = {j: ev.delta(i, j) for j in range(pos, pos + len(cs)) if j != k}
        runner = min((j for j in deltas if j not in reasons), key=lambda j: deltas[j], default=None)
        cheaper = min((j for j in deltas if j in reasons and deltas[j] < -HALF_CENT), key=lambda j: deltas[j],
                      default=None)
        site = prob.net.sites[i].name
        rows.append({
            "site": site, "choice": c.label, "kind": c.kind, "per_site_usd": share.get(site, 0.0),
            "availability_pct": c.availability * 100, "rtt_ms": c.rtt_ms, "peak_mbps": c.demand_mbps,
            "runner_up": prob.flat[runner].label if runner is not None else "",
            "runner_up_more_usd": deltas[runner] * prob.per_month if runner is not None else np.nan,
            "outage_usd": prob.outage[k] * prob.per_month,
            "binding": (f"{reasons[cheaper]} rules out {prob.flat[cheaper].label} "
                        f"({usd(-deltas[cheaper] * prob.per_month)} a month less)") if cheaper is not None else ""})
        pos += len(cs)
    return pd.DataFrame(rows)


class _Evaluator:
    """The program's cost of the chosen assignment, and of it with one site switched (:meth:`delta`), from the
    same coefficients: facilities opened or closed, ports and Concentrators recounted, tiers re-applied."""

    def __init__(self, prob: _Problem, chosen: list):
        from vpncost.reference.limits import CONCENTRATOR_MBPS, CONCENTRATOR_SITES, SPEED_MBPS

        self.prob, self.chosen = prob, list(chosen)
        self.limits = (SPEED_MBPS, CONCENTRATOR_SITES, CONCENTRATOR_MBPS)
        self.gw, self.ports, self.conc, self.pool = {}, {}, {}, {}
        for k in self.chosen:
            self._add(k, +1)

    def _add(self, k, sign):
        c, p = self.prob.flat[k], self.prob
        for r in c.dx_regions:
            if p.net.regions[r].gateway == "tgw":
                self.gw[(c.dx_regions, r)] = self.gw.get((c.dx_regions, r), 0) + sign
        for g in c.dedicated:
            self.ports[g] = self.ports.get(g, 0.0) + sign * c.demand_mbps
        if c.concentrator:
            n = p.net.sites[c.site].count
            a = self.conc.setdefault(c.concentrator, [0, 0.0])
            a[0] += sign * n
            a[1] += sign * n * c.demand_mbps
        for key, per_c in p.pool_q.items():
            if k in per_c:
                self.pool[key] = self.pool.get(key, 0.0) + sign * per_c[k]

    def _shared(self, keys) -> float:
        """Cost of the shared facilities and pools in ``keys`` as they stand [USD per period]."""
        from vpncost.pricing.catalog import tiered_cost
        speed, csites, cmbps = self.limits
        p, cost = self.prob, 0.0
        for kind, key in keys:
            if kind == "gw" and self.gw.get(key, 0) > 0:
                cost += p.dxgw.get(key, 0.0)
            elif kind == "port" and self.ports.get(key, 0.0) > 1e-9:
                cost += p.ports.get(key, 0.0) * max(1, int(np.ceil(self.ports[key] / speed[key[1]] - 1e-9)))
            elif kind == "conc" and self.conc.get(key, [0, 0])[0] > 0:
                n, mbps = self.conc[key]
                cost += p.conc.get(key, 0.0) * max(1, int(np.ceil(n / csites - 1e-9)), int(np.ceil(mbps / cmbps - 1e-9)))
            elif kind == "pool":
                price, months, free = p.pools[key]
                cost += months * float(tiered_cost(max(0.0, self.pool.get(key, 0.0) / months - free),
                                                   price.tier_start, price.tier_end, price.usd))
        return cost

    def _keys(self, k) -> set:
        c, p = self.prob.flat[k], self.prob
        keys = {("gw", (c.dx_regions, r)) for r in c.dx_regions if p.net.regions[r].gateway == "tgw"}
        keys |= {("port", g) for g in c.dedicated}
        keys |= {("conc", c.concentrator)} if c.concentrator else set()
        keys |= {("pool", key) for key, per_c in p.pool_q.items() if k in per_c}
        return keys

    def alone(self, k: int) -> float:
        """What candidate ``k``'s facilities cost if it used them alone [USD per period] (the greedy baseline)."""
        p, c = self.prob, self.prob.flat[k]
        cost = sum(p.hosted.get((loc, s, c.site), 0.0) for loc, s in set(c.hosted))
        cost += sum(p.dxgw.get((c.dx_regions, r), 0.0) for r in c.dx_regions)
        cost += sum(p.ports.get(g, 0.0) for g in c.dedicated)
        cost += p.conc.get(c.concentrator, 0.0) if c.concentrator else 0.0
        for key, per_c in p.pool_q.items():
            if k in per_c:
                self.pool[key] = per_c[k]
                cost += self._shared({("pool", key)})
                self.pool[key] = 0.0
        return cost

    def delta(self, i: int, j: int) -> float:
        """The period's cost change if site ``i`` took candidate ``j`` instead of its choice [USD per period]."""
        k, p = self.chosen[i], self.prob
        keys = self._keys(k) | self._keys(j)
        before = self._shared(keys)
        self._add(k, -1)
        self._add(j, +1)
        after = self._shared(keys)
        self._add(j, -1)
        self._add(k, +1)
        hosted = (sum(p.hosted.get((loc, s, i), 0.0) for loc, s in set(p.flat[j].hosted))
                  - sum(p.hosted.get((loc, s, i), 0.0) for loc, s in set(p.flat[k].hosted)))
        return p.own[j] - p.own[k] + hosted + after - before
