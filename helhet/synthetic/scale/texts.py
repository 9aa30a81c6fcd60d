"""Names and short texts for the scale seed: drawn from pools, since Faker per row would
dominate the run time at a million rows."""

from __future__ import annotations

import random

from faker import Faker

from helhet.cases.models import LogKind


class NamePool:
    def __init__(self, rng: random.Random, locale: str = "no_NO", size: int = 500):
        fake = Faker(locale)
        fake.seed_instance(rng.randint(0, 2**31))
        self.rng = rng
        self.given_names = sorted({fake.first_name() for _ in range(size)})
        self.family_names = sorted({fake.last_name() for _ in range(size)})
        self.cities = sorted({fake.city() for _ in range(size * 2)})

    def given(self) -> str:
        return self.rng.choice(self.given_names)

    def family(self) -> str:
        return self.rng.choice(self.family_names)

    def person(self) -> str:
        return f"{self.given()} {self.family()}"


OBSERVATIONS = [
    "Har vært mye borte fra skolen de siste ukene.",
    "Virker sliten og trekker seg fra venner i friminuttene.",
    "Foreldrene ber om hjelp med søvn og rutiner.",
    "Språkutviklingen ser ut til å gå langsommere enn forventet.",
    "Har fortalt om krangling hjemme og vil ikke gå hjem etter skolen.",
]
STRENGTHS = [
    "Glad i fotball og har en god venn i klassen.",
    "Nysgjerrig og flink til å tegne.",
    "Foreldrene er opptatt av å samarbeide.",
    "Liker å hjelpe de yngre barna.",
]
CHILD_VOICES = [
    "Jeg vil ha det bedre på skolen.",
    "Det er vanskelig å sove om kvelden.",
    "Jeg vil være med på fotball igjen.",
    "Jeg savner vennene mine.",
]
GOALS = [
    "Jeg vil sove bedre og orke frokost.",
    "Jeg vil ha en venn i friminuttene.",
    "Jeg vil komme på skolen hver dag.",
    "Jeg vil være med på en aktivitet etter skolen.",
    "Jeg vil kunne si fra når noe er vanskelig.",
]
MEASURES = [
    "Samtaler med helsesykepleier annenhver uke.",
    "Miljøterapeut følger opp i friminuttene.",
    "Foreldreveiledning hos familiesenteret.",
    "Tilrettelagt leksehjelp to dager i uken.",
    "Fritidskontakt en ettermiddag i uken.",
]
FIRST_LOG = "Samarbeid startet. Koordinator er oppnevnt."
LOG = [
    (LogKind.NOTE, "Samtale med eleven. Hun forteller at det går litt bedre."),
    (LogKind.NOTE, "Snakket med mor på telefon om rutiner for morgenen."),
    (LogKind.NOTE, "Fraværet er lavere denne måneden."),
    (LogKind.MEETING, "Samarbeidsmøte holdt. Tiltakene fortsetter som planlagt."),
    (LogKind.NOTE, "Helsesykepleier har hatt to samtaler; oppfølging fortsetter."),
    (LogKind.PLAN, "Planen er oppdatert med nytt tiltak."),
]
