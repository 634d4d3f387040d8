"""Engine fixtures built from the shipped reference data (no database)."""

import pytest

from innovation.data import load_domains, load_matrix_text, load_prior_art, load_triz
from innovation.engines.corpus import Doc, corpus_build
from innovation.engines.knowledge import knowledge_from_dicts
from innovation.engines.triz import ParameterSearch, triz_from_dicts


@pytest.fixture(scope="session")
def kb():
    return knowledge_from_dicts(load_domains()["domains"])


@pytest.fixture(scope="session")
def triz_data():
    return triz_from_dicts(load_triz(), load_matrix_text())


@pytest.fixture(scope="session")
def search(triz_data):
    return ParameterSearch(triz_data)


@pytest.fixture(scope="session")
def docs():
    _, rows = load_prior_art()
    return [
        Doc(r["ref"], r["title"], r["summary"], r["year"], r["domain"], tuple(r["tags"]))
        for r in rows
    ]


@pytest.fixture(scope="session")
def corpus(docs, kb):
    return corpus_build(docs, kb, seed=0)
