"""Batching pieces: length-sorted batches, bucket widths, and the order-keeping threaded map."""

from __future__ import annotations

import random
import threading
import time

import pytest

from stance.batching import bucket_width, length_sorted_batches, ordered_map


def test_batches_cover_every_row_once_shortest_first():
    texts = ["ccc", "a", "bbbb", "dd", "e", "ffffff", "gg"]
    batches = length_sorted_batches(texts, 3)
    assert [len(batch) for batch in batches] == [3, 3, 1]
    assert sorted(row for batch in batches for row in batch) == list(range(len(texts)))
    lengths = [len(texts[row]) for batch in batches for row in batch]
    assert lengths == sorted(lengths)


def test_bucket_width_is_the_smallest_bucket_that_fits_or_the_length_itself():
    widths = (16, 32, 64)
    assert [bucket_width(n, widths) for n in (1, 16, 17, 64, 65)] == [16, 16, 32, 64, 65]
    assert bucket_width(7, ()) == 7


@pytest.mark.parametrize("workers", [0, 1, 3, 8])
def test_ordered_map_keeps_input_order_whatever_finishes_first(workers):
    delays = random.Random(workers).choices([0.0, 0.001, 0.004], k=60)

    def slow_square(i: int) -> int:
        time.sleep(delays[i])
        return i * i

    got = list(ordered_map(slow_square, range(60), workers=workers, ahead=5))
    assert got == [(i, i * i) for i in range(60)]


def test_ordered_map_runs_in_worker_threads_and_reads_at_most_ahead_items():
    pulled, threads = [], set()

    def items():
        for i in range(100):
            pulled.append(i)
            yield i

    def work(i: int) -> int:
        threads.add(threading.current_thread().name)
        return i

    results = ordered_map(work, items(), workers=2, ahead=4)
    assert next(results) == (0, 0)
    assert len(pulled) <= 1 + 4  # the item yielded and ``ahead`` more
    assert [i for i, _ in results] == list(range(1, 100))
    assert threads and all(name.startswith("stance-tokenize") for name in threads)


def test_ordered_map_computes_a_single_item_in_the_calling_thread():
    names = list(ordered_map(lambda _: threading.current_thread().name, ["only"], workers=4, ahead=8))
    assert names == [("only", threading.current_thread().name)]


def test_ordered_map_raises_a_worker_error_at_its_turn_and_cancels_the_rest():
    started = []

    def work(i: int) -> int:
        started.append(i)
        if i == 3:
            raise KeyError("item 3")
        return i

    results = ordered_map(work, range(1000), workers=2, ahead=4)
    assert [next(results)[0] for _ in range(3)] == [0, 1, 2]
    with pytest.raises(KeyError, match="item 3"):
        next(results)
    assert max(started) < 3 + 4 + 2  # nothing far beyond the failing item was started


def test_ordered_map_refuses_bad_settings():
    with pytest.raises(ValueError, match="workers >= 0 and ahead >= 1, got workers=-1"):
        list(ordered_map(str, [1, 2], workers=-1, ahead=2))
