"""A typical municipality's services, used to generate synthetic directories.

Texts are in the municipality's working language (nb, sv, else en); ``{m}`` is the municipality.
Each entry: sector, names, ages, needs, drop-in, one-line offer, search words and contact roles
with what to ask them about.
"""

from __future__ import annotations

from helhet.directory.vocabulary import Need as N
from helhet.directory.vocabulary import Sector as S

SERVICES: list[dict] = [
    {
        "sector": S.SCHOOL,
        "ages": (6, 13),
        "drop_in": False,
        "needs": [N.SCHOOL_ABSENCE, N.LEARNING, N.BULLYING, N.BEHAVIOUR, N.LONELINESS],
        "name": {"nb": "{m} barneskole", "sv": "{m} grundskola", "en": "{m} Primary School"},
        "offer": {
            "nb": "Undervisning 1.–7. trinn, sosiallærer og miljøterapeut. Tett oppfølging ved skolefravær og mistrivsel.",
            "sv": "Undervisning åk 1–6, kurator och elevhälsoteam. Uppföljning vid frånvaro och otrivsel.",
            "en": "Teaching for grades 1–7, social teacher and milieu therapist. Close follow-up of absence and low wellbeing.",
        },
        "keywords": {
            "nb": "skolevegring, trivsel, mobbing",
            "sv": "skolfrånvaro, trivsel, mobbning",
            "en": "school refusal, wellbeing",
        },
        "contacts": [
            (
                {"nb": "Sosiallærer", "sv": "Kurator", "en": "Social teacher"},
                {
                    "nb": "skolefravær, trivsel og mobbing",
                    "sv": "skolfrånvaro, trivsel och mobbning",
                    "en": "school absence, wellbeing and bullying",
                },
            ),
            (
                {"nb": "Rektor", "sv": "Rektor", "en": "Head teacher"},
                {
                    "nb": "spesialundervisning og samarbeid med hjemmet",
                    "sv": "särskilt stöd och samarbete med hemmet",
                    "en": "special needs education and working with parents",
                },
            ),
        ],
    },
    {
        "sector": S.SCHOOL,
        "ages": (12, 16),
        "drop_in": False,
        "needs": [N.SCHOOL_ABSENCE, N.LEARNING, N.BULLYING, N.MENTAL_HEALTH, N.SUBSTANCE_USE],
        "name": {
            "nb": "{m} ungdomsskole",
            "sv": "{m} högstadieskola",
            "en": "{m} Lower Secondary School",
        },
        "offer": {
            "nb": "Ungdomstrinnet med rådgiver, miljøarbeider og fast fraværsrutine: ring hjem samme dag, møte innen en uke.",
            "sv": "Högstadiet med studie- och yrkesvägledare och frånvarorutin: samtal hem samma dag, möte inom en vecka.",
            "en": "Lower secondary with counsellor, youth worker and an absence routine: call home the same day, meeting within a week.",
        },
        "keywords": {
            "nb": "ufrivillig skolefravær, skolevegring",
            "sv": "problematisk skolfrånvaro",
            "en": "school refusal, truancy",
        },
        "contacts": [
            (
                {"nb": "Rådgiver", "sv": "Studie- och yrkesvägledare", "en": "School counsellor"},
                {
                    "nb": "skolefravær, valg av videregående og trivsel",
                    "sv": "skolfrånvaro och gymnasieval",
                    "en": "school absence, choosing upper secondary",
                },
            ),
        ],
    },
    {
        "sector": S.UPPER_SECONDARY,
        "ages": (15, 21),
        "drop_in": False,
        "needs": [N.DROPOUT, N.SCHOOL_ABSENCE, N.LEARNING, N.MENTAL_HEALTH],
        "name": {
            "nb": "{m} videregående skole",
            "sv": "{m} gymnasium",
            "en": "{m} Upper Secondary School",
        },
        "offer": {
            "nb": "Videregående opplæring med elevtjeneste, rådgiver og helsesykepleier. Oppfølging av elever som står i fare for å slutte.",
            "sv": "Gymnasieutbildning med elevhälsa. Uppföljning av elever som riskerar att avbryta.",
            "en": "Upper secondary education with pupil services. Follow-up of pupils at risk of dropping out.",
        },
        "keywords": {
            "nb": "frafall, bortvalg, fravær",
            "sv": "avhopp, studieavbrott",
            "en": "dropout, attendance",
        },
        "contacts": [
            (
                {
                    "nb": "Rådgiver elevtjenesten",
                    "sv": "Kurator elevhälsan",
                    "en": "Pupil services counsellor",
                },
                {
                    "nb": "fravær, frafall og bytte av utdanningsprogram",
                    "sv": "frånvaro och avhopp",
                    "en": "absence, dropout and changing programme",
                },
            ),
        ],
    },
    {
        "sector": S.KINDERGARTEN,
        "ages": (1, 6),
        "drop_in": False,
        "needs": [N.DEVELOPMENT, N.SPEECH_LANGUAGE, N.PARENTING, N.NEWLY_ARRIVED],
        "name": {
            "nb": "Solsikken barnehage",
            "sv": "Solrosens förskola",
            "en": "Sunflower Kindergarten",
        },
        "offer": {
            "nb": "Barnehage med språkpedagog og tett samarbeid med helsestasjon og PPT.",
            "sv": "Förskola med språkpedagog och nära samarbete med BVC.",
            "en": "Kindergarten with a language teacher, working closely with the health station and PPT.",
        },
        "keywords": {
            "nb": "språk, lek, overgang til skole",
            "sv": "språk, lek",
            "en": "language, play",
        },
        "contacts": [
            (
                {"nb": "Styrer", "sv": "Förskolechef", "en": "Head of kindergarten"},
                {
                    "nb": "språkutvikling og overgang barnehage–skole",
                    "sv": "språkutveckling",
                    "en": "language development and starting school",
                },
            ),
        ],
    },
    {
        "sector": S.PPT,
        "ages": (0, 20),
        "drop_in": False,
        "needs": [N.LEARNING, N.SPEECH_LANGUAGE, N.DEVELOPMENT, N.DISABILITY, N.SCHOOL_ABSENCE],
        "name": {
            "nb": "PPT {m}",
            "sv": "Elevhälsans centrala team {m}",
            "en": "{m} Educational Psychology Service",
        },
        "offer": {
            "nb": "Pedagogisk-psykologisk tjeneste: utredning, sakkyndig vurdering og veiledning til barnehage og skole.",
            "sv": "Utredning och handledning kring lärande och särskilt stöd.",
            "en": "Assessment, expert evaluation and guidance to kindergartens and schools.",
        },
        "keywords": {
            "nb": "sakkyndig vurdering, spesialundervisning, lese- og skrivevansker",
            "sv": "utredning, särskilt stöd",
            "en": "special needs, dyslexia",
        },
        "contacts": [
            (
                {
                    "nb": "PP-rådgiver",
                    "sv": "Specialpedagog",
                    "en": "Educational psychology advisor",
                },
                {
                    "nb": "lærevansker, skolevegring og sakkyndig vurdering",
                    "sv": "inlärningssvårigheter",
                    "en": "learning difficulties and school refusal",
                },
            ),
        ],
    },
    {
        "sector": S.CHILD_WELFARE,
        "ages": (0, 23),
        "drop_in": False,
        "needs": [N.VIOLENCE_ABUSE, N.PARENTING, N.FAMILY_CONFLICT, N.HOUSING],
        "name": {
            "nb": "Barneverntjenesten i {m}",
            "sv": "Socialtjänsten barn och unga, {m}",
            "en": "{m} Child Welfare Service",
        },
        "offer": {
            "nb": "Råd, hjelpetiltak og undersøkelser. Ta kontakt for anonym drøfting før du melder bekymring.",
            "sv": "Råd, stödinsatser och utredningar. Konsultera anonymt innan du gör en orosanmälan.",
            "en": "Advice, support measures and investigations. Call for an anonymous consultation before reporting a concern.",
        },
        "keywords": {
            "nb": "bekymringsmelding, anonym drøfting, omsorgssvikt",
            "sv": "orosanmälan",
            "en": "report of concern, neglect",
        },
        "contacts": [
            (
                {"nb": "Mottaksleder", "sv": "Mottagningssekreterare", "en": "Intake lead"},
                {
                    "nb": "anonym drøfting og bekymringsmeldinger",
                    "sv": "orosanmälningar",
                    "en": "anonymous consultations and reports",
                },
            ),
        ],
    },
    {
        "sector": S.HEALTH_STATION,
        "ages": (0, 20),
        "drop_in": False,
        "needs": [N.PHYSICAL_HEALTH, N.MENTAL_HEALTH, N.PARENTING, N.DEVELOPMENT, N.SCHOOL_ABSENCE],
        "name": {
            "nb": "Helsestasjon og skolehelsetjeneste {m}",
            "sv": "Barnhälsovård och elevhälsa {m}",
            "en": "{m} Health Station and School Health Service",
        },
        "offer": {
            "nb": "Helsesykepleiere på helsestasjonen og på hver skole. Samtaler om helse, trivsel og fravær.",
            "sv": "Skolsköterskor och BVC-sköterskor. Samtal om hälsa, trivsel och frånvaro.",
            "en": "Public health nurses at the station and in every school. Talks on health, wellbeing and absence.",
        },
        "keywords": {
            "nb": "helsesykepleier, vaksiner, hodepine, fravær",
            "sv": "skolsköterska",
            "en": "school nurse",
        },
        "contacts": [
            (
                {"nb": "Helsesykepleier", "sv": "Skolsköterska", "en": "School nurse"},
                {
                    "nb": "helseplager, psykisk helse og skolefravær",
                    "sv": "hälsa och skolfrånvaro",
                    "en": "health complaints, mental health and school absence",
                },
            ),
        ],
    },
    {
        "sector": S.LOW_THRESHOLD_YOUTH,
        "ages": (13, 24),
        "drop_in": True,
        "needs": [N.SEXUAL_HEALTH, N.MENTAL_HEALTH, N.SUBSTANCE_USE, N.LONELINESS],
        "name": {
            "nb": "Helsestasjon for ungdom",
            "sv": "Ungdomsmottagningen",
            "en": "Youth Health Clinic",
        },
        "offer": {
            "nb": "Drop-in for ungdom 13–24 år, uten timebestilling og gratis. Helsesykepleier, lege og psykolog.",
            "sv": "Drop-in för unga 13–24 år, gratis. Barnmorska, kurator och läkare.",
            "en": "Free drop-in for young people 13–24, no appointment. Nurse, doctor and psychologist.",
        },
        "keywords": {
            "nb": "drop-in, prevensjon, samtale",
            "sv": "drop-in, preventivmedel",
            "en": "drop-in, contraception",
        },
        "contacts": [
            (
                {"nb": "Helsesykepleier", "sv": "Barnmorska", "en": "Nurse"},
                {
                    "nb": "prevensjon, seksuell helse og vanskelige tanker",
                    "sv": "sexuell hälsa",
                    "en": "contraception and sexual health",
                },
            ),
        ],
    },
    {
        "sector": S.FAMILY_CENTRE,
        "ages": (0, 18),
        "drop_in": False,
        "needs": [N.PARENTING, N.FAMILY_CONFLICT, N.MENTAL_HEALTH],
        "name": {
            "nb": "Familiesenteret {m}",
            "sv": "Familjecentralen {m}",
            "en": "{m} Family Centre",
        },
        "offer": {
            "nb": "Tverrfaglig team som arbeider etter BTI: foreldreveiledning, samlivskurs og samtaler med barn.",
            "sv": "Föräldrastöd, samtal och öppen förskola under samma tak.",
            "en": "Interdisciplinary team working by BTI: parenting guidance, family talks and support for children.",
        },
        "keywords": {
            "nb": "foreldreveiledning, ICDP, samlivsbrudd",
            "sv": "föräldrastöd",
            "en": "parenting course, separation",
        },
        "contacts": [
            (
                {"nb": "Familieterapeut", "sv": "Familjebehandlare", "en": "Family therapist"},
                {
                    "nb": "foreldreveiledning og konflikt i familien",
                    "sv": "föräldrastöd",
                    "en": "parenting support and family conflict",
                },
            ),
        ],
    },
    {
        "sector": S.NAV,
        "ages": (16, 24),
        "drop_in": False,
        "needs": [N.WORK, N.FINANCES, N.HOUSING, N.DROPOUT],
        "name": {
            "nb": "NAV {m}",
            "sv": "Arbetsmarknadsenheten {m}",
            "en": "{m} Labour and Welfare Office",
        },
        "offer": {
            "nb": "Ungdomsveiledere for unge 16–24 uten skole eller arbeid, økonomisk rådgivning og bolig.",
            "sv": "Stöd till unga 16–24 utan skola eller arbete.",
            "en": "Youth advisers for 16–24-year-olds outside school or work; financial advice and housing.",
        },
        "keywords": {
            "nb": "jobb, sosialhjelp, ungdomsgaranti",
            "sv": "jobb, försörjningsstöd",
            "en": "jobs, benefits",
        },
        "contacts": [
            (
                {"nb": "Ungdomsveileder", "sv": "Ungdomscoach", "en": "Youth adviser"},
                {
                    "nb": "jobb, aktivitet og økonomi for unge",
                    "sv": "jobb och aktivitet",
                    "en": "jobs, activity and money for young people",
                },
            ),
        ],
    },
    {
        "sector": S.FOLLOW_UP,
        "ages": (15, 21),
        "drop_in": False,
        "needs": [N.DROPOUT, N.WORK, N.SCHOOL_ABSENCE],
        "name": {
            "nb": "Oppfølgingstjenesten",
            "sv": "KAA – det kommunala aktivitetsansvaret",
            "en": "Follow-up Service",
        },
        "offer": {
            "nb": "Følger opp ungdom 15–21 som ikke er i opplæring eller arbeid.",
            "sv": "Följer upp unga under 20 som inte går i gymnasiet.",
            "en": "Follows up young people 15–21 who are neither in education nor work.",
        },
        "keywords": {"nb": "OT, frafall", "sv": "aktivitetsansvar, avhopp", "en": "NEET"},
        "contacts": [
            (
                {"nb": "OT-koordinator", "sv": "KAA-samordnare", "en": "Follow-up coordinator"},
                {
                    "nb": "ungdom som har sluttet på skolen",
                    "sv": "unga som hoppat av",
                    "en": "young people who have left school",
                },
            ),
        ],
    },
    {
        "sector": S.CHILD_MENTAL_HEALTH,
        "ages": (0, 18),
        "drop_in": False,
        "needs": [N.MENTAL_HEALTH, N.BEHAVIOUR, N.DEVELOPMENT],
        "name": {"nb": "BUP {m}", "sv": "BUP {m}", "en": "{m} Child and Adolescent Mental Health"},
        "offer": {
            "nb": "Spesialisthelsetjeneste for barn og unge. Henvisning fra fastlege; samarbeidsrutine med familiesenteret.",
            "sv": "Specialistpsykiatri för barn och unga. Remiss eller egen kontakt.",
            "en": "Specialist mental health care; referral from the GP, collaboration routine with the family centre.",
        },
        "keywords": {
            "nb": "angst, depresjon, ADHD",
            "sv": "ångest, depression",
            "en": "anxiety, depression, ADHD",
        },
        "contacts": [
            (
                {
                    "nb": "Kontaktperson for kommunen",
                    "sv": "Samverkansansvarig",
                    "en": "Municipal liaison",
                },
                {
                    "nb": "henvisninger og samarbeidsmøter",
                    "sv": "samverkan",
                    "en": "referrals and joint meetings",
                },
            ),
        ],
    },
    {
        "sector": S.LOW_THRESHOLD_YOUTH,
        "ages": (13, 24),
        "drop_in": True,
        "needs": [N.LONELINESS, N.LEISURE, N.SUBSTANCE_USE, N.MENTAL_HEALTH, N.WORK],
        "name": {"nb": "Ungdomslosen", "sv": "Unga Vuxna-lotsen", "en": "Youth Navigator"},
        "offer": {
            "nb": "Lavterskeltilbud: en voksen som hjelper deg å finne fram i tjenestene. Kom innom, ring eller send melding.",
            "sv": "Lågtröskelverksamhet: en vuxen som hjälper dig hitta rätt stöd.",
            "en": "Low-threshold: an adult who helps you find your way through the services. Drop in, call or text.",
        },
        "keywords": {
            "nb": "los, lavterskel, ungdomshus",
            "sv": "lots, fritidsgård",
            "en": "navigator, youth club",
        },
        "contacts": [
            (
                {"nb": "Ungdomslos", "sv": "Lots", "en": "Navigator"},
                {
                    "nb": "alt – jeg hjelper deg videre",
                    "sv": "allt – jag hjälper dig vidare",
                    "en": "anything – I help you find the right service",
                },
            ),
        ],
    },
    {
        "sector": S.POLICE,
        "ages": (10, 24),
        "drop_in": False,
        "needs": [N.CRIME_PREVENTION, N.SUBSTANCE_USE, N.VIOLENCE_ABUSE],
        "name": {
            "nb": "SLT og politikontakt",
            "sv": "SSPF – skola, socialtjänst, polis, fritid",
            "en": "Crime Prevention Team (SLT)",
        },
        "offer": {
            "nb": "Samordning av lokale rus- og kriminalitetsforebyggende tiltak; bekymringssamtaler med politiet.",
            "sv": "Samverkan mot kriminalitet och droger bland unga.",
            "en": "Coordinated local crime and substance prevention; preventive talks with the police.",
        },
        "keywords": {
            "nb": "bekymringssamtale, ungdomskontrakt",
            "sv": "orossamtal",
            "en": "preventive talk",
        },
        "contacts": [
            (
                {"nb": "SLT-koordinator", "sv": "SSPF-samordnare", "en": "SLT coordinator"},
                {
                    "nb": "rus, kriminalitet og ungdomskontrakter",
                    "sv": "kriminalitet och droger",
                    "en": "substances, crime and youth contracts",
                },
            ),
        ],
    },
    {
        "sector": S.LEISURE,
        "ages": (6, 24),
        "drop_in": True,
        "needs": [N.LEISURE, N.LONELINESS, N.NEWLY_ARRIVED],
        "name": {
            "nb": "Kultur og fritid {m}",
            "sv": "Fritidsgården {m}",
            "en": "{m} Culture and Leisure",
        },
        "offer": {
            "nb": "Fritidskortet, ungdomsklubb og utstyrsbank. Hjelp til å finne en aktivitet.",
            "sv": "Fritidsgård, lovaktiviteter och fritidsbank.",
            "en": "Leisure card, youth club and equipment library. Help to find an activity.",
        },
        "keywords": {
            "nb": "fritidskort, klubb, aktivitet",
            "sv": "fritidsbank",
            "en": "clubs, activities",
        },
        "contacts": [
            (
                {"nb": "Fritidskonsulent", "sv": "Fritidsledare", "en": "Leisure consultant"},
                {
                    "nb": "aktiviteter og fritidskortet",
                    "sv": "aktiviteter",
                    "en": "activities and the leisure card",
                },
            ),
        ],
    },
    {
        "sector": S.SOCIAL_SERVICES,
        "ages": (16, 24),
        "drop_in": False,
        "needs": [N.MENTAL_HEALTH, N.SUBSTANCE_USE, N.HOUSING],
        "name": {
            "nb": "Psykisk helse og rus {m}",
            "sv": "Socialtjänsten vuxna {m}",
            "en": "{m} Mental Health and Substance Service",
        },
        "offer": {
            "nb": "Kommunal psykisk helse- og rustjeneste for unge voksne; samtaler og bolig med oppfølging.",
            "sv": "Stöd vid missbruk och psykisk ohälsa för unga vuxna.",
            "en": "Municipal mental health and substance service for young adults.",
        },
        "keywords": {"nb": "rus, psykisk helse, bolig", "sv": "missbruk", "en": "addiction"},
        "contacts": [
            (
                {"nb": "Ruskonsulent", "sv": "Socialsekreterare", "en": "Substance counsellor"},
                {
                    "nb": "rus og psykisk helse hos unge voksne",
                    "sv": "missbruk",
                    "en": "substance use in young adults",
                },
            ),
        ],
    },
    {
        "sector": S.GP,
        "ages": (0, 24),
        "drop_in": False,
        "needs": [N.PHYSICAL_HEALTH, N.MENTAL_HEALTH],
        "name": {"nb": "Fastlegekontoret {m}", "sv": "Vårdcentralen {m}", "en": "{m} GP Practice"},
        "offer": {
            "nb": "Fastleger; henviser til spesialisthelsetjenesten.",
            "sv": "Allmänläkare; remitterar till specialistvården.",
            "en": "General practitioners; refer to specialist care.",
        },
        "keywords": {"nb": "lege, henvisning", "sv": "läkare, remiss", "en": "doctor, referral"},
        "contacts": [
            (
                {
                    "nb": "Kommuneoverlege",
                    "sv": "Medicinskt ansvarig",
                    "en": "Municipal chief medical officer",
                },
                {"nb": "samarbeid med fastlegene", "sv": "samverkan", "en": "working with GPs"},
            ),
        ],
    },
]


def text(value: dict[str, str], language: str) -> str:
    return value.get(language) or value["en"]
