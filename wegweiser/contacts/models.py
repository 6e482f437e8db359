"""Contacts newcomers call, write to or visit: an office ("Bürgerbüro") or a person ("Frau Yılmaz, Migrationsberatung").

A contact belongs to one region and is translated with wagtail-localize like pages. Its details
(phone, e-mail, opening hours, place …) are data, the same in every language: the copy the editor
wrote first is the original, and every translation takes its details from it whenever either is
saved, so no language ever shows an old phone number.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.models import TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from wegweiser.content.validators import validate_phone_number
from wegweiser.places.hours import validate_opening_hours
from wegweiser.regions.tenancy import region_of_page


class OfficeNameField(TranslatableField):
    """An office's name is translated ("Bürgerbüro" → "Citizens' office"); a person's name is not."""

    def is_translated(self, obj) -> bool:
        return obj.kind == Contact.Kind.OFFICE

    def is_synchronized(self, obj) -> bool:
        return obj.kind != Contact.Kind.OFFICE or super().is_synchronized(obj)

    def is_overridable(self, obj) -> bool:
        return False


#: Details that are the same in every language: copied from the original, never sent to translators.
DETAILS = (
    "kind",
    "region",
    "phone",
    "mobile",
    "email",
    "website",
    "appointment_url",
    "opening_hours",
    "place",
    "organisation",
)


class Contact(TranslatableMixin, index.Indexed, models.Model):
    """An office or a person of one region, shown as a card on its place's page and wherever an editor inserts it."""

    class Kind(models.TextChoices):
        OFFICE = "office", _("Office")
        PERSON = "person", _("Person")

    region = models.ForeignKey(
        "regions.RegionPage", on_delete=models.CASCADE, related_name="contacts", verbose_name=_("region")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.OFFICE)
    name = models.CharField(
        _("name"), max_length=200, help_text=_("An office's name is translated, a person's name is not.")
    )
    area = models.TextField(
        _("area of responsibility"), blank=True, help_text=_("What newcomers can ask here, in one or two sentences.")
    )
    phone = models.CharField(_("phone"), max_length=50, blank=True, validators=[validate_phone_number])
    mobile = models.CharField(_("mobile"), max_length=50, blank=True, validators=[validate_phone_number])
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("website"), blank=True)
    appointment_url = models.URLField(_("appointment booking"), blank=True)
    opening_hours = models.JSONField(
        _("opening hours"), null=True, blank=True, validators=[validate_opening_hours], help_text=_("Monday first.")
    )
    place = models.ForeignKey(
        "places.PlacePage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("place"),
        help_text=_("Where newcomers find this contact; the card is shown on the place's page."),
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contacts",
        verbose_name=_("organisation"),
    )

    override_translatable_fields = [
        OfficeNameField("name"),
        *(SynchronizedField(name, overridable=False) for name in DETAILS),
    ]
    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.SearchField("area"),
        index.FilterField("region"),
        index.FilterField("locale"),
        index.FilterField("kind"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        original = self.original()
        if original is not None and original.pk != self.pk:
            take_details(self, original)
        super().save(*args, **kwargs)
        if original is None or original.pk == self.pk:
            for translation in self.copies().exclude(pk=self.pk):
                translation.save()  # takes the details from this original

    def clean(self):
        super().clean()
        if self.region_id is None:
            return
        if self.organisation is not None and self.organisation.region_id != self.region_id:
            raise ValidationError({"organisation": _("Choose an organisation of the contact's region.")})
        if self.place is not None:
            region = region_of_page(self.place)
            if region is None or region.pk != self.region_id:
                raise ValidationError({"place": _("Choose a place of the contact's region.")})

    def copies(self) -> models.QuerySet["Contact"]:
        """The contact in every language, this copy included."""
        return Contact.objects.filter(translation_key=self.translation_key)

    def original(self) -> "Contact | None":
        """The copy the editor wrote first (translations are always made from an existing copy)."""
        return self.copies().order_by("pk").first()


def take_details(contact: Contact, original: Contact) -> None:
    for name in DETAILS:
        field = Contact._meta.get_field(name)
        setattr(contact, field.attname, getattr(original, field.attname))
    if original.kind != Contact.Kind.OFFICE:
        contact.name = original.name
