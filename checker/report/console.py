"""Console reporter (rich): every step and confirmation of a claim, then one summary line."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console
from rich.markup import escape as _markup_escape

from checker.export.texmath import plain
from checker.model import ClaimResult, NumericResult, Outcome, StepResult, Verdict
from checker.status import TRIVIAL_HINT, TRIVIAL_TEXT, status_text

_VERDICT_STYLE = {
    Verdict.PROVED: "green",
    Verdict.REFUTED: "magenta",
    Verdict.UNDECIDED: "yellow",
    Verdict.ERROR: "red",
    Verdict.RECORDED: "cyan",
}
_OUTCOME_STYLE = {
    Outcome.CONFIRMED: "green",
    Outcome.CONTRADICTED: "magenta",
    Outcome.INCONCLUSIVE: "yellow",
    Outcome.ERROR: "red",
    Outcome.SKIPPED: "dim",
}


def visible(text: str, keep: str = " ") -> str:
    """Control characters (ESC, NUL, form feed, …) shown as ``\\x1b``: user text never drives the terminal."""
    return "".join(c if c.isprintable() or c in keep else c.encode("unicode_escape").decode("ascii") for c in text)


def escape(text: str) -> str:
    """Text from a claim, safe for the terminal and for rich markup."""
    return _markup_escape(visible(text))


def _clip(text: str, width: int = 60) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _verdict(v: Verdict) -> str:
    return f"[{_VERDICT_STYLE[v]}]{status_text(v)}[/]"


def _cached(cached: bool, at: str) -> str:
    """`` (cached, from <time>)`` for a result read from the proof cache, else nothing."""
    return f" [dim](cached, from {escape(at)})[/]" if at else " [dim](cached)[/]" if cached else ""


def _how(s: StepResult) -> str:
    """``[certified: polynomial over QQ] (0.01s)``, ``(rewrite + probe: expand, 0.40s)`` or ``(0.10s)``."""
    if s.verdict is Verdict.PROVED and s.certified:
        return f"[green]{escape(f'[certified: {s.method}]')}[/] [dim]({s.seconds:.2f}s)[/]"
    if s.verdict is Verdict.PROVED and s.method:
        return f"[dim]({escape(f'{s.method}: {s.strategy}, {s.seconds:.2f}s')})[/]"
    how = f"{s.strategy}, {s.seconds:.2f}s" if s.strategy else f"{s.seconds:.2f}s"
    return f"[dim]({escape(how)})[/]"


def proof_counts(results: Sequence[ClaimResult]) -> str:
    """``12 certified, 3 by rewrite + probe`` over every proved step, or nothing when none was proved."""
    proved = [s for r in results for s in r.steps if s.verdict is Verdict.PROVED]
    if not proved:
        return ""
    certified = sum(s.certified for s in proved)
    parts = [f"{certified} certified", f"{sum(not s.certified and s.method == 'rewrite + probe' for s in proved)} by rewrite + probe"]
    enclosure = sum(not s.certified and s.method == "enclosure" for s in proved)
    unknown = sum(not s.certified and not s.method for s in proved)  # e.g. read from an older cache entry
    parts += [f"{enclosure} by uncertified enclosure"] if enclosure else []
    parts += [f"{unknown} with no method recorded"] if unknown else []
    return ", ".join(parts)


def step_lines(console: Console, steps: Sequence[StepResult]) -> None:
    """Each chain: its start, then one line per step with justification, verdict and strategy."""
    chain = None
    for s in steps:
        if (s.chain, s.role) != chain:
            chain = (s.chain, s.role)
            label = "source statement (as the source makes it)" if s.role == "source" else s.chain
            console.print(f"  [bold]{escape(plain(label))}[/]: [dim]{escape(_clip(s.lhs, 70))}[/]")
        flag = f"  [yellow]{TRIVIAL_TEXT}[/]" if s.trivial else ""
        console.print(f"    {s.rel} {escape(_clip(s.rhs, 56))}  [dim]by {escape(plain(s.by))}[/]  {_verdict(s.verdict)} {_how(s)}{_cached(s.cached, s.cached_at)}{flag}")
        if s.given:
            console.print(f"      [dim]given {escape(', '.join(s.given))}[/]")
        if s.counterexample is not None:
            console.print(f"      [magenta]counterexample {escape(s.counterexample.describe())}[/]")
        elif s.verdict is not Verdict.PROVED and s.detail:
            console.print(f"      [yellow]{escape(s.detail)}[/]")


def numeric_lines(console: Console, checks: Sequence[NumericResult]) -> None:
    """One line per confirmation: device, dtype, outcome, greatest error and tolerance."""
    console.print("  [bold]numeric confirmations[/]")
    for n in checks:
        style = _OUTCOME_STYLE[n.outcome]
        mark = "" if n.expected is Outcome.CONFIRMED else f" (expected {n.expected.value})"
        err = "" if n.max_error is None else f"max err {n.max_error:.2e}, "
        console.print(
            f"    {escape(n.name)}  [dim]{n.device}/{n.dtype}[/]  [{style}]{n.outcome.value}[/]{mark}  "
            f"[dim]{err}{escape(n.tolerance)}[/]{_cached(False, n.cached_at)}"
        )
        if n.detail and (n.outcome is not n.expected or "position" in n.detail or n.tolerance.startswith("Clopper")):
            console.print(f"      [dim]{escape(n.detail)}[/]")


def claim_line(console: Console, r: ClaimResult) -> None:
    """One line: mark, id, verdict, what the module declares, time; trivial steps counted."""
    mark = "[green]✔[/]" if r.ok else "[red]✘[/]"
    trivial = sum(s.trivial for s in r.steps)
    flag = f"  [yellow]{trivial} trivial step{'s' if trivial != 1 else ''}[/]" if trivial else ""
    console.print(
        f"{mark} [bold]{escape(r.id)}[/]  {_verdict(r.status)} (declared {r.expected.value})  [dim]{r.seconds:.2f}s[/]{flag}"
    )


def claim_block(console: Console, r: ClaimResult) -> None:
    """Every step and confirmation of one claim (``-v``, and any claim not as declared)."""
    mark = "[green]✔[/]" if r.ok else "[red]✘[/]"
    console.print(
        f"{mark} [bold]{escape(r.id)}[/]  {_verdict(r.status)} (declared {r.expected.value})  [dim]{r.seconds:.2f}s[/]"
    )
    console.print(f"  [dim]{escape(plain(r.title))}[/]")
    if r.erratum:
        console.print(f"  erratum: {escape(plain(r.erratum))}")
    if r.steps:
        step_lines(console, r.steps)
        trivial = sum(s.trivial for s in r.steps)
        if trivial:
            console.print(f"  [yellow]{trivial} step(s) {TRIVIAL_TEXT}[/]: [dim]{escape(TRIVIAL_HINT)}[/]")
    if r.numeric:
        numeric_lines(console, r.numeric)
    seeds = sorted({n.seed for n in r.numeric})
    if seeds:
        console.print(f"  [dim]seed {', '.join(map(str, seeds))}[/]")
    if not r.ok:
        console.print(f"  [red]{escape(r.reason)}[/]")
        if r.reproduce:
            console.print(f"  reproduce: [bold]{escape(r.reproduce)}[/]")
    console.print()


def recap(console: Console, results: Sequence[ClaimResult]) -> None:
    """The claims that are not as declared, one line each with its reproduce line."""
    bad = [r for r in results if not r.ok]
    if not bad:
        return
    console.print(f"[bold red]Not as declared ({len(bad)}):[/]")
    for r in bad:
        console.print(f"  [red]✘[/] [bold]{escape(r.id)}[/] {_verdict(r.status)}: {escape(_clip(r.reason, 100))}")
        if r.reproduce:
            console.print(f"      [dim]{escape(r.reproduce)}[/]")


def plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def summary_line(results: Sequence[ClaimResult], seconds: float) -> str:
    ok = sum(r.ok for r in results)
    counts = {v: sum(r.status is v for r in results) for v in Verdict}
    parts = ", ".join(f"{n} {v.value}" + (" (not checked)" if v is Verdict.RECORDED else "") for v, n in counts.items() if n)
    verdict = "all as declared" if ok == len(results) else f"{len(results) - ok} NOT as declared"
    steps = proof_counts(results)
    steps = f"; proved steps: {steps}" if steps else ""
    return f"{plural(len(results), 'claim')}: {parts}; {verdict}{steps} ({seconds:.1f}s)"
