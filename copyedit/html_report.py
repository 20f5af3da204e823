"""The HTML report: one self-contained page, the draft as a redline with each finding beside it.

Pure: reports in, one HTML string out. The page loads nothing (a Content-Security-Policy
forbids every network load, and only the page's own script, by hash, may run). Every piece
of the draft and of the findings is escaped, in text and in attributes; the findings also
travel as JSON in a ``<script type="application/json">`` block with ``<``, ``>`` and ``&``
written as ``\\u003c`` and so on, so no draft text can close that block.

The article is shown paragraph by paragraph, each beside the notes for the findings that
start in it. Edits that ``copyedit fix --accept <accept>`` would apply are ``<del>`` and
``<ins>``; every other finding (display-only, in a quotation, skipped) is a ``<mark>``.
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from .fixes import FixResult, fix_document
from .model import Applicability, Category, Edit, Finding, Fix
from .pipeline import FileReport
from .report import finding_json

_CATEGORY_ORDER = [c.value for c in Category]
_VISIBLE_SPACE = {" ": "␣", "\u00a0": "⍽", "\t": "⇥", "\n": "↵", "\r": "␍"}


def esc(text: str) -> str:
    """Escape for HTML text and (double-quoted or single-quoted) attribute values."""
    return escape(text, quote=True)


def json_for_script(data) -> str:
    """JSON that is inert inside a ``<script type="application/json">`` element."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return (
        text.replace("&", "\\u0026")
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def visible(text: str) -> str:
    """Flagged text with edge spaces (or all-space text) shown as symbols."""
    if text and text.strip() == text:
        return text
    return "".join(_VISIBLE_SPACE.get(c, c) for c in text)


@dataclass(frozen=True)
class _Item:
    """One finding as the page shows it."""

    fid: str
    number: int
    finding: Finding
    fix: Fix | None  # the applied fix, if any
    why_not: str  # why a proposed fix is not applied, or ""

    def edits(self) -> tuple[Edit, ...]:
        return self.fix.edits if self.fix is not None else ()


def render_html(
    reports: Sequence[FileReport],
    accept: Applicability = Applicability.UNSAFE,
    title: str = "copyedit report",
) -> str:
    """The whole page for one or more checked files."""
    sections = []
    data = []
    all_items: list[_Item] = []
    for index, report in enumerate(reports):
        result = fix_document(report.doc, report.findings, accept)
        items = _items(index, report, result)
        all_items.extend(items)
        sections.append(_section(index, report, result, items, accept))
        data.append(
            {
                "path": report.doc.path,
                "findings": [{"id": it.fid, **finding_json(it.finding)} for it in items],
                "stats": report.stats.to_json(report.doc),
                "engines": list(report.engines),
                "notes": list(report.notes),
            }
        )
    script_hash = _csp_hash(_SCRIPT)
    style_hash = _csp_hash(_STYLE)
    csp = (
        "default-src 'none'; "
        f"style-src '{style_hash}'; script-src '{script_hash}'; "
        "base-uri 'none'; form-action 'none'; connect-src 'none'"
    )
    return "".join(
        [
            '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n',
            f'<meta http-equiv="Content-Security-Policy" content="{esc(csp)}">\n',
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n',
            '<meta name="referrer" content="no-referrer">\n',
            f"<title>{esc(title)}</title>\n<style>{_STYLE}</style>\n</head>\n<body>\n",
            f'<header class="page"><h1>{esc(title)}</h1>',
            f'<p class="legend">Deletions and insertions are the edits '
            f"<code>copyedit fix --accept {esc(accept.value)}</code> would make; "
            '<mark class="key">highlighted</mark> findings are for the editor to decide. '
            "Nothing in this page has been applied to the draft.</p></header>\n",
            _filters(all_items),
            "\n".join(sections),
            '\n<script type="application/json" id="copyedit-data">',
            json_for_script({"version": 1, "accept": accept.value, "files": data}),
            "</script>\n",
            f"<script>{_SCRIPT}</script>\n</body>\n</html>\n",
        ]
    )


def _csp_hash(source: str) -> str:
    digest = hashlib.sha256(source.encode("utf-8")).digest()
    return "sha256-" + base64.b64encode(digest).decode("ascii")


def _items(index: int, report: FileReport, result: FixResult) -> list[_Item]:
    # fixes are matched by their edits: the same edits are the same change, whatever
    # applicability each finding gave them
    applied = {fix.edits for fix in result.fixes}
    skipped = {s.fix.edits: s.reason for s in result.skipped}
    items = []
    taken: set[tuple[Edit, ...]] = set()
    for n, f in enumerate(report.findings, 1):
        fix = f.fix
        why = ""
        if fix is not None and fix.edits in applied and fix.edits not in taken:
            taken.add(fix.edits)
        else:
            if fix is not None and any(e.replacement != e.original for e in fix.edits):
                if f.applicability is Applicability.DISPLAY_ONLY:
                    why = "display-only: never applied unattended"
                elif f.in_quote:
                    why = "inside a quotation: the speaker's words"
                elif fix.edits in skipped:
                    why = f"not applied ({skipped[fix.edits]})"
                else:
                    why = f"{f.applicability.value}: applied only with a lower --accept"
            fix = None
        items.append(_Item(f"f{index}-{n}", n, f, fix, why))
    return items


def _filters(items: list[_Item]) -> str:
    cats: dict[str, int] = {}
    rules: dict[str, int] = {}
    for it in items:
        cats[it.finding.category.value] = cats.get(it.finding.category.value, 0) + 1
        rules[it.finding.rule] = rules.get(it.finding.rule, 0) + 1
    cat_boxes = "".join(
        f'<label class="chip cat-{esc(c)}"><input type="checkbox" class="filter-category" '
        f'value="{esc(c)}" checked> {esc(c)} <span class="n">{cats[c]}</span></label>'
        for c in sorted(cats, key=lambda c: (_cat_rank(c), c))
    )
    rule_boxes = "".join(
        f'<label><input type="checkbox" class="filter-rule" value="{esc(r)}" checked> '
        f'<code>{esc(r)}</code> <span class="n">{rules[r]}</span></label>'
        for r in sorted(rules)
    )
    return (
        '<nav class="filters" aria-label="Filters">'
        f"<fieldset><legend>Category</legend>{cat_boxes or '<em>no findings</em>'}</fieldset>"
        "<fieldset><legend>Minimum confidence</legend>"
        '<input type="range" id="filter-confidence" min="0" max="1" step="0.05" value="0" '
        'aria-label="Minimum confidence"> <output id="confidence-value">0.00</output>'
        "</fieldset>"
        f'<details class="rules"><summary>Rules ({len(rules)})</summary>'
        '<p><button type="button" id="rules-all">all</button> '
        '<button type="button" id="rules-none">none</button></p>'
        f"{rule_boxes}</details>"
        f'<p class="count">Showing <span id="shown-count">{len(items)}</span> of '
        f"{len(items)} findings</p></nav>\n"
    )


def _cat_rank(value: str) -> int:
    return _CATEGORY_ORDER.index(value) if value in _CATEGORY_ORDER else len(_CATEGORY_ORDER)


def _section(
    index: int, report: FileReport, result: FixResult, items: list[_Item], accept: Applicability
) -> str:
    doc = report.doc
    notes = "".join(f"<li>{esc(n)}</li>" for n in report.notes)
    head = (
        f'<section class="file" id="file-{index}" data-path="{esc(doc.path)}">'
        f"<h2>{esc(doc.path)}</h2>"
        f'<p class="meta">{len(items)} findings · {len(result.applied)} edits marked '
        f"(--accept {esc(accept.value)}) · engines: {esc(', '.join(report.engines))}</p>"
        + (f'<ul class="run-notes">{notes}</ul>' if notes else "")
        + _readability(report, items)
    )
    rows = "".join(
        f'<div class="row"><div class="text">{text}</div>'
        f'<aside class="notes">{"".join(_note(it) for it in row_items)}</aside></div>'
        for text, row_items in _rows(report, items)
    )
    return f'{head}<div class="article">{rows}</div></section>'


def _readability(report: FileReport, items: list[_Item]) -> str:
    s = report.stats
    doc = report.doc
    long_count = sum(1 for it in items if it.finding.rule == "readability.long-sentence")
    longest = "".join(
        f"<li><b>{sl.words}</b> words, line {doc.line_col(sl.start)[0]}: "
        f"<q>{esc(_clip(doc.text[sl.start : sl.end], 90))}</q></li>"
        for sl in s.longest
    )
    return (
        '<div class="readability"><h3>Readability</h3><dl>'
        f'<div><dt>Flesch-Kincaid grade</dt><dd class="grade">{s.flesch_kincaid_grade}</dd></div>'
        f'<div><dt>Reading ease</dt><dd class="ease">{s.flesch_reading_ease}</dd></div>'
        f'<div><dt>Words</dt><dd class="words">{s.words}</dd></div>'
        f'<div><dt>Sentences</dt><dd class="sentences">{s.sentences}</dd></div>'
        f'<div><dt>Long sentences</dt><dd class="long">{long_count}</dd></div></dl>'
        + (f"<p>Longest:</p><ol>{longest}</ol>" if longest else "")
        + "</div>"
    )


def _clip(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _rows(report: FileReport, items: list[_Item]) -> list[tuple[str, list[_Item]]]:
    """(rendered text, items starting in it) per paragraph; the rows cover the whole text."""
    text = report.doc.text
    starts = sorted({0, *(_line_start(text, p.start) for p in report.doc.paragraphs)})
    bounds = [*starts, len(text)]
    rows = []
    for a, b in zip(bounds, bounds[1:], strict=False):
        mine = [
            it for it in items if a <= it.finding.start < b or (b == len(text) == it.finding.start)
        ]
        rows.append((_render_span(text, a, b, items), mine))
    if not rows:  # an empty draft
        rows.append(("", list(items)))
    return rows


def _line_start(text: str, offset: int) -> int:
    """Where the line holding ``offset`` starts: a paragraph's row keeps its indent."""
    return max(text.rfind("\n", 0, offset), text.rfind("\r", 0, offset)) + 1


def _render_span(text: str, a: int, b: int, items: list[_Item]) -> str:
    """``text[a:b]`` with marks, deletions, insertions and note numbers.

    Cut at every finding boundary: each piece is covered by a fixed set of findings, so
    overlapping findings (a long sentence holding a typo) nest without crossing tags.
    Line breaks (and plain spaces) ending a row are left to the row layout.
    """
    inside = [it for it in items if it.finding.start <= b and it.finding.end >= a]
    cuts = {a, b}
    for it in inside:
        for p in (
            it.finding.start,
            it.finding.end,
            *(x for e in it.edits() for x in (e.start, e.end)),
        ):
            if a < p < b:
                cuts.add(p)
    points = sorted(cuts)
    tail = _covered_end(text, a, b, inside)
    out = []
    for p, q in zip(points, points[1:], strict=False):
        out.append(_points_at(p, inside, a, len(text), row_end=False))
        if p >= tail:
            continue
        q = min(q, tail)
        over = [
            it
            for it in inside
            if it.finding.start <= p and q <= it.finding.end and it.finding.start < it.finding.end
        ]
        piece = esc(text[p:q])
        edit_items = [it for it in over if any(e.start <= p and q <= e.end for e in it.edits())]
        marks = [it for it in over if it.fix is None]
        if edit_items:
            ids = " ".join(it.fid for it in edit_items)
            ws = " ws" if not text[p:q].strip() else ""
            piece = f'<del class="e{ws}" data-f="{ids}">{piece}</del>'
        if marks:
            ids = " ".join(it.fid for it in marks)
            piece = f'<mark data-f="{ids}">{piece}</mark>'
        out.append(piece)
    out.append(_points_at(b, inside, a, len(text), row_end=True))
    return "".join(out)


def _covered_end(text: str, a: int, b: int, inside: list[_Item]) -> int:
    end = len(text[a:b].rstrip(" \t\r\n")) + a
    for it in inside:
        if it.finding.end > end:
            end = min(b, it.finding.end)
    return end


def _points_at(p: int, inside: list[_Item], a: int, size: int, row_end: bool) -> str:
    """At offset ``p``: the insertions of edits ending there, and the note numbers of
    findings ending there.

    Where one row ends and the next starts, a span belongs to the row it ends in, a
    zero-width one (an insertion) to the row it starts: where ``fix`` puts it. The edits
    of a fix that end before its finding does (a comma inserted before a lower-cased
    word) come first.
    """

    def elsewhere(start: int, end: int) -> bool:
        zero = start == end
        return (row_end and zero and p != size) or (not row_end and not zero and p == a)

    out = []
    for it in inside:
        for e in it.edits():
            if e.end == p and p != it.finding.end and not elsewhere(e.start, e.end):
                out.append(_inserted(it, e))
    for it in inside:
        f = it.finding
        if f.end != p or elsewhere(f.start, f.end):
            continue
        if f.start == f.end and it.fix is None:
            out.append(f'<mark class="point" data-f="{it.fid}">‸</mark>')
        out.extend(_inserted(it, e) for e in it.edits() if e.end == p)
        out.append(f'<sup class="ref" data-f="{it.fid}"><a href="#{it.fid}">{it.number}</a></sup>')
    return "".join(out)


def _inserted(it: _Item, e: Edit) -> str:
    if not e.replacement:
        return ""
    ws = " ws" if not e.replacement.strip() else ""
    return f'<ins class="e{ws}" data-f="{it.fid}">{esc(e.replacement)}</ins>'


def _note(it: _Item) -> str:
    f = it.finding
    if f.replacements:
        shown = ", ".join(
            f"<b>{esc(visible(r))}</b>" if r else "<b>(delete)</b>" for r in f.replacements[:3]
        )
        fix = f'<p class="fix">{esc(visible(f.text))} → {shown}</p>'
    else:
        fix = f'<p class="fix">{esc(visible(_clip(f.text, 80)))}</p>'
    status = it.why_not or (
        f"{f.applicability.value} edit, marked" if it.fix is not None else f.applicability.value
    )
    quote = " · in quotation" if f.in_quote else ""
    agreed = f" · also {esc(', '.join(f.agreed))}" if f.agreed else ""
    return (
        f'<div class="note cat-{esc(f.category.value)} sev-{esc(f.severity.value)}" id="{it.fid}" '
        f'data-f="{it.fid}" data-category="{esc(f.category.value)}" data-rule="{esc(f.rule)}" '
        f'data-confidence="{f.confidence:.3f}">'
        f'<p class="head"><a class="num" href="#{it.fid}">{it.number}</a> '
        f'<span class="category">{esc(f.category.value)}</span> '
        f'<code class="rule">{esc(f.rule)}</code> '
        f'<span class="confidence">confidence {f.confidence:.2f}</span></p>'
        f'<p class="message">{esc(f.message)}</p>{fix}'
        f'<p class="status">{esc(f.severity.value)} · line {f.line}, col {f.column} · '
        f"{esc(status)}{quote}{agreed}</p></div>"
    )


_STYLE = """
:root{--ink:#1b1b1b;--rule:#c9c4b8;--paper:#fdfcf8;--del:#b3261e;--ins:#1d6b34;--mark:#fbe9a6}
*{box-sizing:border-box}
body{margin:0;background:var(--paper);color:var(--ink);
 font:16px/1.55 Georgia,"Times New Roman",serif}
header.page,section.file,nav.filters{max-width:1200px;margin:0 auto;padding:0 1.2rem}
h1{font-size:1.5rem;margin:1rem 0 .2rem;border-bottom:3px double var(--ink)}
h2{font-size:1.2rem;margin:1.5rem 0 .2rem;border-bottom:1px solid var(--ink)}
h3{font-size:.8rem;text-transform:uppercase;letter-spacing:.08em;margin:0 0 .3rem}
.legend,.meta,.count,.run-notes{font:13px/1.4 system-ui,sans-serif;color:#555}
nav.filters{position:sticky;top:0;z-index:2;background:var(--paper);display:flex;
 flex-wrap:wrap;gap:.4rem 1rem;align-items:flex-start;border-bottom:1px solid var(--rule);
 padding-top:.4rem;padding-bottom:.4rem;font:13px/1.4 system-ui,sans-serif}
fieldset{border:1px solid var(--rule);margin:0;padding:.2rem .5rem}
legend{font-weight:600;padding:0 .2rem}
.chip{display:inline-block;margin-right:.5rem;white-space:nowrap}
.n{color:#777}
details.rules{max-height:14rem;overflow:auto;border:1px solid var(--rule);padding:.2rem .5rem}
details.rules label{display:block}
.count{margin:.3rem 0}
.readability{border:1px solid var(--rule);background:#f6f3ea;padding:.5rem .8rem;margin:.6rem 0;
 font:14px/1.4 system-ui,sans-serif}
.readability dl{display:flex;flex-wrap:wrap;gap:.3rem 1.6rem;margin:0}
.readability dt{font-size:11px;text-transform:uppercase;color:#666}
.readability dd{margin:0;font-size:1.3rem;font-weight:600}
.readability ol{margin:.2rem 0 0;padding-left:1.4rem}
.readability p{margin:.4rem 0 0}
.row{display:grid;grid-template-columns:minmax(0,3fr) minmax(16rem,2fr);gap:1.2rem;
 border-top:1px dotted var(--rule);padding:.5rem 0}
.text{white-space:pre-wrap;overflow-wrap:anywhere}
del.e{color:var(--del);text-decoration:line-through;background:#fbe3e1}
ins.e{color:var(--ins);text-decoration:underline;background:#e2f3e6}
del.ws,ins.ws{padding:0 .2em}
mark{background:var(--mark);color:inherit}
mark mark{background:#f5d76e}
mark.point{background:none;color:var(--del);font-weight:bold}
sup.ref{font:10px system-ui,sans-serif;margin:0 1px}
sup.ref a,.num{color:#555;text-decoration:none}
del.off{color:inherit;text-decoration:none;background:none}
ins.off,sup.ref.off,mark.point.off{display:none}
mark.off{background:none}
.notes{font:13px/1.35 system-ui,sans-serif}
.note{border-left:4px solid #999;background:#fff;padding:.3rem .5rem;margin:0 0 .4rem;
 box-shadow:0 1px 1px rgba(0,0,0,.06)}
.note p{margin:0}
.note .head{display:flex;flex-wrap:wrap;gap:.1rem .5rem;align-items:baseline}
.note .num{font-weight:700}
.note .category{text-transform:uppercase;font-size:10px;letter-spacing:.05em;font-weight:600}
.note .confidence,.note .status{color:#666;font-size:12px}
.note .fix{margin:.15rem 0}
.note.hidden{display:none}
.note.lit,.lit{outline:2px solid #2a5db0}
.sev-error{border-left-color:var(--del)}
.sev-warning{border-left-color:#c77c02}
.sev-suggestion{border-left-color:#5b7fa6}
.cat-grammar .category{color:#8a1c1c}.cat-spelling .category{color:#8a4b1c}
.cat-real-word .category{color:#7a1c6e}.cat-punctuation .category{color:#1c4d8a}
.cat-typography .category{color:#2d6b6b}.cat-consistency .category{color:#5a5a1c}
.cat-style .category{color:#4b3a8a}.cat-readability .category{color:#1c6b3a}
@media screen and (max-width:800px){.row{grid-template-columns:1fr}}
@media print{nav.filters{display:none}body{background:#fff;font-size:11pt}
 .notes{font-size:8.5pt}.note{box-shadow:none;break-inside:avoid}.readability{break-inside:avoid}}
"""

_SCRIPT = """
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("copyedit-data").textContent);
  var byId = {};
  data.files.forEach(function (file) {
    file.findings.forEach(function (f) { byId[f.id] = f; });
  });
  var cats = document.querySelectorAll("input.filter-category");
  var rules = document.querySelectorAll("input.filter-rule");
  var conf = document.getElementById("filter-confidence");
  var confOut = document.getElementById("confidence-value");
  var shown = document.getElementById("shown-count");
  function checked(list) {
    var out = {};
    list.forEach(function (el) { if (el.checked) { out[el.value] = true; } });
    return out;
  }
  function apply() {
    var okCat = checked(cats), okRule = checked(rules), min = parseFloat(conf.value);
    confOut.textContent = min.toFixed(2);
    var visible = {}, count = 0;
    Object.keys(byId).forEach(function (id) {
      var f = byId[id];
      var on = okCat[f.category] === true && okRule[f.rule] === true && f.confidence >= min - 1e-9;
      visible[id] = on;
      if (on) { count += 1; }
    });
    document.querySelectorAll(".note").forEach(function (el) {
      el.classList.toggle("hidden", !visible[el.id]);
    });
    document.querySelectorAll("del[data-f], ins[data-f], mark[data-f], sup[data-f]").forEach(
      function (el) {
        var any = el.getAttribute("data-f").split(" ").some(function (id) { return visible[id]; });
        el.classList.toggle("off", !any);
      });
    shown.textContent = String(count);
  }
  function light(id, on) {
    document.querySelectorAll("[data-f]").forEach(function (el) {
      if (el.getAttribute("data-f").split(" ").indexOf(id) >= 0) { el.classList.toggle("lit", on); }
    });
  }
  document.querySelectorAll(".note").forEach(function (el) {
    el.addEventListener("mouseenter", function () { light(el.id, true); });
    el.addEventListener("mouseleave", function () { light(el.id, false); });
  });
  cats.forEach(function (el) { el.addEventListener("change", apply); });
  rules.forEach(function (el) { el.addEventListener("change", apply); });
  conf.addEventListener("input", apply);
  function setRules(on) { rules.forEach(function (el) { el.checked = on; }); apply(); }
  document.getElementById("rules-all").addEventListener("click", function () { setRules(true); });
  document.getElementById("rules-none").addEventListener("click", function () { setRules(false); });
  apply();
})();
"""
