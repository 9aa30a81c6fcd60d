""" "There is news in your case – log in": an e-mail to the participating guardians, without any
personal data, through the background queue; at most once a day per guardian."""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task

from helhet.cases.models import Case
from helhet.core import clock
from helhet.people.models import NetworkPerson
from helhet.portal.models import FamilyNotification, GuardianSharing

logger = logging.getLogger(__name__)

NEWS_INTERVAL = datetime.timedelta(hours=24)


def _guardians_to_tell(case: Case) -> list[int]:
    """Participating guardians with an e-mail address who may see the case in the portal: not
    restricted, and for a young person at the consent age only if they share something. One
    query for the common case of a log write with no such guardian (every write passes here)."""
    guardians = list(
        case.guardians.filter(portal_restriction="", national_id__isnull=False)
        .exclude(email="")
        .values_list("pk", flat=True)
    )
    if not guardians:
        return []
    if clock.age_on(case.child.date_of_birth) >= case.municipality.consent_age:
        shared = GuardianSharing.objects.filter(case=case).first()
        if not shared or not any((shared.overview, shared.plan, shared.meetings, shared.log)):
            return []
    return guardians


def notify_family(case: Case) -> None:
    """Queue the news e-mails once the writing transaction has committed."""
    for pk in _guardians_to_tell(case):
        transaction.on_commit(lambda pk=pk: send_family_news.enqueue(pk))


def compose(person: NetworkPerson) -> tuple[str, str]:
    language = person.preferred_language or person.municipality.default_language
    if language not in dict(settings.LANGUAGES):
        language = person.municipality.default_language
    with translation.override(language):
        subject = _("There is news in your case in Helhet")
        body = "\n".join(
            [
                _("Hello,"),
                "",
                _("There is news in the case you follow in Helhet. Log in to see it:"),
                f"{settings.HELHET_BASE_URL}/portal/",
                "",
                _(
                    "For your privacy this e-mail says nothing about the case. Only you can see "
                    "it, after logging in with your e-ID."
                ),
            ]
        )
    return subject, body


@task()
def send_family_news(network_person_id: int) -> None:
    with transaction.atomic():
        person = (
            NetworkPerson.objects.select_for_update()
            .select_related("municipality")
            .filter(pk=network_person_id)
            .first()
        )
        if person is None or not person.email or person.portal_restriction:
            return
        last = FamilyNotification.objects.filter(network_person=person).first()
        now = clock.now()
        if last is not None and now - last.sent_at < NEWS_INTERVAL:
            return
        subject, body = compose(person)
        send_mail(subject, body, None, [person.email])
        FamilyNotification.objects.update_or_create(
            network_person=person, defaults={"sent_at": now}
        )
        logger.info("family news e-mail sent to network person %s", person.pk)
