"""The collector pause around letter batches always hands the collector back as it was."""
from __future__ import annotations

import gc
import threading
from collections.abc import Iterator

import pytest

from models.store.gc_pause import collection_paused


@pytest.fixture(autouse=True)
def collector_enabled() -> Iterator[None]:
    gc.enable()
    yield
    gc.enable()


def test_nested_pauses_resume_collection_only_at_the_outermost_end() -> None:
    with collection_paused():
        assert not gc.isenabled()
        with collection_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()


def test_a_collector_switched_off_before_stays_off() -> None:
    gc.disable()
    with collection_paused():
        pass
    assert not gc.isenabled()


def test_an_error_inside_still_resumes_collection() -> None:
    with pytest.raises(ValueError), collection_paused():
        raise ValueError("gagal")
    assert gc.isenabled()


def test_overlapping_pauses_in_two_threads_leave_the_collector_on() -> None:
    # A enters, B enters, A leaves, B leaves: the collector must come back after B only.
    a_in, b_in, a_out = threading.Event(), threading.Event(), threading.Event()
    seen: list[bool] = []

    def first() -> None:
        with collection_paused():
            a_in.set()
            b_in.wait(5)
        a_out.set()

    def second() -> None:
        a_in.wait(5)
        with collection_paused():
            b_in.set()
            a_out.wait(5)
            seen.append(gc.isenabled())  # A has left, B still inside
    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert seen == [False] and gc.isenabled()
