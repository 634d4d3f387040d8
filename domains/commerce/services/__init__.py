"""Commerce services: every write and orchestration of the shop goes through these functions."""

from domains.commerce.services.catalogue import (
    CatalogueImportReport,
    catalogue_import_csv,
    catalogue_load_default,
    product_create,
    product_update,
)
from domains.commerce.services.feedback import interaction_create
from domains.commerce.services.recommend import (
    mood_based_shopping,
    recommendation_create,
    recommendation_repeat,
)

__all__ = [
    "CatalogueImportReport",
    "catalogue_import_csv",
    "catalogue_load_default",
    "interaction_create",
    "mood_based_shopping",
    "product_create",
    "product_update",
    "recommendation_create",
    "recommendation_repeat",
]
