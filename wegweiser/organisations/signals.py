from django.contrib.auth.models import Group
from django.db.models.signals import post_delete
from django.dispatch import receiver

from .models import Organisation


@receiver(post_delete, sender=Organisation)
def remove_the_organisations_group(sender, instance: Organisation, **kwargs):
    """Its people lose their rights with the organisation (also when its region is deleted)."""
    if instance.group_id is not None:
        Group.objects.filter(pk=instance.group_id).delete()
