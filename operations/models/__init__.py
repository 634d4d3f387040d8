"""Operations models, split by concern and re-exported here."""

from operations.models.alerts import (
    Alert,
    AlertEvent,
    AlertRule,
    EscalationLevel,
    EscalationPolicy,
    Incident,
    IncidentLog,
    InhibitRule,
    Notification,
    NotificationChannel,
    NotificationGroup,
    Runbook,
    Silence,
)
from operations.models.metrics import (
    CheckStreak,
    HealthSnapshot,
    Heartbeat,
    RequestMinute,
    ResourceSample,
)
from operations.models.playbooks import (
    ForensicExport,
    IsolationState,
    PlaybookReport,
    SecurityEventRecord,
)
from operations.models.product import (
    AnalyticsEvent,
    MarketSegment,
    MetricSample,
    SuccessTarget,
    SurveyResponse,
)

__all__ = [
    "SecurityEventRecord",
    "PlaybookReport",
    "IsolationState",
    "ForensicExport",
    "Alert",
    "CheckStreak",
    "AlertEvent",
    "AlertRule",
    "AnalyticsEvent",
    "EscalationLevel",
    "EscalationPolicy",
    "HealthSnapshot",
    "Heartbeat",
    "Incident",
    "IncidentLog",
    "InhibitRule",
    "MarketSegment",
    "MetricSample",
    "Notification",
    "NotificationChannel",
    "NotificationGroup",
    "RequestMinute",
    "ResourceSample",
    "Runbook",
    "Silence",
    "SuccessTarget",
    "SurveyResponse",
]
