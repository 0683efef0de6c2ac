"""Output files and values a CI gate can trust: atomic writes, strict JSON, legal XML, usage errors."""

from __future__ import annotations

import json
import math
import os
import socket
import stat
import subprocess
import sys
import threading
import xml.dom.minidom
import xml.etree.ElementTree as ET
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from checker import files
from checker.cli_types import MAX_SEED, MiB, Seconds, Seed
from checker.config import configured_paths
from checker.errors import INTERRUPTED, DeriveError, Interrupted, UsageError
from checker.files import atomic_write, check_writable
from checker.model import ClaimResult, NumericResult, Outcome, Source, StepResult, Verdict
from checker.report import json as json_report
from checker.report import junit

ROOT = os.geteuid() == 0 if hasattr(os, "geteuid") else False
NASTY = "esc\x1b[31m nul\x00 ff\x0c bell\x07 lone\ud800 bom\ufffe tab\t ok"


def one_line(exc: pytest.ExceptionInfo[BaseException]) -> str:
    text = str(exc.value)
    assert "\n" not in text and text
    return text


def leftovers(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if p.name.endswith(".tmp"))


# ---- atomic_write ----------------------------------------------------------------------------------


def test_dev_null_stays_a_character_device():
    """Writing a report to /dev/null writes through it; it is not replaced by a regular file."""
    atomic_write("/dev/null", "<xml/>")
    atomic_write(Path("/dev/null"), b"bytes too")
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_a_symlink_is_kept_and_its_target_updated(tmp_path):
    """Through a symlink (even a chain of them) the target file is replaced and the links stay links."""
    (tmp_path / "real").mkdir()
    target = tmp_path / "real" / "report.xml"
    target.write_text("old")
    link = tmp_path / "link.xml"
    link.symlink_to(target)
    link2 = tmp_path / "link2.xml"
    link2.symlink_to(link.name)
    atomic_write(link2, "new")
    assert link.is_symlink() and link2.is_symlink()
    assert target.read_text() == "new" and not target.is_symlink()
    assert leftovers(tmp_path) == [] and leftovers(tmp_path / "real") == []


def test_a_dangling_symlink_creates_its_target(tmp_path):
    """A symlink to a file not yet there: the file is created where the link points."""
    link = tmp_path / "out.json"
    link.symlink_to("made.json")
    atomic_write(link, "{}")
    assert link.is_symlink() and (tmp_path / "made.json").read_text() == "{}"


def test_a_fifo_receives_the_data(tmp_path):
    """A named pipe is written through (no temporary file), and a reader gets every byte."""
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    payload = b"x" * 200_000  # more than a pipe buffer: the writer must loop
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    atomic_write(fifo, payload)
    reader.join(timeout=10)
    assert got == [payload]
    assert stat.S_ISFIFO(os.stat(fifo).st_mode) and leftovers(tmp_path) == []


def test_a_descriptor_path_is_written_at_its_offset(tmp_path):
    """/proc/self/fd/N is that open descriptor: a pipe gets the data, a regular file is appended to, not replaced."""
    if not os.path.isdir("/proc/self/fd"):
        pytest.skip("no /proc/self/fd")
    r, w = os.pipe()
    try:
        atomic_write(f"/proc/self/fd/{w}", "through the pipe")
        os.close(w)
        w = -1
        assert os.read(r, 100) == b"through the pipe"
    finally:
        os.close(r)
        if w >= 0:
            os.close(w)
    out = tmp_path / "stdout.txt"
    with open(out, "w") as f:
        f.write("before\n")
        f.flush()
        inode = os.fstat(f.fileno()).st_ino
        atomic_write(f"/dev/fd/{f.fileno()}", "after\n")
    assert out.read_text() == "before\nafter\n" and out.stat().st_ino == inode


def test_dev_stdout_redirected_to_a_file_keeps_earlier_output(tmp_path):
    """`-o /dev/stdout > file`: the shell's file is written at its offset, not truncated or swapped."""
    out = tmp_path / "captured.txt"
    code = "import sys; from checker.files import atomic_write\nprint('printed first')\natomic_write('/dev/stdout', 'report\\n')\nprint('printed after')"
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    with open(out, "w") as f:
        subprocess.run([sys.executable, "-c", code], stdout=f, check=True, env=env, timeout=120)
    assert out.read_text() == "printed first\nreport\nprinted after\n"


def test_a_unix_socket_is_written_through(tmp_path):
    """A socket path is connected to and sent the data; it stays a socket."""
    path = tmp_path / "s"
    if len(str(path)) > 100:
        pytest.skip("tmp path too long for AF_UNIX")
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(str(path))
    server.listen(1)
    got: list[bytes] = []

    def serve() -> None:
        conn, _ = server.accept()
        with conn:
            chunks = []
            while chunk := conn.recv(65536):
                chunks.append(chunk)
            got.append(b"".join(chunks))

    t = threading.Thread(target=serve)
    t.start()
    try:
        atomic_write(path, "over a socket")
        t.join(timeout=10)
    finally:
        server.close()
    assert got == [b"over a socket"] and stat.S_ISSOCK(os.lstat(path).st_mode)


@pytest.mark.parametrize(("umask", "mode"), [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_a_new_file_gets_the_umask_mode(tmp_path, umask, mode):
    """A new file is 0o666 & ~umask, like any file a shell redirect would create (not mkstemp's 0600)."""
    old = os.umask(umask)
    try:
        atomic_write(tmp_path / "r.xml", "x")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "r.xml").stat().st_mode) == mode


def test_an_existing_file_keeps_its_mode(tmp_path):
    """Overwriting a regular file keeps its permission bits, whatever the umask."""
    target = tmp_path / "r.json"
    target.write_text("old")
    target.chmod(0o640)
    old = os.umask(0o077)
    try:
        atomic_write(target, "new")
    finally:
        os.umask(old)
    assert target.read_text() == "new" and stat.S_IMODE(target.stat().st_mode) == 0o640


@pytest.mark.parametrize("error", [OSError(28, "No space left on device"), KeyboardInterrupt()])
def test_a_failed_replace_leaves_no_temporary_and_the_old_file(tmp_path, monkeypatch, error):
    """os.replace failing (or Ctrl-C at that moment) removes the temporary and leaves the target untouched."""
    target = tmp_path / "r.xml"
    target.write_text("previous run")

    def boom(src, dst):
        raise error

    monkeypatch.setattr(files.os, "replace", boom)
    expected = UsageError if isinstance(error, OSError) else KeyboardInterrupt
    with pytest.raises(expected) as exc:
        atomic_write(target, "half")
    if expected is UsageError:
        assert one_line(exc) == f"cannot write {target}: No space left on device"
    assert target.read_text() == "previous run" and leftovers(tmp_path) == []


def test_a_failed_write_of_a_new_file_leaves_nothing(tmp_path, monkeypatch):
    """A write that fails midway creates neither the target nor a temporary."""

    def boom(fd):
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(files.os, "fsync", boom)
    with pytest.raises(UsageError, match="Input/output error"):
        atomic_write(tmp_path / "new.xml", "data")
    assert list(tmp_path.iterdir()) == []


def test_atomic_write_refuses_a_directory_and_a_missing_directory(tmp_path):
    """A directory, or a file in a directory that does not exist, is a one-line usage error."""
    with pytest.raises(UsageError) as exc:
        atomic_write(tmp_path, "x")
    assert one_line(exc).endswith("it is a directory")
    with pytest.raises(UsageError) as exc:
        atomic_write(tmp_path / "missing" / "r.xml", "x")
    assert one_line(exc).startswith(f"cannot write {tmp_path / 'missing' / 'r.xml'}: ")


def test_lone_surrogates_in_text_are_written_visibly(tmp_path):
    """str data that is not valid Unicode is written with a visible escape instead of crashing."""
    atomic_write(tmp_path / "t.txt", "a\ud800b")
    assert (tmp_path / "t.txt").read_bytes() == b"a\\ud800b"


# ---- check_writable --------------------------------------------------------------------------------


def test_check_writable_accepts_what_atomic_write_can_write(tmp_path):
    """/dev/null, a new file in a writable directory and an existing file pass, and nothing is created."""
    check_writable("/dev/null")
    check_writable(tmp_path / "new.xml")
    (tmp_path / "old.xml").write_text("x")
    check_writable(tmp_path / "old.xml")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["old.xml"]


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda d: d / "missing" / "r.xml", "does not exist"),
        (lambda d: d, "it is a directory"),
        (lambda d: d / "bad\nname" / "r.xml", "cannot write '"),
    ],
)
def test_check_writable_refuses_impossible_paths(tmp_path, make, message):
    """A missing directory or a directory path is a one-line usage error (unprintable paths quoted)."""
    with pytest.raises(UsageError) as exc:
        check_writable(make(tmp_path))
    assert message in one_line(exc)


@pytest.mark.skipif(ROOT, reason="root may write read-only files")
def test_check_writable_refuses_read_only_files_and_directories(tmp_path):
    """A read-only file, or a writable file in a read-only directory (no room for the temporary), is refused."""
    ro = tmp_path / "ro.xml"
    ro.write_text("x")
    ro.chmod(0o444)
    with pytest.raises(UsageError, match="permission denied"):
        check_writable(ro)
    d = tmp_path / "locked"
    d.mkdir()
    (d / "r.xml").write_text("x")
    d.chmod(0o555)
    try:
        with pytest.raises(UsageError, match="is not writable"):
            check_writable(d / "r.xml")
        with pytest.raises(UsageError, match="is not writable"):
            check_writable(d / "new.xml")
    finally:
        d.chmod(0o755)


def test_check_writable_refuses_a_closed_or_read_only_descriptor(tmp_path):
    """/dev/fd/N must be an open descriptor that allows writing."""
    if not os.path.isdir("/dev/fd"):
        pytest.skip("no /dev/fd")
    (tmp_path / "f").write_text("x")
    fd = os.open(tmp_path / "f", os.O_RDONLY)
    try:
        with pytest.raises(UsageError, match="not open for writing"):
            check_writable(f"/dev/fd/{fd}")
    finally:
        os.close(fd)
    with pytest.raises(UsageError) as exc:
        check_writable(f"/dev/fd/{fd}")
    assert "Bad file descriptor" in one_line(exc)


# ---- reports ---------------------------------------------------------------------------------------


def numeric(max_error: float | None) -> NumericResult:
    return NumericResult(
        check="c", name=f"n{max_error}", device="cpu", dtype="float64", seed=1, outcome=Outcome.CONTRADICTED,
        expected=Outcome.CONFIRMED, max_error=max_error, tolerance="1e-9", detail=NASTY,
    )


def result(rid: str = "bad-claim", status: Verdict = Verdict.ERROR, **kw) -> ClaimResult:
    step = StepResult(
        chain=NASTY, index=0, lhs="x\x1b", rel="=", rhs="y\x00", by=NASTY, verdict=Verdict.REFUTED,
        strategy=None, seconds=0.1, detail=NASTY,
    )
    fields = dict(
        id=rid, title=NASTY, status=status, expected=Verdict.PROVED, ok=False, steps=(step,),
        numeric=(numeric(float("nan")), numeric(float("inf")), numeric(float("-inf")), numeric(0.5)),
        source=Source(file="f\x1b.txt", quote=NASTY), seconds=1.5, reason=f"Traceback: {NASTY}", reproduce=NASTY,
    )
    fields.update(kw)
    return ClaimResult(**fields)


def test_junit_with_control_characters_parses_everywhere():
    """ESC, NUL, form feed, BEL, a lone surrogate and U+FFFE from an exception become visible escapes."""
    results = [result(), result("ctl\x1bid", Verdict.REFUTED, seconds=float("nan"))]
    raw = junit.render(results).encode("utf-8")
    root = ET.fromstring(raw)
    xml.dom.minidom.parseString(raw)
    text = ET.tostring(root, encoding="unicode")
    assert "\\x1b[31m" in text and "\\x00" in text and "\\x0c" in text and "\\ud800" in text and "\\ufffe" in text
    assert "tab\t ok" in text  # tab, LF and CR are legal and kept
    assert [c.get("name") for c in root.iter("testcase")] == ["bad-claim", "ctl\\x1bid"]
    assert root.get("time") == "0.000" and root.get("errors") == "1" and root.get("failures") == "1"


def test_xml_safe_keeps_legal_text():
    """Legal characters, astral ones included, pass unchanged."""
    ok = "tab\t nl\n cr\r é 中 \U0001f600 \ue000 \ufffd"
    assert junit.xml_safe(ok) == ok


def strict_loads(text: str):
    def refuse(name: str):
        raise ValueError(f"non-standard constant {name}")

    return json.loads(text, parse_constant=refuse)


def test_json_with_nan_and_inf_is_strict():
    """max_error NaN/inf/-inf becomes null plus max_error_nonfinite; strict parsers accept the document."""
    text = json_report.render([result(seconds=float("inf"))], run={"elapsed": float("nan")})
    text.encode("utf-8")  # valid UTF-8 despite the lone surrogate
    doc = strict_loads(text)
    rows = doc["claims"][0]["numeric"]
    assert [(n["max_error"], n.get("max_error_nonfinite")) for n in rows] == [
        (None, "nan"), (None, "inf"), (None, "-inf"), (0.5, None)
    ]
    assert list(rows[0])[list(rows[0]).index("max_error") + 1] == "max_error_nonfinite"
    assert doc["claims"][0]["seconds"] is None and doc["claims"][0]["seconds_nonfinite"] == "inf"
    assert doc["summary"]["seconds"] is None and doc["summary"]["seconds_nonfinite"] == "inf"
    assert doc["run"] == {"elapsed": None, "elapsed_nonfinite": "nan"}
    assert doc["claims"][0]["title"] == NASTY


def test_summary_keeps_its_shape():
    """summary() still has exactly total/ok/failed/by_status/seconds."""
    s = json_report.summary([result(), result("b", Verdict.PROVED, ok=True)])
    assert s == {"total": 2, "ok": 1, "failed": 1, "by_status": {"error": 1, "proved": 1}, "seconds": 3.0}


def test_sanitize_replaces_nonfinite_in_lists_and_nested_dicts():
    """In a list a non-finite float is null (no room for a flag); dicts nest; other values pass."""
    doc = {"xs": [1.0, float("nan"), (float("-inf"), "s")], "d": {"v": float("inf"), "ok": True, "n": None}}
    out = json_report.sanitize(doc)
    assert out == {"xs": [1.0, None, [None, "s"]], "d": {"v": None, "v_nonfinite": "inf", "ok": True, "n": None}}
    assert math.isnan(doc["xs"][1])  # the input is not mutated
    strict_loads(json_report.dumps(doc))


# ---- config ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"tool = 1\n", "[tool] must be a table"),
        (b"[tool]\nderive = 1\n", "[tool.derive] must be a table"),
        (b"tool.derive = 'x'\n", "[tool.derive] must be a table"),
        (b'[tool.derive]\npaths = "x"\n', "paths must be a list of strings"),
        (b"[tool.derive]\npaths = ['a\\u0000b']\n", "is not a directory"),
        (b'[tool.derive]\n"a\\nb" = 1\n', "unknown key"),
        (b"[tool.derive]\npaths = ['\xff']\n", "not UTF-8"),
        (b"[tool.derive\n", "cannot read it as TOML"),
    ],
)
def test_bad_pyproject_is_a_one_line_usage_error_naming_the_file(tmp_path, content, message):
    """A `tool` or `[tool.derive]` that is not a table, bad paths, non-UTF-8: UsageError naming pyproject.toml."""
    (tmp_path / "pyproject.toml").write_bytes(content)
    with pytest.raises(UsageError) as exc:
        configured_paths(tmp_path)
    text = one_line(exc)
    assert text.startswith(f"{tmp_path / 'pyproject.toml'}: ") and message in text


def test_pyproject_without_tool_derive_configures_nothing(tmp_path):
    """Other tools' tables are ignored."""
    (tmp_path / "pyproject.toml").write_text("[tool.ruff]\nline-length = 1\n")
    assert configured_paths(tmp_path) == []


# ---- click types -----------------------------------------------------------------------------------


@click.command()
@click.option("--timeout", type=Seconds(), default=20.0)
@click.option("--seed", type=Seed(), default=1234)
@click.option("--memory", type=MiB(), default=4096)
def tiny(timeout: float, seed: int, memory: int) -> None:
    click.echo(f"{timeout!r} {seed!r} {memory!r}")


@pytest.mark.parametrize(
    "args",
    [
        ["--timeout", "nan"], ["--timeout", "inf"], ["--timeout", "-inf"], ["--timeout", "-1"], ["--timeout", "0"],
        ["--timeout", "1e400"], ["--timeout", "1e300"], ["--timeout", "soon"], ["--timeout", "1\n2"],
        ["--seed", "-1"], ["--seed", str(MAX_SEED + 1)], ["--seed", str(2**64)], ["--seed", "1.5"],
        ["--seed", "9" * 5000], ["--seed", "0x10"], ["--seed", "+-3"],
        ["--memory", "63"], ["--memory", "0"], ["--memory", "-64"], ["--memory", "4G"], ["--memory", "nan"],
    ],
)
def test_bad_values_exit_2_with_one_error_line(args):
    """Each impossible value is a usage error: exit 2 and exactly one one-line `Error:` message."""
    r = CliRunner().invoke(tiny, args)
    assert r.exit_code == 2, r.output
    errors = [line for line in r.output.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1 and "Invalid value" in errors[0], r.output
    assert len(errors[0]) < 200


def test_good_values_and_defaults_convert():
    """Valid values become float/int; defaults pass through the same checks."""
    assert CliRunner().invoke(tiny, []).output == "20.0 1234 4096\n"
    r = CliRunner().invoke(tiny, ["--timeout", " 0.5 ", "--seed", str(MAX_SEED), "--memory", "64"])
    assert r.exit_code == 0 and r.output == f"0.5 {MAX_SEED} 64\n"


# ---- exit codes ------------------------------------------------------------------------------------


def test_interrupted_exits_130():
    """Ctrl-C / SIGTERM is a DeriveError with the shell's 130 and a one-word message."""
    exc = Interrupted()
    assert isinstance(exc, DeriveError) and exc.exit_code == INTERRUPTED == 130 and str(exc) == "interrupted"
