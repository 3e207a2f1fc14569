"""Generated inputs (a seeded generator) for ``classify``, ``extract_quotes``/``analyze`` and the CLI readers.

Pass: a result, or exactly the documented error (README, "Bad input") for the input's first problem; no hang.
``STANCE_FUZZ_N`` inputs per test (default 150, the CI slice); ``make fuzz`` runs 2,500 per test, 10,000 in all.
"""

from __future__ import annotations

import json
import os
import random
import re
import time
import warnings
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

import stance
from stance import LABELS, analyze, extract_quotes
from stance.cli import InputError, read_statements

N = int(os.environ.get("STANCE_FUZZ_N", "150"))
HANG_GUARD_S = 30.0  # per input: a hang detector, far above any normal time
QUOTE_BITS = ['"', "“", "”", "'", "‘", "’", "''", "«", "»", "„", "\u202a", "\n", "\n\n", " ", ", ", ". ", "? ", ": ",
              " - ", "—", "(", ")", "<p>", "</p>", '<a href="x">', "=", "&amp;"]
WORDS = ["said", "says", "told", "according to", "he", "she", "they", "It", "Trump", "Mr. Putin", "Iran", "the",
         "minister", "We", "will", "never", "negotiate", "I'm", "don't", "U.S.", "Sen.", "who", "A", "talks", "É", "日本"]


def random_unicode(rng: random.Random, length: int) -> str:
    """Any code point, lone surrogates included, biased to ASCII and white space."""
    pools = [lambda: chr(rng.randrange(0x20, 0x7F)), lambda: chr(rng.randrange(0x110000)), lambda: rng.choice(" \t\n\r\u3000")]
    return "".join(rng.choice(pools)() for _ in range(length))


def random_text(rng: random.Random) -> object:
    """A batch item: mostly a string of any length from 0 to 100,000, sometimes another type."""
    roll = rng.random()
    if roll < 0.05:
        return rng.choice([None, 3, 2.5, b"bytes", ["a"], {"text": "a"}])
    if roll < 0.1:
        return rng.choice(["", " ", "\n\t", "\u3000"])
    if roll < 0.12:
        return random_unicode(rng, 100) * 1000  # 100,000 characters
    return random_unicode(rng, rng.choice([1, 5, 30, 300, 3000]))


def first_problem(batch: list) -> tuple[type[Exception], str] | None:
    """The documented error for the first bad item of ``batch`` (``classify`` checks them all first)."""
    for i, text in enumerate(batch):
        if not isinstance(text, str):
            return TypeError, f"texts[{i}] is {type(text).__name__}, expected str"
        if not text.strip():
            return ValueError, f"texts[{i}] is empty or whitespace-only"
        if any(0xD800 <= ord(c) <= 0xDFFF for c in text):
            return ValueError, f"texts[{i}] is not valid Unicode"
    return None


def timed(call, *args, **kwargs):
    start = time.perf_counter()
    result = call(*args, **kwargs)
    assert time.perf_counter() - start < HANG_GUARD_S
    return result


def test_classify_takes_any_batch_or_names_its_first_bad_item(default_tiny):
    rng = random.Random(16)
    for _ in range(N):
        batch = [random_text(rng) for _ in range(rng.choice([1, 1, 2, 5]))]
        expected = first_problem(batch)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # TruncationWarning on the long texts
            if expected is None:
                predictions = timed(stance.classify, batch)
                assert [p.label in LABELS for p in predictions] == [True] * len(batch)
                assert all(abs(sum(p.scores.values()) - 1) < 1e-5 for p in predictions)
            else:
                with pytest.raises(expected[0], match=re.escape(expected[1])):
                    stance.classify(batch)


def random_article(rng: random.Random) -> str:
    bits = QUOTE_BITS + WORDS
    return "".join(rng.choice(bits) + rng.choice(["", " "]) for _ in range(rng.choice([0, 5, 50, 500, 3000])))


def test_extract_quotes_on_any_mix_of_marks_words_and_markup():
    rng = random.Random(17)
    for _ in range(N):
        text = random_article(rng)
        quotes = timed(extract_quotes, text)
        assert all(text[q.start:q.end] == q.text and q.text.strip() for q in quotes)
        assert [q.start for q in quotes] == sorted(q.start for q in quotes)


def test_analyze_on_any_mix_of_marks_words_and_markup(tiny):
    rng = random.Random(18)
    for _ in range(N):
        text = random_article(rng)
        results = timed(analyze, text, classifier=tiny)
        assert [(r.start, r.end) for r in results] == [(q.start, q.end) for q in extract_quotes(text)]
        assert all(r.prediction.label in LABELS for r in results)


def random_file(rng: random.Random, folder: Path) -> tuple[Path, str | None]:
    """A .txt, .jsonl or .csv file, and the message ``read_statements`` must raise (None: it must read it)."""
    suffix = rng.choice([".txt", ".jsonl", ".csv"])
    lines = [random_unicode(rng, rng.choice([1, 10, 80])).replace("\r", " ").replace("\n", " ").replace('"', "'")
             for _ in range(rng.choice([1, 3, 10]))]
    lines = [line if line.strip() else "x" for line in lines]
    lines = [line.encode("utf-8", "replace").decode("utf-8") for line in lines]  # surrogates out of files
    if suffix == ".jsonl":
        lines = [json.dumps({"text": line}) for line in lines]
    elif suffix == ".csv":
        lines = ["text"] + [f'"{line}"' for line in lines]
    path = folder / f"input{rng.randrange(10**9)}{suffix}"
    problem, expected = rng.choice(["none", "bytes", "encoding", "blank", "truncated", "huge", "no_text"]), None
    data = "\n".join(lines).encode("utf-8")
    if problem == "bytes":  # random bytes: not UTF-8, or some text
        data = bytes(rng.randrange(256) for _ in range(rng.choice([1, 50, 500])))
        try:
            data.decode("utf-8")
            return _write(path, data), "?"  # valid by chance: any documented outcome
        except UnicodeDecodeError:
            expected = "not UTF-8 text"
    elif problem == "encoding" and any(ord(c) > 0x7F for c in data.decode("utf-8")):
        data, expected = data.decode("utf-8").encode("utf-16"), "not UTF-8 text"
    elif problem == "blank":
        data += b"\n\n" + lines[-1].encode("utf-8")
        expected = {".txt": "empty statement", ".jsonl": "not a JSON object", ".csv": None}[suffix]
    elif problem == "truncated" and suffix == ".jsonl":
        data, expected = data[: data.rindex(b"}")], "not a JSON object"
    elif problem == "huge":
        data += b"\n" + (b'"' + b"a" * 300_000 + b'"' if suffix == ".csv" else
                         json.dumps({"text": "a" * 300_000}).encode() if suffix == ".jsonl" else b"a" * 300_000)
        expected = "not valid CSV" if suffix == ".csv" else None  # a field over the csv module's limit
    elif problem == "no_text" and suffix != ".txt":
        data = b'{"id": 1}\n' if suffix == ".jsonl" else b"id,title\n1,a\n"
        expected = 'no "text"'
    return _write(path, data), expected


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def test_cli_readers_read_a_file_or_raise_the_documented_error(tmp_path):
    rng = random.Random(19)
    for _ in range(N):
        path, expected = random_file(rng, tmp_path)
        try:
            texts = timed(read_statements, str(path))
        except InputError as error:
            assert expected is not None and str(error).startswith(str(path)), error
            assert expected == "?" or expected in str(error), (expected, str(error))
        else:
            assert expected in (None, "?"), (expected, path.read_bytes()[:200])
            assert texts and all(isinstance(t, str) and t.strip() for t in texts)
        path.unlink()


def test_eight_threads_classify_at_once_as_one_thread_does(default_tiny):
    rng = random.Random(20)
    texts = [random_unicode(rng, rng.choice([5, 50, 500])).encode("utf-8", "replace").decode() + "x"
             for _ in range(64)]
    alone = stance.classify(texts)
    with ThreadPoolExecutor(8) as pool:
        together = list(pool.map(lambda _: stance.classify(texts), range(8)))
    assert all(predictions == alone for predictions in together)
