"""MatrixSymbol identities: closed by SymPy's matrix-expression algebra, probed at small sizes, refuted by values or shapes."""

from __future__ import annotations

from sympy import BlockDiagMatrix, MatrixSymbol, symbols

from checker import Options, chain, check_claim, claim, refutes, source, step
from checker.model import Verdict
from checker.obligation import Obligation
from checker.symbolic import verify

n, m = symbols("n m", integer=True, positive=True)
A, B = MatrixSymbol("A", n, m), MatrixSymbol("B", m, n)
S, T, U = (MatrixSymbol(x, n, n) for x in "STU")


def _check(lhs, rhs, domain=None):
    return verify(Obligation(lhs, "=", rhs, domain or {}), 0)


def test_transpose_of_a_product_is_proved_and_the_unswapped_one_refuted_by_values():
    """(ST)ᵀ = TᵀSᵀ is proved by matrix algebra; (ST)ᵀ = SᵀTᵀ is refuted with n and every entry drawn."""
    good = _check((S * T).T, T.T * S.T)
    assert good.verdict is Verdict.PROVED and good.strategy.startswith("matrix")
    bad = _check((S * T).T, S.T * T.T)
    assert bad.verdict is Verdict.REFUTED
    values = bad.counterexample.values
    size = int(values["n"])
    assert size >= 2 and {"S[0, 0]", "T[0, 0]", f"T[{size - 1}, {size - 1}]"} <= set(values)


def test_non_square_transpose_is_refuted_by_its_shape():
    """A: n×m, B: m×n with n = 1 < m. (AB)ᵀ is 1×1 but AᵀBᵀ is m×m: refuted by shape, naming n and m."""
    narrow = {n: (1, 1), m: (2, 4)}
    assert _check((A * B).T, B.T * A.T, narrow).verdict is Verdict.PROVED
    bad = _check((A * B).T, A.T * B.T, narrow)
    assert bad.verdict is Verdict.REFUTED
    assert bad.counterexample.values["n"] != bad.counterexample.values["m"]
    assert bad.counterexample.lhs.startswith("shape")


def test_associativity_is_proved_and_a_reordering_refuted():
    """(ST)U = S(TU) for every n; (ST)U = (TS)U is refuted at some n ≥ 2."""
    assert _check((S * T) * U, S * (T * U)).verdict is Verdict.PROVED
    assert _check((S * T) * U, (T * S) * U).verdict is Verdict.REFUTED


def test_block_diagonal_product_is_proved_and_swapped_blocks_refuted():
    """diag(S, T)·diag(T, S) = diag(ST, TS) by block collapse; diag(ST, ST) is refuted."""
    lhs = BlockDiagMatrix(S, T) * BlockDiagMatrix(T, S)
    good = _check(lhs, BlockDiagMatrix(S * T, T * S))
    assert good.verdict is Verdict.PROVED and "block" in good.strategy
    assert _check(lhs, BlockDiagMatrix(S * T, S * T)).verdict is Verdict.REFUTED


def test_matrix_claim_checks_through_the_runner_without_crashing():
    """A claim of MatrixSymbol steps and a refuted source statement checks as declared (no RecursionError)."""
    made = claim(
        "matrix-test", title="t", source=source("seed.txt", "q"), statement="s", expect="refuted",
        refutes=refutes((S * T).T, "=", S.T * T.T, by="transpose", correction="(ST)ᵀ = TᵀSᵀ"),
        proof=[chain("assoc", (S * T) * U, step(S * (T * U), by="associativity"))],
    )
    res = check_claim(made, Options(numeric=False))
    assert res.ok, res.reason
    assert [s.verdict for s in res.steps] == [Verdict.REFUTED, Verdict.PROVED]


def test_traces_and_entries_are_probed_at_concrete_sizes():
    """tr(S + T) = tr S + tr T is proved; tr(ST) = tr S · tr T is refuted with n and the entries drawn."""
    from sympy import Trace

    assert _check(Trace(S + T), Trace(S) + Trace(T)).verdict is Verdict.PROVED
    bad = _check(Trace(S * T), Trace(S) * Trace(T))
    assert bad.verdict is Verdict.REFUTED and {"n", "S[0, 0]", "T[0, 0]"} <= set(bad.counterexample.values)


def test_a_product_equals_its_explicit_entries():
    """With 2×2 symbols, AB equals the matrix of Σ_k A[i,k]B[k,j] (closed entry by entry), not its transpose.

    A matrix expression against an explicit Matrix is no shape mismatch: the shapes are compared at sizes."""
    from sympy import Matrix

    P, Q = MatrixSymbol("P", 2, 2), MatrixSymbol("Q", 2, 2)
    explicit = Matrix(2, 2, lambda r, c: sum(P[r, k] * Q[k, c] for k in range(2)))
    good = _check(P * Q, explicit)
    assert good.verdict is Verdict.PROVED and good.strategy == "matrix entries"
    bad = _check(P * Q, explicit.T)
    assert bad.verdict is Verdict.REFUTED and "P[0, 1]" in bad.counterexample.values
