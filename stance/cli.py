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
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import nullcontext
from dataclasses import asdict
from pathlib import Path
from typing import IO, NoReturn

PROGRESS_MIN_TEXTS = 256  # show a progress bar from this many statements on
INPUT_FORMATS = (
    '.txt (one statement a line), .jsonl (a "text" field a line), .csv (a "text" column), - (stdin, one a line)'
)


class InputError(ValueError):
    """Input a user must fix: a bad file, line or value."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message} (see '{self.prog} --help')\n")


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
            "  cat statements.txt | stance classify --input -\n\n"
            "Empty statements, blank lines and missing text fields are errors (with the line number), never skipped.\n"
            "Statements longer than the model's window are truncated to it, with a warning."
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("texts", nargs="*", metavar="TEXT", help="statements to classify (quote each one)")
    parser.add_argument("-i", "--input", metavar="FILE", help=f"read statements from FILE: {INPUT_FORMATS}")
    parser.add_argument("-o", "--output", metavar="FILE", help="write the JSON lines to FILE instead of stdout")
    parser.add_argument(
        "--model", metavar="DIR", help="model directory (default: $STANCE_MODEL, else the shipped model)"
    )
    parser.add_argument(
        "--device", default="auto", help="auto (CUDA when available), cpu, cuda or cuda:N (default: auto)"
    )
    parser.add_argument(
        "--batch-size", type=int, default=32, metavar="N", help="statements per forward pass (default: 32)"
    )
    parser.set_defaults(run=run_classify, parser=parser)


def run_classify(args: argparse.Namespace) -> int:
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
    from transformers.utils import logging as transformers_logging

    from stance.classifier import Classifier

    transformers_logging.set_verbosity_error()
    transformers_logging.disable_progress_bar()
    classifier = Classifier.load(args.model, device=args.device)
    predictions = classifier.classify_iter(texts, batch_size=args.batch_size)
    progress = tqdm(predictions, total=len(texts), unit="statement", disable=len(texts) < PROGRESS_MIN_TEXTS)
    with open(args.output, "w", encoding="utf-8") if args.output else nullcontext(sys.stdout) as out:
        for text, prediction in zip(texts, progress, strict=True):
            out.write(json.dumps({"text": text, **asdict(prediction)}, ensure_ascii=False) + "\n")
    return 0


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
    for row in reader:
        _check(row["text"], f"{name}:{reader.line_num}")
        yield row["text"]


def _check(text: object, where: str) -> None:
    if not isinstance(text, str):
        raise InputError(
            f"{where}: the text is {'missing' if text is None else type(text).__name__}, expected a string"
        )
    if not text.strip():
        raise InputError(f"{where}: empty statement")


COMMANDS: tuple[Callable[[argparse._SubParsersAction], None], ...] = (add_classify,)


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
    except (OSError, ValueError, RuntimeError) as error:
        print(f"stance: error: {error}", file=sys.stderr)
        return 1
