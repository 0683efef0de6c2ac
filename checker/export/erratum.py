"""The errata as data: for each refuted claim the quote, the formula read, the certified counterexample and
the correction with its proof status. ``markdown`` and the site render these; the claims stay in the child."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import sympy

from checker.export import formula, mathml
from checker.model import Claim, ClaimResult, Counterexample, StepResult, Verdict
from checker.status import RECORDED_TEXT, TRIVIAL_TEXT

MAX_LATEX = 600  # a longer formula is left to the claim's page (``derive show ID``)
MAX_PLAIN = 300


@dataclass(frozen=True)
class Formula:
    """``lhs rel rhs`` for each output; ``latex`` and ``plain`` are empty when the formula is too long to quote."""

    latex: str
    plain: str
    mathml: str


@dataclass(frozen=True)
class Value:
    """One symbol of a counterexample: its name as text and LaTeX, and its value (6 significant digits)."""

    name: str
    name_latex: str
    value: str
    value_latex: str


@dataclass(frozen=True)
class Witness:
    """Where the source's statement fails, and both sides there (checked at ``digits`` digits)."""

    at: tuple[Value, ...]
    lhs: str
    rhs: str
    lhs_latex: str
    rhs_latex: str
    rel: str
    digits: int
    entry: bool  # the sides are matrices: lhs and rhs are one entry of each


@dataclass(frozen=True)
class Erratum:
    """One entry of the errata page."""

    id: str
    title: str
    file: str
    source_title: str
    line: int | None
    quote: str
    read_as: str  # the author's reading of the source (may hold $…$ math)
    formula: Formula | None  # None for an erratum that is not a mathematical statement
    witness: Witness | None
    correction: str
    correction_status: str  # "proved steps: …", or why the correction is not proved
    checked: str
    ok: bool
    recorded: bool = False  # an erratum that is not a mathematical statement
    trivial: tuple[str, ...] = ()  # steps of the claim whose two sides are identical


def _proofs(steps: Sequence[StepResult]) -> str:
    """``proved steps: 2 certified (polynomial over QQ), 1 by rewrite + probe``, or nothing."""
    proved = [s for s in steps if s.verdict is Verdict.PROVED]
    if not proved:
        return ""
    certified = [s.method for s in proved if s.certified]
    parts = [f"{len(certified)} certified ({', '.join(dict.fromkeys(certified))})"] if certified else []
    by_method = Counter(s.method or "method not recorded" for s in proved if not s.certified)
    parts += [f"{k} by {m}" for m, k in by_method.items()]
    return "proved steps: " + ", ".join(parts)


def _correction_status(result: ClaimResult | None) -> str:
    if result is None:
        return "not checked"
    proof = [s for s in result.steps if s.role == "proof"]
    if not proof:
        return "stated, not derived (the claim has no proof step)"
    bad = next((s for s in proof if s.verdict is not Verdict.PROVED), None)
    if bad is not None:
        return f"NOT proved: step '{bad.chain}' #{bad.index + 1} is {bad.verdict.value}"
    return _proofs(proof)


def _formula(lhs: Any, rel: str, rhs: Any) -> Formula:
    tex = formula.relation_latex(lhs, rel, rhs) if not (formula.too_big(lhs) or formula.too_big(rhs)) else ""
    text = formula.relation_plain(lhs, rel, rhs)
    return Formula(tex if len(tex) <= MAX_LATEX else "", text if len(text) <= MAX_PLAIN else "",
                   mathml.relation(lhs, rel, rhs))


def _free(e: Any) -> set[Any]:
    try:
        return set(sympy.sympify(e).free_symbols) if not isinstance(e, sympy.MatrixBase) else set(e.free_symbols)
    except (sympy.SympifyError, TypeError, AttributeError):
        return set()


def witness(claim: Claim, cx: Counterexample) -> Witness:
    """The counterexample with only the symbols of the refuted statement, numbers to 6 digits."""
    r = claim.refutes
    assert r is not None
    named = {getattr(s, "name", str(s)): s for s in _free(r.lhs) | _free(r.rhs)}
    at = tuple(
        Value(formula.symbol_plain(named[k]), formula.symbol_latex(named[k]), formula.number_plain(v), formula.number_latex(v))
        for k, v in sorted(cx.values.items()) if k in named
    )
    entry = isinstance(r.lhs, sympy.MatrixBase) or isinstance(r.rhs, sympy.MatrixBase)
    return Witness(at, formula.number_plain(cx.lhs), formula.number_plain(cx.rhs), formula.number_latex(cx.lhs),
                   formula.number_latex(cx.rhs), r.rel, cx.digits, entry)


def _line(claim: Claim) -> int | None:
    from checker.registry import source_text
    from checker.report.show import quote_line

    try:
        text = source_text(claim.source)
    except OSError:
        return None
    i = quote_line(text, claim.source.quote)
    return None if i is None else i + 1


def _checked(result: ClaimResult | None) -> str:
    if result and result.ok and result.status is Verdict.RECORDED:
        return f"{RECORDED_TEXT}: not a mathematical statement"
    if result and result.ok:
        return "checked: refutation confirmed"
    return f"NOT confirmed: {result.reason if result else 'not run'}"


def erratum(claim: Claim, result: ClaimResult | None) -> Erratum:
    """The entry of one refuted claim."""
    steps = result.steps if result else ()
    source_step = next((s for s in steps if s.role == "source"), None)
    trivial = tuple(f"step '{s.chain}' #{s.index + 1} is {TRIVIAL_TEXT}" for s in steps if s.trivial)
    src = claim.source
    common = dict(id=claim.id, title=claim.title, file=src.file, source_title=src.title or src.file, line=_line(claim),
                  quote=src.quote, checked=_checked(result), ok=bool(result and result.ok), trivial=trivial)
    r = claim.refutes
    if r is None:
        return Erratum(read_as=claim.statement, formula=None, witness=None, correction=claim.erratum or "",
                       correction_status="", recorded=True, **common)  # type: ignore[arg-type]
    cx = source_step.counterexample if source_step else None
    return Erratum(
        read_as=r.by, formula=_formula(r.lhs, r.rel, r.rhs), witness=witness(claim, cx) if cx else None,
        correction=r.correction, correction_status=_correction_status(result), **common,  # type: ignore[arg-type]
    )


def errata(claims: Sequence[Claim], results: Mapping[str, ClaimResult]) -> list[Erratum]:
    """Entries for every claim that declares a refutation or an erratum."""
    return [erratum(c, results.get(c.id)) for c in claims if c.expect is Verdict.REFUTED]
