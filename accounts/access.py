"""Who may do what, route by route: the declarative table the role × route test walks.

Every named URL of the site has one entry: the roles that may read it (GET) and the roles that
may write through it (POST, PATCH, DELETE). `tests/test_roles.py` signs in as each role, calls
every route with each method and fails when an answer disagrees with this table, or when a route
has no entry, so a new page or endpoint cannot ship without saying who may use it. Anonymous
visitors are covered by `tests/test_access.py`. The views themselves check permissions from
`accounts/roles.py`; this table states the outcome those permissions must produce.
"""

from __future__ import annotations

from accounts.roles import ADMINISTRATOR, FINANCE_ANALYST, INNOVATION_MANAGER, MEMBER, OPERATOR

EVERYONE = frozenset({ADMINISTRATOR, FINANCE_ANALYST, INNOVATION_MANAGER, OPERATOR, MEMBER})
ADMIN = frozenset({ADMINISTRATOR})
MEMBERS = frozenset({ADMINISTRATOR, MEMBER})  # an Administrator holds every permission
FINANCE = frozenset({ADMINISTRATOR, FINANCE_ANALYST})
INNOVATION = frozenset({ADMINISTRATOR, INNOVATION_MANAGER})
OPERATIONS = frozenset({ADMINISTRATOR, OPERATOR})


def rw(read: frozenset, write: frozenset | None = None) -> tuple[frozenset, frozenset]:
    return (read, read if write is None else write)


ROUTE_ACCESS: dict[str, tuple[frozenset, frozenset]] = {
    "home": rw(EVERYONE),
    # --- accounts: every signed-in person manages their own account ---
    **{
        f"accounts:{n}": rw(EVERYONE)
        for n in (
            "login",
            "logout",
            "signup",
            "profile",
            "token-create",
            "token-revoke",
            "data-export",
            "account-delete",
            "password-change",
            "password-change-done",
            "password-reset",
            "password-reset-done",
            "password-reset-confirm",
            "password-reset-complete",
        )
    },
    "api-token-obtain": rw(EVERYONE),
    "api-me": rw(EVERYONE),
    "api-me-export": rw(EVERYONE),
    "api-schema": rw(EVERYONE),
    "api-docs": rw(EVERYONE),
    "favicon": rw(EVERYONE),
    # --- members: their own moods, music, shopping and risk profile ---
    "moods:index": rw(MEMBERS),
    "moods:delete": rw(MEMBERS),
    "emotion-list": rw(MEMBERS),
    "moods-list": rw(MEMBERS),
    "moods-detail": rw(MEMBERS),
    **{
        f"arts:{n}": rw(MEMBERS)
        for n in ("index", "compose", "preview", "detail", "file", "vary", "revoke", "renew")
    },
    "arts:delete": rw(MEMBERS),
    "arts:share": rw(EVERYONE),  # a live share link is public by design
    "arts:share-file": rw(EVERYONE),
    "arts-emotion-list": rw(MEMBERS),
    "arts-occasion-list": rw(MEMBERS),
    **{
        f"arts-messages-{n}": rw(MEMBERS)
        for n in ("list", "detail", "audio", "midi", "renew", "revoke", "vary")
    },
    "commerce:index": rw(MEMBERS),
    "commerce:feedback": rw(MEMBERS),
    "commerce:products": rw(MEMBERS),
    "commerce:product": rw(MEMBERS),
    "commerce:history": rw(MEMBERS),
    "commerce:import": rw(ADMIN),
    "commerce-import": rw(ADMIN),
    "commerce-recommendations": rw(MEMBERS),
    "commerce-recommendation-detail": rw(MEMBERS),
    "commerce-products-list": rw(MEMBERS, ADMIN),
    "commerce-products-detail": rw(MEMBERS, ADMIN),
    "commerce-interactions-list": rw(MEMBERS),
    "commerce-interactions-detail": rw(MEMBERS),
    "finance:index": rw(MEMBERS),
    "finance:assess": rw(MEMBERS),
    "finance:result": rw(MEMBERS),
    "finance-assessments": rw(MEMBERS),
    "finance-assessment-detail": rw(MEMBERS),
    "finance-questionnaire": rw(MEMBERS),
    # --- valuation: the company's books ---
    **{
        f"valuation:{n}": rw(FINANCE)
        for n in (
            "index",
            "live",
            "revalue",
            "import",
            "component",
            "component-revalue",
            "funding",
            "captable",
            "captable-compare",
            "captable-scenario",
            "captable-scenario-csv",
        )
    },
    # Stripe intake: pages for Finance; the webhook is public but every request must be signed
    # (an unsigned one answers 400 to anyone, signed in or not).
    **{
        f"valuation:{n}": rw(FINANCE)
        for n in ("stripe", "stripe-component", "stripe-retry", "stripe-backfill", "stripe-rates")
    },
    "stripe-webhook": rw(EVERYONE),
    **{
        f"valuation-api:{n}": rw(FINANCE)
        for n in (
            "portfolio-kpis",
            "revalue",
            "job-detail",
            "report",
            "policy",
            "component-kpis",
            "event-list",
            "event-upload",
            "event-detail",
            "cost-list",
            "multiples-list",
            "multiples-detail",
            "snapshot-list",
            "snapshot-detail",
            "funding-plan",
            "funding-scorecard",
            "captable-list",
            "captable-detail",
            "round-scenario-list",
            "round-scenario-preview",
            "round-scenario-compare",
            "round-scenario-detail",
            "round-scenario-csv",
        )
    },
    # Innovation managers read components to follow their promoted inventions.
    "valuation-api:component-list": rw(FINANCE | INNOVATION, ADMIN),
    "valuation-api:component-detail": rw(FINANCE | INNOVATION, ADMIN),
    # --- innovation: the pipeline ---
    **{
        f"innovation:{n}": rw(INNOVATION)
        for n in (
            "index",
            "run",
            "concept-save",
            "board",
            "invention",
            "invention-action",
            "sac",
            "metrics",
            "radar",
            "import",
        )
    },
    **{
        f"innovation-{n}": rw(INNOVATION)
        for n in (
            "prior-art-import",
            "metrics",
            "challenges-list",
            "challenges-detail",
            "runs-list",
            "runs-detail",
            "inventions-list",
            "inventions-detail",
            "inventions-gates",
            "inventions-links",
            "inventions-merge",
            "inventions-plan",
            "inventions-promote",
        )
    },
    # --- operations ---
    "operations:index": rw(EVERYONE),  # operators get the overview, everyone else their inbox
    "operations:inbox": rw(EVERYONE),
    "operations:inbox_read": rw(EVERYONE),
    "operations:survey": rw(MEMBERS),
    "operations:target_edit": rw(ADMIN),
    **{
        f"operations:{n}": rw(OPERATIONS)
        for n in (
            "health",
            "success",
            "incident_list",
            "incident_detail",
            "incident_action",
            "alert_list",
            "notification_list",
            "silence_list",
            "silence_expire",
            "rule_list",
            "rule_create",
            "rule_edit",
            "policy_list",
            "policy_create",
            "policy_edit",
            # incident playbooks: switches, evidence, data-loss and triage reports
            "isolation",
            "isolation_action",
            "forensics",
            "forensics_download",
            "backup_diff",
            "report_detail",
        )
    },
    "health-live": rw(EVERYONE),  # load balancers: public, ok/fail only
    "health-ready": rw(EVERYONE),
    "health-full": rw(OPERATIONS),  # details: Operators (or the metrics token)
    "health": rw(OPERATIONS),
    "metrics": rw(OPERATIONS),
    "ops-surveys": rw(MEMBERS),
    "ops-notification-list": rw(EVERYONE),  # staff roles see all, everyone else their own
    "ops-notification-detail": rw(EVERYONE),
    **{
        f"ops-{n}": rw(OPERATIONS)
        for n in (
            "alert-fire",
            "alert-resolve",
            "incident-acknowledge",
            "incident-resolve",
            "incident-escalate",
            "silence-expire",
            "snapshots",
            "metrics",
            "product",
            "alert-list",
            "alert-detail",
            "incident-list",
            "incident-detail",
            "silence-list",
            "silence-detail",
            "rule-list",
            "rule-detail",
            "policy-list",
            "policy-detail",
            "isolation",
            "isolation-action",
            "forensics",
            "forensics-download",
        )
    },
}
