from wagtail import hooks
from wagtail.permissions import register_permission_policy

from .models import CalendarFeed
from .views import CalendarFeedPermissionPolicy, CalendarFeedViewSet

register_permission_policy(CalendarFeed, CalendarFeedPermissionPolicy(CalendarFeed))


@hooks.register("register_admin_viewset")
def register_calendar_feeds():
    return CalendarFeedViewSet("calendarfeed")
