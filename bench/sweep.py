"""How fast is a vectorised sweep? 1,000,000 scenarios through the model, side by side with
(a) the same arithmetic written directly in numpy and (b) a row-by-row loop over the scalar API.

Run: ``python bench/sweep.py [N]``. Prints the times and the two ratios measured in this run.
Scenario: data/scenarios/small_branch.yaml (VPN on VGW, VPN on TGW, accelerated VPN, hosted DX with
customer line items), with random hours, egress and ingress per row.
"""
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from vpncost.model.estimate import build  # noqa: E402
from vpncost.scenario import load_scenario  # noqa: E402


def best_of(fn, repeat=3):
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t)
    return min(times), out


def direct_numpy(cat, sc, hours, egress, ingress):
    """The four options' costs written out by hand in numpy (rates read from the same catalog)."""
    r = sc.region
    vpn_h = cat.lookup("vpn", "connection_hour", region=r, variant="standard").rate
    vpn_att = cat.lookup("transit_gateway", "attachment_hour", region=r, variant="vpn").rate
    vpc_att = cat.lookup("transit_gateway", "attachment_hour", region=r, variant="vpc").rate
    proc = cat.lookup("transit_gateway", "data_processing", region=r, variant="vpn").rate
    ga = cat.lookup("global_accelerator", "fixed_fee_hour").rate
    dtp = cat.lookup("global_accelerator", "dt_premium", region="NA", location="NA").rate
    port = cat.lookup("direct_connect", "hosted_port_hour", location="*", variant="100M").rate
    dxo = cat.lookup("direct_connect", "data_transfer_out", region=r, location="EqDC2").rate
    net = cat.lookup("data_transfer", "internet_out", region=r)
    dx = sc.option("DX hosted 100M")

    bh = np.ceil(hours - 1e-9)
    m = np.maximum(1.0, hours / 730.0)
    per = egress / m
    internet = np.zeros_like(per)
    for s, e, rate in zip(net.tier_start, net.tier_end, net.usd):
        internet += np.clip(per - s, 0.0, e - s) * rate
    internet *= m
    once = np.minimum(1.0, hours / np.where(hours < 730.0, hours, 3 * 12 * 730.0))
    vgw = vpn_h * bh + internet
    tgw = vgw + (vpn_att + vpc_att) * bh + proc * (egress + ingress)
    accel = tgw + 2 * ga * bh + dtp * np.maximum(egress, ingress)
    hosted = (port * bh + dxo * egress + sum(dx.extra_monthly_usd.values()) * hours / 730.0
              + sum(dx.extra_one_time_usd.values()) * once)
    return np.stack([vgw, tgw, accel, hosted])


def main(n=1_000_000, loop_rows=5_000):
    loop_rows = min(loop_rows, n)
    sc = load_scenario(ROOT / "data/scenarios/small_branch.yaml")
    model = build(sc)
    rng = np.random.default_rng(7)
    hours = rng.uniform(1, 8760, n)
    egress = rng.lognormal(7, 2, n)
    ingress = rng.lognormal(6.5, 2, n)

    t_model, out = best_of(lambda: model.totals(model.usage(hours=hours, egress_gb=egress, ingress_gb=ingress)))
    t_numpy, ref = best_of(lambda: direct_numpy(model.catalog, sc, hours, egress, ingress))
    assert np.allclose(out, ref, rtol=1e-12, atol=1e-9), "model and hand-written numpy disagree"

    def loop():
        rows = []
        for k in range(loop_rows):
            rows.append(model.totals(model.usage(hours=float(hours[k]), egress_gb=float(egress[k]),
                                                 ingress_gb=float(ingress[k]))))
        return np.array(rows).T
    t_loop_part, part = best_of(loop, repeat=1)
    assert np.allclose(part, out[:, :loop_rows])
    t_loop = t_loop_part * n / loop_rows

    print(f"{n:,} scenarios x {len(model.names)} options (small_branch.yaml)")
    print(f"  vectorised model sweep          {t_model * 1e3:9.1f} ms")
    print(f"  (a) hand-written numpy          {t_numpy * 1e3:9.1f} ms")
    print(f"  (b) row loop, scalar API        {t_loop:9.1f} s  (timed on {loop_rows:,} rows, scaled to {n:,})")
    print(f"  model / numpy     = {t_model / t_numpy:6.2f}x   (target: within 3x)")
    print(f"  loop / model      = {t_loop / t_model:6.0f}x   (target: at least 200x)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000)
