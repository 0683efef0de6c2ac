"""A Symbol's assumption facts, checked exactly on a number, and the kind of value that honours them.

``Symbol.assumptions0`` holds every fact SymPy derives (``prime`` brings ``integer`` and ``positive``
along). A value fits a symbol when every True *and* every False fact holds of it, decided by SymPy's
exact queries on the number (``Integer(7).is_prime``, ``(2*I/3).is_imaginary``, ...).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import sympy
from sympy import Symbol


class Unsupported(Exception):
    """A symbol carries an assumption the sampler cannot honour or cannot check exactly.

    The step is then undecided: no point can be shown to lie inside the symbol's assumptions.
    """


_IGNORED = frozenset({"commutative"})  # True for every number; commutative=False is refused by ``kind``
# Facts no exact rational, Gaussian-rational or r + s*sqrt(2) value has.
_NEVER = frozenset({
    ("transcendental", True), ("algebraic", False), ("infinite", True), ("finite", False),
    ("complex", False), ("polar", True),
})
_REALISH = ("real", "extended_real", "hermitian", "rational", "noninteger", "integer", "positive", "negative",
            "nonnegative", "nonpositive", "nonzero", "extended_positive", "extended_negative",
            "extended_nonnegative", "extended_nonpositive", "extended_nonzero")


def facts(sym: Symbol) -> dict[str, bool]:
    """Every decided fact of ``sym`` (derived ones included), except ``commutative``."""
    return {k: v for k, v in sym.assumptions0.items() if k not in _IGNORED and v is not None}


def kind(sym: Symbol) -> str:
    """'zero', 'integer', 'irrational', 'imaginary', 'complex' or 'real': what to draw for ``sym``."""
    if sym.is_commutative is False:  # an operator, not a number (SymPy derives complex=False from it)
        raise Unsupported(f"cannot sample {sym} with commutative=False")
    f = facts(sym)
    for name, value in sorted(f.items()):
        if (name, value) in _NEVER:
            raise Unsupported(f"cannot sample {sym} with {name}={value}")
    if f.get("zero") or (f.get("hermitian") and f.get("antihermitian")):
        return "zero"
    if f.get("integer"):
        return "integer"
    if f.get("irrational"):
        return "irrational"
    if f.get("imaginary") or (f.get("antihermitian") and not f.get("real")):
        return "imaginary"
    if f.get("real") is False or (f.get("complex") and not any(f.get(k) for k in _REALISH)):
        return "complex"
    return "real"


def holds(value: sympy.Expr, fact: str) -> bool | None:
    """Whether the number ``value`` has ``fact``; ``None`` where SymPy cannot decide it exactly."""
    if fact in ("hermitian", "antihermitian"):  # SymPy leaves these undecided for plain numbers
        re, im = value.as_real_imag()
        return (im if fact == "hermitian" else re).is_zero
    return getattr(value, "is_" + fact)


def broken(sym: Symbol, value: sympy.Expr) -> tuple[str, bool, bool | None] | None:
    """The first fact ``(name, wanted, found)`` of ``sym`` that ``value`` breaks or leaves undecided
    (the declared facts before the derived ones)."""
    f = facts(sym)
    orig = getattr(sym, "_assumptions_orig", None) or {}
    for name, want in sorted(f.items(), key=lambda kv: (kv[0] not in orig, kv[0])):
        got = holds(value, name)
        if got is not want:
            return name, want, got
    return None


def fits(sym: Symbol, value: sympy.Expr) -> bool:
    """``value`` satisfies every fact of ``sym``; raises ``Unsupported`` where a fact is undecidable."""
    b = broken(sym, value)
    if b is not None and b[2] is None:
        raise Unsupported(f"cannot sample {sym} with {b[0]}={b[1]} (undecidable at {value})")
    return b is None


def _isprime(k: int) -> bool:
    return bool(sympy.isprime(k))


# Integer facts in plain Python (SymPy's queries cost ~0.1 ms a value); ``broken`` checks the one drawn.
_INT_TESTS: dict[str, Callable[[int], bool]] = {
    "even": lambda k: k % 2 == 0,
    "odd": lambda k: k % 2 == 1,
    "positive": lambda k: k > 0,
    "nonnegative": lambda k: k >= 0,
    "negative": lambda k: k < 0,
    "nonpositive": lambda k: k <= 0,
    "nonzero": lambda k: k != 0,
    "zero": lambda k: k == 0,
    "extended_positive": lambda k: k > 0,
    "extended_nonnegative": lambda k: k >= 0,
    "extended_negative": lambda k: k < 0,
    "extended_nonpositive": lambda k: k <= 0,
    "extended_nonzero": lambda k: k != 0,
    "prime": _isprime,
    "composite": lambda k: k > 1 and not _isprime(k),
}


def int_ok(f: Mapping[str, bool], k: int) -> bool:
    """The integer ``k`` agrees with every sign, parity and primality fact in ``f``."""
    return all(test(k) == f[name] for name, test in _INT_TESTS.items() if name in f)


def sign_limits(f: Mapping[str, bool]) -> tuple[int | None, int | None]:
    """Bounds (low, high) on the value implied by sign facts: 0 where a sign is required, else None."""
    low = 0 if any(f.get(k) for k in ("positive", "nonnegative", "extended_positive", "extended_nonnegative")) else None
    high = 0 if any(f.get(k) for k in ("negative", "nonpositive", "extended_negative", "extended_nonpositive")) else None
    return low, high


def describe(sym: Symbol) -> str:
    """The assumptions ``sym`` was declared with, e.g. ``{positive: True}`` (``{}`` for none)."""
    orig: Any = getattr(sym, "_assumptions_orig", None)
    given = orig if orig is not None else facts(sym)
    shown = {k: v for k, v in sorted(given.items()) if k not in _IGNORED}
    return "{" + ", ".join(f"{k}: {v}" for k, v in shown.items()) + "}"
