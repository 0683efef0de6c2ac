"""The dependency graph of ``uses`` as a standalone SVG: one column per dependency depth, boxes colored by the
computed status, arrows from a claim to the claims that use it. Claims with no edge sit in a grid below."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape

from checker.export.palette import STATUS_COLORS

BOX_W, BOX_H = 270, 40
GAP_X, GAP_Y = 90, 14
MARGIN = 20
LEGEND_H = 40
GRID_COLUMNS = 4
MAX_ID = 34  # characters of an id shown in a box


@dataclass(frozen=True)
class Node:
    """A claim as the graph shows it."""

    id: str
    title: str
    status: str  # the computed verdict's value
    ok: bool  # as its module declares
    uses: tuple[str, ...]


@dataclass(frozen=True)
class _Box:
    node: Node
    x: float
    y: float


def depths(nodes: Sequence[Node]) -> dict[str, int]:
    """0 for a claim that uses nothing shown, else one more than the deepest claim it uses (cycles cut)."""
    by_id = {n.id: n for n in nodes}
    out: dict[str, int] = {}

    def depth(i: str, path: frozenset[str]) -> int:
        if i in out:
            return out[i]
        used = [u for u in by_id[i].uses if u in by_id and u not in path]
        d = 1 + max((depth(u, path | {i}) for u in used), default=-1)
        out[i] = d
        return d

    for n in nodes:
        depth(n.id, frozenset())
    return out


def _layout(nodes: Sequence[Node]) -> tuple[list[_Box], float, float]:
    """Boxes placed by depth; each column ordered by the mean height of what its claims use."""
    by_id = {n.id: n for n in nodes}
    linked = {n.id for n in nodes for u in n.uses if u in by_id} | {u for n in nodes for u in n.uses if u in by_id}
    level = depths([n for n in nodes if n.id in linked])
    users: dict[str, list[int]] = {}
    for i, n in enumerate(nodes):
        for u in n.uses:
            users.setdefault(u, []).append(i)
    y: dict[str, float] = {}
    boxes: list[_Box] = []
    step = BOX_H + GAP_Y
    for d in range(max(level.values(), default=-1) + 1):
        column = [n for n in nodes if level.get(n.id) == d]
        if d == 0:  # claims used by the same claim stay together
            column.sort(key=lambda n: min(users.get(n.id, [len(nodes)])))
        else:
            column.sort(key=lambda n: sum(y[u] for u in n.uses if u in y) / max(1, sum(u in y for u in n.uses)))
        floor = 0.0
        for n in column:
            want = sum(y[u] for u in n.uses if u in y) / max(1, sum(u in y for u in n.uses)) if d else floor
            y[n.id] = max(floor, round(want / step) * step)
            floor = y[n.id] + step
            boxes.append(_Box(n, MARGIN + d * (BOX_W + GAP_X), LEGEND_H + MARGIN + y[n.id]))
    top = LEGEND_H + MARGIN + (max(y.values()) + step + GAP_Y * 2 if y else 0)
    loose = [n for n in nodes if n.id not in linked]
    for k, n in enumerate(loose):
        boxes.append(_Box(n, MARGIN + (k % GRID_COLUMNS) * (BOX_W + GAP_X / 3), top + (k // GRID_COLUMNS) * step))
    layered = (max(level.values(), default=-1) + 1) * (BOX_W + GAP_X)
    width = 2 * MARGIN + max(layered, GRID_COLUMNS * (BOX_W + GAP_X / 3))
    height = max((b.y + BOX_H for b in boxes), default=LEGEND_H) + MARGIN
    return boxes, width, height


def _short(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def _legend() -> list[str]:
    out, x = [], MARGIN
    for status, (fill, stroke) in STATUS_COLORS.items():
        out.append(f'<rect x="{x}" y="{MARGIN - 8}" width="14" height="14" rx="3" fill="{fill}" stroke="{stroke}"/>')
        out.append(f'<text x="{x + 20}" y="{MARGIN + 3}" class="legend">{escape(status)}</text>')
        x += 30 + 8 * len(status)
    out.append(f'<text x="{x + 10}" y="{MARGIN + 3}" class="legend">arrow: A → B means B uses A; '
               'a dashed border: not as its module declares</text>')
    return out


def _box(b: _Box, href: str) -> str:
    fill, stroke = STATUS_COLORS.get(b.node.status, STATUS_COLORS["error"])
    dash = "" if b.node.ok else ' stroke-dasharray="5 3"'
    return (
        f'<a href="{escape(href)}" xlink:href="{escape(href)}"><g>'
        f"<title>{escape(b.node.id)}: {escape(b.node.title)} ({escape(b.node.status)})</title>"
        f'<rect x="{b.x:.0f}" y="{b.y:.0f}" width="{BOX_W}" height="{BOX_H}" rx="6" fill="{fill}" '
        f'stroke="{stroke}" stroke-width="1.5"{dash}/>'
        f'<text x="{b.x + 10:.0f}" y="{b.y + 17:.0f}" class="id">{escape(_short(b.node.id, MAX_ID))}</text>'
        f'<text x="{b.x + 10:.0f}" y="{b.y + 32:.0f}" class="status">{escape(b.node.status)}'
        f'{"" if b.node.ok else " — not as declared"}</text></g></a>'
    )


def _edge(src: _Box, dst: _Box) -> str:
    x1, y1 = src.x + BOX_W, src.y + BOX_H / 2
    x2, y2 = dst.x - 4, dst.y + BOX_H / 2
    bend = (x2 - x1) / 2
    color = "#8c959f" if src.node.ok else "#cf222e"
    return (f'<path d="M{x1:.0f},{y1:.0f} C{x1 + bend:.0f},{y1:.0f} {x2 - bend:.0f},{y2:.0f} {x2:.0f},{y2:.0f}" '
            f'fill="none" stroke="{color}" stroke-width="1.4" marker-end="url(#arrow)"/>')


def svg(nodes: Sequence[Node], href: Callable[[str], str]) -> str:
    """The whole graph as an SVG document; ``href(id)`` is the link of a claim's box."""
    boxes, width, height = _layout(nodes)
    at = {b.node.id: b for b in boxes}
    edges = [_edge(at[u], b) for b in boxes for u in b.node.uses if u in at]
    return "\n".join([
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
        f'width="{width:.0f}" height="{height:.0f}" viewBox="0 0 {width:.0f} {height:.0f}" '
        'font-family="DejaVu Sans, Helvetica, Arial, sans-serif">',
        "<title>Dependency graph of the claims (uses)</title>",
        "<style>.id{font-size:12px;font-weight:bold;fill:#1f2328}.status{font-size:11px;fill:#424a53}"
        ".legend{font-size:12px;fill:#424a53}</style>",
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" '
        'orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#57606a"/></marker></defs>',
        f'<rect width="{width:.0f}" height="{height:.0f}" fill="#ffffff"/>',
        *_legend(),
        *edges,
        *(_box(b, href(b.node.id)) for b in boxes),
        "</svg>",
        "",
    ])
