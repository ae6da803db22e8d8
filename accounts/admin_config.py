"""Django's admin with the app's admin site (loaded with the apps: imports nothing else)."""

from django.contrib.admin.apps import AdminConfig


class SecondFactorAdminConfig(AdminConfig):
    default_site = "accounts.admin_site.SecondFactorAdminSite"
