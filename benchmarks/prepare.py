"""Prepare a load benchmark: pick professionals, log them in, give them API tokens.

    uv run python -m benchmarks.prepare --users 20 --out var/bench/profiles.json

Picks N active professionals who are on the team (coordinator included) of open cases they can
see today — half from the largest municipality (most children), half spread round-robin over the
others — and for each:

- a TOTP authenticator (allauth.mfa's model, as a real user would have after set-up), so the
  second-factor gate lets them through;
- a logged-in session in the database (SESSION_ENGINE is Django's default, the database), so
  every gunicorn worker accepts the cookie; the benchmark never logs in through the form, since
  the login needs a TOTP code and is not what is measured;
- a read-scope API token (``helhet.api.services.token_create``), expiring tomorrow.

Writes a JSON file with, per professional, the session cookie, the API token, the ids of open
cases they can see, and synthetic identity numbers of children in their municipality (for
concern registration). The file holds live credentials for the benchmark database: it goes under
var/ or /tmp and is never committed.

Run it with the same environment (DATABASE_URL, SECRET_KEY) as the server: the session's auth
hash is signed with SECRET_KEY.
"""

from __future__ import annotations

import argparse
import base64
import datetime
import json
import os
import random
import secrets
import sys
from collections import defaultdict
from pathlib import Path

CASES_PER_USER = 20
IDENTITY_NUMBERS_PER_USER = 20
# Identity numbers are sampled from this many children of the municipality; enough variety
# without scanning a large municipality's children.
IDENTITY_NUMBER_POOL = 500


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "helhet.settings")
    import django

    django.setup()


def _candidates() -> tuple[list[int], dict[int, list[int]]]:
    """Municipality ids, largest first, and per municipality the ids of professionals who are
    active team members of an open case there."""
    from django.db.models import Count

    from helhet.cases.models import CaseStatus, TeamMember
    from helhet.people.models import Child

    by_municipality: dict[int, set[int]] = defaultdict(set)
    rows = (
        TeamMember.objects.filter(
            left_at__isnull=True,
            case__status=CaseStatus.OPEN,
            professional__user__is_active=True,
        )
        .values_list("case__municipality_id", "professional_id")
        .distinct()
    )
    for municipality_id, professional_id in rows.iterator(chunk_size=10_000):
        by_municipality[municipality_id].add(professional_id)
    children = dict(
        Child.objects.filter(municipality_id__in=list(by_municipality))
        .values("municipality_id")
        .annotate(n=Count("id"))
        .values_list("municipality_id", "n")
    )
    # Largest by children; ties broken by how many professionals work on open cases there.
    order = sorted(
        by_municipality,
        key=lambda m: (-children.get(m, 0), -len(by_municipality[m]), m),
    )
    return order, {m: sorted(by_municipality[m]) for m in order}


PLACEMENTS = ("mixed", "largest", "spread")


def _pick_order(
    order: list[int],
    candidates: dict[int, list[int]],
    users: int,
    rng: random.Random,
    placement: str = "mixed",
) -> list[int]:
    """Professional ids in the order to try: half from the largest municipality, half round-robin
    over the others; then the rest of each, so that a short supply on one side is made up by the
    other. ``placement`` "largest": all from the largest municipality (one access-log chain);
    "spread": all from the others, one municipality after another (the contention run)."""
    if not order:
        return []
    largest, others = order[0], order[1:]
    from_largest = list(candidates[largest])
    rng.shuffle(from_largest)
    pools = {m: rng.sample(candidates[m], len(candidates[m])) for m in others}
    spread: list[int] = []
    others_shuffled = rng.sample(others, len(others))
    while any(pools.values()):
        for m in others_shuffled:
            if pools[m]:
                spread.append(pools[m].pop())
    if placement == "largest":
        return from_largest
    if placement == "spread":
        return spread
    half = (users + 1) // 2
    first = from_largest[:half] + spread[: users - half]
    rest = from_largest[half:] + spread[users - half :]
    return first + rest


def _give_totp(user) -> None:
    from allauth.mfa.models import Authenticator
    from allauth.mfa.utils import encrypt

    if Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        return
    # As allauth stores an activated TOTP device: the encrypted base32 secret. Nobody enters a
    # code during the benchmark; the device only has to exist for the second-factor gate.
    secret = base64.b32encode(secrets.token_bytes(20)).decode()
    Authenticator.objects.create(
        user=user, type=Authenticator.Type.TOTP, data={"secret": encrypt(secret)}
    )


def _session_for(user) -> str:
    """A logged-in session in the session store, as ``django.contrib.auth.login`` leaves it."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    if settings.SESSION_ENGINE != "django.contrib.sessions.backends.db":
        # A cache-only session would live in one process's memory and be lost to gunicorn.
        sys.exit(f"prepare: SESSION_ENGINE is {settings.SESSION_ENGINE}; expected the database.")
    import time

    from allauth.account.internal.flows.login import record_authentication
    from django.http import HttpRequest

    from helhet.accounts.middleware import LAST_SEEN_KEY

    session = SessionStore()
    session[SESSION_KEY] = user._meta.pk.value_to_string(user)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    # As allauth's login leaves it: the password and the second-factor steps of this session
    # (Helhet lets a session in only once it passed the second factor), and the idle clock.
    request = HttpRequest()
    request.session = session
    request.user = user
    record_authentication(request, user, "password", email=user.email)
    record_authentication(request, user, "mfa", type="totp")
    session[LAST_SEEN_KEY] = time.time()
    session.create()
    return session.session_key


def _identity_numbers(municipality_id: int, rng: random.Random, cache: dict) -> list[str]:
    from helhet.people.models import Child

    if municipality_id not in cache:
        cache[municipality_id] = list(
            Child.objects.filter(
                municipality_id=municipality_id, national_id__isnull=False
            ).values_list("national_id", flat=True)[:IDENTITY_NUMBER_POOL]
        )
    pool = cache[municipality_id]
    return rng.sample(pool, min(IDENTITY_NUMBERS_PER_USER, len(pool)))


def dataset_sizes() -> dict:
    """Rows per main table, for the report: exact below a million rows, else the planner's
    estimate (summed over partitions), so a national-size count does not scan 20M rows."""
    from django.db import connection

    from helhet.audit.models import AuditEvent
    from helhet.cases.models import Case, LogEntry
    from helhet.people.models import Child, Professional
    from helhet.tenancy.models import Municipality

    models = {
        "municipalities": Municipality,
        "professionals": Professional,
        "children": Child,
        "cases": Case,
        "log_entries": LogEntry,
        "audit_events": AuditEvent,
    }
    sizes = {}
    with connection.cursor() as cursor:
        for name, model in models.items():
            cursor.execute(
                # A partitioned parent's own estimate is the sum of its partitions': count either.
                "SELECT coalesce(sum(greatest(c.reltuples, 0)), 0) FROM pg_class c"
                " WHERE (c.oid = %s::regclass AND c.relkind <> 'p') OR c.oid IN"
                " (SELECT inhrelid FROM pg_inherits WHERE inhparent = %s::regclass)",
                [model._meta.db_table, model._meta.db_table],
            )
            estimate = int(cursor.fetchone()[0])
            sizes[name] = estimate if estimate >= 1_000_000 else model.objects.count()
    return sizes


def prepare(*, users: int, seed: int = 2026, placement: str = "mixed") -> dict:
    """Pick and equip up to ``users`` professionals; the profiles as a JSON-ready dict."""
    from django.db import transaction

    from helhet.access import policy
    from helhet.api.services import token_create
    from helhet.cases.models import CaseStatus
    from helhet.cases.selectors.concerns import concern_services
    from helhet.core import clock
    from helhet.people.models import Professional

    rng = random.Random(seed)
    order, candidates = _candidates()
    largest = order[0] if order else None
    picked = []  # (professional, ids of open cases they see)
    for professional_id in _pick_order(order, candidates, users, rng, placement):
        if len(picked) >= users:
            break
        professional = Professional.objects.select_related("user").get(pk=professional_id)
        # Team members whose service is not covered (no consent yet) cannot see the case:
        # only cases the policy lets them see count.
        case_ids = list(
            policy.cases_visible_to(professional.user)
            .filter(status=CaseStatus.OPEN)
            .order_by("pk")
            .values_list("pk", flat=True)[:CASES_PER_USER]
        )
        if case_ids:
            picked.append((professional, case_ids))
    identity_cache: dict[int, list[str]] = {}
    profiles = []
    expires_on = clock.today() + datetime.timedelta(days=1)
    # One profile per simulated user. When the data has fewer suitable professionals than
    # users (the demo seed), a professional gets several sessions, as on several devices: two
    # simulated users never share a session, whose one-time form tokens would then race.
    for index in range(users if picked else 0):
        professional, case_ids = picked[index % len(picked)]
        user = professional.user
        with transaction.atomic():
            _give_totp(user)
            session_key = _session_for(user)
            token = token_create(user=user, name="benchmark", scope="read", expires_on=expires_on)
        profiles.append(
            {
                "user_id": user.pk,
                "municipality_id": professional.municipality_id,
                "in_largest_municipality": professional.municipality_id == largest,
                "is_demo": user.is_demo,
                "session": session_key,
                "api_token": token.plain,
                "case_ids": case_ids,
                "can_register_concern": concern_services(professional=professional).exists(),
                "identity_numbers": _identity_numbers(
                    professional.municipality_id, rng, identity_cache
                ),
            }
        )
    from django.conf import settings

    return {
        "created_at": clock.now().isoformat(),
        "session_cookie": settings.SESSION_COOKIE_NAME,
        "csrf_cookie": settings.CSRF_COOKIE_NAME,
        "largest_municipality_id": largest,
        "dataset": dataset_sizes(),
        "professionals": len(picked),
        "municipalities": len({p["municipality_id"] for p in profiles}),
        # The demo seed's professionals are demo accounts, which outside HELHET_DEMO are logged
        # out at once; run.py then serves with HELHET_DEMO on (smoke runs on the demo seed only).
        "needs_demo_mode": any(p["is_demo"] for p in profiles),
        "profiles": profiles,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=20, help="How many professionals.")
    parser.add_argument("--out", type=Path, required=True, help="The JSON file to write.")
    parser.add_argument("--seed", type=int, default=2026, help="Random seed of the picking.")
    parser.add_argument(
        "--placement",
        choices=PLACEMENTS,
        default="mixed",
        help="Where the professionals work: half in the largest municipality (mixed), all "
        "there (largest) or all elsewhere, spread (spread).",
    )
    args = parser.parse_args(argv)
    if args.users < 1:
        parser.error("--users must be at least 1")
    _setup_django()
    result = prepare(users=args.users, seed=args.seed, placement=args.placement)
    if not result["profiles"]:
        print("prepare: no professional can see an open case; seed the database first.")
        return 1
    args.out.parent.mkdir(parents=True, exist_ok=True)
    # Owner-only: the file holds live session cookies and API tokens.
    fd = os.open(args.out, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as handle:
        json.dump(result, handle, indent=1)
    in_largest = sum(p["in_largest_municipality"] for p in result["profiles"])
    print(
        f"prepare: {len(result['profiles'])} sessions for {result['professionals']} professionals"
        f" ({in_largest} sessions in the largest municipality; {result['municipalities']}"
        f" municipalities) -> {args.out}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
