"""The label table: every internal key that reaches a page is shown through here.

Keys are the snake_case names used in engines, models and JSON (score names, KPI keys, event
names, severities). A key missing from the table still reads as words ("active_customers" →
"Active customers"), so nothing raw reaches the screen, but a proper label belongs here.
"""

LABELS: dict[str, str] = {
    # SaaS KPIs and valuation methods
    "mrr": "MRR",
    "arr": "ARR",
    "nrr": "Net revenue retention",
    "grr": "Gross revenue retention",
    "arpa": "ARPA",
    "ltv": "LTV",
    "cac": "CAC",
    "ltv_cac": "LTV:CAC",
    "ltv_margin_adjusted": "LTV (margin-adjusted)",
    "cac_payback_months": "CAC payback (months)",
    "mrr_growth": "MRR growth (month on month)",
    "quick_ratio": "Quick ratio",
    "quick_ratio_with_reactivation": "Quick ratio (with reactivation)",
    "customer_churn_rate": "Customer churn rate",
    "customer_churn_rate_stripe": "Customer churn rate (Stripe method)",
    "gross_mrr_churn": "Gross MRR churn",
    "net_mrr_churn": "Net MRR churn",
    "active_customers": "Active customers",
    "dcf_gordon": "DCF (Gordon growth)",
    "dcf_exit_multiple": "DCF (exit multiple)",
    "vc_method": "VC method",
    "pwerm": "PWERM",
    "revenue_multiple": "Revenue multiple",
    "discount_rate": "Discount rate",
    "terminal_growth": "Terminal growth",
    "exit_multiple": "Exit multiple",
    "growth_rate": "Growth rate",
    "churn_rate": "Churn rate",
    # Innovation scores
    "breakthrough_potential": "Breakthrough potential",
    "novelty": "Novelty",
    "importance": "Importance",
    "atypicality": "Atypicality",
    "convergence": "Convergence",
    "market": "Market potential",
    "feasibility": "Feasibility",
    "disruption": "Disruption",
    # Music messages and moods
    "thank_you": "Thank you",
    "get_well": "Get well",
    "love": "Love",
    "celebration": "Celebration",
    "apology": "Apology",
    "encouragement": "Encouragement",
    "condolence": "Condolence",
    "birthday": "Birthday",
    # Finance questionnaire
    "horizon_years": "investment horizon",
    "emergency_fund_months": "emergency fund",
    "debt_to_income": "debt to income",
    "financial_anxiety_level": "financial anxiety",
    # Valuation alert rules
    "value_move": "Value move",
    "p10_floor": "P10 floor",
    "customer_churn": "Customer churn",
    "var": "Value at risk",
    "runway": "Runway",
    "mrr_drop_mom": "MRR drop (month on month)",
    "data_quality": "Data quality",
    # Ledger
    "one_off": "One-off",
    "transaction_fee": "Transaction fee",
    "api_licensing": "API licensing",
    "developer_tools": "Developer tools",
    # Operations
    "crit": "Critical",
    "warn": "Warning",
    "ok": "OK",
    "info": "Info",
    "firing": "Firing",
    "resolved": "Resolved",
    "acknowledged": "Acknowledged",
    "dau": "Daily active users",
    "wau": "Weekly active users",
    "mau": "Monthly active users",
    "nps": "NPS",
    "csat": "CSAT",
}

# Words that keep their capitals when a key is turned into words.
ACRONYMS = {
    "p10", "p50", "p90", "hhi", "mrr", "arr", "nrr", "grr", "ltv", "cac", "nps", "csat", "dcf",
    "vc", "api", "csv",
}  # fmt: skip


def label_for(key: object) -> str:
    """The human label for an internal key; unknown keys become capitalised words."""
    text = "" if key is None else str(key)
    if text in LABELS:
        return LABELS[text]
    if text.lower() in LABELS:
        return LABELS[text.lower()]
    if "." in text and " " not in text:
        # A namespaced key ("valuation.value_move"): the section is already on the page.
        return label_for(text.rsplit(".", 1)[1])
    words = [w for w in text.replace("-", "_").split("_") if w]
    if not words:
        return text
    words = [w.upper() if w.lower() in ACRONYMS else w for w in words]
    first = words[0] if words[0].isupper() else words[0][:1].upper() + words[0][1:]
    return " ".join([first, *words[1:]])
