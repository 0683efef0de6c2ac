"""The ``derive`` command line: a thin shell over ``registry`` and ``runner.run``."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Sequence
from functools import wraps
from pathlib import Path
from typing import Any

import click

from checker import registry
from checker.cache import ProofCache
from checker.errors import DeriveError, NoClaims, UsageError
from checker.model import Claim, ClaimResult
from checker.parallel import run_parallel
from checker.runner import Options, error_result, run

DTYPES = ("float64", "float32", "float16", "bfloat16")


def _fail(message: str, code: int) -> None:
    click.echo(f"derive: error: {message}", err=True)
    sys.exit(code)


def handles_errors(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Turn a ``DeriveError`` into one line on stderr and its exit code."""

    @wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except DeriveError as exc:
            _fail(str(exc), exc.exit_code)

    return wrapper


def _catalog(paths: Sequence[str] = (), builtin: bool = True) -> registry.Catalog:
    """Built-in claims, entry-point packages, ``[tool.derive] paths`` and every ``--path``."""
    from checker.config import configured_paths

    for p in paths:
        if not Path(p).is_dir() or not os.access(p, os.R_OK | os.X_OK):
            raise UsageError(f"--path {p} is not a readable directory")
    dirs = configured_paths() + [Path(p) for p in paths]
    return registry.load(dirs, builtin=builtin)


def _selected(catalog: registry.Catalog, ids: Sequence[str], all_: bool) -> list[Claim]:
    if all_ and ids:
        raise UsageError("give claim ids or --all, not both")
    if not all_ and not ids:
        raise UsageError("name at least one claim id, or use --all")
    claims = list(catalog.claims.values()) if all_ else catalog.select(ids)
    if not claims and not catalog.broken:
        raise NoClaims("no claims found")
    return claims


def _open_cache(enabled: bool) -> ProofCache | None:
    """The proof cache, or ``None`` with a one-line warning when its directory is not writable."""
    if not enabled:
        return None
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


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="derive")
def main() -> None:
    """Check the mathematics of Transformers, step by step, against SymPy and PyTorch."""


@main.command("list")
@handles_errors
def list_claims() -> None:
    """List the claims by seed document: id, last status, title."""
    from checker import laststatus

    catalog = _catalog()
    last = laststatus.read()
    by_file: dict[str, list[Claim]] = {}
    for c in catalog.claims.values():
        by_file.setdefault(c.source.file, []).append(c)
    for file in sorted(by_file):
        click.echo(file)
        for c in by_file[file]:
            status = last.get(c.id, "not run")
            click.echo(f"  {c.id:<36} {status:<16} {c.title}")
    for b in catalog.broken:
        click.echo(f"  [broken] {b.file}: {b.reason}", err=True)
    if not catalog.claims:
        raise NoClaims("no claims found")


def _progress_run(claims: list[Claim], options: Options, quiet: bool, jobs: int = 1) -> list[ClaimResult]:
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    results: list[ClaimResult] = []
    stderr = Console(stderr=True)
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=stderr, transient=True, disable=quiet or not stderr.is_terminal) as bar:
        task = bar.add_task("checking", total=len(claims))
        stream = run(claims, options) if jobs == 1 else run_parallel(claims, options, jobs)
        for result in stream:
            results.append(result)
            bar.update(task, advance=1, description=f"checked {result.id}")
    return results


@main.command()
@click.argument("ids", nargs=-1)
@click.option("--all", "all_", is_flag=True, help="Check every claim of the catalog.")
@click.option("--device", default="cpu", show_default=True, type=click.Choice(["cpu", "cuda", "mps", "all"]))
@click.option("--dtype", "dtype", default="float64,float32", show_default=True, help="Comma-separated dtypes.")
@click.option("--seed", default=1234, show_default=True, type=int, help="Seed of every random draw.")
@click.option("--no-numeric", is_flag=True, help="Symbolic steps only.")
@click.option("--timeout", default=20.0, show_default=True, type=float, help="Seconds allowed per step.")
@click.option("--memory", "memory_mb", default=4096, show_default=True, type=click.IntRange(64, 1 << 20), help="MiB a step's worker may allocate.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON on stdout (nothing else).")
@click.option("--path", "paths", multiple=True, help="Also load claims from this directory (repeatable).")
@click.option("--no-builtin", is_flag=True, help="Leave out the built-in catalog.")
@click.option("--no-cache", is_flag=True, help="Do not read or write the proof cache.")
@click.option("--cache-numeric", is_flag=True, help="Also reuse cached numeric confirmations (same code, device, dtype, seed, torch).")
@click.option("--junit", "junit_path", type=click.Path(dir_okay=False), help="Also write JUnit XML to this file.")
@click.option("-j", "--jobs", default=0, type=click.IntRange(0, 64), help="Worker processes for claims (default 0: one per CPU).")
@handles_errors
def check(
    ids: tuple[str, ...], all_: bool, device: str, dtype: str, seed: int, no_numeric: bool,
    timeout: float, as_json: bool, paths: tuple[str, ...], no_builtin: bool, no_cache: bool, jobs: int,
    junit_path: str | None, cache_numeric: bool, memory_mb: int,
) -> None:
    """Check claims: every step symbolically, then numerically against PyTorch."""
    from checker.report import json as json_report

    if timeout <= 0:
        raise UsageError(f"--timeout must be positive (got {timeout!r})")
    dtypes = _dtypes(dtype)
    if junit_path is not None and not Path(junit_path).resolve().parent.is_dir():
        raise UsageError(f"cannot write {junit_path}: its directory does not exist")
    catalog = _catalog(paths, builtin=not no_builtin)
    claims = _selected(catalog, ids, all_)
    devices: tuple[str, ...] = ("cpu",)
    if not no_numeric:
        from checker.numerical import resolve_devices

        devices = tuple(resolve_devices(device))
    options = Options(
        devices=devices, dtypes=dtypes, seed=seed, numeric=not no_numeric, timeout=timeout, memory_mb=memory_mb,
        cache=_open_cache(not no_cache), cache_numeric=cache_numeric and not no_cache,
    )
    t0 = time.perf_counter()
    # a broken claim file fails the run whichever claims were asked for: a CI gate must not skip it
    results = [error_result(b.name, "derivation module failed to import", b.reason, b.file) for b in catalog.broken]
    jobs = jobs or min(os.cpu_count() or 1, max(1, len(claims)))
    results += _progress_run(claims, options, quiet=as_json, jobs=jobs)
    elapsed = time.perf_counter() - t0
    from checker import laststatus

    laststatus.record(results)
    if junit_path is not None:
        from checker.files import atomic_write
        from checker.report import junit

        atomic_write(Path(junit_path), junit.render(results))
    if as_json:
        click.echo(json_report.render(results))
    else:
        _print_results(results, elapsed)
    sys.exit(0 if all(r.ok for r in results) else 1)


def _print_results(results: list[ClaimResult], elapsed: float) -> None:
    from rich.console import Console

    from checker.report import console as console_report

    out = Console(highlight=False, width=None if sys.stdout.isatty() else 150)
    for r in results:
        console_report.claim_block(out, r)
    out.print(console_report.summary_line(results, elapsed))


@main.command()
@click.option("--markdown", "as_markdown", is_flag=True, help="Markdown, to paste under a blog post.")
@click.option("--path", "paths", multiple=True, help="Also load claims from this directory (repeatable).")
@handles_errors
def errata(as_markdown: bool, paths: tuple[str, ...]) -> None:
    """Every false or qualified source statement: quote, what is wrong, counterexample, correction."""
    from checker.export import markdown

    catalog = _catalog(paths)
    claims = [c for c in catalog.claims.values() if c.expect.value == "refuted"]
    if not claims:
        raise NoClaims("no claim declares a refutation")
    results = {r.id: r for r in run(claims, Options(numeric=False, cache=_open_cache(True)))}
    entries = markdown.errata(claims, results)
    click.echo(markdown.markdown(entries) if as_markdown else markdown.plain(entries))
    sys.exit(0 if all(r.ok for r in results.values()) else 1)


@main.command()
@click.argument("claim_id")
@click.option("--path", "directory", required=True, type=click.Path(file_okay=False), help="Directory of your claims.")
@handles_errors
def new(claim_id: str, directory: str) -> None:
    """Scaffold a claim module (one honest step, a numeric confirmation, a perturbation)."""
    from checker.scaffold import scaffold

    catalog = _catalog([directory] if Path(directory).is_dir() else [])
    taken = {c.id: c.origin for c in catalog.claims.values()}
    target = scaffold(claim_id, Path(directory), taken)
    click.echo(f"wrote {target}\ncheck it with: derive check {claim_id} --path {directory}")


@main.command()
@click.argument("claim_id")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False), help="FILE.png or FILE.pdf")
@handles_errors
def plot(claim_id: str, output: str) -> None:
    """Draw the figure that belongs to a claim (matplotlib)."""
    import io

    from checker.files import atomic_write
    from derivations._plots import PLOTS

    _catalog().select([claim_id])
    if claim_id not in PLOTS:
        raise UsageError(f"claim '{claim_id}' has no plot; plots exist for: {', '.join(sorted(PLOTS))}")
    target = Path(output)
    fmt = target.suffix.lstrip(".").lower()
    if fmt not in ("png", "pdf", "svg"):
        raise UsageError(f"-o must end in .png, .pdf or .svg (got {output!r})")
    import matplotlib

    matplotlib.use("Agg")
    fig = PLOTS[claim_id]()
    buf = io.BytesIO()
    fig.savefig(buf, format=fmt, dpi=150, bbox_inches="tight")
    atomic_write(target, buf.getvalue())
    click.echo(f"wrote {target}")


@main.command()
@click.argument("claim_id")
@handles_errors
def show(claim_id: str) -> None:
    """Render a claim's derivation in the terminal (nothing is checked)."""
    from rich.console import Console

    from checker.report import show as show_report

    (claim,) = _catalog().select([claim_id])
    show_report.render(Console(highlight=False), claim, registry.source_text(claim.source.file))


@main.command()
@click.argument("ids", nargs=-1)
@click.option("--all", "all_", is_flag=True, help="Export every claim.")
@click.option("--latex", is_flag=True, required=True, help="Write LaTeX (the only format for now).")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False), help="The .tex file to write.")
@click.option("--pdf", is_flag=True, help="Also compile it to PDF with latexmk/pdflatex.")
@click.option("--no-numeric", is_flag=True, help="Export with symbolic statuses only.")
@click.option("--seed", default=1234, show_default=True, type=int)
@handles_errors
def export(ids: tuple[str, ...], all_: bool, latex: bool, output: str, pdf: bool, no_numeric: bool, seed: int) -> None:
    """Export checked derivations as a standalone LaTeX document."""
    from checker.export import latex as latex_export
    from checker.files import atomic_write

    catalog = _catalog()
    claims = _selected(catalog, ids, all_)
    target = Path(output)
    if not target.parent.exists():
        raise UsageError(f"cannot write {target}: directory {target.parent} does not exist")
    options = Options(numeric=not no_numeric, seed=seed, cache=_open_cache(True))
    results = {r.id: r for r in run(claims, options)}
    atomic_write(target, latex_export.document(claims, results))
    click.echo(f"wrote {target}")
    if pdf:
        made = latex_export.compile_pdf(target)
        click.echo(f"wrote {made}")


if __name__ == "__main__":
    main()
