"""The tenant: a municipality and its jurisdiction profile.

Everything personal in Helhet belongs to exactly one ``Municipality``. The jurisdiction profile
(level model, consent age, concern deadline) holds the rules that differ between Nordic countries
and municipalities, so that no country's law is hard-coded in the services.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class Country(models.TextChoices):
    NORWAY = "NO", _("Norway")
    SWEDEN = "SE", _("Sweden")
    DENMARK = "DK", _("Denmark")
    FINLAND = "FI", _("Finland")
    ICELAND = "IS", _("Iceland")
    FAROE_ISLANDS = "FO", _("Faroe Islands")
    GREENLAND = "GL", _("Greenland")
    ALAND = "AX", _("Åland")


class ConsentAge(models.IntegerChoices):
    FIFTEEN = 15, _("15 years")
    SIXTEEN = 16, _("16 years")
    EIGHTEEN = 18, _("18 years")


class LevelModel(models.Model):
    """A ladder of collaboration levels, e.g. BTI 0–3 or Iceland's service levels 1–3."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=120)

    class Meta:
        verbose_name = _("level model")
        verbose_name_plural = _("level models")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Level(models.Model):
    model = models.ForeignKey(
        LevelModel, on_delete=models.CASCADE, related_name="levels", verbose_name=_("level model")
    )
    number = models.PositiveSmallIntegerField(_("number"))
    name = models.CharField(_("name"), max_length=160)

    class Meta:
        verbose_name = _("level")
        verbose_name_plural = _("levels")
        ordering = ["model", "number"]
        constraints = [
            models.UniqueConstraint(fields=["model", "number"], name="level_unique_number")
        ]

    def __str__(self) -> str:
        return self.name


class WellbeingFramework(models.Model):
    """A set of life areas that plan goals are linked to, e.g. GIRFEC's eight indicators."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=120)

    class Meta:
        verbose_name = _("wellbeing framework")
        verbose_name_plural = _("wellbeing frameworks")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class LifeArea(models.Model):
    framework = models.ForeignKey(
        WellbeingFramework,
        on_delete=models.CASCADE,
        related_name="areas",
        verbose_name=_("wellbeing framework"),
    )
    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=120)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("life area")
        verbose_name_plural = _("life areas")
        ordering = ["framework", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "code"], name="life_area_unique_code")
        ]

    def __str__(self) -> str:
        return self.name


class Municipality(models.Model):
    name = models.CharField(_("name"), max_length=120)
    country = models.CharField(_("country"), max_length=2, choices=Country.choices)
    default_language = models.CharField(
        _("default language"), max_length=8, choices=settings.LANGUAGES, default="nb"
    )
    # --- jurisdiction profile ---
    level_model = models.ForeignKey(
        LevelModel,
        on_delete=models.PROTECT,
        related_name="municipalities",
        verbose_name=_("level model"),
    )
    consent_age = models.PositiveSmallIntegerField(
        _("consent age"),
        choices=ConsentAge.choices,
        default=ConsentAge.FIFTEEN,
        help_text=_("From this age the young person consents on their own behalf."),
    )
    joint_consent_until_age = models.PositiveSmallIntegerField(
        _("guardians also consent until age"),
        null=True,
        blank=True,
        validators=[MinValueValidator(15), MaxValueValidator(18)],
        help_text=_(
            "Optional: between the consent age and this age both the young person and the "
            "guardians consent."
        ),
    )
    concern_decision_days = models.PositiveSmallIntegerField(
        _("days to decide on a concern"),
        default=14,
        validators=[MinValueValidator(1), MaxValueValidator(90)],
    )
    wellbeing_framework = models.ForeignKey(
        WellbeingFramework,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="municipalities",
        verbose_name=_("wellbeing framework"),
        help_text=_("The life areas of plan goals. Empty: the Nordic default."),
    )
    handover_reminder_days = models.PositiveSmallIntegerField(
        _("remind about a pending handover after (days)"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(30)],
    )
    portal_age = models.PositiveSmallIntegerField(
        _("portal age"),
        default=13,
        validators=[MinValueValidator(10), MaxValueValidator(18)],
        help_text=_("From this age the young person sees their own case in the portal."),
    )
    guardian_consent_grace_days = models.PositiveSmallIntegerField(
        _("days a guardians' consent lasts after the consent age"),
        default=30,
        validators=[MinValueValidator(0), MaxValueValidator(180)],
        help_text=_(
            "A consent that only the guardians gave ends this many days after the young "
            "person's birthday at the consent age, unless they give their own."
        ),
    )
    # --- retention (helhet.retention, docs/retention.md): set them to the municipality's
    # archive plan; the defaults only keep a new municipality from deleting anything early.
    concern_retention_days = models.PositiveSmallIntegerField(
        _("delete a concern closed without action after (days)"),
        default=365,
        validators=[MinValueValidator(30), MaxValueValidator(3650)],
    )
    case_archive_days = models.PositiveSmallIntegerField(
        _("archive a closed case after (days)"),
        default=90,
        validators=[MinValueValidator(1), MaxValueValidator(3650)],
        help_text=_("An archived case is read-only and only the data protection officer sees it."),
    )
    case_deletion_days = models.PositiveSmallIntegerField(
        _("delete a closed case after (days)"),
        default=1825,
        validators=[MinValueValidator(30), MaxValueValidator(9125)],
        help_text=_("Counted from the day it was closed; longer than the archive time."),
    )
    record_deletion_days = models.PositiveSmallIntegerField(
        _("delete a record with nothing left after (days)"),
        default=30,
        validators=[MinValueValidator(0), MaxValueValidator(365)],
        help_text=_(
            "A child and guardians with no case, concern or other follow-up left are deleted, "
            "once this many days have passed since the child was registered."
        ),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["country", "name"], name="municipality_unique_name"),
            models.CheckConstraint(
                condition=models.Q(consent_age__in=[15, 16, 18]),
                name="municipality_consent_age_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(joint_consent_until_age__isnull=True)
                | models.Q(joint_consent_until_age__gt=models.F("consent_age")),
                name="municipality_joint_consent_after_consent_age",
            ),
            models.CheckConstraint(
                condition=models.Q(concern_decision_days__gte=1),
                name="municipality_concern_days_positive",
            ),
            models.CheckConstraint(
                condition=models.Q(case_deletion_days__gt=models.F("case_archive_days")),
                name="municipality_case_deleted_after_archived",
            ),
        ]

    def __str__(self) -> str:
        return self.name
