"""Organisations responsible for content: the integration office, the Jobcenter, a counselling service."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Organisation(models.Model):
    """An office or organisation of one region that is responsible for pages, places and contacts.

    Its people (``group``'s members) are partner users: they edit only the organisation's own items,
    and an editor of the region approves their changes before newcomers see them (see ``partners.py``).
    """

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
    email = models.EmailField(
        _("e-mail for verification requests"),
        blank=True,
        help_text=_("Where requests to confirm the organisation's pages, places and contacts are sent."),
    )
    group = models.OneToOneField(
        "auth.Group",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="organisation",
        verbose_name=_("group of its people"),
    )

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["region", "name"], name="unique_organisation_name_per_region")]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        from .partners import setup_organisation

        super().save(*args, **kwargs)
        setup_organisation(self)
