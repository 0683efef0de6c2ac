"""Click parameter types that refuse values a run cannot honour; click turns each refusal into exit 2.

Every message is one line and quotes the value as typed (``repr``), so control characters stay visible.
"""

from __future__ import annotations

import math
import re
from typing import Any

import click

# longer than any CI job; far below what threading/signal timeouts overflow on (TIMEOUT_MAX ~ 9.2e9 s)
MAX_SECONDS = 1_000_000.0
# Python's random.seed takes any int, torch.manual_seed up to 2**64 - 1, numpy's legacy
# np.random.seed only up to 2**32 - 1: the common range keeps one seed meaning one draw everywhere.
MAX_SEED = 2**32 - 1
MIN_MIB = 64
MAX_MIB = 1 << 20  # 1 TiB


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else str(value)


def _integer(value: Any) -> int | None:
    """``value`` as an int if it is one or spells one in decimal (at most 30 digits), else None."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    m = re.fullmatch(r"[+-]?[0-9]{1,30}", _text(value), flags=re.ASCII)
    return int(m.group()) if m else None


class Seconds(click.ParamType):
    """A duration in seconds: a finite float in (0, maximum]; ``nan``, ``inf``, ``0`` and negatives are refused."""

    name = "seconds"

    def __init__(self, maximum: float = MAX_SECONDS) -> None:
        self.maximum = maximum

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> float:
        if isinstance(value, bool):
            self.fail(f"{_shown(value)} is not a number of seconds", param, ctx)
        try:
            x = float(value) if isinstance(value, (int, float)) else float(_text(value))
        except (TypeError, ValueError, OverflowError):
            self.fail(f"{_shown(value)} is not a number of seconds", param, ctx)
        if not math.isfinite(x) or x <= 0 or x > self.maximum:
            self.fail(f"{_shown(value)} is not a duration: give seconds > 0 and <= {self.maximum:g}", param, ctx)
        return x


class Seed(click.ParamType):
    """A random seed: a decimal integer in [0, 2**32 - 1], the range numpy, torch and random all accept."""

    name = "seed"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int:
        n = _integer(value)
        if n is None:
            self.fail(f"{_shown(value)} is not an integer seed", param, ctx)
        if not 0 <= n <= MAX_SEED:
            self.fail(f"{_shown(value)} is out of range: a seed is an integer in [0, {MAX_SEED}]", param, ctx)
        return n


class MiB(click.ParamType):
    """A memory size in MiB: a decimal integer in [minimum, maximum] (default 64 MiB to 1 TiB)."""

    name = "mib"

    def __init__(self, minimum: int = MIN_MIB, maximum: int = MAX_MIB) -> None:
        self.minimum = minimum
        self.maximum = maximum

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int:
        n = _integer(value)
        if n is None:
            self.fail(f"{_shown(value)} is not a whole number of MiB", param, ctx)
        if not self.minimum <= n <= self.maximum:
            self.fail(f"{_shown(value)} is out of range: give MiB in [{self.minimum}, {self.maximum}]", param, ctx)
        return n


SECONDS = Seconds()
SEED = Seed()
MIB = MiB()
