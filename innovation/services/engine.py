"""Build (and cache per process) the engines' inputs from the database."""

from __future__ import annotations

import threading
from dataclasses import dataclass

from django.db.models import Count, Max

from common.exceptions import ApplicationError
from innovation.data import (
    load_instantiations,
    load_matrix_text,
    load_morphology,
    load_thesaurus,
    load_triz,
)
from innovation.engines.corpus import Corpus, Doc, corpus_build
from innovation.engines.knowledge import KnowledgeBase, knowledge_from_dicts
from innovation.engines.morphology import Writing, writing_from_dicts
from innovation.engines.triz import ParameterSearch, TrizData, triz_from_dicts
from innovation.models import Domain, PriorArt

CORPUS_SEED = 0


@dataclass
class EngineContext:
    """Knowledge base, TRIZ data, parameter search and corpus model for one data state."""

    kb: KnowledgeBase
    triz: TrizData
    search: ParameterSearch
    corpus: Corpus
    state: tuple
    writing: Writing


_lock = threading.Lock()
_cache: dict[str, EngineContext] = {}
_triz: dict[str, tuple[TrizData, ParameterSearch]] = {}


def data_state() -> tuple:
    """Cheap fingerprint of the DB reference data (changes when rows are added or edited)."""
    d = Domain.objects.aggregate(n=Count("id"), t=Max("updated_at"))
    p = PriorArt.objects.aggregate(n=Count("id"), t=Max("updated_at"), m=Max("id"))
    return (d["n"], str(d["t"]), p["n"], str(p["t"]), p["m"])


def triz_get() -> tuple[TrizData, ParameterSearch]:
    if "t" not in _triz:
        data = triz_from_dicts(load_triz(), load_matrix_text())
        _triz["t"] = (data, ParameterSearch(data))
    return _triz["t"]


def knowledge_get() -> KnowledgeBase:
    domains = [d.as_engine_dict() for d in Domain.objects.all()]
    if not domains:
        raise ApplicationError(
            "The innovation knowledge base is empty; run `manage.py innovation_load`.",
            code="not_loaded",
        )
    try:
        return knowledge_from_dicts(domains)
    except ValueError as exc:
        raise ApplicationError(f"Knowledge base is invalid: {exc}", code="bad_data") from exc


def engine_context() -> EngineContext:
    """The engines' inputs for the current data, rebuilt only when the data changed."""
    state = data_state()
    with _lock:
        ctx = _cache.get("ctx")
        if ctx is not None and ctx.state == state:
            return ctx
        kb = knowledge_get()
        rows = PriorArt.objects.order_by("id").values_list(
            "ref", "title", "summary", "year", "domain", "tags"
        )
        docs = [Doc(r, t, s, y, d, tuple(tags)) for r, t, s, y, d, tags in rows]
        if not docs:
            raise ApplicationError("The prior-art corpus is empty.", code="not_loaded")
        triz, search = triz_get()
        try:
            writing = writing_from_dicts(
                kb, load_morphology(), load_instantiations(), load_thesaurus()
            )
        except ValueError as exc:
            raise ApplicationError(f"Writing data is invalid: {exc}", code="bad_data") from exc
        corpus = corpus_build(docs, kb, seed=CORPUS_SEED)
        ctx = EngineContext(kb, triz, search, corpus, state, writing)
        _cache["ctx"] = ctx
        return ctx
