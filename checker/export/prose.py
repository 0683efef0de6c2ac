"""What the exported documents say about a result, in plain words (no status codes, no claim ids).

Shared by the LaTeX and the Markdown export: the verification legend of a claim's steps, the sentence
for a counterexample, the rows of the numeric-evidence table, and what to say when a claim does not
check. Author text keeps its ``$…$``; the format modules render it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import sympy

from checker.export.symbols import unicode_math
from checker.model import ClaimResult, Counterexample, NumericResult, Outcome, StepResult, Verdict
from checker.status import TRIVIAL_TEXT

_FIELDS = (("QQ(i)", r"$\mathbb{Q}(i)$"), ("QQ", r"$\mathbb{Q}$"))


@dataclass(frozen=True)
class Mark:
    """A verification mark: its letter and what it stands for (author-text form, may hold $…$)."""

    letter: str
    label: str


def method_label(s: StepResult) -> str:
    """How a step was verified, for a reader: ``certified: polynomial identity over $\\mathbb{Q}$``."""
    if s.verdict is Verdict.PROVED:
        method = s.method or "method not recorded"
        for raw, nice in _FIELDS:
            method = method.replace(raw, nice)
        method = method.replace("polynomial over", "polynomial identity over")
        if s.certified:
            label = f"certified exactly: {method}"
        elif s.method == "rewrite + probe":
            label = f"SymPy rewrite ({s.strategy or 'as written'}), then both sides agree at random points (not a proof)"
        else:
            label = f"{method} ({s.strategy})" if s.strategy else method
        return label + (f"; {TRIVIAL_TEXT}" if s.trivial else "")
    detail = f": {s.detail}" if s.detail else ""
    return f"NOT verified ({s.verdict.value}){detail}"


class Legend:
    """The marks of one claim, lettered a, b, c, … in order of first use."""

    def __init__(self) -> None:
        self.marks: dict[str, Mark] = {}

    def mark(self, s: StepResult | None) -> str:
        if s is None:
            return ""
        label = method_label(s)
        if label not in self.marks:
            self.marks[label] = Mark("abcdefghijklmnopqrstuvwxyz"[len(self.marks) % 26], label)
        return self.marks[label].letter


def symbol_tex(name: str) -> str:
    """A symbol's name as SymPy prints it in the chains (``epsilon`` → ``\\epsilon``, ``e0_1`` → ``e_{0 1}``)."""
    return unicode_math(sympy.latex(sympy.Symbol(name)))


def _number(v: str) -> str:
    return v if re.fullmatch(r"-?[\d.]+(e-?\d+)?|-?\d+/\d+", v) else r"\text{" + re.sub(r"[^\w.+\-/ ]", "?", v) + "}"


def counterexample(cx: Counterexample) -> str:
    """``at $a = 1$, $b = 2$ the left side is $3.0$ and the right side is $2.0$`` (author-text form)."""
    at = ", ".join(f"${symbol_tex(k)} = {_number(v)}$" for k, v in sorted(cx.values.items()))
    sides = f"the left side is ${_number(cx.lhs)}$ and the right side is ${_number(cx.rhs)}$"
    return (f"at {at} " if at else "") + sides + f" (evaluated to {cx.digits} significant digits)"


def failure(result: ClaimResult | None) -> str:
    """What to say when a claim is not as its module declares (author-text form), or nothing."""
    if result is None:
        return "This derivation was not checked."
    if result.ok:
        return ""
    return f"This derivation does not check: {result.reason}" + ("" if result.reason.endswith(".") else ".")


@dataclass(frozen=True)
class NumericRow:
    """One row of the numeric-evidence table; ``result`` in words."""

    check: str
    device: str
    dtype: str
    result: str
    max_error: str  # LaTeX math, or "" when the check is exact
    tolerance: str
    seed: int


def _sci(x: float | None) -> str:
    if x is None:
        return ""
    if x == 0:
        return "0"
    mant, exp = f"{x:.1e}".split("e")
    return rf"{mant} \times 10^{{{int(exp)}}}"


def _result(n: NumericResult) -> str:
    if n.outcome is Outcome.SKIPPED:
        return "skipped"
    if n.ok:
        return "agrees" if n.expected is Outcome.CONFIRMED else "disagrees, as expected"
    return f"FAILS ({n.outcome.value})"


def numeric_rows(checks: Sequence[NumericResult]) -> list[NumericRow]:
    return [NumericRow(n.name, n.device, n.dtype, _result(n), _sci(n.max_error), n.tolerance, n.seed) for n in checks]
