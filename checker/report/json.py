"""JSON reporter: ``{"claims": [...], "summary": {...}}``, strict JSON (RFC 8259) whatever the numbers.

Strict parsers reject ``NaN`` and ``Infinity``, so a non-finite float never reaches the output:

- as a dict value under key ``K``: ``K`` becomes ``null`` and ``K_nonfinite`` (inserted right after it)
  says which, ``"nan"``, ``"inf"`` or ``"-inf"``; e.g. ``"max_error": null, "max_error_nonfinite": "nan"``;
- in a list: ``null`` (a list has no room for the flag).

A lone surrogate in a string is written as its ``\\udXXX`` escape, so the text is always valid UTF-8.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping, Sequence
from typing import Any

from checker.model import ClaimResult

NONFINITE_SUFFIX = "_nonfinite"
_SURROGATE = re.compile("[\ud800-\udfff]")


def _nonfinite(x: Any) -> str | None:
    """``"nan"``, ``"inf"`` or ``"-inf"`` for a non-finite float, else None."""
    if not isinstance(x, float) or math.isfinite(x):
        return None
    return "nan" if math.isnan(x) else ("inf" if x > 0 else "-inf")


def sanitize(obj: Any) -> Any:
    """A copy of ``obj`` (dicts, lists, tuples, scalars) with every non-finite float replaced as described above."""
    if isinstance(obj, Mapping):
        out: dict[Any, Any] = {}
        for k, v in obj.items():
            flag = _nonfinite(v)
            if flag is None:
                out[k] = sanitize(v)
            else:
                out[k] = None
                out[f"{k}{NONFINITE_SUFFIX}"] = flag
        return out
    if isinstance(obj, (list, tuple)):
        return [None if _nonfinite(v) else sanitize(v) for v in obj]
    return None if _nonfinite(obj) else obj


def dumps(obj: Any, indent: int | None = 2) -> str:
    """Strict JSON text of ``obj`` (sanitized first); ``allow_nan=False`` guards the rule."""
    text = json.dumps(sanitize(obj), ensure_ascii=False, indent=indent, allow_nan=False)
    return _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def summary(results: Sequence[ClaimResult]) -> dict[str, Any]:
    counts: dict[str, int] = {}
    for r in results:
        counts[r.status.value] = counts.get(r.status.value, 0) + 1
    return {
        "total": len(results),
        "ok": sum(r.ok for r in results),
        "failed": sum(not r.ok for r in results),
        "by_status": counts,
        "seconds": round(sum(r.seconds for r in results), 3),
    }


def render(results: Sequence[ClaimResult], **extra: Any) -> str:
    doc = {"claims": [r.to_json() for r in results], "summary": summary(results), **extra}
    return dumps(doc)
