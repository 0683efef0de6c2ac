"""The site's colors for each computed status, shared by the HTML pages and the dependency graph."""

from __future__ import annotations

# status -> (fill, border)
STATUS_COLORS: dict[str, tuple[str, str]] = {
    "proved": ("#dafbe1", "#1a7f37"),
    "refuted": ("#ffebe9", "#cf222e"),
    "undecided": ("#fff8c5", "#9a6700"),
    "recorded": ("#ddf4ff", "#0969da"),
    "error": ("#eaeef2", "#57606a"),
}
