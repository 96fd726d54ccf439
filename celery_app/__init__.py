"""The Celery app. Configuration comes from Django settings (the CELERY_ namespace): JSON only,
late acknowledgement, time limits and the UTC beat schedule are all in portal/settings/base.py."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.local")

app = Celery("portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
