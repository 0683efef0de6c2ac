"""What a derivation author calls: ``claim``, ``source``, ``chain``, ``step``, ``refutes``, ``numeric``."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
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

_ID = re.compile(r"[a-z0-9][a-z0-9-]*[a-z0-9]")  # used with fullmatch: no trailing newline
_DTYPES = ("float64", "float32", "float16", "bfloat16")


def _fail(name: str, field: str, expected: str, value: Any) -> InvalidClaim:
    return InvalidClaim(f"claim '{name}': '{field}' must be {expected} (got {value!r})")


def source(file: str, quote: str, *, role: str = "states") -> Source:
    """Cite a document and the sentence quoted from it.

    ``file``: a path relative to the claim module (your post, notes, a ``.tex`` or ``.md`` file), a URL,
    or the name of a built-in seed. When the file exists, ``quote`` must occur in it (whitespace-normalised).
    ``role`` says what the document does: "states" (default), "misquotes", "corrects", "cites", "implements".
    """
    from checker.sources import caller_dir, cite

    return cite(file, quote, role, caller_dir())


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


_FLOAT_HINT = (
    "an exact number: write Rational(1, 10), not 0.1 (a float is a binary approximation, "
    "so 0.1 + 0.2 = 0.3 is false for floats; only exact numbers are proved)"
)


def _check_literal(name: str, value: Any) -> None:
    """Expressions are SymPy objects or exact numbers, never strings (a string would go through
    sympify's eval) and never floats (a float literal silently changes the statement)."""
    if isinstance(value, bool) or not isinstance(value, _LITERALS):
        raise _fail(name, "expression", "a SymPy expression, matrix or number (strings are never parsed)", value)
    if isinstance(value, float):
        raise _fail(name, "number", _FLOAT_HINT, value)
    for obj in _sympy_objects(value):
        floats = obj.atoms(sympy.Float)
        if floats:
            raise _fail(name, "number", _FLOAT_HINT, min(floats, key=str))


def _check_symbol_names(name: str, exprs: Iterable[Any]) -> None:
    for e in exprs:
        for obj in _sympy_objects(e):
            for s in obj.free_symbols:
                if not s.name.isidentifier():
                    raise _fail(name, "symbol name", "a plain identifier", s.name)


_ASCENDING = frozenset({"<=", "<"})
_DESCENDING = frozenset({">=", ">"})


def _check_chain_direction(name: str, c: Chain) -> None:
    """A chain concludes ``start rel end`` only when its relations agree: ``=`` joins either direction."""
    rels = [s.rel for s in c.steps]
    if _ASCENDING.intersection(rels) and _DESCENDING.intersection(rels):
        raise _fail(name, "proof", f"a chain whose relations all point one way (chain '{c.title}' mixes ≤/< with ≥/>)", rels)
    others = [r for r in rels if r != "="]
    if "!=" in others and len(others) > 1:
        raise _fail(name, "proof", f"a chain with '!=' joined only by '=' (chain '{c.title}' concludes nothing)", rels)


def _check_source(name: str, src: Any) -> None:
    if not isinstance(src, Source):
        raise _fail(name, "source", "a source(file, quote)", src)
    if not isinstance(src.file, str) or not src.file.strip():
        raise _fail(name, "source.file", "a path or URL", src.file)
    if not isinstance(src.quote, str) or not src.quote.strip():
        raise _fail(name, "source.quote", "a non-empty sentence", src.quote)


def validate_claim(claim: Claim) -> None:
    """Every declaration-time check, on a ``Claim`` however it was built; raises ``InvalidClaim``."""
    id = claim.id
    if not isinstance(id, str) or not _ID.fullmatch(id):
        raise _fail(str(id), "id", "lower-case words joined by '-'", id)
    if not isinstance(claim.title, str) or not claim.title.strip():
        raise _fail(id, "title", "a non-empty line", claim.title)
    _check_source(id, claim.source)
    for extra in claim.sources:
        _check_source(id, extra)
    if not isinstance(claim.statement, str) or not claim.statement.strip():
        raise _fail(id, "statement", "a non-empty text", claim.statement)
    if claim.expect not in (Verdict.PROVED, Verdict.REFUTED):
        raise _fail(id, "expect", "'proved' or 'refuted'", claim.expect)
    for field in ("proof", "numeric", "assumptions", "uses"):
        if not isinstance(getattr(claim, field), tuple | list):
            raise _fail(id, field, "a tuple", getattr(claim, field))
    for field in ("domain", "perturbations"):
        if not isinstance(getattr(claim, field), Mapping):
            raise _fail(id, field, "a mapping", getattr(claim, field))
    for c in claim.proof:
        if not isinstance(c, Chain) or not c.steps:
            raise _fail(id, "proof", "chains with at least one step", c)
        for s in c.steps:
            if not isinstance(s, Step):
                raise _fail(id, "proof", "steps made with step()", s)
            if s.rel not in RELATIONS:
                raise _fail(id, "rel", f"one of {RELATIONS}", s.rel)
        _check_chain_direction(id, c)
    for n in claim.numeric:
        if not isinstance(n, NumericCheck):
            raise _fail(id, "numeric", "functions marked with @numeric()", n)
        if not n.dtypes:
            raise _fail(id, "dtype", f"at least one of {_DTYPES}", n.dtypes)
        for dt in n.dtypes:
            if dt not in _DTYPES:
                raise _fail(id, "dtype", f"one of {_DTYPES}", dt)
    if claim.erratum is not None:
        if not isinstance(claim.erratum, str) or not claim.erratum.strip():
            raise _fail(id, "erratum", "a non-empty text", claim.erratum)
        if claim.expect is not Verdict.REFUTED:
            raise _fail(id, "expect", "'refuted' for an erratum (it is recorded, not checked)", claim.expect.value)
    if claim.refutes is not None:
        if not isinstance(claim.refutes, Refutation):
            raise _fail(id, "refutes", "a refutes(...)", claim.refutes)
        if claim.refutes.rel not in RELATIONS:
            raise _fail(id, "refutes.rel", f"one of {RELATIONS}", claim.refutes.rel)
    if claim.expect is Verdict.REFUTED and claim.refutes is None and claim.erratum is None:
        raise _fail(id, "refutes", "the source statement when expect='refuted'", None)
    if claim.erratum is None and not claim.proof:
        raise _fail(id, "proof", "at least one chain (or an erratum)", claim.proof)
    for u in claim.uses:
        if not isinstance(u, str) or not _ID.fullmatch(u):
            raise _fail(id, "uses", "claim ids", u)
    for label, make in claim.perturbations.items():
        if not isinstance(label, str) or not callable(make):
            raise _fail(id, "perturbations", "{name: a function returning a Claim}", {label: make})
    exprs: list[Any] = [c.start for c in claim.proof] + [s.expr for c in claim.proof for s in c.steps]
    if claim.refutes is not None:
        r = claim.refutes
        exprs += [r.lhs, r.rhs, *(r.witness or {}).values()]
    for sym, bounds in claim.domain.items():
        if not isinstance(sym, sympy.Symbol) or not isinstance(bounds, tuple | list) or len(bounds) != 2:
            raise _fail(id, "domain", "{Symbol: (low, high)}", {sym: bounds})
        exprs += list(bounds)
    for e in exprs:
        _check_literal(id, e)
    _check_symbol_names(id, exprs)


def _as_verdict(value: Any) -> Any:
    """``value`` as a Verdict when it names one; else as given, for ``validate_claim`` to reject."""
    try:
        return Verdict(value)
    except ValueError:
        return value


def claim(
    id: str,
    *,
    title: str,
    source: Source | Sequence[Source],
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
    """Declare a claim; every field is validated (``validate_claim``), so a bad module fails at import.

    ``source`` is one citation or several (the first is the primary one): a misquote needs two,
    the document that states the claim and the one that misquotes it.
    """
    cited = (source,) if isinstance(source, Source) else tuple(source) if isinstance(source, list | tuple) else (source,)
    if not cited:
        raise _fail(id, "source", "at least one source(file, quote)", source)
    primary = cited[0]
    made = Claim(
        id=id,
        title=title.strip() if isinstance(title, str) else title,
        source=primary,
        sources=cited,
        statement=statement.strip() if isinstance(statement, str) else statement,
        assumptions=tuple(assumptions),
        domain=dict(domain or {}),
        proof=tuple(proof),
        numeric=tuple(numeric),
        expect=_as_verdict(expect),
        refutes=refutes,
        uses=tuple(uses),
        erratum=erratum,
        perturbations=dict(perturbations or {}),
    )
    validate_claim(made)
    return made
