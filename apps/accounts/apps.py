from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class AccountsConfig(AppConfig):
    name = "apps.accounts"
    label = "accounts"
    default = True

    def ready(self):
        from . import receivers  # noqa: F401  (connects allauth's signals)


class PortalAdminConfig(admin_apps.AdminConfig):
    """The Django admin, on the site that asks for the second factor (``admin_site.py``)."""

    default = False  # named in INSTALLED_APPS in place of django.contrib.admin
    default_site = "apps.accounts.admin_site.PortalAdminSite"
