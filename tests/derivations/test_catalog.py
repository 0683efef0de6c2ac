"""Meta-tests over the registry: ids, sources, shape, and every claim and perturbation checked on CPU."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from checker import Options, Outcome, Verdict, registry, run

CATALOG = registry.load()
CLAIMS = list(CATALOG.claims.values())
CLAIMS_MD = Path(__file__).resolve().parents[2] / "docs" / "CLAIMS.md"
CPU = Options(devices=("cpu",), dtypes=("float64", "float32"), seed=1234)


def catalog_ids() -> set[str]:
    return set(re.findall(r"^\| `([a-z0-9-]+)` \|", CLAIMS_MD.read_text(), flags=re.M))


def test_no_module_fails_to_import():
    """Every built-in derivation module imports."""
    assert CATALOG.broken == ()


def test_ids_are_known_to_the_catalog_document():
    """Every id is one of CLAIMS.md's."""
    assert set(CATALOG.claims) <= catalog_ids()


@pytest.mark.parametrize("claim", CLAIMS, ids=lambda c: c.id)
def test_quote_is_verbatim_in_its_source(claim):
    """The cited file ships with the project and contains the quote."""
    assert claim.source.quote in registry.source_text(claim.source.file)


@pytest.mark.parametrize("claim", CLAIMS, ids=lambda c: c.id)
def test_claim_has_steps_numeric_and_a_perturbation(claim):
    """At least one step and one numeric confirmation (unless an erratum), and a perturbation."""
    if claim.erratum is None:
        assert claim.proof and claim.numeric
        assert claim.perturbations
    if claim.expect is Verdict.REFUTED and claim.erratum is None:
        assert claim.refutes is not None


@pytest.mark.parametrize("claim", CLAIMS, ids=lambda c: c.id)
def test_claim_checks_out_on_cpu(claim):
    """Symbolic steps and numeric confirmations give the declared outcome (an erratum only is recorded)."""
    (result,) = run([claim], CPU)
    assert result.ok, result.reason
    recorded = claim.erratum is not None and claim.refutes is None  # an erratum only: recorded, not checked
    assert result.status is (Verdict.RECORDED if recorded else claim.expect)


PERTURBED = [(c.id, name, make) for c in CLAIMS for name, make in c.perturbations.items()]


@pytest.mark.parametrize(("claim_id", "name", "make"), PERTURBED, ids=[f"{i}:{n}" for i, n, _ in PERTURBED])
def test_perturbation_is_rejected(claim_id, name, make):
    """A perturbed claim (wrong sign or constant, or a 'fixed' counterexample) does not pass."""
    (result,) = run([make()], CPU)
    assert not result.ok, f"{claim_id}: perturbation '{name}' was not rejected"


HEADLINE = {
    "sinusoidal-offset": "flipped sign of sin in M",
    "sgd-update": "+α instead of −α",
    "chernoff-gaussian-tail": "exp(−ε²/σ²) instead of exp(−ε²/2σ²)",
}


@pytest.mark.parametrize("claim_id", sorted(HEADLINE))
def test_headline_perturbations_fail_both_symbolically_and_numerically(claim_id):
    """The three headline perturbations are caught by a refuted step AND by a numeric mismatch."""
    perturbed = CATALOG.claims[claim_id].perturbations[HEADLINE[claim_id]]()
    (result,) = run([perturbed], CPU)
    proof_steps = [s for s in result.steps if s.role == "proof"]
    assert any(s.verdict is Verdict.REFUTED and s.counterexample is not None for s in proof_steps)
    assert any(n.outcome in (Outcome.CONTRADICTED, Outcome.INCONCLUSIVE) and not n.ok for n in result.numeric)


def test_ids_match_the_catalog_document_exactly():
    """Every id of CLAIMS.md has a module, and no module invents one."""
    assert set(CATALOG.claims) == catalog_ids()


@pytest.mark.skipif(__import__("shutil").which("pdflatex") is None, reason="pdflatex is not installed (CI installs it)")
def test_latex_of_every_claim_compiles(tmp_path):
    """One document with every claim compiles with pdflatex."""
    from checker.export.latex import compile_pdf, document

    tex = tmp_path / "all.tex"
    tex.write_text(document(CLAIMS, {}))
    assert compile_pdf(tex).read_bytes().startswith(b"%PDF")
