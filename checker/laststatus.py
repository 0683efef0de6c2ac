"""The last verdict of each claim, kept in the cache directory for `derive list`."""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from pathlib import Path

from checker.files import atomic_write
from checker.model import ClaimResult


def cache_dir() -> Path:
    return Path(os.environ.get("DERIVE_CACHE_DIR", ".derive_cache"))


def _file() -> Path:
    return cache_dir() / "last_status.json"


def read() -> dict[str, str]:
    """id → 'proved' / 'refuted' / ... (with '!' when not as declared); empty when unknown."""
    try:
        data = json.loads(_file().read_text())
        return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}
    except (OSError, ValueError):
        return {}


def record(results: Iterable[ClaimResult]) -> None:
    """Merge these results in; a cache directory that cannot be written is skipped silently."""
    merged = read()
    merged.update({r.id: r.status.value + ("" if r.ok else " (!)") for r in results})
    try:
        cache_dir().mkdir(parents=True, exist_ok=True)
        atomic_write(_file(), json.dumps(merged, indent=1, sort_keys=True))
    except Exception:  # noqa: BLE001 - the status file is a convenience, never a failure
        return
