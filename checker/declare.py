"""What a derivation author calls: ``claim``, ``source``, ``chain``, ``step``, ``refutes``, ``numeric``."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import sympy

from checker import sampling
from checker.errors import InvalidClaim
from checker.facts import broken, describe, facts, int_ok
from checker.model import (
    ASYMPTOTIC,
    RELATIONS,
    Approx,
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


def step(
    expr: Any, by: str, rel: str = "=", conditions: Iterable[str] = (), *, given: Iterable[Any] = (),
    as_: tuple[Any, Any] | None = None, rel_tol: Any = 0, abs_tol: Any = 0, over: Mapping[Any, tuple[Any, Any]] | None = None,
) -> Step:
    """One derivation line: the previous expression ``rel`` ``expr``, justified ``by``.

    ``given``: hypotheses (SymPy relations such as ``n < d``) the step may use, besides the claim's.
    ``rel="~"`` or ``rel="O"`` with ``as_=(N, oo)``: asymptotic equivalence or big-O along ``N → oo``.
    ``rel="≈"`` with ``rel_tol``/``abs_tol`` and ``over={x: (a, b)}``: ``|prev − expr| ≤ abs_tol + rel_tol·|expr|``
    on that range.
    """
    approx = Approx(rel_tol, abs_tol, dict(over or {})) if rel == "≈" else None
    return Step(expr, by, rel, tuple(conditions), tuple(given) if isinstance(given, list | tuple) else given,
                tuple(as_) if isinstance(as_, list) else as_, approx)


def asymptotic(title: str, lhs: Any, rel: str, rhs: Any, *, as_: tuple[Any, Any], by: str, given: Iterable[Any] = ()) -> Chain:
    """A side fact ``lhs ~ rhs`` (ratio → 1) or ``lhs = O(rhs)`` (ratio bounded) along ``as_=(N, oo)``."""
    return Chain(title, lhs, (step(rhs, by, rel, given=given, as_=as_),))


def approx(
    title: str, lhs: Any, rhs: Any, *, by: str, rel_tol: Any = 0, abs_tol: Any = 0,
    over: Mapping[Any, tuple[Any, Any]] | None = None, given: Iterable[Any] = (),
) -> Chain:
    """A side fact ``lhs ≈ rhs``: ``|lhs − rhs| ≤ abs_tol + rel_tol·|rhs|`` at every point of ``over``."""
    return Chain(title, lhs, (step(rhs, by, "≈", given=given, rel_tol=rel_tol, abs_tol=abs_tol, over=over),))


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
_CHECKED = (sympy.Float, sympy.Symbol, sympy.Sum, sympy.Product)


@functools.lru_cache(maxsize=64)
def _checked_nodes(obj: sympy.Basic) -> frozenset[sympy.Basic]:
    """Every float, symbol, sum and product of ``obj``, in one walk (a paper-sized step is walked once)."""
    return frozenset(obj.atoms(*_CHECKED))


def _nodes(obj: sympy.Basic, kind: type | tuple[type, ...]) -> set[sympy.Basic]:
    return {a for a in _checked_nodes(obj) if isinstance(a, kind)}


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
        floats = _nodes(obj, sympy.Float)
        if floats:
            raise _fail(name, "number", _FLOAT_HINT, min(floats, key=str))


def _check_symbol_names(name: str, exprs: Iterable[Any]) -> None:
    for e in exprs:
        for obj in _sympy_objects(e):
            for s in obj.free_symbols:
                if isinstance(s, sympy.Indexed):  # z[i]: its base is named, its indices are expressions
                    s = s.base.label
                if not s.name.isidentifier():
                    raise _fail(name, "symbol name", "a plain identifier", s.name)


def _check_shared_names(name: str, exprs: Iterable[Any]) -> None:
    """Two different symbols with one name would share one entry of a counterexample."""
    by_name: dict[str, set[sympy.Symbol]] = {}
    for e in exprs:
        for obj in _sympy_objects(e):
            for s in _nodes(obj, sympy.Symbol):
                if type(s) is sympy.Symbol:  # not Dummy or Wild: SymPy's own, never a point's coordinate
                    by_name.setdefault(s.name, set()).add(s)
    shared = sorted(n for n, syms in by_name.items() if len(syms) > 1)
    if shared:
        a, b = sorted(describe(s) for s in by_name[shared[0]])[:2]
        raise InvalidClaim(f"claim '{name}': two different symbols are both named '{shared[0]}' ({a} and {b})")


_SPAN_CHECKED = 10_000  # index ranges up to this many values are checked value by value
_FAR = 10**6  # stands for "arbitrarily far" along an infinite range


def _index_values(a: sympy.Expr, b: sympy.Expr) -> list[sympy.Expr]:
    """Values a Sum/Product index takes between numeric limits (Karr's convention when b < a - 1);
    the ends and the values near 0 of a long or infinite range."""
    if a.is_infinite and b.is_infinite:
        return [sympy.Integer(k) for k in (-_FAR, -1, 0, 1, _FAR)]
    if a.is_infinite:
        return [b - k for k in (0, 1, 2, _FAR)]
    if b.is_infinite:
        return [a + k for k in (0, 1, 2, _FAR)]
    if (b - a + 1).is_negative:
        a, b = b + 1, a - 1
    n = int(sympy.floor(b - a)) + 1
    if n <= 0:
        return []
    ks = range(n) if n <= _SPAN_CHECKED else [*range(2000), *range(n - 2000, n)]
    near0 = [int(sympy.floor(-a)) + d for d in (-1, 0, 1, 2)]
    return [a + k for k in sorted({*ks, *(k for k in near0 if 0 <= k < n)})]


def _value_conflict(i: sympy.Symbol, v: sympy.Expr) -> str | None:
    b = broken(i, v)
    return f"{i}={v} breaks {b[0]}={b[1]}" if b is not None and b[2] is not None else None


def _index_conflict(i: sympy.Symbol, a: sympy.Expr, b: sympy.Expr) -> str | None:
    """Why the limits ``(i, a, b)`` let ``i`` take a value its assumptions exclude, if SymPy can tell."""
    f = facts(i)
    if a.is_number and b.is_number:
        values = _index_values(a, b)
        if values and all(v.is_Integer for v in values):  # integers differ only in sign, parity, primality
            bad = next((v for v in values if not int_ok(f, int(v))), None)
            return _value_conflict(i, bad) if bad is not None else _value_conflict(i, values[0])
        return next((w for w in (_value_conflict(i, v) for v in values[:3] + values[-3:]) if w), None)
    for end in (a, b):
        if end.is_number and not end.is_infinite and (why := _value_conflict(i, end)):
            return why
    lower = {"positive": a.is_positive, "nonnegative": a.is_nonnegative, "integer": a.is_integer}
    upper = {"negative": b.is_negative, "nonpositive": b.is_nonpositive}
    for fact, known in (*lower.items(), *upper.items()):
        if f.get(fact) and known is False:
            return f"{i} is {fact} but the limit {a if fact in lower else b} is not"
    return None


def _check_limits(name: str, exprs: Iterable[Any]) -> None:
    """A Sum or Product may not run its index over values the index's assumptions exclude."""
    for e in exprs:
        for obj in _sympy_objects(e):
            for s in sorted(_nodes(obj, (sympy.Sum, sympy.Product)), key=sympy.default_sort_key):
                for lim in s.limits:
                    if len(lim) == 3 and isinstance(lim[0], sympy.Symbol):
                        why = _index_conflict(*lim)
                        if why is not None:
                            expected = f"inside the assumptions {describe(lim[0])} of its index ({why})"
                            raise _fail(name, f"{type(s).__name__} limits", expected, tuple(lim))


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
    if claim.figure is not None and not callable(claim.figure):
        raise _fail(id, "figure", "a function returning a matplotlib Figure", claim.figure)
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
            if s.rel not in RELATIONS + ASYMPTOTIC:
                raise _fail(id, "rel", f"one of {RELATIONS + ASYMPTOTIC}", s.rel)
            if s.rel in ASYMPTOTIC:
                from checker.asymptotics import check_step

                check_step(id, c, s)
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
        if r.witness is not None and (
            not isinstance(r.witness, Mapping) or not all(isinstance(k, sympy.Symbol) for k in r.witness)
        ):
            raise _fail(id, "refutes.witness", "{Symbol: value}", r.witness)
        exprs += [r.lhs, r.rhs, *(r.witness or {}).values()]
    for sym, bounds in claim.domain.items():
        if not isinstance(sym, sympy.Symbol) or not isinstance(bounds, tuple | list) or len(bounds) != 2:
            raise _fail(id, "domain", "{Symbol: (low, high)}", {sym: bounds})
        exprs += list(bounds)
    for e in exprs:
        _check_literal(id, e)
    _check_symbol_names(id, exprs)
    keys = [k for k in claim.domain if isinstance(k, sympy.Basic)]
    if claim.refutes is not None:
        keys += [k for k in (claim.refutes.witness or {}) if isinstance(k, sympy.Basic)]
    _check_shared_names(id, [*exprs, *keys])
    _check_limits(id, exprs)
    _check_given(claim, exprs)
    if claim.refutes is not None and claim.refutes.witness:
        why = sampling.within(claim.refutes.witness, claim.domain)
        if why is not None:
            raise _fail(id, "refutes.witness", "a point inside every assumption and the domain", why)


def _check_given(claim: Claim, exprs: list[Any]) -> None:
    """Hypotheses relate the claim's own symbols; a refutation's witness must satisfy them."""
    from checker.given import validate

    symbols = sampling.free_symbols(exprs) | {k for k in claim.domain if isinstance(k, sympy.Symbol)}
    for c in claim.proof:
        for s in c.steps:
            if s.approx is not None:
                symbols |= {k for k in s.approx.over if isinstance(k, sympy.Symbol)}
    hyps = validate(claim.id, claim.given, symbols)
    for c in claim.proof:
        for s in c.steps:
            validate(claim.id, s.given, symbols, f"given of a step of '{c.title}'")
    if claim.refutes is not None and claim.refutes.witness and not sampling.satisfies(hyps, claim.refutes.witness):
        raise _fail(claim.id, "refutes.witness", "a point that satisfies every hypothesis in 'given'", claim.refutes.witness)


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
    figure: Callable[[], Any] | None = None,
    given: Iterable[Any] = (),
) -> Claim:
    """Declare a claim; every field is validated (``validate_claim``), so a bad module fails at import.

    ``source`` is one citation or several (the first is the primary one): a misquote needs two,
    the document that states the claim and the one that misquotes it. ``given``: hypotheses (SymPy
    relations such as ``n < d``) under which every step is claimed. ``proof`` may hold tuples of
    chains (what ``recurrence`` returns); they are flattened.
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
        proof=tuple(c for p in proof for c in (p if isinstance(p, tuple) else (p,))),
        numeric=tuple(numeric),
        expect=_as_verdict(expect),
        refutes=refutes,
        uses=tuple(uses),
        erratum=erratum,
        perturbations=dict(perturbations or {}),
        figure=figure,
        given=tuple(given) if isinstance(given, list | tuple) else given,
    )
    validate_claim(made)
    return made
