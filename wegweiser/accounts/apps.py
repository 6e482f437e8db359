from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "wegweiser.accounts"
    verbose_name = "Accounts"
