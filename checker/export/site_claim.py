"""One claim's page: citation, statement, the derivation in MathML with each step's verdict and method,
the numeric confirmations, the figure and the claims it uses."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape

from checker.export import mathml
from checker.export.erratum import witness
from checker.export.markdown import _TEX
from checker.export.site_pages import badge, lang_of, page
from checker.model import Claim, ClaimResult, NumericResult, Source, StepResult, Verdict
from checker.status import TRIVIAL_TEXT, status_text


def _cite(src: Source, line: int | None) -> str:
    role = "" if src.role == "states" else f" ({escape(src.role)})"
    title = f'<span lang="{lang_of(src.title)}">{escape(src.title)}</span>, ' if src.title else ""
    where = f", line {line}" if line else ""
    return (f'<blockquote lang="{lang_of(src.quote)}">{escape(src.quote)}</blockquote>'
            f'<p class="cite">— {title}<code>{escape(src.file)}</code>{where}{role}</p>')


def _line(src: Source) -> int | None:
    from checker.registry import source_text
    from checker.report.show import quote_line

    try:
        text = source_text(src)
    except OSError:
        return None
    i = quote_line(text, src.quote)
    return None if i is None else i + 1


def _method(s: StepResult | None) -> str:
    """The step's verdict and how it was reached: certified (exact) or rewrite + probe."""
    if s is None:
        return '<span class="method">not checked</span>'
    how = ""
    if s.verdict is Verdict.PROVED:
        how = f"certified: {s.method}" if s.certified else f"{s.method or 'method not recorded'}" + (
            f" ({s.strategy})" if s.strategy else "")
    elif s.detail:
        how = s.detail
    if s.cached:
        how += " · from the proof cache"
    flag = f'<span class="method notok">{escape(TRIVIAL_TEXT)}</span>' if s.trivial else ""
    return f'{badge(s.verdict.value)}<span class="method">{escape(how)}</span>{flag}'


def _chain_rows(start: object, steps: Sequence[tuple[str, object, str, StepResult | None]]) -> str:
    rows = [f'<tr><td class="expr" colspan="3">{mathml.expr(start)}</td></tr>']
    for rel, expr, by, result in steps:
        inner = mathml.expr_inner(expr)
        shown = (mathml.wrap(f"<mrow><mo>{_REL_MO[rel]}</mo>{inner}</mrow>", True) if inner is not None
                 else escape(rel) + " " + mathml.expr(expr))
        rows.append(f'<tr><td class="expr">{shown}</td><td class="by">{mathml.text(by)}</td>'
                    f'<td class="verdict">{_method(result)}</td></tr>')
    cols = '<colgroup><col style="width:56%"><col style="width:22%"><col style="width:22%"></colgroup>'
    head = "<tr><th>expression</th><th>justification</th><th>verdict</th></tr>"
    return f'<table class="derivation">{cols}{head}' + "".join(rows) + "</table>"


_REL_MO = {"=": "=", "<=": "≤", "<": "&lt;", ">=": "≥", ">": "&gt;", "!=": "≠", "~": "∼", "O": "∈ O", "≈": "≈"}


def _refutation(claim: Claim, s: StepResult | None) -> str:
    r = claim.refutes
    assert r is not None
    out = ["<h2>The source's statement, made precise</h2>", f"<p>{mathml.text(r.by)}</p>",
           mathml.relation(r.lhs, r.rel, r.rhs), f"<p>Verdict: {_method(s)}</p>"]
    if s is not None and s.counterexample is not None:
        w = witness(claim, s.counterexample)
        at = ", ".join(mathml.sympy_tex(f"{v.name_latex} = {v.value_latex}") for v in w.at)
        sides = mathml.sympy_tex(f"{w.lhs_latex} {_TEX[w.rel]} {w.rhs_latex}")
        out.append(f"<p>Counterexample{' at ' + at if at else ''}: {sides} is false "
                   f"({'one entry of each side; ' if w.entry else ''}evaluated at {w.digits} digits).</p>")
    out.append(f"<p><strong>Correction.</strong> {mathml.text(r.correction)}</p>")
    return "\n".join(out)


def _numeric(rows: Sequence[NumericResult]) -> str:
    """One row per comparison (device, dtype, outcome, max error, tolerance, seed), grouped under its check."""
    if not rows:
        return "<p>No numeric confirmation was run.</p>"
    widths = (30, 7, 9, 17, 9, 21, 7)
    cols = "<colgroup>" + "".join(f'<col style="width:{w}%">' for w in widths) + "</colgroup>"
    head = ("<tr><th>comparison</th><th>device</th><th>dtype</th><th>outcome</th><th>max error</th>"
            "<th>tolerance</th><th>seed</th></tr>")
    body = []
    for check in dict.fromkeys(n.check for n in rows):
        body.append(f'<tr><th colspan="7" class="check">check: {mathml.text(check)}</th></tr>')
        for n in (n for n in rows if n.check == check):
            expected = "" if n.ok else f" (expected {n.expected.value})"
            mark = badge("proved", label="as expected") if n.ok else badge("refuted", label="NOT as expected")
            err = "—" if n.max_error is None else f"{n.max_error:.3g}"
            body.append(
                f"<tr><td>{escape(n.name)}</td><td>{escape(n.device)}</td><td>{escape(n.dtype)}</td>"
                f"<td>{mark} {escape(n.outcome.value + expected)}</td><td class=\"num\">{err}</td>"
                f'<td class="small">{escape(n.tolerance)}</td><td class="num">{n.seed}</td></tr>'
            )
    return f'<table class="numeric">{cols}{head}' + "".join(body) + "</table>"


def _links(ids: Sequence[str], status: Mapping[str, ClaimResult]) -> str:
    items = []
    for u in ids:
        res = status.get(u)
        mark = badge(res.status.value, res.ok) if res else ""
        items.append(f'<li>{mark} <a href="{escape(u)}.html">{escape(u)}</a></li>')
    return '<ul class="claims">' + "".join(items) + "</ul>"


def claim_page(claim: Claim, result: ClaimResult | None, results: Mapping[str, ClaimResult],
               used_by: Sequence[str], figure: str | None, figure_error: str = "") -> str:
    """The page ``claims/ID.html``; ``figure`` is the PNG's file name beside it."""
    steps = {(s.chain, s.index, s.role): s for s in (result.steps if result else ())}
    status = result.status.value if result else "not checked"
    body = [f"<h1>{mathml.text(claim.title)}</h1>",
            f"<p><code>{escape(claim.id)}</code> {badge(status, result.ok if result else False)} "
            f"declared {escape(claim.expect.value)}</p>"]
    if result and not result.ok:
        body.append(f'<p class="notok">{escape(result.reason)}</p>')
        if result.reproduce:
            body.append(f"<p>Reproduce: <code>{escape(result.reproduce)}</code></p>")
    body.append("<h2>Source</h2>")
    for src in claim.sources or (claim.source,):
        body.append(_cite(src, _line(src)))
    body.append(f"<h2>Statement</h2><p>{mathml.text(claim.statement)}</p>")
    if claim.assumptions:
        body.append("<p>Assuming:</p><ul>" + "".join(f"<li>{mathml.text(a)}</li>" for a in claim.assumptions) + "</ul>")
    if claim.uses:
        body.append("<h2>Uses</h2>" + _links(claim.uses, results))
    if used_by:
        body.append("<h2>Used by</h2>" + _links(used_by, results))
    if claim.erratum:
        body.append(f"<h2>Erratum</h2><p>{mathml.text(claim.erratum)}</p><p>{escape(status_text(Verdict.RECORDED))}.</p>")
    if claim.refutes is not None:
        body.append(_refutation(claim, steps.get(("source statement", 0, "source"))))
    if claim.proof:
        body.append("<h2>Derivation</h2>")
    for c in claim.proof:
        rows = [(st.rel, st.expr, st.by, steps.get((c.title, i, "proof"))) for i, st in enumerate(c.steps)]
        body.append(f"<h3>{mathml.text(c.title)}</h3>" + _chain_rows(c.start, rows))
    if claim.numeric:
        body.append("<h2>Numeric confirmation against PyTorch</h2>" + _numeric(result.numeric if result else ()))
    if figure:
        body.append(f'<h2>Figure</h2><figure><img src="{escape(figure)}" alt="Figure of {escape(claim.id)}">'
                    f"<figcaption>Drawn by the claim's figure function (matplotlib).</figcaption></figure>")
    elif figure_error:
        body.append(f'<h2>Figure</h2><p class="notok">The figure could not be drawn: {escape(figure_error)}</p>')
    return page(f"{claim.id}: {claim.title}", "\n".join(body), root="../")
