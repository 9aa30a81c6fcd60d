"""The service directory: "who can help with what" in a municipality."""

from __future__ import annotations

from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from helhet.core.text import KEYWORDS, LINE, NAME, PHONE, ROLE, SHORT_TEXT, TEXT
from helhet.directory.vocabulary import Need, Sector
from helhet.tenancy.models import Municipality

MAX_AGE = 24


class Service(models.Model):
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="services",
        verbose_name=_("municipality"),
    )
    name = models.CharField(_("name"), max_length=NAME)
    sector = models.CharField(_("sector"), max_length=40, choices=Sector.choices)
    description = models.TextField(
        _("what the service offers"),
        max_length=TEXT,
        help_text=_("In plain words: what you help with and how."),
    )
    min_age = models.PositiveSmallIntegerField(
        _("from age"), default=0, validators=[MaxValueValidator(MAX_AGE)]
    )
    max_age = models.PositiveSmallIntegerField(
        _("to age"), default=MAX_AGE, validators=[MaxValueValidator(MAX_AGE)]
    )
    how_to_get_in_touch = models.TextField(
        _("how to get in touch"),
        max_length=SHORT_TEXT,
        blank=True,
        help_text=_("E.g. call in office hours, drop in, referral needed or not."),
    )
    phone = models.CharField(_("phone"), max_length=PHONE, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    address = models.CharField(_("address"), max_length=LINE, blank=True)
    website = models.URLField(_("website"), blank=True)
    opening_hours = models.CharField(_("opening hours"), max_length=LINE, blank=True)
    is_low_threshold = models.BooleanField(
        _("drop-in / low-threshold offer"),
        default=False,
        help_text=_("No referral or appointment needed."),
    )
    keywords = models.CharField(
        _("search words"),
        max_length=KEYWORDS,
        blank=True,
        help_text=_("Other words people use for what you help with, separated by commas."),
    )
    is_front_door = models.BooleanField(
        _("front door"),
        default=False,
        help_text=_("Receives the families' help requests that name no service."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    # Folded copies of the service's own text and of its name, every Nordic spelling of each
    # word (helhet.directory.search), kept by the services; matched the same on SQLite (whose
    # LIKE folds only ASCII) and PostgreSQL (where a GIN trigram index, migration 0004, serves
    # search_text).
    search_text = models.TextField(editable=False, default="")
    search_name = models.TextField(editable=False, default="")
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("service")
        verbose_name_plural = _("services")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "name"], name="service_unique_name_in_municipality"
            ),
            models.CheckConstraint(
                condition=models.Q(min_age__lte=models.F("max_age")),
                name="service_age_range_ordered",
            ),
            models.CheckConstraint(
                condition=models.Q(max_age__lte=MAX_AGE), name="service_max_age_within_0_24"
            ),
        ]
        indexes = [models.Index(fields=["municipality", "sector"])]

    def __str__(self) -> str:
        return self.name


class ServiceNeed(models.Model):
    service = models.ForeignKey(
        Service, on_delete=models.CASCADE, related_name="needs", verbose_name=_("service")
    )
    need = models.CharField(_("need"), max_length=40, choices=Need.choices)

    class Meta:
        verbose_name = _("need the service helps with")
        verbose_name_plural = _("needs the service helps with")
        constraints = [
            models.UniqueConstraint(fields=["service", "need"], name="service_need_unique")
        ]
        indexes = [models.Index(fields=["need", "service"])]

    def __str__(self) -> str:
        return self.get_need_display()


class ContactPerson(models.Model):
    service = models.ForeignKey(
        Service, on_delete=models.CASCADE, related_name="contacts", verbose_name=_("service")
    )
    name = models.CharField(_("name"), max_length=NAME)
    role = models.CharField(_("role"), max_length=ROLE, blank=True)
    phone = models.CharField(_("phone"), max_length=PHONE, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    ask_me_about = models.CharField(
        _("ask me about"),
        max_length=KEYWORDS,
        blank=True,
        help_text=_("What this person is the right contact for."),
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("contact person")
        verbose_name_plural = _("contact persons")
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name
