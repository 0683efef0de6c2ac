"""Derivatives as written: unevaluated ``Derivative`` entries, so that the checker differentiates.

``Matrix.jacobian`` and ``Matrix.diff`` differentiate on construction, which turns a step such as
``∂h/∂p = I`` into ``I = I``: true, but it checks nothing (a *trivial* step).
"""

from __future__ import annotations

from sympy import Derivative, Matrix, Symbol


def jacobian(f: Matrix, wrt: Matrix) -> Matrix:
    """∂f/∂wrt, entry (a, b) = Derivative(f_a, wrt_b), not yet taken."""
    return Matrix(len(f), len(wrt), lambda a, b: Derivative(f[a], wrt[b]))


def derivative(m: Matrix, var: Symbol) -> Matrix:
    """∂m/∂var entrywise, not yet taken."""
    return m.applyfunc(lambda e: Derivative(e, var))
