"""``derive site``: a static site of checked claims, rendered in a child (claim code runs there), written here.

Files: ``index.html`` (claims by source, with status), ``claims/ID.html`` (one page per claim) and its figure
``claims/ID.png``, ``errata.html`` and ``graph.svg`` (the dependency graph of ``uses``).
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from checker.errors import UsageError
from checker.files import atomic_write
from checker.model import Claim, ClaimResult

FIGURE_DPI = 110
_ORDER = ("proved", "refuted", "undecided", "recorded", "error")


@dataclass(frozen=True)
class Site:
    """What to write: file name (relative to the site's directory) → content; warnings for the user."""

    files: dict[str, bytes]
    warnings: tuple[str, ...] = ()


def claim_file(claim_id: str) -> str:
    return f"claims/{claim_id}.html"


def _figure(claim: Claim) -> bytes | str | None:
    """The claim's figure as PNG bytes, the reason it failed, or None when it has none."""
    import io

    from derivations._plots import figure_for

    make = figure_for(claim)
    if make is None:
        return None
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt

        fig = make()
        buf = io.BytesIO()
        fig.savefig(buf, format="png", dpi=FIGURE_DPI, bbox_inches="tight")
        plt.close(fig)
        return buf.getvalue()
    except Exception as exc:  # noqa: BLE001 - a failing figure is reported on its page, the site is still written
        from checker.isolation import last_line

        return last_line(exc)


def summary(results: Sequence[ClaimResult]) -> str:
    counts = Counter(r.status.value for r in results)
    parts = ", ".join(f"{counts[s]} {s}" for s in _ORDER if counts[s]) or "none checked"
    bad = sum(not r.ok for r in results)
    tail = "all as declared" if not bad else f"{bad} NOT as declared"
    return f"{len(results)} claim{'s' if len(results) != 1 else ''}: {parts}; {tail}."


def render(claims: Sequence[Claim], results: Mapping[str, ClaimResult], broken: Sequence[tuple[str, str]],
           settings: str) -> Site:
    """Every file of the site (runs in the child that imported the claims)."""
    from checker.export import graph, site_claim, site_pages
    from checker.export.erratum import errata

    files: dict[str, bytes] = {}
    warnings: list[str] = []
    used_by: dict[str, list[str]] = {}
    for c in claims:
        for u in c.uses:
            used_by.setdefault(u, []).append(c.id)
    for c in claims:
        drawn = _figure(c)
        figure = f"{c.id}.png" if isinstance(drawn, bytes) else None
        if isinstance(drawn, bytes):
            files[f"claims/{c.id}.png"] = drawn
        elif isinstance(drawn, str):
            warnings.append(f"the figure of {c.id} failed: {drawn}")
        page = site_claim.claim_page(c, results.get(c.id), results, used_by.get(c.id, ()), figure,
                                     drawn if isinstance(drawn, str) else "")
        files[claim_file(c.id)] = page.encode()
    shown = [results[c.id] for c in claims if c.id in results]
    entries = [site_pages.Entry(c.id, c.title, c.source.title or c.source.file, _status(results, c.id),
                                c.id in results and results[c.id].ok) for c in claims]
    files["index.html"] = site_pages.index_page(entries, broken, summary(shown), settings).encode()
    status = {c.id: _status(results, c.id) for c in claims}
    files["errata.html"] = site_pages.errata_page(errata(claims, results), links=True, status=status).encode()
    nodes = [graph.Node(c.id, c.title, _status(results, c.id), c.id in results and results[c.id].ok, c.uses)
             for c in claims]
    files["graph.svg"] = graph.svg(nodes, lambda i: claim_file(i)).encode()
    return Site(files, tuple(warnings))


def _status(results: Mapping[str, ClaimResult], claim_id: str) -> str:
    r = results.get(claim_id)
    return r.status.value if r else "error"


def prepare(directory: str | os.PathLike[str]) -> Path:
    """Create the site's directory (and ``claims/``) if missing; a one-line ``UsageError`` if that fails."""
    target = Path(directory)
    try:
        (target / "claims").mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(f"cannot write {directory}: {exc.strerror or exc}") from None
    if not os.access(target, os.W_OK | os.X_OK) or not os.access(target / "claims", os.W_OK | os.X_OK):
        raise UsageError(f"cannot write {directory}: directory is not writable")
    return target


def write(directory: Path, site: Site) -> list[Path]:
    """Each file atomically (a reader never sees half a page), the index last since it links the rest."""
    written = []
    for name in sorted(site.files, key=lambda n: (n == "index.html", n)):
        path = directory / name
        atomic_write(path, site.files[name])
        written.append(path)
    return written
