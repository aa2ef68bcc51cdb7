"""How long do the notebook panels take to react? Recompute + redraw per widget move, in the kernel.

Run: ``python bench/widget_latency.py [MOVES]``. Drives :class:`vpncost.present.widgets.CostDashboard`
headless (matplotlib Agg) through a sequence of egress, ingress, Region, DX and growth changes on
data/scenarios/frankfurt_dc.yaml, and prints the median and 95th percentile of the whole update
(rebuild the model, estimate, break-even, TCO, move the artists, draw the figure) and of the
recompute alone. Target: median under 100 ms.
"""
import sys
import time
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import numpy as np  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from vpncost.model.estimate import build  # noqa: E402
from vpncost.present.views import dashboard_data, dashboard_scenario  # noqa: E402
from vpncost.present.widgets import CostDashboard  # noqa: E402
from vpncost.scenario import load_scenario  # noqa: E402


def moves(n):
    rng = np.random.default_rng(3)
    for k in range(n):
        yield {"egress_gb": float(rng.uniform(1e3, 3e5)), "ingress_gb": float(rng.uniform(1e3, 1e5)),
               "region": ["eu-central-1", "eu-west-1", "eu-west-2"][k % 3],
               "dx_connection": "dedicated", "dx_speed": ["1G", "10G", "100G"][k % 3],
               "dx_location": ["EqFA5", "EqLD5"][k % 2], "growth_pct_per_year": float(rng.uniform(0, 60)),
               "years": int(rng.integers(1, 8))}


def main(n=60):
    sc = load_scenario(ROOT / "data/scenarios/frankfurt_dc.yaml")
    dash = CostDashboard(sc)
    total, compute = [], []
    for inputs in moves(n):
        t = time.perf_counter()
        ok = dash.refresh(**inputs)
        total.append(time.perf_counter() - t)
        assert ok, dash.status.value
        t = time.perf_counter()
        dashboard_data(build(dashboard_scenario(sc, **inputs)))
        compute.append(time.perf_counter() - t)
    ms = lambda xs, q: 1e3 * float(np.percentile(xs, q))  # noqa: E731
    print(f"{n} dashboard updates (frankfurt_dc.yaml, 4 options, 3 charts, Agg)")
    print(f"  recompute + redraw   median {ms(total, 50):6.1f} ms   p95 {ms(total, 95):6.1f} ms   (target: median < 100 ms)")
    print(f"  recompute only       median {ms(compute, 50):6.1f} ms   p95 {ms(compute, 95):6.1f} ms")

    import pandas as pd

    from vpncost.present.widgets import AccelerationPanel
    panel = AccelerationPanel(pd.read_csv(ROOT / "data/sites_world.csv"))
    rng = np.random.default_rng(5)
    cities = ["Tokyo", "Sydney", "London", "Dallas", "Singapore", "Frankfurt", "Johannesburg"]
    times = []
    for k in range(n):
        t = time.perf_counter()
        assert panel.refresh(city=cities[k % len(cities)], region=["us-east-1", "eu-west-1"][k % 2],
                             egress_gb=float(rng.uniform(100, 1e5)), ingress_gb=float(rng.uniform(100, 1e5)),
                             dominant_direction="auto", value_of_ms_usd_per_month=float(rng.uniform(1, 30)))
        times.append(time.perf_counter() - t)
    print(f"{n} acceleration-panel updates (15 sites, 3 charts, Agg)")
    print(f"  recompute + redraw   median {ms(times, 50):6.1f} ms   p95 {ms(times, 95):6.1f} ms   (target: median < 100 ms)")




def failover_panel(n=40):
    from vpncost.present.widgets import FailoverPanel

    sc = load_scenario(ROOT / "data/scenarios/resilient_dc.yaml")
    panel = FailoverPanel(sc)  # as notebook 03: the scenario's designs, 2,000 simulated years each
    rng = np.random.default_rng(9)
    times = []
    for k in range(n):
        t = time.perf_counter()
        panel.refresh(design=list(panel.topologies)[k % len(panel.topologies)],
                      dx_connection_hours=float(rng.uniform(1, 24)), internet_hours=float(rng.uniform(0.5, 8)),
                      cgw_hours=float(rng.uniform(1, 12)), outage_cost_usd_per_hour=float(rng.uniform(1e3, 1e5)),
                      peak_mbps=float(rng.uniform(100, 5000)))
        times.append(time.perf_counter() - t)
    ms = 1e3 * np.percentile(times, [50, 95])
    print(f"{n} failover-panel updates (8 designs, exact and 2,000 simulated years each, 3 charts, Agg)")
    print(f"  recompute + redraw   median {ms[0]:6.1f} ms   p95 {ms[1]:6.1f} ms   (target: median < 100 ms)")


def one_input(n=40):
    """One input changed per update, as a user moves a widget (the runs above change every input at once)."""
    import pandas as pd

    from vpncost.present.widgets import AccelerationPanel, FailoverPanel

    def timed(panel, changes):
        out = []
        for k, change in enumerate(changes):
            t = time.perf_counter()
            assert panel.refresh(**{**panel.inputs(), **change})
            if k >= 2:  # the first two warm the caches
                out.append(time.perf_counter() - t)
        return 1e3 * np.percentile(out, [50, 95])

    values = np.random.default_rng(0).permutation(np.linspace(5_000, 200_000, n + 2).round())
    dash = CostDashboard(load_scenario(ROOT / "data/scenarios/frankfurt_dc.yaml"))
    rows = [("dashboard, egress typed (a new value each time)", timed(dash, [{"egress_gb": float(v)} for v in values]))]
    acc = AccelerationPanel(pd.read_csv(ROOT / "data/sites_world.csv"))
    cities = list(acc.city.options)[:15]
    rows.append(("acceleration panel, city chosen", timed(acc, [{"city": cities[k % 15]} for k in range(n + 2)])))
    sc = load_scenario(ROOT / "data/scenarios/resilient_dc.yaml")
    fo = FailoverPanel(sc)
    names = list(fo.topologies)
    rows.append(("failover panel, design chosen", timed(fo, [{"design": names[k % len(names)]} for k in range(n + 2)])))
    rows.append(("failover panel, outage cost typed", timed(fo, [{"outage_cost_usd_per_hour": float(1000 + 997 * k)}
                                                                 for k in range(n + 2)])))
    rows.append(("failover panel, DX repair slider released", timed(fo, [{"dx_connection_hours": 1.0 + 0.5 * k}
                                                                        for k in range(n + 2)])))
    print(f"{n} updates with one input changed (recompute + redraw, Agg; target: median < 100 ms)")
    for name, (p50, p95) in rows:
        print(f"  {name:50s} median {p50:6.1f} ms   p95 {p95:6.1f} ms")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 60)
    failover_panel(int(sys.argv[1]) if len(sys.argv) > 1 else 40)
    one_input(int(sys.argv[1]) if len(sys.argv) > 1 else 40)
