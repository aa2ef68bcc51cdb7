"""Break-even, sensitivity, TCO, and property tests of the invariants every cost curve must keep."""
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vpncost.model import compare
from vpncost.model.estimate import build
from vpncost.scenario import from_dict

OPTIONS = [
    {"name": "vgw", "type": "vpn"},
    {"name": "tgw", "type": "vpn", "gateway": "tgw", "connections": 2},
    {"name": "accel", "type": "vpn", "gateway": "tgw", "accelerated": True},
    {"name": "dx1", "type": "direct_connect", "speed": "1G", "location": "EqDC2",
     "extra_monthly_usd": {"circuit": 300}, "extra_one_time_usd": {"CPE": 5000}},
    {"name": "dx10+backup", "type": "direct_connect", "speed": "10G", "location": "EqDC2", "gateway": "tgw",
     "backup": {"gateway": "tgw", "traffic_share": 0.1}},
    {"name": "hosted", "type": "direct_connect", "connection": "hosted", "speed": "500M", "location": "EqDC2"},
]


def model(**kw):
    data = {"name": "p", "region": "us-east-1", "options": OPTIONS,
            "traffic": {"egress_gb": 2000, "ingress_gb": 800, "site_to_site_gb": 0}}
    for k, v in kw.items():
        data[k] = {**data.get(k, {}), **v} if isinstance(v, dict) else v
    return build(from_dict(data))


BASE = model()


def test_break_even_vgw_vs_dx_by_hand():
    # VPN on VGW: 36.5 + tiered internet DTO; DX 1G: 219 + 300 circuit + 5000/36 CPE + 0.02/GB
    m = model(options=[OPTIONS[0], OPTIONS[3]], traffic={"egress_gb": 0, "ingress_gb": 0})
    be = compare.break_even(m, "vgw", "dx1")
    fixed_dx = 219 + 300 + 5000 / 36
    x = (fixed_dx - 36.5) / (0.09 - 0.02)
    assert x < 10240  # within the first tier, so the by-hand line applies
    assert len(be) == 1 and be.loc[0, "x"] == pytest.approx(x, rel=1e-12)
    assert be.loc[0, "cheaper_below"] == "vgw" and be.loc[0, "cheaper_above"] == "dx1"


def test_break_even_across_tier_boundaries_is_exact():
    m = model(options=[{"name": "vgw", "type": "vpn"},
                       {"name": "dx", "type": "direct_connect", "speed": "10G", "location": "EqDC2"}],
              traffic={"egress_gb": 0, "ingress_gb": 0})
    be = compare.break_even(m, "vgw", "dx")
    x = float(be.loc[0, "x"])
    assert x > 10240  # beyond the first tier
    t = m.totals(m.usage(egress_gb=np.array([x])))
    assert t[0, 0] == pytest.approx(t[1, 0], abs=1e-6)
    # by hand: 36.5 + 10240*0.09 + (x-10240)*0.085 = 1642.5 + 0.02x
    assert x == pytest.approx((1642.5 - 36.5 - 10240 * 0.09 + 10240 * 0.085) / (0.085 - 0.02))


def test_break_even_dominant_direction_kink():
    m = model(options=[{"name": "accel", "type": "vpn", "gateway": "tgw", "accelerated": True},
                       {"name": "dx", "type": "direct_connect", "speed": "1G", "location": "EqDC2", "gateway": "tgw"}],
              traffic={"egress_gb": 0, "ingress_gb": 3000})
    be = compare.break_even(m, "accel", "dx", x_max=1e6)
    for x in be["x"]:
        t = m.totals(m.usage(egress_gb=np.array([x])))
        assert t[0, 0] == pytest.approx(t[1, 0], abs=1e-6)
    assert 3000.0 in compare.kinks(m, ["accel"], "egress_gb")


def test_no_crossing_when_one_option_always_cheaper():
    m = model(options=[OPTIONS[0], {"name": "tgw", "type": "vpn", "gateway": "tgw"}])
    assert compare.break_even(m, "vgw", "tgw").empty


def test_break_even_table_covers_every_pair():
    t = compare.break_even_table(BASE, "total_gb")
    assert set(zip(t["option_a"], t["option_b"])) <= {(a, b) for i, a in enumerate(BASE.names) for b in BASE.names[i + 1:]}
    assert not t.empty


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(a=st.sampled_from([o["name"] for o in OPTIONS]), b=st.sampled_from([o["name"] for o in OPTIONS]),
       ingress=st.floats(0, 3e5), s2s=st.floats(0, 5e4), variable=st.sampled_from(["egress_gb", "ingress_gb", "total_gb"]),
       free=st.booleans(), other=st.floats(0, 2e5))
def test_property_break_even_is_where_curves_cross(a, b, ingress, s2s, variable, free, other):
    m = model(traffic={"ingress_gb": ingress, "site_to_site_gb": s2s, "other_internet_egress_gb": other},
              pricing={"free_tier": free})
    if a == b:
        return
    x_max = 5e5
    be = compare.break_even(m, a, b, variable, x_max=x_max)
    ia, ib = m.names.index(a), m.names.index(b)
    for x in be["x"]:
        t = compare.usage_along(m, variable, np.array([x]))
        tot = m.totals(t)
        assert tot[ia, 0] == pytest.approx(tot[ib, 0], rel=1e-9, abs=1e-6)
    # and nowhere else: between crossings the sign of the difference stays the same
    grid = np.linspace(0, x_max, 2001)
    d = np.diff(m.totals(compare.usage_along(m, variable, grid))[[ia, ib]], axis=0)[0]
    sign_changes = grid[1:][np.sign(d[1:]) * np.sign(d[:-1]) < 0]
    for x in sign_changes:
        assert np.min(np.abs(be["x"].to_numpy() - x)) <= x_max / 2000 + 1e-6


@settings(max_examples=200, deadline=None)
@given(eg=st.floats(0, 1e6), ing=st.floats(0, 1e6), s2s=st.floats(0, 1e5), hours=st.floats(0.01, 9000),
       other=st.floats(0, 3e5), free=st.booleans(), d_eg=st.floats(0, 1e5), d_in=st.floats(0, 1e5), d_s=st.floats(0, 1e4))
def test_property_costs_non_negative_and_non_decreasing_in_traffic(eg, ing, s2s, hours, other, free, d_eg, d_in, d_s):
    m = model(traffic={"other_internet_egress_gb": other}, pricing={"free_tier": free})
    lo = m.totals(m.usage(hours=hours, egress_gb=eg, ingress_gb=ing, site_to_site_gb=s2s))
    hi = m.totals(m.usage(hours=hours, egress_gb=eg + d_eg, ingress_gb=ing + d_in, site_to_site_gb=s2s + d_s))
    assert (lo >= 0).all()
    assert (hi >= lo - 1e-9 * np.maximum(1, lo)).all()


@settings(max_examples=40, deadline=None)
@given(h1=st.floats(0.01, 9000), dh=st.floats(0, 2000))
def test_property_costs_non_decreasing_in_hours_for_a_running_link(h1, dh):
    # one-time costs excluded: their share per period is a modelling choice, recurring costs must grow
    m = model(options=[o for o in OPTIONS if "extra_one_time_usd" not in o])
    lo, hi = m.totals(m.usage(hours=h1)), m.totals(m.usage(hours=h1 + dh))
    assert (hi >= lo - 1e-9).all()


def test_tco_growth_and_one_time_costs():
    m = model(options=[OPTIONS[3]], traffic={"growth_pct_per_year": 20, "egress_gb": 1000})
    t = compare.tco(m, years=2)
    assert list(t["month"]) == list(range(25))
    assert t.loc[0, "cost_usd"] == pytest.approx(5000)  # one-time at month 0
    assert t.loc[13, "egress_gb"] == pytest.approx(1200)  # a year later, +20 %
    assert t.loc[1, "cost_usd"] == pytest.approx(219 + 300 + 1000 * 0.02)
    assert t["cumulative_usd"].iloc[-1] == pytest.approx(t["cost_usd"].sum())
    s = compare.tco_summary(t)
    assert s.loc[0, "total_usd"] == pytest.approx(t["cost_usd"].sum())
    assert s.loc[0, "one_time_usd"] == pytest.approx(5000)


def test_sensitivity_flags_inputs_that_change_the_ranking():
    # near the VGW/DX break-even: egress moves the ranking, the TGW rate cannot (neither uses a TGW)
    m = model(options=[OPTIONS[0], {"name": "dx", "type": "direct_connect", "speed": "1G", "location": "EqDC2"}],
              traffic={"egress_gb": 3000, "ingress_gb": 0})
    s = compare.sensitivity(m).set_index("input")
    assert bool(s.loc["egress_gb", "changes_ranking"])
    assert "transit_gateway" not in s.index
    assert s["swing_usd"].is_monotonic_decreasing


def test_cost_curve_is_long_and_tidy():
    c = compare.cost_curve(BASE, "egress_gb", np.array([0, 10, 20]))
    assert set(c.columns) == {"option", "egress_gb", "cost_usd"} and len(c) == 3 * len(OPTIONS)
