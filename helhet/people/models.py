"""People: accounts of professionals, their memberships, children and their networks.

A ``User`` is a login. A ``Professional`` is a user working in one municipality, in one or more
services (``Membership``). A ``Child`` (0–24) and the ``NetworkPerson``s around them belong to
exactly one municipality; they are personal data, read and written only through the services,
selectors and the access policy.
"""

from __future__ import annotations

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from helhet.core.text import LANGUAGE, LINE, NAME, NAME_PART, PHONE, ROLE
from helhet.directory.models import Service
from helhet.tenancy.models import Municipality


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra):
        extra.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField(_("e-mail"), unique=True)
    name = models.CharField(_("name"), max_length=NAME, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(
        _("staff status"), default=False, help_text=_("May log in to the Django admin.")
    )
    is_demo = models.BooleanField(
        _("demo account"),
        default=False,
        help_text=_("Made by the demo; may skip the second factor only while HELHET_DEMO is on."),
    )
    date_joined = models.DateTimeField(_("joined"), auto_now_add=True)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["name"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.name or self.email

    def get_full_name(self) -> str:
        return self.name

    def get_short_name(self) -> str:
        return self.name.split(" ")[0] if self.name else self.email


class Professional(models.Model):
    user = models.OneToOneField(
        User, on_delete=models.CASCADE, related_name="professional", verbose_name=_("user")
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="professionals",
        verbose_name=_("municipality"),
    )
    title = models.CharField(_("title"), max_length=ROLE, blank=True)
    phone = models.CharField(_("phone"), max_length=PHONE, blank=True)
    is_municipal_admin = models.BooleanField(
        _("municipal administrator"),
        default=False,
        help_text=_("Maintains the service directory and the municipality's professionals."),
    )
    is_data_protection_officer = models.BooleanField(
        _("data protection officer"),
        default=False,
        help_text=_("May search the municipality's access log."),
    )
    is_leader_group = models.BooleanField(
        _("member of the 0–24 leader group"),
        default=False,
        help_text=_(
            "The municipality's leaders of the services for children and young people: they "
            "see the whole municipality's indicators (figures only, never a child)."
        ),
    )

    class Meta:
        verbose_name = _("professional")
        verbose_name_plural = _("professionals")
        ordering = ["user__name"]

    def __str__(self) -> str:
        return str(self.user)


class MembershipRole(models.TextChoices):
    STAFF = "staff", _("Staff")
    LEADER = "leader", _("Service leader")


class Membership(models.Model):
    professional = models.ForeignKey(
        Professional,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("professional"),
    )
    service = models.ForeignKey(
        Service, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("service")
    )
    role = models.CharField(
        _("role"), max_length=20, choices=MembershipRole.choices, default=MembershipRole.STAFF
    )

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["professional", "service"], name="membership_unique_per_service"
            )
        ]

    def __str__(self) -> str:
        return f"{self.professional} – {self.service} ({self.get_role_display()})"


class Child(models.Model):
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name=_("municipality"),
    )
    given_name = models.CharField(_("given name"), max_length=NAME_PART)
    family_name = models.CharField(_("family name"), max_length=NAME_PART)
    date_of_birth = models.DateField(_("date of birth"))
    national_id = models.CharField(
        _("national identity number"), max_length=13, null=True, blank=True
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("child or young person")
        verbose_name_plural = _("children and young people")
        ordering = ["family_name", "given_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "national_id"],
                condition=models.Q(national_id__isnull=False),
                name="child_unique_national_id_in_municipality",
            ),
        ]
        indexes = [
            models.Index(fields=["municipality", "family_name", "given_name"]),
            models.Index(fields=["national_id"]),
        ]

    def __str__(self) -> str:
        return f"{self.given_name} {self.family_name}"


class Relation(models.TextChoices):
    MOTHER = "mother", _("Mother")
    FATHER = "father", _("Father")
    PARENT = "parent", _("Parent")
    FOSTER_PARENT = "foster_parent", _("Foster parent")
    GUARDIAN = "guardian", _("Appointed guardian")
    STEP_PARENT = "step_parent", _("Step-parent")
    SIBLING = "sibling", _("Sibling")
    GRANDPARENT = "grandparent", _("Grandparent")
    OTHER_RELATIVE = "other_relative", _("Other relative")
    FRIEND = "friend", _("Friend or neighbour")
    OTHER = "other", pgettext_lazy("relation", "Other")


class PortalRestriction(models.TextChoices):
    """Why a guardian may see nothing of the child in the portal (domain rule 10)."""

    COURT_DECISION = "court_decision", _("Court decision")
    PROTECTIVE_MEASURE = "protective_measure", _("Protective measure")
    PROTECTED_ADDRESS = "protected_address", _("The child has a protected address")


class NetworkPerson(models.Model):
    """A guardian or another person around the child, with their relation and contact details."""

    child = models.ForeignKey(
        Child,
        on_delete=models.CASCADE,
        related_name="network",
        verbose_name=_("child or young person"),
    )
    # Denormalised tenant key: every personal row filters by municipality without a join.
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="network_persons",
        verbose_name=_("municipality"),
    )
    name = models.CharField(_("name"), max_length=NAME)
    relation = models.CharField(_("relation to the child"), max_length=30, choices=Relation.choices)
    has_parental_responsibility = models.BooleanField(
        _("has parental responsibility"),
        default=False,
        help_text=_("Guardians consent on behalf of a child below the consent age."),
    )
    lives_with_child = models.BooleanField(_("lives with the child"), default=False)
    phone = models.CharField(_("phone"), max_length=PHONE, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    address = models.CharField(_("address"), max_length=LINE, blank=True)
    preferred_language = models.CharField(_("preferred language"), max_length=LANGUAGE, blank=True)
    # The identity number the portal's e-ID login matches (only guardians log in).
    national_id = models.CharField(
        _("national identity number"), max_length=13, null=True, blank=True
    )
    portal_restriction = models.CharField(
        _("portal access restricted"),
        max_length=30,
        choices=PortalRestriction.choices,
        blank=True,
        help_text=_("A restricted guardian sees nothing of the child in the portal."),
    )
    address_protected = models.BooleanField(
        _("protected address"),
        default=False,
        help_text=_("Never shown in the portal or in the family's copy."),
    )
    needs_interpreter = models.BooleanField(_("needs an interpreter"), default=False)

    class Meta:
        verbose_name = _("network person")
        verbose_name_plural = _("network persons")
        ordering = ["-has_parental_responsibility", "name"]
        indexes = [models.Index(fields=["national_id"])]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_relation_display()})"
