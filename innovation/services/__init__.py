"""Innovation services (writes and orchestration), split by concern and re-exported here."""

from innovation.services.engine import engine_context
from innovation.services.inventions import (
    invention_gate,
    invention_link,
    invention_merge,
    invention_promote,
    invention_save,
    near_duplicates,
)
from innovation.services.metrics import metrics_snapshot_store
from innovation.services.plans import plan_update
from innovation.services.reference import prior_art_import, reference_load
from innovation.services.runs import (
    challenge_create,
    engine_preview,
    generation_run_create,
    generation_run_execute,
    novelty_evaluate,
)

__all__ = [
    "challenge_create",
    "engine_context",
    "engine_preview",
    "generation_run_create",
    "generation_run_execute",
    "invention_gate",
    "invention_link",
    "invention_merge",
    "invention_promote",
    "invention_save",
    "metrics_snapshot_store",
    "near_duplicates",
    "novelty_evaluate",
    "plan_update",
    "prior_art_import",
    "reference_load",
]
