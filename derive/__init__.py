"""derive: checked derivations for the mathematics of Transformers.

``import derive`` is the public API; the engine lives in ``checker`` (imported lazily, so that
``import derive`` costs nothing until a name is used).
"""

from __future__ import annotations

from typing import Any

import checker

__all__ = list(checker.__all__)


def __getattr__(name: str) -> Any:
    if name in checker.__all__:
        return getattr(checker, name)
    raise AttributeError(f"module 'derive' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)
