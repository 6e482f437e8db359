from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "wegweiser.accounts"
    verbose_name = "Accounts"

    def ready(self):
        from . import receivers  # noqa: F401
