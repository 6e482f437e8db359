from django.apps import AppConfig
from django.db.models.signals import post_migrate


class RegionsConfig(AppConfig):
    name = "wegweiser.regions"
    verbose_name = "Regions"

    def ready(self):
        from wagtail.models import Page
        from wagtail.permissions import register_permission_policy

        from . import signals  # noqa: F401
        from .explorer import RegionPagePermissionPolicy
        from .locales import ensure_locales
        from .tenancy import setup_all_regions

        register_permission_policy(Page, RegionPagePermissionPolicy(Page))
        post_migrate.connect(ensure_locales, sender=self)
        post_migrate.connect(setup_all_regions, dispatch_uid="wegweiser.regions.setup_all_regions")
