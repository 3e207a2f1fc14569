"""Actors, speakers, targets and dyads: the PETRARCH2 reader, the matcher, role nouns, targets, summary, report."""

from __future__ import annotations

import dataclasses
import gzip
import importlib.util
import json
from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from conftest import requires_shipped_model

from stance.actors import (Actor, ActorIndex, actor_from_code, actor_index, article_people, dateline, find_actors,
                           find_agents, home_country, us_georgia)
from stance.analysis import ResultRow, describe_statement, speaker_of
from stance.cameo import Code, compile_dictionaries, parse_actors, parse_agents, parse_code, write_compiled
from stance.dyads import dyad_over_time, dyad_summary
from stance.paths import ACTORS_FILE, REPO_DIR, cameo_actors_dir, corpora_dir
from stance.reported import statement_speaker
from stance.speakers import describe_speaker, is_body, is_speaker, link_speaker_ids, split_role
from stance.quotes import Quote, split_sentences
from stance.targets import find_targets, mentioned_actors, sentence_bounds

DICTIONARY = """\
# a comment line
HOJATOLISLAM_SAYYED_ALI_KHAMENEI_  # CountryInfo.txt
+KHAMENEI
+AYATOLLAH_KHAMENEI
\t[IRNGOV 811013-890803]
\t[IRNGOV >19890604] # Supreme Leader
\t[IRNELI]
U.N._
UN_SECRETARY_GENERAL
+SECRETARY_GENERAL_OF_THE_UN
\t[IGOUNO]
ANN_VENEMAN_\t[USAGOV 010120-050120] [IGOUNOKID >050501]# two codes on one line
NOBODY_ [---]
"""
AGENTS = """\
!MINIST! = MINISTER, MINISTRY
FOREIGN_!MINIST! [~GOV]
LAWMAN {LAWMEN} [~COP]
ARMY [~MIL]
"""


def test_the_parser_reads_synonyms_codes_and_date_ranges():
    entries = list(parse_actors(DICTIONARY.splitlines()))
    khamenei, un, veneman = entries
    assert khamenei.names == ("HOJATOLISLAM SAYYED ALI KHAMENEI", "KHAMENEI", "AYATOLLAH KHAMENEI")
    assert khamenei.codes == (
        Code("IRNGOV", date(1981, 10, 13), date(1989, 8, 3)), Code("IRNGOV", date(1989, 6, 4), None), Code("IRNELI"),
    )
    assert un.names == ("UN", "UN SECRETARY GENERAL", "SECRETARY GENERAL OF THE UN")  # U.N. shares the codes below
    assert veneman.codes == (Code("USAGOV", date(2001, 1, 20), date(2005, 1, 20)),
                             Code("IGOUNOKID", date(2005, 5, 1), None))
    assert parse_code("IRNGOV <020304") == Code("IRNGOV", None, date(2002, 3, 4))
    assert parse_code("---") is None and parse_code("IRNGOV 2004017-20061201") is None  # a 7-digit date: unreadable
    assert dict(parse_agents(AGENTS.splitlines())) == {
        "FOREIGN MINISTER": "~GOV", "FOREIGN MINISTRY": "~GOV", "LAWMAN": "~COP", "LAWMEN": "~COP", "ARMY": "~MIL"}


def test_the_compiled_file_is_read_by_the_index_and_honours_dates(tmp_path):
    folder = tmp_path / "dictionaries"
    folder.mkdir()
    for name in ("Phoenix.Countries.actors.txt", "Phoenix.International.actors.txt", "Phoenix.MilNonState.actors.txt"):
        (folder / name).write_text(DICTIONARY if "Countries" in name else "", encoding="utf-8")
    (folder / "Phoenix.agents.txt").write_text(AGENTS, encoding="utf-8")
    path = write_compiled(compile_dictionaries(folder), tmp_path / "actors.json.gz")
    assert path.read_bytes() == write_compiled(compile_dictionaries(folder), tmp_path / "again.json.gz").read_bytes()
    with gzip.open(path, "rt", encoding="utf-8") as file:
        index = ActorIndex(json.load(file))
    assert index.resolve("KHAMENEI", date(1985, 1, 1)).code == "IRNGOV"
    assert index.resolve("KHAMENEI", date(2018, 8, 13)).code == "IRNGOV"  # the open-ended range
    assert index.resolve("KHAMENEI", None).code == "IRNGOV"
    assert index.resolve("ANN VENEMAN", date(2003, 1, 1)) == Actor("USAGOV", "USA", "GOV", "ANN VENEMAN")
    assert index.resolve("ANN VENEMAN", date(2006, 1, 1)).code == "IGOUNOKID"
    assert index.resolve("ANN VENEMAN", date(2005, 3, 1)) == Actor("USA", "USA", None, "ANN VENEMAN")  # no code holds
    assert [m.text for m in index.find("Ayatollah Khamenei spoke to the U.N.")] == ["Ayatollah Khamenei", "U.N."]
    assert index.agents_in("the foreign ministry and two lawmen") == [("GOV", 4, 20), ("COP", 29, 35)]


def test_of_two_codes_that_hold_the_later_office_wins():
    index = ActorIndex({"actors": [
        [["JENS STOLTENBERG"], [["NORGOV", "2005-10-17", None]]],  # open-ended in PETRARCH2
        [["JENS STOLTENBERG"], [["IGOWSTNAT", "2014-10-01", "2024-10-01"], ["NORGOV", "2025-02-04", None]]],
    ], "agents": []})
    assert index.resolve("JENS STOLTENBERG", date(2010, 1, 1)).code == "NORGOV"
    assert index.resolve("JENS STOLTENBERG", date(2020, 1, 1)).code == "IGOWSTNAT"  # both hold: the later start
    assert index.resolve("JENS STOLTENBERG", date(2025, 6, 1)).code == "NORGOV"
    assert index.person("Stoltenberg", date(2010, 1, 1)).code == "NORGOV"
    assert index.person("Stoltenberg", date(2020, 1, 1)) is None  # NATO's: no country, so no office holder


def test_the_additions_know_todays_office_holders():
    day = date(2025, 6, 20)
    assert describe_speaker("Araghchi", day=day).actor.code == "IRNGOV"
    assert describe_speaker("President Zelensky", day=day).actor.code == "UKRGOV"
    assert describe_speaker("Mark Rutte", day=day).actor.code == "IGOWSTNAT"  # NATO, no longer the Netherlands
    assert describe_speaker("Mark Rutte", day=date(2015, 3, 1)).actor.code == "NLDGOV"
    assert describe_speaker("Ursula von der Leyen", day=day).actor.code == "IGOEUREEC"
    assert describe_speaker("Merz", day=day).actor.code == "DEUGOV"
    assert describe_speaker("Biden", day=date(2022, 3, 1)).actor.code == "USAGOV"
    assert describe_speaker("Biden", day=day).actor is None  # out of office: no office holder of that name
    assert describe_speaker("Joe Biden", day=day).actor.code == "USAELI"  # an addition ends PETRARCH2's open office


@pytest.mark.skipif(not (cameo_actors_dir() / "Phoenix.agents.txt").is_file(), reason="needs ../shared/corpora")
def test_the_shipped_file_is_the_compiled_dictionaries():
    with gzip.open(ACTORS_FILE, "rt", encoding="utf-8") as file:
        assert json.load(file) == json.loads(json.dumps(compile_dictionaries(cameo_actors_dir())))


def test_codes_split_into_country_and_type():
    assert actor_from_code("IRNGOV") == Actor("IRNGOV", "IRN", "GOV")
    assert actor_from_code("USAGOVMIL").type == "GOV"
    assert actor_from_code("IGOUNO") == Actor("IGOUNO", None, "IGO") and actor_from_code("IGOUNO").party == "IGOUNO"
    assert actor_from_code("~MIL").party is None
    assert actor_from_code("USA") == Actor("USA", "USA", None)


def test_the_matcher_finds_countries_people_and_bodies_in_text():
    mentions = find_actors("Iran's foreign minister met NATO and U.S. officials; the Taliban and Hamas were absent.",
                           day=date(2018, 8, 13))
    assert [(m.text, m.actor.code) for m in mentions] == [
        ("Iran's", "IRN"), ("NATO", "IGOWSTNAT"), ("U.S.", "USA"), ("Taliban", "AFGREB"), ("Hamas", "PSEREBHMS")]
    assert find_actors("tell us what you want") == []  # "us" is not the US
    assert [m.actor.code for m in find_actors("the UN's envoy and CNN's reporter")] == ["IGOUNO", "MED"]  # possessive
    assert find_actors("Un's") == []  # an acronym only in capitals
    assert [m.actor.code for m in find_actors("Iranians")] == ["IRN"]  # a plural
    assert [m.actor.code for m in find_actors("EU says the World Health Organisation erred")] == [
        "IGOEUREEC", "IGOUNOHLHWHO"]  # names the dictionaries lack
    assert "Hassan" not in [m.text for m in find_actors("Hassan Nasrallah spoke")]  # not King Hassan
    assert [m.actor.country for m in find_actors("President Bush", day=date(2002, 1, 1))] == ["USA"]
    assert [m.actor.entry for m in find_actors("President Bush", day=date(2002, 1, 1))] == ["GEORGE W BUSH"]


def test_hyphenated_names_match_part_by_part():
    found = {m.text: m.actor.code for m in find_actors(
        "Bashar al-Assad, Kim Jong-il and Chen Shui-bian spoke; al-Qaeda and the Gaza-based Hamas did not.",
        day=date(2005, 1, 1))}
    assert found == {"Bashar al-Assad": "SYRGOV", "Kim Jong-il": "PRKGOV", "Chen Shui-bian": "TWNGOV",
                     "al-Qaeda": "IMGMUSALQ", "Hamas": "PSEREBHMS"}
    # the dictionary writes this one with its hyphen
    assert [m.text for m in find_actors("Ban Ki-moon said", day=date(2010, 1, 1))] == ["Ban Ki-moon"]
    # a phrase covers a hyphenated word whole: no Spain, Israel, Kazakhstan, Iran, Soviet Union or United States here
    assert find_actors("a Spanish-Israeli businessman at Interfax-Kazakhstan, Iran-backed and Soviet-era militias, "
                       "U.S.-led and Un-american crowds") == []
    assert find_agents("Vice-president Dick Cheney") == []  # not "president"


def test_the_index_is_built_once_per_process():
    assert actor_index() is actor_index()


def test_role_nouns_map_with_the_nationality_next_to_them():
    assert find_agents("Iranian officials") == [("GOV", 8, 17)]
    assert describe_speaker("Iranian officials").actor == Actor("IRNGOV", "IRN", "GOV", "IRAN")
    assert describe_speaker("Pentagon spokesman").actor.code == "USAMIL"
    assert describe_speaker("the foreign ministry").actor == Actor("GOV", None, "GOV")  # no country: none guessed
    assert describe_speaker("Chinese troops").actor.code == "CHNMIL"
    assert describe_speaker("Jan Zorblax").actor is None  # unmapped stays unmapped
    article = "Belgian Foreign Minister Jan Zorblax arrived. Later Zorblax spoke."
    assert describe_speaker("Jan Zorblax", article=article, at=50).actor.code == "BELGOV"
    article = "President Hugo Chavez arrived. Later Chavez spoke."
    assert describe_speaker("Chavez", article=article, at=40).actor.code == "VENGOV"  # the article's full name
    assert describe_speaker("Chavez", article="Later Chavez spoke.", at=6).actor is None
    article = "Chinese Foreign Minister Tang Jiaxuan called. Peace matters, said Tang."
    assert describe_speaker("Tang.", article=article, at=60).actor.code == "CHNGOV"  # the full stop ends a sentence
    article = "Jan Zorblax, who threatened Iran, spoke."  # a clause, not an apposition naming his side
    assert describe_speaker("Jan Zorblax", article=article, at=30, day=date(2018, 8, 1)).actor is None
    assert describe_speaker("Trump", day=date(2016, 5, 1)).actor.code == "USAOPP"  # the project's additions
    assert describe_speaker("Trump", day=date(2018, 8, 1)).actor.code == "USAGOV"
    assert describe_speaker("Trump", day=date(2022, 8, 1)).actor.code == "USAOPP"
    assert describe_speaker("Trump", day=date(2025, 8, 1)).actor.code == "USAGOV"  # in office again
    assert describe_speaker("Donald Trump").actor.code == "USAGOV"  # no date: the open-ended code


def test_a_deputy_takes_the_type_of_the_role_after_it_and_a_lawyer_is_private_unless_public():
    assert describe_speaker("Russian Deputy Foreign Minister Alexander Zaltanov").actor.code == "RUSGOV"  # not COP
    assert describe_speaker("a sheriff's deputy").actor.code == "COP"
    for phrase in ("Campbell's attorney Victoria Zoensing", "the lawyer Niccolo Zalvioni", "defense attorney",
                   "the general counsel"):
        assert describe_speaker(phrase).actor.code == "CVL"  # a private lawyer (docs/actors.md)
    for phrase in ("U.S. Attorney John Zanderson", "the district attorney", "Special Counsel Robert Zueller"):
        assert describe_speaker(phrase).actor.type == "JUD"


def test_a_person_of_the_dictionaries_without_a_type_takes_the_role_before_the_name():
    article, day = "Krzysztof Janik arrived in Warsaw. Later Minister Janik spoke.", date(2002, 3, 1)
    assert describe_speaker("Minister Janik", article=article, at=40, day=day).actor.code == "POLGOV"
    assert describe_speaker("Janik", article=article, at=40, day=day).actor.code == "POL"  # no role: no type


def test_role_nouns_without_a_type_of_their_own_let_the_role_words_before_them_count():
    article = "NEW DELHI, Jan 5 (Reuters) - Militants clashed.\nJammu police senior superintendent Kamal Zaini said so."
    assert describe_speaker("Kamal Zaini", article=article, at=0).actor.code == "INDCOP"  # past "superintendent"
    assert find_agents("the commissioner") == [(None, 4, 16)] and find_agents("FBI special agent") == [(None, 12, 17)]


def test_a_pointer_before_a_role_and_a_bare_party_role_take_the_home_country():
    article = "WASHINGTON - Talks began.\nOne of the officials said the prisoners would be moved."
    at = article.index("One of")
    assert describe_speaker("One of the officials", article=article, at=at).actor.code == "USAGOV"
    article = "LONDON - Talks ended.\nThe main opposition party said it would vote against the deal."
    at = article.index("The main")
    assert describe_speaker("The main opposition party", article=article, at=at).actor.code == "GBROPP"
    assert describe_speaker("The main opposition party", article=article[at:], at=0).actor.code == "OPP"


def test_a_speaker_phrase_with_an_apposition_and_a_bodys_name_in_lower_case():
    phrase = ", US Ambassador to the UN Nikki Haley, the most outspoken supporter of decertifying Iranian compliance,"
    assert describe_speaker(phrase).actor.code == "USAGOV"  # the part before the comma, not "Iranian"
    assert describe_speaker("Neyts, Belgium's foreign minister").actor.code == "BELGOV"  # the apposition decides
    assert describe_speaker("the state department").actor.code == "USAGOV"
    assert describe_speaker("the foreign ministry").actor.code == "GOV"  # no body's name: no country


def test_a_nationality_before_an_international_bodys_name_makes_it_the_states_own():
    assert describe_speaker("Russian Security Council Secretary Vladimir Rushailo").actor.code == "RUSGOV"
    assert describe_speaker("the Security Council").actor.code == "IGOUNO"
    assert describe_speaker("US Ambassador to the UN Nikki Haley").actor.code == "USAGOV"  # "to the UN": not hers
    barnier = describe_speaker("French EU Commissioner Michel Barnier").actor  # the person of the dictionaries
    assert barnier.entry == "MICHEL BARNIER" and barnier.country == "FRA" and barnier.type is not None


def test_analyze_keeps_the_speaker_it_found_else_the_reporting_verbs_subject():
    article = "Iran rejected the offer. The talks will go on, it said."
    start = article.index("The talks")
    statement = Quote("The talks will go on", None, None, start, start + 20, "indirect")
    assert speaker_of(article, statement) == "Iran"  # none found (a tagger's unlinked Content): the rules'
    assert speaker_of(article, dataclasses.replace(statement, speaker="Tehran")) == "Tehran"
    speaker, canonical, who, targets = describe_statement(article, statement)
    assert (speaker, who.actor.code, targets) == ("Iran", "IRNGOV", ())


def test_a_place_where_something_happens_is_no_target():
    assert find_targets("The plague was brought under control in Madagascar.") == ()
    assert find_targets("It opened an office in Tashkent, Uzbekistan, on Monday.") == ()
    assert [t.code for t in find_targets("The coup in Venezuela had to do with the United States.")] == ["USA"]
    assert [t.code for t in find_targets("Iran must stop its support for Hamas in Gaza.")] == ["IRN", "PSEREBHMS"]
    assert [t.code for t in find_targets("The sanctions are aimed at Iran.")] == ["IRN"]  # a party, no place
    assert [t.code for t in find_targets("We will not interfere in Venezuela.")] == ["VEN"]
    assert [t.code for t in find_targets("After talks in Geneva, Russia warned the US.")] == ["RUS", "USA"]


def test_a_surname_is_the_dictionary_person_also_out_of_a_dated_office():
    article = "Robin Cook signalled tonight that troops will stay. In New York, Mr Cook said more."
    day = date(2001, 11, 13)  # after the dictionaries' dated office of Robin Cook: his country alone
    assert article_people(article, day) == {"COOK": Actor("GBR", "GBR", None, "ROBIN COOK")}  # no place
    speaker = describe_speaker("Mr Cook", article=article, at=article.index("Mr Cook"), day=day)
    assert speaker.actor.country == "GBR" and speaker.speaker_id == "Robin Cook"


def test_a_government_named_by_its_leader_is_that_leaders_country():
    day = date(2002, 4, 12)
    assert describe_speaker("the officials of the Chavez government", day=day).actor.code == "VENGOV"
    assert describe_speaker("the Blair administration", day=day).actor.code == "GBRGOV"
    # Two office holders named Bush in 2002 (the United States, the Cayman Islands): the article tells them apart.
    assert describe_speaker("the Bush administration", day=day).actor == Actor("GOV", None, "GOV")
    article = "WASHINGTON -- President George W. Bush met his cabinet. The Bush administration said it would wait."
    assert describe_speaker("The Bush administration", article=article, day=day).actor.code == "USAGOV"
    assert describe_speaker("the Labour government", day=day).actor == Actor("GOV", None, "GOV")  # no person
    assert describe_speaker("the ambassador to the Blair government", day=day).actor == Actor("GOV", None, "GOV")
    # Not a leader's name: a month, a word that opens a phrase, a body; a namesake of a country the article never names.
    assert find_targets("In May government forces recaptured Palmyra.", day=date(2016, 6, 1)) == ()
    article = "KABUL, Jan 3 (AFP) -- Some government officials said the talks would go on."
    assert describe_speaker("Some government officials", article=article, at=22, day=day).actor.code == "AFGGOV"
    assert [t.code for t in find_targets("The Coalition government has failed Britain.", day=date(2019, 1, 3))] == [
        "GBR"]  # not the Syrian National Coalition
    article = "ROME, Jan 3 (AFP) -- Premier Giuseppe Conte spoke. The Conte government said it would act."
    speaker = describe_speaker("The Conte government", article=article, at=article.index("The Conte"), day=day)
    assert speaker.actor.code == "ITAGOV"  # the dateline's, not Guinea's Lansana Conte
    statement = "The Sharon government must stop the raids on Gaza."
    assert [t.code for t in find_targets(statement, day=day)] == ["ISRGOV", "PSEGZA"]
    assert [t.code for t in find_targets(statement)] == ["PSEGZA"]  # no date and no Ariel Sharon in the article
    # A government of another time, or undated: the one country the article names whose government a person of
    # that name has been part of.
    article = "WASHINGTON -- Congress met. The Bush administration said it would wait."  # no Cayman Islands named
    assert describe_speaker("The Bush administration", article=article, day=day).actor.code == "USAGOV"
    article = "TEHRAN -- Iran rejected talks with Washington. The Trump administration said it would wait."
    assert describe_speaker("The Trump administration", article=article).actor.code == "USAGOV"
    article = "SEOUL -- North Korea and South Korea met. The Kim regime said it would wait."  # Kims of both
    assert describe_speaker("The Kim regime", article=article).actor == Actor("GOV", None, "GOV")


def test_a_bare_role_takes_the_actor_of_its_earlier_fuller_mention():
    article = "French Foreign Minister Jan Zorblax arrived in Rome. Talks began. The minister said little."
    at = article.index("The minister")
    assert describe_speaker("The minister", article=article, at=at).actor.code == "FRAGOV"
    assert describe_speaker("The minister", article=article[at:], at=0).actor == Actor("GOV", None, "GOV")  # none
    article = "The talks ended. French Foreign Minister Zorblax left." + " The minister said little."
    assert describe_speaker("The minister", article=article, at=15).actor.code == "GOV"  # only a later one: none
    article = "Attorney General John Ashcroft spoke. The attorney general said the case was closed."
    speaker = describe_speaker("The attorney general", article=article, at=article.index("The attorney"),
                               day=date(2002, 1, 15))
    assert speaker.actor.code == "USAGOV"  # the holder the article named with the role
    article = "A Russian military official was quoted. Later the official said no troops were sent."
    assert describe_speaker("the official", article=article, at=article.index("the official")).actor.code == "RUSMIL"
    article = "\tLONDON, Jan 18 (AFP) -- Talks ended.\nThe Foreign Office said no. A witness said yes."
    assert describe_speaker("The Foreign Office", article=article, at=42).actor.code == "GBRGOV"  # the dateline
    assert describe_speaker("A witness", article=article, at=70).actor.code == "CVL"  # no state's: no country
    assert describe_speaker("The Foreign Office", article=article[24:], at=18).actor.code == "GOV"  # no dateline
    article = "ISLAMABAD - Talks ended.\n\"No,\" a Foreign Office spokesman said. The spokesman said more."
    at = article.index("The spokesman")
    assert describe_speaker("The spokesman", article=article, at=at).actor.code == "PAKGOV"  # its first mention's
    assert describe_speaker("The spokesman", article=article.replace("ISLAMABAD -", "Talks."),
                            at=at).actor.code == "GOV"  # no dateline: the type alone
    assert describe_speaker("The spokesman", article=article.replace("Foreign Office", "company"),
                            at=at).actor.code == "BUS"  # no state's: no country from the dateline
    assert describe_speaker("The spokesman", article=article.replace("Foreign Office ", ""),
                            at=at).actor.code == "PAKGOV"  # a spokesman alone: GOV, of the dateline's state
    assert describe_speaker("a spokesman for the main police department").actor.code == "COP"  # not GOV
    assert describe_speaker("a spokesman").actor.code == "GOV"
    article = "President Jacob Zuma flew in. \"Soon,\" Zuma's spokeswoman Lakela Kaunda said."
    speaker = describe_speaker("Lakela Kaunda", article=article, at=30, day=date(2010, 3, 1))
    assert speaker.actor == Actor("ZAFGOV", "ZAF", "GOV")  # on the side of the one named in full; not Zuma himself
    assert describe_speaker("Lakela Kaunda", article=article.replace("Jacob ", ""), at=30).actor is None
    article = ("\nAuthor: AFP\n  BEIJING: Talks ended.\n\"No,\" foreign ministry spokeswoman Zhorbla Qiyux said. "
               "\"Never,\" Qiyux added. Faris Zunaidi, director general of the Water Authority, agreed.")
    assert describe_speaker("Qiyux", article=article, at=70).actor.code == "CHNGOV"  # her role, the dateline's state
    assert describe_speaker("Faris Zunaidi", article=article, at=100).actor.code == "CHNGOV"  # role in apposition
    assert describe_speaker("Qiyux", article=article.replace("foreign ministry spokeswoman", "the writer"),
                            at=70).actor is None  # no role of a state: no country from the dateline
    assert describe_speaker("Qiyux", article=article.replace("BEIJING", "Talks"), at=70).actor is None
    article = ("Talks on the budget ended.\nSen. Zorbla Hironu said the U.S. Congress would not pay. "
               "President Trump and the FBI disagreed; Russia said nothing.")
    day = date(2018, 3, 1)
    assert home_country(article, day) == "USA"  # no dateline: the country named most (3 to 1)
    assert describe_speaker("Zorbla Hironu", article=article, at=30, day=day).actor.code == "USALEG"  # Sen.: LEG
    article = article.replace("President Trump and the FBI", "Washington and Moscow")
    assert home_country(article, day) is None  # 2 to 2: no country leads
    assert describe_speaker("Zorbla Hironu", article=article, at=30, day=day).actor is None  # as with no dateline
    assert home_country("\tLONDON, Jan 18 (AFP) -- Talks ended.\n" + article, day) == "GBR"  # the dateline first
    day = date(2002, 1, 10)
    article = "PRESIDENT Mugabe yesterday invited observers.\nCde Mugabe said the vote would be fair."
    assert describe_speaker("Cde Mugabe", article=article, at=47, day=day).actor.code == "ZWEGOV"  # Cde: a title
    article = '"Good reasons," foreign affairs spokesman Zorbla Skaarux (Danish People\'s Party) says.'
    assert describe_speaker("Zorbla Skaarux", article=article, at=0, day=day).actor.country == "DNK"  # in brackets
    article = ('SEOUL, Jan 5 (Yonhap) -- Talks ended.\n"No," said Zorb Yoonx, director of the global environment '
               "office at the Environment Ministry.")
    assert describe_speaker("Zorb Yoonx", article=article, at=40, day=day).actor.code == "KORGOV"  # 11 words
    article = "Talks ended.\nSenior World Health Organization (WHO) official Petra Zalama said cases would rise."
    assert describe_speaker("Petra Zalama", article=article, at=20, day=day).actor.type == "IGO"  # past "(WHO)"
    article = "Taipei, Feb. 21 (CNA) -- Talks ended.\nSecretary-General of the Presidential Office Chen Shih-meng said no."
    assert describe_speaker("Secretary-General of the Presidential Office Chen Shih-meng", article=article,
                            at=40).actor.code == "TWNGOV"  # a body the agents file lacks (EXTRA_AGENTS)
    article = "the Archbishop of Dakar and President of the commission spoke. The President said no."
    assert describe_speaker("The President", article=article, at=article.index("The President")).actor.country is None


def test_speakers_get_a_role_apart_and_one_id_across_spellings():
    assert split_role("Army Lt. Col. William Costello") == ("Army Lt. Col.", "William Costello")
    assert split_role("Lt. Col. Costello") == ("Lt. Col.", "Costello")
    assert split_role("President Hugo Chavez of Venezuela") == ("President", "Hugo Chavez")
    assert split_role("the senator from Texas") == ("the senator from Texas", None)
    assert split_role("her spokesman Rigoberto Tiglao") == ("her spokesman", "Rigoberto Tiglao")  # lower case first
    assert split_role("the financier George Soros") == ("the financier", "George Soros")
    assert split_role("the visiting Chinese Premier Zhu Rongji") == ("the visiting Chinese Premier", "Zhu Rongji")
    for role in ("the Washington Times", "The Russian Foreign Ministry", "the Japan Coast Guard", "every Republican",
                 "a senior Ministry of Foreign Affairs"):
        assert split_role(role) == (role, None)  # a body, a role, no name after a quantifier or preposition
    day = date(2001, 10, 1)
    ids = {describe_speaker(p, day=day).speaker_id for p in ("President Bush", "George W. Bush", "Bush")}
    assert ids == {"George W Bush"}
    assert describe_speaker("Bush", day=date(2002, 1, 15)).actor is None  # McKeeva Bush (CYMGOV) from 2001-11-08
    assert describe_speaker("Defense Secretary Donald H. Rumsfeld", day=day) == describe_speaker(
        "Donald Rumsfeld", day=day)._replace(role="Defense Secretary")
    links = link_speaker_ids(["Costello", "William Costello", "Smith", "Ann Smith", "Joe Smith", None])
    assert links == {"Costello": "William Costello"}  # two Smiths: not merged


def test_a_country_or_body_the_role_is_aimed_at_is_not_the_speakers():
    day = date(2002, 1, 1)
    phrase = "ROC Representative to the United States Chen Chien-jen"
    assert split_role(phrase) == ("ROC Representative to the United States", "Chen Chien-jen")
    assert split_role("US Ambassador to the UN Nikki Haley") == ("US Ambassador to the UN", "Nikki Haley")
    assert describe_speaker("Ambassador to the United States Chen Chien-jen", day=day).actor.country == "TWN"
    article = f"{phrase} spoke in Las Vegas. Chen said ties were close."
    at = article.index("Chen said")
    assert describe_speaker("Chen", article=article, at=at, day=day).actor.country == "TWN"  # not the United States
    article = "The rise was 266 %, according to US Department of Homeland Security data. The department said more."
    speaker = describe_speaker("The department", article=article, at=article.index("The department"))
    assert speaker.actor.country == "USA"
    # after "in the", "with the": the speaker's own side
    assert describe_speaker("a senior official in the Iranian Foreign Ministry", day=day).actor.code == "IRNGOV"
    assert describe_speaker("a spokesman with the Israeli army", day=day).actor.code == "ISRMIL"


def test_a_person_named_surname_first_or_with_al_is_called_by_the_surname():
    people = article_people("President Chen Shui-bian spoke; Syrian President Bashar al-Assad did too. Kim Jong-il "
                            "and Kim Dae-jung met.", date(2001, 1, 1))
    assert people["CHEN"].code == "TWNGOV" and people["ASSAD"].code == "SYRGOV"
    assert "KIM" not in people  # two Kims: neither
    assert "ISLAM" not in article_people("Ansar al-Islam fighters attacked.")  # a group, not a person al-Islam


def test_us_federal_bodies_the_dictionaries_lack_are_the_us_governments():
    found = find_actors("The National Weather Service and ICE agents briefed the Department of Justice.")
    assert [m.actor.code for m in found] == ["USAGOV", "USACOP", "USAGOV"]
    assert find_actors("ice on the road") == []  # an acronym of three letters is written in capitals


def test_ordinary_words_are_no_names_and_the_wto_is_an_igo():
    found = find_actors("Both joined the World Trade Organization (WTO) and the Organization of American States.")
    assert [m.actor.code for m in found] == ["IGOBUSWTO", "IGOBUSWTO", "IGOOAS"]
    assert find_actors("the organization said") == find_actors("The Organization said") == []  # not TANZIM
    found = find_actors("The Commonwealth suspended it; the Commonwealth of Independent States did not.")
    assert [m.actor.code for m in found] == ["IGOCWN", "IGOCASCIS"]  # the Commonwealth of Nations, alone


@pytest.mark.parametrize("phrase", ["view picture of Garcia Ponce", "the document", "we view this", "More",
                                    "Text of", "a press release of the committee", "its", "One of them",
                                    "those who are furthering the Islamization of the schools"])
def test_non_person_speakers_are_filtered(phrase):
    assert not is_speaker(phrase)
    assert describe_speaker(phrase).speaker_id is None


@pytest.mark.parametrize("phrase", ["Khamenei", "the spokesman", "The Russian Foreign Ministry", "Mr Veness",
                                    "One of the officials", "this Supreme Court nominee"])
def test_people_and_bodies_are_speakers(phrase):
    assert is_speaker(phrase)


def test_georgia_is_the_us_state_in_an_article_that_names_other_states_and_nothing_of_the_country():
    article = ("The boy was taken from Clayton County, Georgia, to New Mexico.\n"
               "A Georgia investigator helped, Taos County Sheriff Tim Hogrefx said.")
    assert us_georgia(article) and home_country(article) == "USA"  # not GEO
    assert describe_speaker("Tim Hogrefx", article=article, at=len(article) - 5).actor.code == "USACOP"
    assert [m.actor.code for m in find_actors("A Georgia investigator")] == ["GEO"]  # no article: the country
    for text in ("Russia wants Georgia and Ukraine back in its orbit, as Texas senators warned.",
                 "A Georgian official in Tbilisi said Georgia and Florida signed a deal."):
        assert not us_georgia(text)  # something of the country or of its neighbours


def test_brussels_is_the_eu_as_a_party_and_no_party_as_a_place():
    hungary = Actor("HUNGOV", "HUN", "GOV")
    targets = find_targets("He has rebuffed Brussels and said Hungary would defend its borders.", speaker=hungary)
    assert [t.code for t in targets] == ["IGOEUREEC"]  # not Belgium
    assert [t.code for t in find_targets("Iran and the US held talks in Brussels.", speaker=hungary)] == ["IRN", "USA"]
    assert describe_speaker("Brussels").actor.code == "IGOEUREEC"


def test_targets_are_the_named_parties_with_the_speakers_own_left_out():
    khamenei = Actor("IRNGOV", "IRN", "GOV")
    assert find_targets("THERE WILL BE NO WAR, NOR WILL WE NEGOTIATE WITH THE U.S.", speaker=khamenei)[0].code == "USA"
    targets = find_targets("Iran will never bow to the U.S. or Israel.", speaker=khamenei)
    assert [t.code for t in targets] == ["USA", "ISR"]  # Iran as a whole is the speaker itself
    assert find_targets("Iran will stand firm.", speaker=khamenei) == ()
    article = 'Talks are over. "They will pay," Khamenei said of the Americans.'
    start = article.index("They")
    assert [t.country for t in find_targets("They will pay", speaker=khamenei, article=article, start=start,
                                            end=start + 13)] == ["USA"]
    article = "Cardoso said that he does not believe the United States will interfere, as Mexico feared."
    start = article.index("Cardoso")
    end = article.index("States") - 1  # a fragment that cuts the name: the United | States
    assert [t.country for t in find_targets(article[start:end], article=article, start=start, end=end)] == ["USA"]
    statement = "Seoul, Feb. 14 (Yonhap) -- North Korea will top the agenda, experts said."
    assert dateline(statement).actor.country == "KOR" and dateline("\n HARARE: Talks").actor.country == "ZWE"
    assert dateline("Talks in Seoul, Feb. 14 ended.") is None
    assert dateline("Raid\n\nCHICAGO — Federal officers said").actor.country == "USA"  # AP style
    assert dateline("Ebola\n\nKINSHASA, Congo -- The ministry").actor.country == "COD"
    assert dateline("Iran — talks go on\nTrump — a tweet") is None  # a dash dateline's place is in capitals
    assert dateline("Jordan mulls Kyoto\nAmman -- Jordan, bound by").actor.country == "JOR"
    assert dateline("BC-HEALTH\nJOHANNESBURG Aug 19 Sapa DEFENCE CHIEF").actor.country == "ZAF"  # Sapa style
    assert dateline("Talks\nIRAN May be next") is None and dateline("Talks\nIran May 5 talks") is None
    assert dateline("Nuevo Laredo, Mexico, 6 Dec (AFP) -- A smuggler").actor.country == "MEX"  # the country after
    assert dateline("Aussies\nSYDNEY, AUSTRALIA - Within days").actor.country == "AUS"
    assert [t.country for t in find_targets(statement)] == ["PRK"]  # the dateline is where, not whom
    article = 'On Zimbabwe, the spokesman said the vote "was not free". The weather was fine.'
    start = article.index("was not")
    assert [t.code for t in find_targets("was not free", article=article, start=start, end=start + 12)] == ["ZWE"]
    start = article.index("The weather")
    assert find_targets("The weather was fine.", article=article, start=start, end=len(article)) == ()
    article = "President Hugo Chavez left. Powell said Chavez was aware."
    start, day = article.index("Powell"), date(2002, 1, 1)
    assert find_targets(article[start:], article=article, start=start, end=len(article), day=day)[0].code == "VENGOV"
    assert find_targets(article[start:], day=day) == ()  # no full name in view: the surname alone is nobody
    statement = "US Attorney General John Ashcroft said the Justice Department would appeal."
    ashcroft = describe_speaker("US Attorney General John Ashcroft", day=date(2002, 1, 15)).actor
    assert find_targets(statement, speaker=ashcroft, day=date(2002, 1, 15))[0].entry == "US ATTORNEY GENERAL"
    assert [t.entry for t in find_targets(statement, speaker=ashcroft, day=date(2002, 1, 15),
                                          speaker_text="US Attorney General John Ashcroft")] == ["JUSTICE DEPARTMENT"]


def test_reported_statements_get_their_speaker():
    article = "Talks stalled. Foreign Minister Annemie Neyts said Belgium would not sign. " \
              'According to the ministry, nothing changed. "We are ready," said Neyts.'
    start = article.index("Belgium")
    assert statement_speaker(article, start, start + 23)[0] == "Foreign Minister Annemie Neyts"
    start = article.index("nothing")
    assert statement_speaker(article, start, start + 15)[0] == "the ministry"
    start = article.index("We are")
    assert statement_speaker(article, start, start + 12)[0].endswith("Annemie Neyts")
    start = article.index("Talks")
    assert statement_speaker(article, start, start + 14)[0] is None
    article = "US Ambassador to the UN Nikki Haley, the most outspoken critic of the deal, said on Monday: it stays."
    start = article.index("it stays")
    assert statement_speaker(article, start, start + 8)[0] == "US Ambassador to the UN Nikki Haley"
    article = "Talks ended. Indeed, the officials of the government repeatedly said the strike was over."
    start = article.index("the strike")
    assert statement_speaker(article, start, start + 22)[0] == "the officials of the government"  # not "Indeed"
    article = "MKAPA SAYS PUNITIVE ACTION AGAINST ZIM PREMATURE\n\nTalks go on."
    assert statement_speaker(article, 11, 48)[0] == "MKAPA"  # a headline in capitals
    article = ("Some 50 Israeli army officers said they would not serve. They said the war was lost. "
               "The news from the cities said little. They said it was bad.")
    for statement, speaker in (("the war", "Some 50 Israeli army officers"), ("it was bad", None)):
        start = article.index(statement)
        assert statement_speaker(article, start, start + 10)[0] == speaker, statement
    article = ("The Russian Aerospace Agency told Interfax the launch was on time. It added that the crew was well. "
               "Juan Perez said the launch was late. It said the crew was ill.")
    for statement, speaker in (("the crew was well", "The Russian Aerospace Agency"), ("the crew was ill", None)):
        start = article.index(statement)
        assert statement_speaker(article, start, start + 10)[0] == speaker, statement  # "it": a body, no person
    article = "Iran rejected the offer. The talks will go on, it said."
    assert statement_speaker(article, 25, 45)[0] == "Iran"
    article = "It answered Trump, who has alternately threatened Iran and offered talks."
    assert statement_speaker(article, 0, 20)[0] is None  # "has alternately" is no subject
    article = "Iran rejected the offer. North Korea was right when it said the talks were over."
    start = article.index("the talks")
    assert statement_speaker(article, start, len(article))[0] == "North Korea"  # its own sentence's name
    assert not is_body("") and not is_body(" ") and is_body("Iran")


def test_sentence_bounds_are_those_of_every_sentence_the_span_touches():
    article = (Path(__file__).parent / "fixtures" / "seed_quotes.txt").read_text(encoding="utf-8")
    sentences = split_sentences(article)
    for start in range(0, len(article) + 1, 7):
        for end in (start, start + 1, start + 40, start + 300):
            touched = [(a, b) for a, b in sentences if a < max(end, start + 1) and start < b]
            expected = (min(touched[0][0], start), max(touched[-1][1], end)) if touched else (start, end)
            assert sentence_bounds(article, start, end) == expected, (start, end)


def test_a_long_run_of_he_said_sentences_resolves_to_the_first_speaker():
    # each "he" is the speaker of the sentence before: resolved in one pass, not one recursion per sentence
    article = "John Smith said the talks were over. " + "He said that the talks were over. " * 1500
    start = article.rindex("that the talks")
    assert statement_speaker(article, start, len(article) - 2) == ("John Smith", 0)
    article = "In Washington, officials said the deal stays."
    start = article.index("the deal")
    assert statement_speaker(article, start, start + 14)[0] == "officials"  # no name before an apposition


def _evaluate_actors():
    spec = importlib.util.spec_from_file_location("evaluate_actors", REPO_DIR / "training" / "evaluate_actors.py")
    evaluate_actors = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(evaluate_actors)
    return evaluate_actors


def test_the_evaluation_splits_the_rows_into_two_fixed_halves():
    evaluate_actors = _evaluate_actors()
    sample = [{"id": i} for i in ("c", "a", "d", "b", "e")]
    dev, heldout = (evaluate_actors.half_rows(sample, half) for half in ("dev", "heldout"))
    assert [r["id"] for r in dev] == ["c", "a", "e"] and [r["id"] for r in heldout] == ["d", "b"]
    assert evaluate_actors.half_rows(sample, "all") == sample


def test_reach_says_where_the_gold_target_is_first_named(monkeypatch):
    evaluate_actors = _evaluate_actors()
    article = ("Talks in Moscow ended on Monday. The French minister said sanctions would stay, "
               "as Germany asked. Officials met in Tokyo later.")
    monkeypatch.setattr(evaluate_actors, "article_text", lambda source, doc_id: article)
    start = article.index("sanctions")
    row = {"source": "seed", "doc_id": "a", "date": None, "start": start, "end": start + 24}
    where = {country: evaluate_actors.reach(row, country) for country in (None, "FRA", "DEU", "RUS", "JPN", "CHN")}
    assert where == {None: "null", "FRA": "sentence", "DEU": "sentence", "RUS": "sentence before",
                     "JPN": "article", "CHN": "nowhere"}
    row["start"] = article.index("The French")  # the statement names the speaker: the speaker's words count
    assert evaluate_actors.reach(row, "FRA") == "statement"
    table = evaluate_actors.reach_table(Counter({"null": 1, "statement": 1, "article": 2}))
    assert "| ceiling (null, statement or its sentence) | 2 | 0.500 |" in table


def test_mentioned_actors_keeps_the_places_the_targets_leave_out():
    text = "Talks in Moscow ended."
    assert [m.actor.country for m in mentioned_actors(text)] == ["RUS"]
    assert find_targets(text) == ()


def test_a_bare_role_of_a_state_is_the_home_countrys_target():
    article = ("LONDON, Jan 5 (AFP) -- The minister said the police had failed. Iranian officials denied it. "
               "The army of Iran moved. The government will act.")

    def targets(statement: str, speaker: Actor | None = None) -> list[str]:
        start = article.index(statement)
        return [t.code for t in find_targets(statement, speaker=speaker, article=article, start=start,
                                             end=start + len(statement))]

    minister = Actor("GBRGOV", "GBR", "GOV", "JACK STRAW")
    assert targets("the police had failed", minister) == ["GBRCOP"]  # London's dateline: the British police
    assert targets("Iranian officials denied it.") == ["IRN"]  # a party owns the role
    assert targets("The army of Iran moved.") == ["IRN"]
    assert targets("The government will act.", minister) == []  # the government on itself
    assert targets("The government will act.", Actor("GBRMIL", "GBR", "MIL")) == ["GBRGOV"]
    assert find_targets("The government will act.") == ()  # no article, no home country
    article = ("LONDON, Jan 5 (AFP) -- Police in Karachi arrested ten men. Iran's new government will act. "
               "Iraq's government and army denied it. Iran and its army denied it.")
    assert targets("Police in Karachi arrested ten men.") == []  # Karachi's police; nor is the dateline a target
    assert targets("arrested ten men.") == []  # the rest of the sentence: its dateline is no party either
    assert targets("Iran's new government will act.") == ["IRN"]
    assert targets("Iraq's government and army denied it.") == ["IRQ"]  # the army is Iraq's too
    assert targets("Iran and its army denied it.") == ["IRN"]
    peres = Actor("ISRGOV", "ISR", "GOV", "SHIMON PERES")
    assert find_targets("the Sharon government would not fall.", speaker=peres) == ()  # his own government


def test_he_or_she_is_the_speaker_of_a_sentence_before_else_the_last_person_named():
    article = '"Oil is cheap," said Hugo Chavez, standing next to Mohammad Khatami. He also called for cooperation.'
    start = article.index("He also")
    assert statement_speaker(article, start, len(article))[0] == "Hugo Chavez"  # not the last name: Khatami
    article = "Juan Perez spoke at the United Nations. He said talks had failed."
    start = article.index("talks")
    assert statement_speaker(article, start, start + 16)[0] == "Juan Perez"  # a body is no he
    article = "Juan Perez visited the White House. He said talks had failed."
    start = article.index("talks")
    assert statement_speaker(article, start, start + 16)[0] == "Juan Perez"


def _row(source: str | None, target: str | None, day: str | None, p_hostile: float, p_conciliatory: float):
    label = "hostile" if p_hostile > p_conciliatory else "conciliatory"
    return ResultRow("a", day, "x", "x", "s", 0, 1, label, p_hostile, p_conciliatory, 1 - p_hostile - p_conciliatory,
                     speaker_id="x", role=None, source_actor=source, target_actor=target)


ROWS = [
    _row("IRNGOV", "USA", "2018-08-13", 0.9, 0.05),
    _row("IRN", "USAGOV", "2018-08-20", 0.7, 0.1),
    _row("IRNGOV", "USA", "2018-09-02", 0.2, 0.6),
    _row("USAGOV", "IRN", None, 0.1, 0.8),
    _row("GOV", "USA", "2018-08-13", 0.9, 0.0),  # no country: no dyad
    _row(None, "USA", "2018-08-13", 0.9, 0.0),
]


def test_the_dyad_summary_equals_a_hand_computation():
    dyads = dyad_summary(ROWS)
    assert [(d.source, d.target, d.statements) for d in dyads] == [("IRN", "USA", 3), ("USA", "IRN", 1)]
    assert dyads[0].net_tone == pytest.approx((0.05 + 0.1 + 0.6) / 3 - (0.9 + 0.7 + 0.2) / 3)
    assert dyads[0].shares["hostile"] == pytest.approx(2 / 3)
    points = dyad_over_time(ROWS)
    assert [(p.source, p.target, p.date, p.statements) for p in points] == [
        ("IRN", "USA", date(2018, 8, 1), 2), ("IRN", "USA", date(2018, 9, 1), 1)]
    assert points[0].net_tone == pytest.approx((0.05 + 0.1) / 2 - (0.9 + 0.7) / 2)


def test_summary_by_dyad_prints_the_matrix_and_months(tmp_path, capsys):
    from stance.cli import main

    results = tmp_path / "results.jsonl"
    results.write_text("".join(json.dumps(r._asdict()) + "\n" for r in ROWS), encoding="utf-8")
    assert main(["summary", str(results), "--by", "dyad"]) == 0
    table = capsys.readouterr().out
    assert "IRN" in table and "-0.35 (3)" in table and "2018-08  -0.73  (2)" in table
    assert main(["summary", str(results), "--by", "dyad", "--format", "jsonl"]) == 0
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [(r["source"], r["target"], [m["statements"] for m in r["months"]]) for r in records] == [
        ("IRN", "USA", [2, 1]), ("USA", "IRN", [])]


def test_the_report_has_the_dyad_matrix_and_monthly_tone():
    pytest.importorskip("matplotlib")
    from stance.report import render_report

    page = render_report(ROWS)
    section = page[page.index("<h2>Who toward whom</h2>") : page.index("<h2>Top statements</h2>")]
    assert 'class="matrix"' in section and "-0.35 (3)" in section and "+0.70 (1)" in section
    assert "<td>IRN &rarr; USA</td><td>2018-08</td>" in section and "data:image/png;base64," in section
    old = [r._replace(source_actor=None, target_actor=None) for r in ROWS]
    assert "No statement has both a source and a target actor" in render_report(old)


SEED_QUOTES = Path(__file__).parent / "fixtures" / "seed_quotes.txt"
SEED = corpora_dir() / "seed" / "khamenei_no_negotiations.txt"


@requires_shipped_model
@pytest.mark.parametrize("article", [
    pytest.param(SEED_QUOTES, id="fixture"),
    pytest.param(SEED, id="shared", marks=pytest.mark.skipif(not SEED.is_file(), reason=f"no seed article at {SEED}")),
])
def test_the_seed_article_gives_a_hostile_iran_to_us_dyad(article):
    from stance.analysis import analyze

    rows = [r.to_row(date="2018-08-13") for r in analyze(article.read_text(encoding="utf-8"), date="2018-08-13")]
    refusal = next(r for r in rows if r.statement.startswith("In this regard, let me say"))
    assert (refusal.source_actor, refusal.target_actor) == ("IRNGOV", "USA")  # its label: the model card's probes
    assert {r.source_actor for r in rows if r.canonical_speaker == "Ayatollah Ali Khamenei"} == {"IRNGOV"}
    iran_us = next(d for d in dyad_summary(rows) if (d.source, d.target) == ("IRN", "USA"))
    assert iran_us.net_tone < 0 and iran_us.shares["hostile"] > 0.5
