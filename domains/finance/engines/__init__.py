"""Pure engines for the emotional risk profile (numpy only, no Django)."""

FORMULA_VERSION = "erp-1.0"
ENGINE_VERSION = "finance-risk/1.0"
