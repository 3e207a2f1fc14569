"""Batching for inference: length-sorted batches, bucketed widths, and an order-keeping threaded map.

These pieces know nothing of models; ``stance.classifier`` strings them together (tokenize in threads, run the
model, put the rows back in input order).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from itertools import chain, islice
from typing import TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")


def length_sorted_batches(texts: Sequence[str], batch_size: int) -> list[list[int]]:
    """Row numbers of ``texts`` in batches of ``batch_size``, shortest texts first: similar lengths share a batch."""
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
    return [order[first : first + batch_size] for first in range(0, len(order), batch_size)]


def bucket_width(longest: int, widths: Sequence[int]) -> int:
    """The smallest of ``widths`` (ascending) that holds ``longest`` tokens; ``longest`` itself when none does."""
    return next((width for width in widths if width >= longest), longest)


def ordered_map(
    function: Callable[[Item], Result], items: Iterable[Item], *, workers: int, ahead: int
) -> Iterator[tuple[Item, Result]]:
    """``(item, function(item))`` for each item, in input order, computed by ``workers`` threads.

    At most ``ahead`` items are taken from ``items`` (in the calling thread) beyond the one being yielded, which
    bounds memory. ``workers=0``, or a single item, computes in the calling thread. An exception from ``function``
    is raised when its item's turn comes; work not yet started is then cancelled.
    """
    if workers < 0 or ahead < 1:
        raise ValueError(f"ordered_map needs workers >= 0 and ahead >= 1, got workers={workers}, ahead={ahead}")
    source = iter(items)
    first = list(islice(source, 2))
    if workers == 0 or len(first) < 2:
        for item in chain(first, source):
            yield item, function(item)
        return
    pool = ThreadPoolExecutor(workers, thread_name_prefix="stance-tokenize")
    try:
        pending: deque[tuple[Item, Future[Result]]] = deque((item, pool.submit(function, item)) for item in first)
        pending.extend((item, pool.submit(function, item)) for item in islice(source, max(0, ahead - 2)))
        while pending:
            item, future = pending.popleft()
            more = islice(source, max(0, ahead - len(pending)))  # keep ``ahead`` items under way
            pending.extend((next_item, pool.submit(function, next_item)) for next_item in more)
            yield item, future.result()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
