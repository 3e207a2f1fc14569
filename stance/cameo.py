"""Reader for PETRARCH2's TABARI-format actor and agent dictionaries, and the compact file built from them.

The dictionaries (``../shared/corpora/cameo/actors/``, upstream ``openeventdata/petrarch2``, MIT licence) are
not in the repository. ``python -m stance.cameo`` (``make actors``) reads them and writes
``stance/resources/actors.json.gz``, which holds only what ``stance.actors`` needs: each entry's names and
dated codes, and each agent phrase's role code. The package ships that file, so analysis works without the
corpora. ``stance/resources/additions.actors.txt`` (the project's own, same format: office holders since
2014, when the dictionaries end) is compiled with them unless ``--no-additions``.

Format (one name a line, words joined by ``_``):

* ``NAME [CODE]`` or ``NAME`` followed by ``+SYNONYM`` lines and ``[CODE YYMMDD-YYMMDD]`` lines: the codes
  belong to the names before them. Dates are ``A-B``, ``>A`` (from A on) or ``<B`` (until B), each ``YYMMDD``
  or ``YYYYMMDD``. ``#`` starts a comment; ``[---]`` means no code.
* Agents: ``PHRASE {PLURAL ...} [~CODE]``; ``!MACRO! = A, B`` defines words a phrase may use as ``!MACRO!``.
"""

from __future__ import annotations

import argparse
import gzip
import itertools
import json
import re
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import NamedTuple

from stance.paths import ACTOR_ADDITIONS_FILE, ACTORS_FILE, cameo_actors_dir

ACTOR_FILES = ("Phoenix.Countries.actors.txt", "Phoenix.International.actors.txt", "Phoenix.MilNonState.actors.txt")
AGENTS_FILE = "Phoenix.agents.txt"
FORMAT_VERSION = 1

#: Names of the dictionaries left out: ordinary words that name one group only in translation (TANZIM's
#: ``ORGANIZATION`` made ``World Trade Organization`` an armed group).
NOT_NAMES = frozenset({"ORGANIZATION"})
_CODE_RE = re.compile(r"\[([^\]]*)\]")
_RANGE_RE = re.compile(
    r"^(?P<code>[A-Z0-9~]+)\s*(?:(?P<op>[<>])\s*(?P<one>\d+)|(?P<a>\d+)\s*-\s*(?P<b>\d+)|(?P<from>\d+))?$"
)


class Code(NamedTuple):
    """A CAMEO code (``IRNGOV``) and the days it holds, ``None`` for an open end."""

    code: str
    start: date | None = None
    end: date | None = None

    def holds_on(self, day: date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


class Entry(NamedTuple):
    """One dictionary entry: its names (the first is the entry's own, the rest synonyms) and its codes."""

    names: tuple[str, ...]
    codes: tuple[Code, ...]


def normalise_phrase(raw: str) -> str:
    """``HOJATOLISLAM_SAYYED_ALI_KHAMENEI_`` -> ``HOJATOLISLAM SAYYED ALI KHAMENEI``; ``U.S.`` -> ``US``."""
    words = re.split(r"[_\s]+", raw.upper())
    return " ".join(w for w in (word.replace(".", "") for word in words) if w)


def parse_day(digits: str) -> date:
    """``YYMMDD`` (years 30-99 are 19xx) or ``YYYYMMDD``; a zero month or day is read as 1, a day past the
    month's end as its last day. ``ValueError`` for other lengths."""
    if len(digits) == 6:
        year = int(digits[:2])
        year += 1900 if year >= 30 else 2000
        month, day = int(digits[2:4]), int(digits[4:6])
    elif len(digits) == 8:
        year, month, day = int(digits[:4]), int(digits[4:6]), int(digits[6:8])
    else:
        raise ValueError(f"date {digits!r} is neither YYMMDD nor YYYYMMDD")
    month = min(max(month, 1), 12)
    for last in (31, 30, 29, 28):
        try:
            return date(year, month, min(max(day, 1), last))
        except ValueError:
            continue
    raise ValueError(f"date {digits!r} is not a day")


def parse_code(field: str) -> Code | None:
    """``IRNGOV 811013-890803`` -> ``Code``; ``None`` for ``---``, a malformed code or an unreadable date."""
    match = _RANGE_RE.match(field.strip())
    if match is None or not re.search(r"[A-Z]{3}", match["code"]):
        return None
    try:
        if match["op"] == ">":
            return Code(match["code"], parse_day(match["one"]), None)
        if match["op"] == "<":
            return Code(match["code"], None, parse_day(match["one"]))
        if match["a"]:
            return Code(match["code"], parse_day(match["a"]), parse_day(match["b"]))
        if match["from"]:
            return Code(match["code"], parse_day(match["from"]), None)
    except ValueError:
        return None
    return Code(match["code"])


def parse_actors(lines: Iterable[str]) -> Iterator[Entry]:
    """The entries of an ``.actors.txt`` file; names with no code before the next entry's name share its codes."""
    names: list[str] = []
    codes: list[Code] = []
    for raw in lines:
        line = raw.split("#", 1)[0].rstrip()
        if not line.strip():
            continue
        fields = _CODE_RE.findall(line)
        name = _CODE_RE.sub(" ", line).strip()
        if name and not name.startswith("+") and codes:  # a new entry: the previous one is complete
            yield Entry(tuple(names), tuple(codes))
            names, codes = [], []
        phrase = normalise_phrase(name.lstrip("+"))
        if phrase and phrase not in names:
            names.append(phrase)
        codes += [code for code in map(parse_code, fields) if code is not None]
    if names and codes:
        yield Entry(tuple(names), tuple(codes))


def parse_agents(lines: Iterable[str]) -> Iterator[tuple[str, str]]:
    """``(phrase, code)`` for each agent phrase and its plural forms (``MINISTRY`` -> ``~GOV``), macros expanded."""
    macros: dict[str, list[str]] = {}
    for raw in lines:
        line = raw.split("#", 1)[0].strip()
        macro = re.fullmatch(r"(![A-Z]+!)\s*=\s*(.+)", line)
        if macro:
            macros[macro[1]] = [word.strip() for word in macro[2].split(",") if word.strip()]
            continue
        fields = _CODE_RE.findall(line)
        if not fields:
            continue
        code = fields[0].strip()
        head = _CODE_RE.sub(" ", line)
        plurals = re.findall(r"\{([^}]*)\}", head)
        phrase = re.sub(r"\{[^}]*\}", " ", head).strip()
        for form in [phrase, *(p for group in plurals for p in re.split(r"[,\s]+", group) if p)]:
            for expanded in _expand(form, macros):
                normalised = normalise_phrase(expanded)
                if normalised:
                    yield normalised, code


def _expand(phrase: str, macros: dict[str, list[str]]) -> list[str]:
    parts = re.split(r"(![A-Z]+!)", phrase)
    choices = [macros.get(part, [part]) if part.startswith("!") else [part] for part in parts]
    return ["".join(combination) for combination in itertools.product(*choices)]


def _day(value: date | None) -> str | None:
    return value.isoformat() if value else None


def compile_dictionaries(folder: Path, additions: Path | None = ACTOR_ADDITIONS_FILE) -> dict:
    """The content of ``actors.json.gz`` from the dictionaries in ``folder`` and the project's ``additions``."""
    actors = []
    for path in [*(folder / name for name in ACTOR_FILES), *([additions] if additions else [])]:
        with path.open(encoding="utf-8", errors="replace") as file:
            for entry in parse_actors(file):
                names = [name for name in entry.names if name not in NOT_NAMES]
                if names:
                    actors.append([names, [[c.code, _day(c.start), _day(c.end)] for c in entry.codes]])
    with (folder / AGENTS_FILE).open(encoding="utf-8", errors="replace") as file:
        agents = dict(parse_agents(file))
    return {
        "format": FORMAT_VERSION,
        "source": "PETRARCH2 actor and agent dictionaries (openeventdata/petrarch2 676801c), MIT licence, "
        "Copyright (c) 2014 Open Event Data Alliance",
        "files": [*ACTOR_FILES, AGENTS_FILE, *([additions.name] if additions else [])],
        "actors": actors,
        "agents": sorted(agents.items()),
    }


def write_compiled(data: dict, path: Path = ACTORS_FILE) -> Path:
    """Write ``data`` as gzipped JSON, byte-identical for the same input (no timestamp in the header)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    with path.open("wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, filename="") as file:
        file.write(payload)
    return path


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Compile the PETRARCH2 dictionaries into actors.json.gz.")
    parser.add_argument("--dictionaries", type=Path, default=None, help="folder of the .txt dictionaries")
    parser.add_argument("--output", type=Path, default=ACTORS_FILE)
    parser.add_argument("--no-additions", action="store_true", help=f"leave out {ACTOR_ADDITIONS_FILE.name}")
    args = parser.parse_args(argv)
    folder = args.dictionaries or cameo_actors_dir()
    if not (folder / AGENTS_FILE).is_file():
        raise SystemExit(f"{folder}: no {AGENTS_FILE}; point --dictionaries or STANCE_CORPORA at the corpora")
    data = compile_dictionaries(folder, None if args.no_additions else ACTOR_ADDITIONS_FILE)
    path = write_compiled(data, args.output)
    names = sum(len(names) for names, _ in data["actors"])
    print(f"{path}: {len(data['actors'])} entries, {names} names, {len(data['agents'])} agent phrases")


if __name__ == "__main__":
    main()
