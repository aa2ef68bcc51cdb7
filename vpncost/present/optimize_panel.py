"""The optimizer's panel for JupyterLab: targets in, the cheapest design out (per-site table and map).

It only picks inputs and calls :class:`vpncost.optimize.Optimizer` (candidates priced once, each change one
solve: about 70 ms for the shipped estate, so the summary and table update first); the map is drawn with
Matplotlib's public API, shown as a PNG, and redrawn only when the design changes (about 250 ms). ipywidgets and Matplotlib are imported
here, never at ``import vpncost``."""
from __future__ import annotations

import html

from vpncost.errors import ScenarioError, require

#: the sliders' stops (targets, not prices): "file" keeps what the network file says
AVAILABILITY_STOPS = ("file", 99.0, 99.5, 99.9, 99.95, 99.99, 99.999)
RTT_STOPS = ("file", 100.0, 80.0, 60.0, 40.0, 30.0, 20.0, 10.0)
OUTAGE_USD_MAX = 1e9   # [USD/h]


class OptimizePanel:
    """Sliders for every site's availability and round-trip targets and a box for the outage cost; shows the
    total against the network as written, each site's choice and why, and a map of the design."""

    def __init__(self, optimizer):
        w = require("ipywidgets", "notebooks", "the notebook panels")

        self.optimizer = optimizer
        style = {"description_width": "170px"}
        self.availability = w.SelectionSlider(options=AVAILABILITY_STOPS, value="file", style=style,
                                              description="availability [%]", continuous_update=False)
        self.rtt = w.SelectionSlider(options=RTT_STOPS, value="file", description="round trip [ms]", style=style,
                                     continuous_update=False)
        self.outage = w.BoundedFloatText(value=-1, min=-1, max=OUTAGE_USD_MAX, step=100, style=style,
                                         description="outage $/hour (-1: file)")
        self.summary, self.table, self.map = w.HTML(), w.HTML(), w.Image(format="png")
        self.plan, self._drawn = None, None
        self.update()
        for widget in (self.availability, self.rtt, self.outage):
            widget.observe(self.update, "value")
        self.box = w.VBox([w.HBox([w.VBox([self.availability, self.rtt, self.outage]), self.summary]),
                           self.table, self.map])

    def settings(self):
        """The solver settings the inputs stand for."""
        from vpncost.optimize import Settings
        a, r, o = self.availability.value, self.rtt.value, self.outage.value
        return Settings(availability_pct=None if a == "file" else float(a), rtt_ms=None if r == "file" else float(r),
                        outage_usd_per_hour=None if o < 0 else float(o))

    def update(self, _change=None) -> None:
        """Solve for the current inputs and redraw; a target out of reach is said in the summary, in one line."""
        from vpncost.present.optimize import sites_view
        from vpncost.present.text import usd

        try:
            plan = self.optimizer.solve(self.settings())
        except ScenarioError as exc:
            self.summary.value = f"<b style='color:#b00'>{html.escape(str(exc))}</b>"
            return
        self.plan = plan
        saving = plan.as_is_usd - plan.total_usd
        self.summary.value = (f"<b>{usd(plan.total_usd)}</b> a month; as written {usd(plan.as_is_usd)} "
                              f"({'saves ' + usd(saving) if saving >= 0 else usd(-saving) + ' more'})"
                              + (f"<br>expected outage cost {usd(plan.outage_usd)} a month" if plan.outage_usd
                                 else "") + f"<br>{html.escape(plan.status)}, solved in {plan.solve_s * 1000:.0f} ms")
        self.table.value = sites_view(plan).to_html(index=False, escape=True)
        key = (tuple(c.label for c in plan.choices), tuple(sorted(plan.ports.items())),
               tuple(sorted(plan.concentrators.items())))
        if key != self._drawn:   # last, and only when the design changed: the summary and table show first
            self.map.value = map_png(plan)
            self._drawn = key


def map_png(plan) -> bytes:
    """The chosen design's map (:func:`vpncost.present.plots.network_map_chart`) as PNG bytes."""
    import io

    import matplotlib
    from matplotlib.figure import Figure

    from vpncost.present import plots, views

    points, links = views.network_map(plan.model)
    fig = Figure(figsize=(10, 5))
    fig.subplots_adjust(left=0.07, right=0.98, top=0.97, bottom=0.1)   # fixed: no layout pass per draw
    with matplotlib.rc_context({"axes.titley": 1.0}):
        plots.network_map_chart(points, links, ax=fig.add_subplot())
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=72)
    return buf.getvalue()


def optimize_panel(optimizer):
    """The panel's widget (display it in a notebook)."""
    return OptimizePanel(optimizer).box
