"""What the security log hears about by itself: sign-ins, sign-outs, lockouts, account and group changes.

The request being answered comes from ``middleware.current_request``, so that changes made in the admin name
the person who made them and their address; changes made by commands have no actor.
"""

from axes.signals import user_locked_out
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.dispatch import receiver

from . import audit
from .middleware import current_request

User = get_user_model()

#: URL names of the password reset's last step, where a new password is set without the old one.
RESET_CONFIRM = "wagtailadmin_password_reset_confirm"


def _user_named(username) -> object | None:
    if not username:
        return None
    return User.objects.filter(username=str(username)[:150]).first()


@receiver(user_logged_in)
def login_succeeded(sender, request, user, **kwargs):
    from . import two_factor
    from .tasks import ensure_cleanup_scheduled

    with_code = two_factor.has_two_factor(user)
    audit.record("login.succeeded", request=request, actor=user, subject=user, code_follows=with_code)
    if not with_code and request is not None:
        from .lockout import forget_failures

        forget_failures(request, user.get_username())
    ensure_cleanup_scheduled()


@receiver(user_login_failed)
def login_failed(sender, credentials, request=None, **kwargs):
    """A wrong password (or code, sent by ``views.verify``). Only the username tried is kept, never the password."""
    username = str(credentials.get("username", ""))[:150]
    if credentials.get("second_factor"):
        return  # recorded by the code step itself
    audit.record("login.failed", request=request, subject=_user_named(username), username=username)


@receiver(user_locked_out)
def locked_out(sender, request, username, ip_address, **kwargs):
    audit.record("login.locked_out", request=request, subject=_user_named(username), username=str(username or ""))


@receiver(user_logged_out)
def logged_out(sender, request, user, **kwargs):
    if user is not None:
        audit.record("logout", request=request, actor=user, subject=user)


@receiver(pre_save, sender=User)
def remember_account_state(sender, instance, raw=False, **kwargs):
    """Keep what the account was before saving, to tell afterwards what changed."""
    instance._security_before = None
    if raw or instance.pk is None:
        return
    instance._security_before = (
        User.objects.filter(pk=instance.pk).values("is_active", "is_superuser", "password").first()
    )


@receiver(post_save, sender=User)
def account_saved(sender, instance, created, raw=False, **kwargs):
    if raw:
        return
    request = current_request.get()
    if created:
        audit.record("user.created", request=request, subject=instance)
        return
    before = getattr(instance, "_security_before", None)
    if not before:
        return
    if before["is_active"] and not instance.is_active:
        audit.record("user.deactivated", request=request, subject=instance)
    elif not before["is_active"] and instance.is_active:
        audit.record("user.reactivated", request=request, subject=instance)
    if before["is_superuser"] != instance.is_superuser:
        action = "superuser.granted" if instance.is_superuser else "superuser.revoked"
        audit.record(action, request=request, subject=instance)
    # A new password set on purpose: Django keeps the raw password until saved; an upgraded hash (at sign-in)
    # is saved without it.
    if before["password"] != instance.password and getattr(instance, "_password", None) is not None:
        name = request.resolver_match.url_name if request is not None and request.resolver_match else None
        if name == RESET_CONFIRM:
            audit.record("password.reset_completed", request=request, actor=instance, subject=instance)
        else:
            audit.record("password.changed", request=request, subject=instance)


@receiver(post_delete, sender=User)
def account_deleted(sender, instance, **kwargs):
    audit.record("user.deleted", request=current_request.get(), username=instance.get_username(), user_id=instance.pk)


@receiver(m2m_changed, sender=User.groups.through)
def groups_changed(sender, instance, action, reverse, model, pk_set, **kwargs):
    """Someone joined or left a group (a role in a region, a partner organisation, or any other group)."""
    if action not in ("post_add", "post_remove", "pre_clear"):
        return
    request = current_request.get()
    if action == "pre_clear":
        if reverse:
            pairs = [(user, instance) for user in instance.user_set.all()]
        else:
            pairs = [(instance, group) for group in instance.groups.all()]
        verb = "group.left"
    else:
        if not pk_set:
            return
        if reverse:
            pairs = [(user, instance) for user in User.objects.filter(pk__in=pk_set)]
        else:
            pairs = [(instance, group) for group in Group.objects.filter(pk__in=pk_set)]
        verb = "group.joined" if action == "post_add" else "group.left"
    for user, group in pairs:
        audit.record(verb, request=request, subject=user, region=_region_of_group(group), group=group.name)


def _region_of_group(group):
    from wegweiser.regions.models import RegionRole

    role = RegionRole.objects.filter(group=group).select_related("region").first()
    if role is not None:
        return role.region
    organisation_group = getattr(group, "organisation", None)
    if organisation_group is not None:
        return getattr(organisation_group, "region", None)
    return None
