"""Proof cache soundness: a cached verdict is only ever served for the very same question."""

from __future__ import annotations

import collections
import importlib.util
import io
import json
import sys
import textwrap
from dataclasses import replace
from datetime import datetime
from pathlib import Path

from rich.console import Console
from sympy import Dummy, Float, Function, Rational, symbols
from sympy.utilities.lambdify import implemented_function

from checker import cache_entry
from checker.cache import ProofCache, get_numeric, key, numeric_key, put_numeric
from checker.declare import chain, claim, numeric, source, step
from checker.model import NumericResult, Outcome, StepResult, Verdict
from checker.numerical import Tolerance
from checker.report.console import numeric_lines, step_lines
from checker.runner import Options, confirm, verify_steps
from checker.symbolic import Obligation

x = symbols("x", real=True)
SCALE = 1  # a module global read by a numeric check below


def k(lhs, rel="=", rhs=0):
    """The cache key of ``lhs rel rhs`` with no domain."""
    return key(Obligation(lhs, rel, rhs, {}), 1, ("expand",))


def one_step(cid, start, rel, rhs):
    """A claim of one step ``start rel rhs`` (chain "c", so every such step gets the same seed)."""
    return claim(
        cid, title="t", source=source("u.txt", "q"), statement="s", proof=[chain("c", start, step(rhs, by="b", rel=rel))]
    )


# --- exact atoms -----------------------------------------------------------------------------


def test_floats_are_keyed_at_full_precision():
    """Floats that print alike (1e16 vs 1e16+2, or differing in the 17th digit) get different keys."""
    assert k(Float(1e16)) != k(Float(1e16 + 2))
    a, b = Float("1.0000000000000001", 30), Float("1.0000000000000002", 30)
    assert str(Float(a, 15)) == str(Float(b, 15))
    assert k(a) != k(b)
    assert k(Float("1.5", 30)) != k(Float("1.5", 15))  # same value, other precision
    assert k(Float("1.5", 30)) == k(Float("1.5", 30))


def float_step(cid, start, rel, rhs):
    """A one-step claim with Floats, built past ``claim()`` (which rejects float literals) as a library
    user calling ``verify_steps`` could: the cache must stay sound even then."""
    from dataclasses import replace

    from checker.model import Chain, Step

    return replace(one_step(cid, x, "=", x), proof=(Chain("c", start, (Step(rhs, "b", rel),)),))


def test_cached_float_verdict_is_not_served_for_a_nearby_float(tmp_path):
    """1e16 != 1e16+2 is proved and cached; 1e16 != 1e16 is then refuted, not read from the cache."""
    opts = Options(numeric=False, cache=ProofCache.open(tmp_path))
    (first,) = verify_steps(float_step("float-apart", Float(1e16), "!=", Float(1e16 + 2)), opts)
    assert first.verdict is Verdict.PROVED and not first.cached
    assert first.lhs == first.rhs  # the printed text cannot tell them apart
    (second,) = verify_steps(float_step("float-equal", Float(1e16), "!=", Float(1e16)), opts)
    assert second.verdict is Verdict.REFUTED and not second.cached


def test_rationals_integers_and_python_numbers_are_exact():
    """Rationals by (p, q), Python floats by their exact bits, ints and Integers apart."""
    assert k(Rational(1, 3)) != k(Rational(333333333333333, 999999999999999 + 1))
    assert k(x + 0.1) != k(x + 0.1000000000000001)
    assert k(Rational(1, 2)) == k(Rational(2, 4))


def test_symbols_are_keyed_by_class_name_and_every_assumption():
    """Same name with other assumptions, or a Dummy instead of a Symbol, is another key."""
    assert k(symbols("y", real=True)) != k(symbols("y", positive=True))
    assert k(symbols("y")) != k(Dummy("y"))
    assert k(symbols("y", real=True)) == k(symbols("y", real=True))


def test_dummies_are_told_apart_but_numbered_by_position():
    """Two distinct Dummies with one name differ from one Dummy twice; fresh Dummies reuse a key."""
    d1, d2 = Dummy("d"), Dummy("d")
    assert k(d1, "=", d2) != k(d1, "=", d1)
    assert k(d1, "=", d1) == k(d2, "=", d2)  # the random dummy_index does not leak into the key


# --- user-defined classes and functions ------------------------------------------------------

BODY_A = '''
from sympy import Function, cos

class g(Function):
    @classmethod
    def eval(cls, a):
        if a.is_Number:
            return a + 1

    def fdiff(self, argindex=1):
        return cos(self.args[0])
'''
BODY_B = BODY_A.replace("return a + 1", "return a + 2").replace("cos(self", "-cos(self")


def load_module(path: Path, text: str, name: str = "derive_user_fn"):
    """Import ``text`` as module ``name`` from a file under ``path`` (not registered in sys.modules)."""
    path.mkdir(parents=True, exist_ok=True)
    file = path / f"{name}.py"
    file.write_text(textwrap.dedent(text))
    spec = importlib.util.spec_from_file_location(name, file)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_changed_function_subclass_changes_the_key(tmp_path, monkeypatch):
    """Two classes ``g`` of one module name with other eval/fdiff bodies get different keys."""
    a = load_module(tmp_path / "a", BODY_A)
    b = load_module(tmp_path / "b", BODY_B)
    assert (a.g.__module__, a.g.__qualname__) == (b.g.__module__, b.g.__qualname__)
    monkeypatch.setitem(sys.modules, "derive_user_fn", a)
    key_a = k(a.g(x), "=", x)
    assert key_a is not None and key_a == k(a.g(x), "=", x)
    stale_b = k(b.g(x), "=", x)  # inspect finds a's source for b here: b's code must still count
    monkeypatch.setitem(sys.modules, "derive_user_fn", b)
    key_b = k(b.g(x), "=", x)
    assert key_a != key_b and key_a != stale_b


def test_only_fdiff_changed_changes_the_key(tmp_path):
    """A body change that leaves construction alone (the derivative) is still another key."""
    a = load_module(tmp_path / "a", BODY_A, "derive_user_fd")
    b = load_module(tmp_path / "b", BODY_A.replace("cos(self", "-cos(self"), "derive_user_fd")
    assert k(a.g(x), "=", x) != k(b.g(x), "=", x)


def test_a_class_posing_as_a_library_class_is_keyed_by_its_code():
    """A class whose __module__ names sympy but which sympy does not define is keyed like user code."""
    bodies = [
        {"__module__": "sympy.core.function", "eval": classmethod(lambda cls, a, n=n: a + n if a.is_Number else None)}
        for n in (1, 2)
    ]
    one, two = (type("Function", (Function,), body) for body in bodies)
    assert k(one(x)) is not None and k(one(x)) != k(two(x))


def test_undefined_functions_are_keyed_by_name_assumptions_and_implementation():
    """Function('f') has no body: its name, assumptions and any attached implementation decide."""
    assert k(Function("f")(x)) == k(Function("f")(x))
    assert k(Function("f")(x)) != k(Function("f", positive=True)(x))
    assert k(Function("f")(x)) != k(Function("h")(x))
    one = implemented_function("q", lambda t: t + 1)
    two = implemented_function("q", lambda t: t + 2)
    assert k(one(x)) != k(two(x))


def test_a_class_that_cannot_be_keyed_makes_the_step_uncacheable(tmp_path):
    """An opaque class attribute: no key, and get/put with None neither read nor write."""
    from sympy import Function as F

    opaque = type("opaque_fn", (F,), {"table": object()})
    assert k(opaque(x)) is None
    cache = ProofCache.open(tmp_path)
    result = StepResult("c", 0, "x", "=", "x", "b", Verdict.PROVED, "as written", 0.1)
    cache.put(None, result)
    assert cache.get(None) is None
    assert not list((tmp_path / "proofs").rglob("*.json"))


# --- numeric checks --------------------------------------------------------------------------


def make(offset):
    """A factory: every check it makes has the same code and differs only in its closure."""

    @numeric(dtypes=("float64",))
    def shifted(ctx):
        """ones + offset = ones"""
        torch = ctx.torch
        ctx.close("ones + offset = ones", torch.ones(3) + offset, torch.ones(3), Tolerance(0.0, 0.0, "exact"))

    return shifted


@numeric(dtypes=("float64",))
def scaled(ctx):
    """ones * SCALE = ones"""
    ctx.close("scaled", ctx.torch.ones(2) * SCALE, ctx.torch.ones(2), Tolerance(0.0, 0.0, "exact"))


def nk(check):
    """The numeric cache key of ``check`` on cpu/float64."""
    return numeric_key(check, "cpu", "float64", 1, "2.0")


def test_checks_from_one_factory_get_their_own_keys():
    """make(0) and make(1) share code but not closure values; an opaque closure value gives no key."""
    assert nk(make(0)) is not None and nk(make(0)) == nk(make(0))
    assert nk(make(0)) != nk(make(1))
    assert nk(make(1)) != nk(make(1.0))
    point = collections.namedtuple("point", "a b")
    assert None is not nk(make(point(1, 2))) != nk(make(point(1, 3)))
    assert nk(make((abs, Tolerance(1e-9, 0.0, "t"), {"w": [1, 2.5]}))) is not None
    assert nk(make(object())) is None


def test_a_changed_global_changes_the_numeric_key(monkeypatch):
    """A module-level value the check reads is part of its key."""
    before = nk(scaled)
    monkeypatch.setattr(sys.modules[__name__], "SCALE", 2)
    assert before is not None and nk(scaled) != before


def test_off_by_one_check_is_not_confirmed_from_the_cache(tmp_path):
    """With --cache-numeric, make(0) is confirmed and cached; make(1) is then run and contradicted."""
    opts = Options(cache=ProofCache.open(tmp_path), cache_numeric=True, dtypes=("float64",))

    def with_check(check):
        return claim(
            "factory", title="t", source=source("u.txt", "q"), statement="s",
            proof=[chain("c", x, step(x, by="same"))], numeric=[check],
        )

    (good,) = confirm(with_check(make(0)), opts)
    (bad,) = confirm(with_check(make(1)), opts)
    (again,) = confirm(with_check(make(0)), opts)
    assert good.outcome is Outcome.CONFIRMED and not good.cached_at
    assert bad.outcome is Outcome.CONTRADICTED and not bad.cached_at
    assert again.outcome is Outcome.CONFIRMED and again.cached_at


def test_numeric_helpers_accept_no_key(tmp_path):
    """get_numeric(cache, None) is None and put_numeric(cache, None, ...) writes nothing."""
    cache = ProofCache.open(tmp_path)
    r = NumericResult("c", "n", "cpu", "float64", 1, Outcome.CONFIRMED, Outcome.CONFIRMED, 0.0, "exact")
    put_numeric(cache, None, [r])
    assert get_numeric(cache, None) is None
    assert not list((tmp_path / "proofs").rglob("*.json"))


# --- entries on disk -------------------------------------------------------------------------

SQUARE = one_step("square", (x + 1) ** 2, "=", x**2 + 2 * x + 1)
TEXT = ("(x + 1)**2", "=", "x**2 + 2*x + 1")


def cached_once(tmp_path):
    """A cache holding the verdict of SQUARE; returns the cache, the key and the entry file."""
    cache = ProofCache.open(tmp_path)
    verify_steps(SQUARE, Options(numeric=False, cache=cache))
    (entry,) = list((tmp_path / "proofs").rglob("*.json"))
    return cache, entry.stem, entry


def rewrite(entry, change, redigest=True):
    """Edit the entry's body; with ``redigest`` its checksum is made to match (only the schema can object)."""
    data = json.loads(entry.read_text())
    change(data["body"])
    entry.write_text(cache_entry.dump(data["key"], data["body"]) if redigest else json.dumps(data))


def test_entry_round_trip_is_served_with_its_creation_time(tmp_path):
    """A valid entry is served, marked cached, with an ISO-8601 UTC creation time and the key inside."""
    cache, key_, entry = cached_once(tmp_path)
    data = json.loads(entry.read_text())
    assert data["format"] == cache_entry.FORMAT and data["key"] == key_
    hit = cache.get(key_, expect=TEXT)
    assert hit is not None and hit.cached and hit.verdict is Verdict.PROVED
    assert hit.cached_at == data["created"] and datetime.fromisoformat(hit.cached_at.replace("Z", "+00:00"))
    assert hit.to_json()["cached_at"] == hit.cached_at


def test_hand_edited_entry_is_ignored(tmp_path):
    """A flipped verdict or edited text fails the entry's checksum; a verdict is never taken on trust."""
    cache, key_, entry = cached_once(tmp_path)
    rewrite(entry, lambda b: b.update(verdict="refuted"), redigest=False)
    assert cache.get(key_) is None
    rewrite(entry, lambda b: b.update(verdict="proved", lhs="x"), redigest=False)
    assert cache.get(key_) is None
    (again,) = verify_steps(SQUARE, Options(numeric=False, cache=cache))
    assert again.verdict is Verdict.PROVED and not again.cached


def test_entry_about_another_step_is_ignored(tmp_path):
    """Even with a matching checksum, an entry whose lhs/rel/rhs differ from the step's is ignored."""
    cache, key_, entry = cached_once(tmp_path)
    assert cache.get(key_, expect=TEXT) is not None
    rewrite(entry, lambda b: b.update(rhs="x**2 + 1"))
    assert cache.get(key_) is not None  # well-formed on its own ...
    assert cache.get(key_, expect=TEXT) is None  # ... but about another step


def test_wrongly_typed_fields_are_ignored_without_crashing(tmp_path):
    """Each malformed field (with a matching checksum) makes the entry a miss; the run recomputes."""
    cache, key_, entry = cached_once(tmp_path)
    good = entry.read_text()
    edits = [
        lambda b: b.update(seconds="fast"),
        lambda b: b.update(seconds=float("nan")),
        lambda b: b.update(seconds=-1.0),
        lambda b: b.update(index="0"),
        lambda b: b.update(index=True),
        lambda b: b.update(verdict="undecided"),
        lambda b: b.update(verdict="maybe"),
        lambda b: b.update(rel="≈"),
        lambda b: b.update(lhs=None),
        lambda b: b.update(strategy=3),
        lambda b: b.update(counterexample=[1, 2]),
        lambda b: b.update(counterexample={"values": {"x": 1}, "lhs": "1", "rhs": "2", "digits": 30}),
        lambda b: b.update(extra=1),
        lambda b: b.pop("detail"),
    ]
    for edit in edits:
        entry.write_text(good)
        rewrite(entry, edit)
        assert cache.get(key_) is None
        (again,) = verify_steps(SQUARE, Options(numeric=False, cache=cache))
        assert again.verdict is Verdict.PROVED and not again.cached
        assert cache.get(key_) is not None  # rewritten whole


def test_malformed_envelopes_are_ignored(tmp_path):
    """Old-format entries, bad timestamps, non-object JSON and bad numeric entries are all misses."""
    cache, key_, entry = cached_once(tmp_path)
    data = json.loads(entry.read_text())
    for text in (
        json.dumps(data["body"]),  # a format-1 entry was the bare result
        json.dumps({**data, "format": 1}),
        json.dumps([data]),
        "null",
        "\udcff",
    ):
        entry.write_text(text, errors="surrogateescape")
        assert cache.get(key_) is None and get_numeric(cache, key_) is None
    entry.write_text(cache_entry.dump(key_, data["body"]).replace('"created": "', '"created": "yesterday '))
    assert cache.get(key_) is None
    entry.write_text(cache_entry.dump(key_, [{"check": "c"}]))
    assert get_numeric(cache, key_) is None


def test_entry_under_another_key_is_ignored(tmp_path):
    """An entry copied to another key's file name says which key it was made for, and is ignored."""
    cache, key_, entry = cached_once(tmp_path)
    other = "0" * 64
    target = tmp_path / "proofs" / "00" / f"{other}.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(entry.read_text())
    assert cache.get(key_) is not None and cache.get(other) is None


# --- what the console shows ------------------------------------------------------------------


def rendered(draw, items):
    """What a console reporter function prints for ``items``, as plain text."""
    out = io.StringIO()
    draw(Console(file=out, width=300, color_system=None), items)
    return out.getvalue()


def test_console_says_when_a_verdict_came_from_the_cache(tmp_path):
    """A cached step shows "(cached, from <created>)"; a fresh one does not."""
    cache = ProofCache.open(tmp_path)
    (fresh,) = verify_steps(SQUARE, Options(numeric=False, cache=cache))
    (warm,) = verify_steps(SQUARE, Options(numeric=False, cache=cache))
    assert "cached" not in rendered(step_lines, [fresh])
    assert warm.cached_at and f"(cached, from {warm.cached_at})" in rendered(step_lines, [warm])


def test_console_says_when_a_confirmation_came_from_the_cache():
    """A numeric line read from the cache carries "(cached, from <created>)"."""
    r = NumericResult("c", "n", "cpu", "float64", 1, Outcome.CONFIRMED, Outcome.CONFIRMED, 0.0, "exact")
    assert "cached" not in rendered(numeric_lines, [r])
    at = "2024-05-01T12:00:00Z"
    assert f"(cached, from {at})" in rendered(numeric_lines, [replace(r, cached_at=at)])
