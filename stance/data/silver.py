"""A rule labeller from the CAMEO verb dictionary and the Goldstein scale: a silver source and a baseline.

Each verb form of PETRARCH2's CAMEO dictionary (with its listed inflections and regular ones) maps to the CAMEO
codes of its patterns; a pattern matches when its literal words follow the verb, in order, within
``WINDOW`` tokens. A statement scores the mean Goldstein weight (−10 … +10) of the codes it matches: at most
``-THRESHOLD`` is hostile, at least ``+THRESHOLD`` conciliatory, anything else (or no match) neutral.

Its output is *silver*: written to ``data/silver/`` with ``annotator = "rule:cameo-goldstein"`` and never used as
test data.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cached_property
from pathlib import Path

from stance.data.corpora import corpus_path

VERBDICT_FILE = "cameo/CAMEO.2.0.verbdict.txt"
GOLDSTEIN_FILE = "cameo/CAMEO.goldsteinscale.txt"
ANNOTATOR = "rule:cameo-goldstein"
WINDOW = 6
THRESHOLD = 1.0

_TOKEN = re.compile(r"[A-Za-z][A-Za-z'-]*")
_CODE = re.compile(r"\[:?(\d+)")
_INFLECTIONS = re.compile(r"\{([^}]*)\}")


def _regular_forms(verb: str) -> set[str]:
    stem = verb[:-1] if verb.endswith("E") else verb
    return {verb, verb + "S", verb + "ES", verb + "D", verb + "ED", stem + "ING", stem + "ED"}


class CameoLabeller:
    """Label statements by the Goldstein weight of the CAMEO verb patterns they contain."""

    def __init__(self, root: Path | None = None) -> None:
        self._verbdict = corpus_path(VERBDICT_FILE, root)
        self._goldstein = corpus_path(GOLDSTEIN_FILE, root)

    @cached_property
    def weights(self) -> dict[str, float]:
        lines = self._goldstein.read_text(encoding="utf-8").splitlines()[1:]
        return {code: float(weight) for code, weight in (line.split() for line in lines if line.strip())}

    @cached_property
    def _word_classes(self) -> dict[str, frozenset[str]]:
        """``&CLASS`` -> the first words of its members, from the dictionary's class section."""
        classes: dict[str, set[str]] = {}
        name = None
        for raw in self._verbdict.read_text(encoding="utf-8", errors="replace").splitlines():
            line = raw.split("#", 1)[0].strip()
            if "VERB PATTERNS" in raw:
                break
            if line.startswith("&"):
                name = line.split()[0]
                classes[name] = set()
            elif line.startswith("+") and name:
                classes[name].add(line[1:].replace("_", " ").split()[0] if line[1:].strip("_ ") else "")
        return {k: frozenset(v - {""}) for k, v in classes.items()}

    @cached_property
    def patterns(self) -> dict[str, list[tuple[tuple[frozenset[str], ...], bool, str]]]:
        """Verb form -> [(literal words after the verb, is the verb's own code, CAMEO code)]."""
        table: dict[str, list[tuple[tuple[frozenset[str], ...], bool, str]]] = {}
        block_forms: list[str] = []
        in_verbs = False
        for raw in self._verbdict.read_text(encoding="utf-8", errors="replace").splitlines():
            line = raw.split("#", 1)[0].strip()
            if "VERB PATTERNS" in raw:
                in_verbs = True
            if not in_verbs or not line:
                continue
            if line.startswith("---"):
                block_forms = []
            elif line.startswith("- "):
                code = _CODE.search(line)
                if code and "*" in line:
                    after = line.split("*", 1)[1].split("[", 1)[0]
                    words = tuple(
                        self._word_classes.get(w.rstrip("_"), frozenset()) if w.startswith("&") else frozenset({w})
                        for w in re.sub(r"[(){}$+]", " ", after).split() if w.startswith("&") or w.isalpha()
                    )
                    for form in block_forms:
                        table.setdefault(form, []).append((words, False, code.group(1)))
            elif line[0].isalpha():
                verb = line.split()[0].replace("_", " ").split()[0]
                forms = _regular_forms(verb)
                listed = _INFLECTIONS.search(line)
                if listed:
                    forms |= set(listed.group(1).split())
                block_forms.extend(forms)
                code = _CODE.search(line)
                if code:
                    for form in forms:
                        table.setdefault(form, []).append(((), True, code.group(1)))
        return table

    def score(self, text: str) -> float | None:
        """Mean Goldstein weight of the CAMEO codes matched in ``text``; None when nothing matches."""
        tokens = [t.upper() for t in _TOKEN.findall(text)]
        matched = []
        for i, token in enumerate(tokens):
            candidates = [
                (len(words), own, code) for words, own, code in self.patterns.get(token, ())
                if code in self.weights and _follows(words, tokens[i + 1:i + 1 + WINDOW])
            ]
            if candidates:  # the most specific pattern, the verb's own code first, then the commonest code
                top = max(c[:2] for c in candidates)
                code = Counter(c[2] for c in candidates if c[:2] == top).most_common(1)[0][0]
                matched.append(self.weights[code])
        return sum(matched) / len(matched) if matched else None

    def label(self, text: str) -> str:
        score = self.score(text)
        if score is not None and score <= -THRESHOLD:
            return "hostile"
        if score is not None and score >= THRESHOLD:
            return "conciliatory"
        return "neutral"


def _follows(words: tuple[frozenset[str], ...], window: list[str]) -> bool:
    """True if a word of each set in ``words`` appears in ``window``, in order (not necessarily adjacent)."""
    position = 0
    for alternatives in words:
        position = next((j + 1 for j in range(position, len(window)) if window[j] in alternatives), -1)
        if position < 0:
            return False
    return True
