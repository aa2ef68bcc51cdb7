"""Pricing a network of many sites against the same sites priced as separate scenarios, and memory per site.

Run: ``python bench/network.py [SITES]`` (default 10,000). The network: three Regions with transit gateways
joined by peering, two shared Direct Connect connections, every tenth site a data centre on Direct Connect, the
rest branches on a VPN to their Region, each site with its own traffic (so nothing is shared by ``count``). Timed:
validating the file, compiling it and pricing it (total and each site's cost to connect), against one scenario per
site (validated, compiled and priced the same way); the garbage collector's part of each stage is printed beside it
(collection is paused while the file is validated and the network compiled, :mod:`vpncost.speed`, and the
deferred scan of the objects they made is counted where it happens). Memory: peak Python allocation of a compiled network per site,
at a quarter and at the full size (equal figures: linear in sites).
"""
import gc
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

REGIONS = ("us-east-1", "eu-west-1", "ap-southeast-1")
CITIES = ("Dallas", "Dublin", "Singapore")


def network_data(n: int) -> dict:
    import numpy as np
    rng = np.random.default_rng(0)
    sites = []
    for i in range(n):
        r = i % 3
        egress, ingress = float(rng.uniform(10, 2000)), float(rng.uniform(5, 800))
        connect = [{"direct_connect": f"DX {r % 2}"}] if i % 10 == 0 else [
            {"vpn": {"gateway": "tgw", "region": REGIONS[r]}}]
        other = REGIONS[(r + 1) % 3] if i % 10 != 0 else REGIONS[r]
        traffic = {REGIONS[r]: {"egress_gb": egress, "ingress_gb": ingress}}
        if other != REGIONS[r]:
            traffic[other] = {"egress_gb": egress / 10}
        sites.append({"name": f"site {i}", "city": CITIES[r], "connect": connect, "traffic": traffic})
    return {"name": "bench", "kind": "network",
            "regions": {r: {"transit_gateway": {"vpc_attachments": 2}} for r in REGIONS},
            "peerings": [{"between": [a, b]} for a, b in (("us-east-1", "eu-west-1"), ("eu-west-1", "ap-southeast-1"),
                                                          ("us-east-1", "ap-southeast-1"))],
            "direct_connect": [{"name": "DX 0", "location": "EqDC2", "speed": "10G", "count": 2,
                                "gateway": {"associations": ["us-east-1", "eu-west-1", "ap-southeast-1"]}},
                               {"name": "DX 1", "location": "EqSG2", "speed": "10G", "count": 2,
                                "gateway": {"associations": ["us-east-1", "eu-west-1", "ap-southeast-1"]}}],
            "sites": sites}


def scenario_data(site: dict) -> dict:
    c = site["connect"][0]
    region, flow = next(iter(site["traffic"].items()))
    option = ({"type": "direct_connect", "name": "dx", "location": "EqDC2", "speed": "10G", "gateway": "tgw"}
              if "direct_connect" in c else {"type": "vpn", "name": "vpn", "gateway": "tgw"})
    return {"name": site["name"], "region": region, "site": {"city": site["city"]},
            "traffic": {"egress_gb": flow["egress_gb"], "ingress_gb": flow.get("ingress_gb", 0.0)},
            "options": [option]}


class GcClock:
    """Seconds spent in Python's cyclic garbage collector (``gc.callbacks``): a 10,000-site network holds a few
    hundred thousand live objects, and each full collection re-scans them all."""

    def __init__(self):
        self.seconds, self._start = 0.0, 0.0

    def __call__(self, phase, info):
        if phase == "start":
            self._start = time.perf_counter()
        else:
            self.seconds += time.perf_counter() - self._start

    def __enter__(self):
        gc.callbacks.append(self)
        return self

    def __exit__(self, *exc):
        gc.callbacks.remove(self)


def price_network(data, times=None, gc_times=None):
    from vpncost.model import network as nm
    from vpncost.network import from_dict
    with GcClock() as clock:
        t, g = [time.perf_counter()], [clock.seconds]
        net = from_dict(data)
        t.append(time.perf_counter()), g.append(clock.seconds)
        m = nm.build(net)
        t.append(time.perf_counter()), g.append(clock.seconds)
        total, sites = float(m.total()), m.cost_to_connect()
        t.append(time.perf_counter()), g.append(clock.seconds)
    if times is not None:
        times += [b - a for a, b in zip(t, t[1:])]
    if gc_times is not None:
        gc_times += [b - a for a, b in zip(g, g[1:])]
    return m, total, sites


def price_scenarios(data):
    from vpncost.model import estimate
    from vpncost.scenario import from_dict
    return sum(float(estimate.build(from_dict(scenario_data(s))).totals()[0]) for s in data["sites"])


def peak_bytes_per_site(n: int) -> float:
    data = network_data(n)
    tracemalloc.start()
    model, _, _ = price_network(data)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    del model
    return peak / n


def main(n: int) -> None:
    from vpncost.model.estimate import default_catalog
    default_catalog()   # the price table loads once for both ways
    data = network_data(n)
    price_network(network_data(3))
    stages, collecting = [], []
    model, total, sites = price_network(data, stages, collecting)
    t_net = sum(stages)
    t0 = time.perf_counter()
    separate = price_scenarios(data)
    t_sep = time.perf_counter() - t0
    t0 = time.perf_counter()
    model.total()
    t_price = time.perf_counter() - t0
    print(f"{n:,} sites, {len(model.lines):,} priced lines; network total ${total:,.2f} "
          f"(the same sites as separate scenarios: ${separate:,.2f}, shared resources billed per site)")
    print(f"network: validate the file                             {stages[0]:8.3f} s "
          f"(garbage collection {collecting[0]:.3f} s)")
    print(f"network: compile + price (total, each site's share)    {stages[1] + stages[2]:8.3f} s "
          f"(garbage collection {collecting[1] + collecting[2]:.3f} s)")
    print(f"network: all of it                                     {t_net:8.3f} s")
    print(f"network: re-price (total only)                         {t_price * 1000:8.1f} ms")
    print(f"{n:,} separate scenarios                              {t_sep:8.3f} s")
    print(f"separate / network = {t_sep / t_net:,.1f}x")
    quarter, full = peak_bytes_per_site(max(1, n // 4)), peak_bytes_per_site(n)
    print(f"memory: {quarter / 1024:,.1f} KiB per site at {max(1, n // 4):,} sites, {full / 1024:,.1f} KiB per site "
          f"at {n:,} (full / quarter = {full / quarter:,.2f}x)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)
