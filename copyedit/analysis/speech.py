"""Speech: the words of someone other than the writer, which no check reads as evidence
of the draft's own style and no fix touches unattended.

Speech is, in ``speech_regions``:

- direct quotations (``quotes.py``);
- words quoted without marks after a verb of saying ("he said, You know");
- interview copy: a question under an interviewer's label ("((WN))", "Q:", "Question:")
  and the answers that follow it, up to the next question, whether or not each answer
  opens with its speaker's label ("A:", "NG:", "Natasha Gownaris:", "MS We did not");
  and, in a transcript without question labels (two speakers' labels or more, one of
  them opening two paragraphs or more), every paragraph opened by a speaker's label and
  a colon ("SMITH: ...", "**Jones:** ...").

A speaker's label alone does not make an interview: "Update: ..." or "Washington: ..."
opening a paragraph is a run-in heading or a dateline, and initials without a colon
("US President ...") are a label only in an answer to a labelled question. The label itself (up to the
answer's first word) is no part of the speech.

``insertions`` finds the brackets an editor puts into a quotation ("involve[d]", "[I]f",
"[...]", "[Lam]", "[.]", "[sic]"): the quotation convention, never an error, with the
letters they are attached to.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from ..model import Region

# "he said, You know", "the blurb reads, Supplies you": words quoted without marks.
_SAID = re.compile(
    r"\b(?:said|says|say|asked|asks|ask|wrote|writes|reads|read|replied|replies|added|adds|"
    r"told|tells|cried|shouted|answered|declared|announced|insisted|sang|sings)[,:]\s+$"
)
_UNMARKED_START = re.compile(r"\s*[A-Z]")


def opens_unmarked_speech(text: str, sent_start: int, start: int) -> bool:
    """The word at ``start`` follows a verb of saying and a comma or colon (within its
    sentence and 30 characters): the first word of speech quoted without marks."""
    return _SAID.search(text, max(sent_start, start - 30), start) is not None


# Bold or italic Markdown around a label: "**Q:**", "__Smith:__".
_EM = r"(?:\*\*|__|\*|_)?"
QUESTION_LABEL = re.compile(
    rf"[ \t]*{_EM}(?:\(\([^()\n]{{1,20}}\)\)|(?:Q|Question|Interviewer)[:.]){_EM}[ \t]*"
)
"""An interviewer's label opening a paragraph: Wikinews's "((WN))" (any label in double
brackets), "Q:", "Q.", "Question:", "Interviewer:"."""
SPEAKER_LABEL = re.compile(
    rf"[ \t]*{_EM}(?P<label>A|Answer|[A-Z][A-Z.]{{1,4}}|[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){{0,3}})"
    rf"(?::{_EM}|{_EM}:)[ \t]+"
    rf"|[ \t]*{_EM}(?P<initials>[A-Z]{{2,4}}){_EM}[ \t]+(?=[A-Z])"
)
"""A speaker's label opening a paragraph: a name of up to four capitalised words, or
initials, then a colon ("NG: We", "Natasha Gownaris: I", "A: Yes", "**SMITH:** No"); or
initials alone before the answer's capital ("MS We did")."""


@dataclass(frozen=True)
class Interview:
    """Interview copy in a draft: the questions and the answers (each after its label)."""

    questions: tuple[Region, ...]
    answers: tuple[Region, ...]

    @property
    def regions(self) -> tuple[Region, ...]:
        return tuple(sorted(self.questions + self.answers, key=lambda r: (r.start, r.end)))


def interview(text: str, paragraphs: Sequence[Region]) -> Interview:
    """The questions and answers of interview copy (see the module's notes); none in a
    draft with fewer than two labelled questions and no speaker's label used twice."""
    asked = [QUESTION_LABEL.match(text, p.start, p.end) for p in paragraphs]
    labelled = [SPEAKER_LABEL.match(text, p.start, p.end) for p in paragraphs]
    names = [m.group("label") if m else None for m in labelled]  # colon labels only
    uses = Counter(n for n in names if n)
    # a transcript: two speakers or more, one of them heard twice ("Update:" twice is none)
    transcript = len(uses) >= 2 and max(uses.values()) >= 2
    interview_copy = sum(1 for m in asked if m and m.end() < _end(text, m)) >= 2
    questions: list[Region] = []
    answers: list[Region] = []
    answering = False
    for p, q, s, name in zip(paragraphs, asked, labelled, names, strict=True):
        if q is not None and interview_copy:
            questions.append(Region(q.end(), p.end))
            answering = True
        elif s is not None and (answering or (transcript and name is not None)):
            answers.append(Region(s.end(), p.end))
        elif answering:
            answers.append(p)
    return Interview(tuple(questions), tuple(a for a in answers if a.start < a.end))


def _end(text: str, m: re.Match[str]) -> int:
    """Where the paragraph a label opens ends (its line's end)."""
    end = text.find("\n", m.end())
    return len(text) if end < 0 else end


INSERTION = re.compile(r"\[[^\[\]\n]{1,40}\]")
"""An editor's insertion in a quotation: "[d]", "[I]", "[...]", "[the minister]", "[sic]"."""


def insertions(text: str, speech: Sequence[Region]) -> tuple[Region, ...]:
    """Bracketed insertions (``INSERTION``) inside speech, each with the letters it joins
    ("involve[d]", "[I]f"), sorted by start."""
    found = []
    for r in speech:
        for m in INSERTION.finditer(text, r.start, r.end):
            start, end = m.start(), m.end()
            while start > r.start and _joins(text[start - 1]):
                start -= 1
            while end < r.end and _joins(text[end]):
                end += 1
            found.append(Region(start, end))
    return tuple(sorted(set(found), key=lambda r: (r.start, r.end)))


def _joins(c: str) -> bool:
    return c.isalnum() or c in "’'-"


def speech_regions(
    text: str,
    quotes: Sequence[Region],
    sentences: Sequence[Region],
    paragraphs: Sequence[Region] = (),
) -> tuple[Region, ...]:
    """Quotations, speech quoted without marks ("he said, You know we ...": from the
    capital to its sentence's end), and interview copy (questions and answers, each
    from after its label), sorted by start."""
    regions = list(quotes)
    for s in sentences:
        for m in re.finditer(r"[,:]", text[s.start : s.end]):
            at = s.start + m.end()
            cap = _UNMARKED_START.match(text, at, s.end)
            if cap and opens_unmarked_speech(text, s.start, cap.end() - 1):
                regions.append(Region(cap.end() - 1, s.end))
                break
    regions.extend(interview(text, paragraphs).regions)
    return tuple(sorted(set(regions), key=lambda r: (r.start, r.end)))
