"""The ``vpncost`` command line. Bad input gives one line on stderr and exit code 2."""
from __future__ import annotations

import argparse
import os
import sys

from vpncost.errors import VpncostError

SERVICE_ALIASES = {"vpn": "vpn", "tgw": "transit_gateway", "transit_gateway": "transit_gateway",
                   "dx": "direct_connect", "direct_connect": "direct_connect", "ga": "global_accelerator",
                   "global_accelerator": "global_accelerator", "dto": "data_transfer", "data_transfer": "data_transfer"}


class _Parser(argparse.ArgumentParser):
    """argparse with one-line errors (no usage dump) and exit code 2."""

    def error(self, message):  # noqa: D102
        raise SystemExit(_fail(f"{self.prog}: {message} (see '{self.prog} --help')"))


def _fail(message: str, code: int = 2) -> int:
    print(f"vpncost: error: {message}", file=sys.stderr)
    return code


def _add_price_flags(p):
    p.add_argument("--prices", metavar="FILE", help="price table CSV (default: data/prices.csv or $VPNCOST_PRICES)")
    p.add_argument("--overrides", metavar="FILE", help="CSV of negotiated rates replacing matching rows")
    p.add_argument("--discount", metavar="PCT", type=float, default=None, help="discount on all AWS rates [%%]")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="vpncost", description="Cost, break-even and failover of AWS Site-to-Site VPN, "
                     "accelerated VPN and Direct Connect, from a dated AWS price snapshot.")
    parser.add_argument("--version", action="version", version=_version())
    verbs = parser.add_subparsers(dest="verb", metavar="VERB", parser_class=_Parser)

    prices = verbs.add_parser("prices", help="show or refresh the price table")
    pverbs = prices.add_subparsers(dest="prices_verb", metavar="ACTION", parser_class=_Parser)
    show = pverbs.add_parser("show", help="print prices with their source and date")
    show.add_argument("--service", choices=sorted(SERVICE_ALIASES), help="vpn, tgw, dx, ga or dto (long names too)")
    show.add_argument("--region", help="AWS Region code, e.g. us-east-1")
    show.add_argument("--csv", action="store_true", help="print CSV instead of a table")
    _add_price_flags(show)
    ref = pverbs.add_parser("refresh", help="fetch current list prices from the AWS Price List API (boto3)")
    ref.add_argument("--regions", nargs="+", metavar="REGION", help="only these Regions (default: all)")
    ref.add_argument("--out", metavar="FILE", help="where to write (default: the current price table)")
    ref.add_argument("--prices", metavar="FILE", help="base table kept for items the API lacks")

    from vpncost.cli import verbs as cli_model
    cli_model.add_verbs(verbs, _add_price_flags)
    return parser


def _version() -> str:
    from vpncost import __version__
    return f"vpncost {__version__}"


def _prices_show(args) -> int:
    from vpncost.pricing.views import effective_prices
    from vpncost.present.text import price_table_text
    from vpncost.pricing.catalog import load_prices
    from vpncost.reference.regions import region

    if args.region:
        region(args.region)  # validates with a clear message
    cat = load_prices(args.prices, args.overrides, args.discount or 0.0)
    service = SERVICE_ALIASES[args.service] if args.service else None
    table = effective_prices(cat, service, args.region)
    if args.csv:
        table.to_csv(sys.stdout, index=False)
    else:
        print(price_table_text(table, cat))
    return 0


def _prices_refresh(args) -> int:
    from vpncost.paths import default_prices_path
    from vpncost.pricing.pricelist import refresh
    from vpncost.reference.regions import region

    for r in args.regions or []:
        region(r)
    out = args.out or args.prices or str(default_prices_path())
    summary = refresh(out, base_path=args.prices, regions=args.regions)
    print(f"wrote {summary['out']}: {summary['rows_from_api']} rows from the Price List API, "
          f"{summary['rows_total']} rows in all")
    if summary["malformed_items"]:
        print(f"vpncost: warning: skipped {summary['malformed_items']} malformed PriceList item(s)", file=sys.stderr)
    return 0


def main(argv=None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
        if args.verb is None:
            parser.print_help()
            return 2
        if args.verb == "prices":
            if args.prices_verb == "show":
                return _prices_show(args)
            if args.prices_verb == "refresh":
                return _prices_refresh(args)
            return _fail("prices: choose an action: show or refresh")
        return args.run(args)
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else 2
    except VpncostError as exc:
        return _fail(str(exc))
    except BrokenPipeError:
        return 0
    except KeyboardInterrupt:
        return _fail("interrupted", 130)
    except Exception as exc:  # a bug, not bad input: one line, traceback only on request
        if os.environ.get("VPNCOST_DEBUG"):
            raise
        return _fail(f"internal error: {type(exc).__name__}: {exc} (set VPNCOST_DEBUG=1 for a traceback)", 1)


if __name__ == "__main__":
    sys.exit(main())
