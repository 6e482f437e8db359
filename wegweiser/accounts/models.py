"""What happened to the accounts of an installation: the security log and its retention."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SecurityEvent(models.Model):
    """One thing that matters for the security of staff accounts: a sign-in, a lockout, a role granted.

    Kept apart from Wagtail's audit log (which is about pages and snippets) so that region managers can be
    shown the events of their own region's people, and so that old events can be removed after
    ``settings.SECURITY_LOG_DAYS``. Never holds a password, code or token.
    """

    when = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    action = models.CharField(_("action"), max_length=64, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("concerning"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    #: Usernames as they were, so that the log still says who it was after an account is deleted.
    actor_name = models.CharField(_("by (name)"), max_length=150, blank=True)
    subject_name = models.CharField(_("concerning (name)"), max_length=150, blank=True)
    region = models.ForeignKey(
        "regions.RegionPage",
        verbose_name=_("region"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    client_address = models.CharField(_("client address"), max_length=64, blank=True)
    user_agent = models.CharField(_("browser"), max_length=200, blank=True)
    details = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        ordering = ["-when", "-pk"]
        verbose_name = _("security event")
        verbose_name_plural = _("security events")

    def __str__(self) -> str:
        return f"{self.when:%Y-%m-%d %H:%M} {self.action} {self.subject_name or self.actor_name}"
