"""Write the notebooks from the cell lists below, then execute them in place (outputs are committed).

Run: ``python tools/build_notebooks.py [name ...]``. Notebooks stay thin: markdown question, one call
into the library, a table or chart, a sentence on what it shows.
"""
import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
NB = ROOT / "notebooks"


def md(text):
    return nbformat.v4.new_markdown_cell(text.strip())


def code(text, volatile=False):
    cell = nbformat.v4.new_code_cell(text.strip())
    if volatile:  # live widget views: their output is a model id, not content
        cell.metadata["tags"] = ["nbval-ignore-output"]
    return cell


NOTEBOOKS = {}

NOTEBOOKS["00_price_explorer"] = [
    md("""
# Price explorer: what AWS charges for hybrid connectivity

Which list prices does vpncost use, where do they come from, and how old are they? Everything here is read
from the dated snapshot in `data/prices.csv` (refresh it with `vpncost prices refresh`). Rows marked
**assumed** apply a documented rule where no price was sourced."""),
    code("""
from vpncost.prices import load_prices
from vpncost import price_views, plots

catalog = load_prices()
print(f"Price snapshot as of {catalog.as_of}: {len(catalog.table)} rows")
catalog.table["status"].value_counts()"""),
    md("Pick a service and a Region: the table shows the prices that apply there, with source and date."),
    code("""
from vpncost.widgets import price_explorer
price_explorer(catalog)""", volatile=True),
    md("## Direct Connect ports: dedicated vs hosted, by speed"),
    code("""
ports = price_views.dx_port_prices(catalog)
ports"""),
    code("""
fig = plots.dx_port_chart(ports)"""),
    md("Hosted ports start far smaller (50 Mbps) but cost more per Gbps than dedicated ports at the same speed."),
    md("## Internet data transfer out: the VPN's egress price by Region"),
    code("""
dto = price_views.internet_dto_by_region(catalog)
dto.pivot_table(index="region", columns="tier_start_gb", values="usd_per_gb", sort=False)"""),
    code("""
fig = plots.dto_region_chart(dto)"""),
    md("North American and European Regions are cheapest; South America and Africa cost most per GB."),
]


def build(name, cells):
    nb = nbformat.v4.new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    NotebookClient(nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(NB)}}).execute()
    nbformat.write(nb, NB / f"{name}.ipynb")
    print("wrote", NB / f"{name}.ipynb")


if __name__ == "__main__":
    for name in sys.argv[1:] or NOTEBOOKS:
        build(name, NOTEBOOKS[name])
