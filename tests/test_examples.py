"""The shipped examples: listed, printed, written where the user says, and accepted by name by every verb."""
import subprocess
import sys

import pytest
from conftest import ROOT, SCENARIOS

from vpncost import examples
from vpncost.cli import main
from vpncost.paths import data_dir


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_every_shipped_example_file_is_listed_and_exists():
    listed = {e.location.resolve() for e in examples.EXAMPLES}
    assert all(p.exists() for p in listed)
    for folder, pattern in (("scenarios", "*.yaml"), ("estates", "*.yaml"), ("shares", "*")):
        for path in (data_dir() / folder).glob(pattern):
            assert path.resolve() in listed, f"{path.name} ships but 'vpncost examples' does not list it"
    assert set(examples.names("scenario")) == {p.stem for p in SCENARIOS}


def test_the_data_folder_is_the_package_one():
    assert data_dir().resolve() == (ROOT / "vpncost" / "data").resolve() == (ROOT / "data").resolve()


def test_list_print_and_write(capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("COLUMNS", "120")
    code, out, _ = run(capsys, "examples")
    assert code == 0 and all(name in out for name in examples.names())
    code, out, _ = run(capsys, "examples", "resilient_dc")
    assert code == 0 and out == (data_dir() / "scenarios" / "resilient_dc.yaml").read_text()
    target = tmp_path / "mine.yaml"
    target.write_text("old")
    code, _, err = run(capsys, "examples", "resilient_dc", "-o", str(target))  # the user named it: replaced
    assert code == 0 and target.read_text() == out and str(target) in err
    code, _, _ = run(capsys, "examples", "sample_inventory", "-o", str(tmp_path / "inv"))
    assert code == 0 and sorted(p.name for p in (tmp_path / "inv").iterdir()) == sorted(
        p.name for p in (data_dir() / "sample_inventory").iterdir())


@pytest.mark.parametrize("argv,needle", [
    (["examples", "nope"], "no example 'nope'; allowed: small_branch"),
    (["examples", "sample_inventory"], "is a folder; write it with -o FOLDER"),
    (["examples", "-o", "x.yaml"], "-o needs an example's NAME"),
])
def test_bad_requests_are_one_line(capsys, argv, needle):
    code, out, err = run(capsys, *argv)
    assert code == 2 and out == "" and err.count("\n") == 1 and needle in err


def test_a_folder_example_is_never_merged_into_files(capsys, tmp_path):
    (tmp_path / "inv").mkdir()
    (tmp_path / "inv" / "keep.txt").write_text("mine")
    code, _, err = run(capsys, "examples", "sample_inventory", "-o", str(tmp_path / "inv"))
    assert code == 2 and "not an empty folder" in err
    assert [p.name for p in (tmp_path / "inv").iterdir()] == ["keep.txt"]
    code, _, err = run(capsys, "examples", "sample_inventory", "-o", str(data_dir() / "sample_inventory" / "x"))
    assert code == 2 and "inside the shipped example" in err


def test_verbs_take_an_example_name_and_a_file_of_that_name_wins(capsys, tmp_path, monkeypatch):
    by_path = run(capsys, "estimate", str(data_dir() / "scenarios" / "small_branch.yaml"), "--json")
    by_name = run(capsys, "estimate", "small_branch", "--json")
    assert by_name == by_path and by_name[0] == 0
    assert run(capsys, "spend", "--cur", "sample_cur", "--model", "sample_estate", "--json")[0] == 0
    monkeypatch.chdir(tmp_path)
    (tmp_path / "small_branch").write_text((data_dir() / "scenarios" / "frankfurt_dc.yaml").read_text())
    code, out, _ = run(capsys, "estimate", "small_branch", "--json")
    assert code == 0 and "Frankfurt" in out  # the user's file, not the example
    code, _, err = run(capsys, "estimate", "sample_estate")  # an estate is not a scenario
    assert code == 2 and "sample_estate" in err and err.count("\n") == 1


def test_sample_cur_generator_needs_a_folder(tmp_path):
    cmd = [sys.executable, "-m", "vpncost.spend.sample_cur"]
    p = subprocess.run(cmd, capture_output=True, text=True, cwd=tmp_path)
    assert p.returncode == 2 and "usage:" in p.stderr and list(tmp_path.iterdir()) == []
    p = subprocess.run([*cmd, "out"], capture_output=True, text=True, cwd=tmp_path)
    assert p.returncode == 0, p.stderr
    assert (tmp_path / "out" / "legacy" / "sample_cur.csv.gz").read_bytes() == (
        data_dir() / "sample_cur" / "legacy" / "sample_cur.csv.gz").read_bytes()


def test_refresh_from_the_shipped_feeds_rebuilds_the_snapshot(capsys, tmp_path):
    out = tmp_path / "p.csv"
    code, _, err = run(capsys, "prices", "refresh", "--base-url", "shipped", "--out", str(out))
    assert code == 0, err
    assert out.read_bytes() == (data_dir() / "prices.csv").read_bytes()


def test_lower_bounds_pin_every_requirement(tmp_path):
    sys.path.insert(0, str(ROOT / "tools"))
    try:
        import lower_bounds
    finally:
        sys.path.remove(str(ROOT / "tools"))
    import re

    from packaging.version import Version

    pins = lower_bounds.lower_bounds(lower_bounds.requirements())
    declared = re.search(r'"numpy>=([\d.]+)"', (ROOT / "pyproject.toml").read_text()).group(1)
    assert pins["numpy"] == Version(declared)
    assert {"numpy", "pandas", "matplotlib", "duckdb", "pydantic", "pytest", "jupyterlab"} <= set(pins)
    assert "vpncost" not in pins
    bad = tmp_path / "pyproject.toml"
    bad.write_text('[project]\nname = "x"\ndependencies = ["numpy"]\n')
    with pytest.raises(SystemExit, match="numpy: no lower bound"):
        lower_bounds.lower_bounds(lower_bounds.requirements(bad))


def test_review_edge_cases(capsys, tmp_path, monkeypatch):
    """-o . in an empty current folder fills it (never removes it); a path under a file is one line; a broken
    link named like an example is the user's; --allocate takes the shares example by name."""
    import os

    work = tmp_path / "here"
    work.mkdir()
    monkeypatch.chdir(work)
    code, _, err = run(capsys, "examples", "sample_inventory", "-o", ".")
    assert code == 0, err
    assert os.getcwd() == str(work) and work.is_dir() and (work / "vpn.csv").exists()
    (tmp_path / "afile").write_text("x")
    for name in ("small_branch", "sample_inventory"):
        code, _, err = run(capsys, "examples", name, "-o", str(tmp_path / "afile" / "x"))
        assert code == 2 and err.count("\n") == 1 and "cannot write the example" in err
    os.symlink(tmp_path / "gone.yaml", work / "small_branch")
    assert examples.resolve("small_branch", "scenario") == "small_branch"
    code, out, err = run(capsys, "spend", "--cur", "sample_cur", "--allocate", "table", "sample_shares")
    assert code == 0, err


def test_examples_are_the_package_copy_whatever_the_data_dir(monkeypatch, tmp_path):
    monkeypatch.setenv("VPNCOST_DATA_DIR", str(tmp_path))
    assert examples.path("frankfurt_dc").exists()
