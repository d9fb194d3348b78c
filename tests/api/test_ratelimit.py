"""The in-process moving window (memory://), on a clock the test moves."""

from __future__ import annotations

import pytest
from limits import parse

from api import ratelimit
from api.problems import ProblemError
from api.ratelimit import ProcessWindows, RateLimits


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    clock = Clock()
    monkeypatch.setattr(ratelimit.time, "monotonic", clock)
    return clock


def test_a_moving_window_allows_n_in_any_period(clock: Clock) -> None:
    windows, item = ProcessWindows(), parse("3/minute")
    for _ in range(3):
        assert windows.hit(item, "client", "a") is None
        clock.now += 10
    assert windows.hit(item, "client", "a") == pytest.approx(30)  # the first of the three frees in 30 s
    clock.now += 30.5
    assert windows.hit(item, "client", "a") is None  # it freed, and is used at once
    assert windows.hit(item, "client", "a") is not None
    assert windows.hit(item, "client", "b") is None  # each key has its own window


def test_refusals_are_not_counted(clock: Clock) -> None:
    windows, item = ProcessWindows(), parse("1/second")
    assert windows.hit(item, "oauth", "x") is None
    for _ in range(5):
        assert windows.hit(item, "oauth", "x") is not None
    clock.now += 1.5
    assert windows.hit(item, "oauth", "x") is None


def test_idle_keys_are_forgotten(clock: Clock) -> None:
    windows, item = ProcessWindows(), parse("2/minute")
    windows.hit(item, "client", "idle")
    clock.now += ratelimit.SWEEP_SECONDS + 1
    windows.hit(item, "client", "busy")
    assert [key for key in windows._hits if "idle" in key] == []
    assert [key for key in windows._hits if "busy" in key] != []


def test_a_refusal_says_when_to_retry(clock: Clock) -> None:
    limits = RateLimits("memory://", "2/minute", "1/minute")
    limits.client("c")
    clock.now += 10.2
    limits.client("c")
    with pytest.raises(ProblemError) as refused:
        limits.client("c")
    assert refused.value.status == 429
    assert refused.value.headers["Retry-After"] == "50"
    limits.oauth("203.0.113.9")  # another limit, another scope
