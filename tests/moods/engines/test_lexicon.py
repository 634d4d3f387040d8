"""Known answers of the emotion lexicon (pure, no database)."""

import pytest

from domains.moods.engines.lexicon import Emotion, Lexicon, UnknownEmotion, lexicon_load
from domains.moods.selectors import LEXICON_PATH


@pytest.fixture(scope="module")
def lexicon():
    return lexicon_load(LEXICON_PATH)


def test_has_at_least_thirty_emotions_in_range(lexicon):
    assert len(lexicon) >= 30
    for e in lexicon:
        assert all(-1.0 <= x <= 1.0 for x in e.vad), e.name


@pytest.mark.parametrize(
    "word,expected",
    [
        ("joy", "joy"),
        ("Happy", "joy"),
        ("grief", "sadness"),
        ("  SAD ", "sadness"),
        ("stresed", "stressed"),
        ("anxius", "anxious"),
        ("tenderness", "tender"),
        ("anger", "angry"),
        ("fear", "fearful"),
        ("nostalgia", "nostalgic"),
    ],
)
def test_lookup_resolves_names_synonyms_and_typos(lexicon, word, expected):
    assert lexicon.lookup(word).name == expected


def test_required_emotions_present(lexicon):
    required = {
        "joy",
        "sadness",
        "calm",
        "stressed",
        "anxious",
        "angry",
        "fearful",
        "tender",
        "nostalgic",
        "excited",
        "grateful",
        "lonely",
        "bored",
    }
    assert required <= set(lexicon.names())


def test_unknown_word_lists_close_matches(lexicon):
    with pytest.raises(UnknownEmotion) as info:
        lexicon.lookup("lonly-ish")
    assert "lonely" in info.value.suggestions
    assert "Did you mean" in str(info.value)
    with pytest.raises(UnknownEmotion) as info:
        lexicon.lookup("xyzzy")
    assert info.value.suggestions == []


def test_empty_and_huge_words_are_unknown(lexicon):
    for word in ("", "   ", "a" * 10_000):
        with pytest.raises(UnknownEmotion):
            lexicon.lookup(word)


def test_valence_and_arousal_ordering_is_sensible(lexicon):
    assert lexicon.get("joy").valence > 0 > lexicon.get("sadness").valence
    assert lexicon.get("excited").arousal > lexicon.get("calm").arousal
    # anger and fear share a corner of the valence/arousal plane; dominance tells them apart
    assert lexicon.get("angry").dominance > 0 > lexicon.get("fearful").dominance


def test_nearest_finds_the_emotion_at_its_own_point(lexicon):
    for e in lexicon:
        assert lexicon.nearest(*e.vad).name == e.name


def test_invalid_lexicons_are_refused():
    with pytest.raises(ValueError):
        Lexicon([Emotion("a", "x", 2.0, 0, 0)])
    with pytest.raises(ValueError):
        Lexicon([Emotion("a", "x", 0, 0, 0, ("b",)), Emotion("c", "x", 0, 0, 0, ("b",))])
