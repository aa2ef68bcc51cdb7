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
from dataclasses import dataclass, field

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
    tables: dict = field(default_factory=dict)  # the simulation's per-state tables, by fault-process structure

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


def _sample_process(proc, years: int, horizon: float, rng) -> tuple:
    """Fault intervals of one process for ``years`` independent years: (year, start, end, mode) arrays [h].

    Each year starts in the process's stationary state (:meth:`Process.stationary`): in fault mode j with its
    long-run probability, for the rest of that fault (exponential durations are memoryless, so a fresh draw;
    a fixed duration D has a residual uniform on [0, D]), otherwise up (exponential up times are memoryless
    too). From there it alternates exponential up times with fault durations. Cycles are drawn in blocks of
    about the expected count plus one standard deviation; only the years a block leaves short of the horizon
    draw another block (drawing for the unluckiest year would mostly draw cycles nobody uses: rare faults need
    about one cycle a year).
    """
    lam = np.array([m.rate_per_year for m in proc.modes]) / HOURS_PER_YEAR
    total = lam.sum()
    mu = np.array([m.mean_hours for m in proc.modes])
    fixed = np.array([m.fixed for m in proc.modes])
    cum = np.cumsum(lam / total)[:-1]
    # the stationary start: mode index len(modes) means up
    init = np.searchsorted(np.cumsum(proc.stationary()[1:]), rng.random(years), side="right")
    faulty = np.flatnonzero(init < len(mu))
    fm = init[faulty]
    resid = np.where(fixed[fm], rng.random(len(fm)), rng.standard_exponential(len(fm))) * mu[fm]
    t0 = np.zeros(years)
    t0[faulty] = resid
    out_y, out_s, out_e, out_m = [faulty], [np.zeros(len(fm))], [np.minimum(resid, horizon)], [fm]
    m = horizon / (1.0 / total + float((lam / total) @ mu))
    k = int(math.ceil(m + math.sqrt(m) + 1))
    rows = np.flatnonzero(t0 < horizon)
    while len(rows):
        n = len(rows)
        end = rng.standard_exponential((n, k))
        end *= 1.0 / total
        if len(lam) > 1:
            mode = np.searchsorted(cum, rng.random((n, k)), side="right")
            dur = mu[mode]
            if not fixed.all():
                dur = np.where(fixed[mode], dur, rng.standard_exponential((n, k)) * dur)
        else:
            mode = None
            dur = np.full((n, k), mu[0]) if fixed[0] else rng.standard_exponential((n, k))
            if not fixed[0]:
                dur *= mu[0]
        end += dur
        np.cumsum(end, axis=1, out=end)
        end += t0[rows, None]
        start = end - dur
        hit = np.flatnonzero(start < horizon)  # row-major: the years stay in order
        out_y.append(rows[hit // k])
        out_s.append(start.ravel()[hit])
        out_e.append(np.minimum(end.ravel()[hit], horizon))
        out_m.append(mode.ravel()[hit] if mode is not None else np.zeros(len(hit), np.int64))
        last = end[:, -1]
        short = last < horizon
        t0[rows[short]] = last[short]
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
    # state code -> outcome, (state, mode) -> failover: the same few states recur in every chunk and, for the
    # same design and fault structure (rates and durations aside), in every run; kept while the tables are small
    structure = tuple(tuple((m.name, m.elements, m.fixed, m.graceful, m.aws) for m in p.modes) for p in procs)
    size = int(np.prod([1 + len(p.modes) for p in procs])) * max(1, sum(len(p.modes) for p in procs))
    memo = ev.tables.setdefault(structure, {}) if size <= 1_000_000 else {}
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
    # events as (sort key, event id): id g < n is the start of global fault mode g, n + g its end, 2n a mark.
    # The sort is stable and marks come last, so a year's own faults at t = 0 come before its mark; a start
    # and an end of different processes at the same time have probability zero.
    mode_ids = [(i, j) for i, p in enumerate(procs) for j in range(len(p.modes))]
    n = len(mode_ids)
    d = np.array([(j + 1) * radix[i] for i, j in mode_ids], np.int64)
    delta_of = np.concatenate([d, -d, [0]])
    keys, ids, offset = [], [], 0
    for p in procs:
        yr, s, e, m = _sample_process(p, years, T, rng)
        base = yr * (2.0 * T)
        keys += [base + s, base + e]
        ids += [m + offset, m + (n + offset)]
        offset += len(p.modes)
    # year starts (and, for SLA credits, month boundaries) split intervals without changing state
    marks = np.arange(12) * MONTH_HOURS if charges else np.zeros(1)
    keys.append((np.arange(years)[:, None] * (2.0 * T) + marks).ravel())
    ids.append(np.full(len(marks) * years, 2 * n))
    key = np.concatenate(keys)
    order = np.argsort(key, kind="stable")  # timsort: each process's keys come in a few sorted runs
    key = key[order]
    eid = np.concatenate(ids)[order]
    year = (key * (0.5 / T) + 0.25).astype(np.int64)  # keys lie within [year * 2T, year * 2T + T]
    t = key - year * (2.0 * T)
    delta = delta_of[eid]
    code = np.cumsum(delta)
    first = np.ones(len(t), bool)  # the first event of each year: its mark at t = 0, so every year has one
    first[1:] = year[1:] != year[:-1]
    bounds = np.flatnonzero(first)

    def per_year(weights):  # sums over each year's events (contiguous after the sort): faster than bincount
        return np.add.reduceat(weights, bounds, dtype=float)

    nxt = np.empty_like(t)
    nxt[:-1] = t[1:]
    nxt[bounds[1:] - 1] = T
    nxt[-1] = T
    dur = nxt - t
    # outcome per state: codes are small integers, so look each up in a table filled once per simulation
    n_codes = int(np.prod([1 + len(p.modes) for p in procs])) if procs else 1
    up, cap = _table(memo, "state", code, n_codes, lambda c: ev(_down(procs, radix, c))[:2])
    up = up.astype(bool)
    down_h = per_year(np.where(up, 0.0, dur))
    went_down = ~up  # an outage starts where an up interval is followed by a down one, or a year starts down
    went_down[1:] &= up[:-1] | first[1:]
    outages = per_year(went_down)
    degraded_h = per_year(np.where(up & (cap < peak), dur, 0.0))
    # failover events: a fault start that hits an active path while another path takes over
    prev = np.empty_like(code)
    prev[1:] = code[:-1]
    prev[bounds] = code[bounds]
    starts = np.flatnonzero((eid < n) & ~first & (t > 0))
    detect_s = np.zeros(len(t))
    fail = np.zeros(len(t), bool)
    pel = path_elements(topology)
    if len(starts):
        n_modes = n

        def transition(key):  # a fault start changes one process from normal: (state before, mode) says which
            p_code, gm = divmod(key, n_modes)
            i, j = mode_ids[gm]
            return _failover(topology, procs, radix, ev, pel, mode_ids, p_code, p_code + (j + 1) * int(radix[i]), gm)

        res = _table(memo, "failover", prev[starts] * n_modes + eid[starts], n_codes * n_modes, transition)
        fail[starts] = res[0].astype(bool)
        detect_s[starts] = res[1]
    failovers = per_year(fail)
    detect_min = per_year(detect_s) / 60.0
    downtime_min = down_h * 60.0 + detect_min
    credits = _sla_credits(topology, procs, radix, ev, memo, code, n_codes, year, t, dur, years, charges)
    return {"downtime_min": downtime_min, "failovers": failovers, "outages": outages,
            "degraded_min": degraded_h * 60.0,
            "outage_cost_usd": downtime_min / 60.0 * cost_per_hour, "sla_credit_usd": credits,
            "availability": 1.0 - down_h / T}


def _table(memo: dict, name: str, keys, size: int, compute):
    """``compute(key)`` (a tuple of numbers) for each of ``keys`` (non-negative integers below ``size``), as columns.

    Each distinct key is computed once per simulation: the same few states recur in every chunk. Below 4 million
    keys the results live in a table indexed by key (no sort); above, in a dict over ``np.unique``.
    """
    if size > 4_000_000:
        seen = memo.setdefault(name, {})
        uniq, inv = np.unique(keys, return_inverse=True)
        rows = [seen[k] if k in seen else seen.setdefault(k, tuple(compute(k))) for k in uniq.tolist()]
        return np.array(rows, float).reshape(len(uniq), -1).T[:, inv.ravel()]
    if name not in memo:
        memo[name] = (np.zeros(size, bool), None)
    known, values = memo[name]
    present = np.zeros(size, bool)
    present[keys] = True
    new = np.flatnonzero(present & ~known)
    for k in new.tolist():
        row = tuple(compute(k))
        if values is None:
            values = np.zeros((len(row), size))
        values[:, k] = row
    known[new] = True
    memo[name] = (known, values)
    return [column[keys] for column in values]  # a 1-D gather per column: much faster than gathering rows


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


def _sla_credits(topology, procs, radix, ev, memo, code, n_codes, year, t, dur, years, charges):
    if not charges:
        return np.zeros(years)

    def unavailable(c):  # what AWS's SLAs answer for: the state with every customer-side fault repaired
        o = ev(_down(procs, radix, c, aws_only=True))
        return o[3] + (o[4],)  # each VPN connection down, Direct Connect down

    aws = _table(memo, "aws", code, n_codes, unavailable)
    month = np.minimum((t // MONTH_HOURS).astype(int), 11)
    idx = year * 12 + month
    change = np.ones(len(idx), bool)  # every month has its mark, so each (year, month) is one contiguous run
    change[1:] = idx[1:] != idx[:-1]
    bounds = np.flatnonzero(change)
    total = np.zeros(years)
    vpn_fee = charges.get("vpn", 0.0)
    for c in range(len(topology.vpn)):
        h = np.add.reduceat(dur * aws[c], bounds)
        pct = failures.credit_pct("vpn", 100.0 * (1 - h / MONTH_HOURS))
        total += (pct / 100.0 * vpn_fee).reshape(years, 12).sum(axis=1)
    tier = failures.dx_sla_tier(topology)
    if tier and charges.get("direct_connect"):
        h = np.add.reduceat(dur * aws[-1], bounds)
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


def summarize(sim: pd.DataFrame, mean_outage_hours: "float | None" = None,
              columns=("downtime_min", "failovers", "degraded_min", "outage_cost_usd", "sla_credit_usd")) -> dict:
    """Mean, p50/p95/p99 of downtime, failovers, degraded time and costs; availability and mean downtime with a
    95% CI.

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
    columns : sequence of str
        The simulated columns to summarise (``downtime_min`` always is).
    """
    n = len(sim)
    a = sim["availability"]
    outages = int(round(sim["outages"].sum())) if "outages" in sim else None
    rare = outages is not None and outages < RARE_OUTAGES
    if rare:
        mu = mean_outage_hours if mean_outage_hours else (
            float((1 - a).sum()) * HOURS_PER_YEAR / outages if outages else float("nan"))
        lo, hi = poisson_interval(outages)
        ci_low, ci_high = 1 - hi / n * mu / HOURS_PER_YEAR, min(1.0, 1 - lo / n * mu / HOURS_PER_YEAR)
    else:
        half = 1.96 * a.std(ddof=1) / math.sqrt(n) if n > 1 else float("nan")
        ci_low, ci_high = float(a.mean() - half), float(a.mean() + half)
    out = {"years": n, "availability": float(a.mean()), "availability_ci_low": float(ci_low),
           "availability_ci_high": float(ci_high)}
    for col in dict.fromkeys(("downtime_min", *columns)):
        if col not in sim:
            continue
        s = sim[col].to_numpy()
        out[f"{col}_mean"] = float(s.mean())
        for q, v in zip((50, 95, 99), np.percentile(s, (50, 95, 99))):
            out[f"{col}_p{q}"] = float(v)
    # the mean downtime's 95 % interval, around the simulated mean itself: unavailable time plus the mean
    # detection loss. Many outages: the normal interval of the unavailable time. Few: the exact Poisson interval
    # on the outage count scales the simulated unavailable time (k outages: x lo/k .. x hi/k), and with none the
    # upper bound is hi outages of the exact mean duration.
    down = (1.0 - out["availability"]) * MINUTES_PER_YEAR
    detection = out["downtime_min_mean"] - down
    if rare and outages:
        low, high = down * lo / outages, down * hi / outages
    elif rare:
        low, high = 0.0, hi / n * mu * 60.0 if mu == mu else float("nan")
    else:
        low, high = (1.0 - out["availability_ci_high"]) * MINUTES_PER_YEAR, (1.0 - out["availability_ci_low"]) * MINUTES_PER_YEAR
    out["downtime_min_ci_low"] = max(0.0, low + detection)
    out["downtime_min_ci_high"] = high + detection
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
        _, s, e, m = _sample_process(p, 1, HOURS_PER_YEAR, rng)
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
