"""Text that fits a terminal: tables whose text cells wrap while numbers never split, columns that still do not
fit moved to a further block that repeats the key column, and paragraphs wrapped with a hanging indent.

Presentation only: cells arrive formatted (strings); nothing here computes a figure.
"""
from __future__ import annotations

import re
import shutil
import textwrap

import pandas as pd

SEP = "  "            # between columns
MIN_TEXT = 20         # a text column is not squeezed below this (or its own width, when narrower) [characters]
MIN_KEY = 12          # ... a key column (repeated in every block) not below this
MAX_WORD = 20         # ... nor below its longest word up to this many characters (identifiers stay whole)
MIN_WIDTH = 40        # narrower terminals get 40 columns all the same [characters]

#: a cell that must never be split: an amount, a percentage, a count, or a number with a short unit
#: ('$1,234.50', '-$3.00', '99.9990%', '+5.0%', '1,000 Mbps', '12 ms', '0.9 min', '730', '3.2x')
NUMBER = re.compile(r"^[-+]?\$?[\d,]*\.?\d+(%|x)?"              # the figure: $1,234.50, 99.9%, 3.2x
                    r"( ?\(?[-+]?[\d.,]*%?\)?)?"                    # a change beside it: (+0.2%)
                    r"( (per )?[A-Za-z/%-]{1,24}( [A-Za-z/%-]{1,16})?)?$")  # a unit: ms, per connection-hour


def terminal_width(wide: bool = False) -> "int | None":
    """Columns to lay text out in: ``None`` (no limit) with ``wide``, else the terminal's width (``COLUMNS``
    when set, 80 when the output is not a terminal), at least :data:`MIN_WIDTH`.

    Parameters
    ----------
    wide : bool
        Do not fit the terminal (``--wide``).
    """
    if wide:
        return None
    return max(MIN_WIDTH, shutil.get_terminal_size((80, 24)).columns)


def is_number(cell: str) -> bool:
    """True when ``cell`` is a figure that must stay on one line (see :data:`NUMBER`)."""
    return bool(NUMBER.match(cell.strip()))


def paragraph(text: str, width: "int | None") -> str:
    """``text`` wrapped to ``width`` (unchanged when ``None`` or when it fits); continuation lines are indented
    two more than the first line's own indent.

    Parameters
    ----------
    text : str
        One line of prose (a leading indent is kept).
    width : int or None
        Columns [characters].
    """
    if width is None or len(text) <= width:
        return text
    indent = text[:len(text) - len(text.lstrip())]
    return textwrap.fill(text.strip(), width, initial_indent=indent, subsequent_indent=indent + "  ",
                         break_long_words=True, break_on_hyphens=False)


def table(view: pd.DataFrame, width: "int | None" = None, key: int = 1) -> str:
    """``view`` (formatted cells) as an aligned table no wider than ``width``.

    Columns are separated by two spaces; figures are right-aligned and never split. When the natural layout is
    too wide, text columns wrap (widest first, down to :data:`MIN_TEXT`); when that is not enough, the columns
    that do not fit go to a further block below, each block repeating the first ``key`` columns.

    Parameters
    ----------
    view : pandas.DataFrame
        The table, one string (or value) per cell; the index is not shown.
    width : int or None
        Columns available [characters]; ``None``: no limit.
    key : int
        Leading columns that name a row and are repeated in every block.
    """
    heads = [str(c) for c in view.columns]
    cols = [["" if v is None or (isinstance(v, float) and v != v) else str(v) for v in view[c]] for c in view.columns]
    numeric = [any(col) and all(x == "" or is_number(x) for x in col) for col in cols]
    natural = [max([len(h), *map(len, col)]) for h, col in zip(heads, cols)]
    floor = [max([max(map(len, _head_words(h)), default=0), *map(len, col)]) if numeric[i]
             else _text_floor(col, natural[i], MIN_KEY if i < key else MIN_TEXT)
             for i, (h, col) in enumerate(zip(heads, cols))]
    n = len(heads)
    if width is None or _span(natural, range(n)) <= width:
        blocks = [list(range(n))]
    else:
        key = min(key, n)
        keys = list(range(key))
        blocks, block = [], list(keys)
        for i in range(key, n):
            if len(block) > key and _span(floor, block + [i]) > width:
                blocks.append(block)
                block = keys + [i]
            else:
                block.append(i)
        blocks.append(block)
    out = []
    for b, block in enumerate(blocks):
        widths = _squeeze(block, natural, floor, width, numeric)
        rows = range(len(cols[0]) if cols else 0)
        if b:  # a further block leaves out the rows with nothing in its own columns
            rows = [r for r in rows if any(cols[i][r] for i in block[key:])]
        out.append(_render(block, widths, heads, cols, numeric, rows))
    return "\n\n".join(out)


def _span(widths, idx) -> int:
    idx = list(idx)
    return sum(widths[i] for i in idx) + len(SEP) * max(0, len(idx) - 1)


def _longest_word(text: str) -> int:
    return max((len(w) for w in text.split()), default=0)


def _text_floor(col, natural: int, least: int) -> int:
    """Narrowest a text column gets: its longest figure (never split), its longest word up to
    :data:`MAX_WORD`, at least ``least``; never more than its natural width."""
    words = [w for cell in col for w in cell.split()]
    figures = max((len(w) for w in words if is_number(w)), default=0)
    longest = max((len(w) for w in words), default=0)
    return min(natural, max(least, figures, min(longest, MAX_WORD)))


def _squeeze(block, natural, floor, width, numeric) -> dict:
    """Widths for the columns of ``block``: natural, then narrowed one character at a time, the headers of
    figures first (a wrapped header costs one line, a wrapped text column a line on many rows), widest first."""
    w = {i: natural[i] for i in block}
    if width is None:
        return w
    excess = _span(natural, block) - width
    while excess > 0:
        room = [i for i in block if w[i] > floor[i]]
        if not room:
            break
        i = max(room, key=lambda j: (numeric[j], w[j]))
        w[i] -= 1
        excess -= 1
    return w


def _head_words(text: str) -> list:
    """A header's pieces where it may wrap: after a space, a '/' or a '-' ('risk-adjusted/mo')."""
    return [w for w in re.split(r"(?<=[/-])|\s+", text) if w]


def _wrap(cell: str, width: int, number: bool, head: bool = False) -> list:
    if number or len(cell) <= width:
        return [cell]
    if head:
        lines, line = [], ""
        for word in _head_words(cell):
            sep = "" if not line or line.endswith(("/", "-")) else " "
            if line and len(line) + len(sep) + len(word) > width:
                lines.append(line)
                line = word
            else:
                line += sep + word
        return lines + [line]
    # at spaces, so Region codes and 'pay-as-you-go' stay whole; a word longer than the column breaks at its
    # hyphens first, mid-word only when a piece is still too long
    if any(len(word) > width for word in cell.split()):
        return textwrap.wrap(cell, width, break_long_words=True, break_on_hyphens=True) or [""]
    return textwrap.wrap(cell, width, break_long_words=True, break_on_hyphens=False) or [""]


def _render(block, widths, heads, cols, numeric, rows) -> str:
    def row(cells, is_head=False) -> list:
        parts = [_wrap(c, widths[i], numeric[i] and not is_head, is_head) for i, c in zip(block, cells)]
        height = max(len(p) for p in parts)
        lines = []
        for k in range(height):
            line = SEP.join((p[k] if k < len(p) else "").rjust(widths[i]) if numeric[i]
                            else (p[k] if k < len(p) else "").ljust(widths[i]) for i, p in zip(block, parts))
            lines.append(line.rstrip())
        return lines

    lines = row([heads[i] for i in block], is_head=True)
    for r in rows:
        lines += row([cols[i][r] for i in block])
    return "\n".join(lines)
