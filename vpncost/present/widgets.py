"""ipywidgets panels for JupyterLab. They only pick inputs and call the library; figures are updated
in place. ipywidgets and matplotlib are imported here, never at ``import vpncost``."""
from __future__ import annotations

import weakref

from vpncost.errors import require
from vpncost.reference.limits import SPEED_MBPS

TRAFFIC_GB_MAX = 1e8     # the number boxes' bounds: above any site's traffic [GB per period]
OUTAGE_USD_MAX = 1e9     # [USD/h]
#: The panels' figure size [in] at 100 dpi: 1,000 px, the width of a notebook's output area in JupyterLab at a
#: 1440 px window with the file browser open, so the PNG is shown at its own size (not scaled down)
PANEL_FIGSIZE = (10.0, 8.0)
PEAK_MBPS_MAX = 1e7      # [Mbit/s]
# slider ranges (not prices): what the user says a millisecond is worth to them [USD per ms per month], and how long
# a repair may take [h]
VALUE_OF_MS_USD_MAX = 50.0
DX_REPAIR_HOURS_RANGE = (0.5, 48.0)
INTERNET_REPAIR_HOURS_RANGE = (0.25, 24.0)
CGW_REPAIR_HOURS_RANGE = (0.5, 48.0)


def price_explorer(catalog):
    """A service and Region picker showing the applicable prices and, for DX/DTO, a chart."""
    w = require("ipywidgets", "notebooks", "the notebook panels")
    from IPython.display import display

    from vpncost.pricing.catalog import SERVICES
    from vpncost.pricing.views import effective_prices
    from vpncost.reference.regions import region_codes

    service = w.Dropdown(options=list(SERVICES), value="vpn", description="Service")
    region = w.Dropdown(options=region_codes(), value="us-east-1", description="Region")
    out = w.Output()

    def show(*_):
        table = effective_prices(catalog, service.value, region.value)
        cols = ["item", "region", "location", "variant", "tier_start", "tier_end", "usd", "unit", "status", "as_of", "source"]
        with out:
            out.clear_output(wait=True)
            display(table[cols])

    service.observe(show, "value")
    region.observe(show, "value")
    show()
    return panel_box([w.HBox([service, region]), out], "Price explorer (service and Region pickers)")


def exact_number(value: float, description: str, maximum: float, style: dict, minimum: float = 0.0):
    """A number box that keeps exactly what the scenario set or the user typed (a log slider snaps 40,000 to
    39,810.7); it reports on Enter or when it loses focus, and clamps to ``minimum``..``maximum``."""
    w = require("ipywidgets", "notebooks", "the notebook panels")
    return w.BoundedFloatText(value=float(value), min=minimum, max=maximum, description=description, style=style,
                              continuous_update=False, layout=w.Layout(width="300px"))


def period_label(hours: float, hours_per_month: float) -> str:
    """'month' for a month's hours, else '730 h'-style: what a traffic value in the scenario is per."""
    return "month" if hours == hours_per_month else f"{hours:g} h"


def panel_box(children, title: str, fig=None):
    """The panel's ``VBox``, whose display also carries a static fallback: a notebook opened untrusted (any
    notebook fresh from git) renders no widget views and used to show ``VBox(children=(HBox(...`` until Run All;
    it now shows the panel's charts as they were saved (PNG) or, without charts, a line saying what to run.

    Parameters
    ----------
    children : list
        The panel's widgets.
    title : str
        What the panel is, for the text fallback.
    fig : matplotlib.figure.Figure, optional
        The panel's charts, for the image fallback.
    """
    w = require("ipywidgets", "notebooks", "the notebook panels")

    class PanelBox(w.VBox):
        def _repr_mimebundle_(self, **kwargs):
            import base64
            import io

            data = super()._repr_mimebundle_(**kwargs)
            data["text/plain"] = f"{title}: an interactive panel; run the notebook (or trust it) to use its controls."
            if fig is not None:
                buf = io.BytesIO()
                fig.savefig(buf, format="png", dpi=72)
                data["image/png"] = base64.b64encode(buf.getvalue()).decode("ascii")
            return data

    return PanelBox(children)


def panel_figure(fig):
    """``fig`` closed for pyplot (shown through an Output widget only) and given an Agg canvas of its own, so
    that :func:`draw` renders it once per update whatever backend the notebook runs; the canvas rasterises each
    text once (:class:`vpncost.present.canvas.PanelCanvas`: a redraw is about a third of plain Agg's)."""
    import matplotlib.pyplot as plt

    from vpncost.present.canvas import PanelCanvas

    plt.close(fig)
    PanelCanvas(fig)
    return fig


def panel_style():
    """Settings under which a panel's axes are made (and cleared): titles at the top of their axes, where
    Matplotlib would put them anyway, instead of placed anew on every draw by measuring the tick labels (a
    tenth of a failover-panel draw)."""
    import matplotlib

    return matplotlib.rc_context({"axes.titley": 1.0})


def draw(fig, relayout: bool = False) -> None:
    """Render ``fig``: with ``relayout`` (first draw, or labels replaced) constrained layout places the axes and
    is then frozen: it costs about a third of a draw and moving artists keeps the labels' room (charts that move
    keep their labels' width nearly constant: short amounts, y labels at a fixed distance; see
    :func:`vpncost.present.plots.short_amount`). Legends are then held where this draw put them
    (:func:`pin_legends`)."""
    if relayout:
        fig.set_layout_engine("constrained")
    fig.canvas.draw()
    if relayout:
        fig.set_layout_engine("none")
    pin_legends(fig)


_PINNED = weakref.WeakSet()  # legends already held where they were first drawn


def pin_legends(fig) -> None:
    """Hold each legend of ``fig`` where its last draw put it. A legend placed "best" is otherwise placed anew on
    every draw (a tenth of a dashboard draw, searching the lines) and jumps about while the user types; pinned,
    it stays where it was best for the panel's first data (a new legend, for new labels, is pinned after its
    first draw).

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        A drawn figure.
    """
    from vpncost.present.canvas import LegendSnapshot

    for ax in fig.axes:
        legend = ax.get_legend()
        if legend is None or legend in _PINNED or not legend.get_visible():
            continue
        corner = ax.transAxes.inverted().transform(legend.get_window_extent().p0)
        legend.set_loc(tuple(float(v) for v in corner))  # lower-left corner in axes coordinates
        legend.draw = LegendSnapshot(legend)  # placed for good: drawn from its bitmap until its texts change
        _PINNED.add(legend)
    fig.stale = False  # a pinned legend is where it was just drawn: nothing to draw again


def _show_figure(out, fig):
    """Show ``fig`` as drawn by its last :func:`draw` in the Output widget ``out`` (one render per update: the
    PNG is encoded from the Agg buffer, fast compression; IPython's own display would render it again)."""
    import base64

    import numpy as np

    from vpncost.present.canvas import png_bytes

    if fig.stale:
        draw(fig)
    rgba = np.asarray(fig.canvas.buffer_rgba())
    png = png_bytes(rgba)
    # one state update replaces the image (clear_output + display would be two messages and two re-layouts)
    height, width = rgba.shape[:2]  # the image's size up front: the page lays it out once
    out.outputs = ({"output_type": "display_data", "metadata": {"image/png": {"width": width, "height": height}},
                    "data": {"image/png": base64.b64encode(png).decode("ascii"),
                             "text/plain": "<the panel's charts>"}},)


class CostDashboard:
    """VPN vs Direct Connect dashboard: inputs on top, three charts that move in place.

    Inputs: Region, egress and ingress [GB per the scenario's period], Direct Connect type, speed and location
    (of the scenario's first DX option; the others keep theirs), traffic growth [%/year] and years. Charts:
    monthly cost by option (stacked by component group), cost vs egress with break-even markers, cumulative TCO.
    A combination without an answer (e.g. a port speed the location does not offer) shows one line saying what
    to change and hides the charts until the inputs have an answer again.
    """

    def __init__(self, scenario, catalog=None):
        w = require("ipywidgets", "notebooks", "the notebook panels")
        import matplotlib.pyplot as plt

        from vpncost.present import plots
        from vpncost.present.views import location_choices, offered_speeds
        from vpncost.reference.regions import region_codes

        self.base, self.catalog = scenario, catalog
        dx = next((o for o in scenario.options if o.type == "direct_connect"), None)
        t = scenario.traffic
        style = {"description_width": "130px"}
        self.region = w.Dropdown(options=region_codes(), value=scenario.region, description="Region", style=style)
        per = period_label(scenario.hours, scenario.hours_per_month)
        self.egress = exact_number(t.egress_gb, f"egress GB/{per}", TRAFFIC_GB_MAX, style)
        self.ingress = exact_number(t.ingress_gb, f"ingress GB/{per}", TRAFFIC_GB_MAX, style)
        self.dx_type = w.Dropdown(options=["dedicated", "hosted"], value=dx.connection if dx else "dedicated",
                                  description="DX type", style=style, disabled=dx is None)
        location = dx.location if dx else "EqDC2"
        self.dx_speed = w.Dropdown(options=offered_speeds(self.dx_type.value, location), value=dx.speed if dx else "1G",
                                   description="DX speed", style=style, disabled=dx is None)
        self.dx_location = w.Dropdown(options=location_choices(scenario.region), value=location,
                                      description="DX location", style=style, disabled=dx is None)
        self.growth = w.FloatSlider(value=t.growth_pct_per_year, min=-50, max=200, step=5,
                                    description="growth %/yr", style=style)
        self.years = w.IntSlider(value=scenario.years, min=1, max=10, description="years", style=style)
        self.dx_note = w.HTML()  # which option the DX pickers change
        self.status = w.HTML()
        self.out = w.Output()

        self.data = self._compute(scenario)
        with panel_style():
            self.fig, axes = plt.subplot_mosaic([["stack", "stack"], ["curve", "tco"]], figsize=PANEL_FIGSIZE,
                                                layout="constrained", height_ratios=[1, 1.1])
            axes = [axes["stack"], axes["curve"], axes["tco"]]
        self.ax_stack, self.ax_curve, self.ax_tco = axes
        bad = self._infeasible()
        plots.stacked_cost_chart(self.data["stack"], self.ax_stack, bad)
        plots.cost_curve_chart(self.data["curve"], self.data["break_even"], self.data["variable"], self.ax_curve, bad)
        plots.tco_chart(self.data["tco"], self.ax_tco, bad, legend=False)
        panel_figure(self.fig)
        draw(self.fig, relayout=True)
        self._status(None)

        self.dx_type.observe(self._on_speeds, "value")
        self.dx_location.observe(self._on_speeds, "value")
        self.region.observe(self._on_region, "value")
        for widget in (self.egress, self.ingress, self.dx_speed, self.growth, self.years):
            widget.observe(self.update, "value")

    def _compute(self, scenario):
        from vpncost.model.estimate import build
        from vpncost.present.views import dashboard_data
        return dashboard_data(build(scenario, self.catalog))

    def _infeasible(self) -> list:
        s = self.data["summary"]
        return s.loc[~s["feasible"], "option"].tolist()

    def inputs(self) -> dict:
        """Current widget values, named as :func:`vpncost.present.views.dashboard_scenario` takes them."""
        return dict(region=self.region.value, egress_gb=self.egress.value, ingress_gb=self.ingress.value,
                    dx_connection=self.dx_type.value, dx_speed=self.dx_speed.value, dx_location=self.dx_location.value,
                    growth_pct_per_year=self.growth.value, years=self.years.value)

    def _on_speeds(self, _=None):
        """DX type or location changed: offer the speeds AWS offers there, keeping the current one if it is."""
        from vpncost.present.views import offered_speeds

        speeds = offered_speeds(self.dx_type.value, self.dx_location.value)
        keep = self.dx_speed.value if self.dx_speed.value in speeds else min(
            speeds, key=lambda s: abs(SPEED_MBPS[s] - SPEED_MBPS.get(self.dx_speed.value, 1000)))
        self._set_choices(self.dx_speed, speeds, keep)

    def _set_choices(self, dropdown, options, value):
        """Replace a dropdown's options and keep ``value``, then recompute once. (ipywidgets resets the value to
        the first option when the options change, also inside hold_trait_notifications; the reset must not
        reach the model.)"""
        self._quiet = True
        try:
            with dropdown.hold_sync():  # options and value reach the browser in one message: otherwise it
                dropdown.options = options  # selects the first option and sends that back after our value
                dropdown.value = value
        finally:
            self._quiet = False
        self.update()

    def _on_region(self, change):
        """Region changed: its own Direct Connect locations first in the picker (the chosen one stays)."""
        from vpncost.present.views import location_choices

        self._set_choices(self.dx_location, location_choices(change["new"]), self.dx_location.value)

    def refresh(self, **inputs) -> bool:
        """Recompute for ``inputs`` and move the charts (no display). False when the inputs are rejected."""
        from vpncost.errors import VpncostError
        from vpncost.present import plots
        from vpncost.present.views import dashboard_scenario

        try:
            scenario = dashboard_scenario(self.base, **inputs)
            data = self._compute(scenario)
        except VpncostError as exc:
            self._status(str(exc))
            self.out.outputs = ()  # no chart for inputs that have no answer: old charts would look current
            return False
        renamed = list(data["summary"]["option"]) != list(self.data["summary"]["option"])
        self.data = data
        bad = self._infeasible()
        if renamed:  # the artists are keyed by option name: a renamed option (DX type or speed) is drawn anew
            for ax in (self.ax_stack, self.ax_curve, self.ax_tco):
                with panel_style():
                    ax.clear()
            plots.stacked_cost_chart(data["stack"], self.ax_stack, bad)
            plots.cost_curve_chart(data["curve"], data["break_even"], data["variable"], self.ax_curve, bad)
            plots.tco_chart(data["tco"], self.ax_tco, bad, legend=False)
        else:
            plots.update_stacked_cost_chart(self.ax_stack, data["stack"], bad)
            plots.update_cost_curve_chart(self.ax_curve, data["curve"], data["break_even"], data["variable"], bad)
            plots.update_tco_chart(self.ax_tco, data["tco"], bad, legend=False)
        draw(self.fig, relayout=renamed)
        self._status(None)
        return True

    def update(self, *_):
        """Widget callback: refresh from the widgets and redisplay the figure in place."""
        if getattr(self, "_quiet", False):
            return
        if self.refresh(**self.inputs()):
            self._show()

    def _status(self, error):
        import html
        if error:
            self.status.value = (f"<span style='color:#b00'>{html.escape(error)}</span><br>No charts for these "
                                 "inputs: change the Region, the DX location or the value named above.")
            return
        s = self.data["summary"]
        best = s.loc[s["rank"] == 1, "option"]
        text = f"cheapest feasible option: <b>{html.escape(best.iloc[0])}</b>" if len(best) else "no feasible option"
        bad = s.loc[~s["feasible"], "option"].tolist()
        if bad:
            text += " &middot; not feasible: " + html.escape(", ".join(bad))
        sc = self.data["scenario"]
        text += (f"<br>totals per {period_label(sc.hours, sc.hours_per_month)}: " + " &middot; ".join(
            f"{html.escape(o)} {usd_html(t)}" for o, t in zip(s["option"], s["total_usd"])))
        from vpncost.present.views import far_dx_options
        first = next((o for o in sc.options if o.type == "direct_connect"), None)
        if first is not None:
            self.dx_note.value = f"<i>the DX pickers change <b>{html.escape(first.name)}</b></i>"
        for name, code, region, km in far_dx_options(sc):
            which = ("change it with the DX location picker" if first is not None and name == first.name else
                     "the DX pickers change only " + html.escape(first.name) if first is not None else "")
            text += (f"<br><span style='color:#b00'>&#9888; {html.escape(name)} is at {html.escape(code)} "
                     f"({html.escape(region)}), {km:,.0f} km from {html.escape(sc.region)}: priced with data transfer "
                     f"from {html.escape(sc.region)} to that location; {which}.</span>")
        self.status.value = text

    def _show(self):
        _show_figure(self.out, self.fig)

    def widget(self):
        """The panel to display in a notebook."""
        w = require("ipywidgets", "notebooks", "the notebook panels")
        self._show()
        controls = w.HBox([w.VBox([self.region, self.egress, self.ingress]),
                           w.VBox([self.dx_note, self.dx_type, self.dx_speed, self.dx_location]),
                           w.VBox([self.growth, self.years])])
        return panel_box([controls, self.status, self.out], "VPN vs Direct Connect dashboard", self.fig)


def cost_dashboard(scenario, catalog=None):
    """Build and return the VPN-vs-DX dashboard panel for a scenario (see :class:`CostDashboard`)."""
    return CostDashboard(scenario, catalog).widget()


class AccelerationPanel:
    """Is acceleration worth it for one site? Inputs: site city, Region, traffic, dominant direction and
    the value of a millisecond. Charts (moved in place): RTT standard vs accelerated for the site, the
    premium against milliseconds saved for the site among a list of world sites, and a map of the paths.
    Latency is modelled, not measured (:mod:`vpncost.model.latency`).
    """

    def __init__(self, world_sites, region="us-east-1", city="Tokyo", egress_gb=1000.0, ingress_gb=500.0,
                 value_of_ms_usd_per_month=10.0, min_saving_ms=10.0, catalog=None):
        w = require("ipywidgets", "notebooks", "the notebook panels")
        import matplotlib.pyplot as plt

        from vpncost.reference.locations import cities
        from vpncost.reference.regions import region_codes

        self.world, self.catalog, self.min_saving_ms = world_sites, catalog, min_saving_ms
        style = {"description_width": "120px"}
        self.city = w.Dropdown(options=list(cities()["city"]), value=city, description="site city", style=style)
        self.region = w.Dropdown(options=region_codes(), value=region, description="Region", style=style)
        self.egress = exact_number(egress_gb, "egress GB/month", TRAFFIC_GB_MAX, style)
        self.ingress = exact_number(ingress_gb, "ingress GB/month", TRAFFIC_GB_MAX, style)
        self.direction = w.Dropdown(options=["auto", "egress", "ingress"], value="auto", description="dominant dir.",
                                    style=style)
        self.value = w.FloatSlider(value=value_of_ms_usd_per_month, min=0, max=VALUE_OF_MS_USD_MAX, step=0.5,
                                   description="$ per ms/month", style=style)
        self.verdict = w.HTML()
        self.out = w.Output()
        with panel_style():
            self.fig, self.axes = plt.subplot_mosaic([["rtt", "premium"], ["map", "map"]], figsize=PANEL_FIGSIZE,
                                                     layout="constrained", height_ratios=[1, 1.2])
        panel_figure(self.fig)
        self.refresh(**self.inputs())
        for widget in (self.city, self.region, self.egress, self.ingress, self.direction, self.value):
            widget.observe(self.update, "value")

    def inputs(self) -> dict:
        return dict(city=self.city.value, region=self.region.value, egress_gb=self.egress.value,
                    ingress_gb=self.ingress.value, dominant_direction=self.direction.value,
                    value_of_ms_usd_per_month=self.value.value)

    def refresh(self, *, city, region, egress_gb, ingress_gb, dominant_direction, value_of_ms_usd_per_month) -> bool:
        """Recompute and redraw (no display); False with a one-line message when inputs are rejected."""
        import html

        import pandas as pd

        from vpncost.errors import VpncostError
        from vpncost.model.acceleration import tradeoff
        from vpncost.present import plots
        from vpncost.present.views import path_segments
        from vpncost.reference.locations import edge_locations
        from vpncost.reference.regions import region as region_row

        sites = pd.concat([pd.DataFrame({"name": [f"{city} (your site)"], "city": [city]}), self.world], ignore_index=True)
        try:
            table = tradeoff(sites, region, egress_gb, ingress_gb, dominant_direction=dominant_direction,
                             value_of_ms_usd_per_month=value_of_ms_usd_per_month, min_saving_ms=self.min_saving_ms,
                             catalog=self.catalog)
        except VpncostError as exc:
            self.verdict.value = f"<span style='color:#b00'>{html.escape(str(exc))}</span>"
            return False
        self.table = table
        mine = table.iloc[[0]]
        r = region_row(region)
        where = (float(r["longitude"]), float(r["latitude"]))
        segments = path_segments(mine, region)
        first = not self.axes["rtt"].containers
        if first:  # first call: draw; later calls move the artists
            plots.latency_chart(mine, self.axes["rtt"])
            plots.premium_chart(table, value_of_ms_usd_per_month, self.axes["premium"])
            self.axes["premium"].scatter(mine["saved_ms"], mine["extra_usd_per_month"], s=120, facecolors="none",
                                         edgecolors="#DD8452", linewidths=2, zorder=4, gid="mine")
            plots.path_map_chart(segments, mine, where, edge_locations(), self.axes["map"])
        else:
            plots.update_latency_chart(self.axes["rtt"], mine)
            plots.update_premium_chart(self.axes["premium"], table, value_of_ms_usd_per_month)
            next(c for c in self.axes["premium"].collections if c.get_gid() == "mine").set_offsets(
                mine[["saved_ms", "extra_usd_per_month"]].to_numpy(float))
            plots.update_path_map_chart(self.axes["map"], segments, mine, where)
        draw(self.fig, relayout=first)
        m = mine.iloc[0]
        self.verdict.value = (f"<b>{html.escape(m['verdict'])}</b><br>{html.escape(table.attrs['rule'])}. "
                              f"Enters AWS at {html.escape(m['edge'])} ({html.escape(m['edge_group'])}); "
                              "latency is modelled, not measured.")
        return True

    def update(self, *_):
        if self.refresh(**self.inputs()):
            _show_figure(self.out, self.fig)

    def widget(self):
        w = require("ipywidgets", "notebooks", "the notebook panels")
        _show_figure(self.out, self.fig)
        controls = w.HBox([w.VBox([self.city, self.region, self.direction]),
                           w.VBox([self.egress, self.ingress, self.value])])
        return panel_box([controls, self.verdict, self.out], "Accelerated VPN panel", self.fig)


def acceleration_panel(world_sites, **kwargs):
    """Build and return the accelerated-VPN panel (see :class:`AccelerationPanel`)."""
    return AccelerationPanel(world_sites, **kwargs).widget()


class FailoverPanel:
    """What happens when something fails? Inputs: design, repair times, outage cost and peak traffic;
    charts: cost (and risk-adjusted cost) vs availability with the frontier, the chosen design's downtime
    distribution and one simulated year, and its route table before and after a chosen failure. The figures are
    :func:`vpncost.failover.designs.compare`'s, for the same designs, years and seed as ``vpncost failover`` and
    the report (:func:`vpncost.failover.designs.scenario_options` unless ``options`` are given)."""

    def __init__(self, scenario, options=None, years: "int | None" = None, seed: "int | None" = None, catalog=None):
        w = require("ipywidgets", "notebooks", "the notebook panels")
        import matplotlib.pyplot as plt

        from vpncost.failover.designs import option_topologies, scenario_options

        if options is None:
            self.options, self.labels, self.sources = scenario_options(scenario)
        else:  # option dicts, or validated options
            self.options = [o if isinstance(o, dict) else o.model_dump() for o in options]
            self.labels, self.sources = None, ["scenario option"] * len(self.options)
        f = scenario.failover
        self.base, self.catalog = scenario, catalog
        self.topologies = option_topologies(scenario, self.options, self.labels)
        self.years = f.years if years is None else years
        self.seed = f.seed if seed is None else seed
        base = f.params()
        style = {"description_width": "150px"}
        names = list(self.topologies)
        self.design = w.Dropdown(options=names, value=names[min(2, len(names) - 1)], description="design", style=style)
        self.dx_hours = w.FloatSlider(value=base.dx_connection_hours, min=DX_REPAIR_HOURS_RANGE[0],
                                      max=DX_REPAIR_HOURS_RANGE[1], step=0.5,
                                      description="DX repair [h]", style=style, continuous_update=False)
        self.internet_hours = w.FloatSlider(value=base.internet_hours, min=INTERNET_REPAIR_HOURS_RANGE[0],
                                            max=INTERNET_REPAIR_HOURS_RANGE[1], step=0.25,
                                            description="internet repair [h]", style=style, continuous_update=False)
        self.cgw_hours = w.FloatSlider(value=base.cgw_hours, min=CGW_REPAIR_HOURS_RANGE[0],
                                       max=CGW_REPAIR_HOURS_RANGE[1], step=0.5,
                                       description="CGW repair [h]", style=style, continuous_update=False)
        self.outage = exact_number(f.outage_cost_usd_per_hour, "outage $/hour", OUTAGE_USD_MAX, style)
        self.peak = exact_number(scenario.traffic.peak_mbps, "peak Mbps", PEAK_MBPS_MAX, style)
        self.failure = w.Dropdown(description="fail", style=style, layout=w.Layout(width="520px"))
        self.summary, self.routes, self.out = w.HTML(), w.HTML(), w.Output()
        with panel_style():
            self.fig, self.axes = plt.subplot_mosaic([["frontier", "hist"], ["timeline", "timeline"]],
                                                     figsize=PANEL_FIGSIZE, layout="constrained",
                                                     height_ratios=[1.3, 1], width_ratios=[1.5, 1])
        panel_figure(self.fig)
        self._base = base
        self._scenarios = {}  # peak [Mbit/s] -> the scenario at that peak (validated once)
        self._table_key = None  # the inputs the design table was computed for (kept while only the design changes)
        self._set_failures()
        self.refresh(**self.inputs())
        self.design.observe(self._on_design, "value")
        for widget in (self.dx_hours, self.internet_hours, self.cgw_hours, self.outage, self.peak):
            widget.observe(self.update, "value")
        self.failure.observe(self._on_failure, "value")

    def inputs(self) -> dict:
        return dict(design=self.design.value, dx_connection_hours=self.dx_hours.value,
                    internet_hours=self.internet_hours.value, cgw_hours=self.cgw_hours.value,
                    outage_cost_usd_per_hour=self.outage.value, peak_mbps=self.peak.value)

    def _set_failures(self):
        """Every element of the design that can fail, in words (its id is the value); the first DX location
        (else the first element) is chosen, so the route table after a failure shows from the start."""
        top = self.topologies[self.design.value]
        elements = top.elements()
        self.failure.options = [("nothing (every element up)", "")] + [(top.describe(e), e) for e in elements]
        self.failure.value = next((e for e in elements if e.startswith("location:")), elements[0] if elements else "")

    def scenario_at(self, peak_mbps: float):
        """The scenario with the peak the panel shows [Mbit/s]."""
        if peak_mbps not in self._scenarios:
            if len(self._scenarios) > 32:
                self._scenarios.clear()
            self._scenarios[peak_mbps] = (self.base if peak_mbps == self.base.traffic.peak_mbps else
                                          self.base.replace(traffic={"peak_mbps": peak_mbps}))
        return self._scenarios[peak_mbps]

    def params(self, *, dx_connection_hours, internet_hours, cgw_hours, **_):
        """The failure parameters at the panel's repair times [h] (the other inputs do not change them)."""
        return self._base.updated(dx_connection_hours=dx_connection_hours, internet_hours=internet_hours,
                                  cgw_hours=cgw_hours)

    def table(self, *, dx_connection_hours, internet_hours, cgw_hours, outage_cost_usd_per_hour, peak_mbps,
              only: "str | None" = None):
        """:func:`vpncost.failover.designs.compare` at the panel's inputs (with ``only``: that design's row
        alone), and the failure parameters."""
        from vpncost.failover.designs import compare

        params = self.params(dx_connection_hours=dx_connection_hours, internet_hours=internet_hours,
                             cgw_hours=cgw_hours)
        keep = [k for k, o in enumerate(self.options) if only is None or o["name"] == only]
        t = compare(self.scenario_at(peak_mbps), [self.options[k] for k in keep], params, years=self.years,
                    seed=self.seed, outage_cost_usd_per_hour=outage_cost_usd_per_hour, catalog=self.catalog,
                    labels=[self.labels[k] for k in keep] if self.labels else None)
        t.insert(1, "source", [self.sources[k] for k in keep])
        return t, params

    def refresh(self, *, design, early=None, **inputs) -> bool:
        """Recompute and redraw for the inputs (no display). When the failure parameters change, every design
        is simulated anew: the chosen design's charts and line are drawn first and ``early()`` (if given) shows
        them, then the other designs' simulations complete the table and the frontier (the same figures, about
        a tenth of a second later)."""
        key = tuple(sorted(inputs.items()))
        if key != self._table_key:  # choosing another design leaves the table as it is
            old = self._table[1] if self._table_key is not None else None
            if early is not None and old is not None and old != self.params(**inputs):
                row, params = self.table(**inputs, only=design)
                self._draw(design, row, params, inputs["peak_mbps"], frontier=False)
                early()
            self._table, self._table_key = self.table(**inputs), key
        self.designs, params = self._table
        self._draw(design, self.designs, params, inputs["peak_mbps"])
        return True

    def _draw(self, design, table, params, peak, frontier: bool = True):
        """Charts and line for ``design`` from ``table`` (the frontier too when ``frontier``)."""
        from vpncost.failover import availability
        from vpncost.failover.designs import simulation
        from vpncost.present import plots

        top = self.topologies[design]
        row = table[table["design"] == design].iloc[0]
        self.sim = simulation(top, params, self.years, int(row.seed), table.attrs["charges"][design])
        self.timeline = availability.timeline(top, params, year_seed=self.seed)
        hist_title = f"Downtime per year: {self.years:,} simulated"
        year_title = f"{design}: one simulated year (peak {peak:,.0f} Mbps)"
        first = not self.axes["frontier"].collections
        if first:
            plots.frontier_chart(table, self.axes["frontier"], design)
            plots.downtime_histogram(self.sim, self.axes["hist"], hist_title)
            plots.timeline_chart(self.timeline, self.axes["timeline"], year_title, peak)
        else:
            if frontier:
                plots.update_frontier_chart(self.axes["frontier"], table, design)
            plots.update_downtime_histogram(self.axes["hist"], self.sim, hist_title)
            plots.update_timeline_chart(self.axes["timeline"], self.timeline, year_title, peak)
        draw(self.fig, relayout=first)
        self.summary.value = failover_summary_html(table, design, peak, every=frontier)
        self._route_tables()

    def _route_tables(self):
        import html

        from vpncost.failover.routing import route_table
        top = self.topologies[self.design.value]
        failed = self.failure.value
        before = route_table(top)
        after = route_table(top, {failed} if failed else set())
        self.routes.value = "<b>route table now</b>" + before.to_html(index=False, escape=True) + (
            f"<b>after {html.escape(top.describe(failed))} fails</b>" + after.to_html(index=False, escape=True)
            if failed else "<i>choose an element under 'fail' to see the route table after it fails</i>")

    def _on_design(self, _):
        self._set_failures()
        self.update()

    def _on_failure(self, _):
        self._route_tables()

    def update(self, *_):
        self.refresh(**self.inputs(), early=lambda: _show_figure(self.out, self.fig))
        _show_figure(self.out, self.fig)

    def widget(self):
        w = require("ipywidgets", "notebooks", "the notebook panels")
        _show_figure(self.out, self.fig)
        controls = w.HBox([w.VBox([self.design, self.outage, self.peak]),
                           w.VBox([self.dx_hours, self.internet_hours, self.cgw_hours])])
        return panel_box([controls, self.summary, self.out, self.failure, self.routes], "Failover panel", self.fig)


def failover_summary_html(designs, design: str, peak_mbps: float, every: bool = True) -> str:
    """The failover panel's line on the chosen design, with the figures named as in
    :data:`vpncost.failover.designs.FIGURES`, and a warning in red when it (or, with ``every`` design in
    ``designs``, all of them) cannot carry the peak."""
    import html

    from vpncost.formats import percent_of_time

    row = designs[designs["design"] == design].iloc[0]
    text = (f"<b>{html.escape(design)}</b>: {usd_html(row.monthly_usd)}/month; availability with detection "
            f"{percent_of_time(row.availability_with_detection)} (exact); downtime with detection "
            f"{row.downtime_with_detection_min_per_year:,.1f} min/year (exact); simulated mean "
            f"{row.sim_downtime_mean_min_per_year:,.1f} [95% interval {row.sim_downtime_ci_low_min_per_year:,.1f}-"
            f"{row.sim_downtime_ci_high_min_per_year:,.1f}], p95 / p99 year {row.sim_downtime_p95_min_per_year:,.0f} / "
            f"{row.sim_downtime_p99_min_per_year:,.0f} min over {int(row.simulated_years):,} simulated years; "
            f"{row.failovers_per_year:.1f} failovers/year; {row.below_peak_min_per_year:,.0f} min/year below the "
            f"peak; risk-adjusted {usd_html(row.risk_adjusted_usd_per_month)}/month. Failure rates are assumptions.")
    if every and not designs["feasible"].any():
        best = designs["capacity_mbps"].max()
        text += (f"<br><b style='color:#C44E52'>No design can carry a {peak_mbps:,.0f} Mbps peak</b> (the largest "
                 f"carries {best:,.0f} Mbps): every design is marked as unable to, and none is on the frontier.")
    elif not row.feasible:
        text += (f"<br><b style='color:#C44E52'>{html.escape(design)} cannot carry the traffic:</b> "
                 + html.escape("; ".join(row.reasons)))
    return text


def usd_html(x: float) -> str:
    return f"${x:,.2f}"


def failover_panel(scenario, options=None, **kwargs):
    """Build and return the failover panel (see :class:`FailoverPanel`)."""
    return FailoverPanel(scenario, options, **kwargs).widget()
