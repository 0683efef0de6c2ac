"""A fixed offset rotates the sinusoidal encoding: PE(t+φ) = M(φ)·PE(t), with M free of t."""

from __future__ import annotations

from sympy import Matrix, Rational, cos, diag, eye, sin, symbols, zeros

from checker import Tolerance, chain, claim, holds, numeric, source, step
from derivations._calculus import derivative

t, phi = symbols("t phi", real=True)
w = symbols("omega", positive=True)
D = 8  # the d-dimensional statement, written out for d = 8


def pe(x, omega=w):
    return Matrix([sin(omega * x), cos(omega * x)])


def rotation(omega, sign: int = 1) -> Matrix:
    return Matrix([[cos(omega * phi), sign * sin(omega * phi)], [-sign * sin(omega * phi), cos(omega * phi)]])


def build(sign: int = 1) -> object:
    M = rotation(w, sign)
    omegas = [Rational(10000) ** Rational(-2 * k, D) for k in range(D // 2)]
    pe_d = lambda x: Matrix.vstack(*[pe(x, o) for o in omegas])  # noqa: E731
    blocks = diag(*[rotation(o, sign) for o in omegas])

    @numeric()
    def offset_in_torch(ctx) -> None:
        """torch.block_diag(M_k) @ PE(t) equals PE(t+φ) for the practitioners' table"""
        from derivations import _sinusoidal as S

        torch = ctx.torch
        L = 1000
        for layout in S.LAYOUTS:
            for d in (4, 128, 512):
                for shift in (1, 7, 100):
                    t_pos = torch.arange(L - shift, device=ctx.device)
                    rot = S.offset_matrix(float(shift), d, layout, ctx.device, ctx.dtype, sign=sign)
                    moved = S.table(t_pos, d, layout, ctx.dtype) @ rot.T
                    target = S.table(t_pos + shift, d, layout, ctx.dtype)
                    # Error model: the angle pos*w carries ~3 eps*pos of error (product plus the
                    # rounding of w, which comes from exp); each table and M add one such term.
                    bound = ctx.eps * (6 * (L + shift) + 8)
                    tol = Tolerance(ctx.eps, bound, f"angle error 3·eps·pos, pos ≤ {L}, eps={ctx.eps:.1e}")
                    ctx.close(f"{layout} d={d} φ={shift}", moved, target, tol)

    @numeric()
    def table_accuracy(ctx) -> None:
        """the table's error grows linearly in the position, as the error model says"""
        from derivations import _sinusoidal as S

        torch = ctx.torch
        L, d = 4096, 128
        pos = torch.arange(L, device=ctx.device)
        got = S.table(pos, d, "interleaved", ctx.dtype).double()
        ref = S.table(pos, d, "interleaved", torch.float64)
        err = (got - ref).abs().amax(dim=1)
        over = (err > 1e-5).nonzero()
        first_bad = int(over[0]) if len(over) else L
        model = ctx.eps * (3 * pos.double() + 2)
        tol = Tolerance(0.0, float(model.max()), f"3·eps·pos + 2·eps, pos < {L}")
        ctx.close(
            f"{ctx.dtype_name} table vs float64, d={d}", got, ref, tol,
            detail=f"stays within 1e-5 up to position {first_bad - 1}",
        )
        ctx.exact("error below the linear model at every position", bool((err <= model).all()), True)

    return claim(
        "sinusoidal-offset",
        title="A position offset is a rotation of the sinusoidal encoding, independent of t",
        source=source("002_08268fa87384fa98.txt", "最终转换矩阵M不依赖于t"),
        statement=(
            "$M(φ) = [[\\cos ωφ, \\sin ωφ], [−\\sin ωφ, \\cos ωφ]]$ maps $(\\sin ωt, \\cos ωt)$ to $(\\sin ω(t+φ), \\cos ω(t+φ))$; "
            "M is free of t, orthogonal, and has determinant 1; for every even d, "
            "$\\operatorname{PE}(t+φ) = \\operatorname{blockdiag}_k M_k(φ) · \\operatorname{PE}(t)$ with $ω_k = 10000^{(−2k/d)}$."
        ),
        assumptions=("t, φ real", "ω > 0", "d even (written out for d = 8)"),
        proof=[
            chain(
                "2x2 rotation",
                M * pe(t),
                step(
                    Matrix([
                        sin(w * t) * cos(w * phi) + cos(w * t) * sin(w * phi),
                        cos(w * t) * cos(w * phi) - sin(w * t) * sin(w * phi),
                    ]),
                    by="matrix product",
                ),
                step(pe(t + phi), by="angle addition"),
            ),
            holds("M is free of t", derivative(M, t), "=", zeros(2, 2), by="$∂M/∂t = 0$"),
            holds("M is orthogonal", M.T * M, "=", eye(2), by="$\\cos ² + \\sin ² = 1$"),
            holds("det $M = 1$", M.det(), "=", 1, by="$\\cos ² + \\sin ² = 1$"),
            chain(
                f"block-diagonal, d = {D}",
                blocks * pe_d(t),
                step(pe_d(t + phi), by="the 2x2 identity in each block"),
            ),
        ],
        numeric=[offset_in_torch, table_accuracy],
        perturbations={"flipped sign of sin in M": lambda: build(sign=-1)},
    )


sinusoidal_offset = build()
