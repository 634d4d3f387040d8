"""Mounted at /health/ by the root URLconf: probes for load balancers and orchestrators."""

from django.urls import path

from operations.views import health

urlpatterns = [
    path("live", health.health_live, name="health-live"),
    path("ready", health.health_ready, name="health-ready"),
    path("full", health.health_full, name="health-full"),
    path("live/", health.health_live),
    path("ready/", health.health_ready),
    path("full/", health.health_full),
    path("", health.health_full, name="health"),
]
