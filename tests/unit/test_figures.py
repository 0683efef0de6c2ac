"""The catalog's figures: each has a title and labelled axes; the Chernoff figure shows the refuted Z² − 1 case;
the refuted claims where a picture shows the error carry one.

The figures run torch, so they are drawn in a forked child (as `derive plot` and `derive site` do): torch's
thread pool in the pytest process would make later forked children hang.
"""

from __future__ import annotations

import math

import pytest

from checker import isolation

# refuted (or easily misread) claims whose error a picture shows better than text
ILLUSTRATED = ("sinusoidal-dot-product", "pe-position-range", "remote-decay-integral", "self-token-max-score",
               "sinusoidal-wavelength-range", "mlm-mask-rates", "attention-quadratic")


def _in_child(fn):
    out = isolation.call_isolated(fn, timeout=300, memory_mb=4096)
    assert not isinstance(out, (isolation.TimedOut, isolation.Crashed)), out
    return out


def _survey() -> dict:
    """Every built-in figure, drawn: per claim, its axes as (title, xlabel, ylabel, is a colorbar)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from checker import registry
    from derivations._plots import PLOTS, figure_for

    catalog = registry.load(plugins=False)
    own = sorted(c.id for c in catalog.claims.values() if c.figure is not None)
    axes = {}
    for c in catalog.claims.values():
        make = figure_for(c)
        if make is None:
            continue
        fig = make()
        axes[c.id] = [(ax.get_title(), ax.get_xlabel(), ax.get_ylabel(), ax.get_label() == "<colorbar>") for ax in fig.axes]
        plt.close(fig)
    return {"own": own, "plots": sorted(PLOTS), "axes": axes}


@pytest.fixture(scope="module")
def survey() -> dict:
    return _in_child(_survey)


def test_the_illustrated_claims_carry_their_own_figure(survey):
    """Seven claims declare figure=...; derive plot and the site find every built-in figure through figure_for."""
    assert set(ILLUSTRATED) <= set(survey["own"])
    assert set(survey["plots"]) | set(ILLUSTRATED) == set(survey["axes"])


def test_every_figure_has_a_title_and_labelled_axes(survey):
    """fig.axes[0] (and every other plot of the figure) has a title, an x label and a y label."""
    for name, axes in sorted(survey["axes"].items()):
        plots = [a for a in axes if not a[3]]
        assert plots and plots[0] == axes[0], name
        for title, xlabel, ylabel, _ in plots:
            assert title.strip(), f"{name}: an axes has no title"
            assert xlabel.strip() and ylabel.strip(), f"{name}: unlabelled axis on '{title}'"


def _chernoff_at_6() -> tuple[str, float, float, float]:
    import matplotlib

    matplotlib.use("Agg")
    from derivations._plots import PLOTS

    ax = PLOTS["chernoff-gaussian-tail"]().axes[0]
    lines = {ln.get_label(): ln for ln in ax.get_lines()}
    tail = next(ln for label, ln in lines.items() if label.startswith("P(Z² − 1 ≥ ε)"))
    bound = next(ln for label, ln in lines.items() if label.startswith("bound exp(−ε²/2σ²)"))
    xs = list(tail.get_xdata())
    at = xs.index(min(xs, key=lambda e: abs(e - 6)))
    return ax.get_title(), float(xs[at]), float(tail.get_ydata()[at]), float(bound.get_ydata()[at])


def test_chernoff_figure_shows_the_refuted_case():
    """The Z² − 1 tail, erfc(√((1+ε)/2)), is drawn against exp(−ε²/4) and lies above it at ε = 6."""
    title, eps, tail, bound = _in_child(_chernoff_at_6)
    assert abs(eps - 6) < 1e-9 and "Z² − 1" in title
    assert tail == pytest.approx(math.erfc(math.sqrt(3.5)), rel=1e-12)
    assert bound == pytest.approx(math.exp(-9), rel=1e-12)
    assert tail > 60 * bound
