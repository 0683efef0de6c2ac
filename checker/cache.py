"""Proof cache: a step's verdict keyed by a content hash of everything the verdict depends on.

Entries are JSON files written atomically (temp file + rename), so parallel workers cannot corrupt
them; an unreadable or corrupt entry is ignored and recomputed. Only proved and refuted verdicts
are stored: a timeout may go another way on another run.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sympy

from checker import symbolic
from checker.files import atomic_write
from checker.model import Counterexample, NumericCheck, NumericResult, Outcome, StepResult, Verdict

FORMAT = 1


def _engine_digest() -> str:
    """Hash of the verifier's own source: a changed engine never reads old verdicts."""
    from checker import sampling

    h = hashlib.sha256()
    for module in (symbolic, sampling):
        h.update(Path(module.__file__).read_bytes())
    return h.hexdigest()[:16]


ENGINE = _engine_digest()


def default_dir() -> Path:
    return Path(os.environ.get("DERIVE_CACHE_DIR", ".derive_cache"))


def _walk(value: Any, out: list[str]) -> None:
    """A canonical, process-independent token stream of an expression (srepr is ~100x slower)."""
    if isinstance(value, sympy.MatrixBase):
        out.append(f"M{value.shape}")
        for entry in value:
            _walk(entry, out)
    elif isinstance(value, sympy.Symbol):
        facts = sorted((k, v) for k, v in value.assumptions0.items())
        out.append(f"{type(value).__name__}({value.name!r},{facts})")
    elif isinstance(value, sympy.Basic):
        if value.is_Atom:
            out.append(f"{type(value).__name__}:{value}")
        else:
            out.append(f"{type(value).__name__}(")
            for arg in value.args:
                _walk(arg, out)
            out.append(")")
    elif isinstance(value, dict):
        out.append("{")
        for k, v in sorted(value.items(), key=lambda kv: _canon(kv[0])):  # set-built dicts vary in order
            _walk(k, out)
            _walk(v, out)
        out.append("}")
    elif isinstance(value, tuple | list):
        out.append("(")
        for v in value:
            _walk(v, out)
        out.append(")")
    else:
        out.append(repr(value))


def _canon(value: Any) -> str:
    out: list[str] = []
    _walk(value, out)
    return ",".join(out)


def key(ob: symbolic.Obligation, seed: int, strategies: tuple[str, ...]) -> str:
    """Hash of the obligation, its domain and witness, strategy settings, probe settings and versions."""
    parts = [
        f"format={FORMAT}",
        f"engine={ENGINE}",
        f"sympy={sympy.__version__}",
        f"digits={symbolic.DIGITS},{symbolic.CONFIRM_DIGITS},{symbolic.PROBE_POINTS},{symbolic.SLOW_PROBE_POINTS}",
        f"strategies={strategies}",
        f"seed={seed}",
        _canon(ob.lhs), ob.rel, _canon(ob.rhs),
        _canon(dict(ob.domain)), _canon(dict(ob.witness) if ob.witness else None),
    ]
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


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

    def get(self, k: str) -> StepResult | None:
        try:
            data = json.loads(self._file(k).read_text())
            cx = data["counterexample"]
            return StepResult(
                data["chain"], int(data["index"]), data["lhs"], data["rel"], data["rhs"], data["by"],
                Verdict(data["verdict"]), data["strategy"], float(data["seconds"]), data["detail"],
                Counterexample(cx["values"], cx["lhs"], cx["rhs"], int(cx["digits"])) if cx else None,
                data["role"], cached=True,
            )
        except (OSError, ValueError, KeyError, TypeError):
            return None  # missing or corrupt: recompute

    def put(self, k: str, result: StepResult) -> None:
        if result.verdict not in (Verdict.PROVED, Verdict.REFUTED):
            return
        target = self._file(k)
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            atomic_write(target, json.dumps(result.to_json()))
        except Exception:  # noqa: BLE001 - a cache that fails to write only costs time
            return


def _source_digest(fn: Any) -> str:
    """The defining file of a numeric check and its private helper modules (``_*.py`` beside it)."""
    h = hashlib.sha256()
    file = Path(getattr(getattr(fn, "__code__", None), "co_filename", "") or "")
    if file.is_file():
        h.update(file.read_bytes())
        for helper in sorted(file.parent.glob("_*.py")):
            h.update(helper.read_bytes())
    from checker import numerical

    h.update(Path(numerical.__file__).read_bytes())
    return h.hexdigest()


def numeric_key(check: NumericCheck, device: str, dtype: str, seed: int, torch_version: str) -> str:
    """Numeric results depend on the check's code, its helpers, the device, dtype, seed and torch."""
    parts = [f"format={FORMAT}", "numeric", check.name, device, dtype, str(seed), torch_version, _source_digest(check.fn)]
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def _numeric_from_json(d: dict[str, Any]) -> NumericResult:
    return NumericResult(
        d["check"], d["name"], d["device"], d["dtype"], int(d["seed"]), Outcome(d["outcome"]), Outcome(d["expected"]),
        None if d["max_error"] is None else float(d["max_error"]), d["tolerance"], d["detail"],
    )


def get_numeric(cache: ProofCache, k: str) -> list[NumericResult] | None:
    try:
        return [_numeric_from_json(d) for d in json.loads(cache._file(k).read_text())]
    except (OSError, ValueError, KeyError, TypeError):
        return None


def put_numeric(cache: ProofCache, k: str, results: list[NumericResult]) -> None:
    if any(r.outcome is Outcome.ERROR for r in results):
        return
    target = cache._file(k)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(target, json.dumps([r.to_json() for r in results]))
    except Exception:  # noqa: BLE001 - a cache that fails to write only costs time
        return
