import numpy as np
import pytest

from innovation.engines.novelty import prior_art
from innovation.engines.text_index import TextIndex, shared_terms


def test_identical_text_is_duplicate(corpus):
    doc = corpus.docs[42]
    q = corpus.index.query([doc.text])
    out = prior_art(corpus, [doc.text], q)[0]
    assert out["novelty"] <= 0.01
    assert out["duplicate"]
    assert out["matches"][0]["ref"] == doc.ref


def test_disjoint_vocabulary_is_novel_and_finite(corpus):
    text = "zyxqua vorpline glimmerstad frobnicated quuxwidget"
    q = corpus.index.query([text])
    out = prior_art(corpus, [text], q)[0]
    assert out["novelty"] >= 0.9
    assert np.isfinite(out["novelty"])
    assert not out["duplicate"]


def _vector(index: TextIndex, row: int) -> dict[int, float]:
    vec = index.bidf_rows(np.array([row]))
    return dict(zip(vec.indices.tolist(), vec.data.tolist(), strict=True))


def test_backward_idf_has_no_look_ahead():
    past = ["solar panel on a roof", "battery for a solar roof", "wind turbine blade"]
    focal = "solar battery storage for homes"
    base = TextIndex.build(past + [focal], [2000, 2001, 2002, 2005])
    later = TextIndex.build(
        past + [focal, "solar battery storage", "home battery solar storage"],
        [2000, 2001, 2002, 2005, 2006, 2010],
    )
    assert _vector(base, 3) == pytest.approx(_vector(later, 3))
    # a document from the past does change it
    earlier = TextIndex.build(past + [focal, "battery storage"], [2000, 2001, 2002, 2005, 1999])
    assert _vector(earlier, 3) != pytest.approx(_vector(base, 3))


def test_same_year_documents_do_not_count_as_past():
    idx = TextIndex.build(["alpha beta", "alpha gamma"], [2000, 2000])
    assert idx.ref_bs.tolist() == [0.0, 0.0]


def test_shared_terms():
    assert shared_terms("Solar battery storage", "home battery and solar cells") == [
        "solar",
        "battery",
    ]


def test_build_rejects_mismatched_input():
    with pytest.raises(ValueError):
        TextIndex.build(["a text"], [2000, 2001])
