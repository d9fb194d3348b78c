"""Long-running commands (the outbox consumers, the schedules) stop cleanly on SIGTERM or
Ctrl-C: what they were doing finishes, nothing is left half-done."""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable


def stop_event() -> threading.Event:
    """An event that SIGTERM sets: a loop waits on it between rounds."""
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    return stop


def run_until_stopped(run: Callable[[threading.Event], None]) -> None:
    """Run ``run(stop)`` until SIGTERM or Ctrl-C sets ``stop``."""
    stop = stop_event()
    try:
        run(stop)
    except KeyboardInterrupt:
        stop.set()
