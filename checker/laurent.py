"""Exact fractions of polynomials over ℚ(ζ) in formal generators (python-flint ``fmpq_mpoly``).

ζ = e^{iπ/N} is generator 0; ℚ(ζ) is ℚ[ζ] modulo the cyclotomic polynomial Φ_{2N}, so a reduced
polynomial is zero exactly when its value is. ``turns = 0`` means ζ is not used (coefficients in ℚ).
"""

from __future__ import annotations

import math
import time
from fractions import Fraction

import flint

__all__ = ["Decline", "Frac", "Ring"]

MAX_TERMS = 50_000  # bigger intermediate results decline rather than run for minutes

Frac = tuple[flint.fmpq_mpoly, flint.fmpq_mpoly]  # (numerator, denominator)


class Decline(Exception):
    """The expression is outside the procedure's fragment (or too big for it)."""


class Ring:
    """ℚ(ζ)[g_1, …, g_n] and its fractions; every result is kept in lowest terms."""

    def __init__(self, n: int, turns: int, seconds: float = 2.0) -> None:
        self.deadline = time.perf_counter() + seconds  # a procedure that runs longer declines
        self.ctx = flint.fmpq_mpoly_ctx.get(tuple(f"g{k}" for k in range(n + 1)), "lex")
        self.turns = turns
        self._gens = self.ctx.gens()
        self._one = self.ctx.constant(1)
        self.modulus = None
        self.relations: list[tuple[int, int, flint.fmpq_mpoly]] = []  # (generator, power, relation)
        if turns:
            coeffs = flint.fmpz_poly.cyclotomic(2 * turns).coeffs()
            z = self._gens[0]
            self.modulus = sum((int(c) * z**k for k, c in enumerate(coeffs) if c), self.ctx.constant(0))
            self._degree = len(coeffs) - 1

    # --- elements -------------------------------------------------------------------------

    def one(self) -> Frac:
        return self._one, self._one

    def const(self, q: Fraction) -> Frac:
        return self.ctx.constant(flint.fmpq(q.numerator, q.denominator)), self._one

    def zeta(self, t: int) -> Frac:
        if not self.turns:
            if t:
                raise Decline("ζ outside its field")
            return self.one()
        return self._gens[0] ** (t % (2 * self.turns)), self._one

    def i(self) -> Frac:
        if not self.turns:
            raise Decline("i outside the field")
        return self.zeta(self.turns // 2)

    def monomial(self, powers: dict[int, int]) -> Frac:
        """Π g_k^e_k, negative exponents in the denominator."""
        num, den = self._one, self._one
        for k, e in powers.items():
            if e > 0:
                num = num * self._gens[k + 1] ** e
            elif e < 0:
                den = den * self._gens[k + 1] ** (-e)
        return num, den

    # --- arithmetic -----------------------------------------------------------------------

    def relate(self, k: int, power: int, value: Frac) -> None:
        """Generator ``k`` satisfies ``g_k**power = value`` (a root of ``value``)."""
        g = self._gens[k + 1]
        self.relations.append((k + 1, power, value[1] * g**power - value[0]))

    def reduce(self, p: flint.fmpq_mpoly) -> flint.fmpq_mpoly:
        """``p`` modulo Φ_{2N}(ζ) and the root relations: equal in value, canonical in ζ alone."""
        for _ in range(4):
            before = p
            if self.modulus is not None and p.degrees()[0] >= self._degree:
                p = divmod(p, self.modulus)[1]
            for k, power, rel in self.relations:
                if p.degrees()[k] >= power:
                    p = divmod(p, rel)[1]
            if p == before:
                break
        return p

    def _norm(self, num: flint.fmpq_mpoly, den: flint.fmpq_mpoly) -> Frac:
        if len(num) > MAX_TERMS or len(den) > MAX_TERMS:
            raise Decline("too many terms")
        if time.perf_counter() > self.deadline:
            raise Decline("out of time")
        num, den = self.reduce(num), self.reduce(den)
        if num.is_zero():
            return num, self._one
        if not den.is_constant():
            g = num.gcd(den)
            if not g.is_constant():
                num, den = num / g, den / g
        if den.is_constant():
            return num * (1 / den.leading_coefficient()), self._one
        return num, den

    def add(self, a: Frac, b: Frac) -> Frac:
        if a[1] == b[1]:
            return self._norm(a[0] + b[0], a[1])
        g = a[1].gcd(b[1])
        return self._norm(a[0] * (b[1] / g) + b[0] * (a[1] / g), a[1] * (b[1] / g))

    def neg(self, a: Frac) -> Frac:
        return -a[0], a[1]

    def scale(self, a: Frac, q: Fraction) -> Frac:
        return a[0] * flint.fmpq(q.numerator, q.denominator), a[1]

    def mul(self, a: Frac, b: Frac) -> Frac:
        return self._norm(a[0] * b[0], a[1] * b[1])

    def pow(self, a: Frac, k: int) -> Frac:
        num, den = a
        if k < 0:
            if self.reduce(num).is_zero():
                raise Decline("division by zero")
            num, den, k = den, num, -k
        for p in (num, den):
            if len(p) > 1 and math.comb(len(p) - 1 + k, k) > MAX_TERMS:
                raise Decline("too many terms")
        return self._norm(num**k, den**k)

    # --- questions ------------------------------------------------------------------------

    @staticmethod
    def is_number(p: flint.fmpq_mpoly) -> bool:
        """No generator but ζ."""
        return all(d <= 0 for d in p.degrees()[1:])

    def rational(self, a: Frac) -> Fraction | None:
        """The value as a rational number, when it is one."""
        num, den = self.reduce(a[0]), self.reduce(a[1])
        if not (num.is_constant() and den.is_constant()):
            return None
        q = (num.leading_coefficient() if not num.is_zero() else flint.fmpq(0)) / den.leading_coefficient()
        return Fraction(int(q.p), int(q.q))
