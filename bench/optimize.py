"""How long the optimizer takes and what the exact answer saves, by size.

For each size (default 10, 100 and 1,000 sites; the first argument is the largest, the others are a tenth and a
hundredth of it) a network of sites spread over North America and Europe (seeded; three Regions with transit
gateways and a peering; traffic log-normal, a tenth of the sites data centres with tens of TB) is optimized with
every kind allowed at the 3 nearest DX locations (about 20 distinct locations at 1,000 sites), a 99.9 %
availability target and a circuit cost. Prints the time to price the candidates and to solve, HiGHS's gap, and the
optimum against the greedy baseline (each site its cheapest candidate as if it paid its facilities alone).

    python bench/optimize.py [SITES]
"""
from __future__ import annotations

import sys
import time

import numpy as np

from vpncost.network import from_dict
from vpncost.optimize import Settings, optimize
from vpncost.optimize.program import greedy

HUBS = [("us-east-1", 39.0, -77.5), ("us-west-2", 45.6, -121.2), ("eu-west-1", 53.3, -6.3)]


def network(n: int, seed: int = 7) -> dict:
    rng = np.random.default_rng(seed)
    sites = []
    for i in range(n):
        region, lat, lon = HUBS[i % 3]
        dc = i % 10 == 0
        egress = float(rng.lognormal(10.0 if dc else 5.5, 0.6))
        sites.append({"name": f"site {i}", "latitude": round(lat + rng.normal(0, 4), 3),
                      "longitude": round(lon + rng.normal(0, 6), 3),
                      "connect": [{"vpn": {"region": region, "gateway": "tgw"}}],
                      "traffic": {region: {"egress_gb": round(egress), "ingress_gb": round(egress / 3)},
                                  "peak_to_average": 3}})
    return {"name": f"{n} sites", "kind": "network",
            "regions": {r: {"transit_gateway": {"vpc_attachments": 2}} for r, _, _ in HUBS},
            "peerings": [{"between": ["us-east-1", "eu-west-1"]}, {"between": ["us-east-1", "us-west-2"]}],
            "sites": sites,
            "optimize": {"availability_pct": 99.9, "locations": 3,
                         "circuit": {"monthly_usd": 400, "usd_per_km_month": 1.5}}}


def main(largest: int) -> None:
    sizes = sorted({max(3, largest // 100), max(3, largest // 10), largest})
    print(f"optimize: every kind at the 3 nearest DX locations, 99.9 % availability; sizes {sizes}")
    for n in sizes:
        net = from_dict(network(n))
        t0 = time.perf_counter()
        plan = optimize(net, settings=Settings(time_limit_s=60.0, gap_pct=0.01))
        wall = time.perf_counter() - t0
        base = greedy(net)
        locs = {c.dedicated[0][0] if c.dedicated else (c.hosted[0][0] if c.hosted else "") for c in plan.choices}
        print(f"{n:>6} sites: candidates priced in {plan.build_s:.2f} s, solved in {plan.solve_s:.2f} s "
              f"({plan.status}, gap {plan.gap_pct:.3f}%), all {wall:.2f} s; {len(locs - {''})} DX locations chosen")
        print(f"{n:>6} sites: optimum ${plan.total_usd:,.2f} a month, greedy ${base:,.2f}: greedy / optimum = "
              f"{base / plan.total_usd:.3f}x (saves ${base - plan.total_usd:,.2f}); program objective "
              f"${plan.objective_usd:,.2f}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1000)
