"""What next months' connectivity spend will be: from the bill's own history (a linear trend per component with a
prediction interval) and, where a scenario or estate exists, from the cost model with the scenario's traffic growth.

The history method is ordinary least squares of monthly cost on the month index, per component, and, from
:data:`SEASONAL_MONTHS` months of history on (two of each calendar month), on the calendar month too (11 indicator
columns: trend + seasonality). Its band is the prediction interval of a new observation,
``yhat +/- t(level, n - p) * s * sqrt(1 + x0' (X'X)^-1 x0)`` with p fitted coefficients (Montgomery, Peck & Vining,
*Introduction to Linear Regression Analysis*, 3.5; with the trend alone it is 2.4.2's
``sqrt(1 + 1/n + (t - tbar)^2 / Sxx)``). It needs at least :data:`MIN_MONTHS` months; with fewer than
:data:`SEASONAL_MONTHS` (a CUR rarely keeps two years) the season is not modelled and the method says so.
The model method prices each future month with traffic grown at the scenario's rate; its band is that growth
rate plus and minus :data:`GROWTH_BAND_PCT` points (or half the rate, whichever is larger).
"""
from __future__ import annotations

import math

import numpy as np
import pandas as pd

from vpncost.errors import VpncostError

MIN_MONTHS = 3          # fewest months of history a trend is fitted to [months]
SEASONAL_MONTHS = 24    # from this much history on, the calendar month is fitted too [months]
MAX_AHEAD = 24          # furthest forecast [months]
GROWTH_BAND_PCT = 5.0   # the model band: growth +/- this many points [%/year] (or half the rate if larger)
COLUMNS = ["month", "component", "method", "cost_usd", "low_usd", "high_usd"]


class ForecastError(VpncostError):
    """A forecast cannot be made from these inputs."""


def next_months(last: str, n: int) -> list:
    """The ``n`` months after ``last`` as 'YYYY-MM'.

    Parameters
    ----------
    last : str
        A month 'YYYY-MM'.
    n : int
        How many [months].
    """
    y, m = int(last[:4]), int(last[5:7])
    out = []
    for _ in range(n):
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
        out.append(f"{y:04d}-{m:02d}")
    return out


def t_quantile(p: float, dof: int) -> float:
    """Quantile ``p`` of Student's t with ``dof`` degrees of freedom (bisection on its CDF, integrated from the
    density with Simpson's rule; accurate to about 1e-6 for dof >= 1).

    Parameters
    ----------
    p : float
        Probability, 0.5 < p < 1 [-].
    dof : int
        Degrees of freedom [-].
    """
    c = math.exp(math.lgamma((dof + 1) / 2) - math.lgamma(dof / 2)) / math.sqrt(dof * math.pi)

    def cdf(x: float) -> float:  # P(T <= x) for x >= 0, on the substitution u = atan(t) (finite range)
        u = np.linspace(0.0, math.atan(x), 2001)
        f = c * (1 + np.tan(u) ** 2 / dof) ** (-(dof + 1) / 2) / np.cos(u) ** 2
        h = u[1] - u[0]
        return 0.5 + h / 3 * (f[0] + f[-1] + 4 * f[1:-1:2].sum() + 2 * f[2:-1:2].sum())

    lo, hi = 0.0, 1.0
    while cdf(hi) < p:
        hi *= 2
    for _ in range(60):
        mid = 0.5 * (lo + hi)
        lo, hi = (mid, hi) if cdf(mid) < p else (lo, mid)
    return 0.5 * (lo + hi)


def from_history(spend: pd.DataFrame, months_ahead: int = 3, level: float = 0.8) -> pd.DataFrame:
    """Next months' cost per component from the bill's history: a linear trend and its prediction interval.

    Parameters
    ----------
    spend : pandas.DataFrame
        From a spend reader: month, component, cost_usd [USD].
    months_ahead : int
        Months to forecast [months], 1 to :data:`MAX_AHEAD`.
    level : float
        Coverage of the band [-] (0.8: an 80 % prediction interval).

    Returns
    -------
    pandas.DataFrame
        month, component, method ('history trend', or 'history trend + season' from :data:`SEASONAL_MONTHS`
        months), cost_usd, low_usd, high_usd [USD]; one row per future month and component (a component missing
        in a month of the history counts as $0 that month).
    """
    _check_ahead(months_ahead)
    if not 0.5 < level < 1:
        raise ForecastError(f"forecast level: {level} is out of range; allowed: above 0.5 and below 1")
    if spend.empty:
        raise ForecastError("forecast: the bill has no connectivity lines to forecast from")
    wide = spend.pivot_table(index="month", columns="component", values="cost_usd", aggfunc="sum", fill_value=0.0)
    history = _full_months(list(wide.index))
    wide = wide.reindex(history, fill_value=0.0)
    n = len(history)
    if n < MIN_MONTHS:
        raise ForecastError(f"forecast: {n} month(s) of history ({', '.join(history)}); a trend needs at least "
                            f"{MIN_MONTHS}")
    ahead = next_months(history[-1], months_ahead)
    seasonal = n >= SEASONAL_MONTHS
    x, x_new = _design(history, seasonal), _design(ahead, seasonal)
    p = x.shape[1]
    xtx_inv = np.linalg.pinv(x.T @ x)
    spread = np.sqrt(1.0 + np.einsum("ij,jk,ik->i", x_new, xtx_inv, x_new))  # sqrt(1 + x0' (X'X)^-1 x0)
    tq = t_quantile(0.5 + level / 2, n - p) if n > p else float("nan")
    method = "history trend + season" if seasonal else "history trend"
    rows = []
    for comp in wide.columns:
        y = wide[comp].to_numpy(float)
        beta = xtx_inv @ (x.T @ y)
        resid = y - x @ beta
        s = math.sqrt(float(resid @ resid) / (n - p)) if n > p else 0.0
        for month, yhat, sp in zip(ahead, x_new @ beta, spread):
            half = tq * s * sp if s > 0 else 0.0
            rows.append({"month": month, "component": comp, "method": method,
                         "cost_usd": max(0.0, yhat), "low_usd": max(0.0, yhat - half),
                         "high_usd": max(0.0, yhat + half)})
    return pd.DataFrame(rows, columns=COLUMNS)


def from_model(estate, first_month: str, months_ahead: int = 3, catalog=None) -> pd.DataFrame:
    """Next months' cost of an estate (or one scenario) from the cost model, traffic growing at each part's rate.

    Parameters
    ----------
    estate : Estate, NetworkEstate or Scenario
        What runs (``vpncost.spend.estate``), or a scenario with one option (a network has no growth rates: its
        months are priced as they are, each for its own hours).
    first_month : str
        The first forecast month 'YYYY-MM' (its traffic is the scenario's).
    months_ahead : int
        Months to forecast [months].
    catalog : PriceCatalog, optional
        Prices (default: each part's).

    Returns
    -------
    pandas.DataFrame
        month, component ('model: OPTION'), method ('model with growth'), cost_usd, low_usd, high_usd [USD]: the
        band is the growth rate minus and plus :data:`GROWTH_BAND_PCT` points (or half the rate).
    """
    from vpncost.model.compare import tco

    _check_ahead(months_ahead)
    months = [first_month, *next_months(first_month, months_ahead - 1)]
    if hasattr(estate, "network"):   # a network: no growth rates, each month priced for its own hours
        from vpncost.spend.reconcile import month_hours
        rows = []
        for month in months:
            cost = float(estate.breakdown(hours=month_hours(month), catalog=catalog)["cost_usd"].sum())
            rows.append({"month": month, "component": f"model: {estate.name}", "method": "model (a network: no "
                         "growth)", "cost_usd": cost, "low_usd": cost, "high_usd": cost})
        return pd.DataFrame(rows, columns=COLUMNS)
    parts = getattr(estate, "parts", None) or (estate,)
    years = math.ceil(months_ahead / 12)
    rows = []
    for part in parts:
        g = part.traffic.growth_pct_per_year
        band = max(GROWTH_BAND_PCT, abs(g) / 2)
        series = {k: tco(part, years=years, growth_pct_per_year=rate, catalog=catalog)
                  for k, rate in (("mid", g), ("low", g - band), ("high", g + band))}
        for opt in part.options:
            got = {k: v[(v["option"] == opt.name) & (v["month"] >= 1)]["cost_usd"].to_numpy()[:months_ahead]
                   for k, v in series.items()}
            for i, month in enumerate(months):
                lo, hi = sorted((got["low"][i], got["high"][i]))
                rows.append({"month": month, "component": f"model: {opt.name}", "method": "model with growth",
                             "cost_usd": float(got["mid"][i]), "low_usd": float(lo), "high_usd": float(hi)})
    return pd.DataFrame(rows, columns=COLUMNS)


def _design(months: list, seasonal: bool) -> np.ndarray:
    """Regressors of ``months`` ('YYYY-MM'): 1, the month index (months since 2000-01, so history and future share
    one axis) and, with ``seasonal``, an indicator per calendar month February to December."""
    idx = np.array([(int(m[:4]) - 2000) * 12 + int(m[5:7]) - 1 for m in months], float)
    cols = [np.ones(len(months)), idx]
    if seasonal:
        cal = np.array([int(m[5:7]) for m in months])
        cols += [(cal == k).astype(float) for k in range(2, 13)]
    return np.column_stack(cols)


def _check_ahead(months_ahead: int) -> None:
    if not isinstance(months_ahead, (int, np.integer)) or not 1 <= months_ahead <= MAX_AHEAD:
        raise ForecastError(f"forecast: {months_ahead!r} months is out of range; allowed: 1 to {MAX_AHEAD}")


def _full_months(months: list) -> list:
    """Every month from the first to the last of ``months`` (a month without lines is a month of $0)."""
    months = sorted(months)
    out = [months[0]]
    while out[-1] < months[-1]:
        out += next_months(out[-1], 1)
    return out
