"""Simulated years per second: the vectorised Monte Carlo against an event-by-event SimPy model of the
same topology, fault processes and route selection.

Run: ``python bench/failover.py [YEARS]`` (default 50,000: below about 20,000 the fixed overhead of the
vectorised run dominates and the ratio drifts). Topology: one Direct Connect connection with a BGP VPN backup
on a VGW (the dx_vpn_backup reference design, 9 fault modes). Both simulators report mean downtime so
their agreement is visible beside the speed ratio (target: at least 100x). The two run alternately for five
rounds and the median ratio is reported with its range.
"""
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from vpncost.failover import (
    availability,
    failures,  # noqa: E402
)
from vpncost.failover.designs import reference_options, topology_for_option  # noqa: E402
from vpncost.scenario import from_dict  # noqa: E402


def simpy_years(topology, params, years, seed, peak=0.0):
    """Event-by-event reference: one SimPy process per fault process; route selection at every change."""
    import simpy

    rng = np.random.default_rng(seed)
    procs = failures.processes(topology, params)
    ev = availability.Evaluator(topology, availability.default_destination(topology), {})
    pel = availability.path_elements(topology)
    pcap = availability.path_capacity(topology)
    T, warm = failures.HOURS_PER_YEAR, 720.0
    results = []
    for _ in range(years):
        env = simpy.Environment()
        state = {"down": {}, "last": 0.0, "outcome": ev(frozenset()), "downtime_h": 0.0, "detect_s": 0.0,
                 "failovers": 0}

        def account(now):
            start = max(state["last"], warm)
            if now > start and not state["outcome"][0]:
                state["downtime_h"] += now - start
            state["last"] = now

        def change(mode, starting):
            now = env.now
            account(now)
            if starting:
                state["down"][mode.name + str(id(mode))] = mode.elements
            else:
                state["down"].pop(mode.name + str(id(mode)))
            before = state["outcome"]
            after = ev(frozenset(e for els in state["down"].values() for e in els))
            if starting and now > warm and before[0] and after[0]:
                hit = [p for p in before[2] if pel[p] & set(mode.elements)]
                if hit:
                    state["failovers"] += 1
                    state["detect_s"] += availability.detection_loss_s(topology, before[2], hit, mode, pcap)
            state["outcome"] = after

        def run(proc):
            lam = np.array([m.rate_per_year for m in proc.modes]) / failures.HOURS_PER_YEAR
            while True:
                yield env.timeout(rng.exponential(1.0 / lam.sum()))
                mode = proc.modes[rng.choice(len(lam), p=lam / lam.sum())]
                change(mode, True)
                yield env.timeout(mode.mean_hours if mode.fixed else rng.exponential(mode.mean_hours))
                change(mode, False)

        for p in procs:
            env.process(run(p))
        env.run(until=T + warm)
        account(T + warm)
        results.append(state["downtime_h"] * 60 + state["detect_s"] / 60)
    return np.array(results)


def main(years=50_000, rounds=5):
    opt = from_dict({"name": "b", "region": "us-east-1", "options": [reference_options("dx_vpn_backup")]}).options[0]
    top = topology_for_option(opt)
    params = failures.FailureParams()
    n_modes = sum(len(p.modes) for p in failures.processes(top, params))
    availability.simulate(top, params, years=50, seed=0)  # warm caches and imports
    n_ref = max(20, years // 10)
    ratios, vec_rates, ref_rates = [], [], []
    for r in range(rounds):  # side by side, round by round: a slow spell of the machine hits both
        t = time.perf_counter()
        vec = availability.simulate(top, params, years=years, seed=1 + r)
        t_vec = time.perf_counter() - t
        t = time.perf_counter()
        ref = simpy_years(top, params, n_ref, seed=100 + r)
        t_ref = time.perf_counter() - t
        vec_rates.append(years / t_vec)
        ref_rates.append(n_ref / t_ref)
        ratios.append(vec_rates[-1] / ref_rates[-1])
    ex = availability.exact(top, params)
    print(f"dx_vpn_backup topology, {n_modes} fault modes; exact downtime {ex['downtime_minutes_per_year']:.2f} min/year")
    print(f"  vectorised Monte Carlo  {years:6,} years: median {np.median(vec_rates):10,.0f} years/s  "
          f"(last run: mean downtime {vec['downtime_min'].mean():.2f} min/year)")
    print(f"  SimPy event by event    {n_ref:6,} years: median {np.median(ref_rates):10,.0f} years/s  "
          f"(last run: mean downtime {ref.mean():.2f} min/year)")
    print(f"  speed-up over {rounds} rounds: median {np.median(ratios):,.0f}x, range {min(ratios):,.0f}x to "
          f"{max(ratios):,.0f}x   (target: at least 100x)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 50_000)
