"""Judged dev benchmark: copyedit's findings on published news, labelled by blind judges.

A fixed sample of published, already-edited news from the dev splits of
../shared/benchmarks (Wikinews 2019 articles and interviews, ABC rural and science news,
Brown news and editorials) is checked with every engine, exactly as ``copyedit check`` runs
by default. Each finding is judged *correct*, *debatable* or *wrong* by a news copy editor
who sees only the article and the finding (flagged words in context, message, suggested
replacement), never the engine, rule, confidence or severity. The labels are data in
``benchmarks/judged/labels.jsonl``, keyed by content (article, span, flagged text, first
replacement or message), so they survive code changes that leave a finding unchanged;
``score`` measures any new run against them.

Subcommands::

    python benchmarks/judged_news.py sample [--write]        # the sample (ids in judged/sample.txt)
    python benchmarks/judged_news.py run [--out RUN.json]    # check the sample (LanguageTool included)
    python benchmarks/judged_news.py packets --run RUN.json --out DIR   # judge packets, unjudged only
    python benchmarks/judged_news.py import LABELS.jsonl... [--packets DIR]
    python benchmarks/judged_news.py score --run RUN.json [--json]
    python benchmarks/judged_news.py run --uncalibrated --out RAW.json; ... calibrate --run RAW.json
    python benchmarks/judged_news.py packets --run RUN.json --out DIR --rejudge 80   # second opinions
    python benchmarks/judged_news.py import DIR/*.labels.jsonl --labels-file SECOND.jsonl
    python benchmarks/judged_news.py agreement SECOND.jsonl --run RUN.json

``packets`` writes ``DIR/<article>.md`` (the article, then the numbered findings),
``DIR/JUDGE.md``, ``DIR/INDEX.txt`` (packets and their findings), ``DIR/PACKETS.txt`` (their
paths) and ``DIR/keys.jsonl`` (packet and number to label key, read by ``import``; nothing
in it names an engine or rule). Judges answer in ``DIR/<article>.labels.jsonl``, one line a
finding: ``{"packet": "<article>", "n": 3, "label": "wrong", "note": "..."}``.

Texts are read from ../shared/benchmarks at run time (``--data`` or ``$COPYEDIT_BENCHMARKS``);
nothing of them is committed except flagged words in the labels (a long flagged sentence
only as a digest). Without the data, ``sample``, ``run`` and ``packets`` print one line and
exit 0 (``EXIT_NO_DATA``); ``import`` and ``score`` need no data.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import os
import re
import sys
import zipfile
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
JUDGED = HERE / "judged"
SAMPLE_FILE = JUDGED / "sample.txt"
LABELS_FILE = JUDGED / "labels.jsonl"
DEFAULT_DATA = Path(
    os.environ.get("COPYEDIT_BENCHMARKS", HERE.parents[1] / "shared" / "benchmarks")
)
WIKINEWS = Path("clean_prose/wikinews_vanatteveldt/wikinews_2019.csv")
WIKINEWS_TEST = Path("clean_prose/wikinews_vanatteveldt/wikinews_2020.csv")
ABC_ZIP = Path("clean_prose/nltk_data/abc.zip")
BROWN_ZIP = Path("clean_prose/nltk_data/brown.zip")
TREEBANK_ZIP = Path("clean_prose/nltk_data/treebank.zip")

EXIT_NO_DATA = 0
"""Exit code when ../shared/benchmarks is missing: a clean skip, not a failure."""

LABELS = ("correct", "debatable", "wrong")
SEED = "judged-news-v1"
BUDGETS = {"wikinews2019": 80000, "abc": 20000, "brown-news": 10000, "brown-editorial": 10000}
"""Words per source in the sample (each source is filled in a fixed hashed order)."""
WIKINEWS_INTERVIEWS = (18, 97)
"""Rows of wikinews_2019.csv that keep their Q&A ('((WN))' question labels); always in."""
CONTEXT_WORDS = 12


# ---------------------------------------------------------------- texts


@dataclass(frozen=True)
class Article:
    id: str
    source: str
    title: str
    text: str

    @property
    def words(self) -> int:
        return len(self.text.split())


def _clean_spaces(text: str) -> str:
    """What a browser shows: runs of spaces (and no-break spaces at paragraph ends) are one."""
    return re.sub(r"[ \t]{2,}", " ", text).strip(" \t\u00a0")


def wikinews_articles(
    data: Path, csv_path: Path = WIKINEWS, source: str = "wikinews2019"
) -> list[Article]:
    """Title as the first paragraph, then the body's paragraphs (the scrape's dateline kept)."""
    csv.field_size_limit(10**9)
    with open(data / csv_path, newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    out = []
    for i, row in enumerate(rows):
        paras = [_clean_spaces(p) for p in re.split(r"\n\s*\n", row["text"])]
        body = [p for p in paras if p]
        text = "\n\n".join([_clean_spaces(row["title"]), *body]) + "\n"
        out.append(Article(f"{source}:{i}", source, row["title"], text))
    return out


def abc_articles(data: Path) -> list[Article]:
    """ABC rural and science news: blank-line-separated stories, headline then one sentence
    per paragraph (as on the site; a quotation running on opens each paragraph with a quote
    mark). A story's subheaded sections are stories of their own."""
    out = []
    with zipfile.ZipFile(data / ABC_ZIP) as zf:
        for part in ("rural", "science"):
            raw = zf.read(f"abc/{part}.txt").decode("utf-8", errors="replace")
            blocks = [b for b in re.split(r"\n[ \t]*\n", raw.replace("\r\n", "\n")) if b.strip()]
            for n, block in enumerate(blocks):
                lines = [_clean_spaces(x) for x in block.split("\n") if x.strip()]
                if len(lines) < 2:
                    continue
                text = "\n\n".join(lines) + "\n"
                out.append(Article(f"abc-{part}:{n}", "abc", lines[0], text))
    return out


def wsj_articles(data: Path) -> list[Article]:
    """The Wall Street Journal stories (1989) of the Penn Treebank sample, as published
    (``treebank/raw``): paragraphs split by blank lines, one sentence a line; no headline."""
    out = []
    with zipfile.ZipFile(data / TREEBANK_ZIP) as zf:
        for name in sorted(n for n in zf.namelist() if re.search(r"raw/wsj_\d+$", n)):
            raw = zf.read(name).decode("utf-8", errors="replace").replace("\r\n", "\n")
            raw = re.sub(r"^\s*\.START\s*", "", raw)
            paras = [
                _clean_spaces(" ".join(line.strip() for line in block.split("\n")))
                for block in re.split(r"\n[ \t]*\n", raw)
            ]
            body = [p for p in paras if p]
            if body:
                n = name.rsplit("_", 1)[1]
                out.append(Article(f"wsj:{n}", "wsj", body[0][:60], "\n\n".join(body) + "\n"))
    return out


_NO_SPACE_BEFORE = {".", ",", ";", ":", "?", "!", ")", "''", "'", "%"}
_NO_SPACE_AFTER = {"(", "``", "`", "$"}


def _brown_words(tokens: Sequence[str]) -> list[str]:
    """The words of ``word/tag`` tokens, undoing the corpus's tokenisation artefacts: it
    moved every full stop, comma, question and exclamation mark out of closing quotes
    (they go back inside, as American print had them), doubled some ``;``, ``,`` and ``?``
    (one is kept), and doubled an abbreviation's full stop as the sentence's (``a.m. .``)."""
    words: list[str] = []
    for tok in tokens:
        word = tok.rsplit("/", 1)[0] if "/" in tok[1:] else tok
        if word in (".", ",", "?", "!") and words and words[-1] == "''":
            if len(words) < 2 or words[-2] != word:
                words.insert(len(words) - 1, word)
        elif word in (";", ",", "?") and words and words[-1] == word:
            continue
        elif word == "." and words and len(words[-1]) > 1 and words[-1].endswith("."):
            continue
        else:
            words.append(word)
    return words


def detokenise_brown(tokens: Sequence[str]) -> str:
    """Brown's ``word/tag`` tokens as printed prose: straight double quotes for `` and '',
    single quotes for ` and ', a spaced em dash for --, no space before closing punctuation."""
    out: list[str] = []
    glue = True
    for word in _brown_words(tokens):
        shown = {"``": '"', "''": '"', "`": "'", "--": "\u2014"}.get(word, word)
        if word == "--":
            out.append(" \u2014 ")
            glue = True
            continue
        if out and not glue and word not in _NO_SPACE_BEFORE:
            out.append(" ")
        out.append(shown)
        glue = word in _NO_SPACE_AFTER
    return re.sub(r" {2,}", " ", "".join(out)).strip()


def brown_text(raw: str) -> tuple[str, str]:
    """(title, text) of one Brown file: paragraphs are blank-line-separated blocks; a line
    starting with a headline token (``-hl``) is a paragraph of its own."""
    paras: list[str] = []
    for block in re.split(r"\n[ \t]*\n", raw):
        current: list[str] = []
        for line in block.split("\n"):
            tokens = line.split()
            if not tokens:
                continue
            if tokens[0].endswith("-hl"):
                if current:
                    paras.append(detokenise_brown(current))
                    current = []
                paras.append(detokenise_brown(tokens))
            else:
                current.extend(tokens)
        if current:
            paras.append(detokenise_brown(current))
    # The corpus lower-cases the first word of some headlines and of "To the editor".
    paras = [p[0].upper() + p[1:] for p in paras if p]
    return (paras[0] if paras else ""), "\n\n".join(paras) + "\n"


def brown_articles(data: Path) -> list[Article]:
    out = []
    with zipfile.ZipFile(data / BROWN_ZIP) as zf:
        for name in sorted(zf.namelist()):
            base = name.rsplit("/", 1)[-1]
            if not re.fullmatch(r"c[ab]\d\d", base):
                continue
            title, text = brown_text(zf.read(name).decode("utf-8", errors="replace"))
            source = "brown-news" if base.startswith("ca") else "brown-editorial"
            out.append(Article(f"brown:{base}", source, title, text))
    return out


def all_articles(data: Path) -> dict[str, Article]:
    found = [*wikinews_articles(data), *abc_articles(data), *brown_articles(data)]
    return {a.id: a for a in found}


def fresh_articles(data: Path) -> dict[str, Article]:
    """ABC and Brown dev news outside the dev sample: copy no calibration has seen, for
    checking that what was measured on the dev sample holds on other dev articles."""
    taken = set(read_sample(SAMPLE_FILE))
    return {a.id: a for a in (*abc_articles(data), *brown_articles(data)) if a.id not in taken}


def wsj_split_articles(data: Path) -> dict[str, Article]:
    return {a.id: a for a in wsj_articles(data)}


def test_articles(data: Path) -> dict[str, Article]:
    found = wikinews_articles(data, WIKINEWS_TEST, "wikinews2020")
    return {a.id: a for a in found}


@dataclass(frozen=True)
class Split:
    """Dev: tune and judge freely. Test (Wikinews 2020) and WSJ (the Wall Street
    Journal, 1989: a second source no calibration or rule has seen): for reporting only;
    their findings are judged, never read to write or tune a rule."""

    sample: Path
    labels: Path
    budgets: dict[str, int]
    files: tuple[Path, ...]
    articles: Any  # (data folder) -> {id: Article}
    longest: int | None = None
    """Articles longer than this many words are left out (Wikinews 2020's scrape holds a
    few pages of 5,000-20,000 words that are not news stories)."""


SPLITS = {
    "dev": Split(SAMPLE_FILE, LABELS_FILE, BUDGETS, (WIKINEWS, ABC_ZIP, BROWN_ZIP), all_articles),
    "fresh": Split(
        JUDGED / "sample-fresh.txt",
        JUDGED / "labels-fresh.jsonl",
        {"abc": 24000, "brown-news": 10000, "brown-editorial": 6000},
        (ABC_ZIP, BROWN_ZIP),
        fresh_articles,
    ),
    "test": Split(
        JUDGED / "sample-test.txt",
        JUDGED / "labels-test.jsonl",
        {"wikinews2020": 10000},
        (WIKINEWS_TEST,),
        test_articles,
        longest=2000,
    ),
    "wsj": Split(
        JUDGED / "sample-wsj.txt",
        JUDGED / "labels-wsj.jsonl",
        {"wsj": 80000},
        (TREEBANK_ZIP,),
        wsj_split_articles,
        longest=2000,
    ),
}


def _order(article_id: str) -> str:
    return hashlib.sha256(f"{SEED}:{article_id}".encode()).hexdigest()


def choose_sample(
    articles: dict[str, Article], budgets: dict[str, int] = BUDGETS, longest: int | None = None
) -> list[str]:
    """Per source, in hashed order (the Wikinews interviews first), until its word budget
    is reached. Deterministic: the same data gives the same ids."""
    chosen: list[str] = []
    for source, budget in budgets.items():
        pool = sorted(
            (a for a in articles.values() if a.source == source), key=lambda a: _order(a.id)
        )
        if source == "wikinews2019":
            first = [f"wikinews2019:{i}" for i in WIKINEWS_INTERVIEWS]
            pool = [articles[i] for i in first if i in articles] + [
                a for a in pool if a.id not in first
            ]
        words = 0
        for a in pool:
            if words >= budget:
                break
            if a.words < 40:  # a caption-only or empty block is not an article
                continue
            if longest is not None and a.words > longest:
                continue
            chosen.append(a.id)
            words += a.words
    return chosen


def read_sample(path: Path = SAMPLE_FILE) -> list[str]:
    return [
        line.strip()
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]


def load_sample(data: Path, split: Split = SPLITS["dev"]) -> list[Article]:
    articles = split.articles(data)
    ids = read_sample(split.sample)
    missing = [i for i in ids if i not in articles]
    if missing:
        raise SystemExit(f"judged_news: sample ids not in the data: {', '.join(missing[:5])}")
    return [articles[i] for i in ids]


def _have_data(data: Path, split: Split = SPLITS["dev"]) -> bool:
    if all((data / p).is_file() for p in split.files):
        return True
    print(f"judged_news: benchmark data not found under {data}; skipped", file=sys.stderr)
    return False


# ---------------------------------------------------------------- keys


def _norm_message(message: str) -> str:
    words = re.findall(r"[a-z0-9']+", message.lower())
    return " ".join(words[:10])


MAX_KEY_TEXT = 40
"""Flagged text longer than this (a long sentence) is keyed by its digest, so the labels
hold no benchmark sentence."""


def flag_id(text: str) -> str:
    """The flagged text itself, or ``sha256:<12 hex>:<length>`` when it is long."""
    if len(text) <= MAX_KEY_TEXT:
        return text
    return f"sha256:{hashlib.sha256(text.encode()).hexdigest()[:12]}:{len(text)}"


def make_key(article: str, start: int, end: int, text: str, what: str) -> str:
    return json.dumps([article, start, end, flag_id(text), what], ensure_ascii=False)


def finding_key(f: dict[str, Any]) -> str:
    """Stable identity of a finding: article, span, flagged text (a digest when long) and
    its first replacement (or, with none, the first words of its message, lower-cased,
    punctuation dropped). Engine, rule, confidence and severity are not part of it."""
    reps = f.get("replacements") or []
    what = "r:" + reps[0] if reps else "m:" + _norm_message(f.get("message", ""))
    return make_key(f["article"], f["start"], f["end"], f["text"], what)


# ---------------------------------------------------------------- run


def run(articles: Sequence[Article], languagetool_url: str | None = None) -> dict[str, Any]:
    """Check the articles as ``copyedit check`` does by default (default settings, every
    engine, LanguageTool included) and return the run: findings with their key, and for
    each whether ``fix --accept safe`` / ``--accept unsafe`` would write it."""
    from copyedit import __version__
    from copyedit.batch import check_all
    from copyedit.cli import build_engines
    from copyedit.config import Config
    from copyedit.document import Document
    from copyedit.fixes import fix_document
    from copyedit.model import Applicability
    from copyedit.pipeline import Selector

    config = Config()
    docs = [Document.from_text(a.text, path=f"{a.id}.txt", format="text") for a in articles]
    engines = build_engines(config, True, languagetool_url)
    reports = check_all(docs, engines, Selector(config.select, config.ignore))
    findings = []
    for article, report in zip(articles, reports, strict=True):
        written = {
            level: {
                (e.start, e.end, e.replacement)
                for e in fix_document(report.doc, report.findings, Applicability(level)).applied
            }
            for level in ("safe", "unsafe")
        }
        for f in report.findings:
            row: dict[str, Any] = {"article": article.id, **f.to_json()}
            first = (f.start, f.end, f.replacements[0]) if f.replacements else None
            row["fix_safe"] = first in written["safe"]
            row["fix_unsafe"] = first in written["unsafe"]
            row["key"] = finding_key(row)
            findings.append(row)
        for f in report.withheld:  # not reported; kept so calibrate still counts the rule
            row = {"article": article.id, **f.to_json(), "withheld": True}
            row["key"] = finding_key(row)
            findings.append(row)
    return {
        "kind": "copyedit-judged-run",
        "version": 1,
        "copyedit": __version__,
        "commit": _git_commit(),
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "engines": list(reports[0].engines) if reports else [],
        "notes": list(reports[0].notes) if reports else [],
        "articles": [{"id": a.id, "source": a.source, "words": a.words} for a in articles],
        "findings": findings,
    }


def _git_commit() -> str:
    import subprocess

    try:
        done = subprocess.run(
            ["git", "-C", str(HERE), "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            timeout=10,
        )
        return done.stdout.strip()
    except OSError:
        return ""


def read_run(path: Path) -> dict[str, Any]:
    try:
        run_data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise SystemExit(f"judged_news: cannot read the run {path}: {exc}") from None
    if not isinstance(run_data, dict) or run_data.get("kind") != "copyedit-judged-run":
        raise SystemExit(f"judged_news: {path} is not a run file")
    for f in run_data["findings"]:
        f["key"] = finding_key(f)  # recomputed: the key's definition is this file's
    return run_data


# ---------------------------------------------------------------- packets

_INVISIBLE = {
    "\u00a0": "[no-break space]",
    "\u2009": "[thin space]",
    "\u200b": "[zero-width space]",
    "\t": "[tab]",
    "\n": "[line break]",
}


def visible(text: str) -> str:
    """Text as a judge can read it: invisible characters named, nothing else changed."""
    if text == "":
        return "(nothing)"
    shown = "".join(_INVISIBLE.get(c, c) for c in text)
    if shown.strip(" ") == "":
        return f"[{len(text)} space{'s' if len(text) > 1 else ''}]"
    return shown


def context(text: str, start: int, end: int, words: int = CONTEXT_WORDS) -> str:
    """About ``words`` words either side of ``text[start:end]``, the flagged part in ⟦ ⟧,
    on one line (paragraph breaks shown as ¶)."""
    before = text[:start]
    after = text[end:]
    cut_before = [m.start() for m in re.finditer(r"\S+", before)]
    left = before[cut_before[-words] :] if len(cut_before) >= words else before
    ends = [m.end() for m in re.finditer(r"\S+", after)]
    right = after[: ends[words - 1]] if len(ends) >= words else after
    lead = "… " if len(left) < len(before) else ""
    tail = " …" if len(right) < len(after) else ""

    def flat(s: str) -> str:
        return re.sub(r"\s*\n\s*\n\s*", " ¶ ", s).replace("\n", " ")

    return f"{lead}{flat(left)}⟦{text[start:end]}⟧{flat(right)}{tail}"


JUDGE_MD = JUDGED / "JUDGE.md"


def packet_name(article_id: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]+", "-", article_id)


PACKET_HEAD = """# Judge packet {name}

Read `JUDGE.md` (beside this file) first. Judge each numbered finding below as an
experienced news copy editor would, using the article's own variety (American/AP or
British/Commonwealth). For each finding write one JSON line in `{name}.labels.jsonl`:

    {{"packet": "{name}", "n": 1, "label": "debatable", "note": "short reason"}}

`label` is one of `correct`, `debatable`, `wrong`; `note` is optional and short.

## Article

"""


def write_packets(
    run_data: dict[str, Any],
    articles: dict[str, Article],
    labels: dict[str, dict],
    out: Path,
    judge_md: Path | None = JUDGE_MD,
    rejudge: set[str] | None = None,
) -> list[Path]:
    """One packet per article with unjudged findings (or, given ``rejudge``, with the
    judged findings of those keys, for a second opinion), ``keys.jsonl`` (packet, n, key)
    for ``import``, ``INDEX.txt`` (packets and the number of findings) and ``JUDGE.md``."""
    out.mkdir(parents=True, exist_ok=True)
    by_article: dict[str, list[dict]] = defaultdict(list)
    seen: set[str] = set()
    for f in run_data["findings"]:
        wanted = f["key"] in rejudge if rejudge is not None else f["key"] not in labels
        if not wanted or f["key"] in seen:
            continue
        seen.add(f["key"])
        by_article[f["article"]].append(f)
    paths: list[Path] = []
    keys: list[dict[str, Any]] = []
    total = 0
    for a in run_data["articles"]:
        found = sorted(by_article.get(a["id"], []), key=lambda f: (f["start"], f["end"]))
        if not found:
            continue
        article = articles[a["id"]]
        name = packet_name(a["id"])
        parts = [PACKET_HEAD.format(name=name), article.text.rstrip("\n"), "\n\n## Findings\n"]
        for n, f in enumerate(found, 1):
            parts.append(_finding_block(n, f, article.text))
            keys.append({"packet": name, "article": a["id"], "n": n, "key": f["key"]})
        path = out / f"{name}.md"
        path.write_text("\n".join(parts) + "\n", encoding="utf-8")
        paths.append(path)
        total += len(found)
    (out / "keys.jsonl").write_text(
        "".join(json.dumps(k, ensure_ascii=False) + "\n" for k in keys), encoding="utf-8"
    )
    if judge_md is not None:
        (out / "JUDGE.md").write_text(judge_md.read_text(encoding="utf-8"), "utf-8")
    counts = Counter(k["packet"] for k in keys)
    index = [
        f"# {len(paths)} packets, {total} findings to judge (packet, findings)",
        *(f"{p.name}\t{counts[p.stem]}" for p in paths),
    ]
    (out / "INDEX.txt").write_text("\n".join(index) + "\n", encoding="utf-8")
    return paths


def _flagged(text: str) -> str:
    words = text.split()
    if len(words) > 15:
        return f"the {len(words)} words marked above, from “{' '.join(words[:3])}” to “{' '.join(words[-3:])}”"
    return f"“{visible(text)}”"


def _finding_block(n: int, f: dict[str, Any], text: str) -> str:
    if text[f["start"] : f["end"]] != f["text"]:
        raise SystemExit(
            f"judged_news: {f['article']}: finding {f['start']} does not match the text"
        )
    reps = f.get("replacements") or []
    lines = [
        f"### {n}",
        "",
        f"- Context: {context(text, f['start'], f['end'])}",
        f"- Flagged: {_flagged(f['text'])}",
        f"- Message: {f['message']}",
    ]
    if reps:
        lines.append(f"- Suggested replacement: “{visible(reps[0])}”")
        if len(reps) > 1:
            others = ", ".join(f"“{visible(r)}”" for r in reps[1:5])
            lines.append(f"- Also offered: {others}")
    else:
        lines.append("- Suggested replacement: none (a note for the editor)")
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------- labels


def read_labels(path: Path = LABELS_FILE) -> dict[str, dict]:
    out: dict[str, dict] = {}
    if not path.is_file():
        return out
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            entry = json.loads(line)
            out[entry["key"]] = entry
    return out


def write_labels(labels: dict[str, dict], path: Path = LABELS_FILE) -> None:
    """Sorted by key, one JSON object a line (stable diffs)."""
    rows = [labels[k] for k in sorted(labels)]
    tmp = path.with_suffix(".tmp")
    tmp.write_text(
        "".join(json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n" for r in rows), "utf-8"
    )
    tmp.replace(path)


def import_labels(
    label_files: Iterable[Path], keys_file: Path, labels: dict[str, dict], judge: str = ""
) -> tuple[int, int, list[str]]:
    """Add judges' lines (``{"packet", "n", "label", "note"}``; ``packet`` may be left out
    when the file is named ``PACKET.labels.jsonl``) to ``labels``. Returns (added,
    replaced, problems); a line with a problem is not imported."""
    mapping: dict[tuple[str, int], str] = {}
    for line in keys_file.read_text(encoding="utf-8").splitlines():
        if line.strip():
            k = json.loads(line)
            mapping[(k["packet"], int(k["n"]))] = k["key"]
    added = replaced = 0
    problems: list[str] = []
    for path in label_files:
        default_packet = (
            path.name.removesuffix(".labels.jsonl") if path.name.endswith(".labels.jsonl") else None
        )
        for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            where = f"{path.name}:{lineno}"
            try:
                entry = json.loads(line)
                packet = entry.get("packet") or default_packet
                n = int(entry["n"])
                label = str(entry["label"]).strip().lower()
            except (ValueError, KeyError, TypeError, AttributeError):
                problems.append(f"{where}: not a label line")
                continue
            if label not in LABELS:
                problems.append(f"{where}: label must be one of {', '.join(LABELS)}")
                continue
            key = mapping.get((str(packet), n))
            if key is None:
                problems.append(f"{where}: no finding {n} in packet {packet}")
                continue
            article, start, end, text, what = json.loads(key)
            key = make_key(article, start, end, text, what)  # as score computes it now
            text = flag_id(text)
            new = {
                "key": key,
                "article": article,
                "start": start,
                "end": end,
                "text": text,
                "what": what,
                "label": label,
                "note": str(entry.get("note", ""))[:300],
            }
            if judge or entry.get("judge"):
                new["judge"] = str(entry.get("judge") or judge)
            if key in labels:
                replaced += labels[key]["label"] != label
            else:
                added += 1
            labels[key] = new
    return added, replaced, problems


# ---------------------------------------------------------------- second opinions


def rejudge_sample(
    run_data: dict[str, Any], labels: dict[str, dict], n: int, seed: str = "1"
) -> set[str]:
    """Keys of ``n`` judged findings a user sees (all of them when ``n`` is 0), in a
    hashed order: what a second judge labels to measure how far one judge's labels
    can be trusted."""
    keys = sorted(
        {f["key"] for f in shown(run_data) if f["key"] in labels},
        key=lambda k: hashlib.sha256(f"{seed}:{k}".encode()).hexdigest(),
    )
    return set(keys if n <= 0 else keys[:n])


def _kappa(pairs: Sequence[tuple[str, str]]) -> float:
    """Cohen's kappa: agreement beyond what the two judges' label shares give by chance."""
    n = len(pairs)
    if not n:
        return float("nan")
    observed = sum(a == b for a, b in pairs) / n
    first, second = Counter(a for a, _ in pairs), Counter(b for _, b in pairs)
    expected = sum(first[c] * second[c] for c in first) / (n * n)
    return (observed - expected) / (1 - expected) if expected < 1 else 1.0


def agreement(
    first: dict[str, dict], second: dict[str, dict], run_data: dict[str, Any] | None = None
) -> dict[str, Any]:
    """How two judges' labels of the same findings compare: the share of identical
    labels, Cohen's kappa on the three labels and on wrong / not wrong (what the
    wrong-per-1,000-words figure rests on), each judge's share wrong, the confusion
    counts, and the same per engine when the run that made the findings is given."""
    engine_of = {f["key"]: f["engine"] for f in run_data["findings"]} if run_data else {}
    pairs = [
        (first[k]["label"], second[k]["label"], engine_of.get(k, ""))
        for k in sorted(second)
        if k in first
    ]

    def summary(rows: Sequence[tuple[str, str, str]]) -> dict[str, Any]:
        two = [(a, b) for a, b, _ in rows]
        binary = [(a == "wrong", b == "wrong") for a, b in two]
        n = len(two)
        return {
            "findings": n,
            "same_label": round(sum(a == b for a, b in two) / n, 3) if n else None,
            "kappa": round(_kappa(two), 3) if n else None,
            "kappa_wrong": round(_kappa([(str(a), str(b)) for a, b in binary]), 3) if n else None,
            "first_wrong": round(sum(a for a, _ in binary) / n, 3) if n else None,
            "second_wrong": round(sum(b for _, b in binary) / n, 3) if n else None,
            "confusion": {f"{a}->{b}": c for (a, b), c in sorted(Counter(two).items())},
        }

    result = {"all": summary(pairs)}
    for engine in sorted({e for _, _, e in pairs if e}):
        result[engine] = summary([p for p in pairs if p[2] == engine])
    return result


# ---------------------------------------------------------------- cross-validation


@dataclass(frozen=True)
class _Judged:
    """What the calibration reads of a run's finding."""

    rule: str
    engine: str
    category: Any
    in_quote: bool


def cross_validate(
    raw: dict[str, Any],
    labels: dict[str, dict],
    policy: Any = None,
    folds: int = 2,
    repeats: int = 5,
    by_source: bool = False,
) -> dict[str, Any]:
    """What a calibration would do on copy it was not measured on: the dev articles are
    split in ``folds`` (by a hashed order, ``repeats`` times over), the counts are
    measured on the other folds, and the held-out fold's findings are withheld or shown
    by them. Rules seen on one fold only are, on the other, as new to the calibration as
    a test article's rules are: this is how a policy is chosen without the test split.
    ``by_source``: each source (Wikinews, ABC, Brown news, Brown editorial) is held out in
    turn and measured on the others, the way a publication's copy meets a calibration
    counted on other papers' (``per_source`` gives each one's figures).
    Reads an uncalibrated run (every finding as its engine made it)."""
    from copyedit.calibration import Calibration, Counts, Policy
    from copyedit.model import Category

    policy = policy or Policy()
    words = {a["id"]: a["words"] for a in raw["articles"]}
    sources = sorted({a["source"] for a in raw["articles"]})
    source_of = {a["id"]: sources.index(a["source"]) for a in raw["articles"]}
    if by_source:
        folds, repeats = len(sources), 1
    totals: Counter = Counter()
    per_source: dict[str, Counter] = {s: Counter() for s in sources}
    total_words = 0
    for repeat in range(repeats):

        def fold(article: str, repeat: int = repeat) -> int:
            if by_source:
                return source_of[article]
            digest = hashlib.sha256(f"{repeat}:{article}".encode()).hexdigest()
            return int(digest, 16) % folds

        for held in range(folds):
            train = {"findings": [f for f in raw["findings"] if fold(f["article"]) != held]}
            groups = measured_groups(train, labels, policy.min_judged)
            calibration = Calibration(
                {k: Counts(v["judged"], v["correct"], v["debatable"]) for k, v in groups.items()},
                policy,
            )
            for f in raw["findings"]:
                if fold(f["article"]) != held:
                    continue
                label = labels[f["key"]]["label"] if f["key"] in labels else "unjudged"
                judged = _Judged(
                    f["rule"], f["engine"], Category(f["category"]), f.get("in_quote", False)
                )
                shown = not calibration.withheld(judged)  # type: ignore[arg-type]
                for counter in (totals, per_source[sources[source_of[f["article"]]]]):
                    counter[f"all {label}"] += 1
                    counter[label] += shown
            held_words = sum(n for a, n in words.items() if fold(a) == held)
            total_words += held_words
            if by_source:
                per_source[sources[held]]["words"] = held_words
    result = _fold_figures(totals, total_words)
    if by_source:
        result["per_source"] = {s: _fold_figures(c, c["words"]) for s, c in per_source.items()}
    return result


def _fold_figures(totals: Counter, total_words: int) -> dict[str, Any]:
    per_k = 1000 / total_words if total_words else 0.0
    judged = sum(totals[lab] for lab in LABELS)
    return {
        "findings_per_1000": round((judged + totals["unjudged"]) * per_k, 2),
        "wrong_per_1000": round(totals["wrong"] * per_k, 2),
        "correct_or_debatable": round((totals["correct"] + totals["debatable"]) / judged, 3)
        if judged
        else None,
        "correct_kept": round(totals["correct"] / totals["all correct"], 3)
        if totals["all correct"]
        else None,
        "unjudged": totals["unjudged"],
    }


# ---------------------------------------------------------------- score


def _precision(counts: Counter) -> tuple[str, str]:
    judged = sum(counts[lab] for lab in LABELS)
    if not judged:
        return "-", "-"
    return (
        f"{counts['correct'] / judged:.2f}",
        f"{(counts['correct'] + counts['debatable']) / judged:.2f}",
    )


def score(run_data: dict[str, Any], labels: dict[str, dict]) -> dict[str, Any]:
    """Every figure of the benchmark for one run: precision (correct; correct or debatable)
    by engine, rule, category and severity, rates per 1,000 words, confidence calibration,
    the precision of the fixes ``fix`` would write, and the findings still unjudged."""
    words = sum(a["words"] for a in run_data["articles"])
    per_k = 1000 / words if words else 0.0
    totals: Counter = Counter()
    groups: dict[str, dict[str, Counter]] = {
        g: defaultdict(Counter)
        for g in ("engine", "rule", "category", "severity", "confidence", "fix")
    }
    unjudged = []
    undo: Counter = Counter()
    for f in shown(run_data):
        entry = labels.get(f["key"])
        label = entry["label"] if entry else "unjudged"
        if f.get("fix_unsafe") and label == "wrong":
            undo[(f["article"], f["text"], f["replacements"][0], f["rule"])] += 1
        totals[label] += 1
        groups["engine"][f["engine"]][label] += 1
        groups["rule"][f["rule"]][label] += 1
        groups["category"][f["category"]][label] += 1
        groups["severity"][f["severity"]][label] += 1
        groups["confidence"][_bucket(float(f.get("confidence", 1.0)))][label] += 1
        if f.get("fix_unsafe"):
            groups["fix"]["accept unsafe"][label] += 1
        if f.get("fix_safe"):
            groups["fix"]["accept safe"][label] += 1
        if entry is None:
            unjudged.append(
                {k: f[k] for k in ("article", "start", "end", "text", "rule", "message")}
            )

    def table(counts_by: dict[str, Counter], by_name: bool = False) -> list[dict[str, Any]]:
        def order(kv: tuple[str, Counter]) -> tuple:
            return (kv[0],) if by_name else (-sum(kv[1].values()), kv[0])

        rows = []
        for name, c in sorted(counts_by.items(), key=order):
            p, pd = _precision(c)
            rows.append(
                {
                    "name": name,
                    "findings": sum(c.values()),
                    **{lab: c[lab] for lab in (*LABELS, "unjudged")},
                    "precision": p,
                    "precision_lenient": pd,
                }
            )
        return rows

    p, pd = _precision(totals)
    return {
        "articles": len(run_data["articles"]),
        "words": words,
        "findings": len(shown(run_data)),
        "withheld": len(run_data["findings"]) - len(shown(run_data)),
        "per_1000_words": {
            "findings": round(len(shown(run_data)) * per_k, 2),
            **{lab: round(totals[lab] * per_k, 2) for lab in (*LABELS, "unjudged")},
        },
        "totals": {lab: totals[lab] for lab in (*LABELS, "unjudged")},
        "precision": p,
        "precision_lenient": pd,
        **{f"by_{g}": table(groups[g], by_name=g == "confidence") for g in groups},
        "unjudged": unjudged,
        "undone_repeatedly": [
            {"article": a, "text": t, "replacement": r, "rule": rule, "times": n}
            for (a, t, r, rule), n in sorted(undo.items())
            if n > 1
        ],
    }


CONFIDENCE_BUCKETS = (0.5, 0.7, 0.8, 0.9, 0.95, 1.0)


def shown(run_data: dict[str, Any]) -> list[dict[str, Any]]:
    """The findings a user sees: a run's findings less those the calibration withheld."""
    return [f for f in run_data["findings"] if not f.get("withheld")]


def with_fresh(
    run_data: dict[str, Any], labels: dict[str, dict], fresh: Path | None
) -> tuple[dict[str, Any], dict[str, dict]]:
    """The dev run and labels, with the fresh split's run (``--fresh RUN``, made with the
    same code and settings) and labels added: more judged copy for the counts."""
    if fresh is None:
        return run_data, labels
    other = read_run(fresh)
    if other.get("calibrated", True) != run_data.get("calibrated", True):
        raise SystemExit("judged_news: --fresh: both runs must be made with run --uncalibrated")
    merged = {
        **run_data,
        "articles": [*run_data["articles"], *other["articles"]],
        "findings": [*run_data["findings"], *other["findings"]],
    }
    return merged, {**labels, **read_labels(SPLITS["fresh"].labels)}


def measured_groups(
    run_data: dict[str, Any], labels: dict[str, dict], min_judged: int = 5
) -> dict[str, dict]:
    """Judged, correct and debatable counts of a run's judged findings per rule, and per
    engine and category ("engine/category") over the rules judged fewer than
    ``min_judged`` times (a rule with its own measurement never speaks for others):
    what ``copyedit/data/measured.yml`` holds for the calibration step. Findings in
    speech are counted apart, under the rule's and the group's names with ``@speech``."""
    from copyedit.calibration import SPEECH

    rules: dict[str, Counter] = defaultdict(Counter)
    group_of: dict[str, str] = {}
    for f in run_data["findings"]:
        entry = labels.get(f["key"])
        if entry is None:
            continue
        context = SPEECH if f.get("in_quote") else ""
        rule = f["rule"] + context
        rules[rule]["judged"] += 1
        rules[rule][entry["label"]] += 1
        group_of[rule] = f"{f['engine']}/{f['category']}{context}"
    groups: dict[str, Counter] = defaultdict(Counter)
    for rule, c in rules.items():
        groups[rule] = c
        if c["judged"] < min_judged:
            groups[group_of[rule]].update(c)
    return {
        k: {"judged": c["judged"], "correct": c["correct"], "debatable": c["debatable"]}
        for k, c in sorted(groups.items())
    }


MEASURED_FILE = HERE.parent / "copyedit" / "data" / "measured.yml"


def write_measured(groups: dict[str, dict], run_data: dict[str, Any], path: Path) -> None:
    """The calibration data file: a header saying where the counts come from, the policy
    kept as it was (or the default), and the counts."""
    import yaml

    policy: dict[str, Any] = {}
    if path.is_file():
        policy = (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("policy") or {}
    head = (
        "# Precision of copyedit's findings on published news, judged one by one by a blind\n"
        "# copy editor (benchmarks/judged_news.py: dev news only, the dev sample and, with\n"
        "# --fresh, the fresh sample; never the test split).\n"
        "# Read by copyedit/calibration.py: severity, confidence and applicability follow it.\n"
        f"# Regenerate: python benchmarks/judged_news.py calibrate --run RUN --fresh RUN "
        f"(this one: commit {run_data.get('commit', '?')}).\n"
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    body = yaml.safe_dump(
        {"policy": policy, "groups": groups}, sort_keys=False, width=100, default_flow_style=None
    )
    path.write_text(head + body, encoding="utf-8")


def _bucket(confidence: float) -> str:
    low = 0.0
    for high in CONFIDENCE_BUCKETS:
        if confidence < high or high == 1.0:
            return f"{low:.2f}-{high:.2f}"
        low = high
    return "1.00"


def print_score(result: dict[str, Any], out: Any = None) -> None:
    w = (out or sys.stdout).write
    rates = result["per_1000_words"]
    t = result["totals"]
    w(
        f"{result['articles']} articles, {result['words']} words, {result['findings']} findings "
        f"({rates['findings']} per 1,000 words; {result.get('withheld', 0)} withheld)\n"
    )
    w(
        f"correct {t['correct']}, debatable {t['debatable']}, wrong {t['wrong']}, "
        f"unjudged {t['unjudged']}\n"
    )
    w(
        f"per 1,000 words: correct {rates['correct']}, debatable {rates['debatable']}, "
        f"wrong {rates['wrong']}\n"
    )
    w(
        f"precision {result['precision']} (counting debatable as right: {result['precision_lenient']})\n"
    )
    titles = {
        "by_engine": "engine",
        "by_category": "category",
        "by_severity": "severity",
        "by_confidence": "confidence",
        "by_fix": "fixes written by fix --accept",
        "by_rule": "rule",
    }
    for key, title in titles.items():
        w(f"\n{title:<44} {'n':>5} {'ok':>4} {'deb':>4} {'bad':>4} {'?':>4} {'P':>5} {'P+d':>5}\n")
        for r in result[key]:
            w(
                f"{r['name'][:44]:<44} {r['findings']:>5} {r['correct']:>4} {r['debatable']:>4} "
                f"{r['wrong']:>4} {r['unjudged']:>4} {r['precision']:>5} {r['precision_lenient']:>5}\n"
            )
    repeated = result["undone_repeatedly"]
    w(f"\nwrong fixes fix --accept unsafe writes more than once in an article: {len(repeated)}\n")
    for u in repeated:
        w(f"  {u['article']} {u['text']!r} -> {u['replacement']!r} x{u['times']} ({u['rule']})\n")
    if result["unjudged"]:
        w(
            f"\n{len(result['unjudged'])} findings unjudged: judge them (packets) before "
            "quoting any figure\n"
        )
        for u in result["unjudged"]:
            w(f"  {u['article']} {u['start']}-{u['end']} {u['rule']}: {u['text']!r}\n")


# ---------------------------------------------------------------- command line


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA, help="shared/benchmarks folder")
    ap.add_argument(
        "--split",
        choices=sorted(SPLITS),
        default="dev",
        help="dev (tune), fresh (dev news outside the dev sample), test (Wikinews 2020: "
        "report only) or wsj (the Wall Street Journal, 1989: report only) [dev]",
    )
    sub = ap.add_subparsers(dest="command", required=True)
    s = sub.add_parser("sample", help="print the sample (--write: rewrite judged/sample.txt)")
    s.add_argument("--write", action="store_true")
    r = sub.add_parser("run", help="check the sample with every engine; write a run file")
    r.add_argument("--out", type=Path, default=Path("/tmp/copyedit-judged-run.json"))
    r.add_argument("--languagetool-url", default=None)
    r.add_argument(
        "--uncalibrated",
        action="store_true",
        help="findings as the engines make them (COPYEDIT_CALIBRATION=off): the run calibrate reads",
    )
    p = sub.add_parser("packets", help="judge packets for the findings not yet judged")
    p.add_argument("--run", type=Path, required=True)
    p.add_argument("--out", type=Path, required=True)
    p.add_argument(
        "--rejudge",
        type=int,
        default=None,
        metavar="N",
        help="packets for N findings already judged (0: all shown), for a second judge",
    )
    p.add_argument("--seed", default="1", help="order of the --rejudge sample [1]")
    i = sub.add_parser("import", help="add judges' labels to judged/labels.jsonl")
    i.add_argument("labels", type=Path, nargs="+")
    i.add_argument("--packets", type=Path, default=None, help="packet folder [the labels' folder]")
    i.add_argument("--judge", default="", help="judge's name or code, stored with each label")
    i.add_argument(
        "--labels-file", type=Path, default=None, help="write here [the split's labels file]"
    )
    k = sub.add_parser("calibrate", help="write copyedit/data/measured.yml from a dev run")
    k.add_argument("--run", type=Path, required=True)
    k.add_argument("--out", type=Path, default=MEASURED_FILE)
    fresh_help = "an uncalibrated run of --split fresh, counted with the dev run"
    k.add_argument("--fresh", type=Path, default=None, help=fresh_help)
    v = sub.add_parser("crossval", help="the calibration policy's figures on held-out dev folds")
    v.add_argument("--run", type=Path, required=True, help="an uncalibrated dev run")
    v.add_argument("--fresh", type=Path, default=None, help=fresh_help)
    v.add_argument("--folds", type=int, default=2)
    v.add_argument("--repeats", type=int, default=5)
    v.add_argument(
        "--by-source",
        action="store_true",
        help="hold out each source in turn (overrides --folds and --repeats)",
    )
    v.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="a policy value to try instead of the shipped one (repeatable)",
    )
    g = sub.add_parser("agreement", help="compare a second judge's labels with the labels")
    g.add_argument("second", type=Path, help="the second judge's labels (import --labels-file)")
    g.add_argument("--run", type=Path, default=None, help="a run, for figures per engine")
    c = sub.add_parser("score", help="score a run against the labels")
    c.add_argument("--run", type=Path, required=True)
    c.add_argument("--json", action="store_true")
    c.add_argument("--labels", type=Path, default=None, help="[the split's labels file]")
    args = ap.parse_args(argv)
    split = SPLITS[args.split]

    if args.command == "sample":
        if not _have_data(args.data, split):
            return EXIT_NO_DATA
        articles = split.articles(args.data)
        ids = choose_sample(articles, split.budgets, split.longest)
        if not args.write and split.sample.is_file() and read_sample(split.sample) != ids:
            print(f"judged_news: the data now gives another sample than {split.sample.name}")
        if args.write:
            head = (
                f"# Judged news benchmark sample, {args.split} split (ids only; texts in "
                "../shared/benchmarks).\n"
                f"# Regenerate: python benchmarks/judged_news.py --split {args.split} sample --write\n"
            )
            split.sample.write_text(head + "\n".join(ids) + "\n", encoding="utf-8")
        by_source: Counter = Counter()
        n_source: Counter = Counter()
        for a in ids:
            by_source[articles[a].source] += articles[a].words
            n_source[articles[a].source] += 1
        for source in split.budgets:
            print(f"{source:<16} {n_source[source]:>3} articles {by_source[source]:>6} words")
        print(f"{'total':<16} {len(ids):>3} articles {sum(by_source.values()):>6} words")
        return 0
    if args.command == "run":
        if not _have_data(args.data, split):
            return EXIT_NO_DATA
        from copyedit.errors import CopyeditError

        if args.uncalibrated:
            os.environ["COPYEDIT_CALIBRATION"] = "off"
        try:
            run_data = run(load_sample(args.data, split), args.languagetool_url)
            run_data["calibrated"] = os.environ.get("COPYEDIT_CALIBRATION") != "off"
        except CopyeditError as exc:  # e.g. LanguageTool could not start: no partial run
            print(f"judged_news: {exc}", file=sys.stderr)
            return exc.exit_code
        args.out.write_text(json.dumps(run_data, ensure_ascii=False, indent=1), encoding="utf-8")
        words = sum(a["words"] for a in run_data["articles"])
        n = len(shown(run_data))
        print(
            f"{len(run_data['articles'])} articles, {words} words, {n} findings "
            f"({1000 * n / words:.2f} per 1,000 words; "
            f"{len(run_data['findings']) - n} withheld) -> {args.out}"
        )
        return 0
    if args.command == "packets":
        if not _have_data(args.data, split):
            return EXIT_NO_DATA
        run_data = read_run(args.run)
        articles = {a.id: a for a in load_sample(args.data, split)}
        labels = read_labels(split.labels)
        rejudge = (
            rejudge_sample(run_data, labels, args.rejudge, args.seed)
            if args.rejudge is not None
            else None
        )
        paths = write_packets(run_data, articles, labels, args.out, rejudge=rejudge)
        (args.out / "PACKETS.txt").write_text("".join(f"{p}\n" for p in paths), encoding="utf-8")
        print((args.out / "INDEX.txt").read_text(encoding="utf-8").splitlines()[0][2:])
        return 0
    if args.command == "import":
        folder = args.packets or args.labels[0].parent
        labels_file = args.labels_file or split.labels
        labels = read_labels(labels_file)
        added, replaced, problems = import_labels(
            args.labels, folder / "keys.jsonl", labels, args.judge
        )
        for problem in problems:
            print(f"judged_news: {problem}", file=sys.stderr)
        write_labels(labels, labels_file)
        print(f"{added} labels added, {replaced} changed; {len(labels)} in {labels_file}")
        return 1 if problems else 0
    if args.command == "calibrate":
        if args.split != "dev":
            print("judged_news: calibrate reads the dev split only", file=sys.stderr)
            return 2
        run_data = read_run(args.run)
        if run_data.get("calibrated", True):
            print(
                "judged_news: calibrate reads a run made with run --uncalibrated (the engines' "
                "own findings, so what is measured does not depend on the last calibration)",
                file=sys.stderr,
            )
            return 2
        from copyedit.calibration import Policy, default

        current = default()
        min_judged = (current.policy if current else Policy()).min_judged
        run_data, labels = with_fresh(run_data, read_labels(split.labels), args.fresh)
        groups = measured_groups(run_data, labels, min_judged)
        unjudged = sum(1 for f in run_data["findings"] if f["key"] not in labels)
        if unjudged:
            print(f"judged_news: {unjudged} findings unjudged; judge them first", file=sys.stderr)
            return 1
        write_measured(groups, run_data, args.out)
        print(f"{len(groups)} groups -> {args.out}")
        return 0
    if args.command == "crossval":
        from dataclasses import replace as _replace

        from copyedit.calibration import Policy, default

        run_data = read_run(args.run)
        if run_data.get("calibrated", True) or args.split != "dev":
            print("judged_news: crossval reads an uncalibrated dev run", file=sys.stderr)
            return 2
        current = default()
        policy = current.policy if current else Policy()
        changes = {}
        for item in args.set:
            name, _, value = item.partition("=")
            if name not in Policy.__dataclass_fields__ or not value:
                print(f"judged_news: --set {item}: not a policy value", file=sys.stderr)
                return 2
            changes[name] = type(getattr(policy, name))(value)
        policy = _replace(policy, **changes)
        run_data, labels = with_fresh(run_data, read_labels(split.labels), args.fresh)
        result = cross_validate(run_data, labels, policy, args.folds, args.repeats, args.by_source)
        print(json.dumps({"policy": changes or "shipped", **result}))
        return 0
    if args.command == "agreement":
        run_for_engines = read_run(args.run) if args.run else None
        result = agreement(read_labels(split.labels), read_labels(args.second), run_for_engines)
        print(json.dumps(result, indent=1))
        return 0
    if args.command == "score":
        result = score(read_run(args.run), read_labels(args.labels or split.labels))
        if args.json:
            print(json.dumps(result, ensure_ascii=False, indent=1))
        else:
            print_score(result)
        return 0
    return 2


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BrokenPipeError:  # `score ... | head`: the reader has what it wanted
        sys.stderr.close()
        sys.exit(0)
