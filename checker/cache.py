"""Proof cache: a step's verdict keyed by a content hash of everything the verdict depends on.

A key covers the exact value of every atom, the code of every user-defined class or function the
step involves, the engine's source and the versions of the libraries it runs on; a step that holds
something the key cannot pin down gets no key (``None``) and is recomputed every time. Entries are
JSON files written atomically (temp file + rename), so parallel workers cannot corrupt them; each is
validated before use (``checker.cache_entry``), and anything unexpected is ignored and recomputed.
Only proved and refuted verdicts are stored: a timeout may go another way on another run.
"""

from __future__ import annotations

import hashlib
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sympy

from checker import cache_entry
from checker.cache_entry import FORMAT
from checker.cache_key import Uncacheable, digest
from checker.files import atomic_write
from checker.model import NumericCheck, NumericResult, Outcome, StepResult, Verdict
from checker.obligation import Obligation

__all__ = ["FORMAT", "ProofCache", "get_numeric", "key", "numeric_key", "put_numeric"]

_NOT_ENGINE = ("report", "export", "cli.py")  # presentation only: cannot change a verdict


def _engine_digest() -> str:
    """Hash of the verifier's own source (every module that can affect a verdict) and its libraries."""
    from importlib.metadata import PackageNotFoundError, version

    root = Path(__file__).resolve().parent
    h = hashlib.sha256()
    for file in sorted(root.rglob("*.py")):
        rel = file.relative_to(root).as_posix()
        if rel.split("/")[0] not in _NOT_ENGINE:
            h.update(f"{rel}\0".encode())
            h.update(file.read_bytes())
    for dist in ("sympy", "mpmath", "python-flint", "gmpy2"):
        try:
            h.update(f"{dist}=={version(dist)}\0".encode())
        except PackageNotFoundError:
            h.update(f"{dist} absent\0".encode())
    from sympy.external.gmpy import GROUND_TYPES

    h.update(f"python {sys.version} ground types {GROUND_TYPES}".encode())
    return h.hexdigest()[:32]


ENGINE = _engine_digest()


def default_dir() -> Path:
    return Path(os.environ.get("DERIVE_CACHE_DIR", ".derive_cache"))


def key(ob: Obligation, seed: int, strategies: tuple[str, ...]) -> str | None:
    """Hash of the obligation, its domain and witness, the strategies, the engine's source and versions.

    The probe's settings live in the engine's source, so ``ENGINE`` covers them.

    ``None`` when the obligation holds something the key cannot capture: do not cache that step.
    """
    try:
        return digest([
            f"format={FORMAT}", f"engine={ENGINE}", f"sympy={sympy.__version__}", tuple(strategies), seed,
            ob.lhs, ob.rel, ob.rhs, dict(ob.domain), None if ob.witness is None else dict(ob.witness),
            tuple(ob.given), ob.along,
        ])
    except (Uncacheable, RecursionError):
        return None


def _is_key(k: Any) -> bool:
    """A key as ``key`` makes it (``None`` means: not cached)."""
    return isinstance(k, str) and len(k) == 64 and all(c in "0123456789abcdef" for c in k)


@dataclass(frozen=True)
class ProofCache:
    root: Path

    @classmethod
    def open(cls, root: Path | None = None) -> ProofCache:
        """The cache at ``root``; ``OSError`` when it cannot be written there."""
        path = Path(root) if root is not None else default_dir()
        (path / "proofs").mkdir(parents=True, exist_ok=True)
        probe = path / "proofs" / f".write-test-{os.getpid()}"
        probe.write_text("ok")
        probe.unlink()
        return cls(path)

    def _file(self, k: str) -> Path:
        return self.root / "proofs" / k[:2] / f"{k}.json"

    def _read(self, k: str | None) -> str | None:
        if not _is_key(k):
            return None
        try:
            return self._file(k).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return None

    def _write(self, k: str | None, body: Any) -> None:
        if not _is_key(k):
            return
        target = self._file(k)
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            atomic_write(target, cache_entry.dump(k, body))
        except Exception:  # noqa: BLE001 - a cache that fails to write only costs time
            return

    def get(self, k: str | None, *, expect: tuple[str, str, str] | None = None) -> StepResult | None:
        """The cached verdict under ``k`` (``cached=True``, ``cached_at`` its creation time), or ``None``.

        ``expect`` is the step's own (lhs, rel, rhs) text; an entry about another step is ignored.
        """
        text = self._read(k)
        if text is None:
            return None
        return cache_entry.load(text, k, lambda body, created: cache_entry.parse_step(body, created, expect))

    def put(self, k: str | None, result: StepResult) -> None:
        if result.verdict in (Verdict.PROVED, Verdict.REFUTED):
            self._write(k, cache_entry.step_body(result))


def _source_digest(fn: Any) -> str:
    """The defining file of a numeric check and its private helper modules (``_*.py`` beside it)."""
    h = hashlib.sha256()
    file = Path(getattr(getattr(fn, "__code__", None), "co_filename", "") or "")
    if file.is_file():
        h.update(file.read_bytes())
        for helper in sorted(file.parent.glob("_*.py")):
            h.update(helper.read_bytes())
    return h.hexdigest()


def numeric_key(check: NumericCheck, device: str, dtype: str, seed: int, torch_version: str) -> str | None:
    """Numeric results depend on the check's code, closure, globals and helpers, the device, dtype, seed and torch.

    ``None`` when the check captures something the key cannot pin down: run it every time.
    """
    try:
        return digest([
            f"format={FORMAT}", "numeric", f"engine={ENGINE}", check.name, check.dtypes, device, dtype, seed,
            torch_version, _source_digest(check.fn), check.fn,
        ])
    except (Uncacheable, RecursionError):
        return None


def get_numeric(cache: ProofCache, k: str | None) -> list[NumericResult] | None:
    """The cached results under ``k`` (each with ``cached_at``), or ``None``."""
    text = cache._read(k)
    if text is None:
        return None
    return cache_entry.load(text, k, cache_entry.parse_numeric)


def put_numeric(cache: ProofCache, k: str | None, results: list[NumericResult]) -> None:
    if results and not any(r.outcome is Outcome.ERROR for r in results):
        cache._write(k, cache_entry.numeric_body(results))
