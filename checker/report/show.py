"""Terminal rendering of one claim's derivation (no checking)."""

from __future__ import annotations

import sympy
from rich.console import Console
from rich.markup import escape as _markup_escape

from checker.export.texmath import plain
from checker.model import Claim, Step
from checker.report.console import visible


def escape(text: str) -> str:
    """Claim text, safe for the terminal (newlines kept) and for rich markup."""
    return _markup_escape(visible(text, keep=" \n"))


def quote_line(text: str, quote: str) -> int | None:
    """The 0-based line where the quote starts (whitespace-normalised, so it may span lines)."""
    from checker.sources import normalised

    want = normalised(quote)
    rows = text.splitlines()
    for i in range(len(rows)):
        window = normalised(" ".join(rows[i : i + 1 + want.count(" ") + 1]))
        if want in window and want not in normalised(" ".join(rows[i + 1 : i + 2 + want.count(" ") + 1])):
            return i
    return None


def context(text: str, quote: str, lines: int = 1) -> str:
    """The quote with ``lines`` lines of context around it, or a note that it is missing."""
    rows = text.splitlines()
    i = quote_line(text, quote)
    if i is None:
        return "(the cited document is not a local file)" if not text else "(quote not found in the source)"
    lo, hi = max(0, i - lines), min(len(rows), i + lines + 1)
    return "\n".join(f"{n + 1:>4}| {rows[n]}" for n in range(lo, hi))


def _text(src: object) -> str:
    from checker.registry import source_text

    try:
        return source_text(src)  # type: ignore[arg-type]
    except OSError:
        return ""


def step_terms(s: Step) -> str:
    """What a step adds to its relation: hypotheses, the limit of ``~``/``O``, the tolerance of ``≈``."""
    parts = [f"given {', '.join(sympy.sstr(h) for h in s.given)}"] if s.given else []
    if s.along is not None:
        parts.append(f"as {s.along[0]} -> {s.along[1]}")
    if s.approx is not None:
        a = s.approx
        tol = " + ".join(t for t in (f"{a.abs_tol}" if a.abs_tol else "", f"{a.rel_tol}·|rhs|" if a.rel_tol else "") if t)
        over = ", ".join(f"{k} in [{lo}, {hi}]" for k, (lo, hi) in a.over.items())
        parts.append(f"|lhs - rhs| <= {tol}" + (f" over {over}" if over else ""))
    return "".join(f"; {p}" for p in parts)


def render(console: Console, claim: Claim, source_text: str) -> None:
    console.print(f"[bold]{claim.id}[/]: {escape(plain(claim.title))}  [dim](declared {claim.expect.value})[/]")
    for src in claim.sources or (claim.source,):
        name = f"{src.title} ({src.path or src.file})" if src.title else (src.path or src.file)
        role = "" if src.role == "states" else escape(f" [{src.role}]")
        console.print(f"\n[bold]Source[/]{role} {escape(name)}: “{escape(src.quote)}”")
        console.print(escape(context(source_text if src is claim.source else _text(src), src.quote)), style="dim")
    console.print(f"\n[bold]Statement[/] {escape(plain(claim.statement))}")
    for a in claim.assumptions:
        console.print(f"  assuming {escape(a)}")
    for h in claim.given:
        console.print(f"  given {escape(sympy.sstr(h))}")
    if claim.uses:
        console.print(f"  uses {', '.join(claim.uses)}")
    if claim.erratum:
        console.print(f"\n[bold]Erratum[/] {escape(claim.erratum)}")
    if claim.refutes is not None:
        r = claim.refutes
        console.print(f"\n[bold]The source's statement[/] (to be refuted): {escape(sympy.pretty(sympy.sympify(r.lhs)))} {r.rel} {escape(sympy.sstr(r.rhs))}")
        console.print(f"  by {escape(plain(r.by))}")
        console.print(f"  [bold]correction[/]: {escape(r.correction)}")
    for c in claim.proof:
        console.print(f"\n[bold]{escape(plain(c.title))}[/]")
        console.print(escape(sympy.pretty(c.start)))
        for s in c.steps:
            console.print(f"  {s.rel} {escape(sympy.sstr(s.expr))}    [dim]by {escape(plain(s.by))}[/]{escape(step_terms(s))}")
    if claim.numeric:
        console.print("\n[bold]Numeric confirmations[/]")
        for n in claim.numeric:
            console.print(f"  {escape(n.name)} ({', '.join(n.dtypes)})")
