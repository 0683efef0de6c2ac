"""Identities between matrix expressions (``MatrixSymbol`` products, transposes, block matrices).

The scalar strategies and the complete procedures do not apply to a ``MatrixExpr``: SymPy's own
matrix-expression algebra closes the step instead, when the difference becomes the zero matrix as
written (SymPy flattens products and applies ``(AB)ᵀ = BᵀAᵀ`` on construction), after ``doit``,
after ``expand``, after ``block_collapse`` (block-diagonal products) or after ``simplify``. Each is an
identity of matrices of every size. The probe (``checker.sizes``) checks the step at small concrete
sizes with random exact entries, which is also where a false identity is refuted.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import sympy
from sympy import BlockMatrix, MatrixExpr, ZeroMatrix, block_collapse

__all__ = ["REWRITES", "as_expression", "close", "involved", "is_matrix_expr", "is_zero_matrix"]


def is_matrix_expr(e: Any) -> bool:
    """A symbolic matrix expression (not an explicit ``Matrix``)."""
    return isinstance(e, MatrixExpr) and not isinstance(e, sympy.MatrixBase)


def is_zero_matrix(e: Any) -> bool:
    """The zero matrix, as a ``ZeroMatrix``, a block matrix of zero blocks or an explicit zero matrix."""
    if isinstance(e, ZeroMatrix) or (isinstance(e, sympy.Expr) and e == 0):
        return True
    if isinstance(e, BlockMatrix):
        return all(is_zero_matrix(b) for b in e.blocks)
    if isinstance(e, sympy.MatrixBase):
        return all(is_zero_matrix(x) for x in e)
    return False


def involved(lhs: Any, rhs: Any) -> bool:
    """Whether a step is between matrix expressions (one side may be an explicit matrix)."""
    return is_matrix_expr(lhs) or is_matrix_expr(rhs)


def as_expression(side: Any) -> Any:
    """An explicit side as an ``ImmutableMatrix`` (itself a matrix expression)."""
    return sympy.ImmutableMatrix(side) if isinstance(side, sympy.MatrixBase) else side


def _entries_zero(e: Any) -> Any:
    """The difference entry by entry, when its shape is numeric (``A[0, 1]``-style entries, expanded)."""
    if not all(sympy.sympify(x).is_Integer for x in e.shape):
        return e
    return sympy.ImmutableMatrix(e.as_explicit()).applyfunc(sympy.expand)


REWRITES: tuple[tuple[str, Callable[[Any], Any]], ...] = (
    ("matrix algebra", lambda e: e),
    ("matrix doit", lambda e: e.doit()),
    ("matrix expand", lambda e: e.expand().doit()),
    ("block collapse", lambda e: block_collapse(e)),
    ("block collapse + expand", lambda e: block_collapse(e.expand()).doit()),
    ("matrix simplify", lambda e: sympy.simplify(e.doit())),
    ("matrix entries", _entries_zero),
)


def close(diff: Any, rel: str) -> str | None:
    """The name of the first rewrite that turns ``diff`` into the zero matrix ("=" only), else ``None``."""
    if rel != "=":
        return None
    for name, rewrite in REWRITES:
        try:
            form = rewrite(diff)
        except (RecursionError, Exception):  # noqa: BLE001 - a rewrite that breaks just does not close the step
            continue
        if is_zero_matrix(form):
            return name
    return None
