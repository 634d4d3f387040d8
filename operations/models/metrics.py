"""Request and resource metrics: per-minute aggregates, samples, hourly snapshots, heartbeats."""

from django.db import models


class RequestMinute(models.Model):
    """One worker process's requests for one route and method during one UTC minute.

    Each process writes only its own rows (`worker` = host:pid), so several gunicorn workers
    never race on a counter; readers sum over workers.
    """

    minute = models.DateTimeField(db_index=True)
    route = models.CharField(max_length=255)
    method = models.CharField(max_length=10)
    worker = models.CharField(max_length=120)
    count = models.PositiveIntegerField(default=0)
    s2xx = models.PositiveIntegerField(default=0)
    s3xx = models.PositiveIntegerField(default=0)
    s4xx = models.PositiveIntegerField(default=0)
    s5xx = models.PositiveIntegerField(default=0)
    s401 = models.PositiveIntegerField(default=0)
    s403 = models.PositiveIntegerField(default=0)
    sum_ms = models.FloatField(default=0.0)
    max_ms = models.FloatField(default=0.0)
    # Database queries run by these requests (queries per request = sum_queries / count).
    sum_queries = models.PositiveIntegerField(default=0)
    # Sparse latency histogram {bucket upper bound in ms: count}; see engines.stats.bucket_ms.
    histogram = models.JSONField(default=dict)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["minute", "route", "method", "worker"], name="ops_reqminute_unique"
            )
        ]
        ordering = ["-minute", "route"]

    def __str__(self):
        return f"{self.minute:%Y-%m-%d %H:%M} {self.method} {self.route} ({self.count})"


class ResourceSample(models.Model):
    """One psutil sample of this host, taken once per minute."""

    taken_at = models.DateTimeField(unique=True)
    host = models.CharField(max_length=120, default="")
    cpu_percent = models.FloatField()
    memory_percent = models.FloatField()
    rss_bytes = models.BigIntegerField()
    disk_percent = models.FloatField()
    load1 = models.FloatField(null=True, blank=True)
    queue_depth = models.IntegerField(null=True, blank=True)

    class Meta:
        ordering = ["-taken_at"]

    def __str__(self):
        return f"{self.taken_at:%Y-%m-%d %H:%M} cpu {self.cpu_percent:.0f}%"


class HealthSnapshot(models.Model):
    """The health of one UTC hour: latency percentiles, error rate, throughput, resources."""

    hour = models.DateTimeField(unique=True)
    requests = models.PositiveIntegerField(default=0)
    errors_5xx = models.PositiveIntegerField(default=0)
    error_rate = models.FloatField(default=0.0, help_text="5xx / requests, as a fraction")
    rps = models.FloatField(default=0.0)
    p50_ms = models.FloatField(null=True, blank=True)
    p95_ms = models.FloatField(null=True, blank=True)
    p99_ms = models.FloatField(null=True, blank=True)
    cpu_percent = models.FloatField(null=True, blank=True)
    memory_percent = models.FloatField(null=True, blank=True)
    rss_bytes = models.BigIntegerField(null=True, blank=True)
    disk_percent = models.FloatField(null=True, blank=True)
    queue_depth = models.IntegerField(null=True, blank=True)
    status = models.CharField(max_length=10, default="ok")
    checks = models.JSONField(default=list, blank=True)
    inputs_hash = models.CharField(max_length=64, blank=True)
    engine_version = models.CharField(max_length=20, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-hour"]

    def __str__(self):
        return f"Health {self.hour:%Y-%m-%d %H:00} {self.status}"


class Heartbeat(models.Model):
    """The last time a named background component (worker, beat, a job) was seen alive."""

    name = models.CharField(max_length=120, unique=True)
    last_seen = models.DateTimeField()
    detail = models.CharField(max_length=255, blank=True)
    last_outcome = models.CharField(max_length=20, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return f"{self.name} @ {self.last_seen:%Y-%m-%d %H:%M:%S}"


class CheckStreak(models.Model):
    """How many scheduled health checks in a row found one dependency failing, and since when."""

    name = models.CharField(max_length=120, unique=True)
    status = models.CharField(max_length=10, default="ok")
    failures = models.PositiveIntegerField(default=0)
    failing_since = models.DateTimeField(null=True, blank=True)
    checked_at = models.DateTimeField(null=True, blank=True)
    detail = models.CharField(max_length=255, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return f"{self.name}: {self.status} x{self.failures}"
