"""The three stance labels, the kinds of statement and the attribution tagger's BIO tags, defined once."""

LABELS: tuple[str, str, str] = ("hostile", "conciliatory", "neutral")
LABEL2ID: dict[str, int] = {label: i for i, label in enumerate(LABELS)}
ID2LABEL: dict[int, str] = dict(enumerate(LABELS))

# A statement is a direct quote (quoted words) or indirect (reported speech), see stance.attribution.
KINDS: tuple[str, str] = ("direct", "indirect")

# BIO tags of the attribution tagger (stance.attribution): PolNeAR's Source, Cue and Content spans.
ATTRIBUTION_ROLES: tuple[str, str, str] = ("Source", "Cue", "Content")
ATTRIBUTION_TAGS: tuple[str, ...] = ("O", *(f"{bio}-{role}" for role in ATTRIBUTION_ROLES for bio in "BI"))
TAG2ID: dict[str, int] = {tag: i for i, tag in enumerate(ATTRIBUTION_TAGS)}
ID2TAG: dict[int, str] = dict(enumerate(ATTRIBUTION_TAGS))
