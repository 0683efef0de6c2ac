"""Rewrites of sums with symbolic limits, and the names an author cites in ``by=`` to try one first.

Every rule is an identity of SymPy's ``Sum`` in Karr's convention (``Σ_{i=a}^{b} = F(b+1) − F(a)``),
so it holds for *every* value of the limits, including empty and reversed ranges:

- **linearity**: ``Σ(f + g) = Σf + Σg`` and ``Σ c·f = c·Σf`` (c free of the index);
- **pull factor out**: ``Σ c·f = c·Σf`` only (``e^{z_i + c} = e^c·e^{z_i}`` first);
- **split range**: ``Σ_{a}^{b} f = f(a) + … + f(a+k−1) + Σ_{a+k}^{b} f`` (and at the top), peeling
  the terms that keep two sums' ranges apart;
- **shift index**: ``Σ_{i=a}^{b} f(i) = Σ_{i=0}^{b−a} f(i+a)``.

After a rule, ``termwise`` merges sums over the same range (``sum_simplify``) and closes the merged
summand with the caller's strategies (the complete procedures included): a summand that is zero
for every index value makes the sum zero (likewise two products over one range with equal factors). A summand that a rewrite turns free of the index becomes
``count × summand``.
"""

from __future__ import annotations

from collections.abc import Callable

import sympy
from sympy import Add, Product, Sum
from sympy.simplify.simplify import sum_simplify

__all__ = ["HINTS", "RULES", "preferred", "termwise"]

Closer = Callable[[sympy.Expr], bool]  # whether an expression is identically zero (the caller's strategies)
_PEEL = 20  # at most this many terms are peeled off one end of a range
_SUMMAND_REWRITES = (sympy.expand, sympy.trigsimp, sympy.simplify)


def _single(s: Sum) -> bool:
    return len(s.limits) == 1 and len(s.limits[0]) == 3


def _map_sums(e: sympy.Expr, rule: Callable[[Sum], sympy.Expr]) -> sympy.Expr:
    return e.replace(lambda n: isinstance(n, Sum) and _single(n), rule)


def _pull(s: Sum) -> sympy.Expr:
    (i, a, b), f = s.limits[0], sympy.expand(s.function)
    out = []
    for term in Add.make_args(f):
        c, rest = term.as_independent(i, as_Add=False)
        out.append(c * (b - a + 1) if rest == 1 else c * Sum(rest, (i, a, b)))
    return Add(*out)


def pull_factor(e: sympy.Expr) -> sympy.Expr:
    """``Σ c·f = c·Σf`` for every sum whose (expanded) summand is one product."""
    return _map_sums(e, lambda s: _pull(s) if not isinstance(sympy.expand(s.function), Add) else s)


def linearity(e: sympy.Expr) -> sympy.Expr:
    """``Σ(f + g) = Σf + Σg`` and ``Σ c·f = c·Σf``."""
    return _map_sums(e, _pull)


def shift_index(e: sympy.Expr) -> sympy.Expr:
    """Every sum reindexed to start at 0, over one fresh integer index (the old index's sign assumptions
    need not hold on the new range, so they are not carried over)."""
    j = sympy.Dummy("j", integer=True)

    def shift(s: Sum) -> sympy.Expr:
        (i, a, b), f = s.limits[0], s.function
        return Sum(f.xreplace({i: j + a}), (j, 0, b - a))

    return _map_sums(e, shift)


def _peel(s: Sum, low: int, high: int) -> sympy.Expr:
    """``s`` with ``low`` terms taken off the bottom and ``high`` off the top (Karr: valid for any limits)."""
    (i, a, b), f = s.limits[0], s.function
    terms = [f.xreplace({i: a + k}) for k in range(low)] + [f.xreplace({i: b - k}) for k in range(high)]
    return Add(*terms, Sum(f, (i, a + low, b - high)))


def split_range(e: sympy.Expr) -> sympy.Expr:
    """Peel terms off the ends of sums so that sums whose ranges differ by a few terms share one range."""
    sums = [s for s in e.atoms(Sum) if _single(s)]
    if len(sums) < 2:
        return e
    los = [s.limits[0][1] for s in sums]
    his = [s.limits[0][2] for s in sums]

    def offset(x: sympy.Expr, ends: list[sympy.Expr], sign: int) -> int:
        ks = [int(sign * (y - x)) for y in ends if (y - x).is_Integer]
        return max([k for k in ks if 0 < k <= _PEEL], default=0)

    swap = {s: _peel(s, offset(s.limits[0][1], los, 1), offset(s.limits[0][2], his, -1)) for s in sums}
    return e.xreplace(swap)


def _constant_summands(e: sympy.Expr, close: Closer) -> sympy.Expr:
    """A sum whose summand some rewrite makes free of the index: count × summand."""

    def fold(s: Sum) -> sympy.Expr:
        (i, a, b), f = s.limits[0], s.function
        for rewrite in _SUMMAND_REWRITES:
            try:
                g = rewrite(f)
            except Exception:  # noqa: BLE001 - a rewrite that breaks just does not apply
                continue
            if i not in g.free_symbols and g.free_symbols <= f.free_symbols:
                return g * (b - a + 1)
        return s

    return _map_sums(e, fold)


def _products_agree(e: sympy.Expr, close: Closer) -> bool:
    """``Π f − Π g`` over one range, with ``f − g`` closing: equal factors, equal products."""
    terms = Add.make_args(e)
    if len(terms) != 2:
        return False
    (c1, p), (c2, q) = (t.as_coeff_Mul() for t in terms)
    same = isinstance(p, Product) and isinstance(q, Product) and p.limits == q.limits
    return same and c1 == -c2 and close(p.function - q.function)


def termwise(e: sympy.Expr, close: Closer) -> sympy.Expr:
    """``e`` with sums over one range merged; 0 when the merged summand closes (``close``), or when
    ``e`` is the difference of two products over one range whose factors close."""
    if e.has(Product) and _products_agree(e, close):
        return sympy.Integer(0)
    merged = sum_simplify(sympy.expand(e))
    if merged == 0:
        return merged
    if isinstance(merged, Sum):
        return sympy.Integer(0) if close(merged.function) else merged
    folded = sympy.expand(_constant_summands(merged, close))
    return folded if folded == 0 else merged


Rule = Callable[[sympy.Expr], sympy.Expr]
RULES: dict[str, Rule] = {
    "linearity": linearity,
    "pull factor out": pull_factor,
    "split range": split_range,
    "shift index": shift_index,
}
HINTS: dict[str, tuple[str, ...]] = {  # words in a step's ``by=`` that name a rule
    "linearity": ("linearity", "linear"),
    "pull factor out": ("pull factor", "pull out", "pulling a factor", "factor out"),
    "split range": ("split range", "splitting the range", "split the range", "split the sum", "peel"),
    "shift index": ("shift index", "shifting the index", "shift the index", "reindex", "index shift"),
}


def preferred(by: str, strategies: tuple[str, ...]) -> tuple[str, ...]:
    """``strategies`` with the rules that ``by`` names moved to the front."""
    text = by.lower()
    named = [r for r, words in HINTS.items() if r in strategies and any(w in text for w in words)]
    return (*named, *(s for s in strategies if s not in named))
