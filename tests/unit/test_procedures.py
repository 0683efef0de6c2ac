"""Complete decision procedures: exact zero proves a step (certified), anything else never does."""

from __future__ import annotations

import io
import json

import pytest
import sympy
from rich.console import Console
from sympy import Derivative, Float, I, Rational, Sum, cos, exp, log, pi, sin, sqrt, symbols, tan

from checker.model import ClaimResult, Source, StepResult, Verdict
from checker.obligation import Obligation
from checker.procedures import decide
from checker.symbolic import verify

x, y, a, b = symbols("x y a b", real=True)
w, t, s = symbols("omega t s", positive=True)
n = symbols("n", integer=True, positive=True)
TINY = Rational(1, 10**40)


def proved_certified(lhs, rhs, rel="=", domain=None):
    v = verify(Obligation(lhs, rel, rhs, domain or {}))
    return v.verdict is Verdict.PROVED and v.certified, v


# --- polynomials ---------------------------------------------------------------------------


def test_polynomial_identity_is_proved_certified():
    """(x+y)^3 expands: proved by exact expansion over QQ, certified, method named."""
    ok, v = proved_certified((x + y) ** 3, x**3 + 3 * x**2 * y + 3 * x * y**2 + y**3)
    assert ok and v.method == "polynomial over QQ" and v.strategy == "polynomial"


def test_polynomial_identity_false_by_a_tiny_coefficient_is_never_proved():
    """A 10^-40 error: the exact procedure says nonzero, and the ball probe separates the sides."""
    d = decide((x + 1) ** 2, x**2 + 2 * x + 1 + TINY)
    assert d is not None and not d.zero and d.decisive
    v = verify(Obligation((x + 1) ** 2, "=", x**2 + 2 * x + 1 + TINY * x, {}))
    assert v.verdict is Verdict.REFUTED, v.detail


def test_floats_are_taken_exactly():
    """Float(0.1)*3 and Float(0.3) are different binary numbers: nonzero, never proved."""
    d = decide(Float(0.1) * 3, Float(0.3))
    assert d is not None and not d.zero and d.constant != 0
    d = decide(x + Rational(1, 3), x + Float(1 / 3))  # SymPy's own subtraction rounds this to 0
    assert d is not None and not d.zero
    assert verify(Obligation(x + Rational(1, 3), "=", x + Float(1 / 3), {})).verdict is not Verdict.PROVED
    ok, _ = proved_certified(Float(0.5) * x + Float(0.25) * x, Rational(3, 4) * x)  # exact binary fractions
    assert ok


# --- rational functions --------------------------------------------------------------------


def test_rational_function_identity_records_its_side_conditions():
    """1/(x-1) - 1/(x+1) = 2/(x^2-1) holds where defined; the denominators are named."""
    ok, v = proved_certified(1 / (x - 1) - 1 / (x + 1), 2 / (x**2 - 1))
    assert ok and v.method == "rational function over QQ"
    assert "where defined" in v.detail and ("x - 1 ≠ 0" in v.detail or "-1 + x ≠ 0" in v.detail)


def test_rational_function_off_by_a_term_is_refuted():
    """A wrong partial fraction is refuted by the probe, not proved."""
    v = verify(Obligation(1 / (x - 1) - 1 / (x + 1), "=", 1 / (x**2 - 1), {}))
    assert v.verdict is Verdict.REFUTED and not v.certified


# --- exp / trig polynomials (Laurent) --------------------------------------------------------


@pytest.mark.parametrize(
    ("lhs", "rhs"),
    [
        (sin(2 * x), 2 * sin(x) * cos(x)),
        (sin(a + b), sin(a) * cos(b) + cos(a) * sin(b)),
        (cos(3 * x), 4 * cos(x) ** 3 - 3 * cos(x)),
        (sin(x) ** 2 + cos(x) ** 2, 1),
        (sin(w * (s + t)), sin(w * s) * cos(w * t) + cos(w * s) * sin(w * t)),
        (cos(x + pi / 3) + cos(x - pi / 3), cos(x)),
        (tan(2 * x), 2 * tan(x) / (1 - tan(x) ** 2)),
        (sympy.cosh(x) ** 2 - sympy.sinh(x) ** 2, 1),
        (exp(I * x), cos(x) + I * sin(x)),
    ],
    ids=["double-angle", "addition", "triple-angle", "pythagoras", "offset-rotation", "roots-of-unity", "tan", "cosh", "euler"],
)
def test_trig_identities_are_proved_by_laurent_polynomials(lhs, rhs):
    """sin and cos rewritten in exp(i·x): each identity is a zero Laurent polynomial, certified."""
    ok, v = proved_certified(lhs, rhs)
    assert ok and v.method.startswith("exp-polynomial (Laurent)")


def test_roots_of_unity_are_exact():
    """exp(iπ/3)·exp(2iπ/3) = −1 in QQ(ζ₁₂): the sign is decided exactly, the wrong one is not proved."""
    lhs = exp(I * x + I * pi / 3) * exp(I * x + 2 * I * pi / 3)
    ok, v = proved_certified(lhs, -exp(2 * I * x))
    assert ok and "zeta_12" in v.method
    assert not decide(lhs, exp(2 * I * x)).zero


def test_false_trig_identity_is_never_proved():
    """sin 2x vs 2 sin x cos x + 10^-30 sin x: the probe agrees to 25 digits, the procedure says nonzero."""
    d = decide(sin(2 * x), 2 * sin(x) * cos(x) + Rational(1, 10**30) * sin(x))
    assert d is not None and not d.zero
    v = verify(Obligation(sin(2 * x), "=", 2 * sin(x) * cos(x) + Rational(1, 10**30) * sin(x), {}))
    assert v.verdict is not Verdict.PROVED and not v.certified


def test_nonlinear_arguments_are_atoms():
    """sin(x²)² + cos(x²)² = 1 is decided with x² as the exponential's atom; sqrt(x²) = x stays refuted."""
    ok, _ = proved_certified(sin(x**2) ** 2 + cos(x**2) ** 2, 1)
    assert ok
    v = verify(Obligation(sqrt(x**2), "=", x, {}))
    assert v.verdict is Verdict.REFUTED


# --- exact rewrites that keep a step certified ---------------------------------------------------


def test_exact_derivative_of_an_exp_rational_function():
    """The softmax Jacobian entry, differentiated exactly (no CAS doit): certified."""
    z0, z1 = symbols("z0 z1", real=True)
    sm = exp(z0) / (exp(z0) + exp(z1))
    ok, _ = proved_certified(Derivative(sm, z0), sm - sm**2)
    assert ok
    assert decide(Derivative(sm, z0), sm - sm**3) is not None
    assert verify(Obligation(Derivative(sm, z0), "=", sm - sm**3, {})).verdict is Verdict.REFUTED


def test_sums_and_logs_in_closed_form():
    """Faulhaber for Σ i², log of a positive rational over its primes, log(b**x) for b > 0."""
    i = symbols("i", integer=True)
    ok, _ = proved_certified(Sum(i**2, (i, 1, n)), n * (n + 1) * (2 * n + 1) / 6)
    assert ok
    ok, _ = proved_certified(-log(Rational(1, 2)), log(2))
    assert ok
    ok, _ = proved_certified(log(s ** (-2 * x / y)), -2 * x * log(s) / y)
    assert ok
    assert decide(Sum(i**2, (i, 1, n)), n * (n + 1) * (2 * n + 1) / 6 + TINY) is not None


def test_roots_with_positive_content():
    """sqrt(4ε + u²) = 2 sqrt(ε + u²/4): the positive content comes out exactly."""
    e, u = symbols("epsilon u", positive=True)
    ok, _ = proved_certified(u / sqrt(4 * e + u**2), (u / 2) / sqrt(e + u**2 / 4))
    assert ok


def test_not_equal_needs_a_nonzero_constant():
    """'≠' is certified only for a nonzero number; x² + 1 ≠ 0 is left to rewrite + probe."""
    ok, v = proved_certified(Rational(7, 3), 2, rel="!=")
    assert ok and v.method.startswith("exact arithmetic")
    v = verify(Obligation(x**2 + 1, "!=", 0, {}))
    assert v.verdict is Verdict.PROVED and not v.certified and v.method == "rewrite + probe"


def test_strings_are_never_parsed():
    """A string side makes the procedure decline (strict sympify), never eval."""
    assert decide("__import__('os').getpid()", 0) is None


# --- reporting -------------------------------------------------------------------------------


def _result(step: StepResult) -> ClaimResult:
    return ClaimResult("c", "t", Verdict.PROVED, Verdict.PROVED, True, (step,), (), Source("f.txt", "q"), 0.1)


def test_method_and_certified_in_json_and_console():
    """--json carries "method" and "certified"; the console line says how each step was proved."""
    from checker.report import console as console_report
    from checker.report.json import render

    cert = StepResult("ch", 0, "(x+1)**2", "=", "x**2+2*x+1", "binomial", Verdict.PROVED, "polynomial", 0.01,
                      method="polynomial over QQ", certified=True)
    rewrite = StepResult("ch", 1, "a", "=", "b", "why", Verdict.PROVED, "expand", 0.01, method="rewrite + probe")
    doc = json.loads(render([_result(cert)]))
    step = doc["claims"][0]["steps"][0]
    assert step["method"] == "polynomial over QQ" and step["certified"] is True
    out = io.StringIO()
    console_report.step_lines(Console(file=out, width=200, color_system=None), [cert, rewrite])
    text = out.getvalue()
    assert "proved [certified: polynomial over QQ]" in text
    assert "proved (rewrite + probe: expand" in text
    summary = console_report.summary_line([_result(cert), _result(rewrite)], 1.0)
    assert "1 certified" in summary and "1 by rewrite + probe" in summary


def test_verify_reports_rewrite_and_probe_honestly():
    """A step only a CAS rewrite closes says "rewrite + probe" and is not certified."""
    v = verify(Obligation(sympy.gamma(n + 1) / sympy.gamma(n), "=", n, {}))
    assert v.verdict is Verdict.PROVED and v.method == "rewrite + probe" and not v.certified


def test_method_in_junit_markdown_and_latex():
    """JUnit's system-out, the errata page and the LaTeX mark each name the method of a proved step."""
    from checker.export.latex import _mark
    from checker.export.markdown import _proofs
    from checker.report.junit import render

    cert = StepResult("ch", 0, "a", "=", "b", "by", Verdict.PROVED, "polynomial", 0.01,
                      method="polynomial over QQ", certified=True)
    rewrite = StepResult("ch", 1, "b", "=", "c", "by", Verdict.PROVED, "expand", 0.01, method="rewrite + probe")
    xml = render([_result(cert)])
    assert "step 'ch' #1: proved [certified: polynomial over QQ]" in xml
    assert _proofs([cert, rewrite]) == "proved steps: 1 certified (polynomial over QQ), 1 by rewrite + probe"
    assert r"\footnotesize certified: polynomial over QQ" in _mark(cert)
    assert r"\footnotesize rewrite + probe: expand" in _mark(rewrite)
