"""A hostile corpus derived from the real recordings in fixtures/recordings (issue 15).

Every variant is a real recording with one class of damage applied programmatically, so each frame
keeps the shape the Sentry SDK emits; only the part under test is changed. Provenance: the base
scenario and the change are in `Variant.note`. Classes:

- `markup`: recorded content that would run if printed raw: `<style>` text inside `<svg>`,
  `<math>` and `<select>` (copies of the recording's own style node), a style node with rrweb's
  `_cssText` attribute and a `_cssText` stylesheet link inside `<svg>`, comments holding `---`, a
  trailing `-`, a leading `>` and `</noscript>`, a doctype whose ids hold quotes, `on*` handlers and
  `javascript:` URLs. Every payload calls `__pwned('<where>')`, so a browser test can tell what ran.
- `timestamps`: frame times in microseconds, `1e30`, `1e308`, a 31-digit integer, and a mix of units.
- `surrogates`: strings cut inside an emoji (`JSON.stringify` then writes a lone `\\ud83d`).
- `depth`: a DOM nested 600, 1,100 and 3,000 levels, in a FullSnapshot and in a Mutation add.
- `nonfinite`: `NaN`, `Infinity` and `-Infinity` where the SDK writes numbers.

A variant is its segments as JSON texts (bytes), the exact bodies a server would send: deep trees
are assembled as text, since no JSON encoder nests 3,000 levels.
"""

from __future__ import annotations

import copy
import gzip
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

RECORDINGS = Path(__file__).resolve().parent.parent / "fixtures" / "recordings"
DEEP_MARK = "__replaydom_deep_subtree__"


@dataclass
class Variant:
    name: str
    kind: str  # the class: markup, timestamps, surrogates, depth, nonfinite
    base: str  # the scenario it is derived from
    texts: list[bytes]  # one JSON text per segment
    note: str
    expect: dict[str, int] = field(default_factory=dict)  # counts the outputs must report

    def body(self) -> bytes:
        """The recording-segments body: `[seg0,seg1,...]`."""
        return b"[" + b",".join(self.texts) + b"]"

    def write(self, folder: Path) -> Path:
        """A recording folder (`segments.json` + the base's details) that `replaydom import` reads."""
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "segments.json").write_bytes(self.body())
        details = json.loads((RECORDINGS / self.base / "details.json").read_text())
        details["id"] = self.replay_id
        (folder / "details.json").write_text(json.dumps(details))
        return folder

    @property
    def replay_id(self) -> str:
        import hashlib

        return hashlib.sha256(f"hostile-{self.name}".encode()).hexdigest()[:32]


def load(scenario: str) -> list[list[Any]]:
    with gzip.open(RECORDINGS / scenario / "segments.json.gz", "rt") as fh:
        data: list[list[Any]] = json.load(fh)
    return data


def encode(segment: list[Any]) -> bytes:
    # ensure_ascii writes a lone surrogate as `\\udXXX` and allow_nan writes NaN/Infinity: the texts
    # a JavaScript `JSON.stringify` of a cut string (or a hand-edited body) holds.
    return json.dumps(segment, separators=(",", ":"), ensure_ascii=True, allow_nan=True).encode()


def walk(node: dict[str, Any]) -> Iterator[dict[str, Any]]:
    stack = [node]
    while stack:
        n = stack.pop()
        yield n
        stack.extend(reversed(n.get("childNodes") or []))


def _full_snapshot(segments: list[list[Any]]) -> dict[str, Any]:
    return next(f for seg in segments for f in seg if f.get("type") == 2)


def _max_id(segments: list[list[Any]]) -> int:
    text = json.dumps(segments)
    import re

    return max(int(m) for m in re.findall(r'"id": (\d+)', text))


class _Ids:
    def __init__(self, start: int) -> None:
        self.next = start

    def renumber(self, node: dict[str, Any]) -> dict[str, Any]:
        for n in walk(node):
            self.next += 1
            n["id"] = self.next
        return node


def pwn(where: str) -> str:
    return f"__pwned('{where}')"


# -- markup ----------------------------------------------------------------------------------------


def _markup_variant(name: str, note: str, change: Callable[[dict[str, Any], _Ids], None]) -> Variant:
    segments = load("widgets")
    snap = _full_snapshot(segments)
    change(snap["data"]["node"], _Ids(_max_id(segments) + 1000))
    return Variant(name, "markup", "widgets", [encode(s) for s in segments], note)


def _find(root: dict[str, Any], pred: Callable[[dict[str, Any]], bool]) -> dict[str, Any]:
    return next(n for n in walk(root) if pred(n))


def _tag(name: str) -> Callable[[dict[str, Any]], bool]:
    return lambda n: n.get("tagName") == name


def _style_copy(root: dict[str, Any], ids: _Ids, css: str) -> dict[str, Any]:
    style = copy.deepcopy(_find(root, lambda n: n.get("tagName") == "style" and bool(n.get("childNodes"))))
    style["childNodes"][0]["textContent"] = css
    return ids.renumber(style)


def _style_payload(where: str) -> str:
    return (
        f'b{{color:red}}<img src=x onerror="{pwn(where)}"></style><img src=x onerror="{pwn(where + "-end")}">'
    )


def _svg_style(root: dict[str, Any], ids: _Ids) -> None:
    svg = _find(root, _tag("svg"))
    style = _style_copy(root, ids, _style_payload("svg-style"))
    for n in walk(style):
        n["isSVG"] = True  # rrweb marks every node below <svg>
    svg["childNodes"].append(style)


def _math_style(root: dict[str, Any], ids: _Ids) -> None:
    svg = _find(root, _tag("svg"))
    math = ids.renumber({**copy.deepcopy(svg), "tagName": "math", "attributes": {}, "childNodes": []})
    math.pop("isSVG", None)
    math["childNodes"].append(_style_copy(root, ids, _style_payload("math-style")))
    _find(root, _tag("body"))["childNodes"].append(math)


def _select_style(root: dict[str, Any], ids: _Ids) -> None:
    select = _find(root, _tag("select"))
    select["childNodes"].append(_style_copy(root, ids, f'<input autofocus onfocus="{pwn("select-style")}">'))


def _css_text(root: dict[str, Any], ids: _Ids) -> None:
    svg = _find(root, _tag("svg"))
    link = copy.deepcopy(_find(root, lambda n: n.get("tagName") == "link" and "_cssText" in n["attributes"]))
    link["attributes"]["_cssText"] = _style_payload("svg-link-csstext")
    svg["childNodes"].append(ids.renumber({**link, "isSVG": True}))
    style = _style_copy(root, ids, "")
    style["childNodes"] = []
    style["attributes"] = {"_cssText": _style_payload("svg-style-csstext")}
    svg["childNodes"].append({**style, "isSVG": True})
    plain = _style_copy(root, ids, "")
    plain["childNodes"] = []
    plain["attributes"] = {"_cssText": _style_payload("style-csstext")}
    _find(root, _tag("head"))["childNodes"].append(plain)


def _comments(root: dict[str, Any], ids: _Ids) -> None:
    text = _find(root, lambda n: n.get("type") == 3 and not n.get("isStyle"))
    body = _find(root, _tag("body"))
    texts = [
        "a---b",
        "ends with a dash-",
        f'><img src=x onerror="{pwn("comment-gt")}">',
        f'-><img src=x onerror="{pwn("comment-dash-gt")}">',
        "--!>",
    ]
    for value in texts:
        body["childNodes"].append(ids.renumber({**copy.deepcopy(text), "type": 5, "textContent": value}))
    # `</textarea>` / `</iframe>` in a comment inside a raw-text parent would close that parent
    for tag in ("textarea", "iframe"):
        holder = _find(root, _tag(tag))
        breakout = f'</{tag}><img src=x onerror="{pwn("comment-in-" + tag)}">'
        holder["childNodes"].append(ids.renumber({**copy.deepcopy(text), "type": 5, "textContent": breakout}))


def _doctype(root: dict[str, Any], ids: _Ids) -> None:
    doctype = _find(root, lambda n: n.get("type") == 1)
    doctype["publicId"] = f'"><img src=x onerror="{pwn("doctype")}">'
    doctype["systemId"] = f'\'><img src=x onerror="{pwn("doctype-system")}">'


def _handlers(root: dict[str, Any], ids: _Ids) -> None:
    link = _find(root, _tag("a"))
    link["attributes"]["href"] = f"javascript:{pwn('href')}"
    link["attributes"]["onclick"] = pwn("onclick")
    button = _find(root, _tag("button"))
    button["attributes"]["onfocus"] = pwn("onfocus")
    button["attributes"]["autofocus"] = ""
    iframe = _find(root, _tag("iframe"))
    iframe["attributes"]["srcdoc"] = f"<script>{pwn('srcdoc')}</script>"
    svg = _find(root, _tag("svg"))
    svg["attributes"]["onload"] = pwn("svg-onload")
    textarea = _find(root, _tag("textarea"))
    inner = copy.deepcopy(_find(root, _tag("span")))
    inner["attributes"] = {"title": f'</textarea><img src=x onerror="{pwn("attr-in-textarea")}">'}
    textarea["childNodes"].append(ids.renumber(inner))


MARKUP: dict[str, tuple[str, Callable[[dict[str, Any], _Ids], None]]] = {
    "svg-style": (
        "a copy of widgets' shadow <style> moved into its first <svg>, CSS text = markup",
        _svg_style,
    ),
    "math-style": ("the same style inside a <math> element (a retagged copy of the <svg> node)", _math_style),
    "select-style": ("the same style inside widgets' <select>, its CSS an autofocus <input>", _select_style),
    "css-text": ("`_cssText` markup on a stylesheet <link> in <svg> and on <style> nodes", _css_text),
    "comments": ("comment nodes (retyped text nodes) with ---, a trailing -, > and </textarea>", _comments),
    "doctype": ("the doctype's publicId and systemId hold quotes and markup", _doctype),
    "handlers": ("on* handlers, javascript: href, srcdoc, an attribute closing <textarea>", _handlers),
}


def _all_markup(root: dict[str, Any], ids: _Ids) -> None:
    for _, change in MARKUP.values():
        change(root, ids)


def markup_variants() -> list[Variant]:
    """One variant per payload, and `all-markup` with every payload in one recording."""
    out = [_markup_variant(name, note, change) for name, (note, change) in MARKUP.items()]
    return [*out, _markup_variant("all-markup", "every markup payload above in one recording", _all_markup)]


# -- timestamps ------------------------------------------------------------------------------------


def timestamp_variants() -> list[Variant]:
    out = []
    changes: dict[str, Callable[[int, dict[str, Any]], None]] = {
        "ts-microseconds": lambda i, f: f.update(timestamp=f["timestamp"] * 1000),
        "ts-1e30": lambda i, f: f.update(timestamp=1e30),
        "ts-1e308": lambda i, f: f.update(timestamp=1e308),
        "ts-bigint": lambda i, f: f.update(timestamp=10**30 + i),
        "ts-mixed": lambda i, f: f.update(timestamp=[f["timestamp"] * 1000, 1e30, -5, 1e308, 10**30][i % 5]),
    }
    for name, change in changes.items():
        segments = load("checkout-failure")
        changed = 0
        for seg in segments:
            for i, frame in enumerate(seg):
                if i % 3 == 1 and isinstance(frame.get("timestamp"), (int, float)):
                    change(i, frame)
                    payload = (
                        frame.get("data", {}).get("payload") if isinstance(frame.get("data"), dict) else None
                    )
                    if isinstance(payload, dict):
                        for key in ("timestamp", "startTimestamp", "endTimestamp"):
                            if key in payload:
                                payload[key] = 1e300
                    changed += 1
        frames = [f for seg in segments for f in seg]
        unusable = sum(not _plausible(f.get("timestamp")) for f in frames)
        out.append(
            Variant(
                name,
                "timestamps",
                "checkout-failure",
                [encode(s) for s in segments],
                f"every third frame of checkout-failure: {name} ({changed} changed)",
                {"unusable": unusable, "events": len(frames)},
            )
        )
    return out


def _plausible(value: Any) -> bool:
    """A usable recorded time by the SDK's unit rule (above 9,999,999,999 it is ms, else seconds)."""
    if isinstance(value, bool) or not isinstance(value, int | float) or value != value:
        return False
    ms = value if value > 9_999_999_999 else value * 1000
    return 0 < ms < 1e14


# -- surrogates ------------------------------------------------------------------------------------


def surrogate_variants() -> list[Variant]:
    segments = load("checkout-failure")
    cut = 0
    for seg in segments:
        for frame in seg:
            data = frame.get("data")
            payload = data.get("payload") if isinstance(data, dict) else None
            if isinstance(payload, dict) and isinstance(payload.get("message"), str):
                payload["message"] = payload["message"][:20] + "\ud83d"  # cut inside 😀 (d83d de00)
                cut += 1
            elif isinstance(payload, dict) and isinstance(payload.get("description"), str):
                payload["description"] = "\ude00" + payload["description"]
                cut += 1
    snap = _full_snapshot(segments)
    for node in walk(snap["data"]["node"]):
        if node.get("type") == 3 and node.get("textContent", "").strip():
            node["textContent"] = node["textContent"][:5] + "\ud83d"
            cut += 1
            break
    return [
        Variant(
            "surrogates",
            "surrogates",
            "checkout-failure",
            [encode(s) for s in segments],
            "breadcrumb messages, span descriptions and one DOM text cut inside an emoji",
            {"surrogates": cut},
        )
    ]


# -- depth -----------------------------------------------------------------------------------------


def _deep_text(template: dict[str, Any], levels: int, first_id: int) -> str:
    """`levels` nested copies of a real element node as JSON text (innermost holds a text node)."""
    head: list[str] = []
    tail: list[str] = []
    shell = {k: v for k, v in template.items() if k not in ("childNodes", "id")}
    opening = json.dumps(shell, separators=(",", ":"))[:-1] + ',"childNodes":['
    for level in range(levels):
        head.append(opening)
        tail.append(f'],"id":{first_id + level}}}')
    leaf = json.dumps({"type": 3, "textContent": f"level {levels}", "id": first_id + levels})
    return "".join(head) + leaf + "".join(reversed(tail))


def depth_variants(levels: tuple[int, ...] = (600, 1100, 3000)) -> list[Variant]:
    out = []
    for n in levels:
        segments = load("checkout-failure")
        root = _full_snapshot(segments)["data"]["node"]
        div = copy.deepcopy(_find(root, _tag("div")))
        body = _find(root, _tag("body"))
        body["childNodes"].append(DEEP_MARK)
        mutation = next(
            f for seg in segments[1:] for f in seg if f.get("type") == 3 and f["data"].get("source") == 0
        )
        mutation["data"]["adds"].append({"parentId": body["id"], "nextId": None, "node": DEEP_MARK + "add"})
        base = _max_id(segments) + 10
        texts = []
        deep_snap = _deep_text(div, n, base)
        deep_add = _deep_text(div, n, base + n + 10)
        for seg in segments:
            text = encode(seg).decode()
            text = text.replace(json.dumps(DEEP_MARK), deep_snap).replace(
                json.dumps(DEEP_MARK + "add"), deep_add
            )
            texts.append(text.encode())
        out.append(
            Variant(
                f"depth-{n}",
                "depth",
                "checkout-failure",
                texts,
                f"a real <div> nested {n} levels under <body>, in the FullSnapshot and a Mutation add",
                {"levels": n, "at": int(mutation["timestamp"]) + 1},
            )
        )
    return out


# -- NaN / Infinity --------------------------------------------------------------------------------


def nonfinite_variants() -> list[Variant]:
    segments = load("checkout-failure")
    values = [float("nan"), float("inf"), float("-inf")]
    changed = 0
    for seg in segments:
        for frame in seg:
            data = frame.get("data")
            if frame.get("type") == 3 and isinstance(data, dict) and isinstance(data.get("x"), (int, float)):
                data["x"] = values[changed % 3]
                changed += 1
            elif frame.get("type") == 4 and isinstance(data, dict) and "width" in data:
                data["width"] = values[changed % 3]
                changed += 1
    return [
        Variant(
            "nonfinite",
            "nonfinite",
            "checkout-failure",
            [encode(s) for s in segments],
            "mouse/scroll x and Meta width replaced by NaN, Infinity, -Infinity",
            {"numbers": changed},
        )
    ]


def corpus() -> list[Variant]:
    """Every variant of every class."""
    return [
        *markup_variants(),
        *timestamp_variants(),
        *surrogate_variants(),
        *depth_variants(),
        *nonfinite_variants(),
    ]
