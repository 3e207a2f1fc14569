"""The attribution tagger: a MiniLM token classifier with BIO tags over Source, Cue and Content.

    >>> tagger = Tagger.load()                      # models/attribution-minilm/ or $STANCE_ATTRIBUTION_MODEL
    >>> tagger.tag(article_text)                    # [TaggedSpan(role='Source', start=0, end=8), ...]

Long articles are read in overlapping windows of ``window`` tokens (``stride`` apart); each token takes its tag
from the window in which it lies furthest from an edge (``window_owners``), so every token sees at least
``(window - stride) / 2`` tokens of context on each side. ``decode_bio`` turns tags into character spans: a span
starts at a ``B-`` tag or at an ``I-`` tag of another role than the token before.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

from stance.labels import ATTRIBUTION_TAGS, ID2TAG, TAG2ID
from stance.extras import require
from stance.paths import attribution_model_dir

WINDOW = 256  # tokens per window, the special tokens included
STRIDE = 128  # tokens between window starts
BATCH_WINDOWS = 32  # windows per forward pass (bounds the memory of very long articles)


class TaggerNotFoundError(FileNotFoundError):
    """No trained attribution tagger where one was looked for."""


class TaggedSpan(NamedTuple):
    """A Source, Cue or Content span found by the tagger: ``text[start:end]``, with the tagger's confidence
    ``score`` in [0, 1] (mean probability of ``role`` over its tokens; 1.0 when not measured)."""

    role: str
    start: int
    end: int
    score: float = 1.0


def token_windows(n_tokens: int, *, size: int, stride: int) -> list[tuple[int, int]]:
    """Windows ``(start, end)`` of at most ``size`` tokens, ``stride`` apart, the last one ending at ``n_tokens``."""
    if size < 1 or not 0 < stride <= size:
        raise ValueError(f"need size >= 1 and 0 < stride <= size, got size={size}, stride={stride}")
    if n_tokens <= size:
        return [(0, n_tokens)]
    starts = list(range(0, n_tokens - size, stride)) + [n_tokens - size]
    return [(a, a + size) for a in starts]


def window_owners(n_tokens: int, windows: Sequence[tuple[int, int]]) -> list[int]:
    """For each token, the index of the window in which it lies furthest from an edge (earliest on ties).

    ``windows`` are ordered by start and by end (as ``token_windows`` gives them); the cost is linear in the tokens.
    """
    owners, first = [], 0
    for i in range(n_tokens):
        while windows[first][1] <= i:
            first += 1
        best, margin, w = first, -1, first
        while w < len(windows) and windows[w][0] <= i:
            a, b = windows[w]
            if min(i - a, b - 1 - i) > margin:
                best, margin = w, min(i - a, b - 1 - i)
            w += 1
        owners.append(best)
    return owners


def word_continuations(text: str, offsets: Sequence[tuple[int, int]]) -> list[bool]:
    """For each token, whether it continues the word of the token before: no space between them and a letter or
    digit on each side (``Gingr`` + ``ich``; not ``Trump`` + ``’s``)."""
    return [k > 0 and a == offsets[k - 1][1] and 0 < a < len(text) and text[a - 1].isalnum() and text[a].isalnum()
            for k, (a, _) in enumerate(offsets)]


def whole_words(tags: Sequence[str], continuations: Sequence[bool]) -> list[str]:
    """``tags`` with each token that continues a word tagged as the word's first token: ``I-`` of its role, or
    ``O``."""
    words: list[str] = []
    for tag, continues in zip(tags, continuations, strict=True):
        if continues and words:
            first = words[-1]
            tag = "O" if first == "O" else f"I-{first.partition('-')[2]}"
        words.append(tag)
    return words


def decode_bio(tags: Sequence[str], offsets: Sequence[tuple[int, int]],
               probs: Sequence[Sequence[float]] | None = None) -> list[TaggedSpan]:
    """Character spans from per-token BIO tags; ``offsets`` are the tokens' character spans. With ``probs``
    (per token, the probability of each tag of ``ATTRIBUTION_TAGS``) each span is scored by the mean over its
    tokens of ``P(B-role) + P(I-role)``; without, every score is 1.0."""
    if len(offsets) != len(tags) or (probs is not None and len(probs) != len(tags)):
        raise ValueError("tags, offsets and probs need one entry per token")
    runs: list[tuple[str, int, int]] = []  # (role, first token, end token)
    for k, tag in enumerate(tags):
        bio, _, role = tag.partition("-")
        if bio == "I" and runs and runs[-1][0] == role and runs[-1][2] == k:
            runs[-1] = (role, runs[-1][1], k + 1)
        elif bio in ("B", "I"):
            runs.append((role, k, k + 1))
    return [TaggedSpan(role, offsets[first][0], offsets[last - 1][1],
                       1.0 if probs is None else _role_probability(probs[first:last], role))
            for role, first, last in runs]


def _role_probability(probs: Sequence[Sequence[float]], role: str) -> float:
    """Mean over the tokens of ``P(B-role) + P(I-role)`` (at most 1.0, whatever the float rounding)."""
    b, i = TAG2ID[f"B-{role}"], TAG2ID[f"I-{role}"]
    return min(1.0, sum(p[b] + p[i] for p in probs) / len(probs))


class Tagger:
    """A loaded attribution tagger; ``tag(text)`` is thread-safe."""

    def __init__(self, model, tokenizer, device: str, *, window: int = WINDOW, stride: int = STRIDE) -> None:
        self.model, self.tokenizer, self.device = model, tokenizer, device
        self.window, self.stride = window, stride
        self._lock = threading.Lock()

    @classmethod
    def load(cls, path: str | Path | None = None, *, device: str = "auto") -> Tagger:
        """Load a tagger folder (Hugging Face format); default ``$STANCE_ATTRIBUTION_MODEL`` or the shipped one."""
        folder = Path(path) if path is not None else attribution_model_dir()
        if not (folder / "config.json").is_file():
            raise TaggerNotFoundError(
                f"no attribution tagger in {folder}: run `make train-attribution` (or set STANCE_ATTRIBUTION_MODEL "
                "to a tagger folder); kind='direct' (`stance analyze --kind direct`) needs no tagger"
            )
        require("torch", "reported speech (the attribution tagger; `stance analyze --kind direct` needs no torch)")
        import torch
        from transformers import AutoModelForTokenClassification, AutoTokenizer

        if device == "auto":
            device = "cuda" if torch.cuda.is_available() else "cpu"
        model = AutoModelForTokenClassification.from_pretrained(folder, dtype=torch.float32).to(device).eval()
        if tuple(model.config.id2label[i] for i in range(model.config.num_labels)) != ATTRIBUTION_TAGS:
            raise ValueError(f"{folder} is not an attribution tagger: its labels are {model.config.id2label}, "
                             f"expected {ATTRIBUTION_TAGS}")
        window = min(WINDOW, model.config.max_position_embeddings)
        return cls(model, AutoTokenizer.from_pretrained(folder), device, window=window,
                   stride=min(STRIDE, max(1, window // 2)))

    def tag(self, text: str) -> list[TaggedSpan]:
        """The Source, Cue and Content spans of ``text``, in text order."""
        import torch

        encoded = self.tokenizer(text, add_special_tokens=False, return_offsets_mapping=True, verbose=False)
        ids, offsets = encoded["input_ids"], encoded["offset_mapping"]
        if not ids:
            return []
        windows = token_windows(len(ids), size=self.window - 2, stride=self.stride)
        cls_id, sep_id, pad_id = self.tokenizer.cls_token_id, self.tokenizer.sep_token_id, self.tokenizer.pad_token_id
        width = max(b - a for a, b in windows) + 2
        rows = [[cls_id, *ids[a:b], sep_id] + [pad_id] * (width - 2 - (b - a)) for a, b in windows]
        mask = [[1] * (b - a + 2) + [0] * (width - 2 - (b - a)) for a, b in windows]
        batches = []
        with self._lock, torch.inference_mode():
            for i in range(0, len(rows), BATCH_WINDOWS):
                logits = self.model(input_ids=torch.tensor(rows[i:i + BATCH_WINDOWS], device=self.device),
                                    attention_mask=torch.tensor(mask[i:i + BATCH_WINDOWS], device=self.device)).logits
                batches.append(logits.float().softmax(-1).cpu())
        owners = window_owners(len(ids), windows)
        positions = [i - windows[w][0] + 1 for i, w in enumerate(owners)]
        probs = torch.cat(batches)[torch.tensor(owners), torch.tensor(positions)]  # (tokens, tags)
        tags = whole_words([ID2TAG[t] for t in probs.argmax(-1).tolist()], word_continuations(text, offsets))
        return decode_bio(tags, offsets, probs.tolist())
