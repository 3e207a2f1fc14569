"""Padded batches -> logits with a torch model: in step on the CPU; on CUDA, overlapped with the host's work.

On CUDA (``TorchRunner(model, device, in_flight=IN_FLIGHT, widths=LENGTH_BUCKETS, cuda_graphs=True)``):

* ``stage`` (run by the tokenizer threads) copies a batch into pinned host memory, so that its copy to the GPU does
  not block the host, and pads its rows up to ``batch_size`` when a CUDA graph will run it;
* ``logits`` launches each batch (copy in, forward pass under float16 autocast, logits copied back into pinned
  memory; all on the device's current stream) and waits for a batch only once ``in_flight`` newer ones are queued
  behind it, so the GPU has work queued while the host tokenizes and builds results;
* a batch whose width is one of ``widths`` and whose rows fill more than half of ``batch_size`` runs as a CUDA graph,
  captured on first use of its shape: one launch instead of hundreds of kernels, and none of the host-device
  synchronisations of the eager forward pass. If a capture fails, or a fresh graph's logits differ from the eager
  pass on the same batch, graphs are turned off for this runner with a ``RuntimeWarning`` and batches run eagerly.

On the CPU ``logits`` runs each batch when it comes (fp32), exactly as a plain forward pass.
"""

from __future__ import annotations

import threading
import warnings
from collections import deque
from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, NamedTuple, TypeVar

import numpy as np

if TYPE_CHECKING:
    import torch
    from transformers import PreTrainedModel

Tag = TypeVar("Tag")

LENGTH_BUCKETS = (16, 32, 48, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384, 448, 512)  # CUDA batch widths
IN_FLIGHT = 4  # CUDA batches launched but not yet waited for
MAX_GRAPHS = 32  # captured shapes per runner; later shapes run eagerly
REPLAY_TOLERANCE = 1e-2  # a fresh graph's logits against the eager pass, both under float16 autocast


class Staged(NamedTuple):
    """A batch ready for the device: int64 tensors (pinned on CUDA) whose first ``rows`` rows are real."""

    tensors: dict[str, torch.Tensor]
    rows: int
    graph: bool  # rows padded to a CUDA graph's shape


class _Launched(NamedTuple):
    logits: torch.Tensor  # on the host; on CUDA filled asynchronously until ``done``
    done: torch.cuda.Event | None
    rows: int

    def result(self) -> np.ndarray:
        if self.done is not None:
            self.done.synchronize()
        return self.logits.numpy()[: self.rows]


class _Graph(NamedTuple):
    graph: torch.cuda.CUDAGraph
    inputs: dict[str, torch.Tensor]  # static: each batch is copied in before a replay
    logits: torch.Tensor  # static: read (copied to the host) right after each replay


class TorchRunner:
    """Runs a sequence-classification model on padded int64 batches, keeping their order (see the module doc)."""

    def __init__(
        self,
        model: PreTrainedModel,
        device: torch.device,
        *,
        in_flight: int = 0,
        widths: Iterable[int] = (),
        cuda_graphs: bool = False,
    ) -> None:
        import torch

        self.model, self.device, self.in_flight, self.widths = model, device, in_flight, tuple(sorted(widths))
        self._cuda = device.type == "cuda"
        self._graphs: dict[tuple[int, ...], _Graph] | None = {} if cuda_graphs and self._cuda else None
        self._pool = torch.cuda.graph_pool_handle() if self._graphs is not None else None
        self._lock = threading.Lock()  # one launch at a time: a graph's static inputs are shared

    @property
    def graph_shapes(self) -> list[tuple[int, ...]]:
        """``(rows, width)`` of each CUDA graph captured so far; empty when graphs are off."""
        return sorted(self._graphs or ())

    def stage(self, batch: Mapping[str, np.ndarray], batch_size: int) -> Staged:
        """Tensors for one padded batch (thread-safe; meant for the tokenizer threads)."""
        import torch

        rows, width = next(iter(batch.values())).shape
        graph = self._graphs is not None and width in self.widths and 2 * rows > batch_size
        if graph:
            batch = {name: _pad_rows(array, batch_size) for name, array in batch.items()}
        tensors = {name: torch.from_numpy(array) for name, array in batch.items()}
        if self._cuda:
            tensors = {name: tensor.pin_memory() for name, tensor in tensors.items()}
        return Staged(tensors, rows, graph)

    def logits(self, items: Iterable[tuple[Tag, Staged]]) -> Iterator[tuple[Tag, np.ndarray]]:
        """``(tag, logits of the real rows)`` for each ``(tag, staged batch)``, in order."""
        launched: deque[tuple[Tag, _Launched]] = deque()
        for tag, staged in items:
            launched.append((tag, self._launch(staged)))
            if len(launched) > self.in_flight:
                done_tag, done = launched.popleft()
                yield done_tag, done.result()
        for done_tag, done in launched:
            yield done_tag, done.result()

    def _launch(self, staged: Staged) -> _Launched:
        if not self._cuda:
            return _Launched(self._forward(staged.tensors), None, staged.rows)
        import torch

        with self._lock, torch.cuda.device(self.device):  # graphs replay on the current device's stream
            logits = self._replayed(staged) if staged.graph and self._graphs is not None else None
            if logits is None:
                inputs = {name: tensor.to(self.device, non_blocking=True) for name, tensor in staged.tensors.items()}
                logits = self._forward(inputs)
            host = torch.empty(logits.shape, dtype=logits.dtype, pin_memory=True)
            host.copy_(logits, non_blocking=True)  # before any later replay can overwrite a graph's output
            done = torch.cuda.Event()
            done.record(torch.cuda.current_stream(self.device))
        return _Launched(host, done, staged.rows)

    def _forward(self, inputs: Mapping[str, torch.Tensor]) -> torch.Tensor:
        import torch

        # no autocast cache: a cached cast made inside a graph capture would be freed memory at replay
        autocast = torch.autocast("cuda", dtype=torch.float16, enabled=self._cuda, cache_enabled=False)
        with torch.inference_mode(), autocast:
            return self.model(**inputs).logits.float()

    def _replayed(self, staged: Staged) -> torch.Tensor | None:
        """The graph's (static) logits for this batch, or ``None`` to run it eagerly."""
        import torch

        assert self._graphs is not None
        shape = tuple(next(iter(staged.tensors.values())).shape)
        try:
            graph = self._graphs.get(shape)
            if graph is None:
                if len(self._graphs) >= MAX_GRAPHS:
                    return None
                graph = self._graphs[shape] = self._capture(staged)
            for name, tensor in staged.tensors.items():
                graph.inputs[name].copy_(tensor, non_blocking=True)
            graph.graph.replay()
        except Exception as error:  # CUDA and capture errors are RuntimeErrors; any failure means: run eagerly
            self._graphs = None
            reason = str(error).strip().splitlines()[0] if str(error).strip() else ""
            warnings.warn(
                f"CUDA graphs turned off, batches run eagerly ({type(error).__name__}: {reason})",
                RuntimeWarning,
                stacklevel=2,
            )
            torch.cuda.synchronize(self.device)  # surfaces an error that would make the eager pass fail too
            return None
        return graph.logits

    def _capture(self, staged: Staged) -> _Graph:
        import torch

        inputs = {name: tensor.to(self.device) for name, tensor in staged.tensors.items()}
        current = torch.cuda.current_stream(self.device)
        side = torch.cuda.Stream(self.device)
        side.wait_stream(current)
        with torch.cuda.stream(side):
            for _ in range(2):  # warm-up outside the graph: lazy initialisation, kernel choices, workspaces
                self._forward(inputs)
        current.wait_stream(side)
        graph = torch.cuda.CUDAGraph()
        # thread_local: the tokenizer threads may pin memory while this thread captures
        capture = torch.cuda.graph(graph, pool=self._pool, stream=side, capture_error_mode="thread_local")
        with torch.cuda.device(self.device), capture:
            logits = self._forward(inputs)
        graph.replay()
        eager = self._forward(inputs)
        rows = slice(0, staged.rows)
        if not torch.allclose(logits[rows], eager[rows], rtol=REPLAY_TOLERANCE, atol=REPLAY_TOLERANCE):
            difference = (logits[rows] - eager[rows]).abs().max().item()
            raise RuntimeError(f"a fresh CUDA graph's logits differ from the eager pass by up to {difference:.3g}")
        return _Graph(graph, inputs, logits)


def _pad_rows(array: np.ndarray, rows: int) -> np.ndarray:
    """``array`` with its last row repeated up to ``rows`` rows: padding rows of real tokens give finite logits."""
    missing = rows - len(array)
    return np.concatenate([array, np.repeat(array[-1:], missing, axis=0)]) if missing > 0 else array
