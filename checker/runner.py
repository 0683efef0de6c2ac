"""``run(claims, options) -> Iterator[ClaimResult]``: symbolic steps, then numeric confirmations."""

from __future__ import annotations

import time
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from typing import Any

import sympy

from checker import isolation, numerical
from checker.cache import ProofCache
from checker.cache import key as cache_key
from checker.model import (
    Claim,
    ClaimResult,
    NumericResult,
    StepResult,
    Verdict,
)
from checker.status import claim_status
from checker.symbolic import STRATEGY_NAMES, Obligation, verify


@dataclass(frozen=True)
class Options:
    """How to check: which devices and dtypes, the seed, the per-step timeout."""

    devices: tuple[str, ...] = ("cpu",)
    dtypes: tuple[str, ...] = ("float64", "float32")
    seed: int = 1234
    numeric: bool = True
    timeout: float = 20.0
    memory_mb: int | None = None
    strategies: tuple[str, ...] = STRATEGY_NAMES
    cache: ProofCache | None = None
    cache_numeric: bool = False
    numeric_budget: float = 300.0  # seconds a claim's numeric checks may take under -j before its worker is killed


@dataclass(frozen=True)
class Task:
    """One symbolic obligation of a claim, with how to present it."""

    chain: str
    index: int
    role: str
    by: str
    obligation: Obligation


def one_line(e: Any) -> str:
    """One-line text of an expression or a matrix."""
    if isinstance(e, sympy.MatrixBase):
        return "Matrix(" + sympy.sstr(e.tolist()) + ")"
    return sympy.sstr(e)


def tasks_of(claim: Claim) -> list[Task]:
    """The claim's obligations: the source statement (if refuted) first, then every proof link."""
    out: list[Task] = []
    if claim.refutes is not None:
        r = claim.refutes
        out.append(Task("source statement", 0, "source", r.by, Obligation(r.lhs, r.rel, r.rhs, claim.domain, r.witness)))
    for c in claim.proof:
        prev = c.start
        for i, s in enumerate(c.steps):
            out.append(Task(c.title, i, "proof", s.by, Obligation(prev, s.rel, s.expr, claim.domain)))
            prev = s.expr
    return out


def _step_seed(seed: int, task: Task) -> int:
    return zlib.crc32(f"{seed}:{task.chain}:{task.index}".encode())


def verify_task(task: Task, seed: int, strategies: tuple[str, ...]) -> StepResult:
    """Verify one task (runs inside the isolated worker)."""
    t0 = time.perf_counter()
    v = verify(task.obligation, _step_seed(seed, task), strategies)
    ob = task.obligation
    return StepResult(
        task.chain, task.index, one_line(ob.lhs), ob.rel, one_line(ob.rhs), task.by,
        v.verdict, v.strategy, time.perf_counter() - t0, v.detail, v.counterexample, task.role,
    )


def _unfinished(task: Task, detail: str, seconds: float) -> StepResult:
    ob = task.obligation
    return StepResult(
        task.chain, task.index, one_line(ob.lhs), ob.rel, one_line(ob.rhs), task.by,
        Verdict.UNDECIDED, None, seconds, detail, None, task.role,
    )


def verify_steps(claim: Claim, options: Options) -> list[StepResult]:
    """Every obligation of the claim: from the cache when known, else in an isolated worker."""
    tasks = tasks_of(claim)
    results: dict[int, StepResult] = {}
    keys: dict[int, str] = {}
    if options.cache is not None:
        for i, t in enumerate(tasks):
            keys[i] = cache_key(t.obligation, _step_seed(options.seed, t), options.strategies)
            hit = options.cache.get(keys[i])
            if hit is not None:
                results[i] = replace(hit, chain=t.chain, index=t.index, by=t.by, role=t.role)
    todo = [i for i in range(len(tasks)) if i not in results]
    jobs: list[Callable[[], StepResult]] = [
        (lambda t=tasks[i]: verify_task(t, options.seed, options.strategies)) for i in todo
    ]
    for j, out in isolation.run_isolated(jobs, options.timeout, options.memory_mb):
        i = todo[j]
        if isinstance(out, isolation.TimedOut):
            results[i] = _unfinished(tasks[i], f"timed out after {out.seconds:g}s", out.seconds)
        elif isinstance(out, isolation.Crashed):
            results[i] = _unfinished(tasks[i], f"error: {out.reason}", 0.0)
        else:
            results[i] = out
            if options.cache is not None:
                options.cache.put(keys[i], out)
    return [results[i] for i in range(len(tasks))]


def _reproduce(claim: Claim, checks: list[NumericResult], options: Options) -> str:
    bad = next((n for n in checks if not n.ok), None)
    if bad is not None:
        return f"derive check {claim.id} --device {bad.device} --dtype {bad.dtype} --seed {bad.seed}"
    if not options.numeric:
        return f"derive check {claim.id} --no-numeric --seed {options.seed}"
    return f"derive check {claim.id} --seed {options.seed}"


def confirm(claim: Claim, options: Options) -> list[NumericResult]:
    """Every numeric confirmation; read from the cache only with ``cache_numeric``."""
    plan = numerical.plan(claim.numeric, list(options.devices), list(options.dtypes))
    if not (options.cache_numeric and options.cache is not None):
        return [r for check, dev, dt in plan for r in numerical.run_check(check, dev, dt, options.seed)]
    from importlib.metadata import version

    from checker.cache import get_numeric, numeric_key, put_numeric

    torch_version = version("torch")  # metadata only: a warm run need not import torch
    out: list[NumericResult] = []
    for check, dev, dt in plan:
        k = numeric_key(check, dev, dt, options.seed, torch_version)
        hit = get_numeric(options.cache, k)
        if hit is None:
            hit = numerical.run_check(check, dev, dt, options.seed)
            put_numeric(options.cache, k, hit)
        out += hit
    return out


def check_claim(claim: Claim, options: Options) -> ClaimResult:
    """Check one claim completely; never raises for a problem inside the claim."""
    t0 = time.perf_counter()
    steps = verify_steps(claim, options)
    checks: list[NumericResult] = []
    if options.numeric:
        checks = confirm(claim, options)
    status, ok, reason = claim_status(claim, steps, checks)
    return ClaimResult(
        claim.id, claim.title, status, claim.expect, ok, tuple(steps), tuple(checks), claim.source,
        time.perf_counter() - t0, reason, "" if ok else _reproduce(claim, checks, options),
        claim.uses, claim.erratum, claim.origin,
    )


def error_result(id: str, title: str, reason: str, origin: str = "") -> ClaimResult:
    """A claim that could not even be loaded."""
    from checker.model import Source

    return ClaimResult(id, title, Verdict.ERROR, Verdict.PROVED, False, (), (), Source(origin, ""), 0.0, reason, origin=origin)


def with_dependencies(result: ClaimResult, done: Mapping[str, ClaimResult]) -> ClaimResult:
    """A claim is fully proved only when every claim it uses is as its module declares."""
    broken = [u for u in result.uses if u in done and not done[u].ok]
    if not broken or not result.ok:
        return result
    return replace(
        result,
        status=Verdict.UNDECIDED if result.status is Verdict.PROVED else result.status,
        ok=False,
        reason=f"uses {', '.join(broken)}, which did not check out",
    )


def dependency_order(claims: Iterable[Claim]) -> list[Claim]:
    """Claims with the ones they use first (stable otherwise)."""
    by_id = {c.id: c for c in claims}
    seen: set[str] = set()
    out: list[Claim] = []

    def visit(c: Claim, path: tuple[str, ...]) -> None:
        if c.id in seen or c.id in path:
            return
        for u in c.uses:
            if u in by_id:
                visit(by_id[u], (*path, c.id))
        seen.add(c.id)
        out.append(c)

    for c in by_id.values():
        visit(c, ())
    return out


def run(claims: Iterable[Claim], options: Options) -> Iterator[ClaimResult]:
    """Check ``claims`` in dependency order, yielding one result per claim."""
    done: dict[str, ClaimResult] = {}
    for claim in dependency_order(claims):
        result = with_dependencies(check_claim(claim, options), done)
        done[claim.id] = result
        yield result
