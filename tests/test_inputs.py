"""Inputs the OS makes awkward (issue: wrong exit codes, hangs): every one is one line and exit 2, none hangs."""
import os
import shutil

import pytest
from conftest import ROOT, run_cli

from vpncost.cli import main

SCENARIO = ROOT / "data" / "scenarios" / "small_branch.yaml"


def run(argv, capsys):
    code = run_cli(argv)
    return code, capsys.readouterr().err


def one_line(code, err, *words):
    assert code == 2, (code, err)
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err and "internal error" not in err, err
    for w in words:
        assert w in err, (w, err)


def test_scenario_paths_the_os_refuses(tmp_path, capsys):
    loop = tmp_path / "loop.yaml"
    loop.symlink_to(loop)
    plain = tmp_path / "plain.yaml"
    plain.write_text("name: x\n")
    cases = {
        str(loop): "too many levels of symbolic links",
        str(tmp_path / ("n" * 300 + ".yaml")): "file name too long",
        str(plain / "under.yaml"): "not a directory",
        str(tmp_path): "is a directory",
        "/dev/zero": "is a device",
    }
    for path, words in cases.items():
        one_line(*run(["estimate", path], capsys), words)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_never_hangs(tmp_path, capsys):
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    one_line(*run(["estimate", str(fifo)], capsys), "is a FIFO", "scenario")
    one_line(*run(["estimate", str(SCENARIO), "--prices", str(fifo)], capsys), "is a FIFO", "price table")
    one_line(*run(["estimate", str(SCENARIO), "--overrides", str(fifo)], capsys), "is a FIFO", "overrides")
    cur_fifo = tmp_path / "cur.parquet"
    os.mkfifo(cur_fifo)
    one_line(*run(["spend", "--cur", str(cur_fifo)], capsys), "is a FIFO", "CUR")
    folder = tmp_path / "curdir"  # a FIFO inside a CUR folder is not a CUR file: the folder has none
    folder.mkdir()
    os.mkfifo(folder / "x.csv")
    one_line(*run(["spend", "--cur", str(folder)], capsys), "no CUR files")


def test_directories_where_files_belong(tmp_path, capsys):
    for argv, words in (
        (["estimate", str(SCENARIO), "--prices", str(tmp_path)], "price table must be a regular file"),
        (["estimate", str(SCENARIO), "--overrides", str(tmp_path)], "overrides must be a regular file"),
        (["acceleration", str(SCENARIO), "--sites", str(tmp_path)], "sites must be a regular file"),
        (["spend", "--cur", str(ROOT / "data" / "sample_cur" / "cur2"), "--model", str(tmp_path)],
         "estate must be a regular file"),
        (["report", str(SCENARIO), "-o", str(tmp_path)], "not a regular file"),
    ):
        one_line(*run(argv, capsys), words)


def test_encodings_sizes_and_nesting(tmp_path, capsys):
    latin = tmp_path / "estate.yaml"
    latin.write_bytes("name: Z\u00fcrich\nparts: []\n".encode("latin-1"))
    one_line(*run(["spend", "--cur", str(ROOT / "data" / "sample_cur" / "cur2"), "--model", str(latin)], capsys),
             "not UTF-8", "0xfc")
    big = tmp_path / "big.yaml"
    with open(big, "wb") as fh:
        fh.truncate(5 * 2**20)
    one_line(*run(["estimate", str(big)], capsys), "MiB allowed for a scenario")
    deep = tmp_path / "deep.yaml"
    deep.write_text("a: " + "[" * 5000 + "]" * 5000 + "\n")
    one_line(*run(["estimate", str(deep)], capsys), "nested too deeply")


@pytest.mark.parametrize("meta", ["[1, 2]", "null", "\"2026-01-01\""])
def test_price_metadata_that_is_not_an_object(tmp_path, capsys, meta):
    prices = tmp_path / "prices.csv"
    shutil.copy(ROOT / "data" / "prices.csv", prices)
    prices.with_suffix(".meta.json").write_text(meta)
    one_line(*run(["estimate", str(SCENARIO), "--prices", str(prices)], capsys), "must be a JSON object")


def test_overrides_named_in_a_scenario_are_checked_where_the_scenario_is(tmp_path, capsys):
    scenario = tmp_path / "s.yaml"
    text = SCENARIO.read_text()
    assert "pricing:" not in text
    scenario.write_text(text + "\npricing:\n  overrides: /dev/zero\n")
    one_line(*run(["estimate", str(scenario)], capsys), "pricing.overrides", "is a device")
    scenario.write_text(text + "\npricing:\n  overrides: missing.csv\n")
    one_line(*run(["estimate", str(scenario)], capsys), "pricing.overrides", str(tmp_path / "missing.csv"))


def test_empty_athena_table_is_one_line(capsys):
    one_line(*run(["spend", "--athena-table", "", "--athena-database", "db"], capsys), "athena table: ''")


@pytest.mark.parametrize("argv", [["estimate", ""], ["estimate", str(SCENARIO), "--prices", ""],
                                  ["estimate", str(SCENARIO), "--overrides", " "], ["spend", "--cur", ""],
                                  ["prices", "diff", "", ""]])
def test_an_empty_path_is_not_the_current_folder(argv, capsys):
    one_line(*run(argv, capsys), "empty; name a file")


def test_control_characters_from_files_reach_the_terminal_escaped(tmp_path, capsys):
    """ESC, BEL and NUL in a scenario name or a CUR account id are printed as \\x1b, \\x07, \\x00."""
    from vpncost.spend import sample_cur

    scenario = tmp_path / "s.yaml"
    text = SCENARIO.read_text()
    first = next(line for line in text.splitlines() if line.startswith("name:"))
    scenario.write_text(text.replace(first, 'name: "evil\\e]0;pwned\\a\\e[2J\\0"', 1))
    assert main(["estimate", str(scenario)]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\x07" not in out and "\x00" not in out
    assert "evil\\x1b]0;pwned\\x07\\x1b[2J\\x00" in out

    lines = sample_cur.generate()
    lines["line_item_usage_account_id"] = lines["line_item_usage_account_id"].astype(str) + "\x1b[31m"
    lines.to_parquet(tmp_path / "cur.parquet", index=False)
    assert main(["spend", "--cur", str(tmp_path / "cur.parquet")]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\\x1b[31m" in out

    bad = tmp_path / "bad name\x1b[2J.yaml"
    one_line(*run(["estimate", str(bad)], capsys), "\\x1b[2J", "file not found")


def test_failover_second_location_error_names_the_users_field(tmp_path, capsys):
    text = (ROOT / "data" / "scenarios" / "resilient_dc.yaml").read_text()
    import yaml

    doc = yaml.safe_load(text)
    dx = next(o for o in doc["options"] if o["type"] == "direct_connect")
    doc.setdefault("failover", {})["second_location"] = dx["location"]
    doc["failover"]["years"] = 200
    path = tmp_path / "s.yaml"
    path.write_text(yaml.safe_dump(doc))
    code, err = run(["failover", str(path)], capsys)
    one_line(code, err, "failover.second_location", dx["location"], "name a different Direct Connect location")
    assert "options[" not in err and "(designs)" not in err


def test_generated_options_are_named_by_what_the_user_wrote():
    """Options the tool makes (failover designs, break-even twins, notebook designs) are validated through the
    scenario; an error names the option or the user's field that made it, never an index into a list the user
    never wrote, and never the internal '(designs)' source."""
    from vpncost.errors import ScenarioError
    from vpncost.failover.designs import compare, reference_label
    from vpncost.scenario import from_dict, load_scenario

    sc = load_scenario(ROOT / "data" / "scenarios" / "resilient_dc.yaml")
    with pytest.raises(ScenarioError) as err:
        compare(sc, [{"name": "mine", "type": "direct_connect", "speed": "7G", "location": "EqDC2"}], years=100)
    msg = str(err.value)
    assert msg.startswith(f"{sc.name}: option 'mine': speed: '7G' is not offered")
    assert "options[" not in msg and "(designs)" not in msg and "direct_connect." not in msg

    label = reference_label(sc, ("vpn_only", "dx_vpn_backup"), 1)
    assert label == ("failover.designs[1] (reference design 'DX + VPN backup', sized from option "
                     "'DX 10G + static VPN backup on TGW')")
    data = sc.model_dump()
    data["options"][1]["backup"]["routing"] = "ospf"
    with pytest.raises(ScenarioError) as err:
        from_dict(data, source="s.yaml", option_labels=["options[0]", label])
    assert str(err.value).startswith(f"s.yaml: {label}: backup.routing: Input should be")


def test_flat_rate_tier_that_is_not_published_is_a_scenario_error(tmp_path, capsys):
    """A flat-rate port whose tier cannot be resolved is refused with the scenario, naming file and option field
    (it used to surface while pricing as 'tier: auto: ...' with neither)."""
    path = tmp_path / "fr.yaml"
    path.write_text("name: fr\nregion: us-east-1\nsite: {name: Ashburn DC, city: Ashburn}\ntraffic: {egress_gb: 1000}\n"
                    "options:\n  - {name: H, type: direct_connect, speed: 100G, location: EqDC2, billing: flat_rate}\n")
    for verb in ("estimate", "compare", "failover"):
        code, err = run([verb, str(path)], capsys)
        one_line(code, err, f"{path}: options[0].tier: auto: no published flat-rate tier at EqDC2 for 100G")
