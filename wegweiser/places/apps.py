from django.apps import AppConfig


class PlacesConfig(AppConfig):
    name = "wegweiser.places"
    verbose_name = "Places"
