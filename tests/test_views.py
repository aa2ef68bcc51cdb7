"""Charts and the dashboard are checked through the tables they draw and the artists they move."""
import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402

from vpncost.errors import ScenarioError  # noqa: E402
from vpncost.model import compare
from vpncost.model.components import GROUPS  # noqa: E402
from vpncost.model.estimate import build, estimate, summary  # noqa: E402
from vpncost.present import (
    plots,
    views,  # noqa: E402
)


@pytest.fixture(scope="module")
def frankfurt(example_scenarios):
    return next(s for s in example_scenarios if s.region == "eu-central-1")


def test_cost_by_group_adds_up_to_the_monthly_totals(example_scenarios):
    for sc in example_scenarios:
        b = estimate(sc)
        stack = views.cost_by_group(b, sc.hours_per_month)
        assert list(stack.columns) == list(GROUPS)
        assert stack.sum(axis=1).to_numpy() == pytest.approx(summary(sc)["monthly_usd"].to_numpy())


def test_stacked_chart_bar_tops_are_the_totals(frankfurt):
    stack = views.cost_by_group(estimate(frankfurt))
    fig = plots.stacked_cost_chart(stack, infeasible=["VPN on VGW"])
    ax = fig.axes[0]
    tops = [max(r.get_y() + r.get_height() for r in bars) for bars in zip(*ax.containers)]
    assert tops == pytest.approx(stack.sum(axis=1).to_list())
    assert "(not feasible)" in ax.get_xticklabels()[0].get_text()


def test_curve_chart_lines_and_break_even_markers(frankfurt):
    m = build(frankfurt)
    data = views.dashboard_data(m)
    fig = plots.cost_curve_chart(data["curve"], data["break_even"])
    ax = fig.axes[0]
    assert len(ax.lines) == len(m.names)
    marks = ax.collections[0].get_offsets()
    assert len(marks) == len(data["break_even"]) and len(marks) > 0
    assert (data["break_even"]["x"] <= compare.curve_x_max(m)).all()
    # each marker sits on both options' lines
    for row in data["break_even"].itertuples():
        t = m.totals(m.usage(egress_gb=np.array([row.x])))
        assert t[m.names.index(row.option_a), 0] == pytest.approx(row.cost_usd)
        assert t[m.names.index(row.option_b), 0] == pytest.approx(row.cost_usd)


def test_tco_chart_ends_at_the_totals(frankfurt):
    t = compare.tco(frankfurt)
    ax = plots.tco_chart(t).axes[0]
    ends = [ln.get_ydata()[-1] for ln in ax.lines]
    assert ends == pytest.approx(compare.tco_summary(t)["total_usd"].to_list())


def test_dashboard_scenario_applies_inputs_and_validates(frankfurt):
    s = views.dashboard_scenario(frankfurt, region="eu-west-1", egress_gb=123, dx_connection="hosted", dx_speed="2G",
                                 growth_pct_per_year=5, years=4)
    dx = [o for o in s.options if o.type == "direct_connect"]
    assert s.region == "eu-west-1" and s.traffic.egress_gb == 123 and s.years == 4
    assert (dx[0].connection, dx[0].speed, dx[0].name) == ("hosted", "2G", "DX 2G hosted + VPN backup")
    # the other DX options keep their own port (the pickers show the first one's): changing egress must not
    # quietly turn 'DX hosted 5G via partner' into a second copy of the first
    assert [(o.connection, o.speed, o.name) for o in dx[1:]] == [
        (o.connection, o.speed, o.name) for o in frankfurt.options if o.type == "direct_connect"][1:]
    with pytest.raises(ScenarioError, match="speed"):
        views.dashboard_scenario(frankfurt, dx_connection="dedicated", dx_speed="2G")


def test_dashboard_moves_its_charts_and_reports_bad_combinations(frankfurt):
    from vpncost.present.widgets import CostDashboard

    d = CostDashboard(frankfurt)
    before = [ln.get_ydata().copy() for ln in d.ax_curve.lines]
    assert d.refresh(**{**d.inputs(), "egress_gb": 90_000})
    after = [ln.get_ydata() for ln in d.ax_curve.lines]
    assert not np.allclose(before[0], after[0])
    tops = [max(r.get_y() + r.get_height() for r in bars) for bars in zip(*d.ax_stack.containers)]
    assert tops == pytest.approx(d.data["stack"].sum(axis=1).to_list())
    assert "cheapest feasible option" in d.status.value
    assert d.refresh(**{**d.inputs(), "region": "us-east-1"})  # every (Region, location) pair has a rate now
    assert not d.refresh(**{**d.inputs(), "dx_speed": "400G"})  # AWS offers no 400G port at EqFA5
    assert "400G dedicated ports are not offered at EqFA5" in d.status.value
    assert d.data["summary"] is not None  # last good data kept


@pytest.mark.parametrize("egress_gb", [500.0, 90_000.0, 3_000_000.0])
def test_dashboard_labels_stay_on_the_figure_when_the_amounts_grow(frankfurt, egress_gb):
    """The layout is frozen after the first draw; axis amounts used to grow from '8000' to '12500' and push the
    'USD per month' label off the figure (and the x ticks into the next chart)."""
    from vpncost.present.widgets import CostDashboard

    d = CostDashboard(frankfurt)
    assert d.refresh(**{**d.inputs(), "egress_gb": egress_gb})
    renderer = d.fig.canvas.get_renderer()
    boxes = [ax.get_tightbbox(renderer) for ax in d.fig.axes]
    edge = d.fig.bbox
    assert all(edge.x0 <= b.x0 and b.x1 <= edge.x1 and edge.y0 <= b.y0 and b.y1 <= edge.y1 for b in boxes)
    assert not any(a.overlaps(b) for i, a in enumerate(boxes) for b in boxes[i + 1:])


def test_short_amounts():
    from vpncost.present.plots import short_amount

    assert [short_amount(v) for v in (0, 950, 2500, 16_000, 450_000, 1_234_567, -2000, 0.6)] == [
        "0", "950", "2.5k", "16k", "450k", "1.23M", "-2k", "0.6"]


def test_path_segments_and_map_follow_the_trade_off_table():
    import pandas as pd

    from vpncost.model.acceleration import tradeoff
    from vpncost.reference.locations import edge_locations
    from vpncost.reference.regions import region

    t = tradeoff(pd.DataFrame({"name": ["tokyo", "paris"], "city": ["Tokyo", "Paris"]}), "us-east-1", 100, 100)
    seg = views.path_segments(t, "us-east-1")
    assert len(seg) == 6 and set(seg["leg"]) == {"site-region", "site-edge", "edge-region"}
    tok = seg[(seg["site"] == "tokyo") & (seg["leg"] == "edge-region")].iloc[0]
    nrt = edge_locations().set_index("code").loc["NRT"]
    r = region("us-east-1")
    assert (tok["lon0"], tok["lat0"], tok["lon1"], tok["lat1"]) == (nrt["longitude"], nrt["latitude"],
                                                                     r["longitude"], r["latitude"])
    ax = plots.path_map_chart(seg, t, (r["longitude"], r["latitude"]), edge_locations()).axes[0]
    assert len([ln for ln in ax.lines if ln.get_gid() == "path:accelerated"]) == 4
    fig = plots.premium_chart(t, 10)
    pts = fig.axes[0].collections[0].get_offsets()
    assert np.allclose(pts, t[["saved_ms", "extra_usd_per_month"]].to_numpy(float))


def test_acceleration_panel_moves_in_place():
    import pandas as pd

    from vpncost.present.widgets import AccelerationPanel

    world = pd.DataFrame({"name": ["a", "b"], "city": ["London", "Sydney"]})
    p = AccelerationPanel(world, city="Tokyo")
    first_lines = list(p.axes["map"].lines)
    assert p.refresh(**{**p.inputs(), "city": "Ashburn"})
    assert list(p.axes["map"].lines) == first_lines  # same artists, moved
    bars = p.axes["rtt"].containers
    assert bars[0][0].get_height() == pytest.approx(p.table.loc[0, "rtt_standard_ms"])
    assert "not worth it" in p.verdict.value
    assert p.refresh(**{**p.inputs(), "value_of_ms_usd_per_month": 40.0})
    rule = next(ln for ln in p.axes["premium"].lines if ln.get_gid() == "rule")
    x, y = rule.get_data()
    assert y[-1] == pytest.approx(40.0 * x[-1])


def test_failover_panel_and_charts():
    from conftest import ROOT

    from vpncost.failover import availability
    from vpncost.failover.designs import reference_designs
    from vpncost.present.widgets import FailoverPanel
    from vpncost.scenario import load_scenario
    sc = load_scenario(ROOT / "data/scenarios/resilient_dc.yaml")
    p = FailoverPanel(sc, reference_designs(sc, second_location="EqSE2"), years=200)
    pts = next(c for c in p.axes["frontier"].collections if c.get_gid() == "designs").get_offsets()
    assert np.allclose(pts[:, 0], p.designs["monthly_usd"]) and np.allclose(pts[:, 1], plots.nines(p.designs["availability_with_detection"]))
    before = p.designs.copy()
    assert p.refresh(**{**p.inputs(), "internet_hours": 12.0})
    vpn_before = before.loc[before["design"] == "VPN only", "availability"].iloc[0]
    assert p.designs.loc[p.designs["design"] == "VPN only", "availability"].iloc[0] < vpn_before
    hist = p.axes["hist"]
    assert hist.patches[0].get_data().values.sum() == 200  # one count per simulated year
    p.failure.value = "location:EqDC2"
    assert "after Direct Connect location EqDC2 (every connection there) fails" in p.routes.value
    tl = availability.timeline(p.topologies["DX only"], year_seed=3)
    ax = plots.timeline_chart(tl).axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["dx1", "design"]


def test_spend_and_variance_charts_draw_their_tables(tmp_path):
    from conftest import ROOT

    from vpncost.spend import estate, reconcile, sample_cur
    from vpncost.spend.readers import cur

    paths = sample_cur.write_sample(tmp_path)
    spend = cur.read_cur(paths["cur2"])
    monthly = cur.monthly_by_component(spend)
    ax = plots.spend_chart(monthly).axes[0]
    tops = [max(r.get_y() + r.get_height() for r in bars) for bars in zip(*ax.containers)]
    assert tops == pytest.approx(monthly.sum(axis=1).to_list())
    v = reconcile.reconcile(spend, estate.load(ROOT / "data/estates/sample_estate.yaml"))
    ax = plots.variance_chart(v).axes[0]
    model_bars, bill_bars = ax.containers
    assert [b.get_width() for b in bill_bars] == pytest.approx(v["billed_usd"].to_list())
    assert [b.get_width() for b in model_bars] == pytest.approx(v["model_usd"].to_list())


def test_tornado_chart_bars_span_the_margins(frankfurt):
    sens = compare.sensitivity(frankfurt)
    ax = plots.tornado_chart(sens).axes[0]
    bars = list(ax.patches)[::-1]  # drawn bottom-up from the reversed table
    assert len(bars) == len(sens)
    for bar, row in zip(bars, sens.itertuples()):
        ends = sorted((bar.get_x(), bar.get_x() + bar.get_width()))
        assert ends == pytest.approx(sorted((row.margin_low_usd, row.margin_high_usd)))


def test_panels_keep_exactly_the_values_the_scenario_set(frankfurt):
    """Number inputs hold the scenario's values exactly (a log slider once turned 40,000 into 39,810.7 and 15,000
    into 15,848.9) and say what period a traffic value is per."""
    from conftest import ROOT

    from vpncost.failover.designs import reference_designs
    from vpncost.present.widgets import AccelerationPanel, CostDashboard, FailoverPanel
    from vpncost.scenario import load_scenario

    d = CostDashboard(frankfurt)
    assert (d.egress.value, d.ingress.value) == (frankfurt.traffic.egress_gb, frankfurt.traffic.ingress_gb) == (40_000, 15_000)
    assert d.inputs()["egress_gb"] == 40_000 and d.egress.description == "egress GB/month"
    d.egress.value = 12_345.6
    assert d.inputs()["egress_gb"] == 12_345.6
    two_weeks = load_scenario(ROOT / "data/scenarios/migration_two_weeks.yaml")
    assert CostDashboard(two_weeks).egress.description == f"egress GB/{two_weeks.hours:g} h"
    import pandas as pd

    a = AccelerationPanel(pd.DataFrame({"name": ["a"], "city": ["London"]}), city="Tokyo", egress_gb=500.0)
    assert a.egress.value == 500.0 and a.egress.description == "egress GB/month"
    sc = load_scenario(ROOT / "data/scenarios/resilient_dc.yaml")
    p = FailoverPanel(sc, reference_designs(sc, second_location="EqSE2"), years=100)
    assert (p.outage.value, p.peak.value) == (20_000, 1_500)
    assert p.inputs()["outage_cost_usd_per_hour"] == 20_000


def test_dashboard_dx_type_keeps_the_speed_and_relabels_the_options(frankfurt):
    from vpncost.present.widgets import CostDashboard

    d = CostDashboard(frankfurt)
    assert d.dx_speed.value == "10G"
    d.dx_type.value = "hosted"
    assert d.dx_speed.value == "10G"  # hosted 10G exists: the speed stays
    names = list(d.data["summary"]["option"])
    assert "DX 10G hosted + VPN backup" in names and not any("dedicated" in n for n in names)
    ticks = " | ".join(t.get_text().replace("\n", " ") for t in d.ax_stack.get_xticklabels())
    assert "DX 10G hosted + VPN backup" in ticks and "dedicated" not in ticks
    d.dx_speed.value = "5G"
    assert "DX 5G hosted + VPN backup" in list(d.data["summary"]["option"])


def test_dashboard_error_clears_the_charts_and_says_what_to_change(frankfurt):
    from vpncost.present.widgets import CostDashboard

    d = CostDashboard(frankfurt)
    d.out.outputs = ({"output_type": "display_data", "data": {"text/plain": "the figure"}, "metadata": {}},)
    assert not d.refresh(**{**d.inputs(), "dx_speed": "400G"})
    assert d.out.outputs == ()  # no stale charts that look current
    assert "No charts for these inputs: change" in d.status.value
    assert d.refresh(**d.inputs())


def test_failover_route_table_without_a_chosen_failure_says_so():
    from conftest import ROOT

    from vpncost.failover.designs import reference_designs
    from vpncost.present.widgets import FailoverPanel
    from vpncost.scenario import load_scenario

    sc = load_scenario(ROOT / "data/scenarios/resilient_dc.yaml")
    p = FailoverPanel(sc, reference_designs(sc, second_location="EqSE2"), years=100)
    p.failure.value = "location:EqDC2"
    p.failure.value = None  # the panel redraws its route tables on every choice
    assert "None" not in p.routes.value and "choose an element" in p.routes.value


def _overlaps(texts) -> list:
    """Pairs of drawn texts whose boxes intersect."""
    fig = texts[0].figure
    fig.canvas.draw()
    r = fig.canvas.get_renderer()
    from matplotlib.text import Text  # the text alone, not an annotation's leader line
    boxes = [(t.get_text(), Text.get_window_extent(t, r)) for t in texts if t.get_visible() and t.get_text()]
    return [(a, b) for i, (a, ba) in enumerate(boxes) for b, bb in boxes[i + 1:] if ba.overlaps(bb)]


def test_frontier_and_premium_labels_do_not_overlap():
    from conftest import ROOT

    import pandas as pd

    from vpncost.failover.designs import reference_designs
    from vpncost.model.acceleration import tradeoff
    from vpncost.present.widgets import FailoverPanel
    from vpncost.scenario import load_scenario

    sc = load_scenario(ROOT / "data/scenarios/resilient_dc.yaml")
    p = FailoverPanel(sc, [o.model_dump() for o in sc.options] + reference_designs(sc, second_location="EqSE2"),
                      years=100)
    labels = [t for t in p.axes["frontier"].texts if t.get_gid() == "label"]
    assert len(labels) == 8 and not _overlaps(labels)  # four designs near 99.9999 % used to print on each other
    sites = pd.read_csv(ROOT / "data/sites_world.csv")
    ax = plots.premium_chart(tradeoff(sites, "us-east-1", 1000, 500), 10).axes[0]
    assert not _overlaps([t for t in ax.texts if t.get_gid() == "label"])


def test_path_map_draws_great_circles():
    lon, lat = plots.great_circle(140.39, 35.76, -77.45, 38.94)  # Tokyo (NRT) to Virginia: over Alaska/Canada
    ok = ~np.isnan(lon)
    assert np.nanmax(lat) > 55 and not ((lon[ok] > -10) & (lon[ok] < 60)).any()  # never across Europe
    assert np.isnan(lon).sum() == 1  # one break where it crosses the antimeridian
    assert (lon[0], lat[0]) == pytest.approx((140.39, 35.76)) and (lon[-1], lat[-1]) == pytest.approx((-77.45, 38.94))
    lon, lat = plots.great_circle(2.35, 48.85, -0.12, 51.5)
    assert not np.isnan(lon).any() and len(lon) == 96


def test_infeasible_options_are_in_the_legends_and_dashed_in_the_tco(frankfurt):
    from vpncost.model.estimate import build
    from vpncost.present.views import dashboard_data

    data = dashboard_data(build(frankfurt))
    bad = data["summary"].loc[~data["summary"]["feasible"], "option"].tolist()
    assert bad == ["VPN on VGW"]
    ax = plots.cost_curve_chart(data["curve"], data["break_even"], infeasible=bad).axes[0]
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "VPN on VGW (not feasible, dashed)" in legend
    ax = plots.tco_chart(data["tco"], infeasible=bad).axes[0]
    styles = {ln.get_gid(): ln.get_linestyle() for ln in ax.lines}
    assert styles["option:VPN on VGW"] == "--" and styles["option:DX hosted 5G via partner"] == "-"
    assert "VPN on VGW (not feasible, dashed)" in [t.get_text() for t in ax.get_legend().get_texts()]


def test_tornado_marks_inputs_without_effect_and_dto_legend_is_beside_the_bars(frankfurt):
    import pandas as pd

    sens = pd.DataFrame({"input": ["a", "b"], "low": [0.5, 0.5], "high": [1.5, 1.5], "unit": ["x", "x"],
                         "margin_low_usd": [10.0, 5.0], "margin_high_usd": [30.0, 5.0], "changes_ranking": [False, False]})
    ax = plots.tornado_chart(sens).axes[0]
    marks = next(c for c in ax.collections if c.get_gid() == "no-effect")
    assert marks.get_offsets().tolist() == [[5.0, 0.0]]  # 'b' (drawn first, bottom row) moves nothing
    assert [t.get_text() for t in ax.texts if t.get_gid() == "no-effect-label"] == ["no effect on the margin"]
    from vpncost.pricing.catalog import load_prices
    from vpncost.pricing.views import internet_dto_by_region

    ax = plots.dto_region_chart(internet_dto_by_region(load_prices())).axes[0]
    ax.figure.canvas.draw()
    r = ax.figure.canvas.get_renderer()
    assert ax.get_legend().get_window_extent(r).x0 >= ax.get_window_extent(r).x1  # it hid three Region groups


def test_allocation_and_forecast_charts_draw_their_tables(tmp_path):
    import pandas as pd
    from conftest import ROOT

    from vpncost.spend import allocate, forecast, sample_cur
    from vpncost.spend.readers import cur

    spend = cur.read_cur(sample_cur.write_sample(tmp_path)["cur2"])
    alloc = allocate.allocate(spend, allocate.read_shares(ROOT / "data/shares/sample_shares.csv", "table"), "table")
    ax = plots.allocation_chart(alloc).axes[0]
    tops = [max(r.get_y() + r.get_height() for r in bars) for bars in zip(*ax.containers)]
    assert tops == pytest.approx(allocate.by_consumer(alloc).sum(axis=1).to_list())  # each bar is the month's bill
    assert tops == pytest.approx(spend.groupby("month")["cost_usd"].sum().round(2).to_list(), abs=0.005)
    trend = forecast.from_history(spend.assign(component="total"), months_ahead=4)
    ax = plots.forecast_chart(spend.groupby("month")["cost_usd"].sum(), {"trend": trend}).axes[0]
    line = next(ln for ln in ax.lines if ln.get_gid() == "forecast:trend")
    assert line.get_xdata().tolist() == [3, 4, 5, 6] and np.allclose(line.get_ydata(), trend["cost_usd"])
    band = next(c for c in ax.collections if c.get_gid() == "band:trend")
    ys = band.get_paths()[0].vertices[:, 1]
    assert ys.min() == pytest.approx(trend["low_usd"].min()) and ys.max() == pytest.approx(trend["high_usd"].max())
    assert [t.get_text() for t in ax.get_xticklabels()][:4] == ["2026-08", "2026-09", "2026-10", "2026-11"]
    assert isinstance(trend, pd.DataFrame)


def test_an_updated_downtime_histogram_is_the_one_drawn_anew():
    import matplotlib.pyplot as plt
    from conftest import ROOT

    from vpncost.failover import availability
    from vpncost.failover.designs import option_topologies, reference_designs, with_options
    from vpncost.scenario import load_scenario

    sc = load_scenario(ROOT / "data/scenarios/resilient_dc.yaml")
    tops = option_topologies(with_options(sc, reference_designs(sc, second_location="EqSE2")),
                             reference_designs(sc, second_location="EqSE2"))
    a, b = list(tops.values())[0], list(tops.values())[-1]
    params = sc.failover.params()
    sim_a = availability.simulate(a, params, 1000.0, years=300, seed=1)
    sim_b = availability.simulate(b, params.updated(internet_hours=6.0), 1000.0, years=300, seed=2)
    fresh = plots.downtime_histogram(sim_b, title="B").axes[0]
    moved = plots.downtime_histogram(sim_a, title="A").axes[0]
    plots.update_downtime_histogram(moved, sim_b, title="B")

    def bars(ax):
        counts, edges, _ = ax.patches[0].get_data()
        return np.concatenate([counts, edges])

    def text(ax):
        return ([(ln.get_gid(), ln.get_label()) for ln in ax.lines], [t.get_text() for t in ax.get_legend().get_texts()],
                ax.get_title())
    assert text(moved) != text(plots.downtime_histogram(sim_a).axes[0])  # it moved
    assert np.allclose(bars(moved), bars(fresh), atol=1e-12) and text(moved) == text(fresh)
    assert np.allclose([ln.get_xdata() for ln in moved.lines], [ln.get_xdata() for ln in fresh.lines])
    assert np.allclose(moved.get_xlim() + moved.get_ylim(), fresh.get_xlim() + fresh.get_ylim())
    plt.close("all")


def test_an_updated_timeline_is_the_one_drawn_anew():
    import matplotlib.pyplot as plt
    from conftest import ROOT

    from vpncost.failover import availability
    from vpncost.failover.designs import option_topologies, reference_designs, with_options
    from vpncost.scenario import load_scenario

    sc = load_scenario(ROOT / "data/scenarios/resilient_dc.yaml")
    designs = reference_designs(sc, second_location="EqSE2")
    tops = option_topologies(with_options(sc, designs), designs)
    one, many = tops["DX only"], tops["2 DX, two locations"]  # one path, then several
    fresh = plots.timeline_chart(availability.timeline(many, year_seed=5), title="B").axes[0]
    moved = plots.timeline_chart(availability.timeline(one, year_seed=4), title="A").axes[0]
    moved.figure.canvas.draw()
    plots.update_timeline_chart(moved, availability.timeline(many, year_seed=5), title="B")
    fresh.figure.canvas.draw()
    moved.figure.canvas.draw()

    def bars(ax):
        return sorted((c.get_gid(), tuple(np.round(p.vertices, 9).ravel())) for c in ax.collections for p in c.get_paths())
    assert len(moved.collections) == len(fresh.collections) > 2
    assert bars(moved) == bars(fresh)
    assert [t.get_text() for t in moved.get_yticklabels()] == [t.get_text() for t in fresh.get_yticklabels()]
    assert moved.get_ylim() == fresh.get_ylim() and moved.get_xlim() == fresh.get_xlim()
    assert moved.get_title() == "B"
    plt.close("all")


def test_an_updated_stacked_cost_chart_has_the_limits_of_one_drawn_anew():
    import matplotlib.pyplot as plt
    from conftest import ROOT

    from vpncost.model.estimate import build, estimate
    from vpncost.scenario import load_scenario

    stack = views.cost_by_group(estimate(build(load_scenario(ROOT / "data/scenarios/frankfurt_dc.yaml"))))
    bigger = stack * np.linspace(1.0, 3.0, stack.shape[1])
    fresh = plots.stacked_cost_chart(bigger).axes[0]
    moved = plots.stacked_cost_chart(stack).axes[0]
    before = moved.get_ylim()
    plots.update_stacked_cost_chart(moved, bigger)
    assert moved.get_ylim() != before
    assert np.allclose(moved.get_ylim() + moved.get_xlim(), fresh.get_ylim() + fresh.get_xlim(), rtol=1e-12)
    plt.close("all")


def test_panel_legends_stay_where_they_were_first_drawn():
    import matplotlib.pyplot as plt

    from vpncost.present.widgets import draw, panel_figure

    fig, ax = plt.subplots(figsize=(5, 4))
    panel_figure(fig)
    (line,) = ax.plot([0, 1, 2, 3], [0, 1, 2, 3], label="rising")  # "best" puts the legend upper left
    ax.legend()
    draw(fig, relayout=True)
    first = ax.get_legend().get_window_extent().bounds
    line.set_data([0, 1, 2, 3], [3, 2, 1, 0])  # now upper left is taken: "best" would move it
    draw(fig)
    assert ax.get_legend().get_window_extent().bounds == pytest.approx(first)
    assert not fig.stale
    plt.close(fig)


def test_an_updated_latency_chart_is_the_one_drawn_anew():
    import matplotlib.pyplot as plt
    import pandas as pd
    from conftest import ROOT

    from vpncost.model.acceleration import tradeoff

    world = pd.read_csv(ROOT / "data/sites_world.csv")

    def mine(city):
        sites = pd.concat([pd.DataFrame({"name": [f"{city} (your site)"], "city": [city]}), world], ignore_index=True)
        return tradeoff(sites, "us-east-1", 1000.0, 500.0).iloc[[0]]
    tokyo, london = mine("Tokyo"), mine("London")
    fresh = plots.latency_chart(london).axes[0]
    moved = plots.latency_chart(tokyo).axes[0]
    plots.update_latency_chart(moved, london)
    assert moved.get_ylim() == pytest.approx(fresh.get_ylim()) and moved.get_xlim() == pytest.approx(fresh.get_xlim())
    assert [t.get_text() for t in moved.get_xticklabels()] == ["London (your\nsite)"]
    assert [r.get_height() for r in moved.patches] == pytest.approx([r.get_height() for r in fresh.patches])
    plt.close("all")


def _label_boxes(ax):
    from matplotlib.text import Text
    renderer = ax.figure.canvas.get_renderer()  # the text alone, not an annotation's leader line
    return [Text.get_window_extent(t, renderer) for t in ax.texts if t.get_gid() == "label" and t.get_visible()]


def test_point_labels_never_overlap_and_stay_inside_their_chart():
    """The frontier's design names and the premium chart's site names, as the panels draw them."""
    import pandas as pd
    from conftest import ROOT

    from vpncost.present.widgets import AccelerationPanel, FailoverPanel
    from vpncost.scenario import load_scenario
    fo = FailoverPanel(load_scenario(ROOT / "data/scenarios/resilient_dc.yaml"), years=200)
    acc = AccelerationPanel(pd.read_csv(ROOT / "data/sites_world.csv"))
    acc.refresh(**{**acc.inputs(), "city": "Sydney"})
    for ax in (fo.axes["frontier"], acc.axes["premium"]):
        ax.figure.canvas.draw()
        boxes, frame = _label_boxes(ax), ax.get_window_extent()
        assert len(boxes) >= 8
        for i, a in enumerate(boxes):
            assert frame.x0 - 1 <= a.x0 and a.x1 <= frame.x1 + 1 and frame.y0 - 1 <= a.y0 and a.y1 <= frame.y1 + 1
            assert not any(a.overlaps(b) for b in boxes[i + 1:]), ax.get_title()


def test_money_axes_start_at_zero_and_read_as_dollars():
    from conftest import ROOT

    from vpncost.present.widgets import CostDashboard
    from vpncost.scenario import load_scenario
    d = CostDashboard(load_scenario(ROOT / "data/scenarios/frankfurt_dc.yaml"))
    d.refresh(**{**d.inputs(), "egress_gb": 10_000_000.0})  # 10 PB: billions over the years
    d.fig.canvas.draw()
    for ax in (d.ax_stack, d.ax_curve, d.ax_tco):
        assert ax.get_ylim()[0] == 0
        ticks = [t.get_text() for t in ax.get_yticklabels() if t.get_text()]
        assert all(t.startswith("$") for t in ticks) and not any(t.endswith("G") for t in ticks), ticks
        assert not ax.yaxis.get_offset_text().get_text()


def test_no_break_even_with_an_option_that_cannot_carry_the_traffic():
    from conftest import ROOT

    from vpncost.model import compare
    from vpncost.model.estimate import build, summary
    from vpncost.scenario import load_scenario
    model = build(load_scenario(ROOT / "data/scenarios/frankfurt_dc.yaml"))
    bad = set(summary(model).query("not feasible")["option"])
    assert bad  # VPN on VGW: one 1.25 Gbps tunnel for a larger peak
    be = compare.break_even_table(model, "egress_gb", x_max=compare.curve_x_max(model, "egress_gb"))
    assert len(be) and not (set(be["option_a"]) | set(be["option_b"])) & bad


def test_dashboard_says_which_option_its_dx_pickers_change_and_flags_far_locations():
    """Sydney with the Frankfurt scenario: the second DX option stays at EqFA5, 16,000 km away, and says so."""
    from conftest import ROOT

    from vpncost.present.views import far_dx_options
    from vpncost.present.widgets import CostDashboard
    from vpncost.scenario import load_scenario
    base = load_scenario(ROOT / "data/scenarios/frankfurt_dc.yaml")
    assert far_dx_options(base) == []
    d = CostDashboard(base)
    first = next(o.name for o in base.options if o.type == "direct_connect")
    assert first in d.dx_note.value
    d.region.value = "ap-southeast-2"  # as a user picks them
    d.dx_location.value = "EqSY3"
    sc = d.data["scenario"]
    far = far_dx_options(sc)
    assert [code for _, code, _, _ in far] == ["EqFA5"] and far[0][3] > 10_000
    assert "EqFA5 (eu-central-1)" in d.status.value and "the DX pickers change only" in d.status.value


def test_formatters_never_lie_about_a_number():
    import pandas as pd

    from vpncost.formats import percent_of_time, quantity
    assert [plots.short_usd(x) for x in (0, 2500, 999_999, 200_000, 3.2e9, 1.5e12, float("nan"))] == \
        ["$0", "$2.5k", "$1M", "$200k", "$3.2bn", "$1.5tn", ""]
    assert percent_of_time(np.float32("nan")) == percent_of_time(pd.NA) == ""
    assert percent_of_time(1 - 1e-15) == ">99.999999999999%"
    assert quantity(1 / 36) == "0.0277778" and quantity(10_240) == "10,240" and quantity(float("inf")) == "inf"


def _png(fig) -> str:
    import hashlib

    from vpncost.present.widgets import draw
    draw(fig)
    return hashlib.sha1(bytes(fig.canvas.buffer_rgba())).hexdigest()


def test_every_dashboard_and_acceleration_input_moves_a_chart():
    """What notebooks 01 and 02 say moves the charts does: each input, set as a user sets it, changes the PNG."""
    import pandas as pd
    from conftest import ROOT

    from vpncost.present.widgets import AccelerationPanel, CostDashboard
    from vpncost.scenario import load_scenario
    d = CostDashboard(load_scenario(ROOT / "data/scenarios/frankfurt_dc.yaml"))
    seen = {_png(d.fig)}
    for widget, value in ((d.egress, 90_000.0), (d.ingress, 60_000.0), (d.growth, 40.0), (d.years, 6),
                          (d.dx_type, "hosted"), (d.dx_speed, "2G"), (d.region, "eu-west-1"), (d.dx_location, "EqDC2")):  # another continent: another rate
        widget.value = value
        seen.add(_png(d.fig))
        assert "No charts for these inputs" not in d.status.value, (widget.description, d.status.value)
    assert len(seen) == 9
    a = AccelerationPanel(pd.read_csv(ROOT / "data/sites_world.csv"))
    seen = {_png(a.fig)}
    # each value changes what is drawn: ingress above egress makes it the dominant direction (auto), then egress
    # is forced; Sydney to us-west-2 saves milliseconds, so the value of one moves the rule line
    for widget, value in ((a.city, "Sydney"), (a.region, "us-west-2"), (a.egress, 50_000.0), (a.ingress, 80_000.0),
                          (a.direction, "egress"), (a.value, 25.0)):
        widget.value = value
        seen.add(_png(a.fig))
    assert len(seen) == 7
