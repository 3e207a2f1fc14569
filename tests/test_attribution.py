"""Reported speech: the tagger's windows and BIO decoding, linking, merging with the quote rules, kind in the
rows and the CLI, the missing-tagger error, and the preparation and training scripts on a tiny model."""

from __future__ import annotations

import csv
import gzip
import json
import sys
from pathlib import Path

import pytest
from conftest import TINY_WINDOW, build_tiny_model, requires_shipped_model

from stance.analysis import RESULT_FIELDS, analyze, stance_input
from stance.attribution import MIN_CONTENT_SCORE, MIN_SOURCE_SCORE, confident, extract_attributions, is_direct, link
from stance.cli import main
from stance.data.corpora import AttributedDocument, Attribution, Span
from stance.labels import ATTRIBUTION_TAGS, TAG2ID
from stance.paths import ATTRIBUTION_MODEL_DIR, corpora_dir
from stance.quotes import Quote, split_sentences
from stance.summary import read_results, summarise
from stance.tagger import (Tagger, TaggedSpan, TaggerNotFoundError, decode_bio, token_windows, whole_words,
                           window_owners, word_continuations)

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "training"))

import prepare_attribution  # noqa: E402
import train_attribution  # noqa: E402

REPORTED = (
    "Iran's foreign ministry had already rejected the offer. "
    '"We will never negotiate," he said. '
    "Khamenei added that the administration could not be trusted."
)


class FixedTagger:
    """A stand-in tagger that returns given spans, found by their words in the text."""

    def __init__(self, text: str, spans: list[tuple[str, str]], scores: dict[str, float] | None = None) -> None:
        """``spans``: (role, words); ``words`` may end in ``@N`` to take its N-th occurrence (from 0); ``scores``:
        the score of the spans of some ``words`` (default 1.0)."""
        self.spans = []
        for role, words in spans:
            score = (scores or {}).get(words, 1.0)
            words, _, nth = words.partition("@")
            at = -1
            for _ in range(int(nth or 0) + 1):
                at = text.index(words, at + 1)
            self.spans.append(TaggedSpan(role, at, at + len(words), score))

    def tag(self, text: str) -> list[TaggedSpan]:
        return sorted(self.spans, key=lambda s: s.start)


REPORTED_TAGGER_SPANS = [
    ("Source", "Iran's foreign ministry"), ("Cue", "had already rejected"), ("Content", "the offer"),
    ("Content", "the administration could not be trusted"), ("Source", "Khamenei"), ("Cue", "added"),
]


# ------------------------------------------------------------------------------------------ the tagger


@pytest.mark.parametrize("n", [0, 1, 5, 8, 9, 17, 100])
def test_windows_cover_every_token_and_end_at_the_last(n):
    windows = token_windows(n, size=8, stride=4)
    assert all(b - a <= 8 for a, b in windows)
    assert windows[-1][1] == n and windows[0][0] == 0
    assert set(range(n)) == {i for a, b in windows for i in range(a, b)}
    owners = window_owners(n, windows)
    assert all(windows[w][0] <= i < windows[w][1] for i, w in enumerate(owners))


def test_each_token_is_read_from_its_most_central_window():
    windows = token_windows(20, size=8, stride=4)
    assert windows == [(0, 8), (4, 12), (8, 16), (12, 20)]
    # token 6 has 2 tokens before it in (4, 12) and 5 after it, but only 1 after it in (0, 8)
    assert window_owners(20, windows) == [0] * 6 + [1] * 4 + [2] * 4 + [3] * 6
    with pytest.raises(ValueError, match="stride"):
        token_windows(10, size=8, stride=9)


def test_bio_decoding_gives_character_spans():
    offsets = [(0, 3), (4, 8), (9, 13), (14, 16), (17, 20), (21, 24), (25, 27)]
    tags = ["B-Source", "I-Source", "B-Cue", "B-Content", "I-Content", "O", "I-Content"]
    assert decode_bio(tags, offsets) == [
        TaggedSpan("Source", 0, 8), TaggedSpan("Cue", 9, 13), TaggedSpan("Content", 14, 20),
        TaggedSpan("Content", 25, 27),  # an I- after O starts a span
    ]
    # a B- right after a span of the same role starts a new one; an I- of another role too
    assert decode_bio(["B-Content", "B-Content", "I-Cue"], offsets[:3]) == [
        TaggedSpan("Content", 0, 3), TaggedSpan("Content", 4, 8), TaggedSpan("Cue", 9, 13)]


def test_a_word_split_into_tokens_keeps_the_tag_of_its_first_token():
    text = "CNN’s Jake Tapper said"
    offsets = [(0, 3), (3, 4), (4, 5), (6, 10), (11, 14), (14, 17), (18, 22)]  # CNN ’ s Jake Tap per said
    continuations = word_continuations(text, offsets)
    assert continuations == [False, False, False, False, False, True, False]  # only "per" goes on a word
    tags = whole_words(["B-Source", "I-Source", "I-Source", "I-Source", "I-Source", "B-Cue", "B-Cue"], continuations)
    assert [TaggedSpan(s.role, s.start, s.end) for s in decode_bio(tags, offsets)] == [
        TaggedSpan("Source", 0, 17), TaggedSpan("Cue", 18, 22)]  # "CNN’s Jake Tapper", not "… Tap"
    assert whole_words(["O", "I-Content", "B-Content"], [False, True, True]) == ["O", "O", "O"]


def test_bio_decoding_scores_each_span_by_the_mean_probability_of_its_role():
    offsets = [(0, 3), (4, 8), (9, 13), (14, 16)]
    tags = ["B-Source", "O", "B-Content", "I-Content"]
    probs = [[0.0] * len(ATTRIBUTION_TAGS) for _ in tags]
    for token, tag, p in [(0, "B-Source", 0.9), (1, "O", 0.6), (2, "B-Content", 0.5), (2, "I-Content", 0.2),
                          (3, "I-Content", 0.9)]:
        probs[token][ATTRIBUTION_TAGS.index(tag)] = p
    source, content = decode_bio(tags, offsets, probs)
    assert (source.role, source.score) == ("Source", pytest.approx(0.9))
    assert (content.start, content.end, content.score) == (9, 16, pytest.approx((0.7 + 0.9) / 2))  # B- and I- both
    assert all(span.score == 1.0 for span in decode_bio(tags, offsets))  # no probabilities, no measure
    with pytest.raises(ValueError, match="one entry per token"):
        decode_bio(tags, offsets, probs[:3])


def test_a_long_text_is_tagged_in_windows_with_valid_spans(random_tagger):
    text = " ".join(f"Minister {i} said the talks would resume." for i in range(60))
    assert len(random_tagger.tokenizer(text, add_special_tokens=False)["input_ids"]) > 4 * TINY_WINDOW
    spans = random_tagger.tag(text)
    assert {s.role for s in spans} == {"Source", "Cue", "Content"}
    assert all(0 <= s.start < s.end <= len(text) for s in spans)
    assert all(a.end <= b.start for a, b in zip(spans, spans[1:]))  # in order, not overlapping
    assert spans[-1].end > len(text) - 60  # the last window reaches the end
    assert all(0 < s.score <= 1 for s in spans) and len({round(s.score, 6) for s in spans}) > 1  # measured
    for q in extract_attributions(text, tagger=random_tagger):
        assert text[q.start:q.end] == q.text and q.kind in ("direct", "indirect")


def test_a_missing_tagger_says_how_to_get_one(tmp_path, monkeypatch):
    with pytest.raises(TaggerNotFoundError, match="make train-attribution"):
        Tagger.load(tmp_path / "none")
    monkeypatch.setenv("STANCE_ATTRIBUTION_MODEL", str(tmp_path / "none"))
    with pytest.raises(TaggerNotFoundError, match="kind='direct'"):
        extract_attributions(REPORTED)
    direct = extract_attributions(REPORTED, kind="direct")  # the rules need no tagger
    assert [(q.text, q.kind) for q in direct] == [("We will never negotiate", "direct")]


def test_a_sequence_classifier_is_not_a_tagger(tiny_model_dir):
    with pytest.raises(ValueError, match="not an attribution tagger"):
        Tagger.load(tiny_model_dir)


# ------------------------------------------------------------------------------------------ attributions


def test_contents_link_to_the_cue_and_source_of_their_sentence():
    tagger = FixedTagger(REPORTED, REPORTED_TAGGER_SPANS)
    linked = link(tagger.tag(REPORTED), split_sentences(REPORTED))
    assert [(REPORTED[c.start:c.end], REPORTED[s.start:s.end], REPORTED[q.start:q.end]) for c, s, q in linked] == [
        ("the offer", "Iran's foreign ministry", "had already rejected"),
        ("the administration could not be trusted", "Khamenei", "added"),
    ]
    lone = [TaggedSpan("Source", 0, 8), TaggedSpan("Content", 60, 70)]  # the source is in another sentence
    assert link(lone, split_sentences(REPORTED)) == [(lone[1], None, None)]


def test_direct_and_indirect_statements_with_their_speakers():
    found = extract_attributions(REPORTED, tagger=FixedTagger(REPORTED, REPORTED_TAGGER_SPANS))
    assert [(q.text, q.speaker, q.cue, q.kind) for q in found] == [
        ("the offer", "Iran's foreign ministry", "had already rejected", "indirect"),
        # the rules' quote, which no tagged Content overlaps, is kept; its "he" is the rules' business
        ("We will never negotiate", None, "said", "direct"),
        ("the administration could not be trusted", "Khamenei", "added", "indirect"),
    ]
    assert all(REPORTED[q.start:q.end] == q.text for q in found)
    indirect = extract_attributions(REPORTED, kind="indirect", tagger=FixedTagger(REPORTED, REPORTED_TAGGER_SPANS))
    assert [q.kind for q in indirect] == ["indirect", "indirect"]
    with pytest.raises(ValueError, match="supported: 'all', 'direct', 'indirect'"):
        extract_attributions(REPORTED, kind="quotes")


def test_unsure_or_wordless_contents_are_dropped_unless_min_score_keeps_them():
    text = "Khamenei added that the talks were over. The minister said — and the envoy agreed."
    spans = [("Source", "Khamenei"), ("Cue", "added"), ("Content", "that the talks were over"),
             ("Source", "The minister"), ("Cue", "said"), ("Content", "—"), ("Content", "the envoy agreed")]
    tagger = FixedTagger(text, spans, scores={"that the talks were over": MIN_CONTENT_SCORE,
                                              "the envoy agreed": MIN_CONTENT_SCORE - 0.01})
    found = extract_attributions(text, tagger=tagger)
    # the content at the threshold stays; the one below and the lone dash go
    assert [(q.text, q.speaker) for q in found] == [("that the talks were over", "Khamenei")]
    kept = extract_attributions(text, tagger=tagger, min_score=0.0)
    assert [q.text for q in kept] == ["that the talks were over", "the envoy agreed"]  # a dash is no statement
    assert [text[s.start:s.end] for s in confident(tagger.tag(text), text)] == [
        "Khamenei", "added", "that the talks were over", "The minister", "said"]


def test_unsure_or_wordless_sources_are_not_linked_as_the_speaker():
    text = "Khamenei, in Tehran, said the talks were over."
    spans = [("Source", "Khamenei"), ("Source", ",@1"), ("Cue", "said"), ("Content", "the talks were over")]
    sure = FixedTagger(text, spans)  # the stray "," lies nearer the cue than "Khamenei"
    assert [q.speaker for q in extract_attributions(text, tagger=sure)] == ["Khamenei"]
    unsure = FixedTagger(text, spans, scores={"Khamenei": MIN_SOURCE_SCORE - 0.01})
    assert [q.speaker for q in extract_attributions(text, tagger=unsure)] == [None]
    assert [q.speaker for q in extract_attributions(text, tagger=unsure, min_source_score=0.0)] == ["Khamenei"]
    assert confident([TaggedSpan("Cue", 0, 1, 0.9)], ":") == [TaggedSpan("Cue", 0, 1, 0.9)]  # a Cue needs no word


def test_pronoun_sources_take_an_agreeing_earlier_speaker_or_the_rules_speaker():
    text = ("Hillary Clinton said the polls were wrong. Bernie Sanders said the race was close. "
            'She said that it was over. "We won," he said.')
    spans = [("Source", "Hillary Clinton"), ("Cue", "said"), ("Content", "the polls were wrong"),
             ("Source", "Bernie Sanders"), ("Cue", "said@1"), ("Content", "the race was close"),
             ("Source", "She"), ("Cue", "said@2"), ("Content", "that it was over"),
             ("Content", '"We won,"'), ("Source", "he")]
    found = extract_attributions(text, tagger=FixedTagger(text, spans))
    # "She" skips Sanders (a he: Bernie) for Clinton (a she: Hillary); the quote's "he" is the rules' Sanders
    assert [(q.text, q.speaker, q.kind) for q in found] == [
        ("the polls were wrong", "Hillary Clinton", "indirect"),
        ("the race was close", "Bernie Sanders", "indirect"),
        ("that it was over", "Hillary Clinton", "indirect"),
        ('"We won,"', "Bernie Sanders", "direct"),
    ]


def test_kind_follows_the_quote_marks():
    assert is_direct('said “we will win”') and is_direct("Kasich: ‘We Are Going All The Way.’")
    assert not is_direct("that the party’s voters don't care") and not is_direct("the offer")


# ------------------------------------------------------------------------------------------ rows and commands


def test_analyze_rows_carry_the_kind(tiny):
    results = analyze(REPORTED, classifier=tiny, tagger=FixedTagger(REPORTED, REPORTED_TAGGER_SPANS))
    assert [r.kind for r in results] == ["indirect", "direct", "indirect"]
    rows = [r.to_row() for r in results]
    assert "kind" in RESULT_FIELDS and [row.kind for row in rows] == ["indirect", "direct", "indirect"]
    assert results[0].canonical_speaker == "Iran's foreign ministry"
    assert results[2].speaker == "Khamenei"  # the tagger linked no Source: the subject of "added" (stance.reported)
    assert [s.indirect for s in summarise(rows)] == [1, 1]  # by speaker: ministry, Khamenei


def test_the_classifier_reads_the_cue_with_reported_speech(tiny):
    seen: list[str] = []

    class Recording:
        def classify(self, texts, **kwargs):
            seen.extend(texts)
            return tiny.classify(texts, **kwargs)

    analyze(REPORTED, classifier=Recording(), tagger=FixedTagger(REPORTED, REPORTED_TAGGER_SPANS))
    assert seen == ["had already rejected the offer", "We will never negotiate",
                    "added the administration could not be trusted"]
    according = Quote("the talks failed", "X", "According to", 13, 29, "indirect")
    assert stance_input(according) == "the talks failed"


@pytest.fixture
def reported_tagger_dir(tmp_path, monkeypatch):
    """A saved tagger that tags REPORTED as REPORTED_TAGGER_SPANS, made the default for the CLI."""
    from stance import attribution

    folder = tmp_path / "tagger"
    folder.mkdir()
    (folder / "config.json").write_text("{}", encoding="utf-8")
    monkeypatch.setenv("STANCE_ATTRIBUTION_MODEL", str(folder))
    monkeypatch.setattr(Tagger, "load", classmethod(lambda cls, path=None, device="auto":
                                                    FixedTagger(REPORTED, REPORTED_TAGGER_SPANS)))
    monkeypatch.setattr(attribution, "_DEFAULT", {})
    return folder


def test_cli_kind_option_and_the_kind_column(reported_tagger_dir, tiny_model_dir, tmp_path, capsys):
    article = tmp_path / "a.txt"
    article.write_text(REPORTED, encoding="utf-8")
    common = [str(article), "--model", str(tiny_model_dir)]
    for kind, expected in (("all", ["indirect", "direct", "indirect"]), ("indirect", ["indirect", "indirect"]),
                           ("direct", ["direct"])):
        assert main(["analyze", *common, "--kind", kind]) == 0
        rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
        assert [r["kind"] for r in rows] == expected
    assert main(["analyze", *common, "-o", str(tmp_path / "rows.csv")]) == 0
    with open(tmp_path / "rows.csv", encoding="utf-8") as file:
        assert [r["kind"] for r in csv.DictReader(file)] == ["indirect", "direct", "indirect"]
    assert [r.kind for r in read_results(str(tmp_path / "rows.csv"))] == ["indirect", "direct", "indirect"]


def test_cli_without_a_tagger_fails_clearly_unless_kind_direct(tiny_model_dir, tmp_path, capsys, monkeypatch):
    from stance import attribution

    monkeypatch.setattr(attribution, "_DEFAULT", {})
    monkeypatch.setenv("STANCE_ATTRIBUTION_MODEL", str(tmp_path / "none"))
    article = tmp_path / "a.txt"
    article.write_text(REPORTED, encoding="utf-8")
    assert main(["analyze", str(article), "--model", str(tiny_model_dir)]) == 1
    assert "make train-attribution" in capsys.readouterr().err
    assert main(["analyze", str(article), "--model", str(tiny_model_dir), "--kind", "direct"]) == 0
    assert [json.loads(line)["kind"] for line in capsys.readouterr().out.splitlines()] == ["direct"]


# ------------------------------------------------------------------------------------------ preparation, training


def test_bio_tags_from_polnear_spans(tiny_model_dir):
    from transformers import AutoTokenizer

    text = "Trump said the wall works."
    doc = AttributedDocument("d", text, [Attribution(Span(((0, 5),), "Trump"), Span(((6, 10),), "said"),
                                                     Span(((11, 25),), "the wall works"))])
    ids, tags = prepare_attribution.encode(doc, AutoTokenizer.from_pretrained(tiny_model_dir))
    assert tags == ["B-Source", "B-Cue", "B-Content", "I-Content", "I-Content", "O"]  # trump said the wall works .
    assert len(ids) == len(tags)


def test_prepare_and_train_a_tiny_tagger_with_frozen_word_embeddings(tmp_path):
    from safetensors.torch import load_file

    base = build_tiny_model(tmp_path / "base", head=False)
    for split in ("train", "dev"):
        folder = tmp_path / "corpora" / "polnear" / split
        (folder / "text").mkdir(parents=True)
        (folder / "attributions").mkdir(parents=True)
        for i in range(2):
            text = f"Minister {i} said that the talks failed. " * 8
            (folder / "text" / f"a{i}.txt").write_text(text, encoding="utf-8")
            (folder / "attributions" / f"a{i}_x.ann").write_text(
                "T1\tSource 0 10\tx\nT2\tCue 11 15\tx\nT3\tContent 16 39\tx\nE1\tAttribution:T2 Source:T1 Cue:T2 "
                "Content:T3\n", encoding="utf-8")
    data = tmp_path / "prepared.jsonl.gz"
    assert prepare_attribution.main(["--corpora", str(tmp_path / "corpora"), "--output", str(data),
                                     "--base_model", str(base)]) == 0
    with gzip.open(data, "rt", encoding="utf-8") as file:
        records = [json.loads(line) for line in file]
    assert [r["split"] for r in records] == ["train", "train", "dev", "dev"]
    assert records[0]["tags"][:3] == "".join(str(TAG2ID[t]) for t in ("B-Source", "I-Source", "B-Cue"))

    out = tmp_path / "tagger"
    train_attribution.main(["--config", "training/attribution.json", "--data_file", str(data), "--base_model",
                            str(base), "--output_dir", str(out), "--window", "32", "--stride", "16",
                            "--max_steps", "2", "--batch_size", "4", "--threads", "1"])
    metrics = json.loads((out / "metrics.json").read_text(encoding="utf-8"))
    assert metrics["best_epoch"] == 1 and set(metrics["dev"]) == {"Source", "Cue", "Content", "macro_f1"}
    assert "PolNeAR" in (out / "README.md").read_text(encoding="utf-8")
    trained, initial = load_file(out / "model.safetensors"), load_file(base / "model.safetensors")
    key = "bert.embeddings.word_embeddings.weight"
    assert (trained[key] == initial[key.removeprefix("bert.")].half()).all()  # frozen
    assert not (trained["bert.encoder.layer.0.output.dense.weight"]
                == initial["encoder.layer.0.output.dense.weight"].half()).all()  # trained
    tagger = Tagger.load(out, device="cpu")
    assert tuple(tagger.model.config.id2label.values()) == ATTRIBUTION_TAGS
    assert all(REPORTED[s.start:s.end] for s in tagger.tag(REPORTED))


# ------------------------------------------------------------------------------------------ the shipped tagger

SEED = corpora_dir() / "seed" / "khamenei_no_negotiations.txt"


@pytest.mark.skipif(not (ATTRIBUTION_MODEL_DIR / "model.safetensors").is_file() or not SEED.is_file(),
                    reason="needs the shipped tagger (`make train-attribution`) and the seed article in ../shared")
@requires_shipped_model
def test_the_seed_articles_reported_rejections_are_hostile_with_their_speakers():
    text = SEED.read_text(encoding="utf-8")
    results = analyze(text, tagger=Tagger.load(ATTRIBUTION_MODEL_DIR, device="cpu"))
    lead = next(r for r in results if "negotiations with the Trump administration" in r.text
                and r.start < text.index("Khamenei’s remarks appeared"))
    ministry = next(r for r in results if "the offer" in r.text)
    assert (lead.kind, lead.canonical_speaker, lead.prediction.label) == ("indirect", "Ayatollah Ali Khamenei",
                                                                         "hostile")
    assert "foreign ministry" in ministry.speaker


@pytest.mark.skipif(not (ATTRIBUTION_MODEL_DIR / "model.safetensors").is_file() or not SEED.is_file(),
                    reason="needs the shipped tagger (`make train-attribution`) and the seed article in ../shared")
@requires_shipped_model
def test_the_foreign_ministrys_reported_rejection_is_hostile():
    text = SEED.read_text(encoding="utf-8")
    results = analyze(text, tagger=Tagger.load(ATTRIBUTION_MODEL_DIR, device="cpu"))
    assert next(r for r in results if "the offer" in r.text).prediction.label == "hostile"
