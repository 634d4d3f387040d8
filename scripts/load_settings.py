"""Settings for the load run (bench/bench_load.py): production settings, plus the bare-view
floor routes. Never used to serve real traffic: it only adds `scripts.load_urls`."""

from harmonyhub_site.settings.production import *  # noqa: F403

ROOT_URLCONF = "scripts.load_urls"
# The vendored Chart.js references a source map that is not shipped, so the manifest storage's
# `collectstatic` fails on it (reported to the lead). The load run measures pages, not asset
# hashing: compressed files without the manifest.
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
