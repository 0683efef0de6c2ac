"""Which claims a page shows, decided in the parent from metadata alone (no claim code, no SymPy)."""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence

from checker.errors import NoClaims, UsageError
from checker.model import Verdict
from checker.refs import ClaimRef


def cites(ref: ClaimRef, document: str) -> bool:
    """Whether ``ref`` cites ``document``: its file as written, its title, or the same path on disk."""
    src = ref.source
    if document in (src.file, src.title, src.path):
        return True
    if not src.path or "://" in src.path:
        return False
    try:
        return os.path.samefile(document, src.path)
    except OSError:  # no such file here
        return False


def errata_refs(refs: Sequence[ClaimRef], ids: Sequence[str], document: str | None) -> list[ClaimRef]:
    """The refuted claims among ``refs`` (all named ``ids`` must be refuted), citing ``document`` if given."""
    if ids:
        plain = [r.id for r in refs if r.expect is not Verdict.REFUTED]
        if plain:
            raise UsageError(f"{', '.join(plain)}: not refuted (the errata list refuted claims only)")
    out = [r for r in refs if r.expect is Verdict.REFUTED]
    if not out:
        raise NoClaims("no claim declares a refutation")
    if document is not None:
        out = [r for r in out if cites(r, document)]
        if not out:
            raise NoClaims(f"no refuted claim cites {document!r} (give its file name, path or title)")
    return out


def with_uses(chosen: Sequence[ClaimRef], every: Mapping[str, ClaimRef]) -> list[ClaimRef]:
    """``chosen`` and every claim they use, transitively, in catalog order (so statuses and links are whole)."""
    wanted: set[str] = set()
    stack = [r.id for r in chosen]
    while stack:
        i = stack.pop()
        if i in wanted or i not in every:
            continue
        wanted.add(i)
        stack.extend(every[i].uses)
    return [r for r in every.values() if r.id in wanted]
