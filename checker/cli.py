"""The ``derive`` command line: a thin shell over ``registry`` and ``runner.run``."""

from __future__ import annotations

import os
import signal
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import wraps
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from checker import registry
from checker.cli_types import MiB, Seconds, Seed
from checker.errors import ClaimCodeError, DeriveError, Interrupted, NoClaims, UsageError
from checker.files import atomic_write, check_writable
from checker.limits import NUMERIC_TIMEOUT, STEP_TIMEOUT
from checker.refs import ClaimRef
from checker.registry import IMPORT_TIMEOUT

if TYPE_CHECKING:
    from checker.cache import ProofCache
    from checker.model import ClaimResult
    from checker.runner import Options

RENDER_TIMEOUT = 300.0  # seconds a child may take to render a document of claims

DTYPES = ("float64", "float32", "float16", "bfloat16")


def _fail(message: str, code: int) -> None:
    click.echo(f"derive: error: {message}", err=True)
    sys.exit(code)


def _on_sigterm(signum: int, frame: Any) -> None:
    raise Interrupted(signum)


def handles_errors(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Turn a ``DeriveError`` into one line on stderr and its exit code."""

    @wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        previous = signal.signal(signal.SIGTERM, _on_sigterm)
        try:
            return fn(*args, **kwargs)
        except KeyboardInterrupt:
            _fail("interrupted", 130)
        except DeriveError as exc:
            _fail(str(exc), exc.exit_code)
        finally:
            signal.signal(signal.SIGTERM, previous)

    return wrapper


def _index(sources: Sources, memory_mb: int | None = 4096) -> registry.Index:
    """Built-in claims, entry-point packages, ``[tool.derive] paths`` and every ``--path``, imported in children."""
    from checker.config import configured_paths

    for p in sources.paths:
        if not Path(p).is_dir() or not os.access(p, os.R_OK | os.X_OK):
            raise UsageError(f"--path {p} is not a readable directory")
    dirs = configured_paths() + [Path(p) for p in sources.paths]
    return registry.load_index(dirs, builtin=sources.builtin, timeout=sources.import_timeout, memory_mb=memory_mb)


def _selected(index: registry.Index, ids: Sequence[str], all_: bool) -> list[ClaimRef]:
    if all_ and ids:
        raise UsageError("give claim ids or --all, not both")
    if not all_ and not ids:
        raise UsageError("name at least one claim id, or use --all")
    _report_broken(index)
    refs = list(index.refs.values()) if all_ else index.select(ids)
    if not refs and not index.broken:
        raise NoClaims("no claims found")
    return refs


def _report_broken(index: registry.Index) -> None:
    for b in index.broken:
        click.echo(f"derive: error: {b.file}: {b.reason}", err=True)


def _in_child(what: str, fn: Callable[[], Any], timeout: float = RENDER_TIMEOUT) -> Any:
    """``fn()`` in a child process (it runs claim code); a fault there is one line and exit 1."""
    from checker import isolation

    out = isolation.call_isolated(fn, timeout, memory_mb=4096)
    if isinstance(out, isolation.TimedOut):
        raise ClaimCodeError(f"{what} did not finish within {timeout:g}s")
    if isinstance(out, isolation.Crashed):
        raise ClaimCodeError(f"{what} failed: {out.reason}")
    kind, value = out
    if kind == "usage":
        raise UsageError(value)
    return value


def _resolved(refs: Sequence[ClaimRef]) -> list[Any]:
    return [registry.resolve(r) for r in refs]


def _open_cache(enabled: bool) -> ProofCache | None:
    """The proof cache, or ``None`` with a one-line warning when its directory is not writable."""
    if not enabled:
        return None
    from checker.cache import ProofCache
    try:
        return ProofCache.open()
    except OSError as exc:
        click.echo(f"derive: warning: proof cache not writable ({exc.strerror or exc}); checking without it", err=True)
        return None


def _dtypes(value: str) -> tuple[str, ...]:
    names = tuple(v.strip() for v in value.split(",") if v.strip())
    bad = [n for n in names if n not in DTYPES]
    if bad or not names:
        raise UsageError(f"--dtype must be a comma-separated list of {', '.join(DTYPES)} (got {value!r})")
    return names


@dataclass(frozen=True)
class Sources:
    """Where a command finds claims, and how long importing one module may take."""

    paths: tuple[str, ...]
    builtin: bool
    import_timeout: float

    def args(self) -> tuple[str, ...]:
        """The same sources as command-line arguments (for reproduce lines)."""
        out: list[str] = []
        for p in self.paths:
            out += ["--path", p]
        if not self.builtin:
            out.append("--no-builtin")
        if self.import_timeout != IMPORT_TIMEOUT:
            out += ["--import-timeout", f"{self.import_timeout:g}"]
        return tuple(out)


def claim_sources(fn: Callable[..., Any]) -> Callable[..., Any]:
    """``--path DIR`` (repeatable), ``--no-builtin`` and ``--import-timeout``, the same for every command;
    the command receives them as one ``sources`` argument."""

    @wraps(fn)
    def wrapper(*args: Any, paths: tuple[str, ...], no_builtin: bool, import_timeout: float, **kwargs: Any) -> Any:
        return fn(*args, sources=Sources(tuple(paths), not no_builtin, import_timeout), **kwargs)

    wrapper = click.option("--import-timeout", default=IMPORT_TIMEOUT, show_default=True, type=Seconds(),
                           help="Seconds allowed to import one claim module.")(wrapper)
    wrapper = click.option("--no-builtin", is_flag=True, help="Leave out the built-in catalog.")(wrapper)
    return click.option("--path", "paths", multiple=True, help="Also load claims from this directory (repeatable).")(wrapper)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="derive-math")
def main() -> None:
    """Check the mathematics of Transformers, step by step, against SymPy and PyTorch."""


@main.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON on stdout (nothing else).")
@claim_sources
@handles_errors
def list_claims(as_json: bool, sources: Sources) -> None:
    """List the claims by seed document: id, last status, title."""
    from checker import laststatus

    index = _index(sources)
    last = laststatus.read()
    if as_json:
        import json

        claims = [
            {"id": c.id, "title": c.title, "source": {"file": c.source.file, "quote": c.source.quote, "path": c.source.path, "title": c.source.title},
             "origin": c.origin, "last_status": last.get(c.id)}
            for c in index.refs.values()
        ]
        broken = [{"file": b.file, "reason": b.reason} for b in index.broken]
        click.echo(json.dumps({"claims": claims, "broken": broken}, ensure_ascii=False, indent=2))
        if not index.refs and not index.broken:
            raise NoClaims("no claims found")
        sys.exit(1 if index.broken else 0)
    by_file: dict[str, list[ClaimRef]] = {}
    for c in index.refs.values():
        by_file.setdefault(c.source.title or c.source.file, []).append(c)
    for file in sorted(by_file):
        click.echo(file)
        for c in by_file[file]:
            status = last.get(c.id, "not run")
            click.echo(f"  {c.id:<36} {status:<16} {c.title}")
    _report_broken(index)
    if index.broken:
        sys.exit(1)
    if not index.refs:
        raise NoClaims("no claims found")


def _progress_run(refs: list[ClaimRef], options: Options, quiet: bool) -> list[ClaimResult]:
    """Check ``refs``; on SIGINT or SIGTERM, the unfinished claims are reported as interrupted."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from checker.scheduler import interrupted, run_refs

    results: list[ClaimResult] = []
    stderr = Console(stderr=True)
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    try:
        with Progress(*columns, console=stderr, transient=True, disable=quiet or not stderr.is_terminal) as bar:
            task = bar.add_task("checking", total=len(refs))
            for result in run_refs(refs, registry.resolve, options):
                results.append(result)
                bar.update(task, advance=1, description=f"checked {result.id}")
    except (KeyboardInterrupt, Interrupted) as exc:
        done = {r.id for r in results}
        results += [interrupted(ref, options) for ref in refs if ref.id not in done]
        raise _Stopped(results, 143 if isinstance(exc, Interrupted) and exc.exit_code == 143 else 130) from None
    return results


class _Stopped(Exception):
    """The run was interrupted; ``results`` holds what finished and the rest as interrupted."""

    def __init__(self, results: list[ClaimResult], code: int) -> None:
        super().__init__("interrupted")
        self.results = results
        self.code = code


@main.command()
@click.argument("ids", nargs=-1)
@click.option("--all", "all_", is_flag=True, help="Check every claim of the catalog.")
@click.option("--device", default="cpu", show_default=True, type=click.Choice(["cpu", "cuda", "mps", "all"]))
@click.option("--dtype", "dtype", default="float64,float32", show_default=True, help="Comma-separated dtypes.")
@click.option("--seed", default=1234, show_default=True, type=Seed(), help="Seed of every random draw.")
@click.option("--no-numeric", is_flag=True, help="Symbolic steps only.")
@click.option("--timeout", default=STEP_TIMEOUT, show_default=True, type=Seconds(), help="Seconds allowed per step.")
@click.option("--numeric-timeout", default=NUMERIC_TIMEOUT, show_default=True, type=Seconds(), help="Seconds allowed per numeric check (per device and dtype).")
@click.option("--memory", "memory_mb", default=4096, show_default=True, type=MiB(), help="MiB that importing a module, a step or a CPU numeric check may allocate.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON on stdout (nothing else).")
@claim_sources
@click.option("--no-cache", is_flag=True, help="Do not read or write the proof cache.")
@click.option("--cache-numeric", is_flag=True, help="Also reuse cached numeric confirmations (same code, device, dtype, seed, torch).")
@click.option("--junit", "junit_path", type=click.Path(dir_okay=False), help="Also write JUnit XML to this file.")
@click.option("-j", "--jobs", default=0, type=click.IntRange(0, 64), help="Worker processes for claims (default 0: one per CPU).")
@click.option("-v", "--verbose", count=True, help="Every step of every claim.")
@click.option("-q", "--quiet", count=True, help="Only the claims not as declared, and the summary.")
@handles_errors
def check(
    ids: tuple[str, ...], all_: bool, verbose: int, quiet: int, device: str, dtype: str, seed: int, no_numeric: bool,
    timeout: float, numeric_timeout: float, as_json: bool, sources: Sources, no_cache: bool, jobs: int, junit_path: str | None, cache_numeric: bool, memory_mb: int,
) -> None:
    """Check claims: every step symbolically, then numerically against PyTorch."""
    from checker.report import json as json_report

    dtypes = _dtypes(dtype)
    if junit_path is not None:
        check_writable(junit_path)
    devices: tuple[str, ...] = ("cpu",)
    if not no_numeric:
        from checker.numerical import resolve_devices

        devices = tuple(resolve_devices(device))
    index = _index(sources, memory_mb=memory_mb)
    refs = _selected(index, ids, all_)
    from checker.runner import Options, error_result

    options = Options(
        devices=devices, dtypes=dtypes, seed=seed, numeric=not no_numeric, timeout=timeout,
        numeric_timeout=numeric_timeout, import_timeout=sources.import_timeout, memory_mb=memory_mb,
        cache=_open_cache(not no_cache), cache_numeric=cache_numeric and not no_cache,
        jobs=jobs or min(os.cpu_count() or 1, max(1, len(refs))), source_args=sources.args(),
    )
    t0 = time.perf_counter()
    # a broken claim file fails the run whichever claims were asked for: a CI gate must not skip it
    results = [error_result(b.name, "derivation module failed to import", b.reason, b.file) for b in index.broken]
    code = 0
    try:
        results += _progress_run(refs, options, quiet=as_json)
    except _Stopped as stop:
        results += stop.results
        code = stop.code
    elapsed = time.perf_counter() - t0
    from checker import laststatus

    laststatus.record(results)
    output_error = None
    if junit_path is not None:
        from checker.report import junit

        try:
            atomic_write(junit_path, junit.render(results))
        except UsageError as exc:
            output_error = str(exc)
    if as_json:
        click.echo(json_report.render(results))
    else:
        _print_results(results, elapsed, verbose - quiet)
    if code:
        _fail("interrupted", code)
    passed = all(r.ok for r in results)
    if output_error is not None:  # the run's own status wins: a failed claim stays exit 1
        _fail(output_error, 2 if passed else 1)
    sys.exit(0 if passed else 1)


def _print_results(results: list[ClaimResult], elapsed: float, verbosity: int) -> None:
    """-q: the recap and the summary; default: a line per claim, every step of a claim not as declared;
    -v: every step of every claim. The recap of what is not as declared always comes last."""
    from rich.console import Console

    from checker.report import console as console_report

    out = Console(highlight=False, width=None if sys.stdout.isatty() else 150)
    if verbosity >= 0:
        for r in results:
            if verbosity > 0 or not r.ok:
                console_report.claim_block(out, r)
            else:
                console_report.claim_line(out, r)
        out.print()
    console_report.recap(out, results)
    out.print(console_report.summary_line(results, elapsed))


def _check_refs(refs: list[ClaimRef], options: Options) -> dict[str, ClaimResult]:
    from checker.scheduler import run_refs

    return {r.id: r for r in run_refs(refs, registry.resolve, options)}


@main.command()
@click.argument("ids", nargs=-1)
@click.option("--source", "document", metavar="FILE", help="Only claims citing this document (its file name, path or title).")
@click.option("--markdown", "as_markdown", is_flag=True, help="Markdown with $…$ math, to paste under a blog post.")
@click.option("--html", "as_html", is_flag=True, help="A standalone HTML page, math as MathML.")
@claim_sources
@handles_errors
def errata(ids: tuple[str, ...], document: str | None, as_markdown: bool, as_html: bool, sources: Sources) -> None:
    """Every false or qualified source statement (all, or the named ids): quote, what is wrong, counterexample, correction."""
    from checker.export.selection import errata_refs

    if as_markdown and as_html:
        raise UsageError("give --markdown or --html, not both")
    index = _index(sources)
    _report_broken(index)
    refs = errata_refs(index.select(ids) if ids else list(index.refs.values()), ids, document)
    from checker.runner import Options

    results = _check_refs(refs, Options(numeric=False, cache=_open_cache(True)))

    def render() -> tuple[str, str]:
        from checker.export import markdown

        entries = markdown.errata(_resolved(refs), results)
        if as_html:
            from checker.export import site_pages

            return "ok", site_pages.errata_page(entries, links=False)
        return "ok", markdown.markdown(entries) if as_markdown else markdown.plain(entries)

    click.echo(_in_child("rendering the errata", render))
    sys.exit(0 if all(r.ok for r in results.values()) and not index.broken else 1)


@main.command()
@click.argument("claim_id")
@click.option("--path", "directory", required=True, type=click.Path(file_okay=False), help="Directory of your claims.")
@handles_errors
def new(claim_id: str, directory: str) -> None:
    """Scaffold a claim module (one honest step, a numeric confirmation, a perturbation)."""
    from checker.scaffold import scaffold

    index = _index(Sources((directory,) if Path(directory).is_dir() and any(Path(directory).glob("*.py")) else (), True, IMPORT_TIMEOUT))
    taken = {c.id: c.origin for c in index.refs.values()}
    target = scaffold(claim_id, Path(directory), taken)
    click.echo(f"wrote {target}\ncheck it with: derive check {claim_id} --path {directory}")


@main.command()
@click.argument("claim_id")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False), help="FILE.png or FILE.pdf")
@claim_sources
@handles_errors
def plot(claim_id: str, output: str, sources: Sources) -> None:
    """Draw the figure that belongs to a claim (matplotlib)."""
    target = Path(output)
    fmt = target.suffix.lstrip(".").lower()
    if fmt not in ("png", "pdf", "svg"):
        raise UsageError(f"-o must end in .png, .pdf or .svg (got {output!r})")
    check_writable(target)
    (ref,) = _index(sources).select([claim_id])

    def draw() -> tuple[str, Any]:
        import io

        import matplotlib

        from derivations._plots import PLOTS, figure_for

        claim = registry.resolve(ref)
        make = figure_for(claim)
        if make is None:
            return "usage", f"claim '{claim_id}' has no figure (declare one with claim(..., figure=fn)); built-in figures: {', '.join(sorted(PLOTS))}"
        matplotlib.use("Agg")
        fig = make()
        buf = io.BytesIO()
        fig.savefig(buf, format=fmt, dpi=150, bbox_inches="tight")
        import matplotlib.pyplot as plt

        plt.close(fig)
        return "ok", buf.getvalue()

    atomic_write(target, _in_child(f"drawing {claim_id}", draw))
    click.echo(f"wrote {target}")


@main.command()
@click.argument("ids", nargs=-1)
@click.option("-o", "--output", "directory", required=True, type=click.Path(file_okay=False),
              help="Directory of the site (created if missing).")
@click.option("--no-numeric", is_flag=True, help="Symbolic steps only (no numeric table).")
@click.option("--dtype", "dtype", default="float64,float32", show_default=True, help="Comma-separated dtypes.")
@click.option("--seed", default=1234, show_default=True, type=Seed(), help="Seed of every random draw.")
@click.option("-j", "--jobs", default=0, type=click.IntRange(0, 64), help="Worker processes for claims (default 0: one per CPU).")
@claim_sources
@handles_errors
def site(ids: tuple[str, ...], directory: str, no_numeric: bool, dtype: str, seed: int, jobs: int, sources: Sources) -> None:
    """Write a static HTML site: every claim (or the named ids and what they use) with its status, derivation
    (MathML), numeric table and figure; the errata; the dependency graph. No script, no network."""
    from checker.export import site as site_export
    from checker.export.selection import with_uses

    dtypes = _dtypes(dtype)
    target = site_export.prepare(directory)
    index = _index(sources)
    _report_broken(index)
    refs = with_uses(index.select(ids), index.refs) if ids else list(index.refs.values())
    if not refs:
        raise NoClaims("no claims found")
    from checker.runner import Options

    options = Options(dtypes=dtypes, seed=seed, numeric=not no_numeric, cache=_open_cache(True),
                      jobs=jobs or min(os.cpu_count() or 1, len(refs)), source_args=sources.args())
    results = _check_refs(refs, options)
    broken = [(b.file, b.reason) for b in index.broken]
    numeric = "symbolic steps only" if no_numeric else f"numeric checks on cpu in {', '.join(dtypes)}"
    settings = f"Checked with {numeric}, seed {seed}."

    def render() -> tuple[str, Any]:
        return "ok", site_export.render(_resolved(refs), results, broken, settings)

    built = _in_child("rendering the site", render, timeout=RENDER_TIMEOUT * 2)
    for w in built.warnings:
        click.echo(f"derive: warning: {w}", err=True)
    site_export.write(target, built)
    click.echo(f"wrote {len(built.files)} files to {target} (open {target / 'index.html'})")
    bad = [r.id for r in results.values() if not r.ok]
    if bad:
        click.echo(f"derive: {len(bad)} claim(s) NOT as declared: {', '.join(bad)}", err=True)
    sys.exit(0 if not bad and not index.broken else 1)


@main.command()
@click.argument("claim_id")
@claim_sources
@handles_errors
def show(claim_id: str, sources: Sources) -> None:
    """Render a claim's derivation in the terminal (nothing is checked)."""
    import shutil

    (ref,) = _index(sources).select([claim_id])
    width = shutil.get_terminal_size().columns
    color = sys.stdout.isatty()

    def render() -> tuple[str, str]:
        import io

        from rich.console import Console

        from checker.report import show as show_report

        buf = io.StringIO()
        console = Console(file=buf, highlight=False, force_terminal=color, width=width)
        try:
            text = registry.source_text(ref.source)
        except OSError:
            text = ""
        show_report.render(console, registry.resolve(ref), text)
        return "ok", buf.getvalue()

    click.echo(_in_child(f"rendering {claim_id}", render), nl=False)


@main.command()
@click.argument("ids", nargs=-1)
@click.option("--no-numeric", is_flag=True, help="Symbolic steps only.")
@click.option("--seed", default=1234, show_default=True, type=Seed())
@click.option("-j", "--jobs", default=0, type=click.IntRange(0, 64), help="Worker processes (default 0: one per CPU).")
@claim_sources
@handles_errors
def mutate(ids: tuple[str, ...], no_numeric: bool, seed: int, jobs: int, sources: Sources) -> None:
    """Run every declared perturbation of the claims (all when no id is given); each must be rejected."""
    from checker.mutate import mutate as run_mutants

    index = _index(sources)
    _report_broken(index)
    refs = index.select(ids) if ids else list(index.refs.values())
    if not any(r.perturbations for r in refs):
        raise NoClaims("no claim declares a perturbation")
    total = sum(len(r.perturbations) for r in refs)
    from checker.runner import Options

    options = Options(numeric=not no_numeric, seed=seed, cache=_open_cache(True), jobs=jobs or min(os.cpu_count() or 1, total))
    accepted = 0
    for m in run_mutants(refs, options):
        mark = "rejected" if m.rejected else "ERROR" if m.status == "error" else "ACCEPTED"
        accepted += not m.rejected
        click.echo(f"{mark:<9} {m.claim} ~ {m.name}  ({m.status}{': ' + m.reason if m.reason and not m.rejected else ''})")
        if m.status == "error":
            click.echo("          (a perturbation that cannot be checked does not count as rejected)")
    click.echo(f"{total - accepted} of {total} perturbation{'s' if total != 1 else ''} rejected")
    sys.exit(1 if accepted or index.broken else 0)


@main.command()
@click.argument("ids", nargs=-1)
@click.option("--all", "all_", is_flag=True, help="Export every claim.")
@click.option("--latex", is_flag=True, help="Write LaTeX (a document, or with --appendix a fragment to \\input).")
@click.option("--markdown", "as_markdown", is_flag=True, help="Write Markdown with $$…$$ math (KaTeX, MathJax) for a blog.")
@click.option("-o", "--output", type=click.Path(dir_okay=False),
              help="The .tex or .md file to write (default: print to stdout, ready to paste).")
@click.option("--pdf", is_flag=True, help="Also compile the LaTeX to PDF with latexmk/pdflatex.")
@click.option("--title", default="Checked derivations", show_default=True, help="The document's title (may hold $…$).")
@click.option("--author", default="", help="The document's author(s).")
@click.option("--appendix", is_flag=True, help="LaTeX to \\input into a paper: no preamble, no \\documentclass.")
@click.option("--figures", is_flag=True, help="Draw each claim's figure next to the output (PDF for LaTeX, PNG for Markdown).")
@click.option("--no-numeric", is_flag=True, help="Export with symbolic checks only.")
@click.option("--seed", default=1234, show_default=True, type=Seed())
@claim_sources
@handles_errors
def export(
    ids: tuple[str, ...], all_: bool, latex: bool, as_markdown: bool, output: str | None, pdf: bool, title: str, author: str,
    appendix: bool, figures: bool, no_numeric: bool, seed: int, sources: Sources,
) -> None:
    """Export checked derivations: a LaTeX paper or appendix, or Markdown for a blog."""
    if latex == as_markdown:
        raise UsageError("choose exactly one of --latex and --markdown")
    if as_markdown and (pdf or appendix):
        raise UsageError("--pdf and --appendix go with --latex")
    if pdf and appendix:
        raise UsageError("an --appendix has no preamble to compile: \\input it into your paper")
    if output in (None, "-") and (pdf or figures):
        raise UsageError("--pdf and --figures write files: name the output with -o FILE")
    target = None if output in (None, "-") else Path(output)
    if target is not None:
        check_writable(target)
    index = _index(sources)
    refs = _selected(index, ids, all_)
    from checker.runner import Options

    results = _check_refs(refs, Options(numeric=not no_numeric, seed=seed, cache=_open_cache(True)))
    fig_format = "pdf" if latex else "png"

    def render() -> tuple[str, tuple[str, dict[str, bytes]]]:
        from checker.export import document

        claims = _resolved(refs)
        drawn = document.figures(claims, target.stem, fig_format) if figures and target is not None else {}
        names = {cid: name for cid, (name, _) in drawn.items()}
        setup = document.Paper(title=title, author=author, appendix=appendix, figures=names)
        text = document.latex(claims, results, setup) if latex else document.markdown(claims, results, setup)
        return "ok", (text, {name: data for name, data in drawn.values()})

    text, files = _in_child("rendering the document", render)
    if target is None:
        click.echo(text, nl=not text.endswith("\n"))
        return
    for name, data in files.items():
        atomic_write(target.parent / name, data)
        click.echo(f"wrote {target.parent / name}")
    atomic_write(target, text)
    click.echo(f"wrote {target}")
    if pdf:
        from checker.export.compile import compile_tex

        made = compile_tex(target)
        click.echo(f"wrote {made.pdf}")
        if made.overfull:
            atomic_write(target.with_suffix(".log"), made.log)
            click.echo(f"derive: warning: {len(made.overfull)} line(s) stick out of the margin; see {target.with_suffix('.log')}", err=True)


if __name__ == "__main__":
    main()
