"""Engines behind one small interface: ``check(document) -> findings``.

An engine knows nothing of output formats, overlap resolution or quotations: the
pipeline does that once for all of them. An engine that ran without some of its data
says so in an optional ``notes`` list, which the report carries.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from ..document import Document
from ..model import Finding


class Engine(Protocol):
    name: str

    def check(self, doc: Document) -> list[Finding]: ...

    def check_many(self, docs: Sequence[Document]) -> list[list[Finding]]:
        """Optional batch entry point; engines with a server override it to share work."""
        ...
