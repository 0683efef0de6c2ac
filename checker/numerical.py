"""Numeric confirmation against real PyTorch: devices x dtypes, seeded draws, error-model tolerances.

torch is imported lazily, so listing and symbolic checking never pay for it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from checker.errors import UsageError
from checker.model import NumericCheck, NumericResult, Outcome

DEFAULT_CONFIDENCE = 0.999


def torch_module() -> Any:
    import torch

    return torch


def warm_up() -> None:
    """Import what every confirmation needs once, before worker processes fork."""
    import scipy.special  # noqa: F401 - Clopper–Pearson
    import torch.testing  # noqa: F401

    torch = torch_module()
    torch.zeros(1, requires_grad=True).sum().backward()  # initialise autograd


NUMERIC_THREADS = 1  # the same in every worker, so -j 1 and -j N compute bit-identical numbers


def fix_threads() -> None:
    """Pin torch's intra-op threads (called in each numeric child)."""
    torch_module().set_num_threads(NUMERIC_THREADS)


def available_devices() -> list[str]:
    """CPU always; CUDA and MPS when this machine has them."""
    torch = torch_module()
    found = ["cpu"]
    if torch.cuda.is_available():
        found.append("cuda")
    mps = getattr(torch.backends, "mps", None)
    if mps is not None and mps.is_available():
        found.append("mps")
    return found


def resolve_devices(spec: str) -> list[str]:
    """``cpu``, ``cuda``, ``mps`` or ``all``; asking for an absent device is a usage error."""
    if spec == "cpu":
        return ["cpu"]  # no need to import torch to know that
    present = available_devices()
    if spec == "all":
        return present
    if spec not in present:
        raise UsageError(f"--device {spec} was asked for, but this machine has no {spec.upper()} device (found: {', '.join(present)})")
    return [spec]


def exact_mode(device: str) -> None:
    """Turn TF32 off so that float32 matmuls on CUDA are real float32."""
    torch = torch_module()
    if device == "cuda":
        torch.backends.cuda.matmul.allow_tf32 = False
        torch.backends.cudnn.allow_tf32 = False


def eps(dtype: Any) -> float:
    return float(torch_module().finfo(dtype).eps)


@dataclass(frozen=True)
class Tolerance:
    """rtol and atol together, with the error model they come from."""

    rtol: float
    atol: float
    model: str

    def describe(self) -> str:
        return f"atol={self.atol:.1e} rtol={self.rtol:.1e} [{self.model}]"


def rounding_tolerance(dtype: Any, ops: int, scale: float = 1.0, safety: float = 4.0) -> Tolerance:
    """``ops`` roundings of unit relative error eps on values of size ``scale``.

    eps comes from ``torch.finfo``, so every floating dtype works: float64 2.2e-16, float32 1.2e-7,
    float16 9.8e-4, bfloat16 7.8e-3. (For float16 mind the range too: its largest value is 65504.)
    """
    e = eps(dtype)
    bound = safety * ops * e
    return Tolerance(bound, bound * scale, f"{safety:g} x {ops} roundings x eps={e:.1e}")


def clopper_pearson(hits: int, n: int, confidence: float = DEFAULT_CONFIDENCE) -> tuple[float, float]:
    """Exact two-sided binomial confidence interval for ``hits`` of ``n``."""
    from scipy.special import betaincinv  # the beta quantile; lighter to import than scipy.stats

    alpha = 1.0 - confidence
    lo = 0.0 if hits == 0 else float(betaincinv(hits, n - hits + 1, alpha / 2))
    hi = 1.0 if hits == n else float(betaincinv(hits + 1, n - hits, 1 - alpha / 2))
    return lo, hi


_VALUES = (bool, int, float, complex, str, bytes, type(None), tuple, frozenset)  # identity is an interpreter detail


def _same_memory(a: Any, b: Any) -> bool:
    """Two tensors that are the same view of the same memory (``x`` and ``x.detach()``, say)."""
    try:
        return (
            a.device == b.device
            and a.dtype == b.dtype
            and a.untyped_storage().data_ptr() == b.untyped_storage().data_ptr()
            and a.shape == b.shape
            and a.stride() == b.stride()
            and a.storage_offset() == b.storage_offset()
        )
    except Exception:  # noqa: BLE001 - a tensor without storage (sparse, wrapped) is not known to alias
        return False


def vacuous(actual: Any, expected: Any) -> str | None:
    """Why comparing ``actual`` with ``expected`` cannot fail, or ``None``: the same object (or the same
    tensor memory), or an empty tensor. Python numbers, strings and tuples are exempt: their identity is not
    the author's doing (``True is True``)."""
    torch = torch_module()
    a_tensor, b_tensor = torch.is_tensor(actual), torch.is_tensor(expected)
    if a_tensor and actual.numel() == 0 or b_tensor and expected.numel() == 0:
        return "compares an empty tensor (numel 0)"
    if actual is expected and not isinstance(actual, _VALUES):
        return f"compares {'a tensor' if a_tensor else 'an object'} with itself"
    if a_tensor and b_tensor and _same_memory(actual, expected):
        return "compares a tensor with itself (both share the same memory, shape and strides)"
    return None


@dataclass
class NumericContext:
    """What a numeric check receives: device, dtype, a seeded generator, and recorders."""

    check: str
    device: str
    dtype_name: str
    seed: int
    records: list[NumericResult] = field(default_factory=list)

    @property
    def torch(self) -> Any:
        return torch_module()

    @property
    def dtype(self) -> Any:
        return getattr(self.torch, self.dtype_name)

    @property
    def eps(self) -> float:
        return eps(self.dtype)

    def generator(self, offset: int = 0) -> Any:
        """A generator on this device seeded with ``seed + offset``."""
        return self.torch.Generator(device=self.device).manual_seed(self.seed + offset)

    def randn(self, *shape: int, gen: Any = None) -> Any:
        gen = gen if gen is not None else self.generator()
        return self.torch.randn(*shape, generator=gen, device=self.device, dtype=self.dtype)

    def _record(self, name: str, outcome: Outcome, expect: bool, err: float | None, tol: str, detail: str) -> None:
        expected = Outcome.CONFIRMED if expect else Outcome.CONTRADICTED
        self.records.append(
            NumericResult(self.check, name, self.device, self.dtype_name, self.seed, outcome, expected, err, tol, detail)
        )

    def _vacuous(self, name: str, actual: Any, expected: Any, expect: bool) -> bool:
        """Record an ``error`` and say so when the comparison cannot fail (see ``vacuous``)."""
        why = vacuous(actual, expected)
        if why is not None:
            self._record(name, Outcome.ERROR, expect, None, "-", f"vacuous comparison: '{name}' {why}")
        return why is not None

    def close(self, name: str, actual: Any, expected: Any, tol: Tolerance, *, expect: bool = True, detail: str = "") -> None:
        """``actual`` ≈ ``expected`` under ``tol`` (``torch.testing.assert_close``); NaN never passes.

        Comparing a tensor with itself (or a view of the same memory) or an empty tensor is an error.
        """
        if self._vacuous(name, actual, expected, expect):
            return
        torch = self.torch
        a = torch.as_tensor(actual)
        b = expected.to(device=a.device, dtype=a.dtype) if torch.is_tensor(expected) else torch.as_tensor(
            expected, device=a.device, dtype=a.dtype if a.is_floating_point() else None
        )
        if self._vacuous(name, a, b, expect):  # an empty list, say, becomes an empty tensor
            return
        diff = (a.double() - b.double()).abs()
        err = float(diff.max()) if diff.numel() else 0.0
        try:
            torch.testing.assert_close(a, b, rtol=tol.rtol, atol=tol.atol, equal_nan=False)
            outcome, why = Outcome.CONFIRMED, detail
        except AssertionError as exc:
            lines = [ln.strip() for ln in str(exc).splitlines() if ln.strip()]
            outcome, why = Outcome.CONTRADICTED, "; ".join(lines[:3]) + (f"; {detail}" if detail else "")
        self._record(name, outcome, expect, err, tol.describe(), why)

    def exact(self, name: str, actual: Any, expected: Any, *, expect: bool = True, detail: str = "") -> None:
        """An exact equality (counts, shapes, integer results); comparing an object with itself is an error."""
        if self._vacuous(name, actual, expected, expect):
            return
        outcome = Outcome.CONFIRMED if actual == expected else Outcome.CONTRADICTED
        self._record(name, outcome, expect, None, "exact", detail or f"{actual!r} vs {expected!r}")

    def bound(
        self,
        name: str,
        hits: int,
        n: int,
        bound: float,
        *,
        side: str,
        confidence: float = DEFAULT_CONFIDENCE,
        expect: bool = True,
    ) -> None:
        """Monte Carlo frequency ``hits/n`` against ``bound`` with a Clopper–Pearson interval.

        ``side``: ``"below"`` (p <= bound), ``"above"`` (p >= bound) or ``"equal"`` (p == bound).
        Confirmed when the whole interval is on the right side, contradicted when it is wholly on
        the wrong side, inconclusive otherwise (for ``"equal"``: contains the value, or not).
        """
        lo, hi = clopper_pearson(hits, n, confidence)
        if side == "below":
            outcome = Outcome.CONFIRMED if hi <= bound else Outcome.CONTRADICTED if lo > bound else Outcome.INCONCLUSIVE
        elif side == "above":
            outcome = Outcome.CONFIRMED if lo >= bound else Outcome.CONTRADICTED if hi < bound else Outcome.INCONCLUSIVE
        elif side == "equal":
            outcome = Outcome.CONFIRMED if lo <= bound <= hi else Outcome.CONTRADICTED
        else:
            raise ValueError(f"side must be 'below', 'above' or 'equal' (got {side!r})")
        tol = f"Clopper-Pearson {confidence:.1%}, n={n}"
        self._record(name, outcome, expect, None, tol, f"p̂={hits / n:.3g} in [{lo:.3g}, {hi:.3g}] vs {bound:.3g}")

    def raises(self, name: str, fn: Callable[[], Any], exc_type: type[BaseException], *, expect: bool = True) -> None:
        """``fn()`` raises ``exc_type`` (confirmed) or returns (contradicted)."""
        try:
            fn()
        except exc_type as exc:
            self._record(name, Outcome.CONFIRMED, expect, None, "raises", f"{type(exc).__name__}: {str(exc)[:120]}")
            return
        self._record(name, Outcome.CONTRADICTED, expect, None, "raises", "returned normally")


Planned = tuple[NumericCheck, str, str]


def declares(check: NumericCheck, dtype: str) -> bool:
    """Whether ``check`` declares ``dtype`` (``run_check`` records any other as skipped)."""
    return dtype in check.dtypes


def skip_detail(check: NumericCheck, dtype: str) -> str:
    return f"not declared for {dtype} (declares {', '.join(check.dtypes)})"


def plan_with_skips(checks: Iterable[NumericCheck], devices: list[str], dtypes: list[str]) -> tuple[list[Planned], list[Planned]]:
    """(to run, skipped): the check's dtypes ∩ requested per device, and each requested dtype it does not declare.

    A check declaring one dtype is dtype-free: it runs at that dtype whatever is requested, and skips nothing.
    """
    run: list[Planned] = []
    skipped: list[Planned] = []
    for c in checks:
        for dev in devices:
            if len(c.dtypes) == 1:
                run.append((c, dev, c.dtypes[0]))
                continue
            run += [(c, dev, dt) for dt in c.dtypes if dt in dtypes]
            skipped += [(c, dev, dt) for dt in dtypes if dt not in c.dtypes]
    return run, skipped


def plan(checks: Iterable[NumericCheck], devices: list[str], dtypes: list[str]) -> list[Planned]:
    """Every (check, device, dtype) to pass to ``run_check``, skipped ones included (``run_check`` records them
    as ``skipped``), so that a run at a dtype no check declares says so instead of passing on nothing."""
    out: list[Planned] = []
    for c in checks:
        for dev in devices:
            run, skipped = plan_with_skips([c], [dev], dtypes)
            out += run + skipped
    return out


def skipped_results(skipped: Iterable[Planned], seed: int) -> list[NumericResult]:
    """One ``skipped`` result per (check, device, dtype) the check does not declare."""
    return [
        NumericResult(c.name, c.name, dev, dt, seed, Outcome.SKIPPED, Outcome.CONFIRMED, None, "-", skip_detail(c, dt))
        for c, dev, dt in skipped
    ]


def run_check(check: NumericCheck, device: str, dtype: str, seed: int) -> list[NumericResult]:
    """Run one check; an exception or an empty record becomes an ``error`` result."""
    if not declares(check, dtype):
        return skipped_results([(check, device, dtype)], seed)
    ctx = NumericContext(check.name, device, dtype, seed)
    if device == "mps" and dtype == "float64":
        ctx._record(check.name, Outcome.SKIPPED, True, None, "-", "float64 is not supported on MPS")
        return ctx.records
    exact_mode(device)
    try:
        check.fn(ctx)
    except Exception as exc:  # a broken check is an error, never a pass
        ctx._record(check.name, Outcome.ERROR, True, None, "-", f"{type(exc).__name__}: {str(exc)[:200]}")
        return ctx.records
    if not ctx.records:
        ctx._record(check.name, Outcome.ERROR, True, None, "-", "the check recorded no comparison")
    return ctx.records
