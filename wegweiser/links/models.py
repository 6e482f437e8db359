"""What the link checker knows: every web address, phone number and e-mail address in a region's content
(``Link``), where each is used (``LinkUse``), and how the last check of it went.

A link is stored once per address, normalised (``wegweiser.links.finding.normalise``), whichever regions use it:
it is checked once, and each region sees only its own places of use.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

#: The kinds of link, as stored (``Link.Kind``).
URL, PHONE, EMAIL = "url", "phone", "email"


class Link(models.Model):
    """A web address, phone number or e-mail address, and the result of its last check."""

    class Kind(models.TextChoices):
        URL = URL, _("Web address")
        PHONE = PHONE, _("Phone number")
        EMAIL = EMAIL, _("E-mail address")

    class Status(models.TextChoices):
        UNCHECKED = "unchecked", _("Not checked yet")
        OK = "ok", _("Works")
        REDIRECTED = "redirected", _("Moved")
        BROKEN = "broken", _("Broken")
        INVALID = "invalid", _("Not valid")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    #: The normalised address: a URL, a phone number in E.164 (or as written when it is not valid), an e-mail address.
    address = models.CharField(_("address"), max_length=2000)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.UNCHECKED)
    status_code = models.PositiveSmallIntegerField(_("HTTP status"), null=True, blank=True)
    final_url = models.CharField(_("address after redirects"), max_length=2000, blank=True)
    error = models.TextField(_("error"), blank=True)
    checked_at = models.DateTimeField(_("last checked"), null=True, blank=True)
    #: Failed checks in a row; a web address counts as broken after ``LINK_CHECK_FAILURES_BEFORE_BROKEN`` of them.
    consecutive_failures = models.PositiveIntegerField(_("failed checks in a row"), default=0)

    class Meta:
        verbose_name = _("link")
        verbose_name_plural = _("links")
        ordering = ["address"]
        constraints = [models.UniqueConstraint(fields=["kind", "address"], name="unique_link_address")]
        indexes = [models.Index(fields=["kind", "checked_at"], name="link_check_due")]

    def __str__(self) -> str:
        return self.address

    @property
    def needs_attention(self) -> bool:
        return self.status in (self.Status.BROKEN, self.Status.REDIRECTED, self.Status.INVALID)


class LinkUse(models.Model):
    """One place where a link is used: a field of a page (the live version), a contact or an organisation."""

    link = models.ForeignKey(Link, on_delete=models.CASCADE, related_name="uses", verbose_name=_("link"))
    region = models.ForeignKey(
        "regions.RegionPage", on_delete=models.CASCADE, related_name="+", verbose_name=_("region")
    )
    page = models.ForeignKey(
        "wagtailcore.Page", null=True, blank=True, on_delete=models.CASCADE, related_name="+", verbose_name=_("page")
    )
    contact = models.ForeignKey(
        "contacts.Contact", null=True, blank=True, on_delete=models.CASCADE, related_name="+", verbose_name=_("contact")
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("organisation"),
    )
    language = models.CharField(_("language"), max_length=12, blank=True)
    field = models.CharField(_("field"), max_length=100)

    class Meta:
        verbose_name = _("use of a link")
        verbose_name_plural = _("uses of links")
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(page__isnull=False, contact__isnull=True, organisation__isnull=True)
                    | models.Q(page__isnull=True, contact__isnull=False, organisation__isnull=True)
                    | models.Q(page__isnull=True, contact__isnull=True, organisation__isnull=False)
                ),
                name="link_use_in_one_item",
            )
        ]

    def __str__(self) -> str:
        return f"{self.link} ({self.field})"

    @property
    def item(self):
        return self.page or self.contact or self.organisation
