from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "wegweiser.organisations"
    verbose_name = "Organisations"
