from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.rich_text.editors.draftail import features as draftail_features
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet

from .models import Contact
from .rich_text import CONTENTSTATE_RULE, EMBED_TYPE, ENTITY_TYPE, ContactEmbedHandler
from .views import ContactPermissionPolicy, ContactViewSet

register_permission_policy(Contact, ContactPermissionPolicy(Contact))
register_snippet(ContactViewSet)


@hooks.register("register_rich_text_features")
def register_contact_feature(features):
    """``contact``: a contact card in rich text, chosen with the snippet chooser (see ``rich_text.py``)."""
    features.register_embed_type(ContactEmbedHandler)
    features.register_editor_plugin(
        "draftail",
        EMBED_TYPE,
        draftail_features.EntityFeature(
            {
                "type": ENTITY_TYPE,
                "icon": "user",
                "description": _("Contact card"),
                "chooserUrls": {"contactChooser": reverse_lazy("wagtailsnippetchoosers_contacts_contact:choose")},
            },
            js=["wagtailadmin/js/chooser-modal.js", "contacts/js/contact-entity.js"],
        ),
    )
    features.register_converter_rule("contentstate", EMBED_TYPE, CONTENTSTATE_RULE)
