"""WSGI entry point: ``yizhan.web.wsgi:application`` (any WSGI server can host it)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yizhan.web.settings")
application = get_wsgi_application()
