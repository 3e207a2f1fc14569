"""A self-contained HTML report of ``stance analyze`` results (charts embedded as PNG data URIs, no scripts).

Needs matplotlib (``pip install 'stance[report]'``); everything else is the standard library.
"""

from __future__ import annotations

import base64
import html
import io
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from string import Template
from typing import Any

from stance.analysis import ResultRow, parse_date
from stance.dyads import Dyad, DyadPoint, dyad_over_time, dyad_summary, parties
from stance.labels import LABELS
from stance.summary import (
    UNATTRIBUTED,
    SpeakerSummary,
    TonePoint,
    speaker_of,
    summarise,
    tone_over_time,
    top_statements,
)

COLOURS = {"hostile": "#c0392b", "conciliatory": "#2e8b57", "neutral": "#9e9e9e"}
CHART_SPEAKERS = 15  # speakers in the label chart (most statements first)
TABLE_SPEAKERS = 40  # speakers in the table (`stance summary` lists them all)
TONE_SPEAKERS = 6  # speakers in the tone-over-time chart
TOP_STATEMENTS = 5  # statements listed for each label
REPORTED_MARK = ' <span class="note">(reported)</span>'  # after an indirect statement
MATRIX_PARTIES = 12  # sources and targets in the dyad matrix
TONE_DYADS = 6  # dyads in the dyad tone-over-time chart

_PAGE = Template("""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>$title</title>
<style>
body { font-family: system-ui, -apple-system, "Segoe UI", "DejaVu Sans", sans-serif; color: #222;
       max-width: 64rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.45; }
h1 { margin-bottom: 0.2rem; } .meta { color: #666; margin-top: 0; }
h2 { border-bottom: 1px solid #ddd; padding-bottom: 0.2rem; margin-top: 2rem; }
img { max-width: 100%; height: auto; }
table { border-collapse: collapse; width: 100%; margin: 0.8rem 0; font-size: 0.92rem; }
th, td { text-align: left; padding: 0.3rem 0.5rem; border-bottom: 1px solid #eee; vertical-align: top; }
th { background: #f6f6f6; } td.num, th.num { text-align: right; white-space: nowrap; }
.label { display: inline-block; padding: 0 0.4rem; border-radius: 0.25rem; color: #fff; font-size: 0.85rem; }
.hostile { background: ${hostile}; } .conciliatory { background: ${conciliatory}; } .neutral { background: ${neutral}; }
.note { color: #666; font-size: 0.9rem; }
table.statements { table-layout: fixed; } .statements th:nth-child(1) { width: 50%; }
.statements th:nth-child(2) { width: 19%; } .statements th:nth-child(3) { width: 12%; }
.statements td:nth-child(4) { overflow-wrap: anywhere; font-size: 0.85rem; color: #555; }
</style>
</head>
<body>
<h1>$title</h1>
<p class="meta">$meta</p>
<h2>Stance by speaker</h2>
$label_chart
<table>
<thead><tr><th>Speaker</th><th class="num">Statements</th>$share_headers<th class="num">Mean P(hostile)</th>\
<th class="num">Net tone</th></tr></thead>
<tbody>
$speaker_rows
</tbody>
</table>
$table_note<p class="note">Net tone = mean P(conciliatory) &minus; mean P(hostile), from &minus;1 (all hostile) to +1 (all
conciliatory).</p>
<h2>Net tone over time</h2>
$tone_section
<h2>Who toward whom</h2>
$dyad_section
<h2>Top statements</h2>
$top_sections
</body>
</html>
""")


def _pyplot_free_figure(width: float, height: float) -> Any:
    try:
        from matplotlib.figure import Figure
    except ImportError:
        raise RuntimeError(
            "stance report needs matplotlib for its charts: pip install 'stance[report]'"
        ) from None
    return Figure(figsize=(width, height), dpi=100, layout="constrained")


def _png_data_uri(figure: Any) -> str:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")  # a Figure without pyplot renders with Agg
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def _short(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def _name(speaker: str | None) -> str:
    return speaker if speaker is not None else UNATTRIBUTED


def label_chart(summaries: Sequence[SpeakerSummary]) -> str:
    """PNG data URI: one horizontal bar per speaker, stacked by the share of each label."""
    shown = list(summaries[:CHART_SPEAKERS])
    figure = _pyplot_free_figure(8.0, 1.2 + 0.42 * len(shown))
    axes = figure.subplots()
    names = [f"{_short(_name(s.speaker), 32)} ({s.statements})" for s in shown]
    left = [0.0] * len(shown)
    for label in LABELS:
        widths = [s.shares[label] for s in shown]
        axes.barh(names, widths, left=left, color=COLOURS[label], label=label, height=0.7)
        for y, (x, w) in enumerate(zip(left, widths, strict=True)):
            if w >= 0.08:
                axes.text(x + w / 2, y, f"{w:.0%}", ha="center", va="center", color="white", fontsize=8)
        left = [x + w for x, w in zip(left, widths, strict=True)]
    axes.invert_yaxis()  # most statements on top
    axes.set_xlim(0, 1)
    axes.xaxis.set_major_formatter("{x:.0%}")
    axes.set_xlabel("share of the speaker's statements (number of statements in brackets)")
    axes.legend(ncols=3, loc="lower center", bbox_to_anchor=(0.5, 1.0), frameon=False)
    axes.spines[["top", "right"]].set_visible(False)
    return _png_data_uri(figure)


def tone_period(first: date, last: date) -> str:
    """The period of the tone chart: a day up to six weeks of dates, a week up to a year, else a month."""
    span = (last - first).days
    return "day" if span <= 42 else "week" if span <= 366 else "month"


def tone_chart(points: Sequence[TonePoint], summaries: Sequence[SpeakerSummary]) -> str:
    """PNG data URI: net tone per period of the named speakers with the most dated statements."""
    dated: dict[str | None, int] = {}
    for p in points:
        if p.speaker is not None:
            dated[p.speaker] = dated.get(p.speaker, 0) + p.statements
    order = {s.speaker: i for i, s in enumerate(summaries)}
    speakers = sorted(dated, key=lambda s: (-dated[s], order.get(s, 0)))[:TONE_SPEAKERS]
    figure = _pyplot_free_figure(8.0, 3.8)
    axes = figure.subplots()
    for speaker in speakers:
        mine = [p for p in points if p.speaker == speaker]
        axes.plot([p.date for p in mine], [p.net_tone for p in mine], marker="o", label=_short(_name(speaker), 32))
    return _tone_figure(figure, axes, limit=1.05)


def _tone_figure(figure, axes, *, limit: float) -> str:
    """Finish a net-tone-over-time chart (zero line, y from -``limit`` to ``limit``, legend on the right) as a
    PNG data URI."""
    axes.axhline(0, color="#999", linewidth=0.8)
    axes.set_ylim(-limit, limit)
    axes.set_ylabel("net tone (conciliatory − hostile)")
    axes.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False, fontsize=8)
    axes.spines[["top", "right"]].set_visible(False)
    figure.autofmt_xdate()
    return _png_data_uri(figure)


def _tone_colour(tone: float) -> str:
    """Background of a matrix cell: red for hostile, green for conciliatory, paler toward 0."""
    red, green = (192, 57, 43), (46, 139, 87)
    base = red if tone < 0 else green
    weight = min(abs(tone), 1.0)
    r, g, b = (round(255 - (255 - c) * weight) for c in base)
    return f"#{r:02x}{g:02x}{b:02x}"


def dyad_matrix(dyads: Sequence[Dyad]) -> str:
    """HTML table: net tone (and statements) of each source party (rows) toward each target party (columns)."""
    sources, targets = parties(dyads, MATRIX_PARTIES)
    cells = {(d.source, d.target): d for d in dyads}
    head = "".join(f'<th class="num">{html.escape(t)}</th>' for t in targets)
    body = []
    for source in sources:
        row = [f"<th>{html.escape(source)}</th>"]
        for target in targets:
            d = cells.get((source, target))
            row.append(
                f'<td class="num" style="background:{_tone_colour(d.net_tone)}">{d.net_tone:+.2f} ({d.statements})</td>'
                if d else '<td class="num">&middot;</td>'
            )
        body.append("<tr>" + "".join(row) + "</tr>")
    return (f'<table class="matrix">\n<thead><tr><th>source &darr; / target &rarr;</th>{head}</tr></thead>\n<tbody>\n'
            + "\n".join(body) + "\n</tbody>\n</table>")


def dyad_tone_chart(points: Sequence[DyadPoint]) -> str:
    """PNG data URI: net tone per month of the dyads with the most dated statements, each point labelled
    with its number of statements."""
    counts: dict[tuple[str, str], int] = {}
    for p in points:
        counts[p.source, p.target] = counts.get((p.source, p.target), 0) + p.statements
    shown = sorted(counts, key=lambda k: (-counts[k], k))[:TONE_DYADS]
    figure = _pyplot_free_figure(8.0, 3.8)
    axes = figure.subplots()
    for source, target in shown:
        mine = [p for p in points if (p.source, p.target) == (source, target)]
        axes.plot([p.date for p in mine], [p.net_tone for p in mine], marker="o", label=f"{source} → {target}")
        for p in mine:
            axes.annotate(str(p.statements), (p.date, p.net_tone), textcoords="offset points", xytext=(0, 6),
                          ha="center", fontsize=7)
    return _tone_figure(figure, axes, limit=1.1)


def dyad_section(rows: Sequence[ResultRow]) -> str:
    """The "Who toward whom" section: the matrix, and net tone per dyad per month when statements have dates."""
    dyads = dyad_summary(rows)
    if not dyads:
        return ('<p class="note">No statement has both a source and a target actor (results of an older '
                "<code>stance analyze</code>, or no parties named).</p>")
    covered = sum(d.statements for d in dyads)
    section = (
        f"{dyad_matrix(dyads)}\n"
        f'<p class="note">{covered} of {len(rows)} statements have a source and a target party (CAMEO codes: '
        "a country, else a body such as IGOUNO, the UN). Each cell: net tone of the row's statements toward the "
        "column (number of statements).</p>"
    )
    points = dyad_over_time(rows)
    if points:
        table = "\n".join(
            f"<tr><td>{html.escape(p.source)} &rarr; {html.escape(p.target)}</td><td>{p.date.isoformat()[:7]}</td>"
            f'<td class="num">{p.statements}</td><td class="num">{p.net_tone:+.2f}</td></tr>'
            for p in points
        )
        section += (
            f'\n<img src="{dyad_tone_chart(points)}" alt="Net tone per month of the dyads with the most dated '
            f'statements">\n<p class="note">Each point: net tone of one dyad in one month, labelled with the '
            f"number of statements behind it; the chart shows the {TONE_DYADS} dyads with the most dated "
            "statements.</p>\n<table>\n<thead><tr><th>Dyad</th><th>Month</th><th class=\"num\">Statements</th>"
            f'<th class="num">Net tone</th></tr></thead>\n<tbody>\n{table}\n</tbody>\n</table>'
        )
    return section


def _pct(value: float) -> str:
    return f"{value:.0%}"


def _speaker_row(s: SpeakerSummary) -> str:
    cells = [f"<td>{html.escape(_name(s.speaker))}</td>", f'<td class="num">{s.statements}</td>']
    cells += [f'<td class="num">{_pct(s.shares[label])}</td>' for label in LABELS]
    cells += [f'<td class="num">{s.mean_p_hostile:.2f}</td>', f'<td class="num">{s.net_tone:+.2f}</td>']
    return "<tr>" + "".join(cells) + "</tr>"


def _top_section(rows: Sequence[ResultRow], label: str, n: int) -> str:
    top = top_statements(rows, label, n)
    heading = f'<h3><span class="label {label}">{label}</span> top {len(top)} by P({label})</h3>'
    if not top:
        return heading + f'\n<p class="note">No statement is labelled {label}.</p>'
    body = "\n".join(
        "<tr>"
        f"<td>{html.escape(r.statement)}{REPORTED_MARK if r.kind == 'indirect' else ''}</td>"
        f"<td>{html.escape(_name(r.canonical_speaker or r.speaker))}</td>"
        f'<td class="num">{r.probability(label):.2f}</td>'
        f"<td>{html.escape(r.article or '')}{' · ' + html.escape(r.date) if r.date else ''}</td>"
        "</tr>"
        for r in top
    )
    return (
        f"{heading}\n<table class=\"statements\">\n<thead><tr><th>Statement</th><th>Speaker</th><th class=\"num\">P({label})</th>"
        f"<th>Article</th></tr></thead>\n<tbody>\n{body}\n</tbody>\n</table>"
    )


def render_report(rows: Sequence[ResultRow], *, title: str = "Stance report", top: int = TOP_STATEMENTS) -> str:
    """The HTML page for ``rows`` (see the module docstring); every text from the rows is escaped."""
    rows = list(rows)
    if not rows:
        raise ValueError("no statements to report on")
    summaries = summarise(rows)
    articles = {r.article for r in rows}
    dates = sorted(parse_date(r.date) for r in rows if r.date)
    indirect = sum(r.kind == "indirect" for r in rows)
    meta = (f"{len(rows)} statements ({len(rows) - indirect} quoted, {indirect} reported) by {len(summaries)} speakers "
            f"in {len(articles)} articles")
    if dates:
        meta += f", {dates[0].isoformat()} to {dates[-1].isoformat()}" if dates[0] != dates[-1] else f", {dates[0]}"
    chart_note = ""
    if len(summaries) > CHART_SPEAKERS:
        chart_note = f'\n<p class="note">The chart shows the {CHART_SPEAKERS} speakers with the most statements.</p>'
    table_note = ""
    if len(summaries) > TABLE_SPEAKERS:
        rest = summaries[TABLE_SPEAKERS:]
        table_note = (
            f'<p class="note">{len(rest)} more speakers with {sum(s.statements for s in rest)} statements are not '
            f"listed; <code>stance summary</code> lists every speaker.</p>\n"
        )
    named_dates = [r for r in rows if r.date and speaker_of(r) is not None]
    if named_dates:
        period = tone_period(dates[0], dates[-1])
        points = tone_over_time(named_dates, period)
        when = {"day": "on that day", "week": "in that week (from Monday)", "month": "in that month"}[period]
        tone_section = (
            f'<img src="{tone_chart(points, summaries)}" alt="Net tone per {period} of the speakers with the most '
            f'dated statements">'
            f'\n<p class="note">{len(dates)} of {len(rows)} statements have a date; each point is the net tone '
            f"of one speaker's statements {when}. The chart shows the {TONE_SPEAKERS} speakers with the most "
            f"dated statements (unattributed ones left out).</p>"
        )
    elif dates:
        tone_section = '<p class="note">No dated statement has a speaker.</p>'
    else:
        tone_section = '<p class="note">No dates in these results (give articles a "date" in JSONL input).</p>'
    return _PAGE.substitute(
        title=html.escape(title),
        meta=html.escape(meta),
        label_chart=f'<img src="{label_chart(summaries)}" alt="Share of hostile, conciliatory and neutral '
        f'statements per speaker">{chart_note}',
        share_headers="".join(f'<th class="num">{label.capitalize()}</th>' for label in LABELS),
        speaker_rows="\n".join(_speaker_row(s) for s in summaries[:TABLE_SPEAKERS]),
        table_note=table_note,
        tone_section=tone_section,
        dyad_section=dyad_section(rows),
        top_sections="\n".join(_top_section(rows, label, top) for label in LABELS),
        **COLOURS,
    )


def write_report(
    rows: Sequence[ResultRow], path: str | Path, *, title: str = "Stance report", top: int = TOP_STATEMENTS
) -> Path:
    """Write ``render_report(rows)`` to ``path`` (UTF-8) and return the path."""
    page = render_report(rows, title=title, top=top)
    path = Path(path)
    path.write_text(page, encoding="utf-8")
    return path
