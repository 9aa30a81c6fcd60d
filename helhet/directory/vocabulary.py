"""The fixed vocabularies of the directory: sectors and the needs a service can help with.

Both are code lists with translated labels, so a Norwegian user searching "skolefravær" and an
English user searching "school absence" find the same services.
"""

from __future__ import annotations

from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Sector(models.TextChoices):
    SCHOOL = "school", _("School")
    UPPER_SECONDARY = "upper_secondary", _("Upper secondary school")
    KINDERGARTEN = "kindergarten", _("Kindergarten")
    PPT = "ppt", _("Educational-psychological service (PPT)")
    CHILD_WELFARE = "child_welfare", _("Child welfare")
    HEALTH_STATION = "health_station", _("Health station and school health service")
    FAMILY_CENTRE = "family_centre", _("Family centre")
    NAV = "nav", _("NAV (labour and welfare)")
    CHILD_MENTAL_HEALTH = "child_mental_health", _("Child and adolescent mental health (BUP)")
    GP = "gp", _("General practitioner")
    FOLLOW_UP = "follow_up", _("Follow-up service")
    LOW_THRESHOLD_YOUTH = "low_threshold_youth", _("Low-threshold youth service")
    POLICE = "police", _("Police and SLT (crime prevention)")
    SOCIAL_SERVICES = "social_services", _("Social services")
    LEISURE = "leisure", _("Leisure and culture")
    OTHER = "other", pgettext_lazy("sector", "Other")


class Need(models.TextChoices):
    SCHOOL_ABSENCE = "school_absence", _("School absence")
    DROPOUT = "dropout", _("Dropping out of school or work")
    LEARNING = "learning", _("Learning difficulties")
    SPEECH_LANGUAGE = "speech_language", _("Speech and language")
    DEVELOPMENT = "development", _("Child development")
    DISABILITY = "disability", _("Disability and special needs")
    MENTAL_HEALTH = "mental_health", _("Mental health")
    BEHAVIOUR = "behaviour", _("Behaviour")
    BULLYING = "bullying", _("Bullying")
    LONELINESS = "loneliness", _("Loneliness and friendship")
    SUBSTANCE_USE = "substance_use", _("Alcohol and drugs")
    VIOLENCE_ABUSE = "violence_abuse", _("Violence and abuse")
    PARENTING = "parenting", _("Parenting support")
    FAMILY_CONFLICT = "family_conflict", _("Family conflict and divorce")
    PHYSICAL_HEALTH = "physical_health", _("Physical health")
    SEXUAL_HEALTH = "sexual_health", _("Sexual health")
    FINANCES = "finances", _("Family finances")
    HOUSING = "housing", _("Housing")
    WORK = "work", _("Work and activity")
    LEISURE = "leisure", _("Leisure activities")
    CRIME_PREVENTION = "crime_prevention", _("Crime prevention")
    NEWLY_ARRIVED = "newly_arrived", _("Newly arrived and language")


def needs_matching(text: str) -> set[str]:
    """Codes of the needs whose label, in any of our languages, contains ``text``."""
    from django.conf import settings

    needle = text.casefold().strip()
    if not needle:
        return set()
    found: set[str] = set()
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            found.update(code for code, label in Need.choices if needle in str(label).casefold())
    return found
