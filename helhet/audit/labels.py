"""The access log in plain words, in the reader's language: what an action did and the actor's
role, for the family's "who looked at our case" (domain rule 6) and the professionals' access logs.
The events store codes (``case.read``, ``coordinator``); these render them."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

# By action name, then by the part before the first dot; anything else is said generally.
_BY_ACTION = {
    "case.read": _("looked at the case"),
    "case.export": _("printed or downloaded the plan"),
    "case.access_log.read": _("looked at who has looked at the case"),
    "child.read": _("looked at the child's details and the guardians' contact details"),
    "child.lookup": _("searched for the child"),
    "child.create": _("registered the child"),
    "child.national_id_add": _("added the child's identity number"),
    "concern.read": _("read a concern about the child"),
    "concern.create": _("wrote down a concern"),
    "work.read": _("saw the case in their list of work"),
    "api.list": _("read the case's information through another system"),
    "audit.search": _("searched the access log (data protection)"),
    "log.add": _("wrote in the log"),
    "log.correct": _("corrected the log"),
    "log.withhold": _("kept a log entry from the guardians"),
    "consent.record": _("recorded a consent"),
    "consent.withdraw": _("recorded a withdrawn consent"),
    "consent.give": _("gave consent in the portal"),
    "consent.decline": _("said no in the portal"),
    "consent.propose": _("asked you about consent"),
    "lawful_basis.record": _("shared information without consent, on a legal ground"),
    "handover.propose": _("asked someone to take over as coordinator"),
    "handover.accept": _("took over as coordinator"),
    "case.team_add": _("added someone to the team"),
    "case.team_remove": _("took someone off the team"),
    "case.level_change": _("changed the level of help"),
    "case.close": _("closed the case"),
    "family_input.add": _("wrote what matters to them"),
    "portal.sharing": _("chose what the guardians see"),
    "portal.copy": _("downloaded a copy of everything"),
    "signal.read": _("looked at an absence signal about the child"),
    "signal.list": _("saw the list of absence signals"),
    "signal.dismiss": _("dismissed an absence signal"),
    "signal.concern": _("wrote down a concern from an absence signal"),
    "absence.import": _("imported the school's absence records"),
    "absence_rule.save": _("changed the municipality's absence rules"),
    "enrolment.list": _("saw the school's list of pupils and contact teachers"),
    "enrolment.contact_teacher": _("named the pupil's contact teacher"),
}
_BY_PREFIX = {
    "plan": _("worked on the plan"),
    "meeting": _("worked on a meeting"),
    "concern": _("decided about a concern"),
    "task": _("worked on a task"),
    "admin": _("looked at or changed the case as a system administrator"),
    "portal": _("looked at the case in the portal"),
    "help_request": _("asked for help"),
    "retention": _("archived, deleted or put on hold by the retention rules"),
    "archive": _("looked at the archive (data protection)"),
}


def what_was_done(action: str) -> str:
    if action in _BY_ACTION:
        return str(_BY_ACTION[action])
    prefix = action.split(".", 1)[0]
    if prefix in _BY_PREFIX:
        return str(_BY_PREFIX[prefix])
    return str(_("looked at or changed the case's information"))


def who(event) -> str:
    """Who acted: a professional by name; a citizen by their role, never by name."""
    if event.actor_id:
        return event.actor.name or str(_("A professional"))
    if event.actor_role == "young person":
        return str(_("The young person"))
    if event.actor_role == "guardian":
        return str(_("A guardian"))
    return str(_("The system"))


_ROLES = {
    "coordinator": _("Coordinator"),
    "team member": _("Team member"),
    "author": _("Author"),
    "leader": _("Service leader"),
    "handover receiver": _("New coordinator (handover)"),
    "data protection officer": _("Data protection officer"),
    "operator": _("Operator"),
    "guardian": _("Guardian"),
    "young person": _("The young person"),
    "contact teacher": _("Contact teacher"),
}


def role_label(role: str) -> str:
    """The actor's role in the reader's language; an unknown code as it is."""
    return str(_ROLES[role]) if role in _ROLES else role
