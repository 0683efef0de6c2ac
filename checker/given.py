"""Hypotheses (``given=[n < d, ...]``): declared, honoured by the sampler, used by the prover first.

A step with hypotheses claims ``lhs rel rhs`` at every point of the domain *where every hypothesis
holds*. The probe draws points by rejection (``checker.sampling.satisfies``); a counterexample must
satisfy every hypothesis. The prover tries, in order:

1. *slack variables*: ``a < b`` with ``b`` a symbol becomes ``b = a + g`` with ``g > 0`` (``g ≥ 0`` for
   ``a ≤ b``; integer when ``b − a`` is), or ``a = b − g`` when ``a`` is the symbol; the rewritten
   obligation, which quantifies over a superset of the original points, goes through the normal
   strategies and procedures (so only its *proof* is used, never its counterexamples);
2. SymPy's assumptions: ``ask``/``refine`` with the hypotheses as ``Q`` facts;
3. the normal pipeline, with the probe and every counterexample search honouring the hypotheses.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import sympy
from sympy import Q

from checker import sampling
from checker.errors import InvalidClaim
from checker.model import Verdict
from checker.obligation import Obligation, Verification

__all__ = ["ORDER", "hypotheses", "reduce", "text", "validate", "verify_given"]

ORDER = (sympy.StrictLessThan, sympy.LessThan, sympy.StrictGreaterThan, sympy.GreaterThan)
Verify = Callable[[Obligation, int, tuple[str, ...]], Verification]


def text(given: Iterable[Any]) -> tuple[str, ...]:
    """The hypotheses as one-line text, for every output."""
    return tuple(sympy.sstr(h) for h in given)


def hypotheses(*groups: Iterable[Any]) -> tuple[Any, ...]:
    """The hypotheses of a claim and a step together, each once, in order (``True`` ones dropped)."""
    return tuple(dict.fromkeys(h for g in groups for h in g if isinstance(h, ORDER)))


def validate(name: str, given: Any, symbols: set[sympy.Symbol], where: str = "given") -> tuple[Any, ...]:
    """Hypotheses as declared: ``<``, ``<=``, ``>``, ``>=`` between real expressions over ``symbols``."""
    if isinstance(given, str | sympy.Basic) or not isinstance(given, Iterable):
        raise InvalidClaim(f"claim '{name}': '{where}' must be a list of SymPy relations (got {given!r})")
    out = tuple(given)
    for h in out:
        if h is sympy.true or h is True:
            continue  # SymPy decided it already (e.g. n < n + 1): it restricts nothing
        if not isinstance(h, ORDER):
            expected = "a SymPy relation such as n < d (<, <=, >, >=; strings are never parsed)"
            if h is sympy.false or h is False:
                expected = "a satisfiable relation (SymPy evaluated this one to False: every claim would be vacuous)"
            raise InvalidClaim(f"claim '{name}': '{where}' must be {expected} (got {h!r})")
        if h.atoms(sympy.Float):
            raise InvalidClaim(f"claim '{name}': '{where}' must use exact numbers (got {h}; write Rational(1, 10))")
        stray = sorted((s for s in h.free_symbols if s not in symbols), key=str)
        if stray:
            raise InvalidClaim(f"claim '{name}': '{where}' must relate the claim's symbols ({stray[0]} in {h} is not one)")
        unreal = sorted((s for s in h.free_symbols if s.is_extended_real is not True), key=str)
        if unreal:
            raise InvalidClaim(f"claim '{name}': '{where}' orders only real symbols ({unreal[0]} in {h} is not declared real)")
    return tuple(h for h in out if isinstance(h, ORDER))


def _sides(h: Any) -> tuple[sympy.Expr, sympy.Expr, bool]:
    """``(small, big, strict)`` with ``small < big`` (strict) or ``small <= big``."""
    if isinstance(h, sympy.StrictLessThan | sympy.LessThan):
        return h.lhs, h.rhs, isinstance(h, sympy.StrictLessThan)
    return h.rhs, h.lhs, isinstance(h, sympy.StrictGreaterThan)


def _slack(s: sympy.Symbol, strict: bool, integer: bool, taken: set[str]) -> sympy.Symbol:
    name = f"g_{s.name}"
    while name in taken:
        name += "_"
    taken.add(name)
    facts = {"positive" if strict else "nonnegative": True}
    if integer:
        facts["integer"] = True
    return sympy.Symbol(name, **facts)


def _eliminable(s: Any, other: sympy.Expr) -> bool:
    return type(s) is sympy.Symbol and s not in other.free_symbols


def reduce(ob: Obligation) -> tuple[Obligation, str] | None:
    """The obligation with slack variables for the hypotheses that allow one; ``None`` if none does.

    The result quantifies over every value of the slack variables (a superset of the original points),
    so a proof of it proves ``ob``; its counterexamples mean nothing for ``ob``.
    """
    lhs, rhs, given, domain = ob.lhs, ob.rhs, list(ob.given), dict(ob.domain)
    taken = {s.name for s in sampling.free_symbols([lhs, rhs, *given])}
    done: list[str] = []
    rest: list[Any] = []
    while given:
        h = given.pop(0)
        if not isinstance(h, ORDER):
            continue  # SymPy evaluated it to True after an earlier substitution
        small, big, strict = _sides(h)
        if _eliminable(big, small):
            s, g = big, None
        elif _eliminable(small, big):
            s, g = small, None
        else:
            rest.append(h)
            continue
        g = _slack(s, strict, (big - small).is_integer is True, taken)
        value = small + g if s == big else big - g
        sub = {s: value}
        lhs, rhs = lhs.xreplace(sub), rhs.xreplace(sub)
        given = [x.xreplace(sub) for x in given]
        rest = [x.xreplace(sub) for x in rest]
        domain = {k: v for k, v in domain.items() if k != s and not any(s in sympy.sympify(b).free_symbols for b in v)}
        done.append(f"{s} = {sympy.sstr(value)}")
    if not done:
        return None
    if any(x is sympy.false for x in rest):
        return None
    kept = tuple(x for x in rest if isinstance(x, ORDER))
    return Obligation(lhs, ob.rel, rhs, domain, None, kept, ob.along), ", ".join(done)


def _facts(given: Iterable[Any]) -> Any:
    out = []
    for h in given:
        small, big, strict = _sides(h)
        out.append(Q.positive(big - small) if strict else Q.nonnegative(big - small))
    return sympy.And(*out)


def _by_assumptions(ob: Obligation) -> str | None:
    """``ask``/``refine`` with the hypotheses as ``Q`` facts settle the (oriented) difference."""
    if isinstance(ob.lhs, sympy.MatrixBase) or ob.rel not in ("=", "<=", "<", ">=", ">"):
        return None
    diff = ob.rhs - ob.lhs if ob.rel in ("<=", "<") else ob.lhs - ob.rhs
    facts = _facts(ob.given)
    want = Q.zero if ob.rel == "=" else Q.positive if ob.rel in ("<", ">") else Q.nonnegative
    for name, form in (("ask(Q)", lambda e: e), ("ask(Q) after factor", sympy.factor)):
        try:
            if sympy.ask(want(form(diff)), facts) is True:
                return name
        except Exception:  # noqa: BLE001 - the assumption system declines
            continue
    try:
        refined = sympy.refine(diff, facts)
    except Exception:  # noqa: BLE001
        return None
    ok = refined == 0 if ob.rel == "=" else (refined.is_positive if ob.rel in ("<", ">") else refined.is_nonnegative)
    return "refine(Q)" if ok is True else None


def verify_given(ob: Obligation, seed: int, strategies: tuple[str, ...], plain: Verify) -> Verification:
    """Verdict on an obligation with hypotheses; ``plain`` is the normal pipeline (it honours them)."""
    from checker.probe import probe

    try:
        found = probe(ob, seed)
    except sampling.Unsupported as exc:
        return Verification(Verdict.UNDECIDED, None, f"cannot sample inside the assumptions: {exc}")
    if found.counterexample is not None:
        return Verification(Verdict.REFUTED, "probe", "probe found a violation that satisfies the hypotheses",
                            found.counterexample)
    if found.agreeing + found.unclear == 0:
        why = f"no sampled point satisfies the hypotheses {', '.join(text(ob.given))} (tried a bounded number)"
        return Verification(Verdict.UNDECIDED, None, why)
    reduced = reduce(ob)
    if reduced is not None:
        inner, subst = reduced
        v = plain(inner, seed, strategies) if not inner.given else verify_given(inner, seed, strategies, plain)
        if v.verdict is Verdict.PROVED:
            return Verification(Verdict.PROVED, f"given: slack ({subst}) + {v.strategy}",
                                f"with {subst}: {v.detail}", None, v.method, v.certified)
    if found.agreeing:
        name = _by_assumptions(ob)
        if name is not None:
            note = f"{found.agreeing} probe point(s) satisfying the hypotheses agree"
            return Verification(Verdict.PROVED, f"given: {name}", note, None, "rewrite + probe", False)
    return plain(ob, seed, strategies)

