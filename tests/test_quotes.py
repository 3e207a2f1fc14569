"""Quote extraction (``stance.quotes``) and its PolNeAR measurement (``training/evaluate_quotes.py``)."""

from __future__ import annotations

import dataclasses
import importlib.util
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stance.paths import REPO_DIR, corpora_dir
from stance.quotes import Quote, extract_quotes, split_sentences


def _load_evaluator():
    """``training/evaluate_quotes.py`` loaded by path (``training/`` is not a package)."""
    spec = importlib.util.spec_from_file_location("evaluate_quotes", REPO_DIR / "training" / "evaluate_quotes.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["evaluate_quotes"] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


evaluate_quotes = _load_evaluator()

SEED = corpora_dir() / "seed" / "khamenei_no_negotiations.txt"


def quotes_of(text: str) -> list[tuple[str, str | None, str | None]]:
    """(text, speaker, cue) of every quote, after checking the offsets invariant."""
    found = extract_quotes(text)
    for q in found:
        assert text[q.start:q.end] == q.text
    return [(q.text, q.speaker, q.cue) for q in found]


# ------------------------------------------------------------------------------------------ the value

def test_quote_is_an_immutable_record_with_the_documented_fields():
    q = extract_quotes('"We will win," Trump said.')[0]
    assert [f.name for f in dataclasses.fields(Quote)] == ["text", "speaker", "cue", "start", "end"]
    with pytest.raises(dataclasses.FrozenInstanceError):
        q.speaker = "Clinton"  # type: ignore[misc]
    assert q == Quote("We will win", "Trump", "said", 1, 12)


def test_empty_and_quote_free_texts_give_nothing():
    assert extract_quotes("") == []
    assert extract_quotes("The ministers met in Geneva on Tuesday.") == []


# ----------------------------------------------------------------------------------- marks and patterns

@pytest.mark.parametrize(
    "text, expected",
    [
        ('"We will win," Trump said.', ("We will win", "Trump", "said")),
        ("“We will win,” Trump said.", ("We will win", "Trump", "said")),
        ("“We will win,” said Sen. Ted Cruz, R-Texas.", ("We will win", "Sen. Ted Cruz", "said")),
        ("“We will win,” the senator from Texas told reporters.",
         ("We will win", "the senator from Texas", "told")),
        ("“The talks have failed,” according to Sergei Lavrov.",
         ("The talks have failed", "Sergei Lavrov", "according to")),
        ("According to Sergei Lavrov, “the talks have failed.”",
         ("the talks have failed.", "Sergei Lavrov", "According to")),
        ("Trump said: “We will win.”", ("We will win.", "Trump", "said")),
        ("Trump told reporters “we are going to win big.”", ("we are going to win big.", "Trump", "told")),
        ("Khamenei wrote on Twitter: “THERE WILL BE NO WAR.”", ("THERE WILL BE NO WAR.", "Khamenei", "wrote")),
        ("Trump: “We will build the wall.”", ("We will build the wall.", "Trump", None)),
        ("''We will win,'' Mr. Trump said.", ("We will win", "Mr. Trump", "said")),
        ("“Why not?” Merkel asked.", ("Why not?", "Merkel", "asked")),
        ("“This is fantastic!” beamed Donald Hartley of Madison.",
         ("This is fantastic!", "Donald Hartley of Madison", "beamed")),
    ],
)
def test_quote_before_and_after_its_attribution(text, expected):
    assert quotes_of(text) == [expected]


def test_the_subject_is_found_across_an_appositive():
    text = "“We lost,” Cecelia Purner, 67, a retired teacher in Allentown, Pa., said on Monday."
    assert quotes_of(text) == [("We lost", "Cecelia Purner", "said")]
    text = "But Tom Fitton, the president of Judicial Watch, said that “the damage is done.”"
    assert quotes_of(text) == [("the damage is done.", "Tom Fitton", "said")]


def test_nested_single_quotes_stay_inside_the_quote():
    text = "“He told me, ‘Never again,’ and walked out,” Merkel said."
    assert quotes_of(text) == [("He told me, ‘Never again,’ and walked out", "Merkel", "said")]
    text = "\"It's not 'fake news,' it's the truth,\" she said, Merkel's aide added."
    assert quotes_of(text)[0][0] == "It's not 'fake news,' it's the truth"


def test_a_split_quote_is_two_quotes_with_the_same_speaker_and_cue():
    text = 'Putin spoke on Monday. "We will never," he said, "negotiate with terrorists."'
    assert quotes_of(text) == [
        ("We will never", "Putin", "said"),
        ("negotiate with terrorists.", "Putin", "said"),
    ]


def test_a_quote_over_several_paragraphs_gives_one_quote_per_paragraph_and_keeps_the_speaker():
    text = (
        "Lavrov said in a statement: “Our position has not changed.\n\n"
        "“We are ready for talks without preconditions.\n\n"
        "“But we will answer any provocation.”\n\n"
        "The ministry did not comment further."
    )
    found = extract_quotes(text)
    assert [q.text for q in found] == [
        "Our position has not changed.",
        "We are ready for talks without preconditions.",
        "But we will answer any provocation.",
    ]
    assert [q.speaker for q in found] == ["Lavrov"] * 3
    assert found[0].cue == "said" and found[1].cue is None
    first_paragraph_end = text.index("\n")
    assert found[0].end <= first_paragraph_end  # an unclosed quote ends with its paragraph


def test_consecutive_quote_paragraphs_continue_the_previous_speaker():
    text = "“We will not retreat,” Erdogan said.\n\n“Our soldiers are ready.”\n\nMarkets fell."
    assert quotes_of(text) == [("We will not retreat", "Erdogan", "said"), ("Our soldiers are ready.", "Erdogan", None)]


def test_hard_wrapped_wire_copy_keeps_quotes_across_line_breaks():
    text = (
        "  An Air Force cargo plane with 20 of at least 371 \n"
        '"detainees" held in Afghanistan departed Kandahar air base \n'
        "at about 11 am EST, a spokesman for the US Central Command said.\n"
        "\t\n"
        '  "The aircraft had departed earlier when the Marines at the \n'
        'base were ready," Maj. Brad Lowell said. He declined to say \n'
        "when the flight would land in Cuba or how long it would take.\n"
    )
    assert quotes_of(text) == [
        ("The aircraft had departed earlier when the Marines at the \nbase were ready", "Maj. Brad Lowell", "said"),
    ]
    assert len(split_sentences(text)) == 3


# ---------------------------------------------------------------------------------- pronoun speakers

def test_he_and_she_resolve_to_the_most_recent_named_speaker_of_that_gender():
    text = (
        "Hillary Clinton met Donald Trump in Washington. Trump said the meeting went well. "
        "“It was a productive conversation,” she said. “We talked about trade,” he said."
    )
    assert quotes_of(text) == [
        ("It was a productive conversation", "Hillary Clinton", "said"),
        ("We talked about trade", "Trump", "said"),
    ]


def test_they_resolves_to_an_organisation_and_an_unresolvable_pronoun_gives_none():
    text = "The Iranian foreign ministry rejected the offer. “It is a trap,” they said."
    assert quotes_of(text) == [("It is a trap", "The Iranian foreign ministry", "said")]
    assert quotes_of("“It is a trap,” he said.") == [("It is a trap", None, "said")]


def test_a_place_is_not_a_he():
    text = "Khamenei spoke in Tehran. Iran rejected talks. “There will be no war,” he said."
    assert quotes_of(text) == [("There will be no war", "Khamenei", "said")]


# ------------------------------------------------------------------------------ scare quotes and titles

@pytest.mark.parametrize(
    "text",
    [
        "The border was “relatively calm” on Tuesday.",
        "He watched “The Last Jedi” with his children on Friday.",
        "Clinton appeared on NBC’s “Meet the Press” on Sunday.",
        "The so-called \"alt-right\" movement grew.",
        'Read more at <tweet author="realDonaldTrump" id="123">.',
    ],
)
def test_scare_quotes_titles_and_markup_are_skipped(text):
    assert quotes_of(text) == []


def test_short_quotes_with_a_reporting_verb_are_kept_as_partial_quotes():
    text = "Trump said he would meet Iranian leaders “anytime they want” and “without preconditions.”"
    assert quotes_of(text) == [
        ("anytime they want", "Trump", "said"),
        ("without preconditions.", "Trump", "said"),
    ]


def test_a_short_quote_that_is_a_sentence_is_kept():
    assert quotes_of("“Never.”") == [("Never.", None, None)]


def test_a_directly_attributed_title_case_slogan_is_kept():
    assert quotes_of("“Make America Great Again,” Trump said.") == [("Make America Great Again", "Trump", "said")]


# ------------------------------------------------------------------------------------ unbalanced marks

@pytest.mark.parametrize(
    "text",
    [
        "He said “we will",
        "“",
        "”",
        '""',
        "''",
        'He is 6\'2" tall and "proud.',
        "The “first” and “second and ”third“ marks",
        "“A\n\n”B\n“",
        "“We will,” he said, “",
    ],
)
def test_unbalanced_marks_never_raise(text):
    for q in extract_quotes(text):
        assert text[q.start:q.end] == q.text and q.text.strip() == q.text


def test_a_stray_opening_mark_runs_to_the_paragraph_end_and_a_stray_closing_mark_is_ignored():
    text = "Putin said: “We will respond to any attack\n\nThe Kremlin” declined to comment."
    assert quotes_of(text) == [("We will respond to any attack", "Putin", "said")]


PIECES = list("ab .,:;?!'\"“”‘’\n—=") + [" said", " he", " Trump", "Mr. ", "''", "We "]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=60).map("".join))
def test_any_text_keeps_the_invariants(text):
    found = extract_quotes(text)
    assert all(text[q.start:q.end] == q.text and q.text for q in found)
    assert [q.start for q in found] == sorted(q.start for q in found)
    spans = split_sentences(text)
    assert all(0 <= a < b <= len(text) and text[a:b] == text[a:b].strip() for a, b in spans)
    assert all(b1 <= a2 for (_, b1), (a2, _) in zip(spans, spans[1:]))


# ----------------------------------------------------------------------------------------- sentences

def sentences_of(text: str) -> list[str]:
    return [text[a:b] for a, b in split_sentences(text)]


def test_split_sentences_handles_abbreviations_initials_and_line_breaks():
    text = "Mr. Trump met Sen. J. Smith in the U.S. capital. They talked.\nThe U.S. said no. It left."
    assert sentences_of(text) == [
        "Mr. Trump met Sen. J. Smith in the U.S. capital.",
        "They talked.",
        "The U.S. said no.",
        "It left.",
    ]


def test_split_sentences_never_splits_inside_a_quote_nor_before_its_attribution():
    text = "“We will fight. We will win,” Trump said. “Why not?” Merkel asked. Talks resumed."
    assert sentences_of(text) == [
        "“We will fight. We will win,” Trump said.",
        "“Why not?” Merkel asked.",
        "Talks resumed.",
    ]


def test_reported_sentences_are_those_without_quote_marks():
    text = "Iran rejected the offer. “We will not talk,” Khamenei said. The U.S. imposed sanctions on Monday."
    reported = [s for s in sentences_of(text) if not any(m in s for m in "\"“”")]
    assert reported == ["Iran rejected the offer.", "The U.S. imposed sanctions on Monday."]


# ------------------------------------------------------------------------------------------ the seed

@pytest.mark.skipif(not SEED.is_file(), reason=f"seed article not found at {SEED}")
def test_the_seed_article_quotes_and_speakers():
    text = SEED.read_text(encoding="utf-8")
    found = extract_quotes(text)
    assert all(text[q.start:q.end] == q.text for q in found)
    by_text = {q.text: q for q in found}

    tweets = [q for q in found if "THERE WILL BE NO WAR" in q.text or q.text.startswith("Recently, U.S. officials")]
    assert len(tweets) == 2 and {q.speaker for q in tweets} == {"Khamenei"}
    assert by_text["anytime they want"].speaker == "Trump"
    assert by_text["without preconditions."].speaker == "Trump"
    # "… ,” he said." / "he wrote on Twitter": pronouns resolved to Khamenei
    even_if = next(q for q in found if q.text.startswith("Even if we ever"))
    assert (even_if.speaker, even_if.cue) == ("Khamenei", "said")
    no_war = next(q for q in found if q.text.startswith("No war will occur"))
    assert (no_war.speaker, no_war.cue) == ("Khamenei", "wrote")
    assert next(q for q in found if q.text.startswith("U.S. won’t launch")).speaker == "Khamenei"
    # the article misspells the name once ("Khameni attributed …"); the speaker is the name as written
    speech = next(q for q in found if q.text.startswith("Economic experts"))
    assert speech.speaker == "Khameni"
    assert len(found) == 9


# ------------------------------------------------------------------------------------- the measurement

def write_article(root: Path, name: str, text: str, ann: str) -> None:
    split = root / "polnear" / "train"
    (split / "text").mkdir(parents=True, exist_ok=True)
    (split / "attributions").mkdir(parents=True, exist_ok=True)
    (split / "text" / f"{name}.txt").write_text(text, encoding="utf-8")
    (split / "attributions" / f"{name}_aaaa.ann").write_text(ann, encoding="utf-8")
    # a second annotator's file for the same article is ignored
    (split / "attributions" / f"{name}_bbbb.ann").write_text("", encoding="utf-8")


def test_the_polnear_measurement_on_a_small_article(tmp_path):
    text = (
        'Spokeswoman Haley Morris said "We will never," she said, "give up." '
        "The film \"Jaws\" was shown. Critics said the plan was bad."
    )
    src = text.index("Spokeswoman")
    c1, c2 = text.index('"We'), text.index('"give')
    crit = text.index("the plan")
    ann = "\n".join([
        f"T1\tSource {src} {src + 24}\tSpokeswoman Haley Morris",
        f"T2\tCue {src + 25} {src + 29}\tsaid",
        f"T3\tContent {c1} {c1 + 16};{c2} {c2 + 9}\tx",
        "E1\tAttribution:T2 Source:T1 Cue:T2 Content:T3",
        f"T4\tContent {crit} {crit + 20}\tthe plan was bad",  # no quote marks: not a direct quote
        "E2\tAttribution:T2 Content:T4",
    ])
    write_article(tmp_path, "a", text, ann)
    articles = evaluate_quotes.read_polnear_gold("train", root=tmp_path)
    assert [a.name for a in articles] == ["a"]
    gold = articles[0].quotes
    assert len(gold) == 1 and gold[0].head == "morris" and gold[0].length == 25
    counts = evaluate_quotes.evaluate(articles)
    # two predicted parts cover the discontinuous gold span together; "Jaws" is a skipped title
    assert (counts.gold, counts.predicted, counts.found, counts.correct) == (1, 2, 1, 2)
    assert (counts.speaker_total, counts.speaker_ok) == (1, 1)


def test_source_heads():
    assert evaluate_quotes.source_head("Spokeswoman Haley Morris") == "morris"
    assert evaluate_quotes.source_head("O’Malley’s campaign") == "campaign"
    assert evaluate_quotes.source_head("Sen. Ted Cruz, R-Texas") == "cruz"
    assert evaluate_quotes.source_head("a spokesman for the campaign") == "spokesman"
    assert evaluate_quotes.source_head("Tate Reeves III") == "reeves"
