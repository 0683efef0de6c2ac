"""Sums of squares: ``p ≥ 0`` for a real polynomial ``p`` from an exact certificate ``p = Σ cᵢ qᵢ²``, cᵢ ≥ 0.

A Gram matrix G over a basis m of monomials (``p = mᵀ G m``) is fixed deterministically: each
coefficient of ``p`` goes onto the diagonal when a square monomial produces it, else is split evenly
among the pairs that do. An exact rational LDLᵀ of G then gives ``p = Σ Dₖ (Lₖ·m)²``; it fails (and the
procedure declines) at a negative pivot, or at a zero pivot whose column is not zero. The certificate
is accepted only after ``expand(Σ Dₖ qₖ² − p) == 0`` over ℚ. With every Dₖ > 0 and the monomial 1 in
the basis, G is positive definite and m(x) ≠ 0, so ``p > 0`` (the strict case).

A rational function counts when its denominator is a positive constant or an even power, and factors
of the numerator with even multiplicity are squares; the odd ones each need a certificate.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from itertools import product

import sympy
from sympy import QQ, Poly

__all__ = ["Certificate", "certificate", "nonnegative"]

MAX_DEGREE = 8
MAX_BASIS = 30


@dataclass(frozen=True)
class Certificate:
    """``expr == Σ weights[k] · squares[k]**2`` checked exactly; ``positive``: strictly positive."""

    weights: tuple[sympy.Rational, ...]
    squares: tuple[sympy.Expr, ...]
    positive: bool

    def text(self) -> str:
        terms = [f"{w}*({sympy.sstr(q)})**2" for w, q in zip(self.weights, self.squares, strict=True)]
        shown = " + ".join(terms[:3]) + (" + …" if len(terms) > 3 else "")
        return shown or "0"


def _basis(p: Poly) -> list[tuple[int, ...]]:
    n = len(p.gens)
    degs = [p.degree(g) for g in p.gens]
    total = p.total_degree()
    low = min(sum(m) for m in p.monoms())
    half = [d // 2 for d in degs]
    out = [a for a in product(*(range(h + 1) for h in half)) if low <= 2 * sum(a) <= total]
    return sorted(out, key=lambda a: (sum(a), a))[: MAX_BASIS + 1] if n else []


def certificate(expr: sympy.Expr, symbols: tuple[sympy.Symbol, ...]) -> Certificate | None:
    """An exact SOS certificate of the polynomial ``expr`` in ``symbols``, or ``None``."""
    try:
        p = Poly(sympy.expand(expr), *symbols, domain=QQ)
    except (sympy.PolynomialError, sympy.CoercionFailed):
        return None
    if p.is_zero:
        return Certificate((), (), False)
    if p.total_degree() > MAX_DEGREE or p.total_degree() % 2:
        return None
    basis = _basis(p)
    if not basis or len(basis) > MAX_BASIS:
        return None
    index = {a: i for i, a in enumerate(basis)}
    n = len(basis)
    gram = [[Fraction(0)] * n for _ in range(n)]
    for mono, coeff in zip(p.monoms(), p.coeffs(), strict=True):
        c = Fraction(int(coeff.p), int(coeff.q))
        half = tuple(m // 2 for m in mono)
        if all(m % 2 == 0 for m in mono) and half in index:
            gram[index[half]][index[half]] += c
            continue
        pairs = [(i, index[b]) for a, i in index.items()
                 if (b := tuple(g - x for g, x in zip(mono, a, strict=True))) in index and i < index[b]]
        if not pairs:
            return None
        for i, j in pairs:
            gram[i][j] += c / (2 * len(pairs))
            gram[j][i] += c / (2 * len(pairs))
    ldl = _ldl(gram)
    if ldl is None:
        return None
    lower, pivots = ldl
    monos = [sympy.Mul(*(g**e for g, e in zip(symbols, a, strict=True))) for a in basis]
    weights, squares = [], []
    for k in range(n):
        if pivots[k] == 0:
            continue
        q = sum((sympy.Rational(lower[i][k].numerator, lower[i][k].denominator) * monos[i] for i in range(k, n)), sympy.S.Zero)
        weights.append(sympy.Rational(pivots[k].numerator, pivots[k].denominator))
        squares.append(q)
    total = sum((w * q**2 for w, q in zip(weights, squares, strict=True)), sympy.S.Zero)
    if sympy.expand(total - p.as_expr()) != 0 or any(w < 0 for w in weights):
        return None  # the check that makes the certificate, whatever produced it
    positive = all(d > 0 for d in pivots) and (0,) * len(symbols) in index
    return Certificate(tuple(weights), tuple(squares), positive)


def _ldl(g: list[list[Fraction]]) -> tuple[list[list[Fraction]], list[Fraction]] | None:
    """Exact LDLᵀ of a symmetric matrix, or ``None`` if it is not positive semidefinite by this pivoting."""
    n = len(g)
    a = [row[:] for row in g]
    lower = [[Fraction(int(i == j)) for j in range(n)] for i in range(n)]
    pivots = []
    for k in range(n):
        d = a[k][k]
        if d < 0:
            return None
        if d == 0:
            if any(a[i][k] != 0 for i in range(k + 1, n)):
                return None
            pivots.append(Fraction(0))
            continue
        pivots.append(d)
        for i in range(k + 1, n):
            lower[i][k] = a[i][k] / d
        for i in range(k + 1, n):
            for j in range(k + 1, n):
                a[i][j] -= lower[i][k] * d * lower[j][k]
    return lower, pivots


def nonnegative(expr: sympy.Expr, symbols: tuple[sympy.Symbol, ...], strict: bool) -> str | None:
    """A description of a certificate that ``expr ≥ 0`` (``> 0``) for all real ``symbols``, or ``None``."""
    num, den = sympy.fraction(sympy.together(expr))
    den_ok = den.is_number and den.is_positive is True
    if not den_ok:
        return None
    try:
        Poly(num, *symbols, domain=QQ)  # a polynomial over ℚ: its factors are real for real symbols
        c, factors = sympy.factor_list(sympy.expand(num), *symbols, domain=QQ)
    except (sympy.PolynomialError, sympy.CoercionFailed, NotImplementedError):
        return None
    if not (c.is_Rational and (c > 0 or (c == 0 and not strict))):
        return None
    shown = []
    for f, mult in factors:
        if mult % 2 == 0:
            if strict:
                return None  # a square may vanish
            shown.append(f"({sympy.sstr(f)})**{mult}")
            continue
        cert = certificate(f, symbols)
        if cert is None or (strict and not cert.positive):
            return None
        shown.append(cert.text() if mult == 1 else f"({cert.text()})**{mult}")
    body = " · ".join(shown) if shown else str(c)
    return f"sum of squares: {sympy.sstr(c)} · {body}" if c != 1 else f"sum of squares: {body}"
