"""Sending runs in the task worker: a news item can have thousands of subscribers."""

from django_tasks import task

from wegweiser.news.models import NewsPage

from .sending import deliver, notifications_for


@task()
def send_news_notifications(page_id: int) -> dict:
    """Send what publishing this news item calls for; report the deliveries per region/language and channel."""
    page = NewsPage.objects.filter(pk=page_id).first()
    if page is None:
        return {}
    report = {}
    for notification in notifications_for(page):
        deliveries = deliver(notification)
        report[f"{notification.region.slug}/{notification.language}"] = {
            delivery.sender: {"recipients": delivery.recipients, "delivered": delivery.delivered}
            for delivery in deliveries
        }
    return report
