"""``run(claims, options) -> Iterator[ClaimResult]``: symbolic steps, then numeric confirmations."""

from __future__ import annotations

import time
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from typing import Any

import sympy

from checker import isolation, sum_rules
from checker.cache import ProofCache
from checker.cache import key as cache_key
from checker.limits import IMPORT_TIMEOUT, NUMERIC_TIMEOUT, STEP_TIMEOUT
from checker.model import (
    Claim,
    ClaimResult,
    NumericResult,
    Outcome,
    StepResult,
    Verdict,
)
from checker.obligation import STRATEGY_NAMES, Obligation
from checker.status import claim_status, is_trivial


@dataclass(frozen=True)
class Options:
    """How to check: which devices and dtypes, the seed, the per-step timeout."""

    devices: tuple[str, ...] = ("cpu",)
    dtypes: tuple[str, ...] = ("float64", "float32")
    seed: int = 1234
    numeric: bool = True
    timeout: float = STEP_TIMEOUT
    memory_mb: int | None = None
    strategies: tuple[str, ...] = STRATEGY_NAMES
    cache: ProofCache | None = None
    cache_numeric: bool = False
    numeric_timeout: float = NUMERIC_TIMEOUT
    import_timeout: float = IMPORT_TIMEOUT
    jobs: int = 1
    source_args: tuple[str, ...] = ()  # --path/--no-builtin/--import-timeout, for reproduce lines


@dataclass(frozen=True)
class Task:
    """One symbolic obligation of a claim, with how to present it."""

    chain: str
    index: int
    role: str
    by: str
    obligation: Obligation


_MAX_NODES = 20_000
MAX_TEXT = 2_000


def _size(e: Any, cap: int) -> int:
    """Number of nodes of ``e``, counting stops past ``cap``."""
    n = 0
    stack = list(e) if isinstance(e, sympy.MatrixBase) else [e]
    while stack and n <= cap:
        x = stack.pop()
        n += 1
        if isinstance(x, sympy.Basic):
            stack.extend(x.args)
    return n


def one_line(e: Any, limit: int = MAX_TEXT) -> str:
    """One-line text of an expression or a matrix, bounded in cost and length."""
    if _size(e, _MAX_NODES) > _MAX_NODES:
        return f"<expression of more than {_MAX_NODES} nodes>"
    if isinstance(e, sympy.MatrixBase):
        text = "Matrix(" + sympy.sstr(e.tolist()) + ")"
    else:
        text = sympy.sstr(e)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def tasks_of(claim: Claim) -> list[Task]:
    """The claim's obligations: the source statement (if refuted) first, then every proof link."""
    from checker.asymptotics import approx_obligations
    from checker.given import hypotheses

    out: list[Task] = []
    if claim.refutes is not None:
        r = claim.refutes
        ob = Obligation(r.lhs, r.rel, r.rhs, claim.domain, r.witness, hypotheses(claim.given))
        out.append(Task("source statement", 0, "source", r.by, ob))
    for c in claim.proof:
        prev = c.start
        for i, s in enumerate(c.steps):
            given = hypotheses(claim.given, s.given)
            if s.rel == "≈" and s.approx is not None:
                out += [Task(c.title, i, "proof", f"{s.by} ({side})", ob)
                        for side, ob in approx_obligations(prev, s.expr, s.approx, claim.domain, given)]
            else:
                out.append(Task(c.title, i, "proof", s.by, Obligation(prev, s.rel, s.expr, claim.domain, None, given, s.along)))
            prev = s.expr
    return out


def _step_seed(seed: int, task: Task) -> int:
    return zlib.crc32(f"{seed}:{task.chain}:{task.index}".encode())


def _texts(task: Task) -> tuple[str, str]:
    ob = task.obligation
    along = f"  (as {ob.along[0]} -> {ob.along[1]})" if ob.along is not None else ""
    return one_line(ob.lhs), one_line(ob.rhs) + along


def verify_task(task: Task, seed: int, strategies: tuple[str, ...], cache: ProofCache | None = None) -> StepResult:
    """Verify one task; runs in an isolated child, so rendering and hashing count against its limit."""
    t0 = time.perf_counter()
    strategies = sum_rules.preferred(task.by, strategies)  # by="shift index": that rule first
    lhs, rhs = _texts(task)
    isolation.note((lhs, rhs))
    key = cache_key(task.obligation, _step_seed(seed, task), strategies) if cache is not None else None
    if key is not None and cache is not None:
        hit = cache.get(key, expect=(lhs, task.obligation.rel, rhs))
        if hit is not None:
            trivial = is_trivial(task.obligation.lhs, task.obligation.rhs)
            return replace(hit, chain=task.chain, index=task.index, by=task.by, role=task.role, trivial=trivial,
                           given=_given_text(task))
    from checker.symbolic import verify  # the prover, imported only when the cache cannot answer

    v = verify(task.obligation, _step_seed(seed, task), strategies)
    result = StepResult(
        task.chain, task.index, lhs, task.obligation.rel, rhs, task.by,
        v.verdict, v.strategy, time.perf_counter() - t0, v.detail, v.counterexample, task.role,
        trivial=is_trivial(task.obligation.lhs, task.obligation.rhs), method=v.method, certified=v.certified,
        given=_given_text(task),
    )
    if key is not None and cache is not None:
        cache.put(key, result)
    return result


def _given_text(task: Task) -> tuple[str, ...]:
    from checker.given import text

    return text(task.obligation.given)


def _unfinished(task: Task, detail: str, seconds: float, texts: Any) -> StepResult:
    lhs, rhs = texts if isinstance(texts, tuple) else ("(not rendered within the step's limit)",) * 2
    return StepResult(
        task.chain, task.index, lhs, task.obligation.rel, rhs, task.by,
        Verdict.UNDECIDED, None, seconds, detail, None, task.role, given=_given_text(task),
    )


def verify_steps(claim: Claim, options: Options) -> list[StepResult]:
    """Every obligation of the claim, each in an isolated child under ``options.timeout``."""
    tasks = tasks_of(claim)
    jobs: list[Callable[[], StepResult]] = [
        (lambda t=t: verify_task(t, options.seed, options.strategies, options.cache)) for t in tasks
    ]
    results: dict[int, StepResult] = {}
    for i, out in isolation.run_isolated(jobs, options.timeout, options.memory_mb):
        if isinstance(out, isolation.TimedOut):
            results[i] = _unfinished(tasks[i], f"step: timed out after {out.seconds:g}s", out.seconds, out.note)
        elif isinstance(out, isolation.Crashed):
            results[i] = _unfinished(tasks[i], f"step: {out.reason}", 0.0, out.note)
        else:
            results[i] = out
    return [results[i] for i in range(len(tasks))]


def reproduce_line(claim_id: str, options: Options, device: str | None = None, dtype: str | None = None) -> str:
    """One command that re-runs this claim alone with every option that matters (shell-quoted)."""
    import shlex

    args = ["derive", "check", claim_id, *options.source_args]
    if options.numeric:
        args += ["--device", device or ",".join(options.devices), "--dtype", dtype or ",".join(options.dtypes)]
    else:
        args.append("--no-numeric")
    args += ["--seed", str(options.seed)]
    if options.timeout != STEP_TIMEOUT:
        args += ["--timeout", f"{options.timeout:g}"]
    if options.numeric and options.numeric_timeout != NUMERIC_TIMEOUT:
        args += ["--numeric-timeout", f"{options.numeric_timeout:g}"]
    return shlex.join(args)


def _reproduce(claim: Claim, checks: list[NumericResult], options: Options) -> str:
    bad = next((n for n in checks if not n.ok), None)
    if bad is None and checks and all(n.outcome is Outcome.SKIPPED for n in checks):
        bad = checks[0]
    if bad is not None:
        return reproduce_line(claim.id, options, bad.device, bad.dtype)
    return reproduce_line(claim.id, options)


def _confirm_one(check: Any, device: str, dtype: str, options: Options) -> list[NumericResult]:
    """One check on one device and dtype (in a child), through the numeric cache when asked."""
    from checker import numerical

    numerical.fix_threads()
    if not (options.cache_numeric and options.cache is not None):
        return numerical.run_check(check, device, dtype, options.seed)
    from importlib.metadata import version

    from checker.cache import get_numeric, numeric_key, put_numeric

    k = numeric_key(check, device, dtype, options.seed, version("torch"))
    hit = get_numeric(options.cache, k)
    if hit is None:
        hit = numerical.run_check(check, device, dtype, options.seed)
        put_numeric(options.cache, k, hit)
    return hit


def _numeric_failure(check: Any, device: str, dtype: str, seed: int, why: str) -> NumericResult:
    return NumericResult(check.name, check.name, device, dtype, seed, Outcome.ERROR, Outcome.CONFIRMED, None, "-", why)


def confirm(claim: Claim, options: Options) -> list[NumericResult]:
    """Every numeric confirmation, each in an isolated child under ``options.numeric_timeout``.

    The memory cap applies on the CPU only: CUDA and MPS map address space far beyond what they use.
    """
    from checker import numerical

    plan, skipped = numerical.plan_with_skips(claim.numeric, list(options.devices), list(options.dtypes))
    out: list[NumericResult] = numerical.skipped_results(skipped, options.seed)
    for device in dict.fromkeys(dev for _, dev, _ in plan):
        entries = [(c, dev, dt) for c, dev, dt in plan if dev == device]
        jobs = [(lambda e=e: _confirm_one(*e, options)) for e in entries]
        memory = options.memory_mb if device == "cpu" else None
        for i, res in isolation.run_isolated(jobs, options.numeric_timeout, memory):
            check, dev, dt = entries[i]
            if isinstance(res, isolation.TimedOut):
                res = [_numeric_failure(check, dev, dt, options.seed, f"numeric: did not finish within {res.seconds:g}s")]
            elif isinstance(res, isolation.Crashed):
                res = [_numeric_failure(check, dev, dt, options.seed, f"numeric: {res.reason}")]
            out += res
    return out


def check_claim(claim: Claim, options: Options) -> ClaimResult:
    """Check one claim completely; its user code runs in children, so this never raises for it."""
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
    """Check ``claims`` in dependency order, ``options.jobs`` at a time, yielding one result per claim.

    Each claim is checked in a worker process; its steps and numeric checks in children of that worker.
    """
    from checker.refs import ModuleRef, ref_of
    from checker.scheduler import run_refs

    by_id = {c.id: c for c in claims}
    memory = ModuleRef("memory", "", "")
    refs = [ref_of(c, memory) for c in by_id.values()]
    yield from run_refs(refs, lambda ref: by_id[ref.id], options)
