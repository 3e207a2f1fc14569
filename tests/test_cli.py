"""The command line: `stance classify`."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import STATEMENTS

from stance.cli import PROGRESS_MIN_TEXTS, build_parser, main


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, list[dict], str]:
    """Exit status, JSON lines on stdout, and stderr of ``stance ARGV``."""
    status = main(argv)
    out, err = capsys.readouterr()
    return status, [json.loads(line) for line in out.splitlines()], err


def as_records(texts, classifier) -> list[dict]:
    return [
        {"text": text, "label": p.label, "score": p.score, "scores": dict(p.scores)}
        for text, p in zip(texts, classifier.classify(texts), strict=True)
    ]


def test_help_explains_commands_formats_and_examples(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["--help"])
    assert exit_.value.code == 0
    assert "classify" in capsys.readouterr().out
    with pytest.raises(SystemExit):
        main(["classify", "--help"])
    text = capsys.readouterr().out
    for needle in (".txt", ".jsonl", ".csv", "stdin", "--output", "examples:", 'stance classify "We will never'):
        assert needle in text


def test_batch_size_default_matches_the_library():
    from stance.classifier import DEFAULT_BATCH_SIZE

    assert build_parser().parse_args(["classify", "x"]).batch_size == DEFAULT_BATCH_SIZE


def test_python_dash_m_stance_runs_the_cli():
    result = subprocess.run([sys.executable, "-m", "stance", "--help"], capture_output=True, text=True)
    assert result.returncode == 0 and "classify" in result.stdout


def test_classify_arguments(default_tiny, tiny, capsys):
    status, records, err = run(["classify", *STATEMENTS[:3]], capsys)
    assert status == 0
    assert records == as_records(STATEMENTS[:3], tiny)
    assert err == ""


@pytest.mark.parametrize("suffix", [".txt", ".jsonl", ".csv", "-"])
def test_classify_input_formats_to_output_file(default_tiny, tiny, tmp_path, capsys, monkeypatch, suffix):
    texts = [*STATEMENTS, 'He said "no", then left, again.']  # commas and quotes for CSV
    if suffix == "-":
        monkeypatch.setattr(sys, "stdin", io.StringIO("".join(f"{t}\n" for t in texts)))
        source = "-"
    else:
        source = tmp_path / f"in{suffix}"
        if suffix == ".txt":
            source.write_text("".join(f"{t}\n" for t in texts), encoding="utf-8")
        elif suffix == ".jsonl":
            source.write_text("".join(json.dumps({"id": i, "text": t}) + "\n" for i, t in enumerate(texts)))
        else:
            quoted = ['"' + t.replace('"', '""') + '"' for t in texts]
            source.write_text("id,text\r\n" + "".join(f"{i},{q}\r\n" for i, q in enumerate(quoted)))
    output = tmp_path / "out.jsonl"
    status, stdout_records, _ = run(["classify", "--input", str(source), "--output", str(output)], capsys)
    assert status == 0 and stdout_records == []
    records = [json.loads(line) for line in output.read_text(encoding="utf-8").splitlines()]
    assert records == as_records(texts, tiny)


def test_progress_bar_only_on_long_inputs(default_tiny, tmp_path, capsys):
    long_input = tmp_path / "long.txt"
    long_input.write_text("".join(f"Statement number {i}.\n" for i in range(PROGRESS_MIN_TEXTS)))
    status, records, err = run(["classify", "-i", str(long_input), "--batch-size", "64"], capsys)
    assert status == 0 and len(records) == PROGRESS_MIN_TEXTS
    assert f"{PROGRESS_MIN_TEXTS}/{PROGRESS_MIN_TEXTS}" in err
    status, _, err = run(["classify", "short one"], capsys)
    assert status == 0 and err == ""


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("blank.txt", "one\n\nthree\n", "blank.txt:2: empty statement"),
        ("spaces.txt", "one\ntwo\n   \n", "spaces.txt:3: empty statement"),
        ("notext.jsonl", '{"text": "a"}\n{"body": "b"}\n', 'notext.jsonl:2: no "text" field'),
        ("null.jsonl", '{"text": null}\n', "null.jsonl:1: the text is missing, expected a string"),
        ("number.jsonl", '{"text": "a"}\n{"text": 7}\n', "number.jsonl:2: the text is int, expected a string"),
        ("empty.jsonl", '{"text": ""}\n', "empty.jsonl:1: empty statement"),
        ("broken.jsonl", '{"text": "a"\n', "broken.jsonl:1: not a JSON object"),
        ("blankline.jsonl", '{"text": "a"}\n\n', "blankline.jsonl:2: not a JSON object"),
        ("nocolumn.csv", "id,body\n1,hello\n", 'nocolumn.csv: no "text" column (columns: id, body)'),
        ("emptycell.csv", "id,text\n1,hello\n2,\n", "emptycell.csv:3: empty statement"),
        ("shortrow.csv", "id,text\n1,hello\n2\n", "shortrow.csv:3: the text is missing"),
        ("data.xlsx", "whatever", "data.xlsx: unsupported input format; use .txt"),
        ("latin1.txt", "caf\xe9\n".encode("latin-1"), "latin1.txt: not UTF-8 text"),
    ],
)
def test_bad_input_files_exit_1_with_one_line(tmp_path, capsys, monkeypatch, name, content, message):
    monkeypatch.chdir(tmp_path)
    Path(name).write_bytes(content if isinstance(content, bytes) else content.encode())
    status, records, err = run(["classify", "--input", name, "--output", "out.jsonl"], capsys)
    assert status == 1 and records == []
    assert err == f"stance: error: {err.removeprefix('stance: error: ').strip()}\n"  # exactly one line
    assert message in err
    assert not Path("out.jsonl").exists()  # nothing written on bad input


@pytest.mark.parametrize(
    ("argv", "status", "message"),
    [
        (["classify", "fine", " "], 1, "stance: error: argument 2: empty statement"),
        (["classify", "--input", "missing.txt"], 1, "No such file or directory: 'missing.txt'"),
        (["classify", "x", "--model", "nowhere"], 1, "no model directory at nowhere; build one with `make train`"),
        (["classify", "x", "--device", "tpu"], 1, "unsupported device 'tpu'"),
        (["classify", "x", "--batch-size", "0"], 1, "batch_size must be a positive int, got 0"),
        (["classify"], 2, "stance classify: error: no statements given (see 'stance classify --help')"),
        (["classify", "x", "--input", "f.txt"], 2, "give statements either as arguments or with --input FILE"),
        (["classify", "x", "--batch-size", "many"], 2, "invalid int value: 'many'"),
        ([], 2, "stance: error: the following arguments are required: COMMAND"),
    ],
)
def test_bad_arguments(default_tiny, tmp_path, capsys, monkeypatch, argv, status, message):
    monkeypatch.chdir(tmp_path)
    if status == 2:
        with pytest.raises(SystemExit) as exit_:
            main(argv)
        got = exit_.value.code
    else:
        got = main(argv)
    err = capsys.readouterr().err
    assert got == status
    assert message in err and err.count("\n") == 1


def test_console_script_from_another_directory(tiny_model_dir, tmp_path):
    script = Path(sys.executable).parent / "stance"
    env = {**os.environ, "STANCE_MODEL": str(tiny_model_dir)}
    result = subprocess.run(
        [script, "classify", STATEMENTS[0]], cwd=tmp_path, env=env, capture_output=True, text=True, check=True
    )
    [record] = [json.loads(line) for line in result.stdout.splitlines()]
    assert record["text"] == STATEMENTS[0] and record["label"] in record["scores"]
    assert result.stderr == ""
