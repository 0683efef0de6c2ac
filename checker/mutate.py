"""``derive mutate``: every declared perturbation of a claim must be rejected (a self-test that checks can fail)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace

from checker import registry
from checker.model import Claim, ClaimResult, Verdict
from checker.refs import ClaimRef
from checker.runner import Options
from checker.scheduler import run_refs

SEPARATOR = "~"


@dataclass(frozen=True)
class Mutant:
    """One perturbation of a claim and whether the checker rejected it (an error is not a rejection)."""

    claim: str
    name: str
    rejected: bool
    status: str
    reason: str


def mutant_refs(refs: Sequence[ClaimRef]) -> list[ClaimRef]:
    """One ref per (claim, perturbation); its id is ``claim~perturbation``."""
    return [
        replace(ref, id=f"{ref.id}{SEPARATOR}{name}", uses=(), perturbations=())
        for ref in refs for name in ref.perturbations
    ]


def _resolve(ref: ClaimRef) -> Claim:
    """The perturbed claim, built in the worker (the factory is claim code)."""
    base_id, name = ref.id.split(SEPARATOR, 1)
    base = registry.resolve(replace(ref, id=base_id))
    perturbed = base.perturbations[name]()
    return replace(perturbed, uses=())


def mutate(refs: Sequence[ClaimRef], options: Options) -> Iterator[Mutant]:
    """Check every perturbation of ``refs``; a perturbation that still checks out is *accepted* (bad)."""
    results: Iterator[ClaimResult] = run_refs(mutant_refs(refs), _resolve, options)
    for r in results:
        base, name = r.id.split(SEPARATOR, 1)
        yield Mutant(base, name, not r.ok and r.status is not Verdict.ERROR, r.status.value, r.reason)
