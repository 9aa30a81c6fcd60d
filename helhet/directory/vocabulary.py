"""The fixed vocabularies of the directory: sectors and the needs a service can help with.

Both are code lists with translated labels, so a Norwegian user searching "skolefravær" and an
English user searching "school absence" find the same services. Each need also has search words
in every interface language (``SYNONYMS``): the words people use for it ("skulk", "truancy",
"hemmasittare"), matched whatever the language of the page.
"""

from __future__ import annotations

import functools

from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from helhet.directory.search import close_words, query_words, search_words


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


# Search words for each need, per interface language: everyday words, older and official terms,
# common abbreviations. Not shown anywhere, only searched (in every language at once), so they are
# plain text here, not translated strings. Keep a key for every language in settings.LANGUAGES.
SYNONYMS: dict[str, dict[str, str]] = {
    Need.SCHOOL_ABSENCE: {
        "nb": "skolefravær, fravær, skulk, skulking, ugyldig fravær, skolevegring, "
        "bekymringsfullt skolefravær, hjemmesitter",
        "en": "school absence, truancy, absenteeism, school refusal, school avoidance, absence",
        "sv": "skolfrånvaro, frånvaro, ogiltig frånvaro, hemmasittare, skolk, "
        "problematisk skolfrånvaro",
        "da": "skolefravær, fravær, pjæk, pjækkeri, skolevægring, ulovligt fravær",
        "fi": "koulupoissaolo, poissaolo, poissaolot, lintsaus, luvaton poissaolo, "
        "koulusta kieltäytyminen",
        "is": "skólaforföll, fjarvist, fjarvera, skróp, skólaforðun, skólasókn",
    },
    Need.DROPOUT: {
        "nb": "frafall, droppe ut, slutte på skolen, skoleavbrudd, utenforskap, NEET",
        "en": "dropout, dropping out, early school leaving, leaving school, NEET",
        "sv": "avhopp, hoppa av, studieavbrott, avbrutna studier, utanförskap, UVAS",
        "da": "frafald, droppe ud, stoppe i skolen, NEET",
        "fi": "keskeyttäminen, opintojen keskeytys, koulupudokas, syrjäytyminen, NEET",
        "is": "brottfall, brotthvarf, hætta í skóla",
    },
    Need.LEARNING: {
        "nb": "lærevansker, læringsvansker, dysleksi, lese- og skrivevansker, dyskalkuli, "
        "spesialundervisning, tilpasset opplæring, konsentrasjonsvansker",
        "en": "learning difficulties, learning disability, dyslexia, dyscalculia, "
        "reading difficulties, special education, special needs education",
        "sv": "inlärningssvårigheter, läs- och skrivsvårigheter, dyslexi, dyskalkyli, "
        "särskilt stöd, specialundervisning",
        "da": "indlæringsvanskeligheder, ordblindhed, ordblind, læsevanskeligheder, "
        "dyskalkuli, specialundervisning",
        "fi": "oppimisvaikeudet, oppimisvaikeus, lukivaikeus, lukihäiriö, dysleksia, "
        "erityisopetus, tukiopetus",
        "is": "námsörðugleikar, lesblinda, lesörðugleikar, talnablinda, sérkennsla",
    },
    Need.SPEECH_LANGUAGE: {
        "nb": "språkvansker, talevansker, logoped, stamming, språkutvikling, uttalevansker",
        "en": "speech therapy, speech therapist, language delay, stammering, stuttering, "
        "speech difficulties",
        "sv": "språkstörning, talsvårigheter, logoped, stamning, språkutveckling",
        "da": "sprogvanskeligheder, talevanskeligheder, talepædagog, logopæd, stammen, "
        "sprogudvikling",
        "fi": "puheterapia, puheterapeutti, kielellinen erityisvaikeus, änkytys, "
        "puheen kehitys, kielen kehitys",
        "is": "málþroski, talmeinafræðingur, stam, málhömlun, framburður",
    },
    Need.DEVELOPMENT: {
        "nb": "utvikling, barns utvikling, forsinket utvikling, motorikk, autisme, ADHD, "
        "utviklingsforstyrrelse",
        "en": "developmental delay, motor skills, autism, ADHD, neurodevelopmental",
        "sv": "utveckling, barns utveckling, försenad utveckling, motorik, autism, NPF, ADHD",
        "da": "udvikling, barnets udvikling, forsinket udvikling, motorik, autisme, ADHD",
        "fi": "kehitys, lapsen kehitys, kehityksen viivästymä, motoriikka, autismi, ADHD",
        "is": "þroski, þroskafrávik, hreyfiþroski, einhverfa, ADHD",
    },
    Need.DISABILITY: {
        "nb": "funksjonsnedsettelse, funksjonshemming, nedsatt funksjonsevne, spesielle behov, "
        "avlastning, habilitering, BPA, individuell plan",
        "en": "disabilities, special needs, respite care, habilitation, impairment",
        "sv": "funktionsnedsättning, funktionshinder, LSS, särskilda behov, korttidsvistelse, "
        "habilitering",
        "da": "handicap, funktionsnedsættelse, særlige behov, aflastning, specialpædagogisk",
        "fi": "vammaisuus, vamma, erityistarpeet, kehitysvamma, vammaispalvelut, tilapäishoito",
        "is": "fötlun, sérþarfir, skammtímavistun, stuðningsfjölskylda",
    },
    Need.MENTAL_HEALTH: {
        "nb": "psykisk helse, psykiske vansker, angst, depresjon, selvskading, selvmordstanker, "
        "spiseforstyrrelse, tristhet",
        "en": "anxiety, depression, self-harm, suicidal thoughts, eating disorder, "
        "emotional problems, wellbeing",
        "sv": "psykisk ohälsa, psykisk hälsa, ångest, depression, självskada, ätstörning, "
        "nedstämdhet",
        "da": "mental sundhed, psykisk sundhed, mistrivsel, angst, depression, selvskade, "
        "spiseforstyrrelse",
        "fi": "mielenterveys, ahdistus, masennus, itsetuhoisuus, viiltely, syömishäiriö",
        "is": "geðheilbrigði, geðheilsa, kvíði, þunglyndi, sjálfsskaði, átröskun, vanlíðan",
    },
    Need.BEHAVIOUR: {
        "nb": "atferd, atferdsvansker, utagering, utagerende, sinne, aggresjon",
        "en": "behavior, behavioural problems, conduct problems, aggression, anger, acting out",
        "sv": "beteende, beteendeproblem, utåtagerande, aggressivitet, ilska",
        "da": "adfærd, adfærdsproblemer, udadreagerende, vrede, aggression",
        "fi": "käytös, käytöshäiriö, käyttäytyminen, aggressiivisuus, viha, uhmakkuus",
        "is": "hegðun, hegðunarvandi, hegðunarerfiðleikar, reiði, árásargirni",
    },
    Need.BULLYING: {
        "nb": "mobbing, krenkelser, utestenging, nettmobbing, skolemiljø, trakassering",
        "en": "cyberbullying, harassment, exclusion, being picked on",
        "sv": "mobbning, kränkningar, kränkande behandling, utfrysning, nätmobbning, trakasserier",
        "da": "mobning, krænkelser, udelukkelse, digital mobning, chikane",
        "fi": "kiusaaminen, koulukiusaaminen, nettikiusaaminen, häirintä, syrjintä",
        "is": "einelti, neteinelti, útskúfun, áreitni",
    },
    Need.LONELINESS: {
        "nb": "ensomhet, vennskap, venner, alene, tilhørighet, isolasjon",
        "en": "lonely, friendship, friends, isolation, belonging",
        "sv": "ensamhet, vänskap, vänner, isolering, utanförskap",
        "da": "ensomhed, venskab, venner, isolation, fællesskab",
        "fi": "yksinäisyys, ystävyys, ystävät, kaverit, eristäytyminen",
        "is": "einmanaleiki, vinátta, vinir, félagsleg einangrun",
    },
    Need.SUBSTANCE_USE: {
        "nb": "rus, rusmidler, alkohol, narkotika, hasj, cannabis, rusproblemer, avhengighet",
        "en": "drugs, substance use, substance abuse, cannabis, addiction",
        "sv": "alkohol, droger, narkotika, missbruk, beroende, cannabis",
        "da": "alkohol, stoffer, rusmidler, misbrug, hash, afhængighed",
        "fi": "päihteet, alkoholi, huumeet, kannabis, riippuvuus, päihdeongelma",
        "is": "vímuefni, áfengi, fíkniefni, fíkn, kannabis",
    },
    Need.VIOLENCE_ABUSE: {
        "nb": "vold, overgrep, seksuelle overgrep, vold i nære relasjoner, omsorgssvikt, "
        "mishandling, tvangsekteskap",
        "en": "sexual abuse, domestic violence, neglect, maltreatment, forced marriage",
        "sv": "våld, övergrepp, sexuella övergrepp, våld i nära relationer, vanvård, "
        "misshandel, hedersrelaterat våld",
        "da": "vold, overgreb, seksuelle overgreb, vold i nære relationer, omsorgssvigt, "
        "mishandling",
        "fi": "väkivalta, kaltoinkohtelu, seksuaalinen hyväksikäyttö, lähisuhdeväkivalta, "
        "perheväkivalta, laiminlyönti",
        "is": "ofbeldi, kynferðisofbeldi, heimilisofbeldi, vanræksla, misnotkun",
    },
    Need.PARENTING: {
        "nb": "foreldreveiledning, foreldrestøtte, foreldrerollen, foreldrekurs, "
        "grensesetting, ICDP, PMTO",
        "en": "parent guidance, parenting course, parenting classes",
        "sv": "föräldrastöd, föräldraskap, föräldrautbildning, föräldrakurs",
        "da": "forældrestøtte, forældrevejledning, forældrerolle, forældrekursus",
        "fi": "vanhemmuus, vanhemmuuden tuki, perheohjaus, vanhempainryhmä",
        "is": "uppeldi, uppeldisráðgjöf, foreldrafræðsla, stuðningur við foreldra",
    },
    Need.FAMILY_CONFLICT: {
        "nb": "familiekonflikt, samlivsbrudd, skilsmisse, samlivsproblemer, foreldrekonflikt, "
        "mekling, familievern",
        "en": "separation, high-conflict, mediation, family counselling",
        "sv": "familjekonflikt, skilsmässa, separation, familjerådgivning, samarbetssamtal, "
        "vårdnadstvist",
        "da": "familiekonflikt, skilsmisse, samlivsophævelse, familierådgivning, konfliktmægling",
        "fi": "perheriita, ero, avioero, perheneuvola, sovittelu, huoltoriita",
        "is": "fjölskylduágreiningur, skilnaður, sambúðarslit, sáttamiðlun, fjölskylduráðgjöf",
    },
    Need.PHYSICAL_HEALTH: {
        "nb": "helse, sykdom, kronisk sykdom, vaksine, helsesykepleier, vekst, overvekt, søvn",
        "en": "health, illness, chronic illness, vaccination, school nurse, growth, sleep",
        "sv": "fysisk hälsa, hälsa, sjukdom, kronisk sjukdom, vaccination, skolsköterska, sömn",
        "da": "fysisk sundhed, helbred, sygdom, kronisk sygdom, vaccination, "
        "sundhedsplejerske, søvn",
        "fi": "fyysinen terveys, terveys, sairaus, pitkäaikaissairaus, rokotus, "
        "terveydenhoitaja, uni",
        "is": "líkamleg heilsa, heilsa, veikindi, langvinnir sjúkdómar, bólusetning, "
        "skólahjúkrunarfræðingur, svefn",
    },
    Need.SEXUAL_HEALTH: {
        "nb": "prevensjon, graviditet, kjønnssykdommer, seksualitet, kjønnsidentitet, skeiv",
        "en": "contraception, pregnancy, sexually transmitted infections, STI, sexuality, "
        "gender identity, LGBTQ",
        "sv": "sexuell hälsa, preventivmedel, graviditet, könssjukdomar, sexualitet, "
        "ungdomsmottagning, könsidentitet, hbtq",
        "da": "seksuel sundhed, prævention, graviditet, kønssygdomme, seksualitet, "
        "kønsidentitet, LGBT",
        "fi": "seksuaaliterveys, ehkäisy, raskaus, sukupuolitaudit, seksuaalisuus, "
        "sukupuoli-identiteetti, sateenkaarinuoret",
        "is": "kynheilbrigði, getnaðarvarnir, þungun, kynsjúkdómar, kynhneigð, kynvitund, hinsegin",
    },
    Need.FINANCES: {
        "nb": "økonomi, familiens økonomi, gjeld, økonomisk rådgivning, sosialhjelp, "
        "økonomisk sosialhjelp, fattigdom, lavinntekt",
        "en": "money, debt, financial advice, financial support, social assistance, poverty, "
        "low income",
        "sv": "ekonomi, skulder, budget- och skuldrådgivning, försörjningsstöd, "
        "ekonomiskt bistånd, fattigdom",
        "da": "økonomi, gæld, økonomisk rådgivning, kontanthjælp, fattigdom",
        "fi": "talous, raha-asiat, velka, toimeentulotuki, talousneuvonta, köyhyys",
        "is": "fjármál, skuldir, fjárhagsaðstoð, fjármálaráðgjöf, fátækt",
    },
    Need.HOUSING: {
        "nb": "bolig, bostøtte, kommunal bolig, husleie, bostedsløs, utkastelse, botilbud",
        "en": "home, homelessness, rent, housing benefit, eviction, accommodation",
        "sv": "bostad, boende, bostadsbidrag, hemlöshet, vräkning, hyra",
        "da": "bolig, boligstøtte, hjemløshed, husleje, udsættelse",
        "fi": "asuminen, asunto, asumistuki, asunnottomuus, häätö, vuokra",
        "is": "húsnæði, húsaleigubætur, heimilisleysi, leiga, útburður",
    },
    Need.WORK: {
        "nb": "arbeid, jobb, aktivitet, arbeidstrening, lærlingplass, sommerjobb, tiltak, "
        "kvalifisering",
        "en": "job, employment, activity, apprenticeship, work training, summer job",
        "sv": "arbete, jobb, sysselsättning, praktik, lärlingsplats, sommarjobb, aktivitet",
        "da": "arbejde, job, beskæftigelse, praktik, læreplads, fritidsjob, aktivering",
        "fi": "työ, työpaikka, työllistyminen, työkokeilu, oppisopimus, kesätyö, työpaja",
        "is": "vinna, atvinna, starfsþjálfun, sumarstarf, virkni",
    },
    Need.LEISURE: {
        "nb": "fritid, fritidsaktiviteter, idrett, kultur, ungdomsklubb, fritidskort, kulturskole",
        "en": "sports, hobbies, youth club, culture, after-school activities",
        "sv": "fritid, fritidsaktiviteter, idrott, fritidsgård, kultur, kulturskola",
        "da": "fritid, fritidsaktiviteter, idræt, ungdomsklub, fritidsklub, kultur",
        "fi": "vapaa-aika, harrastukset, liikunta, nuorisotila, kulttuuri",
        "is": "tómstundir, frístundir, íþróttir, félagsmiðstöð, menning",
    },
    Need.CRIME_PREVENTION: {
        "nb": "kriminalitetsforebygging, kriminalitet, SLT, politi, bekymringssamtale, "
        "ungdomskriminalitet, gjengkriminalitet, hærverk, tyveri",
        "en": "crime, youth crime, offending, police, gangs, vandalism",
        "sv": "brottsförebyggande, kriminalitet, ungdomsbrottslighet, brott, polis, "
        "gängkriminalitet, SSPF",
        "da": "kriminalitetsforebyggelse, kriminalitet, ungdomskriminalitet, SSP, politi, "
        "bandekriminalitet",
        "fi": "rikosten ennaltaehkäisy, rikollisuus, nuorisorikollisuus, poliisi, "
        "ankkuritoiminta, jengit",
        "is": "afbrotavarnir, afbrot, glæpir, lögregla, unglingaafbrot",
    },
    Need.NEWLY_ARRIVED: {
        "nb": "nyankommet, flyktning, innvandrer, introduksjonsprogram, norskopplæring, "
        "mottaksklasse, asyl, enslige mindreårige",
        "en": "refugee, immigrant, migrant, asylum, language learning, second language, "
        "unaccompanied minors",
        "sv": "nyanländ, flykting, invandrare, asyl, svenska som andraspråk, SFI, "
        "förberedelseklass, ensamkommande",
        "da": "nyankommen, flygtning, indvandrer, asyl, dansk som andetsprog, modtageklasse, "
        "uledsagede mindreårige",
        "fi": "maahanmuuttaja, pakolainen, turvapaikka, suomi toisena kielenä, "
        "valmistava opetus, yksin tullut alaikäinen",
        "is": "nýkomin, flóttamaður, innflytjandi, hælisleitandi, íslenska sem annað mál, "
        "fylgdarlaus börn",
    },
}


@functools.cache
def _need_terms() -> dict[str, str]:
    """Each need's labels in every language and its synonyms, in the stored search form.

    Built once per process: the labels come from the compiled catalogues."""
    from django.conf import settings

    labels: dict[str, list[str]] = {code: [] for code in Need.values}
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            for code, label in Need.choices:
                labels[code].append(str(label))
    return {
        code: search_words(*texts, *SYNONYMS.get(code, {}).values())
        for code, texts in labels.items()
    }


@functools.cache
def _need_words() -> dict[str, frozenset[str]]:
    """Which needs each word of ``_need_terms`` belongs to."""
    words: dict[str, set[str]] = {}
    for code, terms in _need_terms().items():
        for word in terms.split():
            words.setdefault(word, set()).add(code)
    return {word: frozenset(codes) for word, codes in words.items()}


def needs_matching(text: str) -> set[str]:
    """Codes of the needs whose label or synonyms, in any of our languages, contain ``text``
    (folded as the search folds: "skolefravar", "skolefravær" and "truancy" alike)."""
    needle = " ".join(query_words(text))
    if not needle:
        return set()
    return {code for code, terms in _need_terms().items() if needle in terms}


@functools.lru_cache(maxsize=1024)
def needs_close_to(word: str) -> frozenset[str]:
    """Codes of the needs with a label or synonym word about a letter from ``word`` (a typo)."""
    words = _need_words()
    folded = " ".join(query_words(word))
    return frozenset(code for close in close_words(folded, words) for code in words[close])
