"""A professional's login ends any citizen session in the same browser (two doors, two
sessions); a new log entry tells the family there is news."""

from __future__ import annotations

from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import post_save
from django.dispatch import receiver

from helhet.cases.models import LogEntry
from helhet.portal.session import ID_TOKEN_KEY, LAST_SEEN_KEY, SESSION_KEY


@receiver(user_logged_in, dispatch_uid="helhet.portal.end_citizen_session")
def _end_citizen_session(sender, request, user, **kwargs):
    if request is None:
        return
    for key in (SESSION_KEY, ID_TOKEN_KEY, LAST_SEEN_KEY):
        request.session.pop(key, None)


@receiver(post_save, sender=LogEntry, dispatch_uid="helhet.portal.family_news")
def _family_news(sender, instance, created, **kwargs):
    # Whatever the team or the system writes in the log is news for the family.
    if created and not kwargs.get("raw") and not instance.citizen_role:
        from helhet.portal.notifications import notify_family

        notify_family(instance.case)
