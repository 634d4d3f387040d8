"""The emotion lexicon: names, synonyms and valence/arousal/dominance coordinates.

Conventions: valence, arousal and dominance are each in [-1, 1] (negative = unpleasant / calm /
submissive, positive = pleasant / aroused / in control). Lookup is case- and space-insensitive,
resolves synonyms exactly, then tolerates typos by Damerau-free Levenshtein similarity
(rapidfuzz's `fuzz.ratio`, 0-100) above `TYPO_CUTOFF`; anything else is `UnknownEmotion`, which
lists the closest known words.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path

from rapidfuzz import fuzz, process

ENGINE_VERSION = "lexicon-1.0.0"
TYPO_CUTOFF = 80.0
SUGGESTION_CUTOFF = 55.0
MAX_WORD_LENGTH = 64


@dataclass(frozen=True)
class Emotion:
    """One emotion with its coordinates in valence/arousal/dominance space."""

    name: str
    family: str
    valence: float
    arousal: float
    dominance: float
    synonyms: tuple[str, ...] = ()

    @property
    def vad(self) -> tuple[float, float, float]:
        return (self.valence, self.arousal, self.dominance)


class UnknownEmotion(ValueError):
    """A word that is neither an emotion, a synonym nor a near miss of one."""

    def __init__(self, word: str, suggestions: list[str]):
        self.word = word
        self.suggestions = suggestions
        hint = f" Did you mean: {', '.join(suggestions)}?" if suggestions else ""
        super().__init__(f"Unknown emotion '{word}'.{hint}")


def _normalise(word: str) -> str:
    return " ".join(str(word).strip().lower().replace("_", " ").split())


class Lexicon:
    """An immutable set of emotions with synonym and typo-tolerant lookup."""

    def __init__(self, emotions: list[Emotion], version: str = ""):
        if len({e.name for e in emotions}) != len(emotions):
            raise ValueError("duplicate emotion names in lexicon")
        self.version = version
        self._by_name = {e.name: e for e in emotions}
        self._index: dict[str, str] = {}
        for emotion in emotions:
            for coordinate in emotion.vad:
                if not (-1.0 <= coordinate <= 1.0) or math.isnan(coordinate):
                    raise ValueError(f"{emotion.name}: coordinates must lie in [-1, 1]")
            for word in (emotion.name, *emotion.synonyms):
                key = _normalise(word)
                owner = self._index.setdefault(key, emotion.name)
                if owner != emotion.name:
                    raise ValueError(f"'{word}' names both {owner} and {emotion.name}")
        self._words = list(self._index)

    def __len__(self) -> int:
        return len(self._by_name)

    def __iter__(self):
        return iter(self._by_name.values())

    def names(self) -> list[str]:
        return sorted(self._by_name)

    def get(self, name: str) -> Emotion:
        """The emotion with exactly this canonical name (KeyError otherwise)."""
        return self._by_name[name]

    def lookup(self, word: str) -> Emotion:
        """Resolve a name, synonym or near-miss typo to its emotion."""
        key = _normalise(word)
        if not key or len(key) > MAX_WORD_LENGTH:
            raise UnknownEmotion(str(word)[:MAX_WORD_LENGTH], [])
        if key in self._index:
            return self._by_name[self._index[key]]
        best = process.extractOne(key, self._words, scorer=fuzz.ratio, score_cutoff=TYPO_CUTOFF)
        if best is not None:
            candidates = [
                w
                for w, score, _ in process.extract(key, self._words, scorer=fuzz.ratio, limit=5)
                if score == best[1]
            ]
            owners = {self._index[w] for w in candidates}
            if len(owners) == 1:
                return self._by_name[owners.pop()]
        raise UnknownEmotion(str(word), self.suggest(key))

    def suggest(self, word: str, limit: int = 3) -> list[str]:
        """Canonical names closest to `word`, best first."""
        matches = process.extract(
            _normalise(word),
            self._words,
            scorer=fuzz.ratio,
            limit=limit * 4,
            score_cutoff=SUGGESTION_CUTOFF,
        )
        out: list[str] = []
        for word_match, _score, _ in matches:
            name = self._index[word_match]
            if name not in out:
                out.append(name)
        return out[:limit]

    def nearest(self, valence: float, arousal: float, dominance: float | None = None) -> Emotion:
        """The emotion closest (Euclidean) to a point in VA or VAD space."""

        def distance(e: Emotion) -> float:
            d = (e.valence - valence) ** 2 + (e.arousal - arousal) ** 2
            if dominance is not None:
                d += (e.dominance - dominance) ** 2
            return d

        return min(self._by_name.values(), key=lambda e: (distance(e), e.name))


def lexicon_from_dict(data: dict) -> Lexicon:
    """Build a lexicon from the JSON structure of data/emotions.json."""
    emotions = [
        Emotion(
            name=_normalise(item["name"]),
            family=item["family"],
            valence=float(item["valence"]),
            arousal=float(item["arousal"]),
            dominance=float(item["dominance"]),
            synonyms=tuple(item.get("synonyms", ())),
        )
        for item in data["emotions"]
    ]
    return Lexicon(emotions, version=str(data.get("version", "")))


def lexicon_load(path: Path) -> Lexicon:
    """Load a lexicon file (UTF-8 JSON)."""
    return lexicon_from_dict(json.loads(Path(path).read_text(encoding="utf-8")))
