"""Classify and analyze on Ray Data: millions of statements on a cluster (``pip install 'stance[ray]'``).

    >>> import ray
    >>> from stance.distributed import classify_dataset
    >>> ds = classify_dataset(ray.data.read_parquet("s3://bucket/quotes/"), concurrency=8)
    >>> ds.write_parquet("s3://bucket/stance/")

``classify_dataset`` adds ``label`` and ``p_hostile``, ``p_conciliatory``, ``p_neutral`` to every row;
``analyze_dataset`` turns articles into one row per quoted statement, the rows of ``stance analyze``. Both run
``map_batches`` with a callable class, so each worker loads the model once: the ONNX fast path on CPU workers
(as many intra-op threads as the worker holds CPUs, ``num_cpus``), float16 on GPU workers (``num_gpus``).

Ray restarts a worker that dies and runs its batch again, so no row is lost or written twice. Rows come out in
the order Ray Data produces them, not necessarily the input order: keep an id column to join on.

Malformed rows (a missing, non-string or empty text) follow ``on_error``: ``"raise"`` (the default, as
``classify``) fails the job with a message naming the row's id and the problem; ``"report"`` keeps the row, with
``label`` and probabilities None (null in the files written) and the problem in an ``error`` column (None on good rows), and goes on.
"""

from __future__ import annotations

import math
import os
from typing import TYPE_CHECKING, Any

from stance.labels import LABELS

if TYPE_CHECKING:
    import pandas as pd
    import ray.data

__all__ = ["classify_dataset", "analyze_dataset", "PROBABILITY_COLUMNS", "ERROR_COLUMN", "ON_ERROR"]

PROBABILITY_COLUMNS = tuple(f"p_{label}" for label in LABELS)
ERROR_COLUMN = "error"
ON_ERROR = ("raise", "report")
DEFAULT_BATCH_SIZE = 256  # rows per map_batches call; the model runs them in batches of ``model_batch_size``
CRASH_ONCE_ENV = "STANCE_RAY_CRASH_ONCE"  # fault-injection for the tests: a file path; see ``_crash_once``
INSTALL_HINT = "install it with: pip install 'stance[ray]'"


def classify_dataset(
    ds: ray.data.Dataset,
    *,
    text_column: str = "text",
    id_column: str | None = "id",
    batch_size: int = DEFAULT_BATCH_SIZE,
    model_batch_size: int = 32,
    concurrency: int | tuple[int, int] | None = None,
    num_cpus: float = 1,
    num_gpus: float = 0,
    model: str | os.PathLike[str] | None = None,
    on_error: str = "raise",
) -> ray.data.Dataset:
    """The rows of ``ds`` with ``label`` and the three probabilities added (lazy: Ray runs it when consumed).

    ``id_column`` names the rows in error messages (when the dataset has it). ``concurrency`` is the number of
    workers, or a ``(min, max)`` range Ray scales within; by default from 1 up to as many as the cluster's CPUs
    (or GPUs, with ``num_gpus``) hold. A fixed pool that takes every CPU leaves none for the tasks that read the
    input from files, and the job waits forever: keep a CPU free, or use a range. ``model`` is a model directory
    every worker can read (default: ``$STANCE_MODEL`` or the shipped model).
    """
    _check_column(ds, text_column)
    return _map(ds, _Classify, batch_size=batch_size, concurrency=concurrency, num_cpus=num_cpus, num_gpus=num_gpus,
                model=model, text_column=text_column, id_column=id_column, model_batch_size=model_batch_size,
                on_error=on_error)


def analyze_dataset(
    ds: ray.data.Dataset,
    *,
    text_column: str = "text",
    id_column: str = "id",
    date_column: str | None = "date",
    batch_size: int = 16,
    model_batch_size: int = 32,
    concurrency: int | tuple[int, int] | None = None,
    num_cpus: float = 1,
    num_gpus: float = 0,
    model: str | os.PathLike[str] | None = None,
    on_error: str = "raise",
    kind: str = "all",
) -> ray.data.Dataset:
    """Articles in (``text_column``, ``id_column``, optional ``date_column``), one row per statement out.

    The rows have the columns of ``stance.analysis.RESULT_FIELDS`` (``article`` is the article's id), as
    ``stance analyze`` writes them; with ``on_error="report"`` a malformed article gives one row with its id, the
    problem in ``error`` and nothing else. ``batch_size`` counts articles; ``kind`` as ``stance.analysis.analyze``
    (the workers load the attribution tagger unless it is ``"direct"``). Other options as ``classify_dataset``.
    """
    _check_column(ds, text_column)
    _check_column(ds, id_column)
    return _map(ds, _Analyze, batch_size=batch_size, concurrency=concurrency, num_cpus=num_cpus, num_gpus=num_gpus,
                model=model, text_column=text_column, id_column=id_column, date_column=date_column,
                model_batch_size=model_batch_size, on_error=on_error, kind=kind)


def _map(ds: ray.data.Dataset, worker: type[_Worker], *, batch_size: int, concurrency: int | tuple[int, int] | None,
         num_cpus: float, num_gpus: float, model: str | os.PathLike[str] | None, on_error: str,
         model_batch_size: int, **columns: str | None) -> ray.data.Dataset:
    """``ds.map_batches`` with a pool of ``worker`` actors, after checking the options shared by both functions."""
    _check_options(on_error, batch_size, model_batch_size)
    return ds.map_batches(
        worker,
        batch_format="pandas",
        batch_size=batch_size,
        fn_constructor_kwargs={"model": _model_path(model), "device": "cuda" if num_gpus else "cpu",
                               "model_batch_size": model_batch_size, "on_error": on_error, **columns},
        **_resources(concurrency, num_cpus, num_gpus),
    )


class _Worker:
    """Loads the model once per worker process; subclasses turn a pandas batch into output rows."""

    def __init__(self, *, model: str, device: str, text_column: str, id_column: str | None, model_batch_size: int,
                 on_error: str, **options: Any) -> None:
        from stance.classifier import Classifier

        self.classifier = Classifier.load(model, device=device)
        self.text_column, self.id_column = text_column, id_column
        self.model_batch_size, self.on_error, self.options = model_batch_size, on_error, options

    def __call__(self, batch: pd.DataFrame) -> pd.DataFrame:
        _crash_once()
        problems = self._problems(batch)
        return self._rows(batch, problems, [i for i, problem in enumerate(problems) if problem is None])

    def _rows(self, batch: pd.DataFrame, problems: list[str | None], good: list[int]) -> pd.DataFrame:
        """The output rows of ``batch``, whose rows ``good`` hold a text to classify."""
        raise NotImplementedError

    def _problems(self, batch: pd.DataFrame) -> list[str | None]:
        """Per row: None for a good text, else a message naming the row; raises with ``on_error="raise"``."""
        from stance.classifier import _check_text

        ids = batch[self.id_column] if self.id_column in batch.columns else [None] * len(batch)
        problems: list[str | None] = []
        for row_id, text in zip(ids, batch[self.text_column], strict=True):
            where = (f"row {self.id_column}={row_id!r}" if row_id is not None
                     else f"row with {self.text_column}={text!r:.60}")
            try:
                if _is_missing(text):
                    raise ValueError(f"{where}: {self.text_column!r} is missing")
                _check_text(text, f"{where}: {self.text_column!r}")
            except (TypeError, ValueError) as error:
                if self.on_error == "raise":
                    raise ValueError(f"{error} (on_error='report' keeps such rows with the problem in "
                                     f"{ERROR_COLUMN!r})") from None
                problems.append(str(error))
            else:
                problems.append(None)
        return problems


class _Classify(_Worker):
    def _rows(self, batch: pd.DataFrame, problems: list[str | None], good: list[int]) -> pd.DataFrame:
        texts = batch[self.text_column].tolist()
        predictions = self.classifier.classify([texts[i] for i in good], batch_size=self.model_batch_size)
        labels: list[str | None] = [None] * len(batch)
        columns: dict[str, list[float | None]] = {name: [None] * len(batch) for name in PROBABILITY_COLUMNS}
        for row, prediction in zip(good, predictions, strict=True):
            labels[row] = prediction.label
            for name, label in zip(PROBABILITY_COLUMNS, LABELS, strict=True):
                columns[name][row] = float(prediction.scores[label])
        out = batch.copy()
        out["label"] = labels
        for name, values in columns.items():
            out[name] = values
        if self.on_error == "report":
            out[ERROR_COLUMN] = problems
        return out


class _Analyze(_Worker):
    def _rows(self, batch: pd.DataFrame, problems: list[str | None], good: list[int]) -> pd.DataFrame:
        import pandas as pd

        from stance.analysis import RESULT_FIELDS, analyze_many

        ids = [str(v) for v in batch[self.id_column]]
        date_column = self.options["date_column"]
        dates = batch[date_column].tolist() if date_column in batch.columns else [None] * len(batch)
        texts = batch[self.text_column].tolist()
        days = [None if _is_missing(day) else str(day) for day in dates]
        results = iter(analyze_many([texts[i] for i in good], sources=[ids[i] for i in good],
                                     dates=[_iso_or_none(days[i]) for i in good], classifier=self.classifier,
                                     batch_size=self.model_batch_size, kind=self.options["kind"]))
        rows: list[dict[str, Any]] = []
        for i, problem in enumerate(problems):
            if problem is not None:
                rows.append({**dict.fromkeys(RESULT_FIELDS), "article": ids[i], ERROR_COLUMN: problem})
                continue
            for statement in next(results):
                rows.append(statement.to_row(date=days[i])._asdict())
                if self.on_error == "report":
                    rows[-1][ERROR_COLUMN] = None
        columns = [*RESULT_FIELDS, ERROR_COLUMN] if self.on_error == "report" else list(RESULT_FIELDS)
        return pd.DataFrame(rows, columns=columns)


def _crash_once() -> None:
    """Test hook: when ``$STANCE_RAY_CRASH_ONCE`` names a file that does not exist yet, create it and exit.

    The first worker to get here dies abruptly (as an out-of-memory kill would) and every later batch runs; the
    tests use it to check that Ray's restart and retry leave the output complete and exact.
    """
    path = os.environ.get(CRASH_ONCE_ENV)
    if not path:
        return
    try:
        os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY))
    except FileExistsError:
        return
    os._exit(1)


def _iso_or_none(day: str | None) -> str | None:
    """``day`` when it is an ISO 8601 date (then it chooses the actors' codes), else ``None``; the row keeps it."""
    from stance.analysis import parse_date

    try:
        return day if day is not None and parse_date(day) else None
    except ValueError:
        return None


def _is_missing(value: object) -> bool:
    """None, or what pandas puts in a column where a record has no value (NaN, or NA in a string column)."""
    import pandas as pd

    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def _check_options(on_error: str, batch_size: int, model_batch_size: int) -> None:
    if on_error not in ON_ERROR:
        raise ValueError(f"unsupported on_error {on_error!r}; use one of: {', '.join(ON_ERROR)}")
    for name, value in (("batch_size", batch_size), ("model_batch_size", model_batch_size)):
        if not isinstance(value, int) or value < 1:
            raise ValueError(f"{name} must be a positive int, got {value!r}")


def _check_column(ds: ray.data.Dataset, column: str) -> None:
    """Fail before any worker starts when the dataset's schema lacks ``column``."""
    schema = ds.schema()
    names = list(schema.names) if schema is not None else []
    if column not in names:
        raise ValueError(f"the dataset has no column {column!r}; its columns: {', '.join(names) or 'none'}")


def _model_path(model: str | os.PathLike[str] | None) -> str:
    """An absolute model directory, checked here so that a bad path fails at once, not in every worker."""
    from stance.classifier import CONFIG_NAME, WEIGHTS_NAME, ModelError
    from stance.paths import model_dir

    path = model_dir() if model is None else os.path.abspath(model)
    for name in (CONFIG_NAME, WEIGHTS_NAME):
        if not os.path.isfile(os.path.join(path, name)):
            raise ModelError(f"no {name} in model directory {path}; build one with `make train` in a stance "
                             "checkout, or pass model= a directory every worker can read")
    return str(path)


def _resources(concurrency: int | tuple[int, int] | None, num_cpus: float, num_gpus: float) -> dict[str, Any]:
    """``map_batches`` resources: a pool of workers of ``num_cpus`` CPUs (and ``num_gpus`` GPUs each)."""
    try:
        import ray
    except ImportError:
        raise RuntimeError(f"stance.distributed needs Ray, which is not installed; {INSTALL_HINT}") from None
    if concurrency is None:  # from 1 up to as many workers as the cluster holds, so that reads and writes fit too
        if not ray.is_initialized():
            ray.init()
        available = ray.cluster_resources()
        fits = available.get("GPU", 0) / num_gpus if num_gpus else available.get("CPU", 1) / num_cpus
        if fits < 1:
            raise RuntimeError(f"the Ray cluster has no room for one worker of {num_cpus} CPUs and {num_gpus} "
                               f"GPUs (it has {available.get('CPU', 0)} CPUs, {available.get('GPU', 0)} GPUs)")
        concurrency = (1, int(fits))
    if isinstance(concurrency, tuple):
        pool = ray.data.ActorPoolStrategy(min_size=concurrency[0], max_size=concurrency[1])
    else:
        pool = ray.data.ActorPoolStrategy(size=concurrency)
    return {"compute": pool, "num_cpus": num_cpus, "num_gpus": num_gpus}
