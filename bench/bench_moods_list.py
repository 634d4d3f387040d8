"""The moods list API endpoint against a bare Django view returning the same JSON.

Both serve page 1 (25 entries) of one user's 500-entry journal through Django's test client in
one process (no network), alternately, so the ratio is DRF's overhead (auth, permission,
throttle, filtering, pagination, serialisation) over the irreducible query + JSON cost.
"""

from harness import django_setup, paired, result


def main() -> None:
    django_setup()
    from django.contrib.auth import get_user_model
    from django.http import JsonResponse
    from django.test import Client, override_settings
    from django.urls import include, path
    from django.utils import timezone

    from domains.moods.models import MoodEntry
    from domains.moods.services import mood_entry_create

    user = get_user_model().objects.create_user("bench", password="bench-pass-123456")  # noqa: S106
    start = timezone.now() - timezone.timedelta(days=100)
    for i in range(500):
        mood_entry_create(
            user=user,
            emotion=["joy", "calm", "stressed", "tired"][i % 4],
            intensity=(i % 10) / 10,
            note=f"entry {i}",
            recorded_at=start + timezone.timedelta(hours=4 * i),
        )

    fields = [
        "id",
        "emotion",
        "intensity",
        "note",
        "recorded_at",
        "valence",
        "arousal",
        "dominance",
        "lexicon_version",
        "created_at",
    ]

    def bare(request):
        qs = MoodEntry.objects.filter(user=request.user).order_by("-recorded_at", "-id")
        rows = list(qs.values(*fields)[:25])
        for row in rows:
            row["recorded_at"] = row["recorded_at"].isoformat().replace("+00:00", "Z")
            row["created_at"] = row["created_at"].isoformat().replace("+00:00", "Z")
        return JsonResponse({"count": qs.count(), "next": None, "previous": None, "results": rows})

    bench_urls = type(
        "urls",
        (),
        {"urlpatterns": [path("bare/", bare), path("", include("harmonyhub_site.urls"))]},
    )
    with override_settings(ROOT_URLCONF=bench_urls):
        client = Client()
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        api = client.get("/api/v1/moods/").json()
        base = client.get("/bare/").json()
        assert [r["id"] for r in api["results"]] == [r["id"] for r in base["results"]]
        assert api["count"] == base["count"] == 500
        timing = paired(
            lambda: client.get("/api/v1/moods/"), lambda: client.get("/bare/"), rounds=7, repeat=60
        )
    result(
        "moods_list_api",
        1 / timing["subject_s"],
        "req/s",
        1 / timing["ratio"],
        "bare Django view, throughput; goal >= 0.5",
    )
    result("moods_list_bare", 1 / timing["baseline_s"], "req/s")


if __name__ == "__main__":
    main()
