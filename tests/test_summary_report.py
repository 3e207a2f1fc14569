"""`stance summary` and `stance report` over stance analyze results (tests/fixtures/results_small.jsonl)."""

from __future__ import annotations

import base64
import csv
import json
import os
import re
import subprocess
import sys
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest
from pytest import approx

from stance.analysis import RESULT_FIELDS
from stance.cli import main
from stance.labels import LABELS
from stance.report import render_report
from stance.summary import period_start, read_results, summarise, tone_over_time, top_statements

RESULTS = Path(__file__).parent / "fixtures" / "results_small.jsonl"
KHAMENEI, TRUMP = "Ayatollah Ali Khamenei", "President Donald Trump"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def rows():
    return read_results(str(RESULTS))


def test_the_summary_equals_a_hand_computation(rows):
    khamenei, trump, nobody = summarise(rows)  # most statements first, unattributed last

    assert (khamenei.speaker, khamenei.statements) == (KHAMENEI, 3)  # "Khamenei" and "Khameni" together
    assert khamenei.shares == approx({"hostile": 1 / 3, "conciliatory": 1 / 3, "neutral": 1 / 3})
    assert khamenei.mean_p_hostile == approx((0.9 + 0.3 + 0.1) / 3)
    assert khamenei.net_tone == approx((0.05 + 0.2 + 0.6) / 3 - (0.9 + 0.3 + 0.1) / 3)  # -0.15
    assert khamenei.most_hostile.statement == "We will never negotiate."
    assert khamenei.most_conciliatory.statement == "Talks may come one day."

    assert (trump.speaker, trump.statements) == (TRUMP, 2)
    assert trump.shares == approx({"hostile": 0.5, "conciliatory": 0.5, "neutral": 0.0})
    assert trump.mean_p_hostile == approx(0.4)
    assert trump.net_tone == approx(0.5 - 0.4)
    assert trump.most_hostile.statement == "They will pay a <big> price & more."
    assert trump.most_conciliatory.statement == "anytime they want"

    assert (nobody.speaker, nobody.statements, nobody.net_tone) == (None, 1, approx(0.0))
    assert nobody.most_hostile == nobody.most_conciliatory == rows[-1]


def test_tone_over_time_and_top_statements_equal_a_hand_computation(rows):
    assert [(p.speaker, p.date, p.statements, p.net_tone) for p in tone_over_time(rows)] == [
        (KHAMENEI, date(2018, 8, 13), 2, approx((0.05 + 0.2) / 2 - (0.9 + 0.3) / 2)),
        (KHAMENEI, date(2018, 8, 20), 1, approx(0.6 - 0.1)),
        (TRUMP, date(2018, 8, 13), 1, approx(0.8 - 0.1)),
        (TRUMP, date(2018, 8, 20), 1, approx(0.2 - 0.7)),
        (None, date(2018, 8, 20), 1, approx(0.0)),
    ]
    assert tone_over_time(rows, "week") == tone_over_time(rows)  # both dates are Mondays
    assert [(p.speaker, p.date, p.statements, p.net_tone) for p in tone_over_time(rows, "month")] == [
        (KHAMENEI, date(2018, 8, 1), 3, approx(-0.15)),
        (TRUMP, date(2018, 8, 1), 2, approx(0.1)),
        (None, date(2018, 8, 1), 1, approx(0.0)),
    ]
    assert period_start(date(2018, 8, 19), "week") == date(2018, 8, 13)
    with pytest.raises(ValueError, match="unknown period"):
        tone_over_time(rows, "year")
    assert [r.statement for r in top_statements(rows, "hostile")] == [
        "We will never negotiate.", "They will pay a <big> price & more."]
    assert [r.statement for r in top_statements(rows, "neutral", 1)] == ["The talks are off."]
    with pytest.raises(ValueError, match="unknown label"):
        top_statements(rows, "angry")


def test_results_read_the_same_from_csv_and_jsonl(rows, tmp_path):
    as_csv = tmp_path / "results.csv"
    with as_csv.open("w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(RESULT_FIELDS)
        writer.writerows(["" if v is None else v for v in row] for row in rows)
    assert read_results(str(as_csv)) == rows


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda r: r.pop("p_neutral"), r"results\.jsonl:2: missing field\(s\) p_neutral"),
        (lambda r: r.update(label="angry"), "results.jsonl:2: label 'angry' is not one of"),
        (lambda r: r.update(p_hostile="high"), "results.jsonl:2: start and end must be integers and p_"),
        (lambda r: r.update(date="last week"), "results.jsonl:2: date 'last week' is not an ISO 8601 date"),
    ],
)
def test_bad_results_are_refused_with_file_and_line(tmp_path, capsys, change, message):
    records = [json.loads(line) for line in RESULTS.read_text(encoding="utf-8").splitlines()]
    change(records[1])
    bad = tmp_path / "results.jsonl"
    bad.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    with pytest.raises(ValueError, match=message):
        read_results(str(bad))
    assert main(["summary", str(bad)]) == 1
    assert re.search(message, capsys.readouterr().err)


def test_summary_command_table_and_jsonl(capsys):
    assert main(["summary", str(RESULTS)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["SPEAKER", "N", "INDIR.", "HOSTILE", "CONCIL.", "NEUTRAL", "P(HOST)", "TONE"]
    assert lines[1].split() == ["Ayatollah", "Ali", "Khamenei", "3", "0", "33%", "33%", "33%", "0.43", "-0.15"]
    assert lines[2].split()[:4] == ["most", "hostile", "0.90", "We"]
    assert lines[4].split() == ["President", "Donald", "Trump", "2", "0", "50%", "50%", "0%", "0.40", "+0.10"]
    assert lines[7].split()[:2] == ["(unattributed)", "1"]
    assert max(map(len, lines)) <= 100

    assert main(["summary", str(RESULTS), "--format", "jsonl"]) == 0
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r["speaker"] for r in records] == [KHAMENEI, TRUMP, None]
    assert records[1]["net_tone"] == approx(0.1) and records[1]["shares"]["neutral"] == 0.0
    assert records[0]["most_hostile"] == {"statement": "We will never negotiate.", "article": "a", "p_hostile": 0.9}


def test_summary_into_a_closed_pipe_stops_quietly():
    """`stance summary results.jsonl | head -0`: no 'Broken pipe' error line when the reader has gone away."""
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader is gone before the first write
    try:
        done = subprocess.run([sys.executable, "-m", "stance", "summary", str(RESULTS)], stdout=write_end,
                              stderr=subprocess.PIPE, text=True, timeout=120)
    finally:
        os.close(write_end)
    assert done.stderr == ""
    assert done.returncode == 1


# ------------------------------------------------------------------------------------------ report

class StrictHTML(HTMLParser):
    """Fails on an end tag that does not close the innermost open element; collects <img> sources."""

    VOID = frozenset("area base br col embed hr img input link meta source track wbr".split())

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.images: list[str] = []
        self.text: list[str] = []
        self.doctype = False

    def handle_decl(self, decl: str) -> None:
        self.doctype = decl.lower() == "doctype html"

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "img":
            self.images.append(dict(attrs)["src"] or "")
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.stack and self.stack[-1] == tag, f"</{tag}> closes <{self.stack[-1] if self.stack else None}>"
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(page: str) -> StrictHTML:
    parser = StrictHTML()
    parser.feed(page)
    parser.close()
    assert parser.doctype and parser.stack == [], parser.stack
    return parser


def png(src: str) -> bytes:
    assert src.startswith("data:image/png;base64,")
    data = base64.b64decode(src.removeprefix("data:image/png;base64,"), validate=True)
    assert data.startswith(PNG_MAGIC) and len(data) > 5_000
    return data


def test_the_report_is_valid_self_contained_html_with_embedded_charts(rows, tmp_path, capsys):
    output = tmp_path / "report.html"
    assert main(["report", str(RESULTS), "-o", str(output), "--title", "Iran & the US"]) == 0
    assert capsys.readouterr().err == f"stance report: wrote {output}\n"
    page = output.read_text(encoding="utf-8")
    parsed = parse(page)
    label_chart, tone_chart = map(png, parsed.images)  # label shares per speaker; net tone over time (dates)
    assert label_chart != tone_chart
    assert not re.search(r"<script|<link|src=\"http|url\(", page)  # nothing to fetch, nothing to run
    text = " ".join(" ".join(parsed.text).split())
    assert "<title>Iran &amp; the US</title>" in page
    assert "6 statements (6 quoted, 0 reported) by 3 speakers in 2 articles, 2018-08-13 to 2018-08-20" in text
    # the top statements of each label, with speaker and probability; text from the rows is escaped
    assert "They will pay a &lt;big&gt; price &amp; more." in page and "<big>" not in page
    for statement, speaker, p in [("We will never negotiate.", KHAMENEI, "0.90"),
                                  ("anytime they want", TRUMP, "0.80"),
                                  ("The talks are off.", "(unattributed)", "0.60")]:
        assert f"{statement} {speaker} {p}" in text
    for label in LABELS:
        assert f"{label} top" in text


def test_the_tone_chart_period_follows_the_span_of_the_dates():
    from stance.report import tone_period

    assert tone_period(date(2018, 8, 13), date(2018, 9, 20)) == "day"
    assert tone_period(date(2018, 8, 13), date(2019, 3, 1)) == "week"
    assert tone_period(date(2017, 8, 13), date(2019, 3, 1)) == "month"


def test_without_dates_the_report_has_one_chart_and_says_why(rows):
    undated = [row._replace(date=None) for row in rows]
    parsed = parse(render_report(undated))
    assert len(parsed.images) == 1
    png(parsed.images[0])
    assert "No dates in these results" in " ".join(parsed.text)


def test_a_report_on_many_speakers_charts_and_lists_the_most_frequent(rows):
    from stance.report import CHART_SPEAKERS, TABLE_SPEAKERS

    many = [rows[0]._replace(canonical_speaker=f"Speaker {i:02d}") for i in range(TABLE_SPEAKERS + 5)]
    many += [rows[1]._replace(canonical_speaker="Speaker 44")]  # the one with two statements comes first
    page = render_report(many)
    parse(page)
    listed = re.findall(r"<tr><td>(Speaker \d+)</td>", page)
    assert listed[0] == "Speaker 44" and len(listed) == TABLE_SPEAKERS
    assert f"The chart shows the {CHART_SPEAKERS} speakers with the most statements." in page
    assert "5 more speakers with 5 statements are not listed" in page


def test_report_without_matplotlib_says_what_to_install(rows, monkeypatch):
    monkeypatch.setitem(sys.modules, "matplotlib.figure", None)  # makes the import fail
    with pytest.raises(RuntimeError, match=r"pip install 'stance\[report\]'"):
        render_report(rows)


def test_report_of_no_statements_is_an_error(tmp_path, capsys):
    empty = tmp_path / "empty.jsonl"
    empty.write_text("", encoding="utf-8")
    assert main(["report", str(empty), "-o", str(tmp_path / "r.html")]) == 1
    assert "no statements to report on" in capsys.readouterr().err
    assert not (tmp_path / "r.html").exists()
