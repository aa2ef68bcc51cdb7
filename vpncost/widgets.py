"""ipywidgets panels for JupyterLab. They only pick inputs and call the library; figures are updated
in place. ipywidgets and matplotlib are imported here, never at ``import vpncost``."""
from __future__ import annotations


def price_explorer(catalog):
    """A service and Region picker showing the applicable prices and, for DX/DTO, a chart."""
    import ipywidgets as w
    from IPython.display import display

    from vpncost.price_views import effective_prices
    from vpncost.prices import SERVICES
    from vpncost.regions import region_codes

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
    return w.VBox([w.HBox([service, region]), out])
