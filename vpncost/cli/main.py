"""The ``vpncost`` command line. Bad input gives one line on stderr and exit code 2."""
from __future__ import annotations

import argparse
import os
import sys

from vpncost.errors import VpncostError


class _Parser(argparse.ArgumentParser):
    """argparse with one-line errors (no usage dump) and exit code 2."""

    def error(self, message):  # noqa: D102
        raise SystemExit(_fail(f"{self.prog}: {message} (see '{self.prog} --help')"))


def _fail(message: str, code: int = 2) -> int:
    from vpncost.present.text import terminal_safe

    print(f"vpncost: error: {terminal_safe(message, one_line=True)}", file=sys.stderr)
    return code


class _Escaped:
    """stdout with control characters escaped (:func:`vpncost.present.text.terminal_safe`): every verb's output."""

    def __init__(self, stream):
        self._stream = stream

    def write(self, text: str) -> int:
        from vpncost.present.text import terminal_safe

        return self._stream.write(terminal_safe(text))

    def __getattr__(self, name):
        return getattr(self._stream, name)


def build_parser() -> argparse.ArgumentParser:
    """The parser of every verb; each verb family registers itself from its own module."""
    from vpncost import __version__
    from vpncost.cli import examples, failover, model, optimize, prices, report, spend

    parser = _Parser(prog="vpncost", description="Cost, break-even and failover of AWS Site-to-Site VPN, "
                     "accelerated VPN and Direct Connect, from a dated AWS price snapshot.")
    parser.add_argument("--version", action="version", version=f"vpncost {__version__}")
    verbs = parser.add_subparsers(dest="verb", metavar="VERB", parser_class=_Parser)
    prices.register(verbs, _Parser)
    for family in (model, optimize, failover, spend, report, examples):
        family.register(verbs)
    return parser


def main(argv=None) -> int:
    stdout, sys.stdout = sys.stdout, _Escaped(sys.stdout)  # stderr stays raw for progress bars: its lines are
    try:                                                   # escaped where written (_fail, args.warn)
        return _main(argv)
    finally:
        sys.stdout = stdout


def _main(argv=None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
        if args.verb is None:
            parser.print_help()
            return 2
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
