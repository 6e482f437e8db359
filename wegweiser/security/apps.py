from django.apps import AppConfig


class SecurityConfig(AppConfig):
    name = "wegweiser.security"
    verbose_name = "Security"
