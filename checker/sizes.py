"""Symbolic sizes in the probe: a step about ``n`` terms or ``n×m`` matrices, checked at small concrete sizes.

A step is *sized* when it has ``Indexed`` entries (``z[i]`` of an ``IndexedBase``) or ``MatrixSymbol``
operands. The probe then draws each size symbol (a symbol in a ``Sum``/``Product`` limit or in a
matrix shape) as a small integer honouring its assumptions and domain (at most ``SMALL`` above its
lower end), writes every sum and product with integer limits out term by term (Karr's convention,
as SymPy's ``doit``), and gives every entry that then appears (``z[3]``, ``A[0, 1]``) a fresh sampled
exact value of its own. A counterexample thus names the sizes and the entries used.
"""

from __future__ import annotations

import operator
import random
from collections.abc import Mapping
from dataclasses import dataclass
from functools import reduce
from typing import Any

import sympy
from sympy import (
    BlockDiagMatrix,
    BlockMatrix,
    Indexed,
    MatAdd,
    MatMul,
    MatPow,
    MatrixExpr,
    MatrixSymbol,
    Product,
    Sum,
    Symbol,
    Transpose,
)

from checker import sampling
from checker.model import Counterexample
from checker.obligation import Obligation

__all__ = [
    "MAX_TERMS", "SMALL", "SMALL_MATRIX", "Instance", "domain", "instantiate", "is_sized", "shape_symbols",
    "size_symbols", "symbols",
]

SMALL = 6  # a size is drawn from [low, low + SMALL]
SMALL_MATRIX = 3  # a matrix dimension from [low, low + SMALL_MATRIX]
MAX_TERMS = 4000  # a sum written out with more terms than this is left as it is (the probe then declines)


def _atoms(ob: Obligation) -> list[sympy.Basic]:
    out: list[sympy.Basic] = []
    for side in (ob.lhs, ob.rhs):
        out += list(side) if isinstance(side, sympy.MatrixBase) else [side] if isinstance(side, sympy.Basic) else []
    return out


def is_sized(ob: Obligation) -> bool:
    """Whether the step has indexed entries or matrix symbols (the probe must instantiate it)."""
    return any(e.has(Indexed, MatrixSymbol) for e in _atoms(ob))


def size_symbols(ob: Obligation) -> set[Symbol]:
    """Plain symbols that fix a size: in a sum's or product's limits, or in a matrix symbol's shape."""
    out: set[Symbol] = set()
    for e in _atoms(ob):
        for s in e.atoms(Sum, Product):
            for lim in s.limits:
                out |= {x for b in lim[1:] for x in sympy.sympify(b).free_symbols if type(x) is Symbol}
        for m in e.atoms(MatrixSymbol):
            out |= {x for b in m.shape for x in sympy.sympify(b).free_symbols if type(x) is Symbol}
    return out


def shape_symbols(ob: Obligation) -> set[Symbol]:
    """Size symbols of matrix shapes (``MatrixSymbol.free_symbols`` leaves them out)."""
    out: set[Symbol] = set()
    for e in _atoms(ob):
        for m in e.atoms(MatrixSymbol):
            out |= {x for b in m.shape for x in sympy.sympify(b).free_symbols if type(x) is Symbol}
    return out


def symbols(ob: Obligation, free: set[Symbol]) -> set[Symbol]:
    """The symbols to draw: ``free`` with the matrix shapes' sizes, without the labels of indexed bases."""
    labels = {a.base.label for e in _atoms(ob) for a in e.atoms(Indexed)}
    return (free | shape_symbols(ob)) - labels


def domain(ob: Obligation) -> dict[Symbol, tuple[Any, Any]]:
    """``ob.domain`` with each size symbol's numeric range cut to ``[low, low + SMALL]``
    (``[low, low + SMALL_MATRIX]`` for a matrix dimension)."""
    out = dict(ob.domain)
    shapes = shape_symbols(ob)
    for s in size_symbols(ob):
        span = SMALL_MATRIX if s in shapes else SMALL
        lo, hi = ob.domain.get(s, sampling.default_bounds(s))
        lo, hi = sympy.sympify(lo, strict=True), sympy.sympify(hi, strict=True)
        if lo.is_number and hi.is_number and not lo.is_infinite:
            out[s] = (lo, hi if (not hi.is_infinite and hi <= lo + span) else lo + span)
    return out


def _write_out(e: Any) -> Any:
    """Sums and products with integer limits as explicit terms, outermost first (inner limits may use
    an outer index); Karr's convention when the upper limit is below the lower one."""
    if not isinstance(e, sympy.Basic) or not e.args:
        return e
    if isinstance(e, (Sum, Product)):
        (i, lo, hi), rest = e.limits[-1], e.limits[:-1]
        body = type(e)(e.function, *rest) if rest else e.function
        if lo.is_Integer and hi.is_Integer and abs(int(hi) - int(lo)) <= MAX_TERMS:
            a, b = int(lo), int(hi)
            flip = b < a - 1
            if flip:
                a, b = b + 1, a - 1
            op = sympy.Add if isinstance(e, Sum) else sympy.Mul
            total = op(*[_write_out(body.xreplace({i: sympy.Integer(k)})) for k in range(a, b + 1)])
            return (-total if op is sympy.Add else 1 / total) if flip else total
        return e
    args = [_write_out(a) for a in e.args]
    return e.func(*args) if any(x is not y for x, y in zip(args, e.args, strict=True)) else e


def _entry_symbol(name: str, like: sympy.Basic | None) -> Symbol:
    f = {k: v for k, v in (like.assumptions0 if like is not None else {"real": True}).items() if v is not None}
    f.pop("commutative", None)
    return Symbol(name, **(f or {"real": True}))


def _evaluate(e: Any, subs: Mapping[MatrixSymbol, sympy.ImmutableMatrix]) -> Any:
    """An explicit matrix, operation by operation (SymPy's ``as_explicit`` goes through ``Sum`` per entry)."""
    if isinstance(e, sympy.MatrixBase):  # explicit, but its entries may be entries or traces of matrix symbols
        return sympy.ImmutableMatrix(e).applyfunc(lambda x: _scalars(x, subs))
    if isinstance(e, MatrixSymbol):
        return subs[e]
    if isinstance(e, MatMul):
        return reduce(operator.mul, [_evaluate(a, subs) if isinstance(a, MatrixExpr) else a for a in e.args])
    if isinstance(e, MatAdd):
        return reduce(operator.add, [_evaluate(a, subs) for a in e.args])
    if isinstance(e, Transpose):
        return _evaluate(e.arg, subs).T
    if isinstance(e, MatPow) and e.exp.is_Integer and e.exp >= 0:
        return _evaluate(e.base, subs) ** int(e.exp)
    if isinstance(e, BlockDiagMatrix):
        return sympy.ImmutableMatrix(sympy.diag(*[_evaluate(b, subs) for b in e.diag]))
    if isinstance(e, BlockMatrix):
        rows = [sympy.Matrix.hstack(*[_evaluate(b, subs) for b in row]) for row in e.blocks.tolist()]
        return sympy.ImmutableMatrix(sympy.Matrix.vstack(*rows))
    return sympy.ImmutableMatrix(e.xreplace(dict(subs)).as_explicit())


def _scalar(e: Any, subs: Mapping[MatrixSymbol, sympy.ImmutableMatrix]) -> Any:
    """A scalar of matrices: traces and entries of explicit matrices (a determinant of symbolic
    entries grows too fast: it is left as it is, and the probe declines it)."""
    if isinstance(e, sympy.Trace):
        return _evaluate(e.arg, subs).trace()
    i, j = e.i, e.j
    return _evaluate(e.parent, subs)[int(i), int(j)]


_KINDS = (sympy.Trace, sympy.matrices.expressions.matexpr.MatrixElement)


def _scalars(e: Any, subs: Mapping[MatrixSymbol, sympy.ImmutableMatrix]) -> Any:
    if not isinstance(e, sympy.Basic) or not e.has(MatrixSymbol):
        return e
    return e.replace(lambda x: isinstance(x, _KINDS), lambda x: _scalar(x, subs))


def _explicit(e: Any, entries: dict[sympy.Basic, Symbol]) -> Any:
    """A matrix expression with concrete shapes as an explicit matrix of entry symbols; in a scalar,
    its traces and entries as expressions in those."""
    if not isinstance(e, sympy.Basic | sympy.MatrixBase) or not e.has(MatrixSymbol):
        return e
    subs = {}
    for m in e.atoms(MatrixSymbol):
        rows, cols = (int(x) for x in m.shape)
        syms = [[entries.setdefault(m[r, c], _entry_symbol(f"{m.name}[{r}, {c}]", None)) for c in range(cols)]
                for r in range(rows)]
        subs[m] = sympy.ImmutableMatrix(rows, cols, [x for row in syms for x in row])
    if isinstance(e, MatrixExpr | sympy.MatrixBase):
        return _evaluate(e, subs)
    return _scalars(e, subs)


@dataclass(frozen=True)
class Instance:
    """The step at concrete sizes: an explicit obligation and the point (sizes, entries) to judge it at."""

    obligation: Obligation | None
    point: dict[Symbol, Any]
    mismatch: Counterexample | None = None  # the two sides have different shapes at these sizes


def instantiate(ob: Obligation, point: Mapping[Symbol, Any], rng: random.Random) -> Instance:
    """``ob`` at ``point``'s sizes, entries drawn afresh; ``obligation=None`` when it cannot be written out."""
    sizes = {s: v for s, v in point.items() if s in size_symbols(ob) or s in shape_symbols(ob)}
    entries: dict[sympy.Basic, Symbol] = {}
    sides = []
    for side in (ob.lhs, ob.rhs):
        try:
            at = side.xreplace(sizes) if isinstance(side, sympy.Basic) else side
            at = _explicit(at, entries)
        except (ValueError, TypeError, sympy.ShapeError, IndexError):
            return Instance(None, dict(point))
        if isinstance(at, sympy.MatrixBase):
            at = at.applyfunc(_write_out)
        else:
            at = _write_out(at)
        sides.append(at)
    lhs, rhs = sides
    labels = sampling.labels(sizes)
    shapes = [x.shape if isinstance(x, sympy.MatrixBase) else () for x in sides]
    if shapes[0] != shapes[1]:
        values = {labels[s]: str(v) for s, v in sizes.items()}
        return Instance(None, dict(point), Counterexample(values, f"shape {shapes[0]}", f"shape {shapes[1]}", 0))
    for x in sides:
        for item in (list(x) if isinstance(x, sympy.MatrixBase) else [x]):
            for a in sympy.sympify(item).atoms(Indexed):
                if a.free_symbols - {a, a.base.label} or a.has(Sum, Product):
                    return Instance(None, dict(point))  # an index still symbolic: not written out
                entries.setdefault(a, _entry_symbol(str(a), a))
    out = dict(point)
    for s in sorted(set(entries.values()), key=lambda s: s.name):
        value = sampling.draw([s], {}, rng)
        if value is None:
            return Instance(None, dict(point))
        out[s] = value[s]
    swap = {k: v for k, v in entries.items() if isinstance(k, Indexed)}
    lhs, rhs = (x.xreplace(swap) if isinstance(x, sympy.Basic) else x for x in (lhs, rhs))
    return Instance(Obligation(lhs, ob.rel, rhs, ob.domain), out)
