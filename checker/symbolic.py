"""Step verification: complete procedures first, then the probe, cheap exact rewrites, ``simplify`` last.

*Proved, certified*: a complete procedure (``checker.procedures``) shows the difference is exactly
zero; the probe then only has to find one point where the step is defined (and finds no violation).
*Proved by rewrite + probe*: a CAS rewrite gives a symbolic zero (or a sign fact) **and** both sides
agree at ``DIGITS`` digits at random points inside the domain; not certified. *Refuted* needs a point
inside the domain where the sides differ, confirmed by a second evaluation at ``CONFIRM_DIGITS``
digits. Anything else is *undecided*. Timeouts are the caller's job (see ``checker.isolation``).
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import sympy
from sympy import MatrixBase, Product, Sum

from checker import laws, matrices, procedures, sampling, sizes, sum_rules
from checker.model import Counterexample, Verdict
from checker.obligation import STRATEGY_NAMES, Obligation, Verification
from checker.probe import (
    _UNEVALUATED,
    CONFIRM_DIGITS,
    DIGITS,
    PROBE_POINTS,
    SLOW_PROBE_POINTS,
    _counterexample,
    _entries,
    probe,
)

__all__ = [
    "CERTIFIED_PROBE_POINTS", "CONFIRM_DIGITS", "DIGITS", "PROBE_POINTS", "SLOW_PROBE_POINTS", "STRATEGIES",
    "STRATEGY_NAMES", "Obligation", "Verification", "verify",
]

CERTIFIED_PROBE_POINTS = 1  # a certified zero needs one defined point (no vacuous proof), not agreement
REWRITE = "rewrite + probe"
ENCLOSURE = "enclosure"
# Hook for the number-valued fallback at the end of ``_close_entry``: a closing named "evalf…" is a
# plain high-precision evaluation (method "enclosure", not certified); one named "enclosure…" comes
# from certified ball arithmetic and is marked certified.
ENCLOSURE_NAMES = ("evalf", "enclosure")
CERTIFIED_ENCLOSURE = "enclosure"


_SUMMANDS: dict[sympy.Basic, bool] = {}  # per step: each merged summand is closed at most once


def _summand_zero(f: sympy.Expr) -> bool:
    """Whether a merged summand is identically zero: the complete procedures, then the strategies."""
    if f not in _SUMMANDS:
        d = procedures.decide(f, sympy.Integer(0))
        _SUMMANDS[f] = (d is not None and d.zero) or _close_entry(f, "=", _SUMMAND_STRATEGIES) is not None
    return _SUMMANDS[f]


def _sum_terms(e: sympy.Expr) -> sympy.Expr:
    """Merge sums with equal limits; 0 when the merged summand closes (``checker.sum_rules``)."""
    return sum_rules.termwise(e, _summand_zero)


def _after(rule: Callable[[sympy.Expr], sympy.Expr]) -> Callable[[sympy.Expr], sympy.Expr]:
    return lambda e: sum_rules.termwise(rule(e), _summand_zero)


_DONE: dict[sympy.Basic, sympy.Expr] = {}  # doit per step: every rewrite after "doit" starts from it


def _doit(e: sympy.Expr) -> sympy.Expr:
    if not e.has(*_UNEVALUATED):
        return e
    done = _DONE.get(e)
    if done is None:
        done = _DONE[e] = e.doit()
    return done


Rewrite = Callable[[sympy.Expr], sympy.Expr]

# Cheap targeted rewrites first, ``simplify`` last.
STRATEGIES: tuple[tuple[str, Rewrite], ...] = (
    ("as written", lambda e: e),
    ("termwise", _sum_terms),
    *((name, _after(rule)) for name, rule in sum_rules.RULES.items()),  # named sum rules, citable in by=
    ("laws", laws.closed),
    ("doit", _doit),
    ("expand", lambda e: sympy.expand(_doit(e))),
    ("expand(trig)", lambda e: sympy.expand(_doit(e), trig=True)),
    ("cancel", lambda e: sympy.cancel(_doit(e))),
    ("together", lambda e: sympy.together(_doit(e))),
    ("trigsimp", lambda e: sympy.trigsimp(_doit(e))),
    ("factor", lambda e: sympy.factor(_doit(e))),
    ("simplify", lambda e: sympy.simplify(_doit(e))),
)
_SUM_STRATEGIES = ("termwise", *sum_rules.RULES)
_SUMMAND_STRATEGIES = tuple(n for n in STRATEGY_NAMES if n not in _SUM_STRATEGIES)


def _is_zero(e: sympy.Expr) -> bool:
    return e == 0 or e.is_zero is True


def _holds_sign(e: sympy.Expr, strict: bool) -> bool:
    return (e.is_positive if strict else e.is_nonnegative) is True


def _close_entry(diff: sympy.Expr, rel: str, strategies: tuple[str, ...]) -> str | None:
    if matrices.is_matrix_expr(diff):
        return matrices.close(diff, rel)  # MatrixSymbol algebra: the scalar rewrites do not apply
    strict = rel in ("<", ">")
    table = dict(STRATEGIES)
    for name in strategies:
        rewrite = table.get(name)
        if rewrite is None or (name in _SUM_STRATEGIES and not diff.has(Sum, Product)):
            continue
        if name in ("doit",) and not diff.has(*_UNEVALUATED):
            continue
        if name == "laws" and not diff.has(*laws.REWRITTEN):
            continue
        try:
            form = rewrite(diff)
        except Exception:  # noqa: BLE001 - a strategy that breaks just does not close the step
            continue
        if rel == "=" and _is_zero(form):
            return name
        if rel == "!=":
            if form.is_nonzero is True:
                return name
            continue
        if rel != "=" and (_holds_sign(form, strict) or (not strict and _is_zero(form))):
            return name
    if rel != "=" and not diff.free_symbols:
        from checker.probe import certified_sign  # a number-valued step: its certified enclosure decides

        return certified_sign(diff, rel)
    return None


def _pairs(ob: Obligation) -> list[tuple[Any, Any]]:
    """Entry pairs ``(p, q)`` oriented so that ``p - q`` is zero for "=" and "≠", nonnegative (positive) else."""
    pairs = list(zip(_entries(ob.lhs), _entries(ob.rhs), strict=True))
    return [(b, a) for a, b in pairs] if ob.rel in ("<=", "<") else pairs


def _difference(ob: Obligation) -> list[sympy.Expr]:
    return [p - q for p, q in _pairs(ob)]


@dataclass(frozen=True)
class _Closed:
    """How one entry of a step was closed."""

    name: str
    method: str
    certified: bool
    detail: str = ""


def _closing(name: str) -> _Closed:
    """What ``_close_entry``'s answer means: a rewrite, or the number-valued fallback (see the hook above)."""
    if name.startswith(ENCLOSURE_NAMES):
        return _Closed(name, ENCLOSURE, name.startswith(CERTIFIED_ENCLOSURE))
    return _Closed(name, REWRITE, False)


def _proved(closed: list[_Closed], agreeing: int) -> Verification:
    certified = all(c.certified for c in closed)
    if certified:
        method = " + ".join(dict.fromkeys(c.method for c in closed))
    else:
        method = REWRITE if any(c.method == REWRITE for c in closed) else ENCLOSURE
    exact = list(dict.fromkeys(c.detail for c in closed if c.detail))
    more = f" (+{len(exact) - 1} more)" if len(exact) > 1 else ""
    probe_note = f"{agreeing} probe point(s) agree to {DIGITS} digits"
    if certified and not agreeing:
        probe_note = "the probe found the step defined, with no violation (its digits are not needed)"
    detail = f"{exact[0]}{more}; {probe_note}" if exact and certified else probe_note
    names = "+".join(dict.fromkeys(c.name for c in closed))
    return Verification(Verdict.PROVED, names, detail, None, method, certified)


_ORDER = ("<=", "<", ">=", ">")


def _inequality(ob: Obligation, p: Any, q: Any) -> _Closed | Verification | None:
    """The inequality strategies (``checker.inequalities``), after every cheap one failed on ``p ≥ q``."""
    from checker import inequalities  # arb branch-and-bound, SOS: only for an open inequality

    found = inequalities.close(sympy.sympify(p), sympy.sympify(q), ob.rel, ob.domain)
    if found is None:
        return None
    if found.point is None:
        return _Closed(found.name, found.name if found.certified else REWRITE, found.certified, found.detail if found.certified else "")
    if sampling.within(found.point, ob.domain) is None:
        cx = _counterexample(ob, found.point)
        if cx is not None:
            return Verification(Verdict.REFUTED, "branch-and-bound", "branch-and-bound found a violation", cx)
    return None


def _shape(e: Any) -> tuple[int, ...]:
    return e.shape if isinstance(e, MatrixBase) else ()


def verify(ob: Obligation, seed: int = 0, strategies: tuple[str, ...] = STRATEGY_NAMES) -> Verification:
    """Three-valued verdict on one obligation (asymptotic relations and hypotheses have their own modules)."""
    if ob.rel in ("~", "O"):
        from checker import asymptotics

        return asymptotics.verify_asymptotic(ob, seed)
    if ob.given and ob.witness is None:
        from checker import given

        return given.verify_given(ob, seed, strategies, _verify)
    return _verify(ob, seed, strategies)


def _verify(ob: Obligation, seed: int, strategies: tuple[str, ...]) -> Verification:
    """The normal pipeline; the probe and every counterexample honour the hypotheses ``ob.given``."""
    mexpr = matrices.involved(ob.lhs, ob.rhs)  # symbolic shapes: the probe compares them at concrete sizes
    if not mexpr and _shape(ob.lhs) != _shape(ob.rhs):
        cx = Counterexample({}, f"shape {_shape(ob.lhs)}", f"shape {_shape(ob.rhs)}", 0)
        return Verification(Verdict.REFUTED, "shape", "the two sides have different shapes", cx)
    if isinstance(ob.lhs, MatrixBase) and ob.rel != "=":
        return Verification(Verdict.UNDECIDED, None, "an order relation between matrices is not supported")
    random.seed(seed)  # SymPy's assumption system draws from the global generator
    _DONE.clear()
    _SUMMANDS.clear()
    pairs = [(matrices.as_expression(ob.lhs), matrices.as_expression(ob.rhs))] if mexpr else _pairs(ob)
    exact = ob.witness is None and not mexpr
    decisions = [procedures.decide(p, q) if exact else None for p, q in pairs]
    certified = bool(pairs) and all(d is not None and d.proves(ob.rel) for d in decisions)
    t0 = time.perf_counter()
    try:
        found = probe(ob, seed, CERTIFIED_PROBE_POINTS if certified else PROBE_POINTS)
        if certified and found.counterexample is None and found.agreeing + found.unclear == 0:
            found = probe(ob, seed)  # no defined point among the few drawn: look as hard as for any step
    except sampling.Unsupported as exc:
        return Verification(Verdict.UNDECIDED, None, f"cannot sample inside the assumptions: {exc}")
    probe_s = time.perf_counter() - t0
    if found.counterexample is not None:
        return Verification(Verdict.REFUTED, "probe", f"probe found a violation ({probe_s:.3f}s)", found.counterexample)
    if ob.witness is not None:
        return Verification(Verdict.UNDECIDED, None, "the witness does not violate the statement")
    if certified and found.agreeing + found.unclear:  # exact zero, and the step is defined somewhere
        return _proved([_Closed(d.name, d.method, True, d.detail) for d in decisions if d], found.agreeing)
    if found.agreeing == 0:
        why = "sides disagree slightly" if found.unclear else "no probe point where both sides are defined"
        return Verification(Verdict.UNDECIDED, None, f"probe inconclusive: {why}")
    closed: list[_Closed] = []
    for (p, q), d in zip(pairs, decisions, strict=True):
        if d is not None and d.proves(ob.rel):
            closed.append(_Closed(d.name, d.method, True, d.detail))
            continue  # exact; the other entries may still need a rewrite
        final = d is not None and d.decisive and ob.rel == "="  # exactly nonzero: no rewrite can close it
        name = None if final else _close_entry(p - q, ob.rel, strategies)
        if name is None and ob.rel in _ORDER and not final:
            ineq = _inequality(ob, p, q)
            if isinstance(ineq, Verification):
                return ineq
            if ineq is not None:
                closed.append(ineq)
                continue
        if name is None:
            from checker import search  # scipy: only when a step is still open

            for point in () if sizes.is_sized(ob) else search.candidates(ob, seed):
                cx = _counterexample(ob, point)
                if cx is not None:
                    return Verification(Verdict.REFUTED, "search", "a search found a violation", cx)
            why = f"{d.detail}, below the probe's resolution" if final and d else "no strategy closed it"
            return Verification(Verdict.UNDECIDED, None, f"agrees at {found.agreeing} points to {DIGITS} digits; {why}")
        closed.append(_closing(name))
    return _proved(closed, found.agreeing)
