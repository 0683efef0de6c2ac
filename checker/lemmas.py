"""Named inequality lemmas, matched structurally on ``big ≥ small`` and checked by an exact procedure.

- triangle inequality: |a₁ + … + aₙ| ≤ |a₁| + … + |aₙ| (any complex aᵢ);
- reverse triangle inequality: |a| − |b| ≤ |a − b| (any complex a, b);
- Max/Min: Max(a₁, …) ≥ aᵢ, Min(a₁, …) ≤ aᵢ, Max(…) ≥ Min(…), Max(a₁, …, aₙ) ≤ |a₁| + … + |aₙ|;
- absolute value: |a| ≥ a and |a| ≥ −a for real a.

A lemma applies when the step's sides *are* its two sides: each match is confirmed by
``checker.procedures.decide`` (an exact zero difference), so the proof is certified. Strict steps never
match (every lemma has equality cases).
"""

from __future__ import annotations

from collections.abc import Callable

import sympy
from sympy import Abs, Add, Max, Min

from checker import procedures

__all__ = ["LEMMAS", "prove"]


def _same(a: sympy.Expr, b: sympy.Expr) -> bool:
    if a == b:
        return True
    d = procedures.decide(a, b)
    return d is not None and d.zero


def real(e: sympy.Expr) -> bool:
    """Real for every value of its symbols the engine samples (plain symbols are sampled real)."""
    from checker.facts import kind

    swap = {}
    for s in e.free_symbols:
        if not isinstance(s, sympy.Symbol) or kind(s) not in ("real", "integer", "irrational", "zero"):
            return False
        if s.is_real is not True:
            swap[s] = sympy.Dummy(s.name, real=True)
    return e.xreplace(swap).is_extended_real is True


def _terms(e: sympy.Expr) -> tuple[sympy.Expr, ...]:
    return e.args if isinstance(e, Add) else (e,)


def _triangle(big: sympy.Expr, small: sympy.Expr) -> bool:
    if not isinstance(small, Abs) or not isinstance(small.args[0], Add):
        return False
    return _same(big, Add(*(Abs(t) for t in small.args[0].args)))


def _reverse_triangle(big: sympy.Expr, small: sympy.Expr) -> bool:
    terms = _terms(small)
    if not isinstance(big, Abs) or len(terms) != 2:
        return False
    for a, b in (terms, terms[::-1]):
        if isinstance(a, Abs) and isinstance(-b, Abs):
            if _same(big, Abs(a.args[0] - (-b).args[0])):
                return True
    return False


def _max_min(big: sympy.Expr, small: sympy.Expr) -> bool:
    if isinstance(big, Max) and any(_same(small, a) for a in big.args):
        return True
    if isinstance(small, Min) and any(_same(big, a) for a in small.args):
        return True
    if isinstance(big, Max) and isinstance(small, Min):
        return any(_same(a, b) for a in big.args for b in small.args)
    if isinstance(small, Max):
        return _same(big, Add(*(Abs(a) for a in small.args)))
    return False


def _absolute(big: sympy.Expr, small: sympy.Expr) -> bool:
    if not isinstance(big, Abs):
        return False
    a = big.args[0]
    return (_same(small, a) or _same(small, -a)) and real(a)


LEMMAS: tuple[tuple[str, Callable[[sympy.Expr, sympy.Expr], bool]], ...] = (
    ("triangle inequality", _triangle),
    ("reverse triangle inequality", _reverse_triangle),
    ("Max/Min lemma", _max_min),
    ("|a| ≥ ±a", _absolute),
)


def prove(big: sympy.Expr, small: sympy.Expr, strict: bool) -> str | None:
    """The name of a lemma showing ``big ≥ small``, or ``None``."""
    if strict:
        return None
    for name, applies in LEMMAS:
        try:
            if applies(big, small):
                return name
        except (TypeError, ValueError, AttributeError):
            continue
    return None
