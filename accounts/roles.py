"""The five roles: Django groups, their one-line descriptions and the model permissions each holds.

This table is the one place roles are declared. `roles_sync` makes the groups match it (a data
migration creates them; `post_migrate` keeps them in step as models are added), the admin assigns
people to groups, and every page and API operation checks a permission named here, never a group
name. `tests/test_roles.py` walks the URL conf × these roles against `ROUTE_ACCESS` in
`accounts/access.py`.

Permissions are Django's model permissions (`<app_label>.<action>_<model>`), plus
`finance.read_any_assessment`. An Administrator is a superuser and holds every permission.
"""

from __future__ import annotations

from dataclasses import dataclass

ADMINISTRATOR = "Administrator"
FINANCE_ANALYST = "Finance analyst"
INNOVATION_MANAGER = "Innovation manager"
OPERATOR = "Operator"
MEMBER = "Member"


def _crud(app: str, *models: str, actions: tuple[str, ...] = ("view", "add", "change", "delete")):
    return tuple(f"{app}.{a}_{m}" for m in models for a in actions)


def _view(app: str, *models: str):
    return _crud(app, *models, actions=("view",))


@dataclass(frozen=True)
class Role:
    """One role: its group name, what it is for, whether its people are staff, and its perms."""

    name: str
    description: str
    staff: bool
    permissions: tuple[str, ...]


_VALUATION_ALL = (
    "component",
    "revenueevent",
    "costentry",
    "multiplestable",
    "valuationpolicy",
    "revaluationjob",
    "valuationsnapshot",
)
# Cap table and round modeller (issue 15): the Finance analyst builds and saves scenarios.
_CAPTABLE_ALL = (
    "captable",
    "shareclass",
    "holder",
    "holding",
    "convertibleinstrument",
    "roundscenario",
)
_INNOVATION_ALL = (
    "domain",
    "priorart",
    "challenge",
    "generationrun",
    "invention",
    "gatedecision",
    "implementationplan",
    "innovationmetrics",
)
_OPERATIONS_ALERTING = (
    "runbook",
    "notificationchannel",
    "escalationpolicy",
    "escalationlevel",
    "alertrule",
    "incident",
    "alert",
    "alertevent",
    "incidentlog",
    "silence",
    "inhibitrule",
    "notificationgroup",
    "notification",
)
_OPERATIONS_METRICS = (
    "requestminute",
    "resourcesample",
    "healthsnapshot",
    "heartbeat",
)
_PRODUCT_METRICS = (
    "analyticsevent",
    "surveyresponse",
    "successtarget",
    "marketsegment",
    "metricsample",
)

ROLES: tuple[Role, ...] = (
    Role(
        ADMINISTRATOR,
        "Everything, including the admin and people's roles (a superuser).",
        staff=True,
        permissions=(),  # a superuser holds every permission; the group only names the role
    ),
    Role(
        FINANCE_ANALYST,
        "Reads valuation, revenue, KPIs, reports and funding; writes the ledger and policies.",
        staff=True,
        permissions=(
            *_view("valuation", *_VALUATION_ALL),
            *_crud("valuation", "revenueevent", "costentry", actions=("add", "change")),
            *_crud("valuation", "multiplestable", actions=("add", "change", "delete")),
            "valuation.change_valuationpolicy",
            "valuation.add_valuationsnapshot",
            "valuation.add_revaluationjob",
            *_crud("valuation", "fundingplan", actions=("view", "add", "change")),
            *_crud("valuation", *_CAPTABLE_ALL),
            *_crud(
                "valuation",
                "stripeconnection",
                "stripeevent",
                "stripeobject",
                "exchangerate",
                actions=("view", "add", "change"),
            ),
            "valuation.view_stripedeliveryfailure",
        ),
    ),
    Role(
        INNOVATION_MANAGER,
        "Runs challenges, generation runs, inventions and prior art; reads promoted valuations.",
        staff=True,
        permissions=(
            *_crud("innovation", *_INNOVATION_ALL),
            "valuation.view_component",
        ),
    ),
    Role(
        OPERATOR,
        "Operations: alerts, incidents, silences, rules and health; reads product metrics.",
        staff=True,
        permissions=(
            *_crud("operations", *_OPERATIONS_ALERTING),
            *_view("operations", *_OPERATIONS_METRICS, *_PRODUCT_METRICS),
            # Incident playbooks: site-wide switches and evidence; account-wide actions
            # (revocation, disabling, secret rotation) stay with the Administrator.
            "operations.isolate_site",
            "operations.run_forensics",
            *_view("operations", "isolationstate", "forensicexport", "playbookreport"),
        ),
    ),
    Role(
        MEMBER,
        "Anyone who signs up: own moods, music, shopping, risk profile, notifications and data.",
        staff=False,
        permissions=(
            *_crud("moods", "moodentry"),
            *_crud("arts", "musicmessage"),
            "commerce.view_product",
            *_crud("commerce", "recommendation", "interaction", actions=("view", "add")),
            *_crud("finance", "riskassessment", actions=("view", "add")),
            "operations.add_surveyresponse",
        ),
    ),
)

ROLE_BY_NAME = {r.name: r for r in ROLES}


def roles_sync(*, group_model, permission_model) -> None:
    """Make each role's group hold exactly the permissions in `ROLES`.

    Takes the model classes so a migration can pass its historical models. A permission the
    database does not know yet (its model is not migrated) is skipped; `post_migrate` runs this
    again once it exists.
    """
    for role in ROLES:
        group, _ = group_model.objects.get_or_create(name=role.name)
        wanted = set()
        for perm in role.permissions:
            app_label, codename = perm.split(".", 1)
            wanted.update(
                permission_model.objects.filter(
                    content_type__app_label=app_label, codename=codename
                ).values_list("pk", flat=True)
            )
        group.permissions.set(wanted)


def user_roles(user) -> list[str]:
    """The role names a user holds (Administrator for a superuser even without the group)."""
    if not getattr(user, "is_authenticated", False):
        return []
    names = list(user.groups.filter(name__in=ROLE_BY_NAME).values_list("name", flat=True))
    if user.is_superuser and ADMINISTRATOR not in names:
        names.insert(0, ADMINISTRATOR)
    return names
