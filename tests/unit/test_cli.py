"""The command line: output, JSON, exit codes 0/1/2/3, bad input."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from checker.cli import main
from tests.conftest import BROKEN, GOOD, HANGING, WRONG


def invoke(*args: str):
    return CliRunner().invoke(main, list(args))


def test_list_shows_claims_grouped_by_source_without_importing_torch():
    """`derive list` runs in a fresh interpreter without importing torch."""
    code = "import sys; from checker.cli import main; sys.argv=['derive','list']\ntry: main()\nexcept SystemExit: pass\nprint('TORCH' if 'torch' in sys.modules else 'NO-TORCH')"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert "sinusoidal-offset" in out and "Sinusoidal位置编码的精妙" in out  # sources by title
    assert "002_08268fa87384fa98.txt" not in out
    assert out.strip().endswith("NO-TORCH")


def test_check_prints_steps_numeric_and_summary():
    """A passing check exits 0 and shows how each step was proved, numeric rows and a summary."""
    r = invoke("check", "sinusoidal-offset", "--dtype", "float32", "-v")
    assert r.exit_code == 0, r.output
    assert "[certified: exp-polynomial (Laurent) over QQ(i)]" in r.output and "cpu/float32" in r.output
    assert "stays within 1e-5 up to position" in r.output
    assert "1 claim: 1 proved; all as declared" in r.output


def test_default_output_is_a_line_per_claim_with_a_recap_of_failures(claims_dir):
    """Without -v a passing claim is one line; a failing one shows its steps; the recap comes last; -q
    prints only the recap and the summary."""
    d = claims_dir(good=GOOD, wrong=WRONG)
    r = invoke("check", "--all", "--no-builtin", "--path", str(d), "--no-numeric")
    lines = r.output.splitlines()
    assert any(ln.startswith("✔ user-square") for ln in lines) and "binomial, badly" in r.output
    recap = lines.index(next(ln for ln in lines if ln.startswith("Not as declared (1)")))
    assert "user-wrong" in lines[recap + 1] and "derive check user-wrong --path" in lines[recap + 2]
    assert lines[-1].startswith("2 claims: 1 proved, 1 refuted; 1 NOT as declared")
    q = invoke("check", "--all", "--no-builtin", "--path", str(d), "--no-numeric", "-q")
    assert "user-square" not in q.output and "user-wrong" in q.output


def test_json_is_pure_and_has_the_documented_shape():
    """--json prints only JSON with the documented keys."""
    r = invoke("check", "sgd-update", "--json", "--no-numeric")
    assert r.exit_code == 0
    doc = json.loads(r.stdout)
    (c,) = doc["claims"]
    assert {"id", "status", "expected", "ok", "steps", "numeric", "source", "seconds"} <= set(c)
    assert c["status"] == "proved" and c["ok"] is True
    assert set(c["source"]) == {"file", "quote", "path", "role", "title"}


def test_unknown_id_exits_2_with_a_suggestion():
    """A typo gets 'Did you mean'."""
    r = invoke("check", "sinusoidal-ofset")
    assert r.exit_code == 2
    assert "Did you mean 'sinusoidal-offset'" in r.output


@pytest.mark.skipif(__import__("torch").cuda.is_available(), reason="this machine has CUDA")
def test_cuda_without_a_gpu_exits_2():
    """--device cuda on a CPU machine is a usage error with a sentence."""
    r = invoke("check", "sgd-update", "--device", "cuda")
    assert r.exit_code == 2 and "no CUDA device" in r.output


def test_failing_user_claim_exits_1_with_counterexample_and_reproduce_line(claims_dir):
    """A wrong step is refuted: exit 1, counterexample shown, reproduce line printed."""
    d = claims_dir(wrong=WRONG)
    r = invoke("check", "user-wrong", "--path", str(d))
    assert r.exit_code == 1
    assert "counterexample at x=" in r.output
    assert "reproduce: derive check user-wrong" in r.output


def test_no_claims_exits_3(tmp_path):
    """An empty catalog is exit 3."""
    r = invoke("check", "--all", "--no-builtin", "--path", str(tmp_path))
    assert r.exit_code == 3


def test_broken_module_is_an_error_and_the_others_still_run(claims_dir):
    """A file with a syntax error is reported by name; the good claim is still checked."""
    d = claims_dir(good=GOOD, broken=BROKEN)
    r = invoke("check", "--all", "--no-builtin", "--path", str(d), "--json")
    assert r.exit_code == 1
    doc = json.loads(r.stdout)
    by_id = {c["id"]: c for c in doc["claims"]}
    assert by_id["user-square"]["ok"] is True
    broken = [c for c in doc["claims"] if c["status"] == "error"]
    assert len(broken) == 1 and "SyntaxError" in broken[0]["reason"] and "broken.py" in broken[0]["id"]


def test_hanging_step_becomes_undecided_at_its_timeout(claims_dir):
    """A step that never finishes is undecided after --timeout, and the run ends."""
    d = claims_dir(hang=HANGING)
    r = invoke("check", "user-hang", "--path", str(d), "--timeout", "1", "--json")
    assert r.exit_code == 1
    (c,) = json.loads(r.stdout)["claims"]
    assert c["status"] == "undecided"
    assert "timed out after 1s" in c["steps"][0]["detail"]


def test_unwritable_output_exits_2_and_leaves_nothing(tmp_path):
    """-o into a missing or read-only directory exits 2 and writes no partial file."""
    r = invoke("export", "sgd-update", "--latex", "-o", str(tmp_path / "missing" / "x.tex"), "--no-numeric")
    assert r.exit_code == 2
    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(0o500)
    try:
        if os.access(ro, os.W_OK):
            pytest.skip("running as a user who can write anywhere (root)")
        r = invoke("export", "sgd-update", "--latex", "-o", str(ro / "x.tex"), "--no-numeric")
        assert r.exit_code == 2 and "cannot write" in r.output
        assert list(ro.iterdir()) == []
    finally:
        ro.chmod(0o700)


def test_unwritable_file_target_leaves_no_temp_file(tmp_path):
    """When the final rename fails, the temporary file is removed."""
    target = tmp_path / "x.tex"
    target.mkdir()  # a directory where the file should go: os.replace fails
    r = invoke("export", "sgd-update", "--latex", "-o", str(target), "--no-numeric")
    assert r.exit_code == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.tex"]


def test_show_prints_the_quote_in_context():
    """`derive show` renders the derivation and the source line around the quote."""
    r = invoke("show", "sinusoidal-offset")
    assert r.exit_code == 0
    assert "最终转换矩阵M不依赖于t" in r.output and "angle addition" in r.output


def test_bad_dtype_is_a_usage_error():
    """An unknown dtype is exit 2."""
    assert invoke("check", "sgd-update", "--dtype", "float7").exit_code == 2


def test_readme_starts_with_the_two_commands():
    """The README's first code block installs+runs the catalog, the second runs the tests."""
    text = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    blocks = [b.split("```", 1)[0] for b in text.split("```bash")[1:3]]
    assert "derive check --all" in blocks[0] and "pip install" in blocks[0]
    assert "pytest" in blocks[1]
    ci = (Path(__file__).resolve().parents[2] / ".ci" / "run").read_text()
    assert blocks[1].strip() in ci  # CI runs the README's test command verbatim


def test_errata_lists_refutations_with_counterexample_and_correction():
    """`derive errata --markdown` gives quote, counterexample and correction for each false statement."""
    r = invoke("errata", "--markdown")
    assert r.exit_code == 0, r.output
    assert "### chernoff-gaussian-tail" in r.stdout
    assert "**Certified counterexample:** $\\epsilon = 6$" in r.stdout and "**Correction:**" in r.stdout


@pytest.mark.parametrize("claim_id", ["sinusoidal-offset", "chernoff-gaussian-tail"])
def test_plot_writes_a_png(tmp_path, claim_id):
    """`derive plot` writes a real PNG."""
    out = tmp_path / "f.png"
    r = invoke("plot", claim_id, "-o", str(out))
    assert r.exit_code == 0, r.output
    assert out.read_bytes().startswith(b"\x89PNG")


def test_plot_of_a_claim_without_figure_is_a_usage_error(tmp_path):
    """Claims without a figure say which ones have one."""
    r = invoke("plot", "sgd-update", "-o", str(tmp_path / "f.png"))
    assert r.exit_code == 2 and "built-in figures: chernoff-gaussian-tail" in r.output


def test_list_shows_the_last_status(tmp_path, monkeypatch):
    """After a check, `derive list` shows each claim's last status."""
    monkeypatch.setenv("DERIVE_CACHE_DIR", str(tmp_path))
    assert invoke("check", "sgd-update", "--no-numeric").exit_code == 0
    out = invoke("list").output
    line = next(ln for ln in out.splitlines() if "sgd-update" in ln)
    assert "proved" in line


def test_parallel_run_with_a_hanging_step_ends_and_keeps_the_others(claims_dir):
    """-j 2: the hanging claim is undecided at its timeout, the good one passes, the run ends."""
    d = claims_dir(hang=HANGING, good=GOOD)
    r = invoke("check", "--all", "--no-builtin", "--path", str(d), "-j", "2", "--timeout", "1", "--json")
    assert r.exit_code == 1
    by_id = {c["id"]: c for c in json.loads(r.stdout)["claims"]}
    assert by_id["user-hang"]["status"] == "undecided" and by_id["user-square"]["ok"] is True


DANGLING = GOOD.replace('numeric=[squares],', 'numeric=[squares], uses=("no-such-claim",),')


def test_dangling_uses_is_an_invalid_claim_exit_2(claims_dir):
    """A claim that uses an unknown id is invalid: exit 2, naming both."""
    d = claims_dir(dangling=DANGLING)
    r = invoke("check", "--all", "--no-builtin", "--path", str(d))
    assert r.exit_code == 2
    assert "uses 'no-such-claim'" in r.output


def test_a_claim_is_not_proved_when_what_it_uses_fails(claims_dir):
    """Status is computed through `uses`: a claim using a refuted one does not pass."""
    using = GOOD.replace('"user-square"', '"user-using"').replace('numeric=[squares],', 'numeric=[squares], uses=("user-wrong",),')
    d = claims_dir(wrong=WRONG, using=using)
    r = invoke("check", "--all", "--no-builtin", "--path", str(d), "--json")
    by_id = {c["id"]: c for c in json.loads(r.stdout)["claims"]}
    assert by_id["user-using"]["ok"] is False and "uses user-wrong" in by_id["user-using"]["reason"]


def test_junit_has_one_testcase_per_claim_with_failures_and_errors_apart(claims_dir, tmp_path):
    """--junit: passing, failing (with counterexample and reproduce line) and erroring claims."""
    import xml.etree.ElementTree as ET

    d = claims_dir(good=GOOD, wrong=WRONG, broken=BROKEN)
    out = tmp_path / "j.xml"
    r = invoke("check", "--all", "--no-builtin", "--path", str(d), "--junit", str(out))
    assert r.exit_code == 1
    root = ET.parse(out).getroot()
    cases = {c.get("name"): c for c in root.iter("testcase")}
    assert root.get("tests") == "3" and root.get("failures") == "1" and root.get("errors") == "1"
    assert cases["user-square"].find("failure") is None and cases["user-square"].find("error") is None
    failure = cases["user-wrong"].find("failure")
    assert "counterexample at x=" in failure.text and "reproduce: derive check user-wrong" in failure.text
    (broken,) = [c for name, c in cases.items() if name.endswith("broken.py")]
    assert "SyntaxError" in broken.find("error").text


def test_junit_to_an_unwritable_path_exits_2(tmp_path):
    """A --junit path whose directory is missing is a usage error before any work."""
    r = invoke("check", "sgd-update", "--no-numeric", "--junit", str(tmp_path / "nope" / "j.xml"))
    assert r.exit_code == 2


def test_unwritable_cache_dir_warns_and_checks_without_it(tmp_path, monkeypatch):
    """A cache directory that cannot be created gives a one-line warning; the check still passes."""
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv("DERIVE_CACHE_DIR", str(blocker / "cache"))
    r = invoke("check", "sgd-update", "--no-numeric")
    assert r.exit_code == 0
    assert "warning: proof cache not writable" in r.output


def test_markdown_export_without_output_prints_to_stdout():
    """`derive export ID --markdown` prints the Markdown, ready to paste into a KaTeX blog; --pdf needs -o."""
    r = invoke("export", "sgd-update", "--markdown", "--no-numeric")
    assert r.exit_code == 0, r.output
    assert r.stdout.startswith("# ") and "$$" in r.stdout and "wrote" not in r.stdout
    r = invoke("export", "sgd-update", "--latex", "--pdf", "--no-numeric")
    assert r.exit_code == 2 and "-o FILE" in r.output
