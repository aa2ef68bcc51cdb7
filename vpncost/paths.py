"""Where the shipped data lives. ``VPNCOST_DATA_DIR`` points elsewhere (e.g. a refreshed snapshot)."""
import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent


def data_dir() -> Path:
    """The data folder: ``$VPNCOST_DATA_DIR`` if set, else ``data/`` beside the package."""
    env = os.environ.get("VPNCOST_DATA_DIR")
    return Path(env) if env else PACKAGE_DIR.parent / "data"


def default_prices_path() -> Path:
    """The price table to use: ``$VPNCOST_PRICES`` if set, else ``data/prices.csv``."""
    env = os.environ.get("VPNCOST_PRICES")
    return Path(env) if env else data_dir() / "prices.csv"
