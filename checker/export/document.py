"""One entry point for ``derive export``: the options of a document, its figures, LaTeX or Markdown."""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence

from checker.export import blog
from checker.export import latex as latex_export
from checker.export.latex import Paper
from checker.model import Claim, ClaimResult

__all__ = ["Paper", "figures", "latex", "markdown"]


def figures(claims: Sequence[Claim], stem: str, fmt: str) -> dict[str, tuple[str, bytes]]:
    """Each claim's figure (its ``figure=`` or a built-in one) drawn as ``STEM-ID.fmt``: id -> (file name, bytes)."""
    import matplotlib

    from derivations._plots import PLOTS

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    out: dict[str, tuple[str, bytes]] = {}
    for c in claims:
        make = c.figure or PLOTS.get(c.id)
        if make is None:
            continue
        fig = make()
        buf = io.BytesIO()
        fig.savefig(buf, format=fmt, dpi=150, bbox_inches="tight")
        plt.close(fig)
        out[c.id] = (f"{stem}-{c.id}.{fmt}", buf.getvalue())
    return out


def latex(claims: Sequence[Claim], results: Mapping[str, ClaimResult], paper: Paper) -> str:
    return latex_export.document(claims, results, paper)


def markdown(claims: Sequence[Claim], results: Mapping[str, ClaimResult], paper: Paper) -> str:
    return blog.document(claims, results, paper)
