"""The claim index on disk: each module's claims, reused while the module's content hash is unchanged.

``derive list`` and argument validation read this index instead of importing every claim module.
A module's hash covers its file, the private helpers beside it (``_*.py``) and the declaration code
of the engine, so a change to any of them re-imports it (in a child, as always).
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

from checker.model import Source, Verdict
from checker.refs import ClaimRef, ModuleRef

FORMAT = 2
_ENGINE_FILES = ("declare.py", "model.py", "refs.py", "registry.py")


def index_file() -> Path:
    return Path(os.environ.get("DERIVE_CACHE_DIR", ".derive_cache")) / "index.json"


def _engine_digest() -> bytes:
    here = Path(__file__).resolve().parent
    h = hashlib.sha256()
    for name in _ENGINE_FILES:
        h.update((here / name).read_bytes())
    return h.digest()


def module_hash(ref: ModuleRef) -> str | None:
    """Content hash of a file-backed module and its helpers; ``None`` when it cannot be hashed (always import)."""
    if ref.kind not in ("builtin", "file"):
        return None
    path = Path(ref.where)
    try:
        h = hashlib.sha256(_engine_digest())
        h.update(path.read_bytes())
        for helper in sorted(path.parent.glob("_*.py")):
            h.update(helper.name.encode())
            h.update(helper.read_bytes())
    except OSError:
        return None
    return h.hexdigest()


def ref_to_json(r: ClaimRef) -> dict[str, Any]:
    return {
        "id": r.id, "title": r.title, "source": [r.source.file, r.source.quote, r.source.path, r.source.role, r.source.title], "statement": r.statement,
        "expect": r.expect.value, "uses": list(r.uses), "erratum": r.erratum, "origin": r.origin,
        "module": [r.module.kind, r.module.name, r.module.where], "steps": r.steps, "numeric": r.numeric,
        "perturbations": list(r.perturbations),
    }


def _strs(value: Any, n: int | None = None) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value) or (n is not None and len(value) != n):
        raise ValueError("not a list of strings")
    return value


def ref_from_json(d: Any) -> ClaimRef:
    """A ref read back; ``ValueError`` for anything malformed (the module is then re-imported)."""
    if not isinstance(d, dict):
        raise ValueError("not an object")
    text = {k: d[k] for k in ("id", "title", "statement", "origin")}
    if not all(isinstance(v, str) for v in text.values()) or not (d["erratum"] is None or isinstance(d["erratum"], str)):
        raise ValueError("bad text field")
    if not all(isinstance(d[k], int) and not isinstance(d[k], bool) for k in ("steps", "numeric")):
        raise ValueError("bad count")
    file, quote, path, role, title = _strs(d["source"], 5)
    kind, name, where = _strs(d["module"], 3)
    return ClaimRef(
        id=text["id"], title=text["title"], source=Source(file, quote, path, role, title), statement=text["statement"],
        expect=Verdict(d["expect"]), uses=tuple(_strs(d["uses"])), erratum=d["erratum"], origin=text["origin"],
        module=ModuleRef(kind, name, where), steps=d["steps"], numeric=d["numeric"],
        perturbations=tuple(_strs(d["perturbations"])),
    )


def read() -> dict[str, tuple[str, list[ClaimRef]]]:
    """``{module where: (hash, refs)}``; empty when missing or corrupt."""
    try:
        data = json.loads(index_file().read_text(encoding="utf-8"))
        if data.get("format") != FORMAT:
            return {}
        out = {}
        for where, entry in data["modules"].items():
            try:
                out[where] = (str(entry["hash"]), [ref_from_json(r) for r in entry["refs"]])
            except (KeyError, TypeError, ValueError):
                continue  # this module is simply re-imported
        return out
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}


def write(entries: dict[str, tuple[str, list[ClaimRef]]]) -> None:
    """Merge ``entries`` into the index file; a cache directory that cannot be written is skipped."""
    from checker.files import atomic_write

    merged = read()
    merged.update(entries)
    doc = {"format": FORMAT, "modules": {w: {"hash": h, "refs": [ref_to_json(r) for r in refs]} for w, (h, refs) in merged.items()}}
    try:
        index_file().parent.mkdir(parents=True, exist_ok=True)
        atomic_write(index_file(), json.dumps(doc, ensure_ascii=False))
    except Exception:  # noqa: BLE001 - the index only saves time
        return
