"""Every HTML replaydom prints or writes for the hostile corpus is inert in real Chromium.

The markup variants of tests/hostile_corpus.py carry payloads that call `__pwned('<where>')`: `<style>`
text inside `<svg>`, `<math>` and `<select>`, rrweb `_cssText`, comments that end early or close a
raw-text parent, doctype ids with quotes, handlers and `javascript:` URLs. Their outputs (`dom --at
--html`, the default excerpt, `--json`'s html, `--lens interactive` snippets and `snapshot`'s saved
HTML) are opened as files in Chromium with scripts enabled and `__pwned` exposed; nothing may call it.
A control page with the same payloads written raw must call it, so the check can fail.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hostile_corpus import corpus, markup_variants

from replaydom.errors import PlayerUnavailable

pytestmark = [pytest.mark.browser]
VARIANTS = {v.name: v for v in markup_variants()}
AT = "5s"


@pytest.fixture(scope="module")
def chromium_page_opener() -> Iterator[Any]:
    try:
        from player.locate import find_chromium, require_playwright

        require_playwright()
        from playwright.sync_api import sync_playwright

        chromium = find_chromium(None)
    except PlayerUnavailable as e:
        if os.environ.get("CI"):
            pytest.fail(f"CI is set, so Chromium must run here: {e}")
        pytest.skip(f"player unavailable: {e}")
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(chromium) if chromium else None, headless=True)
        try:
            yield b
        finally:
            b.close()


def executed(browser: Any, path: Path) -> list[str]:
    """What the page at `path` ran: `__pwned` calls and dialogs, scripts enabled, 400 ms after load."""
    calls: list[str] = []
    context = browser.new_context(java_script_enabled=True)
    try:
        page = context.new_page()
        page.expose_binding("__pwned", lambda _source, where: calls.append(str(where)))
        page.on("dialog", lambda d: (calls.append(f"dialog:{d.message}"), d.dismiss()))
        page.goto(path.as_uri(), wait_until="load")
        page.mouse.move(5, 5)  # hover and focus handlers get their chance too
        page.keyboard.press("Tab")
        page.wait_for_timeout(400)
    finally:
        context.close()
    return calls


def test_control_payloads_run_when_written_raw(chromium_page_opener: Any, tmp_path: Path) -> None:
    page = tmp_path / "control.html"
    page.write_text(
        "<!DOCTYPE html><html><body>"
        "<svg><style><img src=x onerror=\"__pwned('svg')\"></style></svg>"
        "<math><style><img src=x onerror=\"__pwned('math')\"></style></math>"
        "<!--><img src=x onerror=\"__pwned('comment')\">-->"
        "</body></html>"
    )
    assert sorted(executed(chromium_page_opener, page)) == ["comment", "math", "svg"]


def _outputs(cli: Any, rid: str, out: Path, *, snapshot: bool) -> dict[str, str]:
    """Every HTML the CLI gives for the replay at AT, by where it came from."""
    found: dict[str, str] = {}
    for name, args in {"html": ("--html",), "excerpt": ()}.items():
        result = cli("dom", rid, "--at", AT, *args)
        assert result.exit_code == 0, result.stderr
        found[f"dom-{name}"] = result.stdout
    as_json = cli("dom", rid, "--at", AT, "--json")
    found["dom-json"] = as_json.json()["html"]
    lens = cli("dom", rid, "--at", AT, "--lens", "interactive", "--json")
    items = lens.json().get("items") or lens.json().get("controls") or []
    found["dom-lens"] = "\n".join(str(i.get("html", "")) for i in items if isinstance(i, dict))
    if not snapshot:
        return found
    # The real command in its own process (one sync Playwright per thread: this test holds one).
    snap = subprocess.run(
        [sys.executable, "-m", "replaydom", "snapshot", rid, "--at", AT, "--out", str(out), "--json"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert snap.returncode == 0, snap.stderr
    for i, path in enumerate(sorted(out.glob("*.html"))):
        found[f"snapshot-{i}"] = path.read_text()
    return found


@pytest.mark.parametrize("name", list(VARIANTS))
def test_every_html_output_is_inert(chromium_page_opener: Any, cli: Any, tmp_path: Path, name: str) -> None:
    variant = VARIANTS[name]
    assert cli("import", str(variant.write(tmp_path / "rec"))).exit_code == 0
    # `snapshot` starts Chromium and the Replayer (~10 s): run once, on the variant with every payload
    outputs = _outputs(cli, variant.replay_id, tmp_path / "snap", snapshot=name == "all-markup")
    assert name != "all-markup" or any(w.startswith("snapshot") for w in outputs)
    assert any("__pwned" in text for text in outputs.values())  # the payload is there, made inert
    for where, text in outputs.items():
        page = tmp_path / f"{where}.html"
        page.write_text(text)
        assert executed(chromium_page_opener, page) == [], (where, name)


SNAPSHOT_CLASSES = ["ts-mixed", "surrogates", "nonfinite", "depth-1100", "depth-3000"]


@pytest.mark.parametrize("name", SNAPSHOT_CLASSES)
def test_snapshot_of_the_other_classes_never_crashes(
    chromium_page_opener: Any, tmp_path: Path, name: str
) -> None:
    """The real Replayer on each other class: 0, or 3/6 with one line (rrweb itself gives up on a
    3,000-level DOM: `Maximum call stack size exceeded`, reported as unreadable data, exit 6)."""
    variant = next(v for v in corpus() if v.name == name)
    folder = variant.write(tmp_path / "rec")
    env = {**os.environ, "REPLAYDOM_CACHE_DIR": str(tmp_path / "cache")}
    run = [sys.executable, "-m", "replaydom"]
    imported = subprocess.run(
        [*run, "import", str(folder)], env=env, capture_output=True, text=True, check=False
    )
    assert imported.returncode == 0, imported.stderr
    snap = subprocess.run(
        [*run, "snapshot", variant.replay_id, "--at", "6744", "--out", str(tmp_path / "out")],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert snap.returncode in (0, 3, 6), snap.stderr
    assert "Traceback" not in snap.stderr and "unexpected" not in snap.stderr
    assert snap.returncode != 6 or name == "depth-3000"
    for page in (tmp_path / "out").glob("*.html"):
        assert executed(chromium_page_opener, page) == []


def test_lens_snippet_of_a_style_element_is_inert(chromium_page_opener: Any, tmp_path: Path) -> None:
    from replaydom.dom.serialize import shallow_html
    from replaydom.dom.tree import ELEMENT, Node

    node = Node(ELEMENT, "style", 5)
    node.attrs = {"role": "button"}
    snippet = shallow_html(node, label="x", text="</style><img src=x onerror=\"__pwned('lens')\">")
    page = tmp_path / "lens.html"
    page.write_text(f"<svg>{snippet}</svg>{snippet}<select>{snippet}</select>")
    assert executed(chromium_page_opener, page) == []
    assert json.dumps(snippet)  # a plain string an agent can quote
