"""Threshold overrides: `--set name.key=value`, config files, and their usage errors."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conftest import RECORDINGS

from replaydom.analyze.struggles import StruggleConfig, thresholds
from replaydom.analyze.struggles.config import combine, load_file, parse_set
from replaydom.errors import UsageError
from replaydom.store.importer import import_recording


def test_set_flags_parse_to_overrides_and_apply() -> None:
    overrides = parse_set(["repeated-click.minClicks=4", "merge.gapMs=2500.5", " web-vital.lcpPoor = 5000 "])
    assert overrides == {
        "repeated-click": {"minClicks": 4.0},
        "merge": {"gapMs": 2500.5},
        "web-vital": {"lcpPoor": 5000.0},
    }
    effective = thresholds(StruggleConfig(overrides))
    assert effective["repeated-click"] == {"minClicks": 4, "windowMs": 1000, "maxDistancePx": 30}
    assert effective["merge"]["gapMs"] == 2500.5


@pytest.mark.parametrize(
    ("item", "message"),
    [
        ("repeated-click.minClicks", "use <detector>.<threshold>=<number>"),
        ("minClicks=3", "use <detector>.<threshold>=<number>"),
        ("repeated-click.minClicks=three", "is not a number"),
        ("repeated-click.minClicks=nan", "not a finite number"),
    ],
)
def test_bad_set_flags_are_usage_errors(item: str, message: str) -> None:
    with pytest.raises(UsageError, match=message):
        parse_set([item])


def test_unknown_names_list_the_known_ones() -> None:
    with pytest.raises(UsageError, match=r"unknown detector 'rage'; known: .*rage-click"):
        StruggleConfig({"rage": {"x": 1}})
    with pytest.raises(
        UsageError, match=r"unknown threshold rage-click.count; rage-click has: minClickCount"
    ):
        StruggleConfig({"rage-click": {"count": 1}})


def test_config_files_toml_and_json(tmp_path: Path) -> None:
    toml = tmp_path / "t.toml"
    toml.write_text("[repeated-click]\nminClicks = 4\n\n[merge]\ngapMs = 2000\n")
    js = tmp_path / "t.json"
    js.write_text('{"repeated-click": {"minClicks": 5}}')
    assert load_file(toml) == {"repeated-click": {"minClicks": 4.0}, "merge": {"gapMs": 2000.0}}
    assert combine(load_file(toml), load_file(js)) == {
        "repeated-click": {"minClicks": 5.0},
        "merge": {"gapMs": 2000.0},
    }
    bad = tmp_path / "bad.toml"
    bad.write_text("[repeated-click\n")
    with pytest.raises(UsageError, match="not valid TOML"):
        load_file(bad)
    flat = tmp_path / "flat.json"
    flat.write_text('{"minClicks": 3}')
    with pytest.raises(UsageError, match="one table"):
        load_file(flat)
    with pytest.raises(UsageError, match="cannot read config"):
        load_file(tmp_path / "missing.toml")


def test_cli_overrides_change_findings_and_bad_ones_exit_2(cli: Any, tmp_path: Path) -> None:
    rid = import_recording(RECORDINGS / "checkout-failure").replay_id
    default = cli("struggles", rid, "--json").json()
    assert any("repeated-click" in f["signals"] for f in default["items"])
    conf = tmp_path / "quiet.toml"
    conf.write_text("[repeated-click]\nminClicks = 6\n")
    tuned = cli("struggles", rid, "--json", "--config", str(conf)).json()
    assert not any("repeated-click" in f["signals"] for f in tuned["items"])
    assert tuned["thresholds"]["repeated-click"]["minClicks"] == 6
    flag_wins = cli(
        "struggles", rid, "--json", "--config", str(conf), "--set", "repeated-click.minClicks=3"
    ).json()
    assert flag_wins["items"] == default["items"]
    bad = cli("struggles", rid, "--set", "nope.x=1")
    assert bad.exit_code == 2 and bad.stdout == ""
    assert bad.stderr.startswith("Error: unknown detector 'nope'")
