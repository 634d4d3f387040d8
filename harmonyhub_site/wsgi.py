"""WSGI entry point (gunicorn harmonyhub_site.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "harmonyhub_site.settings.base")
application = get_wsgi_application()
