"""Complete decision procedures: a step's difference decided exactly, or the procedure declines.

Each side is made exact first (every ``Float`` becomes the ``Rational`` of its binary value), then the
difference is mapped, by a ring homomorphism, to a rational function over ℚ(ζ) (ζ = e^{iπ/N}, ζ = i
when N = 2) in formal generators:

- symbols, ``pi``, and any other subexpression (``log(x)``, ``Sum(..)``, ``Abs(x)``) as opaque atoms;
- ``b**(p/q)`` as ``r**p`` with ``r = b**(1/L)`` (L the lcm of ``q`` over that base);
- ``exp`` and ``sin, cos, tan, …, sinh, cosh, …`` of linear forms ``Σ c_k·u_k`` (c_k ∈ ℚ + iℚ) as
  Laurent monomials in ``exp(u/d)`` and ``exp(i·u/d)``; ``exp(iqπ)`` as a power of ζ.

Every rewrite is an identity of complex functions, so a zero numerator (reduced modulo the cyclotomic
polynomial of ζ) proves the step wherever it is defined. A nonzero one is *decisive* (no rewrite can
close the step) only when the generators are algebraically independent: plain non-integer symbols
and exponentials of them.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import sympy
from sympy import Float, Rational, S
from sympy.core.sympify import _sympify

from checker.convert import Convert, Scan
from checker.laurent import Decline, Frac
from checker.normal import normalize

__all__ = ["Decision", "decide", "exact"]

_MAX_TURNS = 360  # ζ = e^{iπ/N} with N at most this
_SIDE_SHOWN = 3


@dataclass(frozen=True)
class Decision:
    """What a complete procedure found about ``p - q``."""

    zero: bool  # identically zero wherever both sides are defined
    method: str  # e.g. "polynomial over QQ"
    name: str  # short name, used as the step's strategy
    decisive: bool  # a nonzero difference is final: no rewrite can show it is zero
    detail: str
    constant: Fraction | None = None  # the difference, when it is a rational number
    numeric: bool = False  # the difference is a number of ℚ(ζ) (no generator left)

    def proves(self, rel: str) -> bool:
        """Whether this settles ``p rel' q`` oriented as ``checker.symbolic`` orients it (p - q ≥ 0 wanted)."""
        if rel == "=":
            return self.zero
        if rel == "!=":
            return self.numeric and not self.zero
        if self.constant is None:
            return False
        return self.constant > 0 if rel in ("<", ">") else self.constant >= 0


def exact(e: sympy.Basic) -> sympy.Basic:
    """``e`` with each ``Float`` replaced by the ``Rational`` of its exact binary value."""
    if not isinstance(e, sympy.Basic) or not e.has(Float):
        return e
    try:
        return e.xreplace({f: Rational(f) for f in e.atoms(Float)})
    except (TypeError, ValueError) as exc:  # inf or nan
        raise Decline("a non-finite Float") from exc


def _method(conv: Convert, value: Frac) -> tuple[str, str]:
    scan = conv.scan
    field = "QQ" if not scan.uses_i else "QQ(i)" if scan.turns == 2 else f"QQ(zeta_{2 * scan.turns})"
    if scan.scale:
        return f"exp-polynomial (Laurent) over {field}", "exp-polynomial"
    if not conv.side:
        return f"polynomial over {field}", "polynomial"
    return f"rational function over {field}", "rational function"


def _decisive(scan: Scan) -> bool:
    """Generators algebraically independent: plain non-integer symbols, and exponentials of them."""

    def plain(u: sympy.Expr) -> bool:
        return isinstance(u, sympy.Symbol) and u.is_integer is not True and u.is_zero is not True

    return not scan.roots and all(plain(a) for a in scan.atoms) and all(u is S.One or plain(u) for u, _ in scan.scale)


def _detail(conv: Convert, zero: bool, method: str) -> str:
    atoms = [a for a in conv.scan.atoms if not isinstance(a, sympy.Symbol) and a is not S.Pi]
    parts = [f"{method}: the difference is {'identically zero' if zero else 'not zero'}"]
    if atoms:
        parts.append(f"with {_some(atoms)} as independent atoms")
    if conv.scan.roots:
        parts.append(f"with roots of {_some(list(conv.scan.roots))} (r**L = base)")
    side = list(dict.fromkeys(conv.side))
    if side and zero:
        parts.append(f"where defined ({_some(side, ' ≠ 0')})")
    return "; ".join(parts)


def _some(items: list[sympy.Expr], suffix: str = "") -> str:
    shown = ", ".join(f"{sympy.sstr(a, order='none')}{suffix}" for a in items[:_SIDE_SHOWN])
    return shown + (", …" if len(items) > _SIDE_SHOWN else "")


def decide(p: sympy.Expr, q: sympy.Expr) -> Decision | None:
    """``p - q`` decided exactly, or ``None`` when it lies outside every procedure here."""
    try:
        diff = normalize(exact(_sympify(p)) - exact(_sympify(q)))  # strict: a string is never parsed
        scan = Scan()
        scan.walk(diff)
        if scan.turns > _MAX_TURNS:
            return None
        conv = Convert(scan)
        value = conv(diff)
        num = conv.ring.reduce(value[0])
    except Exception:  # noqa: BLE001 - Decline, or a rewrite that breaks: the procedure just declines
        return None
    zero = num.is_zero()
    method, name = _method(conv, value)
    numeric = conv.ring.is_number(num) and conv.ring.is_number(conv.ring.reduce(value[1]))
    constant = conv.ring.rational(value) if numeric else None
    if numeric and not zero:
        method, name = f"exact arithmetic over {method.rsplit(' over ', 1)[1]}", "exact arithmetic"
    decisive = zero or _decisive(scan)
    detail = _detail(conv, zero, method) if decisive or numeric else method  # shown only then: spare the printing
    return Decision(zero, method, name, decisive, detail, constant, numeric)
