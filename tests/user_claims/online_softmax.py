"""Online softmax (Milakov & Gimelshein 2018): one pass keeps a running maximum and a rescaled running sum.

State after N inputs: ``m`` (the running maximum) and ``s`` (the running sum). The invariant
``s_N = Σ_{i=1}^{N} exp(x_i − m_N)`` holds for every N, so ``exp(x_j − m_N)/s_N`` is the softmax.
"""

from sympy import IndexedBase, Max, Sum, exp, symbols

from checker import claim, numeric, recurrence, rounding_tolerance, source

x = IndexedBase("x", real=True)
i = symbols("i", integer=True, positive=True)
N = symbols("N", integer=True, positive=True)
m, s = symbols("m s", real=True)
m_next = Max(m, x[N + 1])
INVARIANT = {s: Sum(exp(x[i] - m), (i, 1, N))}
SOURCE = source("notes.md", "so that after N elements s_N is the sum of exp(x_i - m_N) over the first N elements")


@numeric()
def one_pass_matches_softmax(ctx):
    """the one-pass running max and sum give torch.softmax"""
    torch = ctx.torch
    v = ctx.randn(64) * 4
    m, s_ = v[0], torch.ones((), dtype=v.dtype, device=v.device)
    for x_next in v[1:]:
        m_new = torch.maximum(m, x_next)
        s_ = s_ * torch.exp(m - m_new) + torch.exp(x_next - m_new)
        m = m_new
    ctx.close("softmax", torch.exp(v - m) / s_, torch.softmax(v, dim=0), rounding_tolerance(ctx.dtype, ops=4 * 64))


def online_softmax_claim(update_s=None, id="user-online-softmax"):
    """The claim; ``update_s`` replaces the update of the running sum (a perturbation)."""
    update = {m: m_next, s: s * exp(m - m_next) + exp(x[N + 1] - m_next) if update_s is None else update_s}
    return claim(
        id, title="Online softmax keeps the rescaled running sum", source=SOURCE,
        statement="For every N ≥ 1, s_N = Σ_{i≤N} exp(x_i − m_N) with m_N the running maximum.",
        proof=[recurrence("running sum", index=N, init={m: x[1], s: 1}, update=update, invariant=INVARIANT,
                          by="online softmax update")],
        numeric=[one_pass_matches_softmax],
        perturbations={"no rescaling": lambda: online_softmax_claim(s + exp(x[N + 1] - m_next), "user-online-softmax-no-rescale")},
    )


online_softmax = online_softmax_claim()
