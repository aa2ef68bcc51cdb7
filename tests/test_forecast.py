"""Forecast of next months' connectivity spend: from the bill's history and from the model with growth."""
import numpy as np
import pandas as pd
import pytest
from conftest import ROOT, run_cli

from vpncost.spend.forecast import ForecastError, from_history, from_model, next_months, t_quantile


def history(costs: dict, start="2026-01") -> pd.DataFrame:
    rows = []
    for comp, values in costs.items():
        for month, v in zip([start, *next_months(start, len(values) - 1)], values):
            rows.append({"month": month, "account_id": "1", "region": "us-east-1", "component": comp, "cost_usd": v})
    return pd.DataFrame(rows)


@pytest.mark.parametrize("p,dof,expected", [(0.9, 1, 3.0777), (0.975, 10, 2.2281), (0.9, 4, 1.5332),
                                             (0.95, 30, 1.6973), (0.995, 3, 5.8409)])
def test_t_quantile_matches_the_tables(p, dof, expected):
    assert t_quantile(p, dof) == pytest.approx(expected, abs=2e-4)


def test_a_straight_line_is_extrapolated_exactly_with_no_band():
    out = from_history(history({"dx_port_hours": [100, 110, 120, 130, 140]}), months_ahead=2)
    assert out["month"].tolist() == ["2026-06", "2026-07"]
    assert out["cost_usd"].tolist() == pytest.approx([150, 160])
    assert np.allclose(out["low_usd"], out["cost_usd"]) and np.allclose(out["high_usd"], out["cost_usd"])


def test_the_band_covers_about_its_level():
    rng = np.random.default_rng(4)
    hits, n = 0, 300
    for _ in range(n):
        y = 500 + 20 * np.arange(9) + rng.normal(0, 30, 9)
        out = from_history(history({"c": list(y[:8])}), months_ahead=1, level=0.8).iloc[0]
        hits += out["low_usd"] <= y[8] <= out["high_usd"]
    assert 0.74 <= hits / n <= 0.86


def test_two_years_of_history_fit_the_season_too():
    """A December peak (+$300) on a trend: with 36 months the forecast follows the season and its band still covers
    about 80 %; with 23 months (not two of each calendar month) it is the trend alone and says so."""
    rng = np.random.default_rng(7)
    season = np.array([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 300.0])
    hits, n, errs = 0, 200, []
    for _ in range(n):
        y = 1000 + 5 * np.arange(48) + np.tile(season, 4) + rng.normal(0, 20, 48)
        out = from_history(history({"c": list(y[:36])}), months_ahead=12, level=0.8)
        hits += int(((out["low_usd"] <= y[36:]) & (y[36:] <= out["high_usd"])).sum())
        errs.append(np.abs(out["cost_usd"].to_numpy() - (1000 + 5 * np.arange(36, 48) + season)).max())
    assert set(out["method"]) == {"history trend + season"}
    assert 0.74 <= hits / (12 * n) <= 0.86
    assert np.median(errs) < 40  # the December peak is forecast (a trend alone misses it by about $275)
    short = from_history(history({"c": list(y[:23])}), months_ahead=2)
    assert set(short["method"]) == {"history trend"}


def test_months_roll_over_and_missing_months_count_as_zero():
    assert next_months("2026-11", 3) == ["2026-12", "2027-01", "2027-02"]
    spend = history({"vpn_connection_hours": [50, 50, 50]}, start="2026-10").drop(index=1)  # November missing
    out = from_history(spend, months_ahead=1)
    # 50, 0, 50: a flat trend through the mean, $33.33 (the missing month is a month without that cost)
    assert out["month"].tolist() == ["2027-01"] and out["cost_usd"].iloc[0] == pytest.approx(100 / 3)


def test_model_forecast_follows_the_scenarios_growth():
    from vpncost.model.compare import tco
    from vpncost.scenario import load_scenario

    sc = load_scenario(ROOT / "data/scenarios/small_branch.yaml")
    out = from_model(sc, "2027-01", months_ahead=14)
    opt = sc.options[0].name
    mine = out[out["component"] == f"model: {opt}"]
    series = tco(sc, years=2)
    expect = series[(series["option"] == opt) & (series["month"] >= 1)]["cost_usd"].to_numpy()[:14]
    assert mine["cost_usd"].to_numpy() == pytest.approx(expect)
    assert mine["month"].iloc[-1] == "2028-02"
    assert (mine["low_usd"] <= mine["cost_usd"] + 1e-9).all() and (mine["high_usd"] >= mine["cost_usd"] - 1e-9).all()
    assert mine["high_usd"].iloc[-1] > mine["low_usd"].iloc[-1]  # the band opens with time


def test_bad_forecast_requests_are_one_line(tmp_path, capsys):
    with pytest.raises(ForecastError, match="2 month\\(s\\) of history .* at least 3"):
        from_history(history({"c": [1.0, 2.0]}))
    with pytest.raises(ForecastError, match="allowed: 1 to 24"):
        from_history(history({"c": [1.0, 2.0, 3.0]}), months_ahead=0)
    cur = str(ROOT / "data/sample_cur/cur2")
    for argv, words in ((["--forecast", "0"], "out of range; allowed: 1 to 24"),
                        (["--forecast", "x"], "is not a whole number")):
        assert run_cli(["spend", "--cur", cur, *argv]) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and words in err, err
    assert run_cli(["spend", "--cur", cur, "--forecast", "3", "--model",
                    str(ROOT / "data/estates/sample_estate.yaml")]) == 0
    out = capsys.readouterr().out
    assert "Forecast from the bill's history" in out and "Forecast from the cost model" in out
