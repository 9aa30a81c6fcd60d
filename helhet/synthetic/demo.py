"""The demo municipalities and accounts, printed by ``helhet demo`` and shown at login."""

from __future__ import annotations

# Shown openly: demo accounts only exist while HELHET_DEMO is on, and hold synthetic data.
DEMO_PASSWORD = "demo-Helhet-2026"  # noqa: S105

DEMO_MUNICIPALITIES = [
    {
        "name": "Fjordvik kommune",
        "country": "NO",
        "language": "nb",
        "level_model": "bti",
        "domain": "fjordvik.example",
    },
    {
        "name": "Ekdala kommun",
        "country": "SE",
        "language": "sv",
        "level_model": "bti",
        "domain": "ekdala.example",
    },
    {
        "name": "Hafnarbær",
        "country": "IS",
        "language": "is",
        "level_model": "is-integration",
        "domain": "hafnarbaer.example",
    },
]

# (login, name, title, index of the service in the catalogue, role, municipal admin)
DEMO_ACCOUNTS = {
    "Fjordvik kommune": [
        ("laerer", "Ingrid Lærer", "Kontaktlærer", 1, "staff", False),
        ("rektor", "Rolf Rektor", "Rektor", 1, "leader", False),
        ("helsesykepleier", "Hanne Helsesykepleier", "Helsesykepleier", 6, "staff", False),
        ("ppt", "Per PP-rådgiver", "PP-rådgiver", 4, "staff", False),
        ("barnevern", "Berit Barnevern", "Saksbehandler", 5, "staff", False),
        ("admin", "Aslak Administrator", "Kommunal koordinator 0–24", 8, "staff", True),
        ("personvern", "Pia Personvernombud", "Personvernombud", 8, "staff", False),
        ("oppfolging", "Oda Oppfølging", "Rådgiver, oppfølgingstjenesten", 10, "leader", False),
    ],
    "Ekdala kommun": [
        ("larare", "Lena Lärare", "Lärare", 1, "staff", False),
    ],
}
DATA_PROTECTION_OFFICERS = {"personvern"}
# The municipal 0–24 coordinator is on the leader group: the whole municipality's indicators.
LEADER_GROUP = {"admin"}
DEMO_SUPERUSER = ("superuser@helhet.example", "Sigrid Superuser")
