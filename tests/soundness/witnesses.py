"""Refutations declared with a witness: bogus ones (outside the symbols' assumptions) and valid controls.

A bogus witness must not make a claim come out refuted: an InvalidClaim at declaration, or a step
that errs or stays undecided, are both fine. The valid controls keep a fix from passing by
rejecting every witness. Truth values by hand in each note.
"""

from __future__ import annotations

from sympy import Integer, Mod, Rational, Symbol, frac, pi, sin, sqrt

from tests.soundness.case import WitnessCase

p = Symbol("p", prime=True)
c = Symbol("c", composite=True)
z = Symbol("z", imaginary=True)
r = Symbol("r", irrational=True)
q = Symbol("q", rational=True)
t = Symbol("t", noninteger=True, real=True)
odd = Symbol("m", odd=True)
x_pos = Symbol("x", positive=True)
x_real = Symbol("x", real=True)

CASES = [
    WitnessCase(
        "w-prime-one", 4, p, ">", 1, {p: 1}, valid=False,
        notes="Every prime exceeds 1; 1 is not prime, so {p: 1} refutes nothing.",
    ),
    WitnessCase(
        "w-fermat-nine", 4, Mod(3**p - 3, p), "=", 0, {p: 9}, valid=False,
        notes="Fermat: p | 3^p - 3 for prime p. 9 is not prime (3^9 - 3 = 19680 = 6 mod 9).",
    ),
    WitnessCase(
        "w-composite-three", 4, c, ">=", 4, {c: 3}, valid=False,
        notes="Composites are at least 4; 3 is prime.",
    ),
    WitnessCase(
        "w-imaginary-real", 4, z**2, "<", 0, {z: 2}, valid=False,
        notes="An imaginary z = i*b has z^2 = -b^2 < 0; 2 is not imaginary.",
    ),
    WitnessCase(
        "w-irrational-half", 4, frac(10000 * r), "!=", 0, {r: Rational(1, 2)}, valid=False,
        notes="10000*r is irrational, so its fractional part is nonzero; 1/2 is rational.",
    ),
    WitnessCase(
        "w-rational-sqrt2", 4, q**2, "!=", 2, {q: sqrt(2)}, valid=False,
        notes="No rational squares to 2 (Euclid); sqrt(2) is irrational.",
    ),
    WitnessCase(
        "w-noninteger-two", 4, sin(pi * t), "!=", 0, {t: 2}, valid=False,
        notes="sin(pi*t) = 0 only at integers; t is declared noninteger, 2 is an integer.",
    ),
    WitnessCase(
        "w-odd-four", 4, (-1) ** odd, "=", -1, {odd: 4}, valid=False,
        notes="(-1)^m = -1 for odd m; 4 is even (this one is caught today: a control for the known checks).",
    ),
    WitnessCase(
        "w-namesake-key", 6, sqrt(x_pos**2), "=", x_pos, {x_real: -1}, valid=False,
        notes="True for positive x. The witness is keyed by a different symbol that is also named x (real), "
        "with a value that the positive x may not take; matching witnesses by name would accept it.",
    ),
    WitnessCase(
        "w-prime-two-control", 4, (-1) ** p, "=", -1, {p: 2}, valid=True,
        notes="Control: 'every prime is odd' is false, and 2 is a prime with (-1)^2 = 1.",
    ),
    WitnessCase(
        "w-composite-nine-control", 4, Mod(c, 2), "=", 0, {c: Integer(9)}, valid=True,
        notes="Control: 'every composite is even' is false; 9 is composite and odd.",
    ),
]
