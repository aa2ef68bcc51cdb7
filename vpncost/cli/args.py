"""Argument types and helpers shared by the verbs: each bad value is one line naming the flag."""
from __future__ import annotations

import argparse
import json
import math
import sys


def add_price_flags(p):
    """``--prices``, ``--overrides`` and ``--discount`` on a verb that prices a scenario."""
    p.add_argument("--prices", metavar="FILE", type=input_path,
                   help="price table CSV (default: the shipped snapshot or $VPNCOST_PRICES)")
    p.add_argument("--overrides", metavar="FILE", type=input_path,
                   help="CSV of negotiated rates replacing matching rows")
    p.add_argument("--discount", metavar="PCT", type=float, default=None, help="discount on all AWS rates [%%]")


def add_wide_flag(p):
    """``--wide``: print tables at their natural width instead of fitting the terminal."""
    p.add_argument("--wide", action="store_true",
                   help="do not fit the terminal's width (default: COLUMNS, else the terminal, else 80)")


def width(args) -> "int | None":
    """Columns the verb's text output fits in (``None`` with ``--wide``)."""
    from vpncost.present.layout import terminal_width

    return terminal_width(getattr(args, "wide", False))


def int_range(lo: int, hi: int):
    """An argparse type: a whole number from ``lo`` to ``hi``."""
    def parse(text):
        try:
            v = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
        if not lo <= v <= hi:
            raise argparse.ArgumentTypeError(f"{v} is out of range; allowed: {lo} to {hi}")
        return v
    return parse


def month(text):
    """An argparse type: a month as ``YYYY-MM``."""
    import datetime as dt
    try:
        dt.date.fromisoformat(text + "-01")
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a month; use YYYY-MM") from None
    return text


def input_path(text):
    """An argparse type: a file or folder name that is not empty (``''`` would mean the current folder)."""
    if not text.strip():
        raise argparse.ArgumentTypeError("empty; name a file")
    return text


def example_or_path(*kinds: str):
    """An argparse type: a file name, or the name of a shipped example of one of ``kinds`` (``vpncost examples``)
    when no file of that name exists."""
    def parse(text):
        from vpncost.examples import resolve

        return resolve(input_path(text), *kinds)
    return parse


scenario_path = example_or_path("scenario", "network", "plan")


def non_negative(text):
    """An argparse type: a finite number >= 0."""
    try:
        v = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not v >= 0 or math.isinf(v):
        raise argparse.ArgumentTypeError(f"{text} is out of range; allowed: a number >= 0")
    return v


def is_iac_file(path) -> bool:
    """True when ``path`` holds a Terraform plan (``terraform show -json``) or a CloudFormation template."""
    from vpncost.errors import ScenarioError
    from vpncost.fileio import read_input
    from vpncost.iac.estimate import is_iac_text

    import os

    from vpncost.fileio import INPUT_LIMITS
    try:   # a file too large for a scenario may still be a plan (they run to hundreds of MB)
        big = os.stat(path).st_size > INPUT_LIMITS["scenario"]
    except OSError:
        big = False   # read_input says what is wrong, naming a scenario
    return is_iac_text(read_input(path, "plan or template" if big else "scenario", ScenarioError))


def parameter(text: str) -> tuple:
    """An argparse type: ``NAME=VALUE``."""
    name, sep, value = text.partition("=")
    if not sep or not name.strip():
        raise argparse.ArgumentTypeError(f"{text!r}: expected NAME=VALUE")
    return name.strip(), value


def is_network_file(path) -> bool:
    """True when ``path`` holds a network (``kind: network`` or a list of ``sites``) rather than a scenario."""
    from vpncost.errors import ScenarioError
    from vpncost.fileio import read_input
    from vpncost.scenario import is_network, parse_yaml

    return is_network(parse_yaml(read_input(path, "scenario", ScenarioError), str(path)))


def load_network_model(args):
    """The compiled network of ``args.scenario`` with the price flags applied."""
    from vpncost.model.network import build, catalog_for_network
    from vpncost.network import load_network

    net = load_network(args.scenario)
    catalog = catalog_for_network(net, args.prices, args.overrides, args.discount)
    warn_overrides(catalog)
    return build(net, catalog)


def load_model(args):
    """The compiled cost model of ``args.scenario`` with the price flags applied."""
    from vpncost.model.estimate import build, catalog_for
    from vpncost.scenario import load_scenario

    scenario = load_scenario(args.scenario)   # a network file is refused there, in one line
    catalog = catalog_for(scenario, args.prices, args.overrides, args.discount)
    warn_overrides(catalog)
    return build(scenario, catalog)


def warn(message: str) -> None:
    """One warning line on stderr, control characters escaped."""
    from vpncost.present.text import terminal_safe

    print(f"vpncost: {terminal_safe(message, one_line=True)}", file=sys.stderr)


def warn_overrides(catalog) -> None:
    """Name every override row that matched no price (it was added as a new one), on stderr."""
    for note in catalog.meta.get("override_notes", []):
        warn(f"warning: {note}")


def print_json(doc) -> None:
    """``doc`` as indented JSON on stdout (one write: stdout escapes control characters write by write)."""
    sys.stdout.write(json.dumps(doc, indent=2, default=float) + "\n")
