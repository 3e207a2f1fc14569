"""Quote extraction (``stance.quotes``) and its PolNeAR measurement (``training/evaluate_quotes.py``)."""

from __future__ import annotations

import dataclasses
import importlib.util
import sys
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stance.paths import REPO_DIR, corpora_dir
from stance.quotes import MAX_SENTENCE_CHARS, Quote, extract_quotes, split_sentences


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
    assert [f.name for f in dataclasses.fields(Quote)] == ["text", "speaker", "cue", "start", "end", "kind"]
    with pytest.raises(dataclasses.FrozenInstanceError):
        q.speaker = "Clinton"  # type: ignore[misc]
    assert q == Quote("We will win", "Trump", "said", 1, 12) and q.kind == "direct"


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


@pytest.mark.parametrize(
    "text, expected",
    [
        # appositives: a role phrase, a second appositive, a missing comma, a party tag, a relative clause
        ('Mark Holden, chairman of the board of Freedom Partners, the network\'s funding arm, said "we will '
         'spend."', ("we will spend.", "Mark Holden", "said")),
        ("“We will not negotiate,” Javad Zarif, the foreign minister, said on Monday.",
         ("We will not negotiate", "Javad Zarif", "said")),
        ("“We will not negotiate,” said Javad Zarif, who spoke to reporters in Geneva.",
         ("We will not negotiate", "Javad Zarif", "said")),
        ("Sen. Ted Cruz (R-Tex.) said the law “will help elect the judge.”",
         ("will help elect the judge.", "Sen. Ted Cruz", "said")),
        ("“This is absurd,” Mr. Guerrero, who is an actor, said of Mr. Trump.",
         ("This is absurd", "Mr. Guerrero", "said")),
        # the passive, a missing comma, a verb that is not a reporting verb
        ('"Our method succeeds where others fail," Braynard was quoted by the Post as saying.',
         ("Our method succeeds where others fail", "Braynard", "saying")),
        ("“As a construction guy, he put people out of business, too\" Sweeny said after an event.",
         ("As a construction guy, he put people out of business, too", "Sweeny", "said")),
        ('"Jeb wants to be a tough guy tonight," Trump shot back.',
         ("Jeb wants to be a tough guy tonight", "Trump", "shot back")),
        # an attribution that closes the sentence after more words
        ('"He can assert it, but it seems extremely unlikely" that Sanders can catch Clinton, said Steve '
         "Elmendorf, a Democratic strategist.",
         ("He can assert it, but it seems extremely unlikely", "Steve Elmendorf", "said")),
        # participles take the subject of the sentence, unless they have their own after "with"
        ("Clinton responded to the question on Facebook writing, “Yes, I will.”",
         ("Yes, I will.", "Clinton", "writing")),
        ("Republicans chimed in, with Donald Trump tweeting “What a disaster!”",
         ("What a disaster!", "Donald Trump", "tweeting")),
        ("Immediately after the attacks, Trump issued a statement, saying “our nation was attacked.”",
         ("our nation was attacked.", "Trump", "saying")),
        # a reporting verb right before the mark wins over an attribution after it
        ("In 2009, under what Mr. Hedge called ''the prior economy model,'' the club said it charged dues.",
         ("the prior economy model", "Mr. Hedge", "called")),
        # 'said' followed by a clause is reported speech, not an inversion
        ("Mr. Manafort, citing ''the unique magic of Trump,'' said the candidate could win in Pennsylvania.",
         ("the unique magic of Trump", "Mr. Manafort", None)),
        # colon introductions without a reporting verb
        ("The interplay has been important for Republican contests - Philip Bump: “Two weeks ago, his "
         "strongest territory had been the South.”",
         ("Two weeks ago, his strongest territory had been the South.", "Philip Bump", None)),
        ("What that means for this year - More from Jones: “The partisanship of the state is a starting point.”",
         ("The partisanship of the state is a starting point.", "Jones", None)),
        ("Clinton’s response was: “Is Dalton Brody off Conn or Wisconsin?”",
         ("Is Dalton Brody off Conn or Wisconsin?", "Clinton", None)),
        ('Former secretary of state Hillary Rodham Clinton:"We learned that from the State Department."',
         ("We learned that from the State Department.", "Former secretary of state Hillary Rodham Clinton", None)),
        # a signature on the next line
        ('"Americans are worried about the future of their kids."\n\n- Bernie Sanders.\n\nThe figure is old.',
         ("Americans are worried about the future of their kids.", "Bernie Sanders", None)),
    ],
)
def test_appositives_passives_participles_colons_and_signatures(text, expected):
    assert quotes_of(text) == [expected]


def test_a_verb_without_a_subject_takes_the_speaker_of_the_earlier_quote_in_the_sentence():
    text = ("Speaking to MSNBC, which hosts a show, Bush called Rubio “a bright leader” but described his skills "
            "as a “work in progress.”")
    assert [s for _, s, _ in quotes_of(text)] == ["Bush", "Bush"]


def test_an_unattributed_quote_takes_the_speaker_of_the_narrative_sentence_before_it():
    text = (
        "“The uncertainty is the main concern,” Malaysian Defence Minister Hishammuddin Hussein said.\n\n"
        "Carter said that for decades some critics had been predicting a U.S. withdrawal.\n\n"
        "“That’s because this region remains the most consequential for America.”"
    )
    assert [q.speaker for q in extract_quotes(text)] == ["Malaysian Defence Minister Hishammuddin Hussein", "Carter"]
    text = "Clinton touted her credentials as a co-sponsor of the bill. “We need to support workers.”"
    assert quotes_of(text) == [("We need to support workers.", "Clinton", None)]
    # a passive subject is not a speaker: the previous quote's speaker continues
    text = "“We are ready,” Fitton said.\n\nTwo Americans were killed at each location.\n\n“We will not stop.”"
    assert [q.speaker for q in extract_quotes(text)] == ["Fitton", "Fitton"]


def test_a_nested_attribution_keeps_the_inner_speaker():
    text = '"Delegates should vote the way they see fit," Walker said, according to an Associated Press account.'
    assert quotes_of(text) == [("Delegates should vote the way they see fit", "Walker", "said")]


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


def test_a_name_followed_by_a_verb_after_a_subordinate_clause_is_an_antecedent():
    text = (
        "U.N. Secretary General Ban Ki-moon leaves office this year. Asked whether Donald Trump, the "
        "presumptive Republican nominee, could be the next president, Ban demurred.\n\n"
        "“There is just one science,” he said."
    )
    assert quotes_of(text) == [("There is just one science", "Ban", "said")]


def test_a_word_the_text_uses_as_a_place_or_a_common_noun_is_not_a_he():
    text = (
        "While in Asmara, Nega spends most of his time at home. With no investment coming in, Asmara has "
        "become a city frozen in time.\n\n“Why should I not get help from them?” he asked."
    )
    assert quotes_of(text) == [("Why should I not get help from them?", "Nega", "asked")]
    text = (
        "“The design was not decided,” White House press secretary Josh Earnest said. Cost estimates, he "
        "added, were “based on a prototype.” The cost was high."
    )
    assert all("Earnest" in q.speaker for q in extract_quotes(text))  # not "Cost"


def test_an_antecedent_is_never_inside_a_quote():
    text = (
        "As for Trump, he said he is not worried. “I think I'm going to have the delegates, OK? I think,” "
        "he said, adding that there is no magic number."
    )
    assert quotes_of(text)[0][1] is None or "OK" not in quotes_of(text)[0][1]


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


def test_single_quoted_headline_quotes_are_kept_only_when_directly_attributed():
    assert quotes_of("Kasich: ‘We Are Going To Go All The Way To Cleveland.’\n\nHe spoke in Berea.") == [
        ("We Are Going To Go All The Way To Cleveland.", "Kasich", None)]
    assert quotes_of("Trump: 'We are going to win so much.'") == [("We are going to win so much.", "Trump", None)]
    # a scare quote, apostrophes and nested single quotes are not quotes of their own
    assert quotes_of("Ryan calls Trump line 'racist,' but backs him. It's the ’90s and I don't care.") == []
    assert quotes_of("“He told me, ‘Never again,’ and walked out,” Merkel said.") == [
        ("He told me, ‘Never again,’ and walked out", "Merkel", "said")]


def test_an_exclamation_is_not_a_scare_quote():
    assert quotes_of("Outside the arena, about 200 protesters gathered, chanting “Dump Trump!” and waving signs.") \
        == [("Dump Trump!", "about 200 protesters", "chanting")]


def test_triple_apostrophes_and_direction_marks():
    text = "''I would use the word 'old-school,''' said Gregory W. Slayton."
    assert quotes_of(text) == [("I would use the word 'old-school,'", "Gregory W. Slayton", "said")]
    text = "Palin’s post resonated.\n\n\u202a”Isis will burn in hell for it!” wrote Pete Hidalgo."
    assert quotes_of(text) == [("Isis will burn in hell for it!", "Pete Hidalgo", "wrote")]


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


def test_dev_halves_alternate_by_sorted_name_and_split_the_articles():
    articles = [evaluate_quotes.GoldArticle(name, "", ()) for name in ("d", "a", "c", "b", "e")]
    tune, heldout = evaluate_quotes.half(articles, "tune"), evaluate_quotes.half(articles, "heldout")
    assert [a.name for a in tune] == ["a", "c", "e"] and [a.name for a in heldout] == ["d", "b"]


def test_source_heads():
    assert evaluate_quotes.source_head("Spokeswoman Haley Morris") == "morris"
    assert evaluate_quotes.source_head("O’Malley’s campaign") == "campaign"
    assert evaluate_quotes.source_head("Sen. Ted Cruz, R-Texas") == "cruz"
    assert evaluate_quotes.source_head("a spokesman for the campaign") == "spokesman"
    assert evaluate_quotes.source_head("Tate Reeves III") == "reeves"
    # a reflexive, a quantifier with an appositive name, a participle and a weekday are not heads
    assert evaluate_quotes.source_head("Mr. Rubio himself") == "rubio"
    assert evaluate_quotes.source_head("One of the university's top executives, Michael Sexton,") == "sexton"
    assert evaluate_quotes.source_head("an NBC News/Wall Street Journal poll released Monday") == "poll"
    assert evaluate_quotes.source_head("USA Today") == "today"


def test_gold_pronouns_agree_in_number_and_marked_gender():
    sources = [(0, "Mrs. Clinton"), (30, "Sanders aides"), (60, "Ms. Anne Holton")]
    resolve = evaluate_quotes._resolve_gold_pronoun
    assert resolve("x" * 100, "he", 90, sources) is None  # not a plural, not a Mrs. or a Ms.
    assert resolve("x" * 100, "she", 90, sources) == "holton"
    assert resolve("x" * 100, "she", 50, sources) == "clinton"  # "Sanders aides" is plural
    assert resolve("x" * 100, "they", 50, sources) == "aides"
    text = "He met the Boston Globe, which wrote"
    assert resolve(text, "which", text.index("which"), []) == "globe"


def test_single_quoted_content_spans_are_direct_quotes(tmp_path):
    text = "Kasich: ‘We Are Going To Go All The Way.’ He said it's the ’90s. Critics said the plan was bad."
    c1, c2 = text.index("‘We"), text.index("it's")
    ann = "\n".join([
        "T1\tSource 0 6\tKasich",
        f"T2\tContent {c1} {c1 + 33}\tx",
        "E1\tAttribution:T2 Source:T1 Content:T2",
        f"T3\tContent {c2} {c2 + 17}\tx",  # apostrophes only: not a direct quote
        "E2\tAttribution:T3 Content:T3",
    ])
    write_article(tmp_path, "b", text, ann)
    gold = evaluate_quotes.read_polnear_gold("train", root=tmp_path)[0].quotes
    assert [g.fragments for g in gold] == [((c1, c1 + 33),)] and gold[0].head == "kasich"
    counts = evaluate_quotes.evaluate(evaluate_quotes.read_polnear_gold("train", root=tmp_path))
    assert (counts.gold, counts.found, counts.speaker_ok) == (1, 1, 1)


def test_a_large_adversarial_article_is_extracted_without_hanging():
    # 20,000 quotes in one paragraph without a sentence break (280,000 characters) took more than 10 minutes
    # when extraction was quadratic; now a few seconds. The guard only detects a hang (benchmarks/bench_quotes.py).
    text = '"a," he said. ' * 20_000
    start = time.perf_counter()
    quotes = extract_quotes(text)
    assert time.perf_counter() - start < 120
    assert len(quotes) == 20_000 and {q.text for q in quotes} == {"a"} and quotes[-1].end == len(text) - 12
    spans = split_sentences(text)
    assert max(b - a for a, b in spans) <= MAX_SENTENCE_CHARS and spans[0][0] == 0 and spans[-1][1] == len(text.rstrip())
