"""What the municipal administrator keeps in Helhet's own pages: invitations of professionals
(a one-time link) and the history of the jurisdiction profile. People and memberships are the
``people`` app's; the profile's fields are the ``Municipality``'s."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from helhet.people.models import Professional
from helhet.tenancy.models import Municipality


class Invitation(models.Model):
    """A one-time link to set a password (then the authenticator): only the SHA-256 of the
    token is stored, so the database alone cannot be used to accept it."""

    professional = models.ForeignKey(
        Professional, on_delete=models.CASCADE, related_name="invitations"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(Professional, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("sent"))
    expires_at = models.DateTimeField(_("valid until"))
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"Invitation {self.pk}"


class ProfileChange(models.Model):
    """One saved edit of the jurisdiction profile: which fields, from what to what (codes and
    numbers, no person)."""

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    changed_by = models.ForeignKey(Professional, on_delete=models.PROTECT, related_name="+")
    changed_at = models.DateTimeField(_("changed"))
    changes = models.JSONField()  # {field: [before, after]}

    class Meta:
        verbose_name = _("profile change")
        verbose_name_plural = _("profile changes")
        ordering = ["-changed_at", "-pk"]

    def __str__(self) -> str:
        return f"Profile change {self.pk}"


class SingleSignOnLink(models.Model):
    """Which subject at a municipality's identity provider is which user: made at the first
    login through the provider (by the invited or imported address), then the subject is what
    counts, so a changed e-mail claim cannot move a login to another account."""

    user = models.ForeignKey("people.User", on_delete=models.CASCADE, related_name="+")
    provider = models.CharField(max_length=60)  # the key in HELHET_STAFF_OIDC
    subject = models.CharField(max_length=255)
    linked_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["provider", "subject"], name="sso_subject_once"),
            models.UniqueConstraint(fields=["provider", "user"], name="sso_user_once"),
        ]

    def __str__(self) -> str:
        return f"{self.provider}:{self.user_id}"
