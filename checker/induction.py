"""Induction for recurrences: an invariant of a state updated step by step, proved for every index.

``recurrence(title, index=N, init={...}, update={...}, invariant={...})`` declares a state (the keys of
``init``), its value at ``N = start`` and its update from ``N`` to ``N + 1`` (expressions in the state
symbols and ``N``), and closed forms ``invariant = {v: I_v(N, state)}``. It returns ordinary chains:

- *base case*: ``init[v] = I_v(start, init)`` for each invariant variable ``v``;
- *inductive step*: for every ``N ≥ start`` and every state satisfying the invariant (``v = I_v(N, ·)``
  substituted: the induction hypothesis), ``update[v] = I_v(N + 1, update)``.

Both hold ⇒ the invariant holds for every ``N ≥ start`` (induction on ``N``). Before they reach the
prover, each side is rewritten by identities only: a sum to ``N + 1`` is split into the sum to ``N`` plus
its last term (valid for every ``N`` under SymPy's Karr convention), sum bodies are expanded and
factors free of the summation index pulled out. Sequence terms (``x[N + 1]``, an ``IndexedBase``) and
sums over them that remain are then *generalised* to fresh symbols (``x_N1``, ``S_1``): the step is
proved for every value of them, which implies it for the actual ones. So a refuted inductive step means
the invariant is not inductive (a state satisfying it has a successor breaking it), with that state
as the counterexample; it need not be reachable.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import sympy
from sympy import Indexed, Sum
from sympy.concrete.expr_with_limits import ExprWithLimits
from sympy.simplify.simplify import factor_sum

from checker.errors import InvalidClaim
from checker.model import Chain, Step

__all__ = ["recurrence"]

_WRITTEN = 100  # a base-case sum with at most this many terms is written out


def _split_last(e: sympy.Basic, n: sympy.Symbol) -> sympy.Basic:
    """``Σ_{i=a}^{n+1} f`` → ``Σ_{i=a}^{n} f + f(n+1)`` (Karr's convention makes it an identity)."""

    def split(s: Sum) -> sympy.Basic:
        if len(s.limits) != 1:
            return s
        i, a, b = s.limits[0]
        if sympy.expand(b - n - 1) != 0:
            return s
        return Sum(s.function, (i, a, n)) + s.function.xreplace({i: n + 1})

    return e.replace(lambda x: isinstance(x, Sum), split)


def _pull(e: sympy.Basic) -> sympy.Basic:
    """Sum bodies expanded (``exp(a + b)`` → ``exp(a)·exp(b)``), factors free of the index pulled out."""

    def pull(s: Sum) -> sympy.Basic:
        return factor_sum(Sum(sympy.expand(s.function), *s.limits))

    return e.replace(lambda x: isinstance(x, Sum), pull)


def _name(x: sympy.Basic, taken: set[str]) -> str:
    base = re.sub(r"\W+", "", sympy.sstr(x).replace("+", "p").replace("-", "m").replace("[", "_")) or "t"
    name = base if base.isidentifier() else f"t_{base}"
    while name in taken:
        name += "_"
    taken.add(name)
    return name


def _fresh(x: sympy.Basic, name: str) -> sympy.Symbol:
    facts = {"positive": True} if x.is_positive else {"real": True} if x.is_extended_real else {}
    return sympy.Symbol(name, **facts)


def _generalise(sides: list[sympy.Basic]) -> tuple[list[sympy.Basic], list[str]]:
    """Sums (products, integrals) over sequence terms, then free sequence terms, replaced by fresh symbols
    (same term, same symbol): a statement for every value of them implies it for the actual terms."""
    taken = {s.name for e in sides for s in e.free_symbols if isinstance(s, sympy.Symbol)}
    notes: list[str] = []
    # every sum, product or integral over sequence terms as a whole (its bound index must not escape)
    sums = sorted({s for e in sides for s in e.atoms(ExprWithLimits) if s.has(Indexed)}, key=sympy.default_sort_key)
    sums = [s for s in sums if not any(t is not s and t.has(s) for t in sums)]  # outermost only
    sub: dict[sympy.Basic, sympy.Symbol] = {}
    for k, s in enumerate(sums, 1):
        name = f"S_{k}"
        while name in taken:
            name += "_"
        taken.add(name)
        sub[s] = _fresh(s, name)
        notes.append(f"{name} = {sympy.sstr(s)}")
    sides = [e.xreplace(sub) for e in sides]
    terms = sorted({t for e in sides for t in e.atoms(Indexed)}, key=sympy.default_sort_key)
    sub = {t: _fresh(t, _name(t, taken)) for t in terms}
    notes += [f"{v} = {sympy.sstr(t)}" for t, v in sub.items()]
    return [e.xreplace(sub) for e in sides], notes


def _prepare(lhs: Any, rhs: Any, n: sympy.Symbol, finite: bool) -> tuple[Any, Any, list[str]]:
    sides = [sympy.sympify(lhs), sympy.sympify(rhs)]
    if finite:  # the base case: short sums with integer limits written out, term by term, unevaluated
        sides = [e.replace(lambda x: isinstance(x, Sum), _written_out) for e in sides]
    else:
        sides = [_pull(_split_last(e, n)) for e in sides]
    if any(e.has(Indexed) for e in sides):
        with sympy.evaluate(False):  # keep exp(x_1 - x_1): the base case is shown as it is checked
            sides, notes = _generalise(sides)
        return sides[0], sides[1], notes
    return sides[0], sides[1], []


def _written_out(s: Sum) -> sympy.Basic:
    """``Σ_{i=a}^{b} f`` with integer ``a ≤ b`` (at most ``_WRITTEN`` terms) as ``f(a) + … + f(b)``, unevaluated."""
    if len(s.limits) != 1:
        return s
    i, a, b = s.limits[0]
    if not (a.is_Integer and b.is_Integer and 0 <= b - a < _WRITTEN):
        return s
    with sympy.evaluate(False):
        terms = [s.function.xreplace({i: sympy.Integer(j)}) for j in range(int(a), int(b) + 1)]
    return terms[0] if len(terms) == 1 else sympy.Add(*terms, evaluate=False)


def _check(title: str, index: Any, init: Any, update: Any, invariant: Any) -> None:
    def fail(field: str, expected: str, value: Any) -> InvalidClaim:
        return InvalidClaim(f"recurrence '{title}': '{field}' must be {expected} (got {value!r})")

    if not (isinstance(index, sympy.Symbol) and index.is_integer):
        raise fail("index", "an integer Symbol", index)
    for field, value in (("init", init), ("update", update), ("invariant", invariant)):
        if not isinstance(value, Mapping) or not all(isinstance(k, sympy.Symbol) for k in value):
            raise fail(field, "a mapping {state Symbol: expression}", value)
        for v in value.values():
            if isinstance(v, str | float) or not isinstance(v, sympy.Basic | int):
                raise fail(field, "SymPy expressions or exact numbers", v)
    if set(init) != set(update):
        raise fail("update", f"one expression per state symbol {sorted(map(str, init))}", sorted(map(str, update)))
    if not invariant or not set(invariant) <= set(init):
        raise fail("invariant", "closed forms of some state symbols", sorted(map(str, invariant)))
    if index in init:
        raise fail("init", "the state, without the index", index)


def recurrence(
    title: str, *, index: sympy.Symbol, init: Mapping[sympy.Symbol, Any], update: Mapping[sympy.Symbol, Any],
    invariant: Mapping[sympy.Symbol, Any], by: str, start: Any = 1,
) -> tuple[Chain, ...]:
    """The base case and the inductive step of ``invariant``, as chains for ``claim(proof=[...])``."""
    _check(title, index, init, update, invariant)
    n, start = index, sympy.sympify(start)
    out: list[Chain] = []
    at_start = {n: start, **{k: sympy.sympify(v) for k, v in init.items()}}
    for v, closed in invariant.items():
        lhs, rhs, notes = _prepare(sympy.sympify(init[v]), sympy.sympify(closed).xreplace(at_start), n, True)
        note = f"; {', '.join(notes)}" if notes else ""
        out.append(Chain(f"{title}: base case {n} = {start}", lhs, (Step(rhs, f"{by}: base case{note}"),)))
    hypothesis = {v: sympy.sympify(c) for v, c in invariant.items()}
    nxt = {k: sympy.sympify(u).xreplace(hypothesis) for k, u in update.items()}
    for v, closed in invariant.items():
        goal = sympy.sympify(closed).xreplace({n: n + 1, **nxt})
        lhs, rhs, notes = _prepare(nxt[v], goal, n, False)
        note = f"; {', '.join(notes)}" if notes else ""
        why = f"{by}: inductive step {n} → {n} + 1, assuming {v} = {sympy.sstr(hypothesis[v])}{note}"
        given = tuple(h for h in (sympy.Ge(n, start),) if h is not sympy.true)
        out.append(Chain(f"{title}: inductive step for {v}", lhs, (Step(rhs, why, given=given),)))
    return tuple(out)
