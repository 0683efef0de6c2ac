"""Cache entries on disk: a versioned, self-checking record, validated field by field before use.

An entry is ``{"format", "key", "created", "body", "digest"}``; ``digest`` is the SHA-256 of the
rest, so a hand-edited entry is caught. ``load`` returns ``None`` for anything that is not exactly
what ``dump`` writes: the caller recomputes, it never crashes.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Callable
from datetime import datetime, timezone
from typing import Any

from checker.model import RELATIONS, Counterexample, NumericResult, Outcome, StepResult, Verdict

FORMAT = 3
_TIME = "%Y-%m-%dT%H:%M:%SZ"


class Malformed(Exception):
    """An entry that does not match the schema."""


def now() -> str:
    """The current time, ISO-8601 UTC to the second."""
    return datetime.now(timezone.utc).strftime(_TIME)


def _digest(record: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(record, sort_keys=True, allow_nan=True).encode()).hexdigest()


def dump(key: str, body: Any) -> str:
    record = {"format": FORMAT, "key": key, "created": now(), "body": body}
    return json.dumps({**record, "digest": _digest(record)})


def load(text: str, key: str, parse: Callable[[Any, str], Any]) -> Any | None:
    """``parse(body, created)`` of a well-formed entry stored under ``key``; ``None`` otherwise."""
    try:
        data = json.loads(text)
        _need(isinstance(data, dict) and set(data) == {"format", "key", "created", "body", "digest"}, "fields")
        record = {k: data[k] for k in ("format", "key", "created", "body")}
        _need(_int(data["format"]) and data["format"] == FORMAT, "format")
        _need(data["key"] == key, "stored under another key")
        _need(isinstance(data["digest"], str) and data["digest"] == _digest(record), "digest")
        created = _str(data["created"])
        datetime.strptime(created, _TIME)
        return parse(data["body"], created)
    except Exception:  # noqa: BLE001 - Malformed, bad JSON, a wrong type: a miss, never a crash
        return None


# --- field checks ---------------------------------------------------------------------------


def _need(ok: bool, what: str) -> None:
    if not ok:
        raise Malformed(what)


def _int(v: Any) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


def _str(v: Any) -> str:
    _need(isinstance(v, str), "a string")
    return v


def _fields(d: Any, names: tuple[str, ...]) -> dict[str, Any]:
    _need(isinstance(d, dict) and set(d) == set(names), f"fields {names}")
    return d


def _counterexample(cx: Any) -> Counterexample | None:
    if cx is None:
        return None
    cx = _fields(cx, ("values", "lhs", "rhs", "digits"))
    values = cx["values"]
    _need(isinstance(values, dict) and all(isinstance(v, str) for v in values.values()), "counterexample values")
    _need(_int(cx["digits"]) and cx["digits"] > 0, "counterexample digits")
    return Counterexample(dict(values), _str(cx["lhs"]), _str(cx["rhs"]), cx["digits"])


# --- steps ----------------------------------------------------------------------------------

_STEP = (
    "chain", "index", "role", "lhs", "rel", "rhs", "by", "verdict", "strategy", "seconds", "detail", "counterexample",
    "method", "certified",
)
_CACHEABLE = (Verdict.PROVED.value, Verdict.REFUTED.value)


def step_body(r: StepResult) -> dict[str, Any]:
    return {
        "chain": r.chain, "index": r.index, "role": r.role, "lhs": r.lhs, "rel": r.rel, "rhs": r.rhs, "by": r.by,
        "verdict": r.verdict.value, "strategy": r.strategy, "seconds": float(r.seconds), "detail": r.detail,
        "counterexample": r.counterexample.to_json() if r.counterexample else None,
        "method": r.method, "certified": bool(r.certified),
    }


def parse_step(body: Any, created: str, expect: tuple[str, str, str] | None = None) -> StepResult:
    """A cached verdict; ``expect`` (lhs, rel, rhs text) must match what the entry says it decided."""
    d = _fields(body, _STEP)
    _need(d["verdict"] in _CACHEABLE, "verdict")
    _need(d["rel"] in (*RELATIONS, "~", "O"), "relation")  # a "≈" step is cached as two inequalities
    _need(_int(d["index"]) and d["index"] >= 0, "index")
    _need(d["strategy"] is None or isinstance(d["strategy"], str), "strategy")
    seconds = d["seconds"]
    _need(isinstance(seconds, float) and math.isfinite(seconds) and seconds >= 0, "seconds")
    _need(isinstance(d["certified"], bool), "certified")
    lhs, rel, rhs = _str(d["lhs"]), d["rel"], _str(d["rhs"])
    _need(expect is None or expect == (lhs, rel, rhs), "another step")
    return StepResult(
        _str(d["chain"]), d["index"], lhs, rel, rhs, _str(d["by"]), Verdict(d["verdict"]), d["strategy"], seconds,
        _str(d["detail"]), _counterexample(d["counterexample"]), _str(d["role"]), cached=True, cached_at=created,
        method=_str(d["method"]), certified=d["certified"],
    )


# --- numeric confirmations ------------------------------------------------------------------

_NUMERIC = ("check", "name", "device", "dtype", "seed", "outcome", "expected", "max_error", "tolerance", "detail")
_EXPECTED = (Outcome.CONFIRMED.value, Outcome.CONTRADICTED.value)
_STORED = tuple(o.value for o in Outcome if o is not Outcome.ERROR)


def numeric_body(results: list[NumericResult]) -> list[dict[str, Any]]:
    return [
        {
            "check": r.check, "name": r.name, "device": r.device, "dtype": r.dtype, "seed": r.seed,
            "outcome": r.outcome.value, "expected": r.expected.value, "max_error": r.max_error,
            "tolerance": r.tolerance, "detail": r.detail,
        }
        for r in results
    ]


def _numeric(d: Any, created: str) -> NumericResult:
    d = _fields(d, _NUMERIC)
    _need(_int(d["seed"]), "seed")
    _need(d["outcome"] in _STORED and d["expected"] in _EXPECTED, "outcome")
    err = d["max_error"]
    _need(err is None or isinstance(err, float | int) and not isinstance(err, bool), "max_error")
    return NumericResult(
        _str(d["check"]), _str(d["name"]), _str(d["device"]), _str(d["dtype"]), d["seed"], Outcome(d["outcome"]),
        Outcome(d["expected"]), None if err is None else float(err), _str(d["tolerance"]), _str(d["detail"]),
        cached_at=created,
    )


def parse_numeric(body: Any, created: str) -> list[NumericResult]:
    _need(isinstance(body, list) and len(body) > 0, "a non-empty list")
    return [_numeric(d, created) for d in body]
