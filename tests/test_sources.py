"""Every citation is one a user of the repository can open: nothing points outside it (the developers' research
notes are not shipped), and every ``sources.csv KEY`` a price row, table or docstring names is a row there."""
import csv
import re

from conftest import ROOT

FOLDERS = ("vpncost", "tests", "tools", "bench", "notebooks")
OUTSIDE = re.compile(r"shared/research|\.\./shared|research/(pricing|hybrid-design)\.md")


def _texts():
    yield ROOT / "README.md"
    for folder in FOLDERS:
        for path in (ROOT / folder).rglob("*"):
            if path.is_file() and path.suffix in (".py", ".csv", ".md", ".json", ".ipynb", ".yaml", ".cfg"):
                yield path


def test_no_citation_points_outside_the_repository():
    me = __file__
    bad = [str(p.relative_to(ROOT)) for p in _texts() if str(p) != me and OUTSIDE.search(p.read_text(errors="ignore"))]
    assert not bad, bad


def test_every_cited_source_key_is_in_sources_csv():
    with open(ROOT / "vpncost" / "data" / "sources.csv", newline="") as f:
        keys = {row["key"] for row in csv.DictReader(f)}
    assert {"SP", "PL-2026", "WP", "SLA-VPN", "SLA-DX", "FAIL-RATES", "CUR-RULES", "VPN-UG"} <= keys
    cited = set()
    for path in _texts():
        if str(path) == __file__:
            continue
        for match in re.finditer(r"sources\.csv(?:``)? ([A-Z][A-Za-z0-9-]+(?:, [A-Z][A-Z0-9-]+)*)", path.read_text(errors="ignore")):
            cited |= {k.strip() for k in match.group(1).split(",")}
    cited.discard("KEY")  # the README's placeholder
    assert cited and cited <= keys, sorted(cited - keys)
