"""Input and output formats as plug-ins (see ``base.Format`` and ``registry``).

A reader turns a file's bytes into the text every engine checks plus an opaque origin
that its writer needs to put accepted edits back (``text.py``: .txt and Markdown;
``docx.py``: Word). The command line asks this registry which files are drafts, how to
read one and whether and how ``fix`` and ``review`` can write it.
"""

from __future__ import annotations

from .base import Decoded, Draft, Format, Written
from .registry import (
    by_suffix,
    describe_suffixes,
    for_path,
    formats,
    get,
    register,
    suffixes,
    unregister,
)

__all__ = [
    "Decoded",
    "Draft",
    "Format",
    "Written",
    "by_suffix",
    "describe_suffixes",
    "for_path",
    "formats",
    "get",
    "register",
    "suffixes",
    "unregister",
]
