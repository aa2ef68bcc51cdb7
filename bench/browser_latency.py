"""Time from a widget change to the redrawn chart, in JupyterLab in headless Chromium.

Run: ``python bench/browser_latency.py [UPDATES]`` (default 30 per panel). Opens notebooks 01 and 03 in a private
JupyterLab (tests/browser.py), Run All, then types a new value into a number box and presses Enter, and times
until the panel's chart image has changed (the kernel recomputed, redrew and the browser rendered the new PNG):
notebook 01's dashboard (egress typed: a new value every time, from 5,000 to 200,000 GB, so no update repeats an
earlier one), notebook 02's acceleration panel (site city chosen, 15 cities in turn) and notebook 03's failover
panel (design chosen: exact figures for 8 designs, 2,000 simulated years each and three charts; the outage cost
typed; the DX repair slider moved a step with the keyboard, which simulates every design anew). The time includes
Playwright typing or choosing (about 50 ms of a typed value). Prints median and p95 per panel. Target: median
< 250 ms.
"""
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from browser import chromium, dropdown, jupyterlab, number_box, open_notebook, run_all  # noqa: E402

CHANGED = """(old) => {
  const img = document.querySelector('.jupyter-widgets .jp-OutputArea-output img');
  return img && img.getAttribute('src') !== old;
}"""
SRC = """() => {
  const img = document.querySelector('.jupyter-widgets .jp-OutputArea-output img');
  return img && img.getAttribute('src');
}"""


def timed(page, act) -> float:
    """Seconds from ``act()`` (which commits a new input) to a new chart image on the page."""
    old = page.evaluate(SRC)
    t = time.perf_counter()
    act()
    page.wait_for_function(CHANGED, arg=old, polling="raf", timeout=30_000)
    return time.perf_counter() - t


def measure(page, updates: int, name: str, actions) -> np.ndarray:
    out = []
    for k in range(updates + 2):
        dt = timed(page, actions[k % len(actions)])
        if k >= 2:  # the first two warm the kernel's caches and the browser's renderers
            out.append(dt)
    ms = 1000 * np.array(out)
    print(f"  {name:42s} median {np.median(ms):6.0f} ms   p95 {np.percentile(ms, 95):6.0f} ms   ({updates} updates)")
    return ms


def main(updates: int = 30):
    from playwright.sync_api import sync_playwright

    print("widget change -> redrawn chart in JupyterLab 4 / headless Chromium (target: median < 250 ms)")
    with jupyterlab() as (url, token, _), sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium(), args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page(viewport={"width": 1500, "height": 1100})
        open_notebook(page, url, token, "01_vpn_vs_direct_connect")
        run_all(page)
        egress = number_box(page, "egress GB/month")
        page.locator(".jupyter-widgets").first.scroll_into_view_if_needed()

        def typed(box, value):
            return lambda: (box.fill(str(value)), box.press("Enter"))
        values = np.random.default_rng(0).permutation(np.linspace(5_000, 200_000, updates + 2).round())
        measure(page, updates, "notebook 01 dashboard (egress typed)", [typed(egress, int(v)) for v in values])
        open_notebook(page, url, token, "02_accelerated_vpn")
        run_all(page)
        city = dropdown(page, "site city")
        cities = [o for o in city.locator("option").all_inner_texts()][:15]
        measure(page, updates, "notebook 02 acceleration panel (city chosen)",
                [lambda c=c: city.select_option(c) for c in cities])
        open_notebook(page, url, token, "03_failover_scenarios")
        run_all(page, 240_000)
        design = dropdown(page, "design")
        names = [o for o in design.locator("option").all_inner_texts()]
        measure(page, updates, "notebook 03 failover panel (design chosen)",
                [lambda n=n: design.select_option(n) for n in names])
        outage = number_box(page, "outage $/hour")
        measure(page, updates, "notebook 03 failover panel (outage typed)",
                [typed(outage, 1000 + 997 * k) for k in range(updates + 2)])
        handle = page.locator(".widget-slider:has-text('DX repair [h]') .noUi-handle").first
        handle.focus()
        measure(page, updates, "notebook 03 failover panel (DX repair key)",  # every design re-simulated
                [lambda: handle.press("ArrowRight")] * (updates + 2))  # a new value each time (none cached)
        browser.close()


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 30)
