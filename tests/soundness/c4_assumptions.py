"""Class 4: assumptions the sampler does not know (prime, composite, imaginary, irrational, noninteger, nonreal).

Today the sampler draws integers 1..12 for a prime or composite symbol and rationals for an
imaginary, irrational or nonreal one, so it "finds" counterexamples outside the statement's
universe. Truth values are elementary and argued by hand in each note.
"""

from __future__ import annotations

from sympy import Abs, Mod, Symbol, conjugate, frac, pi, sin

from tests.soundness.case import PROVED, REFUTED, Case

p = Symbol("p", prime=True)
c = Symbol("c", composite=True)
z = Symbol("z", imaginary=True)
r = Symbol("r", irrational=True)
t = Symbol("t", noninteger=True, real=True)
w = Symbol("w", complex=True, real=False)
SAMPLER = "sampler honouring all assumptions"

CASES = [
    Case(
        "c4-prime-ge-2", 4, p, ">=", 2, truth=True, strict=PROVED, feature=SAMPLER,
        notes="Every prime is at least 2 (1 is not prime). Refuted today at p = 1.",
    ),
    Case(
        "c4-fermat", 4, Mod(2**p - 2, p), "=", 0, truth=True, feature=SAMPLER,
        notes="Fermat's little theorem: p | 2^p - 2 for every prime p. Refuted today at composites "
        "(e.g. p = 9: 2^9 - 2 = 510 = 9*56 + 6).",
    ),
    Case(
        "c4-composite-ge-4", 4, c, ">=", 4, truth=True, feature=SAMPLER,
        notes="The smallest composite number is 4. Refuted today at c = 1, 2 or 3.",
    ),
    Case(
        "c4-composite-ne-5", 4, c, "!=", 5, domain={c: (4, 6)}, truth=True, feature=SAMPLER,
        notes="5 is prime, so a composite c in [4, 6] is 4 or 6, never 5. Refuted today by a tie at c = 5.",
    ),
    Case(
        "c4-imaginary-square", 4, z**2, "<", 0, truth=True, strict=PROVED, feature=SAMPLER,
        notes="SymPy's imaginary means z = i*b with b real and nonzero, so z^2 = -b^2 < 0. Refuted today at real z.",
    ),
    Case(
        "c4-imaginary-abs", 4, Abs(z) ** 2, "=", -(z**2), truth=True, feature=SAMPLER,
        notes="z = i*b: |z|^2 = b^2 = -(i*b)^2. Refuted today at real z (where the sides differ in sign).",
    ),
    Case(
        "c4-irrational-frac", 4, frac(10000 * r), "!=", 0, domain={r: (0, 1)}, truth=True, feature=SAMPLER,
        notes="10000*r is irrational for irrational r, so it is not an integer and its fractional part is not 0. "
        "The sampler's grid points k/10000 are rational and give exact ties.",
    ),
    Case(
        "c4-noninteger-empty", 4, sin(pi * t), "!=", 0, domain={t: (1, 1)}, truth=True, feature=SAMPLER,
        notes="The domain [1, 1] holds only t = 1, an integer, so no noninteger t exists: vacuously true. "
        "Refuted today by the tie at t = 1.",
    ),
    Case(
        "c4-nonreal-conjugate", 4, w - conjugate(w), "!=", 0, truth=True, feature=SAMPLER,
        notes="w - conj(w) = 2i*Im(w), nonzero exactly when w is not real. Refuted today at real w.",
    ),
    Case(
        "c4-prime-root-evidence", 4, (p - 4) * (p - 6) * (p - 8) * (p - 9) * (p - 10) * (p - 11) * (p - 12), "!=", 0,
        truth=False, strict=REFUTED, feature=SAMPLER,
        notes="False: p = 11 is prime and a root. The only sound counterexample is p = 11; today the probe "
        "reports a composite root (4, 6, 8, 9, 10 or 12), which is no counterexample at all.",
    ),
]
