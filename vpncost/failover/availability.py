"""Availability of a topology: exact (enumerate every state) and a vectorised, seedable Monte Carlo.

Both use the same model (:mod:`vpncost.failover.failures` processes, :mod:`vpncost.failover.routing` selection):

* **exact**: every combination of process states with its long-run probability; the design is *up*
  when route selection finds a working path to the destination, *degraded* when that path carries
  less than the peak traffic. Failover events (the active path fails and another takes over) happen
  at rate sum(fault rate x probability of a state where that fault moves traffic); each loses the
  failed path's detection time, weighted by the share of traffic that path carried (with active/active
  DX or ECMP tunnels, flows on the surviving paths keep going). Practical up to about 10^5 states.
* **simulate**: whole years of fault timelines for thousands of years at once in numpy: downtime,
  failovers, time below the peak, outage cost and SLA credits per simulated year, with percentiles.

Exact and simulated availability agree within the simulation's confidence interval (tested).
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from vpncost.failover import failures, routing
from vpncost.failover.failures import HOURS_PER_YEAR, FailureParams

MINUTES_PER_YEAR = HOURS_PER_YEAR * 60.0
MONTH_HOURS = HOURS_PER_YEAR / 12.0


@dataclass
class Evaluator:
    """Outcome of a set of failed elements, cached: (up, capacity [Mbit/s], paths, unavailable units)."""

    topology: object
    destination: str
    cache: dict

    def __call__(self, down: frozenset):
        hit = self.cache.get(down)
        if hit is None:
            s = routing.select(self.topology, self.destination, down)
            vpn_down = tuple(not routing.up_tunnels(self.topology, v.name, down) for v in self.topology.vpn)
            dx_down = bool(self.topology.dx) and all(any(e in down for e in c.elements()) for c in self.topology.dx)
            hit = (s.up, s.capacity_mbps, s.paths, vpn_down, dx_down)
            self.cache[down] = hit
        return hit


_EVALUATORS: dict = {}


def evaluator(topology, destination: str) -> Evaluator:
    """The outcome cache of a topology and destination, shared by every exact and simulated run (outcomes depend
    only on the failed elements, not on rates or durations, so a panel that re-runs after a slider move reuses
    them).

    Parameters
    ----------
    topology : Topology
        Connections, routes and gateway (frozen, hashable).
    destination : str
        On-premises address or prefix.
    """
    key = (topology, destination)
    ev = _EVALUATORS.get(key)
    if ev is None:
        if len(_EVALUATORS) > 256:
            _EVALUATORS.clear()
        ev = _EVALUATORS[key] = Evaluator(topology, destination, {})
    return ev


def default_destination(topology) -> str:
    """The prefix availability is computed for when none is given: the first advertised one.

    Parameters
    ----------
    topology : Topology
        Connections, routes and gateway.
    """
    if not topology.routes:
        raise ValueError(f"topology {topology.name!r} has no routes")
    return topology.routes[0].prefix


def path_capacity(topology) -> dict:
    """Capacity of every path of a topology.

    Parameters
    ----------
    topology : Topology
        Connections, routes and gateway.

    Returns
    -------
    dict
        ``{path id: capacity [Mbit/s]}``.
    """
    return {pid: cap for pid, _, _, cap, _ in topology.paths()}


def detection_loss_s(topology, active, hit, mode, pcap) -> float:
    """Full-outage-equivalent seconds lost when ``mode`` breaks the ``hit`` paths among ``active`` ones: the
    slowest detection time, weighted by the share of traffic the broken paths carried (flows on the other
    paths of an active/active or ECMP set keep going).

    Parameters
    ----------
    topology : Topology
        Connections, routes and gateway.
    active : iterable of str
        Paths carrying traffic before the fault.
    hit : iterable of str
        Those the fault breaks.
    mode : FaultMode
        The fault (graceful faults are detected at once).
    pcap : dict
        Path capacities [Mbit/s] (:func:`path_capacity`).

    Returns
    -------
    float
        Lost time [s].
    """
    share = sum(pcap[p] for p in hit) / sum(pcap[p] for p in active)
    return share * max(failures.detection_s(topology, p, mode.graceful) for p in hit)


def path_elements(topology) -> dict:
    """The elements each path needs (a path is down when any of them is).

    Parameters
    ----------
    topology : Topology
        Connections, routes and gateway.

    Returns
    -------
    dict
        ``{path id: set of element names}``.
    """
    return {pid: set(elems) for pid, _, elems, _, _ in topology.paths()}


def _structure(procs) -> tuple:
    """What the state space depends on (not the rates): each process's modes and what they take down."""
    return tuple((p.name, tuple((m.elements, m.graceful) for m in p.modes)) for p in procs)


_SPACES: dict = {}


def _state_space(topology, procs, destination: str, max_states: int):
    """Outcome of every state and every failover transition of a topology, cached by its structure.

    Returns (sizes, up[N], capacity[N], transitions) where transitions holds arrays src (state code),
    proc, mode and loss_s (full-outage-equivalent seconds) of the fault starts that move traffic.
    """
    sizes = [1 + len(p.modes) for p in procs]
    n = math.prod(sizes)
    if n > max_states:
        raise ValueError(f"{n:,} states are too many to enumerate (limit {max_states:,}); use simulate()")
    key = (topology, destination, _structure(procs))
    hit = _SPACES.get(key)
    if hit is not None:
        return hit
    radix = np.cumprod([1] + sizes[:-1]).astype(np.int64)
    ev = evaluator(topology, destination)
    outcomes = [ev(_down(procs, radix, c)) for c in range(n)]
    up = np.array([o[0] for o in outcomes], bool)
    cap = np.array([o[1] for o in outcomes], float)
    path_sets = {}
    pid = np.array([path_sets.setdefault(o[2], len(path_sets)) for o in outcomes])
    sets = list(path_sets)
    pel, pcap = path_elements(topology), path_capacity(topology)
    codes = np.arange(n)
    src_l, proc_l, mode_l, loss_l = [], [], [], []
    out_src, out_proc, out_mode = [], [], []   # fault starts that take an up design down (outages)
    for i, p in enumerate(procs):
        normal = up & ((codes // radix[i]) % sizes[i] == 0)
        for j, mode in enumerate(p.modes):
            src = codes[normal]
            dst = src + (j + 1) * radix[i]
            loss_by_set = np.full(len(sets), np.nan)
            for k, paths in enumerate(sets):
                hits = [q for q in paths if pel[q] & set(mode.elements)]
                if hits:
                    loss_by_set[k] = detection_loss_s(topology, paths, hits, mode, pcap)
            loss = loss_by_set[pid[src]]
            outage = ~up[dst]
            out_src.append(src[outage])
            out_proc.append(np.full(outage.sum(), i))
            out_mode.append(np.full(outage.sum(), j))
            moved = up[dst] & ~np.isnan(loss)
            src_l.append(src[moved])
            proc_l.append(np.full(moved.sum(), i))
            mode_l.append(np.full(moved.sum(), j))
            loss_l.append(loss[moved])
    trans = {"src": np.concatenate(src_l) if src_l else np.zeros(0, int),
             "proc": np.concatenate(proc_l) if proc_l else np.zeros(0, int),
             "mode": np.concatenate(mode_l) if mode_l else np.zeros(0, int),
             "loss_s": np.concatenate(loss_l) if loss_l else np.zeros(0),
             "out_src": np.concatenate(out_src) if out_src else np.zeros(0, int),
             "out_proc": np.concatenate(out_proc) if out_proc else np.zeros(0, int),
             "out_mode": np.concatenate(out_mode) if out_mode else np.zeros(0, int)}
    out = (sizes, up, cap, trans)
    if len(_SPACES) > 64:
        _SPACES.clear()
    _SPACES[key] = out
    return out


def exact(topology, params: FailureParams = FailureParams(), peak_mbps: float = 0.0, destination: "str | None" = None,
          max_states: int = 200_000) -> dict:
    """Long-run availability by enumerating every state.

    The state space is built once per topology shape and reused when only rates, durations or the peak change.

    Parameters
    ----------
    topology : Topology
        Connections, routes and gateway.
    params : FailureParams
        Fault rates [per year] and durations [h] (assumptions; see :mod:`vpncost.failover.failures`).
    peak_mbps : float
        Traffic the design should carry [Mbit/s].
    destination : str, optional
        On-premises address or prefix (default: the first advertised prefix).
    max_states : int
        Refuse topologies with more states than this [states].

    Returns
    -------
    dict
        availability (fraction of time with a working path [-]), capacity_availability (with a path carrying
        at least ``peak_mbps``), failovers_per_year [1/year], detection_minutes_per_year,
        downtime_minutes_per_year (unavailability plus detection losses), degraded_minutes_per_year
        [min/year], states (how many were enumerated).
    """
    procs = failures.processes(topology, params)
    sizes, up, cap, trans = _state_space(topology, procs, destination or default_destination(topology), max_states)
    prob = np.ones(1)
    for p in reversed(procs):  # state code = sum(state_i * radix_i): the first process varies fastest
        prob = np.multiply.outer(prob, np.asarray(p.stationary())).ravel()
    avail = float(prob @ up)
    cap_ok = float(prob @ (up & (cap >= peak_mbps)))
    rates = [np.array([m.rate_per_year for m in p.modes]) for p in procs]
    r = np.array([rates[i][j] for i, j in zip(trans["proc"], trans["mode"])]) if len(trans["src"]) else np.zeros(0)
    w = r * prob[trans["src"]]
    fail_rate = float(w.sum())
    ro = np.array([rates[i][j] for i, j in zip(trans["out_proc"], trans["out_mode"])]) if len(trans["out_src"]) \
        else np.zeros(0)
    outage_rate = float(ro @ prob[trans["out_src"]]) if len(ro) else 0.0
    detect = float(w @ trans["loss_s"])
    unavailable_min = (1.0 - avail) * MINUTES_PER_YEAR
    return {"availability": avail, "capacity_availability": cap_ok, "failovers_per_year": fail_rate,
            "outages_per_year": outage_rate,
            "mean_outage_hours": (1.0 - avail) * HOURS_PER_YEAR / outage_rate if outage_rate > 0 else 0.0,
            "detection_minutes_per_year": detect / 60.0, "downtime_minutes_per_year": unavailable_min + detect / 60.0,
            "degraded_minutes_per_year": (avail - cap_ok) * MINUTES_PER_YEAR, "states": int(np.prod(sizes))}


def _sample_process(proc, years: int, horizon: float, warm: float, rng) -> tuple:
    """Fault intervals of one process for ``years`` independent years: (year, start, end, mode) arrays [h].

    Each year alternates exponential up times with fault durations from ``-warm`` (so the year starts in the
    process's steady state). Cycles are drawn in blocks of about the expected count plus one standard deviation;
    only the years a block leaves short of the horizon draw another block (drawing for the unluckiest year would
    mostly draw cycles nobody uses: rare faults need about one cycle a year).
    """
    lam = np.array([m.rate_per_year for m in proc.modes]) / HOURS_PER_YEAR
    total = lam.sum()
    mu = np.array([m.mean_hours for m in proc.modes])
    fixed = np.array([m.fixed for m in proc.modes])
    cum = np.cumsum(lam / total)[:-1]
    span = horizon + warm
    cycle = 1.0 / total + float((lam / total) @ mu)
    m = span / cycle
    k = int(math.ceil(m + math.sqrt(m) + 1))
    rows = np.arange(years)
    t0 = np.full(years, -warm)
    out_y, out_s, out_e, out_m = [], [], [], []
    while len(rows):
        n = len(rows)
        up = rng.standard_exponential((n, k))
        up *= 1.0 / total
        if len(lam) > 1:
            mode = np.searchsorted(cum, rng.random((n, k)), side="right")
            dur = mu[mode]
            if not fixed.all():
                dur = np.where(fixed[mode], dur, rng.standard_exponential((n, k)) * dur)
        else:
            mode = np.zeros((n, k), np.int64)
            dur = np.full((n, k), mu[0]) if fixed[0] else rng.standard_exponential((n, k)) * mu[0]
        end = up
        end += dur
        np.cumsum(end, axis=1, out=end)
        end += t0[rows, None]
        start = end - dur
        keep = (start < horizon) & (end > 0)
        out_y.append(np.repeat(rows, np.count_nonzero(keep, axis=1)))  # row-major, like the masks below
        out_s.append(np.maximum(start[keep], 0.0))
        out_e.append(np.minimum(end[keep], horizon))
        out_m.append(mode[keep])
        short = end[:, -1] < horizon
        t0[rows[short]] = end[short, -1]
        rows = rows[short]
    return np.concatenate(out_y), np.concatenate(out_s), np.concatenate(out_e), np.concatenate(out_m)


def simulate(topology, params: FailureParams = FailureParams(), peak_mbps: float = 0.0, years: int = 1000,
             seed: int = 0, outage_cost_usd_per_hour: float = 0.0, destination: "str | None" = None,
             monthly_charges: "dict | None" = None, progress: bool = False, chunk: int = 2000) -> pd.DataFrame:
    """Monte Carlo of ``years`` independent years (vectorised; reproducible with ``seed``).

    Parameters
    ----------
    topology : Topology
        Connections, routes and gateway.
    params : FailureParams
        Fault rates [per year] and durations [h] (assumptions; see :mod:`vpncost.failover.failures`).
    peak_mbps : float
        Traffic the design should carry [Mbit/s].
    years : int
        Simulated years [years].
    seed : int
        Random seed.
    outage_cost_usd_per_hour : float
        What an hour without connectivity costs [USD/h].
    destination : str, optional
        On-premises address or prefix (default: the first advertised prefix).
    monthly_charges : dict, optional
        Charges the SLAs refund against: ``{"vpn": USD per connection-month, "direct_connect": USD per month}``.
    progress : bool
        Show a tqdm bar.
    chunk : int
        Years simulated per vectorised batch.

    Returns
    -------
    pandas.DataFrame
        One row per simulated year: downtime_min (no working path, plus detection losses) [min],
        failovers, degraded_min (working but below ``peak_mbps``) [min], outage_cost_usd [USD],
        sla_credit_usd [USD] (VPN per connection and Direct Connect by the topology's SLA tier), availability [-].
    """
    rng = np.random.default_rng(seed)
    procs = failures.processes(topology, params)
    ev = evaluator(topology, destination or default_destination(topology))
    memo = {}  # state code -> outcome, (state, mode) -> failover: the same few states recur in every chunk
    frames = []
    chunks = range(0, years, chunk)
    if progress:
        from tqdm.auto import tqdm
        chunks = tqdm(chunks, total=len(chunks), desc=f"simulating {topology.name}", unit="chunk")
    for first in chunks:
        n = min(chunk, years - first)
        frames.append(_simulate_chunk(topology, procs, ev, n, rng, peak_mbps, outage_cost_usd_per_hour,
                                      monthly_charges or {}, memo))
    out = {k: np.concatenate([f[k] for f in frames]) for k in frames[0]}
    return pd.DataFrame({"year": np.arange(years), **out})


def _simulate_chunk(topology, procs, ev, years, rng, peak, cost_per_hour, charges, memo):
    T = HOURS_PER_YEAR
    radix = np.cumprod([1] + [1 + len(p.modes) for p in procs])[:-1].astype(np.int64)
    ev_year, ev_t, ev_delta, ev_mode = [], [], [], []   # ev_mode: global mode id of a fault start, -1 otherwise
    mode_ids, offset = [], 0
    for i, p in enumerate(procs):
        yr, s, e, m = _sample_process(p, years, T, 720.0, rng)
        d = (m + 1).astype(np.int64) * radix[i]
        ev_year += [yr, yr]
        ev_t += [s, e]
        ev_delta += [d, -d]
        ev_mode += [m + offset, np.full_like(m, -1)]
        mode_ids += [(i, j) for j in range(len(p.modes))]
        offset += len(p.modes)
    # year starts (and, for SLA credits, month boundaries) split intervals without changing state
    marks = np.arange(12) * MONTH_HOURS if charges else np.zeros(1)
    ev_year.append(np.repeat(np.arange(years), len(marks)))
    ev_t.append(np.tile(marks, years))
    ev_delta.append(np.zeros(len(marks) * years, np.int64))
    ev_mode.append(np.full(len(marks) * years, -1))
    year = np.concatenate(ev_year)
    t = np.concatenate(ev_t)
    delta = np.concatenate(ev_delta)
    mode = np.concatenate(ev_mode)
    # one sort key: year, then time; at equal times fault starts before ends and marks
    key = year * (2.0 * T) + t - np.where(delta > 0, 1e-7, 0.0)
    order = np.argsort(key, kind="stable")
    year, t, delta, mode = year[order], t[order], delta[order], mode[order]
    code = np.cumsum(delta)
    nxt = np.empty_like(t)
    nxt[:-1] = t[1:]
    last = np.ones(len(t), bool)
    last[:-1] = year[1:] != year[:-1]
    nxt[last] = T
    dur = nxt - t
    # outcome per distinct state (codes are small integers: index a table instead of sorting)
    n_codes = int(np.prod([1 + len(p.modes) for p in procs])) if procs else 1
    uniq, inv = _unique(code, n_codes)
    outcomes = [_memo(memo, ("state", c), lambda: ev(_down(procs, radix, int(c)))) for c in uniq.tolist()]
    aws_only = [_memo(memo, ("aws", c), lambda: ev(_down(procs, radix, int(c), aws_only=True)))
                for c in uniq.tolist()] if charges else []  # what AWS's
    # SLAs answer for: the state with every customer-side fault repaired
    up = np.array([o[0] for o in outcomes], bool)[inv]
    cap = np.array([o[1] for o in outcomes], float)[inv]
    down_h = np.bincount(year, weights=dur * ~up, minlength=years)
    went_down = np.zeros(len(t), bool)  # an outage starts where an up interval is followed by a down one
    went_down[1:] = up[:-1] & ~up[1:] & (year[1:] == year[:-1])
    went_down[0] = not up[0]
    went_down[1:] |= ~up[1:] & (year[1:] != year[:-1])  # a year that starts down counts one outage
    outages = np.bincount(year, weights=went_down, minlength=years)
    degraded_h = np.bincount(year, weights=dur * (up & (cap < peak)), minlength=years)
    # failover events: a fault start that hits an active path while another path takes over
    prev = np.empty_like(code)
    prev[1:] = code[:-1]
    first = np.ones(len(t), bool)
    first[1:] = year[1:] != year[:-1]
    prev[first] = code[first]
    starts = np.flatnonzero((mode >= 0) & ~first & (t > 0))
    detect_s = np.zeros(len(t))
    fail = np.zeros(len(t), bool)
    pel = path_elements(topology)
    if len(starts):
        n_modes = len(mode_ids)
        # a fault start changes one process from normal, so (state before, mode) determines the transition
        keys = prev[starts] * n_modes + mode[starts]
        ukeys, kinv = _unique(keys, n_codes * n_modes)
        res = []
        for k in ukeys.tolist():
            p_code, gm = divmod(k, n_modes)
            i, j = mode_ids[gm]
            res.append(_memo(memo, ("failover", k), lambda: _failover(
                topology, procs, radix, ev, pel, mode_ids, p_code, p_code + (j + 1) * int(radix[i]), gm)))
        fail[starts] = np.array([r[0] for r in res], bool)[kinv.ravel()]
        detect_s[starts] = np.array([r[1] for r in res], float)[kinv.ravel()]
    failovers = np.bincount(year, weights=fail, minlength=years)
    detect_min = np.bincount(year, weights=detect_s, minlength=years) / 60.0
    downtime_min = down_h * 60.0 + detect_min
    credits = _sla_credits(topology, aws_only, inv, year, t, dur, years, charges)
    return {"downtime_min": downtime_min, "failovers": failovers, "outages": outages,
            "degraded_min": degraded_h * 60.0,
            "outage_cost_usd": downtime_min / 60.0 * cost_per_hour, "sla_credit_usd": credits,
            "availability": 1.0 - down_h / T}


def _memo(memo: dict, key, compute):
    """``memo[key]``, computed once."""
    if key not in memo:
        memo[key] = compute()
    return memo[key]


def _unique(values, size: int) -> tuple:
    """``np.unique(values, return_inverse=True)`` for small non-negative integers, by a lookup table (no sort)."""
    if size > 4_000_000:
        return np.unique(values, return_inverse=True)
    present = np.zeros(size, bool)
    present[values] = True
    uniq = np.flatnonzero(present)
    slot = np.zeros(size, np.int64)
    slot[uniq] = np.arange(len(uniq))
    return uniq, slot[values]


def _down(procs, radix, code: int, aws_only: bool = False) -> frozenset:
    """Elements down in state ``code`` (with ``aws_only``, only those of AWS-side faults)."""
    out = []
    for i in range(len(procs) - 1, -1, -1):
        k, code = divmod(code, int(radix[i]))
        if k and (procs[i].modes[k - 1].aws or not aws_only):
            out += procs[i].modes[k - 1].elements
    return frozenset(out)


def _failover(topology, procs, radix, ev, pel, mode_ids, prev_code, code, gmode):
    i, j = mode_ids[gmode]
    mode = procs[i].modes[j]
    before = ev(_down(procs, radix, prev_code))
    after = ev(_down(procs, radix, code))
    if not before[0] or not after[0]:
        return False, 0.0
    hit = [p for p in before[2] if pel[p] & set(mode.elements)]
    if not hit:
        return False, 0.0
    return True, detection_loss_s(topology, before[2], hit, mode, path_capacity(topology))


def _sla_credits(topology, outcomes, inv, year, t, dur, years, charges):
    if not charges:
        return np.zeros(years)
    month = np.minimum((t // MONTH_HOURS).astype(int), 11)
    idx = year * 12 + month
    total = np.zeros(years)
    vpn_fee = charges.get("vpn", 0.0)
    for c in range(len(topology.vpn)):
        downc = np.array([o[3][c] for o in outcomes])[inv]
        h = np.bincount(idx, weights=dur * downc, minlength=years * 12)
        pct = failures.credit_pct("vpn", 100.0 * (1 - h / MONTH_HOURS))
        total += (pct / 100.0 * vpn_fee).reshape(years, 12).sum(axis=1)
    tier = failures.dx_sla_tier(topology)
    if tier and charges.get("direct_connect"):
        dxd = np.array([o[4] for o in outcomes])[inv]
        h = np.bincount(idx, weights=dur * dxd, minlength=years * 12)
        pct = failures.credit_pct(tier, 100.0 * (1 - h / MONTH_HOURS))
        total += (pct / 100.0 * charges["direct_connect"]).reshape(years, 12).sum(axis=1)
    return total


RARE_OUTAGES = 30  # below this many simulated outages, the interval comes from the outage count (Poisson)


def poisson_interval(count: int, alpha: float = 0.05) -> tuple:
    """Exact (Garwood) two-sided interval for the mean of a Poisson count; valid with zero events.

    Parameters
    ----------
    count : int
        Events observed [events].
    alpha : float
        1 - confidence [-] (0.05: a 95 % interval).

    Returns
    -------
    tuple
        ``(low, high)`` [events]; ``low`` is 0 for ``count == 0``, ``high`` is ``-ln(alpha/2)`` then.
    """
    if count > 100:  # Wilson-Hilferty: Garwood's chi-square quantiles, accurate to a few parts in 10^4 here
        z = 1.959963984540054 if alpha == 0.05 else _z(1 - alpha / 2)

        def chi2(p_z, nu):
            return nu * (1 - 2 / (9 * nu) + p_z * math.sqrt(2 / (9 * nu))) ** 3
        return chi2(-z, 2 * count) / 2, chi2(z, 2 * count + 2) / 2

    def cdf(k, lam):
        term = total = math.exp(-lam)
        for i in range(1, k + 1):
            term *= lam / i
            total += term
        return total

    def solve(f, lo, hi):
        for _ in range(200):
            mid = 0.5 * (lo + hi)
            lo, hi = (mid, hi) if f(mid) > 0 else (lo, mid)
        return 0.5 * (lo + hi)

    top = 10.0 + 10.0 * count
    high = solve(lambda lam: cdf(count, lam) - alpha / 2, 0.0, top)          # P(X <= count) = alpha/2
    low = 0.0 if count == 0 else solve(lambda lam: alpha / 2 - (1 - cdf(count - 1, lam)), 0.0, top)  # P(X >= count)
    return low, high


def _z(p: float) -> float:
    """Standard normal quantile by bisection on erf (for a non-default confidence)."""
    lo, hi = -10.0, 10.0
    for _ in range(200):
        mid = 0.5 * (lo + hi)
        lo, hi = (mid, hi) if 0.5 * (1 + math.erf(mid / math.sqrt(2))) < p else (lo, mid)
    return 0.5 * (lo + hi)


def summarize(sim: pd.DataFrame, mean_outage_hours: "float | None" = None) -> dict:
    """Mean, p50/p95/p99 of downtime, failovers, degraded time and costs; availability with a 95% CI.

    With many simulated outages the interval is the normal one on the yearly availabilities. With few (fewer
    than :data:`RARE_OUTAGES`, zero included) it is the exact Poisson interval on the outage rate times the mean
    outage duration, so it stays valid when no simulated year has an outage (the normal one collapses to [1, 1]).

    Parameters
    ----------
    sim : pandas.DataFrame
        The years from :func:`simulate`.
    mean_outage_hours : float, optional
        Mean outage duration [h] (:func:`exact` ``mean_outage_hours``); default: the simulation's own, which
        needs at least one outage.
    """
    n = len(sim)
    a = sim["availability"]
    outages = int(round(sim["outages"].sum())) if "outages" in sim else None
    if outages is not None and outages < RARE_OUTAGES:
        mu = mean_outage_hours if mean_outage_hours else (
            float((1 - a).sum()) * HOURS_PER_YEAR / outages if outages else float("nan"))
        lo, hi = poisson_interval(outages)
        ci_low, ci_high = 1 - hi / n * mu / HOURS_PER_YEAR, min(1.0, 1 - lo / n * mu / HOURS_PER_YEAR)
    else:
        half = 1.96 * a.std(ddof=1) / math.sqrt(n) if n > 1 else float("nan")
        ci_low, ci_high = float(a.mean() - half), float(a.mean() + half)
    out = {"years": n, "availability": float(a.mean()), "availability_ci_low": float(ci_low),
           "availability_ci_high": float(ci_high)}
    for col in ("downtime_min", "failovers", "degraded_min", "outage_cost_usd", "sla_credit_usd"):
        s = sim[col]
        out[f"{col}_mean"] = float(s.mean())
        for q in (50, 95, 99):
            out[f"{col}_p{q}"] = float(np.percentile(s, q))
    return out


def timeline(topology, params: FailureParams = FailureParams(), year_seed: int = 0, destination: "str | None" = None):
    """One simulated year, interval by interval, for a timeline chart.

    Parameters
    ----------
    topology : Topology
        Connections, routes and gateway.
    params : FailureParams
        Fault rates [per year] and durations [h] (assumptions; see :mod:`vpncost.failover.failures`).
    year_seed : int
        Random seed of the year.
    destination : str, optional
        On-premises address or prefix (default: the first advertised prefix).

    Returns
    -------
    pandas.DataFrame
        start_h, end_h [h], the state of every path (up/down), the chosen path(s) and whether the design is up.
    """
    rng = np.random.default_rng(year_seed)
    procs = failures.processes(topology, params)
    ev = evaluator(topology, destination or default_destination(topology))
    radix = np.cumprod([1] + [1 + len(p.modes) for p in procs])[:-1].astype(np.int64)
    times, deltas = [np.array([0.0])], [np.array([0], np.int64)]
    for i, p in enumerate(procs):
        _, s, e, m = _sample_process(p, 1, HOURS_PER_YEAR, 720.0, rng)
        d = (m + 1).astype(np.int64) * radix[i]
        times += [s, e]
        deltas += [d, -d]
    t = np.concatenate(times)
    delta = np.concatenate(deltas)
    order = np.lexsort((delta <= 0, t))
    t, code = t[order], np.cumsum(delta[order])
    end = np.append(t[1:], HOURS_PER_YEAR)
    rows = []
    pel = path_elements(topology)
    for a, b, c in zip(t, end, code):
        if b <= a:
            continue
        down = _down(procs, radix, int(c))
        up, cap, paths, _, _ = ev(down)
        row = {"start_h": a, "end_h": b, "up": up, "capacity_mbps": cap, "active": ", ".join(paths) or "-"}
        for pid, elems in pel.items():
            row[pid] = not (elems & down)
        rows.append(row)
    return pd.DataFrame(rows)
