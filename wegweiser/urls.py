from django.conf import settings
from django.urls import include, path
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from wegweiser.api.v1 import api as api_v1
from wegweiser.corrections import public as corrections
from wegweiser.operations.health import health
from wegweiser.regions.admin_views import region_explorer

urlpatterns = [
    path("health/", health, name="health"),
    # The read APIs first: they take most requests.
    path("api/v1/", api_v1.urls),
    path("", include("wegweiser.integreat.urls")),
    # Answers before Wagtail's own explorer, to keep people inside their regions.
    path("admin/pages/<int:parent_page_id>/", region_explorer),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    # Partners confirming an item (no account), newcomers reporting what is wrong: before the web app's routes.
    path("verification/<str:link>/", corrections.verification, name="corrections_verification"),
    path("report/<slug:region>/<str:lang>/", corrections.report, name="corrections_report"),
    # Printouts (…/guide.pdf, …/page.pdf, …/topic.pdf) before the web app's page routes.
    path("", include("wegweiser.printing.urls")),
    path("", include("wegweiser.webapp.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
