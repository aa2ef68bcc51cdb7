"""Where the shipped data lives: inside the package, read through :mod:`importlib.resources`, so a wheel, a
``pipx install`` and an editable checkout all find the same files. ``VPNCOST_DATA_DIR`` points elsewhere (e.g. a
refreshed snapshot); ``VPNCOST_PRICES`` names another price table, ``VPNCOST_REPORT_TEMPLATE`` another report.

In a checkout, ``data/`` at the top level is a link to ``vpncost/data/``: one copy, edited in place, so that
nothing has to be copied into the package before it is built and nothing can drift between two copies.
"""
import os
from functools import lru_cache
from importlib.resources import files
from pathlib import Path

from vpncost.errors import VpncostError


def package_path(*parts: str) -> Path:
    """A file or folder shipped inside the package, as a path on disk.

    Every install pip makes (wheel, editable, ``pipx``) unpacks the package onto disk; an import from a zip
    archive has no such path, and is refused in one line rather than read half-way.
    """
    resource = _root().joinpath(*parts)
    if not isinstance(resource, Path):
        raise VpncostError(f"vpncost's package data ({'/'.join(parts)}) is inside an archive; install vpncost with "
                           "pip so that its files are on disk")
    return resource


@lru_cache(maxsize=1)
def _root():
    """The installed package's folder (it does not move while the process runs)."""
    return files("vpncost")


def data_dir() -> Path:
    """The data folder: ``$VPNCOST_DATA_DIR`` if set, else the package's own ``data/``."""
    env = os.environ.get("VPNCOST_DATA_DIR")
    return Path(env) if env else package_path("data")


def default_prices_path() -> Path:
    """The price table to use: ``$VPNCOST_PRICES`` if set, else ``prices.csv`` of the data folder."""
    env = os.environ.get("VPNCOST_PRICES")
    return Path(env) if env else data_dir() / "prices.csv"


def report_template_path(kind: str = "scenario") -> Path:
    """The report notebook: for a scenario ``$VPNCOST_REPORT_TEMPLATE`` if set, else the package's
    ``templates/report.ipynb``; for a network ``$VPNCOST_NETWORK_REPORT_TEMPLATE`` or
    ``templates/network_report.ipynb``."""
    var, name = (("VPNCOST_NETWORK_REPORT_TEMPLATE", "network_report.ipynb") if kind == "network"
                 else ("VPNCOST_REPORT_TEMPLATE", "report.ipynb"))
    env = os.environ.get(var)
    return Path(env) if env else package_path("templates", name)
