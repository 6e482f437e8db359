"""Organisations responsible for content: the integration office, the Jobcenter, a counselling service."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Organisation(models.Model):
    """An office or organisation of one region that is responsible for pages (and later places and contacts)."""

    region = models.ForeignKey(
        "regions.RegionPage", on_delete=models.CASCADE, related_name="organisations", verbose_name=_("region")
    )
    name = models.CharField(_("name"), max_length=200)
    logo = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("logo"),
    )
    website = models.URLField(_("website"), blank=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["region", "name"], name="unique_organisation_name_per_region")]

    def __str__(self) -> str:
        return self.name
