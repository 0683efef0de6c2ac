"""Citations: a built-in seed, the author's own file (relative to the claim module) or a URL, and the quote.

When the cited file exists, the quote must occur in it (whitespace-normalised), so a claim can never
cite a sentence its source does not contain.
"""

from __future__ import annotations

import sys
from pathlib import Path

from checker.errors import InvalidClaim
from checker.model import Source

BUILTIN_SOURCES = Path(__file__).resolve().parent.parent / "derivations" / "sources"
ROLES = ("states", "misquotes", "corrects", "cites", "implements")
_BREADCRUMB = ("当前位置",)


def is_url(file: str) -> bool:
    return file.startswith(("http://", "https://"))


def normalised(text: str) -> str:
    """Whitespace runs as one space: line breaks in a post do not defeat a quote."""
    return " ".join(text.split())


def title_of(text: str) -> str:
    """A document's title: its first non-empty line that is not a site breadcrumb."""
    for line in text.splitlines():
        line = line.strip().lstrip("#").strip()
        if line and not line.startswith(_BREADCRUMB):
            return line[:120]
    return ""


def locate(file: str, base: Path | None) -> Path | None:
    """Where a cited file lies: beside the claim module, else among the built-in seeds; ``None`` if nowhere."""
    if is_url(file):
        return None
    candidates = [Path(file)] if Path(file).is_absolute() else []
    if base is not None:
        candidates.append(base / file)
    if "/" not in file:
        candidates.append(BUILTIN_SOURCES / file)
    return next((p.resolve() for p in candidates if p.is_file()), None)


def cite(file: str, quote: str, role: str = "states", base: Path | None = None) -> Source:
    """A validated citation; ``InvalidClaim`` names the file when the quote is not in it."""
    if not isinstance(file, str) or not file.strip():
        raise InvalidClaim(f"source file must be a path or URL (got {file!r})")
    if not isinstance(quote, str) or not quote.strip():
        raise InvalidClaim(f"source quote must be non-empty (got {quote!r})")
    if role not in ROLES:
        raise InvalidClaim(f"source role must be one of {ROLES} (got {role!r})")
    path = locate(file, base)
    title = ""
    if path is not None:
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise InvalidClaim(f"source {path}: cannot read it ({exc})") from None
        if normalised(quote) not in normalised(text):
            raise InvalidClaim(f"source {path}: the quote {quote!r} does not occur in it")
        title = title_of(text)
    return Source(file, quote, path=str(path) if path else (file if is_url(file) else ""), role=role, title=title)


def caller_dir(depth: int = 2) -> Path | None:
    """The directory of the module that called ``source()`` (paths are relative to it)."""
    module_file = sys._getframe(depth).f_globals.get("__file__")
    return Path(module_file).resolve().parent if module_file else None


def text_of(src: Source) -> str | None:
    """The cited document's text, when it is a readable file."""
    if not src.path or is_url(src.path):
        return None
    try:
        return Path(src.path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
