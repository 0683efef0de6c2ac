"""Errata page: every false or qualified source statement with its checked counterexample and correction."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from checker.model import Claim, ClaimResult, StepResult, Verdict
from checker.runner import one_line
from checker.status import RECORDED_TEXT, TRIVIAL_HINT, TRIVIAL_TEXT


@dataclass(frozen=True)
class Erratum:
    """One entry of the errata page."""

    id: str
    file: str
    quote: str
    wrong: str
    counterexample: str
    correction: str
    checked: str
    trivial: tuple[str, ...] = ()  # steps of the claim whose two sides are identical
    proofs: str = ""  # how the proved steps were proved, e.g. "3 steps certified (polynomial over QQ)"


_SHORT = 160


def _statement(claim: Claim) -> str:
    """The source's statement in words, with its formula when that is short enough to read."""
    r = claim.refutes
    if r is None:
        return claim.statement
    rel = {"=": "=", "<=": "≤", "<": "<", ">=": "≥", ">": ">", "!=": "≠"}[r.rel]
    formula = f"{one_line(r.lhs)} {rel} {one_line(r.rhs)}"
    if len(formula) > _SHORT:
        return f"{r.by} (formula: `derive show {claim.id}`)"
    return f"{r.by}: {formula}"


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


def errata(claims: Sequence[Claim], results: dict[str, ClaimResult]) -> list[Erratum]:
    """Entries for every claim that declares a refutation or an erratum."""
    out = []
    for c in claims:
        if c.expect is not Verdict.REFUTED:
            continue
        res = results.get(c.id)
        source_step = next((s for s in res.steps if s.role == "source"), None) if res else None
        if c.erratum is not None and c.refutes is None:
            cx, correction = "— (not a mathematical statement)", c.erratum
        else:
            cx = source_step.counterexample.describe() if source_step and source_step.counterexample else "(not found)"
            correction = c.refutes.correction if c.refutes else ""
        if res and res.ok and res.status is Verdict.RECORDED:
            checked = f"{RECORDED_TEXT}: not a mathematical statement"
        elif res and res.ok:
            checked = "checked: refutation confirmed"
        else:
            checked = f"NOT confirmed: {res.reason if res else 'not run'}"
        trivial = tuple(f"step '{s.chain}' #{s.index + 1} is {TRIVIAL_TEXT}" for s in (res.steps if res else ()) if s.trivial)
        proofs = _proofs(res.steps if res else ())
        out.append(Erratum(c.id, c.source.file, c.source.quote, _statement(c), cx, correction, checked, trivial, proofs))
    return out


def markdown(entries: Sequence[Erratum]) -> str:
    lines = [
        "## Errata",
        "",
        "Statements of this post that are false or need a qualification. Each mathematical one was checked by "
        "`derive`: the counterexample below is verified at 35 digits, and the correction is proved.",
        "",
    ]
    if any(e.checked.startswith(RECORDED_TEXT) for e in entries):
        lines += [f"Entries marked *{RECORDED_TEXT}* are not mathematical statements: `derive` records them, it checks nothing.", ""]
    for e in entries:
        lines += [
            f"### {e.id}",
            "",
            f"> {e.quote}",
            "",
            f"*Source:* `{e.file}`",
            "",
            f"- **What the text says, made precise:** {e.wrong}",
            f"- **Counterexample:** {e.counterexample}",
            f"- **Correction:** {e.correction}",
            f"- *{e.checked}*",
            *([f"- *{e.proofs}*"] if e.proofs else []),
            *(f"- *{t}: {TRIVIAL_HINT}*" for t in e.trivial),
            "",
        ]
    return "\n".join(lines)


def plain(entries: Sequence[Erratum]) -> str:
    lines = ["ERRATA", ""]
    for i, e in enumerate(entries, 1):
        lines += [
            f"{i}. {e.id}  ({e.file})",
            f"   Quote:          “{e.quote}”",
            f"   Read as:        {e.wrong}",
            f"   Counterexample: {e.counterexample}",
            f"   Correction:     {e.correction}",
            f"   ({e.checked})",
            *([f"   ({e.proofs})"] if e.proofs else []),
            *(f"   ({t})" for t in e.trivial),
            "",
        ]
    return "\n".join(lines)
