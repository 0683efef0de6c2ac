"""What the parent process knows of a claim without importing it: plain, picklable metadata."""

from __future__ import annotations

from dataclasses import dataclass

from checker.model import Claim, Source, Verdict


@dataclass(frozen=True)
class ModuleRef:
    """How to import a claim module: ``kind`` is builtin, entry-point, file or memory."""

    kind: str
    name: str
    where: str


@dataclass(frozen=True)
class ClaimRef:
    """A claim as the scheduler and the reporters see it; the claim itself lives in a child."""

    id: str
    title: str
    source: Source
    statement: str
    expect: Verdict
    uses: tuple[str, ...]
    erratum: str | None
    origin: str
    module: ModuleRef
    steps: int
    numeric: int
    perturbations: tuple[str, ...] = ()


def _text(value: object) -> str:
    return value if isinstance(value, str) else repr(value)


def ref_of(claim: Claim, module: ModuleRef) -> ClaimRef:
    """The metadata of ``claim``; tolerant of a ``Claim`` built by hand (the worker validates it)."""
    source = claim.source if isinstance(claim.source, Source) else Source(_text(claim.source), "")
    try:
        expect = Verdict(claim.expect)
    except ValueError:
        expect = Verdict.ERROR
    try:
        steps = sum(len(c.steps) for c in claim.proof) + (1 if claim.refutes is not None else 0)
        numeric = len(tuple(claim.numeric))
        uses = tuple(_text(u) for u in claim.uses)
        perturbations = tuple(_text(p) for p in claim.perturbations)
    except TypeError:
        steps, numeric, uses, perturbations = 0, 0, (), ()
    return ClaimRef(
        id=_text(claim.id), title=_text(claim.title), source=Source(_text(source.file), _text(source.quote), _text(source.path), _text(source.role), _text(source.title)),
        statement=_text(claim.statement), expect=expect, uses=uses,
        erratum=None if claim.erratum is None else _text(claim.erratum), origin=_text(claim.origin or module.where),
        module=module, steps=steps, numeric=numeric, perturbations=perturbations,
    )
