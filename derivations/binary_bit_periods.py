"""Binary counting (S2): bit j of n has period 2^(j+1) and flips every 2^j; LSB(n) = (1 − cos πn)/2."""

from __future__ import annotations

import math

from sympy import Mod, cos, evaluate, floor, log, pi, symbols

from checker import Tolerance, chain, claim, holds, numeric, source, step

S2 = "002_08268fa87384fa98.txt"
n, j, q, m = symbols("n j q m", integer=True, nonnegative=True)
i = symbols("i", integer=True, nonnegative=True)
d = symbols("d", integer=True, positive=True, even=True)
N_MAX, J_MAX = 4095, 10


def bit(x: object) -> object:
    """Bit j of x: ⌊x / 2^j⌋ mod 2."""
    return Mod(floor(x / 2**j), 2)


def mod2(x: object) -> object:
    return Mod(x, 2, evaluate=False)


def build(period_shift: int = 1) -> object:
    period = 2 ** (j + period_shift)
    # outer Mod/cos left unevaluated so each parity case stays visible; the checker evaluates both sides
    with evaluate(False):
        shifted = Mod(floor(n / 2**j) + 2**period_shift, 2)
    flip_even = (mod2(2 * q + 1), 1 - mod2(2 * q))
    flip_odd = (mod2(2 * q + 2), 1 - mod2(2 * q + 1))
    lsb_even = (mod2(2 * m), (1 - cos(pi * (2 * m), evaluate=False)) / 2)
    lsb_odd = (mod2(2 * m + 1), (1 - cos(pi * (2 * m + 1), evaluate=False)) / 2)

    @numeric()
    def bits_in_torch(ctx) -> None:
        """torch bitwise ops: bit j has period 2^(j+1) and flips after 2^j; (1 − cos πn)/2 is the LSB"""
        from derivations import _sinusoidal as S

        torch = ctx.torch
        count = torch.arange(N_MAX + 1, device=ctx.device)
        periodic, flips = [], []
        for jj in range(J_MAX + 1):
            bits = torch.bitwise_and(torch.bitwise_right_shift(count, jj), 1)
            p, half = 2 ** (jj + period_shift), 2**jj
            periodic.append(torch.equal(bits[p:], bits[:-p]))
            flips.append(torch.equal(bits[half:], 1 - bits[:-half]))
        ctx.exact(f"bit j repeats after 2^(j+{period_shift}), j ≤ {J_MAX}, n ≤ {N_MAX}", all(periodic), True)
        ctx.exact(f"bit j flips after 2^j (so 2^j is no period), j ≤ {J_MAX}", all(flips), True)
        # LSB as a sinusoid: π·n carries ≤ eps·π·n of angle error (π and the product rounded)
        x = count.to(ctx.dtype)
        lsb = (1 - torch.cos(math.pi * x)) / 2
        tol = Tolerance(0.0, ctx.eps * (math.pi * N_MAX + 3), f"angle error eps·π·n, n ≤ {N_MAX}")
        ctx.close("(1 − cos πn)/2 = n mod 2", lsb, torch.bitwise_and(count, 1).to(ctx.dtype), tol)
        # The table's frequencies shrink by 10000^(2/d) per pair, not by 2 as bits do.
        for dim in (16, 64, 512):
            w = S.frequencies(dim, "interleaved", ctx.device, ctx.dtype)
            ratio = w[:-1] / w[1:]
            # each w_i has relative error ≤ (2·x_i + 2)·eps with x_i ≤ ln 10⁴; a ratio adds the two and one rounding
            tol = Tolerance((4 * math.log(10000) + 5) * ctx.eps, 0.0, "exp of a rounded exponent, twice, plus a division")
            ctx.close(f"d={dim}: ω_i/ω_(i+1) = 10000^(2/d)", ratio, torch.full_like(ratio, 10000 ** (2 / dim)), tol)
            ctx.close(f"d={dim}: ω_i/ω_(i+1) = 2 (the binary analogy)", ratio, torch.full_like(ratio, 2.0), tol,
                      expect=False)

    return claim(
        "binary-bit-periods",
        title="Bit j of n has period $2^{(j+1)}$ and flips every $2^j$ numbers; the LSB is $(1 − \\cos πn)/2$",
        source=source(S2, "LSB 位在每个数字上交替,第二低位在每两个数字上旋转"),
        statement=(
            "For integers $n ≥ 0$ and $j ≥ 0$, $bit_j(n) = ⌊n/2^j⌋$ mod 2 satisfies $bit_j(n + 2^{(j+1)}) = bit_j(n)$ and "
            "$bit_j(n + 2^j) = 1 − bit_j(n)$: the LSB alternates at every number, the next bit every two numbers. "
            "The LSB is the sinusoid $(1 − \\cos πn)/2$ at integers. The analogy with the encoding is loose: its "
            "frequencies shrink by $10000^{(2/d)}$ per pair, which is never 2 for even d (it is 2 only at "
            "$d = 2·\\log ₂10⁴ ≈ 26.58$)."
        ),
        assumptions=("n, j, q, m nonnegative integers", "d even, ω_i = 10000^(−2i/d)"),
        domain={n: (0, N_MAX), j: (0, J_MAX), q: (0, 10**6), m: (0, 10**6), d: (2, 64), i: (0, 30)},
        proof=[
            chain(
                f"period 2^(j+{period_shift})",
                bit(n + period),
                step(shifted, by="$⌊x + integer⌋ = ⌊x⌋ +$ integer"),
                step(bit(n), by="adding 2 keeps the parity"),
            ),
            chain(
                "after $2^j$ steps",
                bit(n + 2**j),
                step(Mod(floor(n / 2**j) + 1, 2), by="$⌊x + 1⌋ = ⌊x⌋ + 1$"),
            ),
            holds("$q = ⌊n/2^j⌋$ even: the bit flips $0 → 1$", flip_even[0], "=", flip_even[1], by="parity"),
            holds("q odd: the bit flips $1 → 0$", flip_odd[0], "=", flip_odd[1], by="parity"),
            holds("LSB, $n = 2m$ even", lsb_even[0], "=", lsb_even[1], by="cos $2πm = 1$"),
            holds("LSB, $n = 2m + 1$ odd", lsb_odd[0], "=", lsb_odd[1], by="cos $(2m+1)π = −1$"),
            holds(
                "frequency ratio of the encoding", 10000 ** (-2 * i / d) / 10000 ** (-2 * (i + 1) / d), "=",
                10000 ** (2 / d), by="exponents subtract",
            ),
            holds("$10000^{(2/d)} = 2 ⇔ d = 2·\\log ₂10⁴$, and $2·\\log ₂10⁴ > 26$", 2 * log(10000) / log(2), ">", 26,
                  by="$\\log ₂10⁴ ≈ 13.29$"),
            holds("… and $2·\\log ₂10⁴ < 28$: no even d in between", 2 * log(10000) / log(2), "<", 28, by="$\\log ₂10⁴ ≈ 13.29$"),
        ],
        numeric=[bits_in_torch],
        perturbations={"period 2^j instead of 2^(j+1)": lambda: build(period_shift=0)},
    )


binary_bit_periods = build()
