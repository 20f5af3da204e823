"""Reading drafts and writing outputs safely: the only place copyedit touches the user's files.

The promises (README, "Reliability"):
- only a regular file is read as a draft (never a FIFO, a device or ``/dev/zero``), and
  only up to ``MAX_DRAFT_BYTES``; bigger drafts are refused with one line;
- no output path may be a draft being checked (through a link or another spelling of
  the path included), and no two outputs may be one file;
- every write goes to a temporary file beside the target and is renamed over it, so a
  reader sees the old file or the new one, never half of one;
- the draft itself is replaced (``--in-place``) only if its bytes are still the ones that
  were read; a symbolic link is written through to its target, and the owner and
  permission bits are kept where the platform allows.
"""

from __future__ import annotations

import hashlib
import os
import stat
import tempfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from .errors import CopyeditError, InputError

MAX_DRAFT_BYTES = 2 * 1024 * 1024
"""A text draft's limit: about 350,000 words, a long book. A news story is 5-50 kB."""
MAX_DOCX_BYTES = 64 * 1024 * 1024
"""A .docx's limit on disk (its images count); its text is held to ``MAX_DRAFT_BYTES``."""
MAX_SIDE_FILE_BYTES = 16 * 1024 * 1024
"""Settings, decisions and rule files: far beyond any real one."""


@dataclass(frozen=True)
class Source:
    """Which file a draft was read from and what it held, to tell later whether it changed."""

    path: str
    """As the user named it."""
    real: str
    """The file itself, symbolic links resolved."""
    digest: str
    """SHA-256 of the bytes read."""


def read_regular(path: str | Path, limit: int, what: str = "file") -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes; anything else is an
    ``InputError`` with one line.

    The file is opened without blocking and checked with ``fstat`` on the open file, so a
    FIFO is refused rather than waited on, and a file swapped for a device between a
    check and the open is caught; at most ``limit + 1`` bytes are ever read, so a file
    that grows while it is read cannot exhaust memory.
    """
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a folder, not a {what}") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror or exc})") from None
    try:
        st = os.fstat(fd)
        if stat.S_ISDIR(st.st_mode):
            raise InputError(f"{path}: is a folder, not a {what}")
        if not stat.S_ISREG(st.st_mode):
            raise InputError(f"{path}: not a regular file (a pipe, device or socket); not read")
        if st.st_size > limit:
            raise InputError(f"{path}: {_too_big(st.st_size, limit)}")
        chunks: list[bytes] = []
        total = 0
        while total <= limit:
            chunk = os.read(fd, min(1 << 20, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        if total > limit:
            raise InputError(f"{path}: {_too_big(total, limit)}")
        return b"".join(chunks)
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror or exc})") from None
    finally:
        os.close(fd)


def _too_big(size: int, limit: int) -> str:
    return f"too large ({_mb(size)}; the limit is {_mb(limit)})"


def _mb(n: int) -> str:
    return f"{n / (1024 * 1024):.1f} MB" if n >= 1024 * 1024 else f"{n:,} bytes"


def check_text_size(path: str | Path, text: str) -> None:
    """A draft's text held to ``MAX_DRAFT_BYTES`` (a .docx's, once taken out of its XML)."""
    size = len(text.encode("utf-8"))
    if size > MAX_DRAFT_BYTES:
        raise InputError(f"{path}: its text is {_too_big(size, MAX_DRAFT_BYTES)}")


def read_draft(path: str | Path, limit: int) -> tuple[bytes, Source]:
    if Path(path).suffix.lower() == ".pdf":
        raise InputError(_NOT_PDF.format(path=path))
    data = read_regular(path, limit, "draft")
    if is_pdf(data):
        raise InputError(_NOT_PDF.format(path=path))
    return data, Source(str(path), os.path.realpath(path), _digest(data))


_NOT_PDF = (
    "{path}: a PDF; copyedit does not read PDF: export the draft as plain text (.txt), "
    "Markdown (.md) or Word (.docx) and check that"
)


def is_pdf(data: bytes) -> bool:
    """A PDF by its contents, whatever its name: ``%PDF-`` first, or (as readers allow)
    within the first 1,024 bytes of a file that is not UTF-8 text."""
    if data.startswith(b"%PDF-"):
        return True
    if b"%PDF-" not in data[:1024]:
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return True
    return b"\x00" in data


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def check_unchanged(source: Source) -> bytes:
    """The draft's bytes now, if they are still the ones read; otherwise refuse."""
    try:
        now = read_regular(source.real, MAX_DOCX_BYTES, "draft")
    except InputError:
        now = None
    if now is None or _digest(now) != source.digest:
        raise CopyeditError(
            f"{source.path}: the draft changed (or went) after copyedit read it; "
            "nothing written: check it again"
        )
    return now


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:  # one of them does not exist (yet): compare what the names lead to
        return os.path.realpath(a) == os.path.realpath(b)


def guard_outputs(drafts: Iterable[str | Path], outputs: Sequence[tuple[str, Path | None]]) -> None:
    """Refuse before any work when an output (``(option, path)``; ``None`` or ``-`` for
    none) is one of the drafts or when two outputs are one file.

    The same file reached by a symbolic link, a hard link or another spelling of its path
    counts as the same.
    """
    named = [(opt, Path(p)) for opt, p in outputs if p is not None and str(p) != "-"]
    for draft in drafts:
        for opt, out in named:
            if _same_file(out, Path(draft)):
                raise CopyeditError(
                    f"{out}: {opt} would overwrite the draft {draft}; "
                    "nothing written (use --in-place to replace a draft with its fixes)"
                )
    for i, (opt, out) in enumerate(named):
        for other_opt, other in named[i + 1 :]:
            if _same_file(out, other):
                raise CopyeditError(f"{out}: {opt} and {other_opt} name the same file")


def write_atomic(path: str | Path, content: str | bytes, expect: Source | None = None) -> str:
    """Write ``content`` to ``path`` through a temporary file and a rename.

    A symbolic link is written through to its target (the link stays a link). Replacing
    a file keeps its permission bits and, where allowed, its owner and group; a new file
    gets 0666 less the umask. With ``expect``, the file must still hold the bytes that
    were read (``check_unchanged``), checked just before the rename. Returns a note to
    show the user, or "" (a file with other hard links: the rename gives this name the
    new text and leaves the others the old).
    """
    target = Path(os.path.realpath(path))
    if expect is not None and str(target) != expect.real:  # a link now leads elsewhere
        raise CopyeditError(f"{path}: no longer leads to the file copyedit read; nothing written")
    data = content.encode("utf-8") if isinstance(content, str) else content
    try:
        old = os.stat(target)
    except FileNotFoundError:
        old = None
    except OSError as exc:
        raise CopyeditError(f"{path}: cannot write ({exc.strerror or exc})") from None
    if old is not None and not stat.S_ISREG(old.st_mode):
        raise CopyeditError(f"{path}: not a regular file; nothing written")

    def finish(tmp: Path) -> None:
        if old is not None:
            _keep_owner(tmp, old)
        if expect is not None:
            check_unchanged(expect)

    mode = old.st_mode & 0o7777 if old else 0o666 & ~_umask()
    try:
        replace_file(target, lambda tmp: tmp.write_bytes(data), mode, finish)
    except OSError as exc:
        raise CopyeditError(f"{path}: cannot write ({exc.strerror or exc})") from None
    if old is not None and old.st_nlink > 1:
        others = old.st_nlink - 1
        return (
            f"{path} had {others} other hard link(s); they keep the old text "
            "(the new text is a new file under this name)"
        )
    return ""


def replace_file(
    path: Path,
    fill: Callable[[Path], object],
    mode: int,
    finish: Callable[[Path], None] | None = None,
) -> None:
    """The one atomic replacement every copyedit write goes through: ``fill`` writes a
    new temporary file beside ``path`` (given its path: an SQLite store is built in
    place), which gets ``mode``, is synced, passes ``finish`` (the last checks) and is
    renamed over ``path``. Raises ``OSError`` (or what ``finish`` raises); no temporary
    file is left behind, Ctrl-C included."""
    fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(fd)
    tmp = Path(name)
    try:
        fill(tmp)
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        if finish is not None:
            finish(tmp)
        os.chmod(tmp, mode)  # after a change of owner, which clears set-id bits
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def store(path: Path, fill: Callable[[Path], object] | bytes, mode: int = 0o644) -> bool:
    """A cache file, written with ``replace_file`` (its folder made first); False when it
    cannot be written: a cache only saves time, so a read-only or full disk is no error."""
    write = (lambda tmp: tmp.write_bytes(fill)) if isinstance(fill, bytes) else fill
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        replace_file(path, write, mode)
    except OSError:
        return False
    return True


def _keep_owner(path: Path, old: os.stat_result) -> None:
    """Give the new file the old one's owner and group; only root may give away a file,
    so for others this keeps the group where they belong to it and is otherwise a no-op."""
    for uid, gid in ((old.st_uid, old.st_gid), (-1, old.st_gid)):
        try:
            os.chown(path, uid, gid)
            return
        except OSError:
            continue


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
