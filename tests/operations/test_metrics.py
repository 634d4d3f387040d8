"""Request metrics: middleware, per-worker aggregates, hourly snapshot known answer."""

from datetime import UTC, datetime, timedelta

import pytest
from django.test import override_settings

from operations.engines import series, stats
from operations.models import AnalyticsEvent, HealthSnapshot, RequestMinute
from operations.recorder import Recorder, recorder
from operations.services.metrics import (
    health_snapshot_take,
    request_minutes_write,
    request_stats,
    resource_sample_take,
)

pytestmark = pytest.mark.django_db
HOUR = datetime(2025, 3, 4, 10, 0, tzinfo=UTC)


def _feed_hour(worker_count=2):
    """1,000 requests spread over the hour and over workers: latencies 1…1000 ms, 25 are 5xx."""
    workers = [Recorder() for _ in range(worker_count)]
    for i, w in enumerate(workers):
        w.worker = f"host:{1000 + i}"
    for ms in range(1, 1001):
        w = workers[ms % worker_count]
        status = 500 if ms % 40 == 0 else 200
        at = HOUR.timestamp() + (ms * 3.59)
        w.aggs.clear() if False else None
        w.record(route="api/v1/x/", method="GET", status=status, ms=float(ms), at=at)
    for w in workers:
        aggs, events = w.take()
        request_minutes_write(worker=w.worker, aggs=aggs, events=events)


@override_settings(OPERATIONS_METRICS_FLUSH_SECONDS=3600)
def test_hour_known_answer_and_one_snapshot_even_when_run_twice():
    _feed_hour()
    assert RequestMinute.objects.values("worker").distinct().count() == 2
    first = health_snapshot_take(hour=HOUR)
    second = health_snapshot_take(hour=HOUR + timedelta(minutes=30))
    assert first.pk == second.pk
    assert HealthSnapshot.objects.count() == 1
    snap = HealthSnapshot.objects.get()
    assert snap.requests == 1000 and snap.errors_5xx == 25
    assert (snap.p50_ms, snap.p95_ms, snap.p99_ms) == (500.0, 950.0, 990.0)
    assert f"{snap.error_rate * 100:.2f}" == "2.50"
    assert snap.rps == pytest.approx(1000 / 3600)
    assert len(snap.inputs_hash) == 64 and snap.engine_version


def test_percentiles_nearest_rank_raw_and_histogram_agree():
    values = list(range(1, 1001))
    hist = {}
    for v in values:
        stats.histogram_add(hist, v)
    assert stats.percentiles(values, (50, 95, 99)) == {50: 500.0, 95: 950.0, 99: 990.0}
    assert stats.percentiles_from_histogram(hist, (50, 95, 99)) == {50: 500, 95: 950, 99: 990}
    assert stats.percentiles([], (50,)) == {50: None}


def test_bucket_precision():
    assert stats.bucket_ms(0.2) == 1 and stats.bucket_ms(999.1) == 1000
    assert stats.bucket_ms(1234) == 1240 and stats.bucket_ms(54_321) == 54_400


def test_rolling_series_matches_window_stats():
    hists = [{"10": 1}, {"20": 1}, {"30": 2}, {}]
    out = series.rolling_request_series([1, 1, 2, 0], [0, 1, 0, 0], [0, 0, 1, 0], hists, 2)
    assert list(out["count"]) == [1, 2, 3, 2]
    assert out["error_rate"][1] == 0.5
    assert list(out["p50_ms"]) == [10, 10, 30, 30]
    assert list(out["auth_failures"]) == [0, 0, 1, 1]


@override_settings(OPERATIONS_METRICS_FLUSH_SECONDS=0)
def test_middleware_records_route_status_and_user_activity(user_client, client):
    from django.conf import settings

    assert "operations.middleware.RequestMetricsMiddleware" in settings.MIDDLEWARE
    recorder.take()
    user_client.get("/operations/")
    client.get("/operations/")  # anonymous → redirect to login
    recorder.flush()
    rows = RequestMinute.objects.filter(route="operations/")
    assert sum(r.count for r in rows) == 2
    assert sum(r.s3xx for r in rows) >= 1
    assert AnalyticsEvent.objects.filter(kind="page", user__isnull=False).exists()
    now = datetime.now(UTC)
    got = request_stats(start=now - timedelta(minutes=2), end=now + timedelta(minutes=1))
    assert got["count"] >= 2


@override_settings(OPERATIONS_METRICS_FLUSH_SECONDS=0)
def test_middleware_skips_health_probes(client):
    recorder.take()
    client.get("/health/live")
    recorder.flush()
    assert not RequestMinute.objects.exists()


def test_resource_sample_is_idempotent_per_minute():
    now = datetime(2025, 1, 1, 0, 0, 30, tzinfo=UTC)
    a = resource_sample_take(now=now, with_queue=False)
    b = resource_sample_take(now=now + timedelta(seconds=10), with_queue=False)
    assert a.pk == b.pk and 0 <= a.cpu_percent <= 100 and a.rss_bytes > 0
