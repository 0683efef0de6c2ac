"""HTML5 pages of the site: the shell (inline CSS, no script, no external URL), the index and the errata."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from html import escape

from checker.export import mathml
from checker.export.erratum import Erratum
from checker.export.markdown import _capital, counterexample, what_is_wrong
from checker.export.palette import STATUS_COLORS

_CJK = re.compile(r"[\u3000-\u9fff\uac00-\ud7af\uff00-\uffef]")

_CSS = """
body{font-family:"DejaVu Sans",Helvetica,Arial,sans-serif;max-width:64rem;margin:0 auto;padding:0 1.2rem 3rem;
color:#1f2328;line-height:1.5;background:#fff}
header nav{padding:.8rem 0;border-bottom:1px solid #d0d7de;margin-bottom:1rem}
header nav a{margin-right:1rem}
a{color:#0969da;text-decoration:none}a:hover{text-decoration:underline}
h1{font-size:1.6rem;margin:.6rem 0}h2{font-size:1.25rem;margin-top:2rem;border-bottom:1px solid #d0d7de}
h3{font-size:1.05rem;margin-top:1.4rem}
code{font-family:"DejaVu Sans Mono",monospace;font-size:.9em;background:#f6f8fa;padding:0 .25em;border-radius:3px}
math{font-family:"Latin Modern Math","STIX Two Math","DejaVu Math TeX Gyre","Cambria Math",math;font-size:1.1em}
math[display=block]{margin:.3rem 0;overflow-x:auto;overflow-y:hidden}
blockquote{margin:.5rem 0;padding:.4rem 1rem;border-left:4px solid #d0d7de;background:#f6f8fa}
.cite{color:#57606a;margin:.2rem 0 .8rem}
.badge{display:inline-block;padding:0 .55em;border-radius:1em;font-size:.8rem;font-weight:bold;border:1px solid;
vertical-align:middle;white-space:nowrap}
.notok{color:#cf222e;font-weight:bold}
table{border-collapse:collapse;margin:.5rem 0;width:100%}
th,td{border:1px solid #d0d7de;padding:.25rem .5rem;vertical-align:middle;text-align:left}
th{background:#f6f8fa;font-size:.9rem}
td.num{font-family:"DejaVu Sans Mono",monospace;font-size:.85rem;white-space:nowrap}
table.numeric{table-layout:fixed;font-size:.85rem}table.numeric td{overflow-wrap:anywhere}
td.small{font-size:.8rem;color:#424a53}th.check{background:#eef1f4;font-weight:normal;font-style:italic}
table.derivation{table-layout:fixed}table.derivation td.expr{overflow-x:auto}
td.expr math[display=block]{display:inline math;math-style:normal}
table.derivation td.by{font-size:.9rem;color:#424a53}
table.derivation td.verdict{font-size:.85rem;white-space:nowrap}
.method{display:block;color:#57606a;font-size:.8rem;white-space:normal}
ul.claims{list-style:none;padding-left:0}ul.claims li{margin:.3rem 0}
dl.erratum dt{font-weight:bold;margin-top:.4rem}dl.erratum dd{margin-left:1.2rem}
figure{margin:1rem 0}figure img{max-width:100%;height:auto;border:1px solid #d0d7de}
figcaption{color:#57606a;font-size:.9rem}
.graph img{max-width:100%;height:auto;border:1px solid #d0d7de}
footer{margin-top:3rem;color:#57606a;font-size:.85rem;border-top:1px solid #d0d7de;padding-top:.6rem}
"""


def lang_of(text: str) -> str:
    """``zh`` for a quote in Chinese (so the browser picks a CJK font), else ``en``."""
    return "zh" if _CJK.search(text) else "en"


def badge(status: str, ok: bool = True, label: str = "") -> str:
    """A colored pill naming ``status`` (or ``label`` in its colors), then a warning when not ``ok``."""
    fill, stroke = STATUS_COLORS.get(status, STATUS_COLORS["error"])
    mark = "" if ok else ' <span class="notok">— NOT as declared</span>'
    style = f"background:{fill};border-color:{stroke};color:{stroke}"
    return f'<span class="badge" style="{style}">{escape(label or status)}</span>{mark}'


def page(title: str, body: str, root: str = "", nav: bool = True) -> str:
    """A complete HTML5 document; ``root`` is the relative path back to the site's top (``../`` from a claim)."""
    links = (f'<header><nav><a href="{root}index.html">Claims</a><a href="{root}errata.html">Errata</a>'
             f'<a href="{root}graph.svg">Dependency graph</a></nav></header>') if nav else ""
    return "\n".join([
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(title)}</title>",
        f"<style>{_CSS}</style>",
        "</head>",
        "<body>",
        links,
        "<main>",
        body,
        "</main>",
        '<footer>Checked and rendered by <code>derive</code>. Math is MathML: it needs no script and no network.</footer>',
        "</body>",
        "</html>",
        "",
    ])


# --- the index ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    """One claim as the index lists it."""

    id: str
    title: str
    source: str  # the cited document's title (or file)
    status: str
    ok: bool


def index_page(entries: Sequence[Entry], broken: Sequence[tuple[str, str]], summary: str, settings: str) -> str:
    groups: dict[str, list[Entry]] = {}
    for e in entries:
        groups.setdefault(e.source, []).append(e)
    body = ["<h1>Checked derivations</h1>", f"<p>{escape(summary)}</p>", f"<p class=\"cite\">{escape(settings)}</p>",
            '<p>See also: <a href="errata.html">the errata</a> (every false statement of the sources, with its '
            'counterexample and correction).</p>']
    for source in sorted(groups):
        body.append(f'<h2 lang="{lang_of(source)}">{escape(source)}</h2>')
        body.append('<ul class="claims">')
        for e in groups[source]:
            body.append(f'<li>{badge(e.status, e.ok)} <a href="claims/{escape(e.id)}.html">{mathml.text(e.title)}</a> '
                        f"<code>{escape(e.id)}</code></li>")
        body.append("</ul>")
    if broken:
        body.append("<h2>Claim files that failed to import</h2><ul>")
        body += [f"<li><code>{escape(f)}</code>: {escape(r)}</li>" for f, r in broken]
        body.append("</ul>")
    body.append('<h2>Dependency graph</h2><p class="graph"><a href="graph.svg">'
                '<img src="graph.svg" alt="Dependency graph of the claims: which claim uses which, colored by status">'
                "</a></p>")
    return page("Checked derivations", "\n".join(body))


# --- the errata --------------------------------------------------------------------------------


def _math(plain: str, latex: str) -> str:
    return mathml.sympy_tex(latex)


def _erratum(e: Erratum, links: bool, status: Mapping[str, str]) -> str:
    title = mathml.text(e.title)
    heading = f'<a href="claims/{escape(e.id)}.html">{title}</a>' if links else title
    line = f", line {e.line}" if e.line else ""
    if e.formula is None:
        read_as = mathml.text(e.read_as)
    elif e.formula.latex:
        read_as = f"{mathml.text(e.read_as)}: {e.formula.mathml}"
    else:
        where = f'<a href="claims/{escape(e.id)}.html">on its page</a>' if links else f"<code>derive show {escape(e.id)}</code>"
        read_as = f"{mathml.text(e.read_as)} (the formula is too long to quote here: {where})"
    wrong = mathml.text(e.title) if e.recorded else escape_sentence(_capital(what_is_wrong(e, _math)))
    correction = mathml.text(e.correction)
    if e.correction_status:
        correction += f' <span class="cite">({escape(e.correction_status)})</span>'
    verdict = status.get(e.id, "recorded" if e.recorded else "refuted")
    return "\n".join([
        f'<article id="{escape(e.id)}">',
        f"<h2>{heading} {badge(verdict, e.ok)}</h2>",
        f"<p><code>{escape(e.id)}</code></p>",
        f'<blockquote lang="{lang_of(e.quote)}">{escape(e.quote)}</blockquote>',
        f'<p class="cite">— <span lang="{lang_of(e.source_title)}">{escape(e.source_title)}</span>{line} '
        f"(<code>{escape(e.file)}</code>)</p>",
        '<dl class="erratum">',
        f"<dt>Read as</dt><dd>{read_as}</dd>",
        f"<dt>What is wrong</dt><dd>{wrong}</dd>",
        f"<dt>Certified counterexample</dt><dd>{escape_sentence(counterexample(e, _math))}</dd>",
        f"<dt>Correction</dt><dd>{correction}</dd>",
        "</dl>",
        f'<p class="cite"><em>{escape(e.checked)}</em></p>',
        *(f'<p class="notok">{escape(t)}</p>' for t in e.trivial),
        "</article>",
    ])


def escape_sentence(s: str) -> str:
    """A sentence made of fixed words and MathML fragments: escape the words, keep the ``<math>`` elements."""
    parts = re.split(r"(<math\b.*?</math>|<code class=\"math-source\">.*?</code>)", s, flags=re.S)
    return "".join(p if i % 2 else escape(p, quote=False) for i, p in enumerate(parts))


def errata_page(entries: Sequence[Erratum], links: bool = True, status: Mapping[str, str] | None = None) -> str:
    """The errata as a page; ``links`` to the claims' pages inside a site (not for a standalone page)."""
    intro = ("<p>Statements of the sources that are false or need a qualification. Each mathematical one was checked "
             "by <code>derive</code>: the counterexample is evaluated at high precision, and the correction is "
             "proved step by step.</p>")
    body = ["<h1>Errata</h1>", intro] + [_erratum(e, links, status or {}) for e in entries]
    if not entries:
        body.append("<p>No claim declares a refutation.</p>")
    return page("Errata", "\n".join(body), nav=links)
