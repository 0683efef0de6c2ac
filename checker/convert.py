"""An expression as an exact fraction over ℚ(ζ) in formal generators (see ``checker.procedures``).

Pass 1 (``Scan``) finds every generator; pass 2 (``Convert``) does the arithmetic in a ``Ring`` built
for them, differentiating exactly where the expression holds a ``Derivative``.
"""

from __future__ import annotations

import math
from fractions import Fraction

import sympy
from sympy import Add, Mul, Pow, S

from checker.laurent import Decline, Frac, Ring
from checker.normal import is_node as _is
from checker.normal import log_of, positive

__all__ = ["Convert", "Scan"]

_TRIG = (sympy.sin, sympy.cos, sympy.tan, sympy.cot, sympy.sec, sympy.csc)
_HYP = (sympy.sinh, sympy.cosh, sympy.tanh, sympy.coth, sympy.sech, sympy.csch)
_BAD = (S.NaN, S.ComplexInfinity, S.Infinity, S.NegativeInfinity)
_MAX_ROOT = 64  # b**(p/q) with a bigger q stays an opaque atom
_MAX_SCALE = 10**6  # exp(c·u) with a bigger denominator of c declines


def _linear(z: sympy.Expr) -> dict[sympy.Expr, tuple[Fraction, Fraction]]:
    """``z`` as ``Σ (a_k + i b_k)·u_k`` with rational a_k, b_k; ``u = 1`` for the constant."""
    form: dict[sympy.Expr, tuple[Fraction, Fraction]] = {}
    for term in Add.make_args(sympy.expand(z, power_base=False, power_exp=False, log=False)):
        c, rest = term.as_coeff_Mul()
        if not c.is_Rational:
            raise Decline("a coefficient that is not rational")
        factors = Mul.make_args(rest)
        im = S.ImaginaryUnit in factors
        key = Mul(*[f for f in factors if f is not S.ImaginaryUnit])
        re0, im0 = form.get(key, (Fraction(0), Fraction(0)))
        q = Fraction(int(c.p), int(c.q))
        form[key] = (re0, im0 + q) if im else (re0 + q, im0)
    return {k: v for k, v in form.items() if v != (0, 0)}


class Scan:
    """Pass 1: every generator the expression needs (the ring must be fixed before arithmetic)."""

    def __init__(self) -> None:
        self.atoms: dict[sympy.Expr, None] = {}
        self.roots: dict[sympy.Expr, int] = {}
        self.forms: dict[sympy.Expr, dict[sympy.Expr, tuple[Fraction, Fraction]]] = {}
        self.scale: dict[tuple[sympy.Expr, int], int] = {}
        self.turns = 2
        self.uses_i = False
        self._seen: set[sympy.Basic] = set()

    def form(self, z: sympy.Expr) -> None:
        if z in self.forms:
            return
        f = self.forms[z] = _linear(z)
        for key, (a, b) in f.items():
            if key is S.Pi and b:
                self.turns = math.lcm(self.turns, b.denominator)
                self.uses_i = True
                a, b = a, Fraction(0)
            for part, c in ((0, a), (1, b)):
                if c:
                    self.scale[(key, part)] = math.lcm(self.scale.get((key, part), 1), c.denominator)
                    if self.scale[(key, part)] > _MAX_SCALE:
                        raise Decline("an exponent with a huge denominator")
            if key.free_symbols:
                self.walk(key)  # its generators, for derivatives of exp(c·key)

    def walk(self, e: sympy.Basic) -> None:
        if e in self._seen:
            return
        self._seen.add(e)
        if any(e is b for b in _BAD) or not isinstance(e, sympy.Expr) or not e.is_commutative:
            raise Decline(f"{type(e).__name__} is outside every procedure")
        if e.is_Rational:
            return
        if e.is_Float:
            raise Decline("an inexact Float")
        if e is S.ImaginaryUnit:
            self.uses_i = True
        elif e is S.Exp1:
            self.form(S.One)
        elif _is(e, Add, Mul):
            for a in e.args:
                self.walk(a)
        elif _is(e, Pow):
            self._pow(e)
        elif _is(e, sympy.exp):
            self.form(e.args[0])
        elif _is(e, *_TRIG):
            self.uses_i = True
            self.form(S.ImaginaryUnit * e.args[0])
        elif _is(e, *_HYP):
            self.form(e.args[0])
        elif _is(e, sympy.Derivative):
            self.walk(e.expr)
        else:
            if _is(e, sympy.log):
                self.walk(e.args[0])  # for its derivative
            self.atoms[e] = None  # a symbol, pi, or an opaque subexpression

    def _pow(self, e: Pow) -> None:
        b, x = e.args
        if x.is_Integer:
            self.walk(b)
        elif x.is_Rational and x.q <= _MAX_ROOT:
            self.roots[b] = math.lcm(self.roots.get(b, 1), int(x.q))
            self.walk(b)
        elif positive(b):
            self.form(x * log_of(b))  # b**x = exp(x·log b), exactly, for b > 0
        else:
            self.atoms[e] = None


class Convert:
    """Pass 2: the expression as a fraction of ``Ring`` polynomials."""

    def __init__(self, scan: Scan) -> None:
        self.scan = scan
        names = [("root", b) for b in scan.roots] + list(scan.atoms) + list(scan.scale)  # roots first: lex
        self.ring = Ring(len(names), scan.turns if scan.uses_i else 0)
        self.index = {n: k for k, n in enumerate(names)}
        self.side: list[sympy.Expr] = []
        self._memo: dict[sympy.Basic, Frac] = {}
        self._related: set[sympy.Expr] = set()
        self._names = names
        self._slopes: dict[tuple[int, sympy.Symbol], Frac] = {}

    def gen(self, name: object, power: int = 1) -> Frac:
        return self.ring.monomial({self.index[name]: power})

    def exp_of(self, z: sympy.Expr) -> Frac:
        powers: dict[int, int] = {}
        turns = 0
        for key, (a, b) in self.scan.forms[z].items():
            if key is S.Pi and b:
                turns, b = int(b * self.scan.turns), Fraction(0)
            for part, c in ((0, a), (1, b)):
                if c:
                    k = self.index[(key, part)]
                    powers[k] = powers.get(k, 0) + int(c * self.scan.scale[(key, part)])
        return self.ring.mul(self.ring.monomial(powers), self.ring.zeta(turns))

    def __call__(self, e: sympy.Expr) -> Frac:
        hit = self._memo.get(e)
        if hit is None:
            hit = self._memo[e] = self._convert(e)
        return hit

    def _convert(self, e: sympy.Expr) -> Frac:
        r = self.ring
        if e.is_Rational:
            return r.const(Fraction(int(e.p), int(e.q)))
        if e is S.ImaginaryUnit:
            return r.i()
        if e is S.Exp1:
            return self.exp_of(S.One)
        if _is(e, Add):
            out = self(e.args[0])
            for a in e.args[1:]:
                out = r.add(out, self(a))
            return out
        if _is(e, Mul):
            out = self(e.args[0])
            for a in e.args[1:]:
                out = r.mul(out, self(a))
            return out
        if _is(e, Pow) and e not in self.index:
            b, x = e.args
            if x.is_Integer:
                if x < 0:
                    self.side.append(b)
                return r.pow(self(b), int(x))
            if x.is_Rational and ("root", b) in self.index:
                if x < 0:
                    self.side.append(b)
                if b not in self._related:
                    self._related.add(b)
                    self.ring.relate(self.index[("root", b)], self.scan.roots[b], self(b))
                return self.gen(("root", b), int(x.p) * (self.scan.roots[b] // int(x.q)))
            return self.exp_of(x * log_of(b))
        if _is(e, sympy.exp):
            return self.exp_of(e.args[0])
        if _is(e, *_TRIG):
            return self._trig(e, self.exp_of(S.ImaginaryUnit * e.args[0]), circular=True)
        if _is(e, *_HYP):
            return self._trig(e, self.exp_of(e.args[0]), circular=False)
        if _is(e, sympy.Derivative):
            out = self(e.expr)
            for v, n in e.variable_count:
                if not (isinstance(v, sympy.Symbol) and n.is_Integer and 0 <= n <= 16):
                    raise Decline("a derivative that is not n-fold in a symbol")
                for _ in range(int(n)):
                    out = self.diff(out, v)
            return out
        return self.gen(e)

    # --- exact derivatives ----------------------------------------------------------------

    def diff(self, f: Frac, v: sympy.Symbol) -> Frac:
        """d f / d v by the quotient rule and the chain rule through every generator."""
        r = self.ring
        num, den = self._diff_poly(f[0], v), self._diff_poly(f[1], v)
        inv_den = (r.one()[0], f[1])
        return r.mul(r.add(num, r.neg(r.mul(f, den))), inv_den)

    def _diff_poly(self, p: object, v: sympy.Symbol) -> Frac:
        r = self.ring
        out = r.const(Fraction(0))
        degrees = p.degrees()  # type: ignore[attr-defined]
        for k, name in enumerate(self._names):
            if degrees[k + 1] > 0:
                slope = self._slope(k, name, v)
                if slope[0].is_zero():
                    continue
                out = r.add(out, r.mul((p.derivative(k + 1), r.one()[1]), slope))  # type: ignore[attr-defined]
        return out

    def _slope(self, k: int, name: object, v: sympy.Symbol) -> Frac:
        """d g_k / d v, as a fraction (cached)."""
        hit = self._slopes.get((k, v))
        if hit is None:
            hit = self._slopes[(k, v)] = self._slope_of(k, name, v)
        return hit

    def _slope_of(self, k: int, name: object, v: sympy.Symbol) -> Frac:
        r = self.ring
        if isinstance(name, sympy.Symbol):
            return r.const(Fraction(int(name == v)))
        if isinstance(name, sympy.Expr):
            if v not in name.free_symbols:
                return r.const(Fraction(0))
            if _is(name, sympy.log):  # (log b)' = b'/b
                b = self(name.args[0])
                return r.mul(self.diff(b, v), r.pow(b, -1))
            raise Decline(f"no exact derivative of {type(name).__name__}")
        first, second = name  # type: ignore[misc]
        g = self.gen(name)
        if first == "root":  # R = b^(1/L): R' = R·b'/(L·b)
            b = self(second)
            return r.mul(g, r.mul(self.diff(b, v), r.pow(r.scale(b, Fraction(self.scan.roots[second])), -1)))
        if v not in first.free_symbols:
            return r.const(Fraction(0))
        # g = exp(c·key), c = 1/d (part 0) or i/d (part 1): g' = c·key'·g
        c = r.const(Fraction(1, self.scan.scale[name]))  # type: ignore[index]
        if second == 1:
            c = r.mul(c, r.i())
        return r.mul(g, r.mul(c, self.diff(self(first), v)))

    def _trig(self, e: sympy.Expr, m: Frac, circular: bool) -> Frac:
        """sin z = (M − 1/M)/(2i), cos z = (M + 1/M)/2 with M = e^{iz}; sinh, cosh with M = e^{z}."""
        r = self.ring
        inv = r.pow(m, -1)
        odd = r.scale(r.add(m, r.neg(inv)), Fraction(1, 2))
        even = r.scale(r.add(m, inv), Fraction(1, 2))
        if circular:
            odd = r.mul(odd, r.neg(r.i()))  # 1/(2i) = −i/2
        f = e.func
        if f in (sympy.sin, sympy.sinh):
            return odd
        if f in (sympy.cos, sympy.cosh):
            return even
        z = e.args[0]
        cos_z, sin_z = (sympy.cos(z), sympy.sin(z)) if circular else (sympy.cosh(z), sympy.sinh(z))
        num, den, below = {
            sympy.tan: (odd, even, cos_z), sympy.tanh: (odd, even, cos_z), sympy.cot: (even, odd, sin_z),
            sympy.coth: (even, odd, sin_z), sympy.sec: (r.one(), even, cos_z), sympy.sech: (r.one(), even, cos_z),
            sympy.csc: (r.one(), odd, sin_z), sympy.csch: (r.one(), odd, sin_z),
        }[f]
        self.side.append(below)
        return r.mul(num, r.pow(den, -1))
