"""The three stance labels, defined once for the whole project."""

LABELS: tuple[str, str, str] = ("hostile", "conciliatory", "neutral")
LABEL2ID: dict[str, int] = {label: i for i, label in enumerate(LABELS)}
ID2LABEL: dict[int, str] = dict(enumerate(LABELS))
