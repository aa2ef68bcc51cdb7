"""Matplotlib figures drawn from the library's tidy DataFrames (presentation only: no cost arithmetic).

Each function takes the DataFrame a model or view function returned and an optional ``ax``; it returns
the matplotlib Figure. matplotlib is imported here, never at ``import vpncost``.
"""
from __future__ import annotations

import pandas as pd


def _axes(ax=None, figsize=(8, 4)):
    import matplotlib.pyplot as plt

    if ax is None:
        fig, ax = plt.subplots(figsize=figsize, layout="constrained")
    return ax.figure, ax


def dx_port_chart(ports: pd.DataFrame, ax=None):
    """Monthly port cost by speed, dedicated vs hosted (from :func:`vpncost.price_views.dx_port_prices`)."""
    fig, ax = _axes(ax)
    for conn, grp in ports.groupby("connection"):
        ax.plot(grp["mbps"], grp["usd_per_month"], marker="o", label=conn)
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("port speed [Mbps]")
    ax.set_ylabel("USD per month (730 h)")
    ax.set_title("Direct Connect port-hours by speed")
    ax.legend()
    ax.grid(True, which="both", alpha=0.3)
    return fig


def dto_region_chart(dto: pd.DataFrame, ax=None):
    """Internet data transfer out per GB by Region and tier (from :func:`internet_dto_by_region`)."""
    fig, ax = _axes(ax, figsize=(10, 4))
    wide = dto.pivot_table(index="region", columns="tier_start_gb", values="usd_per_gb", sort=False)
    labels = dict(zip(dto["tier_start_gb"], dto["tier"]))
    wide.columns = [labels[c] for c in wide.columns]
    wide.plot.bar(ax=ax, width=0.8)
    ax.set_ylabel("USD per GB")
    ax.set_title("Internet data transfer out by Region and monthly tier")
    ax.legend(title="tier", fontsize="small")
    return fig
