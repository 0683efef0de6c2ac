"""What a derivation author calls: ``claim``, ``source``, ``chain``, ``step``, ``refutes``, ``numeric``."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import sympy

from checker.errors import InvalidClaim
from checker.model import (
    RELATIONS,
    Chain,
    Claim,
    NumericCheck,
    Refutation,
    Source,
    Step,
    Verdict,
)

_ID = re.compile(r"^[a-z0-9][a-z0-9-]*[a-z0-9]$")
_DTYPES = ("float64", "float32", "float16", "bfloat16")


def _fail(name: str, field: str, expected: str, value: Any) -> InvalidClaim:
    return InvalidClaim(f"claim '{name}': '{field}' must be {expected} (got {value!r})")


def source(file: str, quote: str) -> Source:
    """Cite a seed file (a name under ``sources/``) and the sentence quoted from it."""
    if not file or "/" in file:
        raise InvalidClaim(f"source file must be a bare file name (got {file!r})")
    if not quote.strip():
        raise InvalidClaim(f"source quote must be non-empty (got {quote!r})")
    return Source(file, quote)


def step(expr: Any, by: str, rel: str = "=", conditions: Iterable[str] = ()) -> Step:
    """One derivation line: the previous expression ``rel`` ``expr``, justified ``by``."""
    return Step(expr, by, rel, tuple(conditions))


def chain(title: str, start: Any, *steps: Step) -> Chain:
    """A derivation that starts at ``start`` and moves through ``steps``."""
    return Chain(title, start, tuple(steps))


def holds(title: str, lhs: Any, rel: str, rhs: Any, by: str) -> Chain:
    """A side fact ``lhs rel rhs`` (a one-step chain)."""
    return Chain(title, lhs, (Step(rhs, by, rel),))


def refutes(
    lhs: Any, rel: str, rhs: Any, *, by: str, correction: str, witness: Mapping[Any, Any] | None = None
) -> Refutation:
    """The source's statement ``lhs rel rhs`` (for all of the domain), which should be false."""
    return Refutation(lhs, rel, rhs, by, dict(witness) if witness else None, correction)


def numeric(dtypes: Iterable[str] = ("float64", "float32")) -> Callable[[Callable[..., None]], NumericCheck]:
    """Mark ``fn(ctx)`` as a numeric confirmation; run once per device and dtype."""

    def mark(fn: Callable[..., None]) -> NumericCheck:
        doc = (fn.__doc__ or fn.__name__).strip().splitlines()[0]
        return NumericCheck(doc, fn, tuple(dtypes))

    return mark


def _sympy_objects(value: Any) -> Iterable[Any]:
    if isinstance(value, sympy.MatrixBase):
        yield from value
    elif isinstance(value, sympy.Basic):
        yield value


_LITERALS = (sympy.Basic, sympy.MatrixBase, int, float)


def _check_literal(name: str, value: Any) -> None:
    """Expressions are SymPy objects or numbers, never strings: a string would go through sympify's eval."""
    if isinstance(value, bool) or not isinstance(value, _LITERALS):
        raise _fail(name, "expression", "a SymPy expression, matrix or number (strings are never parsed)", value)


def _check_symbol_names(name: str, exprs: Iterable[Any]) -> None:
    for e in exprs:
        for obj in _sympy_objects(e):
            for s in obj.free_symbols:
                if not s.name.isidentifier():
                    raise _fail(name, "symbol name", "a plain identifier", s.name)


def claim(
    id: str,
    *,
    title: str,
    source: Source,
    statement: str,
    proof: Iterable[Chain] = (),
    numeric: Iterable[NumericCheck] = (),
    assumptions: Iterable[str] = (),
    domain: Mapping[Any, tuple[Any, Any]] | None = None,
    expect: Verdict | str = Verdict.PROVED,
    refutes: Refutation | None = None,
    uses: Iterable[str] = (),
    erratum: str | None = None,
    perturbations: Mapping[str, Callable[[], Claim]] | None = None,
) -> Claim:
    """Declare a claim; every field is validated here, so a bad module fails at import."""
    if not isinstance(id, str) or not _ID.match(id):
        raise _fail(str(id), "id", "lower-case words joined by '-'", id)
    if not title.strip():
        raise _fail(id, "title", "a non-empty line", title)
    try:
        verdict = Verdict(expect)
    except ValueError:
        raise _fail(id, "expect", "'proved' or 'refuted'", expect) from None
    if verdict not in (Verdict.PROVED, Verdict.REFUTED):
        raise _fail(id, "expect", "'proved' or 'refuted'", expect)
    proof = tuple(proof)
    checks = tuple(numeric)
    for c in proof:
        if not isinstance(c, Chain) or not c.steps:
            raise _fail(id, "proof", "chains with at least one step", c)
        for s in c.steps:
            if s.rel not in RELATIONS:
                raise _fail(id, "rel", f"one of {RELATIONS}", s.rel)
    for n in checks:
        if not isinstance(n, NumericCheck):
            raise _fail(id, "numeric", "functions marked with @numeric()", n)
        for dt in n.dtypes:
            if dt not in _DTYPES:
                raise _fail(id, "dtype", f"one of {_DTYPES}", dt)
    if verdict is Verdict.REFUTED and refutes is None and erratum is None:
        raise _fail(id, "refutes", "the source statement when expect='refuted'", None)
    if refutes is not None and refutes.rel not in RELATIONS:
        raise _fail(id, "refutes.rel", f"one of {RELATIONS}", refutes.rel)
    if erratum is None and not proof:
        raise _fail(id, "proof", "at least one chain (or an erratum)", proof)
    exprs: list[Any] = [c.start for c in proof] + [s.expr for c in proof for s in c.steps]
    if refutes is not None:
        exprs += [refutes.lhs, refutes.rhs, *(refutes.witness or {}).values()]
    dom = dict(domain or {})
    for sym, bounds in dom.items():
        if not isinstance(sym, sympy.Symbol) or len(bounds) != 2:
            raise _fail(id, "domain", "{Symbol: (low, high)}", {sym: bounds})
        exprs += list(bounds)
    for e in exprs:
        _check_literal(id, e)
    _check_symbol_names(id, exprs)
    return Claim(
        id=id,
        title=title.strip(),
        source=source,
        statement=statement.strip(),
        assumptions=tuple(assumptions),
        domain=dom,
        proof=proof,
        numeric=checks,
        expect=verdict,
        refutes=refutes,
        uses=tuple(uses),
        erratum=erratum,
        perturbations=dict(perturbations or {}),
    )
