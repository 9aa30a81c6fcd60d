"""The tamper-evident access log: who read or changed which child's data, when and why.

Events are append-only (database triggers refuse UPDATE and DELETE) and hash-chained per chain
(one chain per municipality, see docs/decisions/0008-audit-chains.md): each event carries the
previous event's hash and an HMAC of its own content keyed from outside the database.

References to people and cases are plain ids without foreign-key constraints, so that nothing
that happens to those rows later (deletion, cascades) ever changes an audit event.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


def _ref(verbose_name, to: str):
    return models.ForeignKey(
        to,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=verbose_name,
    )


class AuditEvent(models.Model):
    chain = models.CharField(_("chain"), max_length=40)
    sequence = models.BigIntegerField(_("sequence"))
    occurred_at = models.DateTimeField(_("time"))
    actor = _ref(_("actor"), "people.User")
    actor_role = models.CharField(_("role"), max_length=40, blank=True)
    # A citizen acting in the portal has no user: an opaque reference to the guardian
    # ("network_person:<id>") or the young person ("child:<id>") instead.
    citizen_ref = models.CharField(_("citizen"), max_length=40, blank=True, db_default="")
    service = _ref(_("service"), "directory.Service")
    municipality = _ref(_("municipality"), "tenancy.Municipality")
    child = _ref(_("child or young person"), "people.Child")
    case_id = models.BigIntegerField(_("case"), null=True, blank=True)
    action = models.CharField(_("action"), max_length=60)
    object_type = models.CharField(_("object type"), max_length=40, blank=True)
    object_id = models.CharField(_("object id"), max_length=40, blank=True)
    purpose = models.CharField(_("purpose"), max_length=200, blank=True)
    request_id = models.CharField(_("request id"), max_length=64, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)
    # The fingerprint of the key that sealed it (helhet.audit.chain.key_id); empty before key ids.
    key_id = models.CharField(max_length=16, blank=True, db_default="")

    class Meta:
        verbose_name = _("access log event")
        verbose_name_plural = _("access log events")
        constraints = [
            models.UniqueConstraint(fields=["chain", "sequence"], name="audit_event_unique_seq")
        ]
        indexes = [
            models.Index(fields=["municipality", "occurred_at"]),
            models.Index(fields=["child", "occurred_at"]),
            models.Index(fields=["case_id", "occurred_at"]),
            models.Index(fields=["actor", "occurred_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.chain}#{self.sequence} {self.action}"


class AuditChain(models.Model):
    """The head of one chain: the last sequence number and hash, locked while appending."""

    key = models.CharField(max_length=40, unique=True)
    last_sequence = models.BigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default="0" * 64)

    class Meta:
        verbose_name = _("access log chain")
        verbose_name_plural = _("access log chains")

    def __str__(self) -> str:
        return self.key
