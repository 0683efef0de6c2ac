"""The per-step timeout kills hung work without signals and moves on."""

from __future__ import annotations

import threading
import time

from checker.isolation import Crashed, TimedOut, run_isolated


def _hang():
    while True:
        pass


def test_hanging_task_times_out_and_the_rest_still_run():
    """A task that never returns becomes TimedOut; later tasks still produce results."""
    t0 = time.perf_counter()
    out = dict(run_isolated([lambda: 1, _hang, lambda: 1 / 0, lambda: 4], timeout=0.5))
    assert out[0] == 1 and out[3] == 4
    assert isinstance(out[1], TimedOut)
    assert isinstance(out[2], Crashed) and "ZeroDivisionError" in out[2].reason
    assert time.perf_counter() - t0 < 5


def test_works_off_the_main_thread():
    """No SIGALRM: the timeout works from a worker thread too."""
    got = {}
    th = threading.Thread(target=lambda: got.update(run_isolated([_hang], timeout=0.3)))
    th.start()
    th.join(10)
    assert isinstance(got[0], TimedOut)


def _hog():
    return bytearray(2 * 1024**3)  # 2 GiB


def test_memory_cap_stops_a_runaway_step():
    """A step that allocates past its cap crashes with MemoryError; the next task still runs."""
    out = dict(run_isolated([_hog, lambda: "fine"], timeout=20, memory_mb=256))
    assert isinstance(out[0], Crashed) and "MemoryError" in out[0].reason
    assert out[1] == "fine"
