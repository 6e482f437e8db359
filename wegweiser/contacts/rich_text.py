"""The ``contact`` rich text feature: a contact card inside any page's text.

Stored as ``<embed embedtype="contact" id="N"/>`` (N a contact's id, in any of its languages); only the
reference is stored, so the card shows the contact as it is now wherever it is inserted. In the editor
(Draftail) it is an atomic block naming the contact, chosen with Wagtail's snippet chooser.
"""

from django.urls import reverse
from django.utils.translation import gettext as _
from draftjs_exporter import DOM
from wagtail.admin.rich_text.converters.contentstate_models import Entity
from wagtail.admin.rich_text.converters.html_to_contentstate import AtomicBlockEntityElementHandler
from wagtail.rich_text import EmbedHandler

from .models import Contact

EMBED_TYPE = "contact"
ENTITY_TYPE = "CONTACT"


def embed_html(contact_id: int) -> str:
    """How a card is written into rich text, e.g. by the demo loader or an import."""
    return f'<embed embedtype="{EMBED_TYPE}" id="{contact_id}"/>'


class ContactEmbedHandler(EmbedHandler):
    """Renders the cards when snapshots are built (or an editor previews), in the active language."""

    identifier = EMBED_TYPE

    @staticmethod
    def get_model():
        return Contact

    @classmethod
    def expand_db_attributes(cls, attrs: dict) -> str:
        return cls.expand_db_attributes_many([attrs])[0]

    @classmethod
    def expand_db_attributes_many(cls, attrs_list: list[dict]) -> list[str]:
        from .documents import cards  # not at the top: documents import the publishing app, which needs this one

        return cards([attrs.get("id") for attrs in attrs_list])

    @classmethod
    def extract_references(cls, attrs):
        """So that a contact's "Usage" lists the pages showing its card."""
        if attrs.get("id"):
            yield Contact, attrs["id"], "", ""


def editor_data(contact: Contact | None, contact_id: str) -> dict:
    """What the editor's block shows; the keys are those of Wagtail's embed block, which draws it."""
    name = contact.name if contact else _("Deleted contact")
    return {
        "id": contact_id,
        "title": name,
        "authorName": name,
        "providerName": _("Contact card"),
        "thumbnail": "",
        "url": reverse("wagtailsnippets_contacts_contact:edit", args=[contact.pk]) if contact else "",
    }


class ContactElementHandler(AtomicBlockEntityElementHandler):
    """Database HTML → Draftail: the embed becomes an atomic block naming the contact."""

    def create_entity(self, name, attrs, state, contentstate):
        contact = Contact.objects.filter(pk=attrs["id"]).first() if str(attrs.get("id", "")).isdigit() else None
        return Entity(ENTITY_TYPE, "IMMUTABLE", editor_data(contact, attrs.get("id", "")))


def contact_entity(props: dict):
    """Draftail → database HTML: only the contact's id is kept."""
    return DOM.create_element("embed", {"embedtype": EMBED_TYPE, "id": props.get("id")})


CONTENTSTATE_RULE = {
    "from_database_format": {f'embed[embedtype="{EMBED_TYPE}"]': ContactElementHandler()},
    "to_database_format": {"entity_decorators": {ENTITY_TYPE: contact_entity}},
}
