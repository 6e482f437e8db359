"""Reviews in the admin: the "Reviews" menu item and list, the review state in the edit views of pages, places and
contacts (a link to the item's review page in the action menu and the page header), and the audit log action."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.action_menu import ActionMenuItem as PageActionMenuItem
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import Button
from wagtail.log_actions import LogFormatter
from wagtail.snippets.action_menu import ActionMenuItem as SnippetActionMenuItem

from wegweiser.contacts.models import Contact
from wegweiser.content.models import TopicPage
from wegweiser.places.models import PlacePage
from wegweiser.regions.tenancy import regions_of_user

from . import views
from .models import Source
from .service import REVIEWED, last_reviewed, review_due, summary


@hooks.register("register_admin_urls")
def register_reviews_urls():
    return [path("reviews/", include(views.urlpatterns))]


class ReviewsMenuItem(MenuItem):
    def is_shown(self, request):
        return regions_of_user(request.user).exists()


@hooks.register("register_admin_menu_item")
def reviews_menu_item():
    return ReviewsMenuItem(_("Reviews"), reverse("reviews_list"), name="reviews", icon_name="date", order=252)


@hooks.register("register_log_actions")
def register_review_action(actions):
    @actions.register_action(REVIEWED)
    class Reviewed(LogFormatter):
        label = _("Mark as reviewed")

        def format_message(self, log_entry):
            source = log_entry.data.get("source", "")
            how = dict(Source.CHOICES).get(source, "")
            return _("Marked as reviewed: %(how)s") % {"how": how} if how else _("Marked as reviewed")

        def format_comment(self, log_entry):
            return log_entry.data.get("note", "")


def review_label(item) -> str:
    return summary(last_reviewed(item), review_due(item))


def reviewable_page(page) -> bool:
    return page is not None and page.pk is not None and isinstance(page.specific_deferred, (TopicPage, PlacePage))


class PageReviewMenuItem(PageActionMenuItem):
    """In the page editor's action menu: the review state, leading to the page's review page."""

    name = "action-review"
    icon_name = "date"

    def is_shown(self, context):
        return context["view"] == "edit" and reviewable_page(context.get("page")) and context["page"].live

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        context["label"] = review_label(parent_context["page"])
        return context

    def get_url(self, parent_context):
        return reverse("reviews_item", args=["page", parent_context["page"].pk])


@hooks.register("register_page_action_menu_item")
def page_review_menu_item():
    return PageReviewMenuItem(order=90)


class ContactReviewMenuItem(SnippetActionMenuItem):
    """In the contact's edit view: the review state, leading to the contact's review page."""

    name = "action-review"
    icon_name = "date"

    def is_shown(self, context):
        return context["view"] == "edit" and context.get("instance") is not None

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        context["label"] = review_label(parent_context["instance"])
        return context

    def get_url(self, parent_context):
        return reverse("reviews_item", args=["contact", parent_context["instance"].pk])


@hooks.register("register_snippet_action_menu_item")
def contact_review_menu_item(model):
    return ContactReviewMenuItem(order=90) if model is Contact else None


@hooks.register("register_page_header_buttons")
def review_button(page, user, view_name=None, next_url=None):
    if reviewable_page(page) and page.live:
        yield Button(review_label(page), reverse("reviews_item", args=["page", page.pk]), icon_name="date", priority=85)
