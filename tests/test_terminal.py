"""Terminal output that fits: every README command at 80 and 160 columns, figures never split, ``--wide``."""
import re
import shlex

import pandas as pd
import pytest
from conftest import ROOT

from vpncost.cli import main
from vpncost.present.layout import is_number, paragraph, table

#: README commands that print no laid-out text here: they need AWS (Athena, Cost Explorer, the pricing feeds),
#: write a file and print one line (report, examples -o), or print CSV/JSON/Markdown for a program or a pull-request
#: comment (not fitted on purpose)
SKIP = ("--athena", "--cost-explorer", "refresh", "report ", "--csv", "--json", "--markdown", "s3-export/", " -o ")


def readme_commands() -> list:
    text = (ROOT / "README.md").read_text()
    out = []
    for block in re.findall(r"```bash\n(.*?)```", text, re.S):
        for line in block.splitlines():
            for part in line.split("  #")[0].split("&&"):
                part = part.strip()
                if part.startswith("vpncost ") and not any(s in part for s in SKIP):
                    out.append(part.replace("old-prices.csv", "data/prices.csv"))
    return out


COMMANDS = readme_commands()


def run(argv, columns, capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", str(columns))
    monkeypatch.chdir(ROOT)
    code = main(argv)
    out, err = capsys.readouterr()
    assert code == 0, err
    return out


def test_the_readme_has_the_commands_we_check():
    verbs = {shlex.split(c)[1] for c in COMMANDS}
    assert {"estimate", "compare", "acceleration", "failover", "spend", "prices"} <= verbs, COMMANDS
    assert len(COMMANDS) >= 8


@pytest.mark.parametrize("command", COMMANDS)
def test_readme_command_fits_80_and_160_columns_and_keeps_every_figure(command, capsys, monkeypatch):
    argv = shlex.split(command)[1:]
    if argv[0] == "failover":
        argv += ["--years", "300"]
    wide = run(argv + ["--wide"], 80, capsys, monkeypatch)
    for columns in (80, 160):
        out = run(argv, columns, capsys, monkeypatch)
        too_long = [line for line in out.splitlines() if len(line) > columns]
        assert not too_long, f"{command} at {columns} columns: {too_long[:3]}"
        # no figure is split or dropped: every amount, count and percentage of the wide layout is whole in the
        # fitted one (prices show's narrow layout turns dates into notes; its rates are checked in test_cli_prices)
        if argv[:2] != ["prices", "show"] and argv[0] != "examples":  # the examples list has no figures
            figures = [f for f in re.findall(r"-?\$?\d[\d,]*(?:\.\d+)?%?", wide) if len(f) >= 4]
            assert figures
            missing = [f for f in set(figures) if f not in out]
            assert not missing, f"{command} at {columns} columns lost {missing[:5]}"
    assert max(map(len, wide.splitlines())) > 80 or argv[0] == "prices"  # --wide is not fitted


def test_compare_at_80_columns_repeats_the_option_in_every_block(capsys, monkeypatch):
    out = run(["compare", "data/scenarios/frankfurt_dc.yaml"], 80, capsys, monkeypatch)
    blocks = [b for b in out.split("\n\n") if b.startswith("rank")]
    assert len(blocks) == 2, out
    for b in blocks:
        assert "option" in b.splitlines()[0] and "DX hosted 5G via" in b


def test_a_table_wraps_text_and_never_splits_figures():
    view = pd.DataFrame({"design": ["DX 10G dedicated + static VPN backup on a transit gateway", "VPN only"],
                         "per month": ["$12,345.67", "$1.00"], "availability": ["99.9999%", "99.8831%"],
                         "note": ["the static route stays in the table and blackholes traffic when both tunnels "
                                  "are down", ""]})
    out = table(view, 50)
    lines = out.splitlines()
    assert max(map(len, lines)) <= 50
    assert "$12,345.67" in out and "99.9999%" in out
    assert sum(line.startswith("design") for line in lines) == 2  # two blocks, each led by the key column
    assert re.search(r"\s+\$1\.00(\s|$)", out)                    # figures right-aligned
    assert table(view, None) == table(view, 1000)                   # unlimited: one block
    assert len(table(view, None).splitlines()) == 3


@pytest.mark.parametrize("cell,number", [("$1,234.50", True), ("-$3.00", True), ("99.9990%", True),
                                         ("1,000 Mbps", True), ("$0.05 per connection-hour", True),
                                         ("0.03 one-time share", True), ("$7.30 (+0.2%)", True),
                                         ("VPN on TGW", False), ("yes", False), ("first 10 TB/month", False)])
def test_what_counts_as_a_figure(cell, number):
    assert is_number(cell) is number


def test_paragraph_wraps_with_a_hanging_indent():
    text = "  NOT FEASIBLE: peak 2,400 Mbps exceeds 1,250 Mbps (a VGW uses one tunnel and has no ECMP)"
    out = paragraph(text, 40).splitlines()
    assert out[0].startswith("  NOT FEASIBLE") and all(line.startswith("    ") for line in out[1:])
    assert max(map(len, out)) <= 40 and paragraph(text, None) == text
