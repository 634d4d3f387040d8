"""Operations services (writes and orchestration), split by concern and re-exported here.

The cross-context interface is `alert_fire` / `alert_resolve`; other contexts call only those.
"""

from operations.services.alerts import alert_fire, alert_resolve
from operations.services.incidents import (
    incident_acknowledge,
    incident_checklist_toggle,
    incident_escalate,
    incident_resolve,
)

__all__ = [
    "alert_fire",
    "alert_resolve",
    "incident_acknowledge",
    "incident_checklist_toggle",
    "incident_escalate",
    "incident_resolve",
]
