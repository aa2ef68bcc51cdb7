"""The panels of notebooks 01, 02 and 03 in JupyterLab in headless Chromium: a widget is changed and the numbers
and the chart must change to what the library computes for the new input, while the inputs keep exactly the
scenario's values. Apart from ``test_browser.py`` so that pytest-xdist runs the two files side by side (each
starts its own JupyterLab). Skipped, loudly, only when no Chromium is installed."""
from browser import dropdown, number_box, panel_chart_src
from conftest import ROOT
from test_browser import browser, html_text, lab, open_and_run_all, page, text_of, wait_changed  # noqa: F401


def test_notebook_01_dashboard_follows_its_inputs(lab, page):
    from vpncost.model.estimate import build, summary
    from vpncost.present.views import dashboard_scenario
    from vpncost.present.widgets import usd_html
    from vpncost.scenario import load_scenario

    open_and_run_all(page, lab, "01_vpn_vs_direct_connect")
    egress, ingress = number_box(page, "egress GB/month"), number_box(page, "ingress GB/month")
    assert (egress.input_value(), ingress.input_value()) == ("40000", "15000")  # exactly the scenario's
    status = page.locator(".widget-html:has-text('cheapest feasible option')")
    before, chart = html_text(page, status), panel_chart_src(page)
    base = load_scenario(ROOT / "data/scenarios/frankfurt_dc.yaml")

    def expected(**inputs):
        s = summary(build(dashboard_scenario(base, **inputs)))
        return [f"{o} {usd_html(t)}" for o, t in zip(s["option"], s["total_usd"])]

    for item in expected():
        assert item in before
    egress.fill("90000")
    egress.press("Enter")
    after = wait_changed(page, lambda: html_text(page, status), before)
    for item in expected(egress_gb=90_000):
        assert item in after, (item, after)
    assert wait_changed(page, lambda: panel_chart_src(page), chart)  # the chart was redrawn
    assert ingress.input_value() == "15000" and egress.input_value() == "90000"

    # DX type dedicated -> hosted: the speed stays 10G and the options are relabelled
    dropdown(page, "DX type").select_option("hosted")
    later = wait_changed(page, lambda: html_text(page, status), after)
    assert dropdown(page, "DX speed").input_value() == "10G"
    for item in expected(egress_gb=90_000, dx_connection="hosted", dx_speed="10G"):
        assert item in later, (item, later)
    assert "DX 10G hosted + VPN backup" in later and "dedicated" not in later


def test_notebook_02_acceleration_panel_follows_its_inputs(lab, page):
    import pandas as pd

    from vpncost.model.acceleration import tradeoff

    open_and_run_all(page, lab, "02_accelerated_vpn")
    assert number_box(page, "egress GB/month").input_value() == "1000"
    verdict = page.locator(".widget-html:has-text('latency is modelled')")
    before, chart = html_text(page, verdict), panel_chart_src(page)
    dropdown(page, "site city").select_option("London")
    after = wait_changed(page, lambda: html_text(page, verdict), before)
    world = pd.read_csv(ROOT / "data/sites_world.csv")
    sites = pd.concat([pd.DataFrame({"name": ["London (your site)"], "city": ["London"]}), world], ignore_index=True)
    mine = tradeoff(sites, "us-east-1", 1000.0, 500.0, value_of_ms_usd_per_month=10.0, min_saving_ms=10.0).iloc[0]
    assert " ".join(mine["verdict"].split()) in after and f"Enters AWS at {mine['edge']}" in after
    assert wait_changed(page, lambda: panel_chart_src(page), chart)


def test_notebook_03_failover_panel_follows_its_inputs(lab, page):
    from vpncost.failover import designs
    from vpncost.present.widgets import FailoverPanel
    from vpncost.scenario import load_scenario

    open_and_run_all(page, lab, "03_failover_scenarios", timeout_ms=240_000)
    outage, peak = number_box(page, "outage $/hour"), number_box(page, "peak Mbps")
    assert (outage.input_value(), peak.input_value()) == ("20000", "1500")
    summary = page.locator(".widget-html:has-text('risk-adjusted')")
    before, chart = html_text(page, summary), panel_chart_src(page)
    scenario = load_scenario(ROOT / "data/scenarios/resilient_dc.yaml")
    panel = FailoverPanel(scenario)  # the library, as the notebook calls it
    assert text_of(panel.summary.value) == before
    table = designs.scenario_designs(scenario)  # what vpncost failover prints
    row = table.set_index("design").loc[panel.design.value]
    assert f"simulated mean {row['sim_downtime_mean_min_per_year']:,.1f}" in before
    outage.fill("50000")
    outage.press("Enter")
    after = wait_changed(page, lambda: html_text(page, summary), before)
    chart = wait_changed(page, lambda: panel_chart_src(page), chart)  # the risk-adjusted marks moved
    panel.outage.value = 50_000.0
    assert text_of(panel.summary.value) == after
    assert peak.input_value() == "1500"
    peak.fill("100000")
    peak.press("Enter")
    impossible = wait_changed(page, lambda: html_text(page, summary), after)
    assert "No design can carry a 100,000 Mbps peak" in impossible
    chart = wait_changed(page, lambda: panel_chart_src(page), chart)  # every design greyed
    panel.peak.value = 100_000.0
    dropdown(page, "design").select_option("DX only")
    later = wait_changed(page, lambda: html_text(page, summary), impossible)
    panel.design.value = "DX only"
    assert text_of(panel.summary.value) == later
    assert wait_changed(page, lambda: panel_chart_src(page), chart)
