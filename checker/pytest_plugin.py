"""pytest plugin (entry point ``pytest11``): ``pytest --derive`` collects one item per claim and device.

Works under pytest-xdist: collection is deterministic, and each item checks its claim on its own.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("derive", "derive claims")
    group.addoption("--derive", action="store_true", help="collect every derive claim (built-in and user) as a test")
    group.addoption("--derive-path", action="append", default=[], metavar="DIR", help="also load claims from DIR")
    group.addoption("--derive-no-builtin", action="store_true", help="leave out the built-in catalog")
    group.addoption("--derive-no-numeric", action="store_true", help="symbolic steps only")
    group.addoption("--derive-seed", type=int, default=1234, help="seed of every random draw")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "derive: a derive claim")
    config.addinivalue_line("markers", "gpu: needs CUDA (skipped without it)")


_INDEX = pytest.StashKey[Any]()


def _index(config: pytest.Config) -> Any:
    """The claim index, imported once per process in child processes (claim code never runs here)."""
    if _INDEX not in config.stash:
        from checker.config import configured_paths
        from checker.registry import load_index

        paths = configured_paths(config.rootpath) + [Path(p) for p in config.getoption("derive_path")]
        config.stash[_INDEX] = load_index(paths, builtin=not config.getoption("derive_no_builtin"))
    return config.stash[_INDEX]


class ClaimFailed(Exception):
    """A claim whose outcome differs from what its module declares."""


class ClaimItem(pytest.Item):
    def __init__(self, *, claim_id: str, device: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.claim_id = claim_id
        self.device = device
        self.add_marker("derive")
        if device == "cuda":
            self.add_marker("gpu")

    def runtest(self) -> None:
        from checker.registry import resolve
        from checker.runner import Options
        from checker.scheduler import run_refs

        config = self.config
        if self.device == "cuda":
            import torch

            if not torch.cuda.is_available():
                pytest.skip("no CUDA device on this machine")
        ref = _index(config).refs[self.claim_id]
        options = Options(
            devices=(self.device,), seed=config.getoption("derive_seed"), numeric=not config.getoption("derive_no_numeric")
        )
        (result,) = run_refs([ref], resolve, options, jobs=1)
        if not result.ok:
            from checker.report.junit import _failure_text

            raise ClaimFailed(_failure_text(result))

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> str:
        if isinstance(excinfo.value, ClaimFailed):
            return f"claim {self.claim_id} on {self.device}:\n{excinfo.value}"
        return str(super().repr_failure(excinfo))

    def reportinfo(self) -> tuple[str, int | None, str]:
        return "derive", None, f"{self.claim_id}[{self.device}]"


class BrokenModuleItem(pytest.Item):
    def __init__(self, *, reason: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.reason = reason

    def runtest(self) -> None:
        raise ClaimFailed(self.reason)

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> str:
        return f"derivation module failed to import: {excinfo.value}"


def pytest_collection_modifyitems(session: pytest.Session, config: pytest.Config, items: list[pytest.Item]) -> None:
    """With --derive, the claims are added beside the project's own tests."""
    if not config.getoption("derive"):
        return
    catalog = _index(config)
    claim_items: list[pytest.Item] = []
    for b in catalog.broken:
        claim_items.append(BrokenModuleItem.from_parent(session, name=f"broken:{Path(b.file).name}", reason=b.reason))
    for claim_id in sorted(catalog.refs):
        for device in ("cpu", "cuda"):
            claim_items.append(ClaimItem.from_parent(session, name=f"{claim_id}[{device}]", claim_id=claim_id, device=device))
    items.extend(claim_items)
