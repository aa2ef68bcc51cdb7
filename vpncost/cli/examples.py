"""The ``examples`` verb: the scenarios, estate, site lists, shares, sample CUR and inventory that ship inside the
package (:mod:`vpncost.examples`), listed, printed or written where the user says."""
from __future__ import annotations

import sys

from vpncost.cli.args import add_wide_flag, input_path, width


def register(verbs):
    ex = verbs.add_parser("examples", help="list the shipped examples, print one, or write it with -o")
    ex.add_argument("name", metavar="NAME", nargs="?", help="an example's name (see 'vpncost examples')")
    ex.add_argument("-o", "--output", metavar="PATH", type=input_path,
                    help="write the example here (a new or empty folder for a folder example) instead of stdout")
    add_wide_flag(ex)
    ex.set_defaults(run=_examples)


def _examples(args) -> int:
    import pandas as pd

    from vpncost import examples
    from vpncost.errors import VpncostError
    from vpncost.present.layout import paragraph, table

    if args.name is None:
        if args.output:
            raise VpncostError("examples: -o needs an example's NAME; see 'vpncost examples'")
        rows = pd.DataFrame([{"name": e.name, "kind": e.kind, "what": e.what} for e in examples.EXAMPLES])
        print(table(rows, width(args)))
        print("\n" + paragraph("Every verb takes an example's name where it takes that kind of file, e.g. "
                               "'vpncost compare frankfurt_dc'; 'vpncost examples NAME -o FILE' writes a copy "
                               "to edit.", width(args)))
        return 0
    example = examples.get(args.name)
    if args.output:
        out = examples.write(example.name, args.output)
        print(f"wrote {out}", file=sys.stderr)
        return 0
    if example.location.is_dir():
        raise VpncostError(f"examples: {example.name} is a folder; write it with -o FOLDER")
    sys.stdout.write(example.location.read_text(encoding="utf-8"))
    return 0
