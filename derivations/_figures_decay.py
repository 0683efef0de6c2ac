"""The remote-decay integral I(k) = ∫₀¹ cos(kθ_t) dt: θ_t = t crosses zero, and so does θ_t = 10000^(−t)."""

from __future__ import annotations

import math
from typing import Any

BASE = 10000
CROSSING = 6166.5  # I(6166) > 0 > I(6167), certified by the claim


def decay_zero_crossing() -> Any:
    """Left: sin k / k for θ_t = t. Right: (Ci(k) − Ci(k/10⁴))/ln 10⁴, which turns negative after k = 6166."""
    import matplotlib.pyplot as plt
    import numpy as np
    from scipy.special import sici

    fig, (lin, exp_) = plt.subplots(1, 2, figsize=(11, 4.2))
    k = np.linspace(0.05, 20, 800)
    lin.plot(k, np.sin(k) / k, color="C1", label="θ_t = t: I(k) = sin k / k")
    lin.axhline(0, color="grey", lw=0.6)
    lin.plot([math.pi], [0], "o", color="C3", label="first zero: k = π")
    lin.set_xlabel("k")
    lin.set_ylabel("I(k)")
    lin.set_title("θ_t = t: the curve meets the axis (the source's exception)")
    lin.legend(fontsize=8)
    k = np.linspace(1, 12000, 4000)
    integral = (sici(k)[1] - sici(k / BASE)[1]) / math.log(BASE)
    exp_.plot(k, integral, color="C0", lw=0.9, label="θ_t = 10000^(−t): I(k) = (Ci(k) − Ci(k/10⁴)) / ln 10⁴")
    exp_.axhline(0, color="grey", lw=0.6)
    exp_.axvline(CROSSING, color="C3", ls="--", lw=0.8)
    exp_.annotate("I(6166) > 0 > I(6167)", xy=(CROSSING, 0), xytext=(7000, 0.05), color="C3",
                  arrowprops={"arrowstyle": "->", "color": "C3"})
    exp_.set_ylim(-0.06, 0.12)
    exp_.set_xlabel("k")
    exp_.set_ylabel("I(k) (zoomed near 0)")
    exp_.set_title("θ_t = 10000^(−t): the curve meets the axis too")
    exp_.legend(fontsize=8, loc="upper right")
    fig.tight_layout()
    return fig
