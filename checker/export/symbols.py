"""Unicode math characters and their LaTeX commands: one table for author text, quotes and SymPy output.

φ and ϕ both map to ``\\phi``, which is how SymPy prints the symbol named ``phi``: one letter, one glyph.
"""

from __future__ import annotations

import re

MATH = {
    "α": r"\alpha", "β": r"\beta", "γ": r"\gamma", "δ": r"\delta", "ε": r"\varepsilon", "ϵ": r"\epsilon",
    "ζ": r"\zeta", "η": r"\eta", "θ": r"\theta", "ϑ": r"\vartheta", "ι": r"\iota", "κ": r"\kappa",
    "λ": r"\lambda", "μ": r"\mu", "ν": r"\nu", "ξ": r"\xi", "π": r"\pi", "ρ": r"\rho", "σ": r"\sigma",
    "τ": r"\tau", "υ": r"\upsilon", "φ": r"\phi", "ϕ": r"\phi", "χ": r"\chi", "ψ": r"\psi", "ω": r"\omega",
    "Γ": r"\Gamma", "Δ": r"\Delta", "Θ": r"\Theta", "Λ": r"\Lambda", "Ξ": r"\Xi", "Π": r"\Pi",
    "Σ": r"\Sigma", "Φ": r"\Phi", "Ψ": r"\Psi", "Ω": r"\Omega",
    "∂": r"\partial", "∇": r"\nabla", "≤": r"\le", "≥": r"\ge", "≠": r"\ne", "≈": r"\approx", "→": r"\to",
    "←": r"\leftarrow", "⇒": r"\Rightarrow", "⇔": r"\Leftrightarrow", "↦": r"\mapsto", "∈": r"\in",
    "∉": r"\notin", "⊂": r"\subset", "⊆": r"\subseteq", "∪": r"\cup", "∩": r"\cap", "×": r"\times",
    "·": r"\cdot", "⋅": r"\cdot", "∘": r"\circ", "⊙": r"\odot", "⊗": r"\otimes", "⊕": r"\oplus",
    "−": "-", "±": r"\pm", "∓": r"\mp", "÷": r"\div", "√": r"\surd", "∞": r"\infty", "…": r"\ldots",
    "⋯": r"\cdots", "‖": r"\|", "∫": r"\int", "∑": r"\sum", "∏": r"\prod", "∀": r"\forall", "∃": r"\exists",
    "≡": r"\equiv", "∼": r"\sim", "≅": r"\cong", "≪": r"\ll", "≫": r"\gg", "∝": r"\propto", "⊤": r"\top",
    "⌊": r"\lfloor", "⌋": r"\rfloor", "⌈": r"\lceil", "⌉": r"\rceil", "⟨": r"\langle", "⟩": r"\rangle",
    "ℤ": r"\mathbb{Z}", "ℝ": r"\mathbb{R}", "ℕ": r"\mathbb{N}", "ℚ": r"\mathbb{Q}", "ℂ": r"\mathbb{C}",
    "ℓ": r"\ell", "ŷ": r"\hat{y}", "½": r"\tfrac{1}{2}", "°": r"^{\circ}", "∅": r"\emptyset", "¬": r"\neg",
    "∧": r"\wedge", "∨": r"\vee", "′": "'", "″": "''",
    "²": "^{2}", "³": "^{3}", "¹": "^{1}", "⁰": "^{0}", "⁴": "^{4}", "⁵": "^{5}", "⁶": "^{6}", "⁷": "^{7}",
    "⁸": "^{8}", "⁹": "^{9}", "⁻": "^{-}", "⁺": "^{+}", "ᵀ": "^{T}", "ⁿ": "^{n}", "ᵢ": "_{i}", "ⱼ": "_{j}",
    "₀": "_{0}", "₁": "_{1}", "₂": "_{2}", "₃": "_{3}", "₄": "_{4}", "₅": "_{5}", "₆": "_{6}", "₇": "_{7}",
    "₈": "_{8}", "₉": "_{9}", "ₖ": "_{k}", "ₜ": "_{t}", "ₙ": "_{n}",
}
TEXT = {"–": "--", "—": "---", "“": "``", "”": "''", "‘": "`", "’": "'", "\u0302": "", "\u00a0": "~",
        "é": r"\'e", "è": r"\`e", "ü": r"\"u", "ö": r"\"o", "ä": r"\"a", "ç": r"\c{c}", "ß": r"\ss{}",
        "à": r"\`a", "É": r"\'E", "ñ": r"\~n", "í": r"\'i", "á": r"\'a", "ó": r"\'o", "ú": r"\'u",
        "•": r"\textbullet{}", "§": r"\S{}", "€": r"\texteuro{}", "✓": r"\ensuremath{\checkmark}"}


_SCRIPT = re.compile(r"[⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺ⁿᵀ]{2,}|[₀₁₂₃₄₅₆₇₈₉ₖₜₙᵢⱼ]{2,}")


def _merge_scripts(m: re.Match[str]) -> str:
    """``x⁻²`` is one superscript ``^{-2}``, not two."""
    run = m.group(0)
    return ("^{" if MATH[run[0]][0] == "^" else "_{") + "".join(MATH[c][2:-1] for c in run) + "}"


def unicode_math(tex: str) -> str:
    """Math-mode LaTeX with its Unicode math characters as commands (SymPy prints ``Symbol('θ')`` as θ)."""
    if tex.isascii():
        return tex
    tex = _SCRIPT.sub(_merge_scripts, tex)
    out = []
    for i, ch in enumerate(tex):
        cmd = MATH.get(ch)
        if cmd is None:
            out.append(ch if ord(ch) < 128 else rf"\text{{[U+{ord(ch):04X}]}}")
            continue
        nxt = tex[i + 1] if i + 1 < len(tex) else ""
        out.append(cmd + (" " if cmd[-1].isalpha() and (nxt.isalpha() or nxt.isdigit()) else ""))
    return "".join(out)


def is_cjk(ch: str) -> bool:
    """A Chinese, Japanese or Korean character, or CJK punctuation (fullwidth forms included)."""
    o = ord(ch)
    return 0x2E80 <= o <= 0x9FFF or 0xF900 <= o <= 0xFAFF or 0xFE30 <= o <= 0xFE4F or 0xFF00 <= o <= 0xFFEF
