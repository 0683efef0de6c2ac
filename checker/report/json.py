"""JSON reporter: ``{"claims": [...], "summary": {...}}``."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from checker.model import ClaimResult


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
    return json.dumps(doc, ensure_ascii=False, indent=2)
