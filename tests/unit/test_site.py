"""`derive site`: valid HTML5 pages with MathML and no external script or style, the dependency graph, the
figures, and a real browser that lays the math out (skipped without chromium)."""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner

from checker.cli import main
from tests.unit.test_errata import MATHML_NS, assert_valid_html, write_project


def test_mathml_fragments_are_well_formed_and_text_is_escaped():
    """SymPy's presentation MathML with <, P(…), Ci, d/dt of a sum in parentheses; $…$ through latex2mathml;
    everything else escaped; broken LaTeX shown as its source."""
    import sympy

    from checker.export import mathml

    x, t = sympy.symbols("x t")
    for e in (x < 1, sympy.Ci(x), sympy.Derivative(x * t + t**2, t), sympy.Matrix([[1, x]]), sympy.Subs(x**2, x, 2)):
        out = mathml.expr(e)
        assert out.startswith(f'<math display="block" xmlns="{MATHML_NS}">') and mathml.well_formed(out), out
    assert "<mi>Ci</mi>" in mathml.expr(sympy.Ci(x)) and "<mo>&lt;</mo>" in mathml.relation(x, "<", 2)
    assert '</mfrac><mrow><mo stretchy="false">(</mo>' in mathml.expr(sympy.Derivative(x * t + t**2, t))
    text = mathml.text("a <b> & $x^2$ costs \\$5 and $\\text{a & b}$")
    assert text.startswith("a &lt;b&gt; &amp; <math") and "<msup><mi>x</mi>" in text and "costs $5" in text
    assert text.endswith('<code class="math-source">\\text{a &amp; b}</code>')


def _site(root: Path, *args: str) -> Path:
    """Run `derive site` into a missing nested directory, with a private cache; return the directory."""
    out = root / "out" / "site"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("DERIVE_CACHE_DIR", str(root / "cache"))
        r = CliRunner().invoke(main, ["site", *args, "-o", str(out)])
    assert r.exit_code == 0, r.output
    assert f"to {out}" in r.stdout
    return out


@pytest.fixture(scope="module")
def user_site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("user_site")
    return _site(root, "--no-builtin", "--path", str(write_project(root)), "--dtype", "float64")


@pytest.fixture(scope="module")
def builtin_site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("builtin_site")
    return _site(root, "chernoff-gaussian-tail", "sinusoidal-offset", "remote-decay-integral", "--no-numeric")


def _read(site: Path, name: str) -> str:
    return (site / name).read_text(encoding="utf-8")


def test_site_writes_every_page_valid(user_site):
    """index, errata, graph, one page per claim and the figure; every page valid HTML5; no temporary file left."""
    files = sorted(str(p.relative_to(user_site)) for p in user_site.rglob("*") if p.is_file())
    assert files == ["claims/notes-cube.html", "claims/notes-square.html", "claims/notes-square.png",
                     "claims/notes-sum-square.html", "errata.html", "graph.svg", "index.html"]
    for name in files:
        if name.endswith(".html"):
            assert_valid_html(_read(user_site, name))
    assert (user_site / "claims" / "notes-square.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_every_relative_link_resolves(user_site):
    """Links and images between the pages point at files of the site."""
    for page in user_site.rglob("*.html"):
        for ref in re.findall(r'\b(?:src|href)="([^"#]+)', page.read_text()):
            assert (page.parent / ref).resolve().is_file(), (page.name, ref)


def test_claim_page_has_derivation_numeric_table_figure_and_links(user_site):
    """MathML blocks for the derivation with each step's justification and method; the numeric table; the
    figure; uses/used-by links; author text escaped, its $…$ as MathML."""
    page = _read(user_site, "claims/notes-square.html")
    assert f'<math display="block" xmlns="{MATHML_NS}">' in page
    assert "certified: polynomial over QQ" in page and "the binomial formula, <math" in page
    for cell in ("<th>device</th>", "<th>dtype</th>", "<th>max error</th>", "<th>tolerance</th>", "<th>seed</th>",
                 "<td>float64</td>", "<td>cpu</td>", '<td class="num">1234</td>', "as expected"):
        assert cell in page, cell
    assert '<img src="notes-square.png"' in page
    assert '<a href="notes-sum-square.html">' in page  # used by
    assert "&amp; every &lt;b&gt;x&lt;/b&gt;" in page and "<b>x</b>" not in page
    refuted = _read(user_site, "claims/notes-sum-square.html")
    assert '<a href="notes-square.html">' in refuted and "Counterexample at" in refuted
    assert "z" not in re.sub(r"<[^>]+>", "", refuted.split("Counterexample at")[1].split("</p>")[0])


def test_index_groups_claims_by_source_with_status(user_site):
    """One heading per cited document's title, each claim with its computed status."""
    index = _read(user_site, "index.html")
    assert "<h2 lang=\"en\">Notes on cubes</h2>" in index and "<h2 lang=\"en\">Notes on squares</h2>" in index
    assert index.index("Notes on cubes") < index.index("notes-cube") < index.index("Notes on squares")
    assert ">proved</span>" in index and ">refuted</span>" in index and "3 claims: 1 proved, 2 refuted; all as declared." in index
    assert '<img src="graph.svg"' in index


def test_graph_is_layered_svg_with_statuses_and_arrows(user_site):
    """graph.svg parses as XML: one box per claim colored by status, links, and an arrow for each `uses`."""
    root = ET.fromstring(_read(user_site, "graph.svg"))
    ns = {"s": "http://www.w3.org/2000/svg"}
    links = [a.get("href") for a in root.iter("{http://www.w3.org/2000/svg}a")]
    assert sorted(links) == ["claims/notes-cube.html", "claims/notes-square.html", "claims/notes-sum-square.html"]
    arrows = [p for p in root.findall("s:path", ns) if p.get("marker-end")]
    assert len(arrows) == 1
    boxes = {a.get("href"): a.find("s:g/s:rect", ns) for a in root.iter("{http://www.w3.org/2000/svg}a")}
    assert boxes["claims/notes-square.html"].get("fill") == "#dafbe1"
    assert boxes["claims/notes-sum-square.html"].get("fill") == "#ffebe9"
    assert float(boxes["claims/notes-square.html"].get("x")) < float(boxes["claims/notes-sum-square.html"].get("x"))


def test_site_errata_page_links_the_claims(user_site):
    """errata.html: one article per refuted claim, linking its page, math as MathML."""
    errata = _read(user_site, "errata.html")
    assert errata.count("<article") == 2 and '<a href="claims/notes-sum-square.html">' in errata
    assert "Certified counterexample" in errata and "<math" in errata


def test_site_of_builtin_ids_includes_what_they_use(builtin_site):
    """Named ids bring the claims they use; the Chernoff figure is on its page; symbolic-only says so."""
    pages = sorted(p.name for p in (builtin_site / "claims").glob("*.html"))
    assert pages == ["chernoff-bound.html", "chernoff-gaussian-tail.html", "remote-decay-integral.html",
                     "sinusoidal-dot-product.html", "sinusoidal-offset.html"]
    page = _read(builtin_site, "claims/chernoff-gaussian-tail.html")
    assert_valid_html(page)
    assert '<img src="chernoff-gaussian-tail.png"' in page and (builtin_site / "claims" / "chernoff-gaussian-tail.png").is_file()
    assert "<mi>P</mi>" in page and "probability" not in page.lower().split("<main>")[1].split("statement")[0]
    assert "No numeric confirmation was run." in page
    assert_valid_html(_read(builtin_site, "index.html"))


def test_site_into_a_file_is_a_usage_error(tmp_path):
    """-o naming an existing file exits 2 and writes nothing."""
    target = tmp_path / "file"
    target.write_text("x")
    r = CliRunner().invoke(main, ["site", "sgd-update", "--no-numeric", "-o", str(target)])
    assert r.exit_code == 2 and target.read_text() == "x"


# --- a real browser ------------------------------------------------------------------------------

CHROMIUM = next((p for p in map(shutil.which, ("chromium", "chromium-browser", "google-chrome")) if p), None)
needs_chromium = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (apt-get install chromium)")

PROBE = """<script>
const boxes = Array.from(document.querySelectorAll('math')).map(m => {
  const r = m.getBoundingClientRect();
  return [r.width, r.height, typeof MathMLElement !== 'undefined' && m instanceof MathMLElement];
});
const fracs = Array.from(document.querySelectorAll('mfrac')).map(f =>
  f.children.length === 2 && f.children[0].getBoundingClientRect().bottom <= f.children[1].getBoundingClientRect().top + 2);
document.title = 'PROBE ' + JSON.stringify({boxes: boxes, fracs: fracs});
</script>"""


def _chromium(profile: Path, *args: str) -> subprocess.CompletedProcess[str]:
    cmd = [CHROMIUM, "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-dev-shm-usage",
           f"--user-data-dir={profile}", *args]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120, check=False)


def _math_layout(page: Path, profile: Path) -> dict:
    """Load a copy of ``page`` with a probe script (the site itself has none) and read what it measured."""
    probe = page.with_name(f"_probe-{page.name}")
    probe.write_text(page.read_text(encoding="utf-8").replace("</body>", PROBE + "</body>"), encoding="utf-8")
    try:
        out = _chromium(profile, "--virtual-time-budget=3000", "--dump-dom", probe.as_uri())
    finally:
        probe.unlink()
    m = re.search(r"<title>PROBE (.*?)</title>", out.stdout, re.S)
    assert m, out.stderr[-2000:]
    return json.loads(html.unescape(m[1]))


def _screenshot(page: Path, target: Path, profile: Path) -> None:
    _chromium(profile, "--hide-scrollbars", f"--screenshot={target}", "--window-size=1200,1600", page.as_uri())
    import matplotlib.image

    pixels = matplotlib.image.imread(str(target))
    assert pixels.shape[:2] == (1600, 1200) and pixels.std() > 0.05  # not a blank page


@needs_chromium
def test_math_is_laid_out_by_a_real_browser(builtin_site, user_site, tmp_path):
    """Headless chromium: every <math> is a MathML element with a non-zero box, fractions stack, and the index and
    a claim page screenshot as non-blank pages (kept in $DERIVE_SCREENSHOT_DIR when set)."""
    shots = Path(os.environ.get("DERIVE_SCREENSHOT_DIR", tmp_path))
    shots.mkdir(parents=True, exist_ok=True)
    profile = tmp_path / "profile"
    chernoff = builtin_site / "claims" / "chernoff-gaussian-tail.html"
    assert chernoff.read_text().count("<mfrac") >= 3
    for page in (chernoff, user_site / "claims" / "notes-sum-square.html", builtin_site / "errata.html"):
        layout = _math_layout(page, profile)
        assert len(layout["boxes"]) == page.read_text().count("<math ") >= 5, page
        assert all(w > 0 and h > 0 and is_mathml for w, h, is_mathml in layout["boxes"]), (page, layout["boxes"])
        assert all(layout["fracs"]) and len(layout["fracs"]) == page.read_text().count("<mfrac"), page
    _screenshot(builtin_site / "index.html", shots / "index.png", profile)
    _screenshot(builtin_site / "claims" / "chernoff-gaussian-tail.html", shots / "chernoff-gaussian-tail.png", profile)
