"""The ``stance`` command line.

Each subcommand is a function ``add_<name>(subparsers)`` that adds its parser and sets ``run`` (a function
``args -> exit status``) with ``set_defaults``; list it in ``COMMANDS``. Import heavy modules inside ``run`` so
that ``stance --help`` stays fast. Errors a user can fix (``OSError``, ``ValueError``, ``RuntimeError``) end the
program with exit status 1 and a one-line message; usage errors exit with status 2.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import re
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import nullcontext
from dataclasses import asdict
from importlib.util import find_spec
from pathlib import Path
from typing import IO, NoReturn

from stance.extras import MissingExtraError

PROGRESS_MIN_TEXTS = 256  # show a progress bar from this many statements on
INPUT_FORMATS = (
    '.txt (one statement a line), .jsonl (a "text" field a line), .csv (a "text" column), - (stdin, one a line)'
)


class InputError(ValueError):
    """Input a user must fix: a bad file, line or value."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message} (see '{self.prog} --help')\n")


def _add_model_options(parser: argparse.ArgumentParser) -> None:
    """--model, --device and --batch-size, shared by the commands that classify."""
    parser.add_argument(
        "--model", metavar="DIR", help="model directory (default: $STANCE_MODEL, else the shipped model)"
    )
    parser.add_argument(
        "--device", default="auto", help="auto (CUDA when available), cpu, cuda or cuda:N (default: auto)"
    )
    parser.add_argument(
        "--batch-size", type=int, default=32, metavar="N", help="statements per forward pass (default: 32)"
    )


def _add_engine_options(parser: argparse.ArgumentParser) -> None:
    """--engine and the Ray options (``stance.distributed``), shared by classify and analyze."""
    group = parser.add_argument_group(
        "scaling out (--engine ray; needs: pip install 'stance[ray]')",
        "Reads and writes with Ray Data: the input is a .jsonl or .parquet file or folder (local or remote, e.g.\n"
        "s3://...), --output a folder of JSON-lines files, or of Parquet files when it ends in .parquet. Every input\n"
        "column is kept, and rows keep their input order.",
    )
    group.add_argument("--engine", choices=("local", "ray"), default="local",
                       help="local (this process; default) or ray (a Ray cluster, see --address)")
    group.add_argument("--address", metavar="ADDR", help="Ray cluster to join (default: $RAY_ADDRESS, else a "
                       "local Ray instance on this machine)")
    group.add_argument("--workers", type=int, metavar="N", help="a fixed number of workers, each loading the model "
                       "once; leave a CPU free for reading and writing (default: Ray scales from 1 to as many as "
                       "the cluster's CPUs, or GPUs with --gpus-per-worker, hold)")
    group.add_argument("--gpus-per-worker", type=float, default=0, metavar="G",
                       help="GPUs per worker (default 0: CPU workers on the ONNX fast path)")
    group.add_argument("--on-error", choices=("raise", "report"), default="raise",
                       help="a row with a missing or empty text: raise stops the job naming the row (default); "
                       "report keeps it with its problem in an 'error' column")


def add_classify(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "classify",
        help="label statements hostile, conciliatory or neutral",
        description=(
            "Label each statement hostile, conciliatory or neutral, with the probability of each label.\n"
            "Prints one JSON object per statement, in input order:\n"
            '  {"text": ..., "label": "hostile", "score": 0.97, "scores": {"hostile": 0.97, ...}}'
        ),
        epilog=(
            "examples:\n"
            '  stance classify "We will never negotiate." "The talks resume on Monday."\n'
            "  stance classify --input statements.csv --output predictions.jsonl\n"
            "  cat statements.txt | stance classify --input -\n"
            "  stance classify --engine ray --input quotes.parquet --output labelled.parquet\n\n"
            "Empty statements, blank lines and missing text fields are errors (with the line number), never skipped.\n"
            "Statements longer than the model's window are truncated to it, with a warning."
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("texts", nargs="*", metavar="TEXT", help="statements to classify (quote each one)")
    parser.add_argument("-i", "--input", metavar="FILE", help=f"read statements from FILE: {INPUT_FORMATS}")
    parser.add_argument("-o", "--output", metavar="FILE", help="write the JSON lines to FILE instead of stdout")
    _add_model_options(parser)
    _add_engine_options(parser)
    parser.set_defaults(run=run_classify, parser=parser)


def run_classify(args: argparse.Namespace) -> int:
    if args.engine == "ray":
        if args.texts or not args.input or not args.output:
            args.parser.error("--engine ray reads --input PATH and writes --output FOLDER (no statements as arguments)")
        return _run_on_ray(args, "classify", args.input)
    if bool(args.texts) == bool(args.input):
        args.parser.error(
            "give statements either as arguments or with --input FILE" if args.texts else "no statements given"
        )
    if args.input:
        texts = read_statements(args.input)
    else:
        texts = args.texts
        for i, text in enumerate(texts, 1):
            _check(text, f"argument {i}")

    from tqdm import tqdm

    from stance.classifier import Classifier

    _quiet_transformers()
    classifier = Classifier.load(args.model, device=args.device)
    predictions = classifier.classify_iter(texts, batch_size=args.batch_size)
    progress = tqdm(predictions, total=len(texts), unit="statement", disable=len(texts) < PROGRESS_MIN_TEXTS)
    with open(args.output, "w", encoding="utf-8") if args.output else nullcontext(sys.stdout) as out:
        for text, prediction in zip(texts, progress, strict=True):
            out.write(json.dumps({"text": text, **asdict(prediction)}, ensure_ascii=False) + "\n")
    return 0


def add_export_onnx(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "export-onnx",
        help="write the ONNX graph that makes CPU inference faster (the CPU fast path)",
        description=(
            "Export a model folder to ONNX: model.onnx, next to the weights it reads (model.safetensors).\n"
            "From then on, stance classify and Classifier.load run it with ONNX Runtime on the CPU (backend 'auto'),\n"
            "with the same results as torch. --int8 also writes model.int8.onnx, a faster int8 model that changes\n"
            "a few labels; it is used only when asked for (backend 'onnx-int8').\n"
            "Needs the onnx extra: pip install 'stance[onnx]'."
        ),
        epilog="examples:\n  stance export-onnx\n  stance export-onnx --model path/to/model --int8",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--model", metavar="DIR", help="model directory (default: $STANCE_MODEL, else the shipped model)"
    )
    parser.add_argument(
        "--int8", action="store_true", help="also write model.int8.onnx (dynamic int8 quantisation; lossy)"
    )
    parser.set_defaults(run=run_export_onnx, parser=parser)


def run_export_onnx(args: argparse.Namespace) -> int:

    from stance.onnx_backend import export
    from stance.paths import model_dir

    _quiet_transformers()
    folder = Path(args.model) if args.model else model_dir()
    for written in export(folder, int8=args.int8):
        print(f"wrote {written} ({written.stat().st_size / 1e6:.1f} MB)")
    return 0


def _quiet_transformers() -> None:
    """No warnings or progress bars from transformers, when it is installed (the torch backend)."""
    if find_spec("transformers") is None:
        return
    from transformers.utils import logging as transformers_logging

    transformers_logging.set_verbosity_error()
    transformers_logging.disable_progress_bar()


def read_statements(source: str) -> list[str]:
    """Statements from a .txt, .jsonl or .csv file, or ``-`` for stdin; raises ``InputError`` on a bad one."""
    if source == "-":
        return list(_read_txt(sys.stdin, "<stdin>"))
    readers: dict[str, Callable[[IO[str], str], Iterator[str]]] = {
        ".txt": _read_txt,
        ".jsonl": _read_jsonl,
        ".csv": _read_csv,
    }
    path = Path(source)
    reader = readers.get(path.suffix.lower())
    if reader is None:
        raise InputError(f"{source}: unsupported input format; use {INPUT_FORMATS}")
    try:
        with path.open(encoding="utf-8", newline="") as file:
            return list(reader(file, source))
    except UnicodeDecodeError as error:
        raise InputError(f"{source}: not UTF-8 text ({error.reason} at byte {error.start})") from None


def _read_txt(file: IO[str], name: str) -> Iterator[str]:
    for number, line in enumerate(file, 1):
        text = line.rstrip("\r\n")
        _check(text, f"{name}:{number}")
        yield text


def _read_jsonl(file: IO[str], name: str) -> Iterator[str]:
    for number, line in enumerate(file, 1):
        where = f"{name}:{number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            raise InputError(f"{where}: not a JSON object ({error.msg})") from None
        if not isinstance(record, dict) or "text" not in record:
            raise InputError(f'{where}: no "text" field')
        _check(record["text"], where)
        yield record["text"]


def _read_csv(file: IO[str], name: str) -> Iterator[str]:
    reader = csv.DictReader(file)
    if reader.fieldnames is None or "text" not in reader.fieldnames:
        raise InputError(f'{name}: no "text" column (columns: {", ".join(reader.fieldnames or []) or "none"})')
    try:
        for row in reader:
            _check(row["text"], f"{name}:{reader.line_num}")
            yield row["text"]
    except csv.Error as error:  # a field longer than the csv module's limit (131,072 characters), …
        raise InputError(f"{name}:{reader.line_num}: not valid CSV ({error})") from None


def _check(text: object, where: str) -> None:
    if not isinstance(text, str):
        raise InputError(
            f"{where}: the text is {'missing' if text is None else type(text).__name__}, expected a string"
        )
    if not text.strip():
        raise InputError(f"{where}: empty statement")


def _run_on_ray(args: argparse.Namespace, command: str, source: str) -> int:
    """``classify`` or ``analyze`` with ``stance.distributed``: Ray Data reads ``source`` and writes ``--output``."""
    try:
        import ray
    except ImportError:
        raise RuntimeError("--engine ray needs Ray, which is not installed; pip install 'stance[ray]'") from None
    from stance import distributed

    reader = _ray_reader(source)
    ray.init(address=args.address, include_dashboard=False, log_to_driver=False, logging_level="WARNING")
    ray.data.DataContext.get_current().execution_options.preserve_order = True  # rows in input order
    try:
        options = {"model": args.model, "model_batch_size": args.batch_size, "concurrency": args.workers,
                   "num_gpus": args.gpus_per_worker, "on_error": args.on_error}
        if command == "analyze":
            options["kind"] = args.kind
        dataset = getattr(distributed, f"{command}_dataset")(reader(source), **options)
        if args.output.rstrip("/").endswith(".parquet"):
            dataset.write_parquet(args.output)
        else:
            dataset.write_json(args.output, double_precision=15)  # pandas' default keeps 10 digits
    except ray.exceptions.RayError as error:  # a worker's error: its first line names the row
        raise RuntimeError(_worker_error(error)) from None
    finally:
        ray.shutdown()
    print(f"stance {command}: wrote {args.output}", file=sys.stderr)
    return 0


def _ray_reader(source: str) -> Callable:
    """Ray Data's reader for a .jsonl or .parquet file, or a local folder of such files."""
    import ray

    readers = {".jsonl": ray.data.read_json, ".json": ray.data.read_json, ".parquet": ray.data.read_parquet}
    suffixes = {Path(source.rstrip("/")).suffix.lower()}
    if Path(source).is_dir():
        suffixes = {p.suffix.lower() for p in Path(source).rglob("*") if p.is_file() and not p.name.startswith(".")}
    elif "://" not in source and not Path(source).exists():
        raise InputError(f"{source}: no such file or folder")
    if len(suffixes) != 1 or not suffixes <= readers.keys():
        raise InputError(f"{source}: --engine ray reads .jsonl or .parquet files (found: "
                         f"{', '.join(sorted(suffixes)) or 'no files'})")
    return readers[suffixes.pop()]


def _worker_error(error: BaseException) -> str:
    """The message of the error a Ray worker raised: Ray keeps it only as text inside the exceptions it chains."""
    texts = []
    while error is not None and len(texts) < 10:
        texts.append(str(error))
        error = error.__cause__ or getattr(error, "cause", None)
    raised = re.findall(r"^\s*(?:\w+\.)*(?:ValueError|TypeError|OSError|ModelError): (.+)$", "\n".join(texts), re.M)
    return raised[-1] if raised else texts[0].strip().splitlines()[0]


# ------------------------------------------------------------------------------------------ analyze

TABLE_WIDTHS = (22, 54, 12, 4)  # speaker, statement, label, probability: 98 columns with the gaps


def add_analyze(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "analyze",
        help="find the attributed statements in articles, with speaker and stance",
        description=(
            "Find every attributed statement in news articles (direct quotes and reported speech), who said it,\n"
            "and its stance. Writes one row per statement: article, date, speaker (as written), canonical_speaker\n"
            "(the fullest form of the name in the article), statement, start and end (character offsets into\n"
            "the article), label, p_hostile, p_conciliatory, p_neutral, kind (direct or indirect), speaker_id\n"
            "(the same person across articles), role, source_actor and target_actor (CAMEO codes of the\n"
            "speaker's side and the statement's main target).\n"
            "Reported speech needs the attribution tagger (models/attribution-minilm, `make train-attribution`,\n"
            "or $STANCE_ATTRIBUTION_MODEL); --kind direct uses the quote rules alone and is faster."
        ),
        epilog=(
            "inputs:\n"
            "  FILE.txt     one article; its id is the path\n"
            '  FILE.jsonl   one article a line: {"text": ..., "id": optional, "date": optional ISO 8601}\n'
            "  FOLDER       every .txt and .jsonl file below it (hidden ones left out)\n"
            "  -            stdin, one article of plain text\n\n"
            "examples:\n"
            "  stance analyze article.txt --format table\n"
            "  stance analyze corpus/ --kind direct -o quotes.jsonl\n"
            "  stance analyze corpus/ news.jsonl -o results.jsonl\n"
            "  stance analyze corpus/ --format csv -o results.csv\n"
            "  cat article.txt | stance analyze -\n"
            "  stance analyze --engine ray articles.parquet -o statements.parquet\n\n"
            "A missing, unreadable or non-UTF-8 file, or a bad JSONL line, is reported on stderr and skipped; the\n"
            "others are still analysed. Exit status: 0 when every input was analysed, 1 when any was skipped."
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("paths", nargs="+", metavar="PATH", help="article files, folders, or - for stdin")
    parser.add_argument("-o", "--output", metavar="FILE", help="write the rows to FILE instead of stdout")
    parser.add_argument(
        "--format",
        choices=("jsonl", "csv", "table"),
        help="jsonl, csv, or table (for reading); default: csv when --output ends in .csv, else jsonl",
    )
    parser.add_argument(
        "--kind", choices=("all", "direct", "indirect"), default="all",
        help="all (default), direct (quoted words, rules only: no tagger) or indirect (reported speech)",
    )
    _add_model_options(parser)
    _add_engine_options(parser)
    parser.set_defaults(run=run_analyze, parser=parser)


def run_analyze(args: argparse.Namespace) -> int:
    if args.engine == "ray":
        if len(args.paths) != 1 or args.paths == ["-"] or not args.output or args.format:
            args.parser.error("--engine ray reads one PATH (a .jsonl or .parquet file or folder) and writes "
                              "--output FOLDER (--format does not apply)")
        return _run_on_ray(args, "analyze", args.paths[0])
    fmt = args.format or ("csv" if (args.output or "").lower().endswith(".csv") else "jsonl")
    if args.paths.count("-") > 1:
        args.parser.error("stdin (-) can be given only once")

    from tqdm import tqdm

    from stance.analysis import RESULT_FIELDS, analyze, count_articles, iter_articles
    from stance.classifier import Classifier
    from stance.tagger import Tagger

    _quiet_transformers()
    classifier = Classifier.load(args.model, device=args.device)
    tagger = None if args.kind == "direct" else Tagger.load(device=args.device)
    skipped: list[str] = []
    progress = tqdm(total=count_articles(args.paths), unit="article", leave=False, disable=None)

    def report(message: str) -> None:
        skipped.append(message)
        progress.write(f"stance analyze: {message}", file=sys.stderr)

    articles = statements = 0
    with open(args.output, "w", encoding="utf-8", newline="") if args.output else nullcontext(sys.stdout) as out:
        writer = csv.writer(out) if fmt == "csv" else None
        if writer is not None:
            writer.writerow(RESULT_FIELDS)
        if fmt == "table":
            _write_table_header(out)
        for article in iter_articles(args.paths, report):
            results = analyze(article.text, source=article.id, date=article.date, classifier=classifier,
                              batch_size=args.batch_size, kind=args.kind, tagger=tagger)
            rows = [result.to_row(date=article.date) for result in results]
            if fmt == "table":
                _write_table(out, article.id, article.date, rows)
            for row in rows if fmt != "table" else ():
                if writer is not None:
                    writer.writerow(["" if value is None else value for value in row])
                else:
                    out.write(json.dumps(row._asdict(), ensure_ascii=False) + "\n")
            out.flush()
            articles += 1
            statements += len(rows)
            progress.update()
    progress.close()
    summary = f"{statements} statement{'s' * (statements != 1)} in {articles} article{'s' * (articles != 1)}"
    if skipped:
        summary += f"; {len(skipped)} input{'s' * (len(skipped) != 1)} skipped (listed above)"
    print(f"stance analyze: {summary}", file=sys.stderr)
    return 1 if skipped else 0


def _shorten(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def _write_table_header(out: IO[str]) -> None:
    names = ("SPEAKER", "STATEMENT", "LABEL", "P")
    out.write("  ".join(name.ljust(width) for name, width in zip(names, TABLE_WIDTHS, strict=True)).rstrip() + "\n")


def _shorten_start(text: str, width: int) -> str:
    """``text`` cut to ``width`` characters from the left: a long path keeps its end, the file's name."""
    return text if len(text) <= width else "…" + text[len(text) - width + 1:]


def _write_table(out: IO[str], article: str, date: str | None, rows: Sequence) -> None:
    speaker_w, statement_w, label_w, _ = TABLE_WIDTHS
    tail = f"{f' ({date})' if date else ''}: {len(rows)} statement{'s' * (len(rows) != 1)}"
    out.write(f"── {_shorten_start(article, sum(TABLE_WIDTHS) + 6 - 3 - len(tail))}{tail}\n")
    for row in rows:
        speaker = row.canonical_speaker or row.speaker or "?"
        out.write(
            f"{_shorten(speaker, speaker_w):<{speaker_w}}  {_shorten(row.statement, statement_w):<{statement_w}}  "
            f"{row.label:<{label_w}}  {row.probability(row.label):.2f}\n"
        )


# ------------------------------------------------------------------------------------------ summary and report

RESULTS_HELP = "output of `stance analyze`: a .jsonl or .csv file, or - for JSON lines on stdin"


def add_summary(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "summary",
        help="per-speaker or per-dyad figures over `stance analyze` results",
        description=(
            "Per speaker (speaker_id, the same person across articles): number of statements (and of indirect\n"
            "ones, INDIR.), share of each label, mean P(hostile), net tone (mean P(conciliatory) - mean\n"
            "P(hostile), from -1 to +1), and the most hostile and most conciliatory statement. Speakers with the\n"
            "most statements come first.\n"
            "--by dyad: per source party -> target party (countries, else bodies such as IGOUNO), a matrix of\n"
            "net tone and, for dated statements, net tone per month with the number of statements behind it."
        ),
        epilog=(
            "examples:\n"
            "  stance summary results.jsonl\n"
            "  stance summary results.jsonl --by dyad\n"
            "  stance summary results.csv --format csv -o speakers.csv\n"
            "  stance analyze corpus/ | stance summary -"
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("results", metavar="RESULTS", help=RESULTS_HELP)
    parser.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of stdout")
    parser.add_argument(
        "--format", choices=("table", "jsonl", "csv"), default="table", help="table (default), jsonl or csv"
    )
    parser.add_argument(
        "--by", choices=("speaker", "dyad"), default="speaker", help="speaker (default) or dyad (source -> target)"
    )
    parser.set_defaults(run=run_summary, parser=parser)


def run_summary(args: argparse.Namespace) -> int:
    from stance.labels import LABELS
    from stance.speakers import link_speakers
    from stance.summary import UNATTRIBUTED, read_results, summarise

    rows = link_speakers(read_results(args.results))
    if args.by == "dyad":
        with open(args.output, "w", encoding="utf-8", newline="") if args.output else nullcontext(sys.stdout) as out:
            _write_dyads(out, rows, args.format)
        return 0
    summaries = summarise(rows)
    with open(args.output, "w", encoding="utf-8", newline="") if args.output else nullcontext(sys.stdout) as out:
        if args.format == "jsonl":
            for s in summaries:
                record = {
                    "speaker": s.speaker, "statements": s.statements, "indirect": s.indirect, "shares": dict(s.shares),
                    "mean_p_hostile": s.mean_p_hostile, "net_tone": s.net_tone,
                    "most_hostile": {"statement": s.most_hostile.statement, "article": s.most_hostile.article,
                                     "p_hostile": s.most_hostile.p_hostile},
                    "most_conciliatory": {"statement": s.most_conciliatory.statement,
                                          "article": s.most_conciliatory.article,
                                          "p_conciliatory": s.most_conciliatory.p_conciliatory},
                }
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
        elif args.format == "csv":
            writer = csv.writer(out)
            writer.writerow(
                ["speaker", "statements", *(f"share_{label}" for label in LABELS), "mean_p_hostile", "net_tone",
                 "most_hostile", "most_hostile_p", "most_conciliatory", "most_conciliatory_p", "indirect"]
            )
            for s in summaries:
                writer.writerow(
                    [s.speaker or "", s.statements, *(s.shares[label] for label in LABELS), s.mean_p_hostile,
                     s.net_tone, s.most_hostile.statement, s.most_hostile.p_hostile, s.most_conciliatory.statement,
                     s.most_conciliatory.p_conciliatory, s.indirect]
                )
        else:
            out.write(
                f"{'SPEAKER':<30}  {'N':>4}  {'INDIR.':>6}  {'HOSTILE':>7}  {'CONCIL.':>7}  {'NEUTRAL':>7}  {'P(HOST)':>7}  "
                f"{'TONE':>5}\n"
            )
            for s in summaries:
                shares = "  ".join(f"{s.shares[label]:>7.0%}" for label in LABELS)
                out.write(
                    f"{_shorten(s.speaker or UNATTRIBUTED, 30):<30}  {s.statements:>4}  {s.indirect:>6}  {shares}  "
                    f"{s.mean_p_hostile:>7.2f}  {s.net_tone:>+5.2f}\n"
                    f"    most hostile       {s.most_hostile.p_hostile:.2f}  {_shorten(s.most_hostile.statement, 66)}\n"
                    f"    most conciliatory  {s.most_conciliatory.p_conciliatory:.2f}  "
                    f"{_shorten(s.most_conciliatory.statement, 66)}\n"
                )
    return 0


MATRIX_PARTIES = 10  # sources and targets in the `stance summary --by dyad` table


def _write_dyads(out: IO[str], rows: Sequence, fmt: str) -> None:
    """``stance summary --by dyad``: one record per dyad (jsonl), one line per dyad and month (csv), or the
    matrix of net tone followed by each dyad's months (table)."""
    from stance.dyads import dyad_over_time, dyad_summary, parties
    from stance.labels import LABELS

    dyads = dyad_summary(rows)
    points = dyad_over_time(rows)
    months: dict[tuple[str, str], list] = {}
    for p in points:
        months.setdefault((p.source, p.target), []).append(p)
    if fmt == "jsonl":
        for d in dyads:
            record = {"source": d.source, "target": d.target, "statements": d.statements, "shares": dict(d.shares),
                      "net_tone": d.net_tone,
                      "months": [{"month": p.date.isoformat()[:7], "statements": p.statements, "net_tone": p.net_tone}
                                 for p in months.get((d.source, d.target), [])]}
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
        return
    if fmt == "csv":
        writer = csv.writer(out)
        writer.writerow(["source", "target", "month", "statements", *(f"share_{label}" for label in LABELS),
                         "net_tone"])
        for d in dyads:
            writer.writerow([d.source, d.target, "", d.statements, *(d.shares[label] for label in LABELS), d.net_tone])
            for p in months.get((d.source, d.target), []):
                writer.writerow([d.source, d.target, p.date.isoformat()[:7], p.statements, *([""] * len(LABELS)),
                                 p.net_tone])
        return
    if not dyads:
        out.write("No statement has both a source and a target actor.\n")
        return
    sources, targets = parties(dyads, MATRIX_PARTIES)
    cells = {(d.source, d.target): d for d in dyads}
    out.write("Net tone (statements) of each source (rows) toward each target (columns):\n")
    out.write(f"{'':<10}" + "".join(f"{t[:10]:>12}" for t in targets) + "\n")
    for source in sources:
        line = f"{source[:10]:<10}"
        for target in targets:
            d = cells.get((source, target))
            line += f"{f'{d.net_tone:+.2f} ({d.statements})' if d else '.':>12}"
        out.write(line.rstrip() + "\n")
    if points:
        out.write("\nNet tone per month (statements):\n")
        for d in dyads:
            for p in months.get((d.source, d.target), []):
                out.write(f"{d.source} -> {d.target:<10}  {p.date.isoformat()[:7]}  {p.net_tone:+.2f}  "
                          f"({p.statements})\n")


def add_report(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "report",
        help="an HTML page of charts and top statements from `stance analyze` results",
        description=(
            "Write one self-contained HTML page (charts embedded, no scripts): the share of each label per\n"
            "speaker, net tone over time when the articles have dates, a per-speaker table, and the top\n"
            "statements of each label with their speaker and probability. Needs matplotlib\n"
            "(pip install 'stance[report]')."
        ),
        epilog="examples:\n  stance report results.jsonl -o report.html\n  stance report results.csv -o r.html --top 10",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("results", metavar="RESULTS", help=RESULTS_HELP)
    parser.add_argument("-o", "--output", metavar="FILE", required=True, help="the HTML file to write")
    parser.add_argument("--title", default="Stance report", help="page title (default: Stance report)")
    parser.add_argument(
        "--top", type=int, default=5, metavar="N", help="statements listed for each label (default: 5)"
    )
    parser.set_defaults(run=run_report, parser=parser)


def run_report(args: argparse.Namespace) -> int:
    if args.top < 1:
        args.parser.error("--top must be at least 1")
    from stance.report import write_report
    from stance.summary import read_results

    from stance.speakers import link_speakers

    path = write_report(link_speakers(read_results(args.results)), args.output, title=args.title, top=args.top)
    print(f"stance report: wrote {path}", file=sys.stderr)
    return 0


COMMANDS: tuple[Callable[[argparse._SubParsersAction], None], ...] = (
    add_classify, add_analyze, add_summary, add_report, add_export_onnx,
)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="stance",
        description="Classify statements from international politics as hostile, conciliatory or neutral.",
        epilog="Run 'stance COMMAND --help' for the options and examples of a command.",
    )
    subparsers = parser.add_subparsers(title="commands", metavar="COMMAND", required=True)
    for add in COMMANDS:
        add(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    args = build_parser().parse_args(argv)
    try:
        return args.run(args)
    except BrokenPipeError:  # the reader went away (`stance summary ... | head`): stop quietly, as Unix tools do
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # so the exit's flush does not fail again
        return 1
    except (OSError, ValueError, RuntimeError, MissingExtraError) as error:
        print(f"stance: error: {error}", file=sys.stderr)
        return 1
