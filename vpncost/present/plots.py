"""Matplotlib figures drawn from the library's tidy DataFrames (presentation only: no cost arithmetic).

Each function takes the DataFrame a model or view function returned and an optional ``ax``; it returns
the matplotlib Figure. matplotlib is imported here, never at ``import vpncost``.
"""
from __future__ import annotations

import pandas as pd

from vpncost.formats import usd

#: The smallest text on a chart [pt]: 13 px at the panels' 100 dpi, JupyterLab's own interface text size, so a
#: chart shown at its size (:data:`vpncost.present.widgets.PANEL_FIGSIZE`) is never harder to read than the page
LABEL_PT = 9.5


def _axes(ax=None, figsize=(8, 4)):
    import matplotlib.pyplot as plt

    if ax is None:
        fig, ax = plt.subplots(figsize=figsize, layout="constrained")
    return ax.figure, ax


def dx_port_chart(ports: pd.DataFrame, ax=None):
    """Monthly port cost by speed, dedicated vs hosted (from :func:`vpncost.pricing.views.dx_port_prices`)."""
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
    ax.legend(title="tier", fontsize=LABEL_PT, loc="upper left", bbox_to_anchor=(1.01, 1.0))  # beside: over the
    # bars it hid three Region groups
    return fig


STATUS_COLORS = {"sourced": "#55A868", "single_source": "#8DB86B", "price_list": "#4C72B0", "override": "#8172B3",
                 "assumed": "#E1A33A", "missing": "#C44E52"}


def coverage_chart(coverage: pd.DataFrame, ax=None):
    """How each Region's prices are known: stacked bars of sourced, assumed and missing prices over every item
    (from :func:`vpncost.pricing.views.coverage`)."""
    fig, ax = _axes(ax, figsize=(10, 7))
    per = coverage.groupby("region", sort=False)[list(STATUS_COLORS)].sum()
    per = per.div(per.sum(axis=1), axis=0) * 100
    left = pd.Series(0.0, index=per.index)
    for status, color in STATUS_COLORS.items():
        if per[status].any():
            ax.barh(per.index, per[status], left=left, color=color, label=status.replace("_", " "))
            left += per[status]
    ax.invert_yaxis()
    ax.set_xlim(0, 100)
    ax.set_xlabel("share of the Region's prices [%] (Direct Connect data transfer: one per location)")
    ax.set_title("Price coverage by Region")
    ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.04), ncols=len(STATUS_COLORS), fontsize=LABEL_PT, frameon=False)
    ax.tick_params(axis="y", labelsize="small")
    return fig


GROUP_COLORS = {"connection": "#4C72B0", "transit gateway": "#DD8452", "accelerator": "#8172B3",
                "data transfer": "#55A868", "customer": "#937860"}


def stacked_cost_chart(stack: pd.DataFrame, ax=None, infeasible=()):
    """Monthly cost per option, stacked by component group (from :func:`vpncost.present.views.cost_by_group`).

    Options named in ``infeasible`` are drawn faded and labelled "not feasible".
    """
    fig, ax = _axes(ax)
    x = range(len(stack.index))
    bottom = [0.0] * len(stack.index)
    for group in stack.columns:
        vals = stack[group].tolist()
        ax.bar(x, vals, bottom=bottom, label=group, color=GROUP_COLORS.get(group))
        bottom = [b + v for b, v in zip(bottom, vals)]
    ax.set_ylabel("USD per month")
    ax.set_title("Monthly cost by option")
    ax.margins(y=0.3)
    _few_ticks(ax, x=False, y_money=True)
    ax.legend(fontsize=LABEL_PT, ncols=3, loc="upper left")
    _mark_infeasible_bars(ax, stack, infeasible)
    return fig


def _mark_infeasible_bars(ax, stack, infeasible):
    # every label keeps a line for the mark, so that the frozen layout has room when an option turns infeasible
    labels = [_wrap(n) + ("\n(not feasible)" if n in infeasible else "\n ") for n in stack.index]
    if [t.get_text() for t in ax.get_xticklabels()] != labels:  # new tick labels cost a layout: only on change
        ax.set_xticks(range(len(stack.index)), labels, fontsize=LABEL_PT)
    for container in ax.containers:
        for name, rect in zip(stack.index, container):
            rect.set_alpha(0.35 if name in infeasible else 1.0)


def update_stacked_cost_chart(ax, stack: pd.DataFrame, infeasible=()):
    """Move the bars of a :func:`stacked_cost_chart` to new values (same options and groups)."""
    containers = {c.get_label(): c for c in ax.containers}
    bottom = [0.0] * len(stack.index)
    for group in stack.columns:
        for rect, b, v in zip(containers[group], bottom, stack[group]):
            rect.set_y(b)
            rect.set_height(v)
        bottom = [b + v for b, v in zip(bottom, stack[group])]
    _mark_infeasible_bars(ax, stack, infeasible)
    _relim_bars(ax)


def _relim_bars(ax) -> None:
    """Fit ``ax`` (rectangles only) to its data: the limits ``ax.relim()`` finds, from the rectangles' corners
    instead of its walk over every bar's transformed path (most of a bar chart's update)."""
    import numpy as np

    corners = np.array([(r.get_x(), r.get_y(), r.get_x() + r.get_width(), r.get_y() + r.get_height())
                        for r in ax.patches], float).reshape(-1, 4)
    x, y = corners[:, [0, 2]].ravel(), corners[:, [1, 3]].ravel()
    ax.dataLim.set_points(np.array([[x.min(), y.min()], [x.max(), y.max()]]))
    ax.autoscale_view()


def cost_curve_chart(curve: pd.DataFrame, break_even: pd.DataFrame, variable: str = "egress_gb", ax=None,
                     infeasible=()):
    """Cost vs traffic, one line per option, break-even points marked (from :func:`vpncost.model.compare.cost_curve`).

    Options named in ``infeasible`` are dashed."""
    fig, ax = _axes(ax)
    for name, grp in curve.groupby("option", sort=False):
        ax.plot(grp[variable], grp["cost_usd"], label=_option_label(name, infeasible), gid=f"option:{name}",
                linestyle="--" if name in infeasible else "-")
    ax.scatter(break_even["x"], break_even["cost_usd"], color="black", zorder=3, s=25, label="break-even",
               gid="break-even")
    ax.set_xlabel(f"{variable.replace('_gb', '')} [GB per period]")
    ax.set_ylabel("USD per period")
    ax.set_title("Cost vs traffic (break-even points marked)")
    ax.legend(fontsize=LABEL_PT)
    ax.grid(True, alpha=0.3)
    _few_ticks(ax, x_amounts=True, y_money=True)
    ax.margins(x=0)
    ax.set_ylim(bottom=0)  # money from zero
    return fig


def _few_ticks(ax, n: int = 5, x: bool = True, x_amounts: bool = False, y_money: bool = False) -> None:
    """At most about ``n`` labelled ticks on the y axis (and the x axis), amounts written short (16k, 1.2M) and
    the y label at a fixed distance: enough to read, little text to draw on every update, and labels whose width
    hardly changes when the data moves (the charts of a panel keep their layout between updates)."""
    from matplotlib.ticker import FuncFormatter

    if x:
        _max_ticks(ax.xaxis, n)
    if x_amounts:
        ax.xaxis.set_major_formatter(FuncFormatter(short_amount))
    _max_ticks(ax.yaxis, n)
    ax.yaxis.set_major_formatter(FuncFormatter(short_usd if y_money else short_amount))
    from matplotlib.transforms import offset_copy
    # the y label a fixed distance left of the axes, whatever their width: room for a short amount ('$200k')
    ax.yaxis.set_label_coords(0.0, 0.5, transform=offset_copy(ax.transAxes, ax.figure, x=-46, units="points"))


def _max_ticks(axis, n: int = 5) -> None:
    """At most about ``n`` ticks at round steps on ``axis`` (each tick is three artists to draw on every update)."""
    from matplotlib.ticker import MaxNLocator
    axis.set_major_locator(MaxNLocator(n, steps=[1, 2, 2.5, 5, 10]))


def _short(value: float, units) -> "tuple | None":
    """``value`` as (sign, at most three significant digits, unit suffix) with the largest unit it reaches; a value
    that rounds to 1,000 of a unit is written in the next one (999,999 -> 1M, not 1e+03k); None when not finite."""
    import math
    if not math.isfinite(value):
        return None
    size = abs(value)
    sign = "-" if value < 0 else ""
    units = (*units, (1.0, ""))
    for k, (div, suffix) in enumerate(units):
        if size >= div or div == 1.0:
            shown = size / div
            if float(f"{shown:.3g}") >= 1000 and k > 0:
                div, suffix = units[k - 1]
                shown = size / div
            text = f"{shown:.3g}" if float(f"{shown:.3g}") < 1000 else f"{shown:,.0f}"
            return sign, text, suffix


def short_usd(value: float, _pos=None) -> str:
    """A money axis amount: 2500 -> '$2.5k', 3.2e9 -> '$3.2bn' (never 'G' for dollars).

    Parameters
    ----------
    value : float
        The amount [USD].
    """
    parts = _short(value, ((1e12, "tn"), (1e9, "bn"), (1e6, "M"), (1e3, "k")))
    return f"{parts[0]}${parts[1]}{parts[2]}" if parts else ""


def short_amount(value: float, _pos=None) -> str:
    """An axis amount in at most three significant digits and a k/M/G suffix: 2500 -> '2.5k', 450000 -> '450k'.

    Parameters
    ----------
    value : float
        The amount [any unit].
    """
    parts = _short(value, ((1e9, "G"), (1e6, "M"), (1e3, "k")))
    return "".join(parts) if parts else ""


def update_cost_curve_chart(ax, curve: pd.DataFrame, break_even: pd.DataFrame, variable: str = "egress_gb",
                            infeasible=()):
    """Move the lines and markers of a :func:`cost_curve_chart`."""
    lines = {ln.get_gid(): ln for ln in ax.lines}
    relabel = False
    for name, grp in curve.groupby("option", sort=False):
        relabel |= _restyle(lines[f"option:{name}"], name, infeasible)
        lines[f"option:{name}"].set_data(grp[variable].to_numpy(), grp["cost_usd"].to_numpy())
    marks = next(c for c in ax.collections if c.get_gid() == "break-even")
    marks.set_offsets(break_even[["x", "cost_usd"]].to_numpy().reshape(-1, 2))
    if relabel:
        ax.legend(fontsize=LABEL_PT)
    ax.relim()
    ax.set_ylim(auto=True)
    ax.autoscale_view()
    ax.set_ylim(bottom=0)


def _restyle(line, name: str, infeasible) -> bool:
    """Dash an infeasible option's line and say so in its label; True when the label changed (the legend must
    be made again: rebuilding it on every update is a fifth of an update's artist work)."""
    line.set_linestyle("--" if name in infeasible else "-")
    label = _option_label(name, infeasible)
    if line.get_label() == label:
        return False
    line.set_label(label)
    return True


def _option_label(name: str, infeasible) -> str:
    """A legend entry: the option's name, and '(not feasible, dashed)' when it cannot carry the traffic."""
    return f"{name} (not feasible, dashed)" if name in infeasible else name


def tco_chart(tco: pd.DataFrame, ax=None, infeasible=(), legend: bool = True):
    """Cumulative cost over the years per option (from :func:`vpncost.model.compare.tco`); options named in
    ``infeasible`` are dashed and say so in the legend. Without ``legend`` (beside a :func:`cost_curve_chart` of
    the same options, whose legend serves both) the title says where the legend is."""
    fig, ax = _axes(ax)
    for name, grp in tco.groupby("option", sort=False):
        ax.plot(grp["month"] / 12.0, grp["cumulative_usd"], label=_option_label(name, infeasible), gid=f"option:{name}",
                linestyle="--" if name in infeasible else "-")
    ax.set_xlabel("years")
    ax.set_ylabel("cumulative USD")
    ax.set_title("Total cost of ownership" + ("" if legend else " (legend: left)"),
                 fontsize="medium")
    if legend:
        ax.legend(fontsize=LABEL_PT)
    ax.grid(True, alpha=0.3)
    _few_ticks(ax, y_money=True)
    ax.margins(x=0)
    ax.set_ylim(bottom=0)  # money from zero
    return fig


def update_tco_chart(ax, tco: pd.DataFrame, infeasible=(), legend: bool = True):
    """Move the lines of a :func:`tco_chart`."""
    lines = {ln.get_gid(): ln for ln in ax.lines}
    relabel = False
    for name, grp in tco.groupby("option", sort=False):
        relabel |= _restyle(lines[f"option:{name}"], name, infeasible)
        lines[f"option:{name}"].set_data(grp["month"].to_numpy() / 12.0, grp["cumulative_usd"].to_numpy())
    if relabel and legend:
        ax.legend(fontsize=LABEL_PT)
    ax.relim()
    ax.set_ylim(auto=True)
    ax.autoscale_view()
    ax.set_ylim(bottom=0)


def _wrap(text: str, width: int = 14) -> str:
    import textwrap
    return "\n".join(textwrap.wrap(text, width)) or text


def latency_chart(table: pd.DataFrame, ax=None):
    """Modelled RTT per site, standard vs accelerated (from :func:`vpncost.model.acceleration.tradeoff`)."""
    import numpy as np

    fig, ax = _axes(ax)
    x = np.arange(len(table))
    ax.bar(x - 0.2, table["rtt_standard_ms"], width=0.4, label="standard VPN (internet)", color="#C44E52")
    ax.bar(x + 0.2, table["rtt_accelerated_ms"], width=0.4, label="accelerated VPN (edge + backbone)", color="#4C72B0")
    ax.set_xticks(x, [_wrap(s, 12) for s in table["site"]], fontsize=LABEL_PT, rotation=0)
    ax.set_ylabel("round-trip time [ms] (model)")
    _max_ticks(ax.yaxis)
    ax.set_title("Latency: standard vs accelerated (modelled, not measured)")
    ax.legend(fontsize=LABEL_PT)
    return fig


def update_latency_chart(ax, table: pd.DataFrame):
    """Move the bars of a :func:`latency_chart` (same sites)."""
    for bars, col in zip(ax.containers, ("rtt_standard_ms", "rtt_accelerated_ms")):
        for rect, v in zip(bars, table[col]):
            rect.set_height(v)
    labels = [_wrap(s, 12) for s in table["site"]]
    if [t.get_text() for t in ax.get_xticklabels()] != labels:  # new tick labels cost a layout: only on change
        ax.set_xticks(range(len(table)), labels, fontsize=LABEL_PT)
    _relim_bars(ax)


def premium_chart(table: pd.DataFrame, value_of_ms_usd_per_month: float, ax=None):
    """Extra monthly cost against milliseconds saved per site, with the break-even line of the verdict rule."""
    import numpy as np

    fig, ax = _axes(ax)
    ax.scatter(table["saved_ms"], table["extra_usd_per_month"], color="#4C72B0", gid="sites", zorder=3)
    for t in table.itertuples():
        ax.annotate(t.site, (t.saved_ms, t.extra_usd_per_month), fontsize=LABEL_PT, xytext=(3, 3),
                    textcoords="offset points", gid="label", arrowprops=LEADER)
    xs = np.linspace(0, max(1.0, float(table["saved_ms"].max()) * 1.1), 50)
    ax.plot(xs, xs * value_of_ms_usd_per_month, linestyle="--", color="grey", gid="rule",
            label=f"worth it below this line (${value_of_ms_usd_per_month:g} per ms per month)")
    ax.set_xlabel("RTT saved [ms] (model)")
    ax.set_ylabel("extra USD per month")
    _max_ticks(ax.xaxis)
    _max_ticks(ax.yaxis)
    from matplotlib.ticker import FuncFormatter
    ax.yaxis.set_major_formatter(FuncFormatter(short_usd))  # '$1.2M', never a '1e6' offset at petabytes
    ax.set_title("Acceleration premium vs latency saved")
    ax.legend(fontsize=LABEL_PT, loc="upper left")
    ax.grid(True, alpha=0.3)
    spread_labels(ax, [t for t in ax.texts if t.get_gid() == "label"])
    return fig


def update_premium_chart(ax, table: pd.DataFrame, value_of_ms_usd_per_month: float):
    """Move the points, labels and rule line of a :func:`premium_chart` (same sites, in order)."""
    import numpy as np

    pts = next(c for c in ax.collections if c.get_gid() == "sites")
    xy = table[["saved_ms", "extra_usd_per_month"]].to_numpy(float)
    pts.set_offsets(xy)
    labels = [t for t in ax.texts if t.get_gid() == "label"]
    for text, (x, y), site in zip(labels, xy, table["site"]):
        text.xy = (x, y)
        text.set_text(site)
        text.set_visible(bool(np.isfinite(y)))
    rule = next(ln for ln in ax.lines if ln.get_gid() == "rule")
    xs = np.linspace(0, max(1.0, float(table["saved_ms"].max()) * 1.1), 50)
    rule.set_data(xs, xs * value_of_ms_usd_per_month)
    label = f"worth it below this line (${value_of_ms_usd_per_month:g} per ms per month)"
    if rule.get_label() != label:  # a new legend only for a new value of a millisecond
        rule.set_label(label)
        ax.legend(fontsize=LABEL_PT, loc="upper left")
    ax.relim()
    ax.update_datalim(xy[np.isfinite(xy).all(axis=1)])  # the points too: relim() skips collections before 3.10
    ax.autoscale_view()
    spread_labels(ax, [t for t in labels if t.get_visible()])


def path_map_chart(segments: pd.DataFrame, table: pd.DataFrame, region_lonlat: tuple, edges: pd.DataFrame, ax=None):
    """Longitude/latitude map: edge locations, sites, the Region and each site's standard and accelerated path."""
    fig, ax = _axes(ax, figsize=(10, 5))
    ax.scatter(edges["longitude"], edges["latitude"], s=6, color="#999999", label="AWS edge locations", gid="edges")
    for path, style, color, width, z in (("accelerated", "-", "#4C72B0", 1.0, 1), ("internet", ":", "#C44E52", 2.0, 2)):
        seg = segments[segments["path"] == path]
        first = True
        for s in seg.itertuples():
            ax.plot(*great_circle(s.lon0, s.lat0, s.lon1, s.lat1), linestyle=style, color=color, linewidth=width,
                    zorder=z, label=(f"{path} path" if first else None), gid=f"path:{path}")
            first = False
    ax.scatter(table["longitude"], table["latitude"], marker="o", color="black", s=20, label="sites", gid="sites", zorder=3)
    ax.scatter([region_lonlat[0]], [region_lonlat[1]], marker="*", color="#DD8452", s=200, label="Region", gid="region",
               zorder=4)
    ax.set_xlim(-180, 180)
    ax.set_ylim(-60, 75)
    ax.set_xlabel("longitude [deg]")
    ax.set_ylabel("latitude [deg]")
    _max_ticks(ax.xaxis, 7)
    _max_ticks(ax.yaxis)
    ax.set_title("Sites, edge locations and paths (great circles; the model's distances, not actual routes)")
    ax.legend(fontsize=LABEL_PT, loc="lower left")
    return fig


def update_path_map_chart(ax, segments: pd.DataFrame, table: pd.DataFrame, region_lonlat: tuple):
    """Move the paths, sites and Region of a :func:`path_map_chart` (same number of sites)."""
    ends = segments[["lon0", "lat0", "lon1", "lat1"]].to_numpy(float)
    kinds = segments["path"].to_numpy(object)
    for path in ("accelerated", "internet"):
        lines = [ln for ln in ax.lines if ln.get_gid() == f"path:{path}"]
        for ln, (lon0, lat0, lon1, lat1) in zip(lines, ends[kinds == path]):
            ln.set_data(*great_circle(lon0, lat0, lon1, lat1))
    for gid, xy in (("sites", table[["longitude", "latitude"]].to_numpy(float)), ("region", [region_lonlat])):
        next(c for c in ax.collections if c.get_gid() == gid).set_offsets(xy)


def great_circle(lon0: float, lat0: float, lon1: float, lat1: float, points: int = 96) -> tuple:
    """Longitudes and latitudes [deg] along the great circle from (lon0, lat0) to (lon1, lat1), with a NaN
    where the path crosses the antimeridian (so a lon/lat map draws no line across the whole map).

    Parameters
    ----------
    lon0, lat0, lon1, lat1 : float
        End points [deg].
    points : int
        Points along the path.
    """
    import numpy as np

    def xyz(lon, lat):
        lon, lat = np.radians(lon), np.radians(lat)
        return np.array([np.cos(lat) * np.cos(lon), np.cos(lat) * np.sin(lon), np.sin(lat)])

    a, b = xyz(lon0, lat0), xyz(lon1, lat1)
    omega = float(np.arccos(np.clip(a @ b, -1.0, 1.0)))
    t = np.linspace(0.0, 1.0, points)
    if omega < 1e-9:
        p = np.outer(a, np.ones_like(t))
    else:  # spherical linear interpolation
        p = (np.outer(a, np.sin((1 - t) * omega)) + np.outer(b, np.sin(t * omega))) / np.sin(omega)
    lon = np.degrees(np.arctan2(p[1], p[0]))
    lat = np.degrees(np.arcsin(np.clip(p[2], -1.0, 1.0)))
    jump = np.flatnonzero(np.abs(np.diff(lon)) > 180.0)
    return np.insert(lon, jump + 1, np.nan), np.insert(lat, jump + 1, np.nan)


#: How a point's label is joined to it when placed away from it (:func:`spread_labels`)
LEADER = {"arrowstyle": "-", "color": "#888888", "linewidth": 0.6, "shrinkA": 0.0, "shrinkB": 0.0, "patchA": None}
# (a straight line from the label's anchor to the point, under the marker: no clipping to the text box or the
# marker, which was most of a panel's draw)
_PLACES = ((1, 0.6), (1, -0.6), (-1, 0.6), (-1, -0.6), (0, 1), (0, -1), (1, 0), (-1, 0),
           (1, 1.5), (-1, 1.5), (1, -1.5), (-1, -1.5), (0, 2), (0, -2))  # (side, up) per try


def spread_labels(ax, texts, dot_pt: float = 4.0) -> None:
    """Place annotation labels so that none overlaps another label, another point or the axes' edge: each
    label, in order of its point's height, takes the first free place around its point (right, left, above,
    below, at growing distances), else the place with the least overlap. Labels made with ``arrowprops=LEADER``
    keep a thin leader line to their point when placed away from it.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        The axes (limits as they will be drawn).
    texts : list of matplotlib.text.Annotation
        Labels placed with ``textcoords='offset points'``.
    dot_pt : float
        Half the size of a point's marker [points]: no label covers a point.
    """
    import numpy as np

    if not texts:
        return
    _settle(ax)
    px = ax.figure.dpi / 72.0
    renderer = ax.figure.canvas.get_renderer()
    frame = ax.get_window_extent()
    anchors = ax.transData.transform(np.array([t.xy for t in texts], float))
    ok = np.isfinite(anchors).all(axis=1)
    dots = [(x - dot_pt * px, y - dot_pt * px, x + dot_pt * px, y + dot_pt * px) for x, y in anchors[ok]]
    placed = []
    if ax.get_legend() is not None:  # labels keep clear of the legend too
        e = ax.get_legend().get_window_extent(renderer)
        placed.append((e.x0, e.y0, e.x1, e.y1))

    def overlap(box, others):
        return sum(max(0.0, min(box[2], o[2]) - max(box[0], o[0])) * max(0.0, min(box[3], o[3]) - max(box[1], o[1]))
                   for o in others)

    for k in np.lexsort((anchors[:, 0], anchors[:, 1])):
        t, (x, y) = texts[k], anchors[k]
        if not ok[k]:
            continue
        t.set_verticalalignment("center")
        w, h = _text_size(t, renderer)
        best = None
        for dist in (4.0, 12.0, 22.0, 34.0, 48.0, 64.0, 84.0):
            for side, up in _PLACES:
                dx, dy = side * dist, up * dist
                x0 = x + dx * px - (w if side < 0 else w / 2 if side == 0 else 0.0)
                y0 = y + dy * px - h / 2
                box = (x0, y0, x0 + w, y0 + h)
                outside = (max(0.0, frame.x0 - box[0]) + max(0.0, box[2] - frame.x1) +
                           max(0.0, frame.y0 - box[1]) + max(0.0, box[3] - frame.y1)) * h
                cost = overlap(box, placed) + overlap(box, dots) + 100 * outside  # never out of the chart
                if best is None or cost < best[0]:
                    best = (cost, dx, dy, side, box)
                if cost == 0:
                    break
            if best[0] == 0:
                break
        _, dx, dy, side, box = best
        t.xyann = (dx, dy)
        t.set_horizontalalignment("right" if side < 0 else "center" if side == 0 else "left")
        placed.append(box)


_SIZES: dict = {}  # (text, font size [pt], dpi) -> (width, height) [px]: labels recur on every update


def _text_size(t, renderer) -> tuple:
    """A label's drawn size [px] (measured once per text, size and dpi)."""
    key = (t.get_text(), t.get_fontsize(), t.figure.dpi)
    if key not in _SIZES:
        if len(_SIZES) > 4096:
            _SIZES.clear()
        from matplotlib.text import Text
        e = Text.get_window_extent(t, renderer)  # the text alone (an Annotation's own extent adds its leader)
        _SIZES[key] = (e.width, e.height)
    return _SIZES[key]


def _settle(ax) -> None:
    """Put ``ax`` where it will be drawn: a figure whose layout engine still has to place the axes is drawn
    once; otherwise (axes placed, as in a panel's frozen layout) only pending autoscaling is applied (a whole
    draw there was a quarter of a failover-panel update)."""
    from matplotlib.layout_engine import PlaceHolderLayoutEngine

    engine = ax.figure.get_layout_engine()
    if engine is not None and not isinstance(engine, PlaceHolderLayoutEngine):
        ax.figure.canvas.draw_idle()
    else:
        ax.get_xlim(), ax.get_ylim()  # applies the autoscaling that relim/autoscale_view asked for


def nines(availability):
    """Availability as 'nines' (-log10 of unavailability), for a readable axis."""
    import numpy as np
    a = np.clip(np.asarray(availability, dtype=float), 0.0, 1 - 1e-12)
    return -np.log10(1.0 - a)


FEASIBLE_COLOR, INFEASIBLE_COLOR = "#4C72B0", "#B0B0B0"


def _frontier_points(designs: pd.DataFrame) -> dict:
    """What :func:`frontier_chart` draws, from :func:`vpncost.failover.designs.compare`'s table: each design at
    its monthly cost and risk-adjusted cost against availability with detection, greyed where it cannot carry
    the peak."""
    import numpy as np
    y = nines(designs["availability_with_detection"])
    ok = designs["feasible"].to_numpy(bool) if "feasible" in designs else np.ones(len(designs), bool)
    f = designs[designs["frontier"].to_numpy(bool)].assign(n=y[designs["frontier"].to_numpy(bool)]) \
        .sort_values("monthly_usd")
    outage = designs.attrs.get("outage_cost_usd_per_hour")
    return {"cost": designs["monthly_usd"].to_numpy(float), "risk": designs["risk_adjusted_usd_per_month"].to_numpy(float),
            "y": np.asarray(y, float), "ok": ok, "frontier": (f["monthly_usd"].to_numpy(float), f["n"].to_numpy(float)),
            "labels": list(designs["design"]),
            "title": "Cost vs availability" + (f" (outage {usd(outage, 0)}/h)" if outage is not None else ""),
            "colors": [FEASIBLE_COLOR if good else INFEASIBLE_COLOR for good in ok]}


def frontier_chart(designs: pd.DataFrame, ax=None, highlight: "str | None" = None):
    """Availability with detection (in nines) against monthly cost per design, with each design's risk-adjusted
    cost (hollow diamond, joined to its cost) and the cost-availability frontier of the designs that can carry
    the peak (from :func:`vpncost.failover.designs.compare`); designs that cannot are grey."""
    import numpy as np
    from matplotlib.collections import LineCollection
    fig, ax = _axes(ax)
    d = _frontier_points(designs)
    ax.add_collection(LineCollection(_risk_links(d), colors="#999999", linewidths=0.8, gid="risk-links"))
    ax.scatter(d["risk"], d["y"], marker="D", facecolors="none", edgecolors=d["colors"], zorder=3, gid="risk")
    ax.scatter(d["cost"], d["y"], color=d["colors"], zorder=3, gid="designs")
    ax.scatter([], [], color=FEASIBLE_COLOR, label="monthly cost")  # legend entries in the feasible colour
    ax.scatter([], [], marker="D", facecolors="none", edgecolors=FEASIBLE_COLOR, label="risk-adjusted")
    for name, x, yy in zip(d["labels"], d["cost"], d["y"]):
        ax.annotate(name, (x, yy), fontsize=LABEL_PT, xytext=(4, 3), textcoords="offset points", gid="label",
                    arrowprops=LEADER)
    ax.plot(*d["frontier"], color="#DD8452", linestyle="--", label="frontier", gid="frontier")
    ax.scatter([], [], color=INFEASIBLE_COLOR, label="grey: cannot carry the traffic")  # legend entry only
    sel = (designs["design"] == highlight).to_numpy()
    ax.scatter(d["cost"][sel], d["y"][sel], s=140, facecolors="none", edgecolors="#C44E52",
               linewidths=2, zorder=4, gid="highlight", label="selected")
    ticks = [1, 2, 3, 4, 5, 6]
    ax.set_yticks(ticks, [f"{100 - 100 * 10 ** -t:.{max(0, t - 2)}f}%" for t in ticks])
    _money_x(ax, np.concatenate([d["cost"], d["risk"]]))
    _nines_y(ax, d["y"])
    from matplotlib.ticker import FuncFormatter
    ax.xaxis.set_major_formatter(FuncFormatter(short_usd))
    ax.set_xlabel("USD per month")
    ax.set_ylabel("availability with detection (exact)")
    ax.set_title(d["title"])
    ax.legend(fontsize=LABEL_PT, loc="best")
    ax.grid(True, alpha=0.3)
    spread_labels(ax, [t for t in ax.texts if t.get_gid() == "label"])
    return fig


def _risk_links(d: dict) -> list:
    return [[(c, y), (r, y)] for c, r, y in zip(d["cost"], d["risk"], d["y"])]


def _money_x(ax, values) -> None:
    """A money x axis from zero to a little past the largest amount."""
    import numpy as np
    top = float(np.nanmax(values)) if len(values) else 1.0
    ax.set_xlim(0.0, top * 1.12 if top > 0 else 1.0)
    _max_ticks(ax.xaxis)


def _nines_y(ax, y) -> None:
    """Availability axis (nines) around the designs, with room above for their labels."""
    import numpy as np
    y = np.asarray(y, float)
    ax.set_ylim(max(0.0, float(y.min()) - 0.4), float(y.max()) + 0.6)


def update_frontier_chart(ax, designs: pd.DataFrame, highlight: "str | None" = None):
    """Move the points, risk-adjusted marks, labels, frontier line and highlight of a :func:`frontier_chart`
    (same designs)."""
    import numpy as np
    d = _frontier_points(designs)
    pts = np.column_stack([d["cost"], d["y"]])
    by = {c.get_gid(): c for c in ax.collections}
    by["designs"].set_offsets(pts)
    by["designs"].set_facecolor(d["colors"])
    by["risk"].set_offsets(np.column_stack([d["risk"], d["y"]]))
    by["risk"].set_edgecolor(d["colors"])
    by["risk-links"].set_segments(_risk_links(d))
    for text, name, (x, yy) in zip([t for t in ax.texts if t.get_gid() == "label"], d["labels"], pts):
        text.xy = (x, yy)
        text.set_text(name)
    next(ln for ln in ax.lines if ln.get_gid() == "frontier").set_data(*d["frontier"])
    sel = (designs["design"] == highlight).to_numpy()
    by["highlight"].set_offsets(pts[sel].reshape(-1, 2))
    ax.set_title(d["title"])
    _money_x(ax, np.concatenate([d["cost"], d["risk"]]))
    _nines_y(ax, d["y"])
    spread_labels(ax, [t for t in ax.texts if t.get_gid() == "label"])


def downtime_histogram(sim: pd.DataFrame, ax=None, title: str = "Downtime per simulated year"):
    """Distribution of downtime minutes per year, mean and p95/p99 marked (from :func:`availability.simulate`)."""
    fig, ax = _axes(ax)
    bins, counts, marks = _downtime_bins(sim)
    ax.stairs(counts, bins, fill=True, color="#4C72B0", gid="hist")  # one artist, not a bar per bin
    for gid, v, label, style, color in marks:
        ax.axvline(v, color=color, linestyle=style, label=label, gid=gid)
    ax.set_xlabel("downtime [min per year] (last bin: and more)")
    ax.set_ylabel("simulated years")
    _max_ticks(ax.xaxis)
    _max_ticks(ax.yaxis)
    ax.set_title(title)
    ax.legend(fontsize=LABEL_PT, loc="upper right")  # over the thin tail; a fixed place costs nothing to find
    return fig


def update_downtime_histogram(ax, sim: pd.DataFrame, title: str = "Downtime per simulated year"):
    """Move the steps, percentile lines and legend of a :func:`downtime_histogram` to a new simulation (about a
    sixth of building it anew)."""
    import numpy as np
    bins, counts, marks = _downtime_bins(sim)
    next(p for p in ax.patches if p.get_gid() == "hist").set_data(counts, bins)
    lines = {ln.get_gid(): ln for ln in ax.lines}
    for gid, v, label, _style, _color in marks:
        lines[gid].set_xdata([v, v])
        lines[gid].set_label(label)
    ax.set_title(title)
    ax.legend(fontsize=LABEL_PT, loc="upper right")  # a new legend for new numbers: its size changes with them
    xs = [bins[0], bins[-1], *(m[1] for m in marks)]
    ax.dataLim.set_points(np.array([[min(xs), 0.0], [max(xs), float(counts.max())]]))  # what relim() finds
    ax.autoscale_view()


def _downtime_bins(sim: pd.DataFrame) -> tuple:
    """The histogram's 40 bin edges (up to the 99.5th percentile; the last bin holds the rest), counts, and its
    marks: (gid, downtime [min], legend label, line style, colour) for p50, p95, p99 and the mean."""
    import numpy as np
    d = sim["downtime_min"].to_numpy(float)
    bins = np.linspace(0, max(1.0, float(np.percentile(d, 99.5))), 40)
    counts, _ = np.histogram(np.minimum(d, bins[-1]), bins=bins)
    marks = [(f"p{q}", v, f"p{q}: {v:,.1f} min", style, "#C44E52")
             for q, style in ((50, ":"), (95, "--"), (99, "-.")) for v in [float(np.percentile(d, q))]]
    mean = float(d.mean())
    return bins, counts, marks + [("mean", mean, f"mean: {mean:,.1f} min", "-", "black")]


def timeline_chart(tl: pd.DataFrame, ax=None, title: str = "One simulated year", peak_mbps: float = 0.0):
    """Each path's up/down periods over one simulated year, and the design's own outages and time below
    ``peak_mbps`` [Mbit/s] (from :func:`availability.timeline`)."""
    fig, ax = _axes(ax, figsize=(10, 3))
    _timeline_bars(ax, tl, peak_mbps)
    ax.set_xlim(0, 365)
    _max_ticks(ax.xaxis)
    ax.set_xlabel("day of year (orange: path down, green: carrying traffic, red: design down, "
                  "yellow: up but below the peak)")
    ax.set_title(title)
    return fig


def update_timeline_chart(ax, tl: pd.DataFrame, title: str = "One simulated year", peak_mbps: float = 0.0):
    """Replace the bars, rows and title of a :func:`timeline_chart` (another design may have other paths)."""
    for bars in list(ax.collections):
        bars.remove()
    _timeline_bars(ax, tl, peak_mbps)
    ax.set_title(title)


def _timeline_bars(ax, tl: pd.DataFrame, peak_mbps: float = 0.0) -> None:
    """One row per path and one for the design: down periods (tall bars), carrying periods (thin green) and,
    on the design's row, periods up but below the peak (yellow)."""
    import numpy as np

    paths = [c for c in tl.columns if c not in ("start_h", "end_h", "up", "capacity_mbps", "active")]
    rows = paths + ["design"]
    start = tl["start_h"].to_numpy(float)
    days, lengths = start / 24.0, (tl["end_h"].to_numpy(float) - start) / 24.0
    carrying = [set(str(a).split(", ")) for a in tl["active"]]
    for k, col in enumerate(rows):
        down = ~tl["up" if col == "design" else col].to_numpy(bool)
        ax.broken_barh(list(zip(days[down], lengths[down])), (k - 0.35, 0.7),
                       color="#C44E52" if col == "design" else "#DD8452", gid=f"down:{col}")
        if col == "design":
            active = ~down & (tl["capacity_mbps"].to_numpy(float) < peak_mbps)
            ax.broken_barh(list(zip(days[active], lengths[active])), (k - 0.2, 0.4), color="#E6C229",
                           gid="below-peak:design")
            continue
        active = np.array([col in a for a in carrying], bool)
        ax.broken_barh(list(zip(days[active], lengths[active])), (k - 0.12, 0.24), color="#55A868",
                       gid=f"active:{col}")
    if [t.get_text() for t in ax.get_yticklabels()] != rows:  # new tick labels cost a layout: only on change
        ax.set_yticks(range(len(rows)), rows, fontsize=LABEL_PT)
    ax.set_ylim(-0.6, len(rows) - 0.4)


COMPONENT_COLORS = {"vpn_connection_hours": "#4C72B0", "tgw_attachment_hours": "#DD8452", "tgw_data_processing": "#F0B27A",
                    "dx_port_hours": "#55A868", "dx_data_transfer_out": "#8FD19E", "dx_data_transfer_in": "#C7E9C0",
                    "ga_fixed_fee": "#8172B3", "ga_dt_premium": "#B5A9DA", "internet_data_transfer_out": "#C44E52"}


def spend_chart(monthly: pd.DataFrame, ax=None):
    """Monthly connectivity spend stacked by component (from :func:`vpncost.spend.readers.cur.monthly_by_component`)."""
    fig, ax = _axes(ax, figsize=(9, 4))
    bottom = [0.0] * len(monthly)
    for comp in monthly.columns:
        vals = monthly[comp].tolist()
        ax.bar(monthly.index.astype(str), vals, bottom=bottom, label=comp.replace("_", " "),
               color=COMPONENT_COLORS.get(comp))
        bottom = [b + v for b, v in zip(bottom, vals)]
    ax.set_ylabel("USD")
    ax.set_title("Connectivity spend by month")
    ax.legend(fontsize=LABEL_PT, bbox_to_anchor=(1.01, 1), loc="upper left")
    return fig


def variance_chart(variance: pd.DataFrame, ax=None):
    """Billed against modelled cost per component (from :func:`vpncost.spend.reconcile.reconcile`)."""
    import numpy as np
    fig, ax = _axes(ax, figsize=(9, 4))
    y = np.arange(len(variance))
    ax.barh(y - 0.2, variance["model_usd"], height=0.4, label="model", color="#4C72B0")
    ax.barh(y + 0.2, variance["billed_usd"], height=0.4, label="bill", color="#DD8452")
    ax.set_yticks(y, [c.replace("_", " ") for c in variance["component"]], fontsize=LABEL_PT)
    ax.invert_yaxis()
    ax.set_xlabel("USD")
    ax.set_title(f"Model vs bill, {variance.attrs.get('month', '')}")
    ax.legend(fontsize=LABEL_PT)
    return fig


def allocation_chart(allocation: pd.DataFrame, ax=None):
    """Chargeback per month, stacked by consumer (from :func:`vpncost.spend.allocate.allocate`): each bar is the
    month's bill."""
    from vpncost.spend.allocate import by_consumer

    fig, ax = _axes(ax)
    wide = by_consumer(allocation)
    bottom = None
    for consumer in wide.columns:
        ax.bar(wide.index, wide[consumer], bottom=bottom, label=consumer, gid=f"consumer:{consumer}")
        bottom = wide[consumer] if bottom is None else bottom + wide[consumer]
    ax.set_ylabel("USD per month")
    ax.set_title(f"Who pays: chargeback by consumer ({', '.join(sorted(set(allocation['basis'])))})")
    ax.legend(fontsize=LABEL_PT, bbox_to_anchor=(1.01, 1), loc="upper left")
    return fig


def forecast_chart(history: pd.Series, forecasts: dict, ax=None):
    """Monthly connectivity spend: the bill so far, then each forecast with its band, named by method.

    Parameters
    ----------
    history : pandas.Series
        Billed total per month [USD], indexed by 'YYYY-MM'.
    forecasts : dict
        Label -> DataFrame with month, cost_usd, low_usd, high_usd [USD] (totals per month).
    ax : matplotlib.axes.Axes, optional
        Where to draw.
    """
    fig, ax = _axes(ax)
    months = list(history.index) + sorted({m for f in forecasts.values() for m in f["month"]} - set(history.index))
    pos = {m: i for i, m in enumerate(months)}
    ax.plot([pos[m] for m in history.index], history.to_numpy(), marker="o", color="black", label="billed",
            gid="billed")
    for (label, f), color in zip(forecasts.items(), ("#4C72B0", "#DD8452", "#55A868")):
        x = [pos[m] for m in f["month"]]
        ax.plot(x, f["cost_usd"], marker="o", linestyle="--", color=color, label=label, gid=f"forecast:{label}")
        ax.fill_between(x, f["low_usd"], f["high_usd"], color=color, alpha=0.2, gid=f"band:{label}")
    ax.set_xticks(range(len(months)), months, rotation=45, fontsize=LABEL_PT)
    ax.set_ylabel("USD per month")
    ax.set_title("Connectivity spend: billed, then forecast (bands: the forecasts' uncertainty)")
    ax.legend(fontsize=LABEL_PT, loc="upper left")
    ax.grid(True, alpha=0.3)
    ax.set_ylim(bottom=0)  # money from zero
    from matplotlib.ticker import FuncFormatter
    ax.yaxis.set_major_formatter(FuncFormatter(short_usd))
    return fig


def tornado_chart(sensitivity: pd.DataFrame, ax=None):
    """Margin between the cheapest option and the runner-up at each input's low and high value
    (from :func:`vpncost.model.compare.sensitivity`); bars crossing zero change the ranking."""
    import numpy as np
    fig, ax = _axes(ax)
    s = sensitivity.iloc[::-1]
    y = np.arange(len(s))
    lo, hi = s["margin_low_usd"].to_numpy(float), s["margin_high_usd"].to_numpy(float)
    ax.barh(y, hi - lo, left=lo, color=["#C44E52" if c else "#4C72B0" for c in s["changes_ranking"]], gid="swing")
    flat = np.isclose(hi, lo, rtol=0.0, atol=0.005)  # an input that moves nothing: a mark and words, not an empty row
    ax.scatter(lo[flat], y[flat], marker="|", s=120, color="#4C72B0", gid="no-effect", zorder=3)
    for yy, x in zip(y[flat], lo[flat]):
        ax.annotate("no effect on the margin", (x, yy), xytext=(6, -3), textcoords="offset points",
                    fontsize=LABEL_PT, gid="no-effect-label")
    ax.axvline(0, color="black", linewidth=0.8)
    ax.set_yticks(y, [f"{i} ({a:g}-{b:g} {u})" if u != "rate factor" else f"{i} rates x{a:g}-{b:g}"
                      for i, a, b, u in zip(s["input"], s["low"], s["high"], s["unit"])], fontsize=LABEL_PT)
    ax.set_xlabel("runner-up minus cheapest [USD per period] (below 0: the ranking flips)")
    ax.set_title("Sensitivity: what could change the answer (red: it does)")
    return fig


def sites_chart(curve: pd.DataFrame, break_even: "dict | None" = None, ax=None):
    """Cost per period against the number of sites, one line per option, the break-even marked (from
    :func:`vpncost.model.compare.cost_by_sites` and :func:`~vpncost.model.compare.break_even_sites`)."""
    fig, ax = _axes(ax, figsize=(8, 4.5))
    for name, grp in curve.groupby("option", sort=False):
        ax.plot(grp["sites"], grp["cost_usd"], label=name)
    if break_even and break_even.get("sites") == break_even.get("sites"):
        x = break_even["sites"]
        ax.axvline(x, color="0.4", linestyle=":", linewidth=1)
        ax.annotate(f"break-even: {x:,.1f} sites", (x, ax.get_ylim()[1]), xytext=(4, -14),
                    textcoords="offset points", fontsize=LABEL_PT)
    ax.set_xlabel("number of sites")
    ax.set_ylabel("USD per period")
    ax.set_title("Cost by number of sites")
    ax.legend(fontsize=LABEL_PT)
    ax.grid(True, alpha=0.3)
    return fig


def _plain(value):
    """Names from the user's files drawn as text: matplotlib reads ``$...$`` as mathtext (``$\\href{..}$`` fails
    at draw time), so every ``$`` in a string, a table cell, column or index label is escaped."""
    if isinstance(value, str):
        return value.replace("$", r"\$")
    if isinstance(value, (list, tuple)):
        return type(value)(_plain(v) for v in value)
    if isinstance(value, (set, frozenset)):
        return type(value)(_plain(v) for v in value)
    if isinstance(value, (pd.Series, pd.DataFrame)) and not _has_dollar(value):
        return value  # nothing to escape: no copy (copying every table was a fifth of a dashboard update)
    if isinstance(value, pd.Series):
        out = value.map(_plain) if _textual(value) else value.copy()
        out.index = value.index.map(_plain) if _textual(value.index) else value.index
        return out
    if isinstance(value, pd.DataFrame):
        out = value.copy()
        for col in out.columns:
            if _textual(out[col]):
                out[col] = out[col].map(_plain)
        out.columns = out.columns.map(_plain) if _textual(out.columns) else out.columns
        out.index = out.index.map(_plain) if _textual(out.index) else out.index
        return out
    return value


def _has_dollar(table) -> bool:
    """Whether any text in a Series or DataFrame (values, index or column labels) has a ``$``."""
    if isinstance(table, pd.DataFrame):  # text columns only: making a Series of every column costs more than the check
        text = [i for i, dtype in enumerate(table.dtypes) if dtype == object or pd.api.types.is_string_dtype(dtype)]
        parts = [table.index, table.columns, *(table.iloc[:, i] for i in text)]
    else:
        parts = [table.index, table]
    return any("$" in str(v) for part in parts if _textual(part) for v in _distinct(part))


def _distinct(values):
    """Each value once (names repeat down a long table), or all of them when some cannot be hashed."""
    try:
        return pd.unique(values)
    except TypeError:
        return values


def _textual(values) -> bool:
    return values.dtype == object or pd.api.types.is_string_dtype(values.dtype)


def _text_as_text(fn):
    import functools

    @functools.wraps(fn)
    def draw(*args, **kwargs):
        return fn(*(_plain(a) for a in args), **{k: _plain(v) for k, v in kwargs.items()})
    return draw


# every chart (and its update) draws the user's names as text, never as mathtext
for _name, _fn in list(globals().items()):
    if callable(_fn) and getattr(_fn, "__module__", None) == __name__ and not _name.startswith("_") \
            and ("chart" in _name or "histogram" in _name):
        globals()[_name] = _text_as_text(_fn)


NETWORK_STYLE = {"site": ("o", "#4C72B0"), "dx": ("s", "#DD8452"), "region": ("^", "#55A868")}
LINK_STYLE = {"vpn": ("#4C72B0", ":"), "dx": ("#DD8452", "-"), "peering": ("#55A868", "--")}


def network_map_chart(points: pd.DataFrame, links: pd.DataFrame, ax=None):
    """Sites, Direct Connect locations and Regions on longitude/latitude axes, with each site's path (VPN dotted,
    Direct Connect solid) and the peerings (dashed), from :func:`vpncost.present.views.network_map`."""
    from matplotlib.lines import Line2D

    fig, ax = _axes(ax, figsize=(10, 5))
    for link in links.itertuples(index=False):
        color, style = LINK_STYLE[link.kind]
        lon, lat = great_circle(link.longitude0, link.latitude0, link.longitude1, link.latitude1)
        ax.plot(lon, lat, color=color, linestyle=style, linewidth=1, alpha=0.7)
    stacked: dict = {}   # places within about 5 degrees share one stack of labels
    for kind, (marker, color) in NETWORK_STYLE.items():
        part = points[points["kind"] == kind]
        ax.scatter(part["longitude"], part["latitude"], marker=marker, color=color, s=40, zorder=3)
        for p in part.itertuples(index=False):
            key = (round(p.latitude / 5), round(p.longitude / 5))
            stacked.setdefault(key, (p.longitude, p.latitude, []))[2].append(
                p.name + (f" (x{p.sites})" if p.sites > 1 else ""))
    for lon, lat, labels in stacked.values():
        ax.annotate(_plain("\n".join(labels)), (lon, lat), xytext=(6, -4), textcoords="offset points", va="top",
                    fontsize=LABEL_PT - 1.5, color="0.2")
    lon, lat = points["longitude"], points["latitude"]   # the places shown, with a margin (the world at most)
    ax.set_xlim(max(-180.0, float(lon.min()) - 20.0), min(180.0, float(lon.max()) + 20.0))
    ax.set_ylim(max(-60.0, float(lat.min()) - 12.0), min(90.0, float(lat.max()) + 12.0))
    ax.set_xlabel("longitude [deg]")
    ax.set_ylabel("latitude [deg]")
    ax.grid(True, alpha=0.3)
    handles = [Line2D([], [], marker=m, color=c, linestyle="", label=k) for k, (m, c) in
               (("site", NETWORK_STYLE["site"]), ("Direct Connect location", NETWORK_STYLE["dx"]),
                ("Region", NETWORK_STYLE["region"]))]
    handles += [Line2D([], [], color=c, linestyle=s, label=k) for k, (c, s) in
                (("VPN", LINK_STYLE["vpn"]), ("Direct Connect", LINK_STYLE["dx"]), ("peering", LINK_STYLE["peering"]))]
    ax.legend(handles=handles, fontsize=LABEL_PT - 1, loc="upper left", bbox_to_anchor=(1.01, 1.0), borderaxespad=0)   # beside the map: never on a place
    ax.set_title("Sites, Direct Connect locations and Regions")
    return fig


def network_bill_chart(totals: pd.DataFrame, level: str, ax=None):
    """Horizontal bars: the network's bill per account, Region, site or resource, largest first (from
    :meth:`vpncost.model.network.NetworkModel.totals_by`)."""
    fig, ax = _axes(ax, figsize=(8, 0.9 + 0.35 * len(totals)))
    t = totals.iloc[::-1]
    names = [_plain(v) or "(on premises)" for v in t[level]]
    ax.barh(names, t["monthly_usd"], color="#4C72B0")
    for y, v in enumerate(t["monthly_usd"]):
        ax.annotate(usd(v, 0), (v, y), xytext=(3, 0), textcoords="offset points", va="center", fontsize=LABEL_PT)
    ax.set_xlim(0, float(t["monthly_usd"].max()) * 1.2 or 1)
    ax.xaxis.set_major_formatter(short_usd)
    ax.set_xlabel("USD per month")
    ax.set_title(f"Bill by {level}")
    ax.grid(True, axis="x", alpha=0.3)
    return fig


def optimize_frontier_chart(frontier: pd.DataFrame, ax=None, chosen: "float | None" = None):
    """The optimizer's cost-availability frontier: the cheapest design's monthly cost at each availability target
    (every site's), targets out of reach marked on the axis, and ``chosen`` (a monthly cost) as a line, from
    :meth:`vpncost.optimize.Optimizer.frontier`."""
    fig, ax = _axes(ax, figsize=(8, 4))
    ok = frontier.dropna(subset=["monthly_usd"])
    labels = [f"{t:g}%" for t in frontier["availability_pct"]]
    x = list(range(len(frontier)))
    pos = [x[i] for i in range(len(frontier)) if frontier["monthly_usd"].notna().iloc[i]]
    ax.plot(pos, ok["monthly_usd"], marker="o", color=NETWORK_STYLE["site"][1])
    for i, v in zip(pos, ok["monthly_usd"]):
        ax.annotate(short_usd(v), (i, v), xytext=(0, 6), textcoords="offset points", ha="center",
                    fontsize=LABEL_PT - 1)
    for i in x:
        if i not in pos:
            ax.annotate("out of reach", (i, 0), xycoords=("data", "axes fraction"), xytext=(0, 6),
                        textcoords="offset points", ha="center", fontsize=LABEL_PT - 1, color="0.4")
    if chosen is not None:
        ax.axhline(chosen, color="0.5", linestyle="--", linewidth=1, label="the file's targets")
        ax.legend(loc="upper left", fontsize=LABEL_PT - 1)
    ax.set_xticks(x, labels)
    ax.set_xlabel("availability target of every site (with detection)")
    ax.set_ylabel("cheapest design [USD/month]")
    ax.yaxis.set_major_formatter(short_usd)
    ax.grid(True, alpha=0.3)
    return fig
