"""The sampler honours every assumption of a symbol; witnesses are checked against all of them; declarations
reject two symbols sharing a name and sums whose limits break their index's assumptions."""

from __future__ import annotations

import random

import pytest
import sympy
from sympy import I, Integer, Product, Rational, Sum, Symbol, sqrt

from checker import chain, claim, refutes, sampling, source, step
from checker.errors import InvalidClaim
from checker.sampling import Unsupported

SRC = source("user.txt", "a quote")


def _has(value: sympy.Expr, fact: str) -> bool | None:
    """The fact decided on the number independently of the sampler (SymPy leaves (anti)hermitian open)."""
    if fact == "hermitian":
        return sympy.im(value) == 0
    if fact == "antihermitian":
        return sympy.re(value) == 0
    return getattr(value, "is_" + fact)


def _assert_fits(sym: Symbol, value: sympy.Expr) -> None:
    for fact, want in sym.assumptions0.items():
        if fact != "commutative" and want is not None:
            assert _has(value, fact) is want, f"{sym}={value}: {fact} should be {want}"


ASSUMPTIONS = {
    "prime": {"prime": True},
    "composite": {"composite": True},
    "odd": {"odd": True},
    "even": {"even": True},
    "even positive": {"even": True, "positive": True},
    "imaginary": {"imaginary": True},
    "nonzero": {"nonzero": True},
    "rational": {"rational": True},
    "noninteger": {"noninteger": True},
    "irrational": {"irrational": True},
    "negative": {"negative": True},
    "negative integer": {"negative": True, "integer": True},
    "zero": {"zero": True},
    "complex": {"complex": True},
    "algebraic": {"algebraic": True},
    "real, not rational": {"real": True, "rational": False},
    "antihermitian": {"antihermitian": True},
    "hermitian": {"hermitian": True},
    "extended_positive": {"extended_positive": True},
    "finite": {"finite": True},
    "none": {},
}


@pytest.mark.parametrize("given", ASSUMPTIONS.values(), ids=ASSUMPTIONS.keys())
def test_200_draws_satisfy_every_fact(given):
    """Every draw satisfies every True and every False fact of assumptions0 (SymPy's derived facts too)."""
    x = Symbol("x", **given)
    rng = random.Random(7)
    drawn = [sampling.draw([x], {}, rng) for _ in range(200)]
    assert all(p is not None for p in drawn)
    for p in drawn:
        _assert_fits(x, p[x])
    assert len({p[x] for p in drawn}) > 1 or given == {"zero": True}


DOMAINS = {
    "prime in [10, 50]": ({"prime": True}, (10, 50)),
    "odd in [-5, 5]": ({"odd": True}, (-5, 5)),
    "integer range [-3, 7]": ({"integer": True}, (-3, 7)),
    "composite in [1, 10**6]": ({"composite": True}, (1, 10**6)),
    "prime in [1, 10**9]": ({"prime": True}, (1, 10**9)),
    "positive in [-1, 1]": ({"positive": True}, (-1, 1)),
    "nonpositive in [-1, 1]": ({"nonpositive": True}, (-1, 1)),
    "noninteger in [0, 3]": ({"noninteger": True}, (0, 3)),
    "complex in [1, 2]": ({"complex": True}, (1, 2)),
}


@pytest.mark.parametrize(("given", "bounds"), DOMAINS.values(), ids=DOMAINS.keys())
def test_draws_inside_a_declared_domain_satisfy_every_fact(given, bounds):
    """With declared bounds, every draw lies in them and still satisfies every fact."""
    x = Symbol("x", **given)
    rng = random.Random(3)
    for _ in range(200):
        p = sampling.draw([x], {x: bounds}, rng)
        assert p is not None
        _assert_fits(x, p[x])
        assert bounds[0] <= p[x] <= bounds[1]
        assert sampling.within(p, {x: bounds}) is None


def test_dependent_integer_bounds():
    """A bound may use an earlier symbol's value: k in [0, n - 1] with n a positive even integer."""
    n, k = Symbol("n", integer=True, positive=True, even=True), Symbol("k", integer=True, nonnegative=True)
    rng = random.Random(1)
    for _ in range(100):
        p = sampling.draw([n, k], {n: (2, 20), k: (0, n - 1)}, rng)
        assert p is not None and p[n] % 2 == 0 and 0 <= p[k] <= p[n] - 1


def test_infinite_bounds_draw_from_a_finite_span():
    """(0, oo) and (-oo, -100): finite values inside; a witness far out along the infinite end is inside."""
    x, n = Symbol("x", positive=True), Symbol("n", integer=True)
    rng = random.Random(2)
    for _ in range(50):
        p = sampling.draw([x, n], {x: (0, sympy.oo), n: (-sympy.oo, -100)}, rng)
        assert p is not None and 0 < p[x] < 100 and -200 < p[n] <= -100
    assert sampling.within({n: -(10**9)}, {n: (-sympy.oo, -100)}) is None
    assert "outside" in sampling.within({n: 0}, {n: (-sympy.oo, -100)})


def test_an_empty_domain_draws_nothing():
    """No even number in [3, 3]: the draw is None (the probe then finds no point)."""
    e = Symbol("e", even=True)
    assert sampling.draw([e], {e: (3, 3)}, random.Random(0)) is None


@pytest.mark.parametrize("given", [{"transcendental": True}, {"polar": True}, {"infinite": True}, {"finite": False},
                                   {"algebraic": False}, {"polar": False}, {"commutative": False}])
def test_an_assumption_the_sampler_cannot_honour_raises_unsupported(given):
    """transcendental, polar, infinite, non-commutative: no exact drawn value can be shown to have them."""
    x = Symbol("x", **given)
    with pytest.raises(Unsupported, match="cannot sample x with"):
        sampling.draw([x], {}, random.Random(0))


def test_an_imaginary_symbol_in_a_real_interval_is_unsupported():
    """A declared real interval for an imaginary symbol contains none of its values."""
    z = Symbol("z", imaginary=True)
    with pytest.raises(Unsupported):
        sampling.draw([z], {z: (0, 1)}, random.Random(0))


REJECTED = {
    "4 is not prime": ({"prime": True}, 4),
    "1 is not prime": ({"prime": True}, 1),
    "7 is not composite": ({"composite": True}, 7),
    "2 is not odd": ({"odd": True}, 2),
    "3 is not even": ({"even": True}, 3),
    "3 is not imaginary": ({"imaginary": True}, 3),
    "0 is not imaginary": ({"imaginary": True}, 0),
    "0 is not nonzero": ({"nonzero": True}, 0),
    "0 is not positive": ({"positive": True}, 0),
    "1/2 is not an integer": ({"integer": True}, Rational(1, 2)),
    "2 is not a noninteger": ({"noninteger": True}, 2),
    "sqrt(2) is not rational": ({"rational": True}, sqrt(2)),
    "1/3 is not irrational": ({"irrational": True}, Rational(1, 3)),
    "I is not real": ({"real": True}, I),
    "a float cannot be shown rational": ({"rational": True}, 0.5),
    "a string is never parsed": ({"integer": True}, "3"),
    "a symbol is not a number": ({"real": True}, Symbol("y")),
    "1 is not zero": ({"zero": True}, 1),
    "-1 is not nonnegative": ({"nonnegative": True, "integer": True}, -1),
}


@pytest.mark.parametrize(("given", "value"), REJECTED.values(), ids=REJECTED.keys())
def test_within_rejects_a_witness_that_breaks_an_assumption(given, value):
    """A witness is checked against every fact of its symbol, not only the sign facts."""
    x = Symbol("x", **given)
    assert sampling.within({x: value}, {}) is not None


ACCEPTED = {
    "7 is prime": ({"prime": True}, 7),
    "9 is composite": ({"composite": True}, 9),
    "2*I is imaginary": ({"imaginary": True}, 2 * I),
    "sqrt(2) is irrational": ({"irrational": True}, sqrt(2)),
    "-3 is odd and negative": ({"odd": True, "negative": True}, -3),
    "0 is zero": ({"zero": True}, 0),
    "a float is real": ({"real": True}, 0.5),
}


@pytest.mark.parametrize(("given", "value"), ACCEPTED.values(), ids=ACCEPTED.keys())
def test_within_accepts_a_witness_inside_every_assumption(given, value):
    """A witness that has every fact is inside."""
    x = Symbol("x", **given)
    assert sampling.within({x: value}, {}) is None


def test_within_checks_the_domain_too():
    """Outside the bounds, bounds depending on an earlier witness value, and a complex value in a real interval."""
    n, k = Symbol("n", integer=True), Symbol("k", integer=True)
    assert "outside" in sampling.within({n: 11}, {n: (0, 10)})
    assert sampling.within({n: 5, k: 4}, {k: (0, n - 1)}) is None
    assert "outside" in sampling.within({n: 5, k: 5}, {k: (0, n - 1)})
    assert "depend" in sampling.within({k: 1}, {k: (0, n - 1)})
    z = Symbol("z", complex=True)
    assert "not real" in sampling.within({z: 1 + I}, {z: (0, 2)})


def test_labels_tell_two_symbols_named_x_apart():
    """Counterexample keys: a shared name gets the symbols' assumptions; a unique name stays as it is."""
    x1, x2, y = Symbol("x"), Symbol("x", positive=True), Symbol("y")
    got = sampling.labels([x1, x2, y])
    assert got[y] == "y"
    assert len({got[x1], got[x2]}) == 2 and "positive" in got[x2]


# --- declaration-time checks ---


def _claim(*chains, **extra):
    return claim("user-names", title="t", source=SRC, statement="s", proof=list(chains), **extra)


def test_declaration_rejects_two_symbols_named_x():
    """Symbol('x') and Symbol('x', positive=True) in one claim would share one counterexample entry."""
    x1, x2 = Symbol("x"), Symbol("x", positive=True)
    with pytest.raises(InvalidClaim, match="two different symbols are both named 'x'"):
        _claim(chain("a", x1 + 1, step(1 + x1, by="commute")), chain("b", x2, step(x2, by="same")))


def test_declaration_rejects_a_shared_name_across_refutes_domain_and_witness():
    """The check spans chains, the refuted statement, the domain and the witness."""
    x, xr = Symbol("x"), Symbol("x", real=True)
    ok = chain("a", x + 1, step(1 + x, by="commute"))
    with pytest.raises(InvalidClaim, match="both named 'x'"):
        _claim(ok, domain={xr: (0, 1)})
    with pytest.raises(InvalidClaim, match="both named 'x'"):
        _claim(ok, expect="refuted", refutes=refutes(x, "<", 0, by="b", correction="c", witness={xr: 1}))
    _claim(ok, domain={x: (0, 1)})  # the same symbol everywhere is fine


def test_declaration_rejects_sum_limits_outside_the_index_assumptions():
    """k > 0 but the range includes -3; an even index over two consecutive values; a prime index over 4."""
    k = Symbol("k", positive=True)
    bad = Sum(k**2, (k, -3, 3))
    with pytest.raises(InvalidClaim, match="Sum limits"):
        _claim(chain("a", bad, step(bad, by="itself")))
    e = Symbol("e", even=True)
    with pytest.raises(InvalidClaim, match="even"):
        _claim(chain("a", Sum(e, (e, 2, 3)), step(Integer(5), by="sum")))
    p = Symbol("p", prime=True)
    with pytest.raises(InvalidClaim, match="Product limits"):
        _claim(chain("a", Product(p, (p, 2, 5)), step(Integer(120), by="product")))


def test_declaration_rejects_symbolic_limits_that_sympy_can_refute():
    """A positive index from a nonpositive lower limit (-n, n > 0) is rejected; undecidable limits pass."""
    k = Symbol("k", positive=True, integer=True)
    n = Symbol("n", positive=True, integer=True)
    with pytest.raises(InvalidClaim, match="Sum limits"):
        _claim(chain("a", Sum(k, (k, -n, n)), step(Sum(k, (k, -n, n)), by="itself")))
    with pytest.raises(InvalidClaim, match="Sum limits"):
        _claim(chain("a", Sum(k, (k, 0, n)), step(n * (n + 1) / 2, by="Gauss")))
    _claim(chain("a", Sum(k, (k, 1, n)), step(n * (n + 1) / 2, by="Gauss")))
    _claim(chain("a", Sum(k, (k, n - 3, n)), step(4 * n - 6, by="four terms")))  # n - 3 may be ≤ 0: undecided


def test_declaration_accepts_sum_limits_inside_the_index_assumptions():
    """Limits inside the assumptions, empty ranges and infinite ranges in the right direction pass."""
    k = Symbol("k", positive=True, integer=True)
    m = Symbol("m", negative=True, integer=True)
    _claim(chain("a", Sum(1 / k**2, (k, 1, sympy.oo)), step(sympy.pi**2 / 6, by="Basel")))
    _claim(chain("a", Sum(m, (m, -3, -1)), step(Integer(-6), by="sum")))
    _claim(chain("a", Sum(k, (k, 1, 0)), step(Integer(0), by="empty")))


def test_declaration_rejects_a_witness_outside_the_assumptions():
    """refutes(..., witness=...) is checked against every fact and the domain when the claim is declared."""
    p = Symbol("p", prime=True)
    ok = chain("a", p + 1, step(1 + p, by="commute"))
    with pytest.raises(InvalidClaim, match="refutes.witness.*prime"):
        _claim(ok, expect="refuted", refutes=refutes(p, "<", 4, by="b", correction="c", witness={p: 4}))
    with pytest.raises(InvalidClaim, match="outside"):
        _claim(ok, domain={p: (2, 3)}, expect="refuted",
               refutes=refutes(p, "<", 4, by="b", correction="c", witness={p: 5}))
    _claim(ok, expect="refuted", refutes=refutes(p, "<", 4, by="b", correction="c", witness={p: 5}))
