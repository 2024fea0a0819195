"""The two dialogue meetings of November 2016 (docs/seeds/dialogmoten-november-2016.txt), as
closed, public cafés: the associations that took part, one table per principle, the two
questions, and the notes as they were written. The clusters are ours: how a facilitator
might have grouped notes that say the same thing."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from app.services.clock import CITY_ZONE

QUESTION_MEANING = "Vad lägger vi i begreppen som formulerar respektive princip?"
QUESTION_ACTIVITIES = (
    "Vilka aktiviteter kan föreningslivet och staden bidra med för att principen ska kunna "
    "efterlevas och utvecklas?"
)

# the principles as the 2016 meetings named them, one table each
TABLES = [
    ("AUTONOMY", "Självständighet och oberoende"),
    ("DIALOGUE", "Dialog"),
    ("QUALITY", "Kvalitet och förnyelse"),
    ("LONG_TERM", "Långsiktighet"),
    ("OPENNESS", "Öppenhet och insyn"),
    ("DIVERSITY", "Mångfald"),
]


@dataclass(frozen=True)
class DemoCafe:
    title: str
    starts_at: datetime
    ends_at: datetime
    associations: tuple[str, ...]
    # round (0 or 1) -> principle -> notes
    notes: tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]]
    clusters: dict[str, tuple[str, ...]] = field(default_factory=dict)


def _at(day: int, hour: int, minute: int) -> datetime:
    return datetime(2016, 11, day, hour, minute, tzinfo=CITY_ZONE)


FIRST = DemoCafe(
    title="Dialogmöte 1 om en lokal överenskommelse",
    starts_at=_at(15, 15, 30),
    ends_at=_at(15, 18, 0),
    associations=(
        "Antidiskrimineringsbyrån Helsingborg",
        "ATSU – Att Trygga Sexuellt Utnyttjade",
        "Diabetesföreningen i Helsingborg",
        "Friluftsförbundet Helsingborg-Kullabygden",
        "FUB Helsingborg",
        "DHS",
        "Geologiklubben i Helsingborg",
        "Helsingborgs brukshundsklubb",
        "Helsingborgs IF",
        "Helsingborgs kammarmusikförening",
        "Helsingborgs kulturförening",
        "Helsingborgs scenkonstforum",
        "Helsingborgs sekreterarförening",
        "Helsingborgs skolmuseiförening",
        "Helsingborgs Turnförening",
        "Humanistiska förbundet",
        "INVA-SAM",
        "Korpföreningen motion och fritid",
        "Personskadeförbundet RTP",
        "RPG – Riksförbundet pensionärsgemenskap",
        "Rydebäcks museiförening",
        "Skånes föreningar",
        "SPF Tågaborg",
        "Tian Dao Taekwondo",
        "Unionen Seniorer",
        "Unionen seniorerna SV Helsingborg",
        "Visans vänner Helsingborg",
        "Volontärcenter Helsingborgs stad",
        "Värmestugan Helsingborg",
    ),
    notes=(
        {
            "AUTONOMY": (
                "Inga politiska direktiv",
                "Avtal får inte styra allt",
                "Mandat att driva frågor med kommunen",
                "Långsiktighet och kontinuitet",
                "Självständighet i förhållande till paraplyorganisationer, nationella organisationer och kommunen",
                "Förståelse för olikheter",
            ),
            "DIALOGUE": (
                "Demokratiska processer före beslut",
                "Träffar för information och samtal",
                "Proaktivitet från staden",
                "Dialog på tvärs - tvåvägskommunikation",
                "Respekt för ideellt arbete",
                "Raka spår",
                "Öppenhet och intresse för att ta och ge information",
            ),
            "QUALITY": (
                "Förnyelse är en pågående process",
                "Man blir hjälpt och bemött på samma sätt",
                "Små föreningar kan få mer hjälp",
                "Se föreningar som en resurs",
                "Allt kan inte räknas i pengar",
                "Föreningar kan bidra med kunskap",
            ),
            "LONG_TERM": (
                "Stabila villkor för ekonomiskt stöd",
                "Uthållighet",
                "Framförhållning",
                "Uppföljning",
            ),
            "OPENNESS": (
                "Öppet för medlemskap",
                "Informationsutbyte",
                "Medlemsutbyte",
                "Stöd kopplat till insyn, värderingar, utvärdering",
                "Verksamhet för alla men ibland enbart för medlemmar",
            ),
            "DIVERSITY": (
                "Mångfald i föreningsutbud, stöd till alla typer av föreningar",
                "Stöd och struktur ska vara samma till alla",
                "Ökat samarbete",
                "Demokratisk förening",
                "Alla föreningar ska ges samma förutsättningar från stadens sida",
                "Samarbete mellan föreningar, t ex dela lokaler",
                "Föreningar är inte till för kommunen men utför aktiviteter som är önskvärda för kommunen",
            ),
        },
        {
            "AUTONOMY": (
                "Exempel midvinterljus som var ett gemensamt projekt mellan föreningar och staden",
                "Informationsportal med föreningservice",
                "Verka för långsiktiga beslut",
                "Föreningsregister",
                "Lokaler",
                "Stormöten t ex 1 gång/år",
                "Samverka för att påverka politik och förutsättningar",
            ),
            "DIALOGUE": (
                "Skapa gemensamma projekt exempelvis sociala, integration, kultur mm",
                "Verka ute i skolorna för att visa sin förening, både ideellt och betalt",
                "Samarbetsprojekt",
                "Samordning av föreningsstöd",
                "Fysisk mötesplats för dialog",
            ),
            "QUALITY": (
                "Marknadsföring av föreningar i Hbg",
                'Ett "HISO" för kulturen',
                "Samverkan mellan föreningsliv och stadsteatern",
                "Sociala kontakter, nätverk",
                "En ekonomisk investering från kommunen kan ge mervärde i form av t ex bättre hälsa",
                "Föreningslivet bidrar med sin kunskap",
            ),
            "LONG_TERM": (
                "Kommunal samordnare",
                "Långsiktiga förutsättningar för ekonomiskt stöd",
                "Föreningsdagar",
                "Samarbete med skolor",
                "Föreningsservice som ett gemensamt åtagande kommun-föreningar",
                "Väl utvecklad kommunikation",
            ),
            "OPENNESS": (
                "Mer träffar mellan föreningar och mot allmänheten",
                "Presentationsplatser för föreningar",
                "Tydliga förutsättningar för föreningar",
                "Föreningsregister",
            ),
            "DIVERSITY": (
                "Föreningsförvaltning med olika paraplyorganisationer",
                "Stöd för samordnar marknadsförning t ex till nyinflyttade",
                "Föreningar är inte till för kommunen men utför aktiviteter som är önskvärda för kommunen",
            ),
        },
    ),
    clusters={
        "Ett föreningsregister och en portal": (
            "Föreningsregister",
            "Informationsportal med föreningservice",
            "Presentationsplatser för föreningar",
        ),
        "Långsiktiga villkor för stödet": (
            "Långsiktighet och kontinuitet",
            "Stabila villkor för ekonomiskt stöd",
            "Långsiktiga förutsättningar för ekonomiskt stöd",
            "Verka för långsiktiga beslut",
        ),
        "Mötesplatser och träffar": (
            "Träffar för information och samtal",
            "Stormöten t ex 1 gång/år",
            "Fysisk mötesplats för dialog",
            "Mer träffar mellan föreningar och mot allmänheten",
            "Föreningsdagar",
        ),
        "Samarbete och gemensamma projekt": (
            "Ökat samarbete",
            "Samarbete mellan föreningar, t ex dela lokaler",
            "Skapa gemensamma projekt exempelvis sociala, integration, kultur mm",
            "Samarbetsprojekt",
            "Exempel midvinterljus som var ett gemensamt projekt mellan föreningar och staden",
        ),
        "Samma villkor för alla föreningar": (
            "Stöd och struktur ska vara samma till alla",
            "Alla föreningar ska ges samma förutsättningar från stadens sida",
            "Man blir hjälpt och bemött på samma sätt",
            "Mångfald i föreningsutbud, stöd till alla typer av föreningar",
        ),
        "Samordning från staden": (
            "Kommunal samordnare",
            "Samordning av föreningsstöd",
            "Föreningsservice som ett gemensamt åtagande kommun-föreningar",
        ),
        "Föreningarna och skolan": (
            "Verka ute i skolorna för att visa sin förening, både ideellt och betalt",
            "Samarbete med skolor",
        ),
    },
)

SECOND = DemoCafe(
    title="Dialogmöte 2 om en lokal överenskommelse",
    starts_at=_at(16, 18, 0),
    ends_at=_at(16, 20, 0),
    associations=(
        "Astma- och allergiförbundet i Helsingborg",
        "BiH – S04",
        "BiH – Sverige",
        "Helsingborgs karateklubb",
        "Helsingborgs simsällskap",
        "Helsingborgs sportdykarklubb Delfinen",
        "HKSD Croatia",
        "Hör och Häpna",
        "IFK Helsingborg konståkning",
        "Islamiska kulturföreningen",
        "Kommunala Pensionärsrådet",
        "Medborgarskolan",
        "Neuroförbundet Västra Skåne",
        "Nordvästra Skånes Scoutmuseiförening",
        "Parkinsonföreningen",
        "PRO Livskvalitet",
        "PRO Ramlösa",
        "PRO SK",
        "Reumatikerföreningen Helsingborg",
        "Råå IF",
        "Råå museiförening",
        "Röda Korset Helsingborgskretsen",
        "Verdandi Söder",
    ),
    notes=(
        {
            "AUTONOMY": (
                "Föreningar agerar utifrån sina egna stadgar och mål. Kommunen sina.",
                "Respekt för särart från båda parter. Ömsesidig respekt för varandras självständighet. Just ömsesidigheten är viktig.",
                "Regler/lagar styr arbetssätt",
                "Den politiska dimensionen en särskild miljö att arbeta med",
                "Varje förening/organisation driver sin egen verksamhet",
                "Varje förening/organisation följer sina regelverk",
                "Idrottsföreningar lyder i stor utsträckning under Riksidrottsförbundet",
                "Andra föreningar styr sig själv",
                "Ska vara rimliga krav på vad föreningar kan förvänta sig och vad de kan erbjuda",
                "Kommunikation",
            ),
            "DIALOGUE": (
                "Kommunikation – att ge och ta",
                "Samtal som bygger på en god kommunikation",
                "Respektfull kommunikation",
            ),
            "QUALITY": (
                "Hur når vi ut?",
                "Hur tar vi tillvara på medlemmarnas önskemål och intressen?",
                "Kan vi dra nytta av varandra?",
                "Föreningssamverkan?",
                "Finansiell hjälp, bidrag från kommunen.",
                "Förnyelse är öppenhet för influenser och ifrågasättande av hur vi arbetar tillsammans.",
                "Kvalitet och förnyelse är två skilda begrepp. Hur väver vi ihop dem? Förnyelse handlar om ett synsätt på kvalitet.",
                "Kvalitet bygger på information. Kommunens hemsida om föreningar behöver uppdateras för att ge kvalitet.",
                "Långsiktighet är förknippat med kvalitet, en grund för kvalitet.",
            ),
            "LONG_TERM": (
                "Förutsättningar över tid:\nLångsiktig hållbarhet",
                "Organisation och struktur i kommunen/förvaltningarna, ex kontaktperson",
                "Tydlighet i regler",
                "Bidragsstruktur, bör bli liknande över tid",
                "Samarbeten mellan föreningar",
                "Förutsägbarhet i verksamheterna",
                "Gemensam plattform",
                "Tydliga direktiv",
            ),
            "OPENNESS": (
                "Informationsutbyte mellan föreningar och mellan föreningar och kommunen.",
                "Sociala medier, hemsidor?",
                "OBS. Hur når man ut till de som ej har digitala hjälpmedel? Post eller personliga möten?",
            ),
            "DIVERSITY": (
                'Digital samverkan i "katalogform" med ett register för alla föreningar i Helsingborg '
                'där man lätt kan nå andra föreningar med "ett klick på tangentbordet". Ett enkelt och '
                "modernt sätt att via datorn söka kontakten med annan förening för ett utökat samarbete. "
                '"Klicket" ska också leda rakt in på föreningshemsida där den uppsökta föreningens '
                "kontaktperson är tillgänglig på ett lätt sätt. Varje förening har en egen inloggning "
                "till en egen sida för uppdatering av sida och kontaktuppgifter.",
            ),
        },
        {
            "AUTONOMY": (
                "Tydliggöra och konkretisera mål, arbetssätt, processer etc. och kommunicera dem.",
                "Föreningsregister där alla finns:\n- Beskrivning av förening\n- Kontaktperson\n"
                "- Länka vidare till hemsida\n- Hjälps för föreningar och anställda i kommunen\n"
                "- Möjlighet att uppdatera",
                "Kunskapsbank",
                "Mentorskap mellan ledamöter i föreningen för att få ork och styrka att arbeta i sin förening",
                "Utveckla evenemangskalender så föreningar kan lägga upp aktiviteter och informera om "
                "vad man gör (Malmö stad har ett bra upplägg)",
            ),
            "DIALOGUE": (
                "Aktivt deltagande",
                "It, hemsidor",
                "Kontaktperson",
                "Föreningsträffar, mässa",
            ),
            "QUALITY": (
                "Gemensamma utbildningar där man inte bara lär sig något nytt utan också får komma i "
                "kontakt med andra föreningar.",
                "Digitala gemensamma lösningar",
                "Personliga lösningar",
                "Bidragssystemet hade behövt en förnyelse kanske?",
                "Samverkansmöten",
                "Föreningarnas dag, ex eventet på arenan som samordnas via kommunen.",
                "Volontärcenter skickar vidare personer till föreningar. Till exempel vid intresse för "
                "körverksamhet kan de hänvisas till de olika körerna.",
                "En samordnare för föreningar. En väg in till kommunen som inte är kontaktcenter. (Inte "
                "nödvändigtvis en allmän kommunvägledare på KC utan med specialkompetens föreningar)",
                "Jag är en föreningsmänniska (kulturtant) för att uppmuntra ideella krafter. Annonser i HD?",
                "Forum för att diskutera utveckling.",
            ),
            "LONG_TERM": (
                "Kunskapsbank",
                "Mentorskap mellan föreningar",
                'Aktivitetsskalender, utveckling av "Evenemang" på stadens hemsida; exempelvis "Öppet '
                'Hus", infomöte, prova på (kolla på Malmö stad)',
                "Uppföljning",
                "Rapportering",
                "Utbildning",
            ),
            "OPENNESS": (
                "Digitala lösningar:\nKunskapsbank\n- Info från föreningar\n- Info från staden\n- Nätverk",
                "Personliga lösningar:\nFöreningskvällar med info från staden",
                "Föreningarnas hus för möten, dialog, bryta isolering, ge möjlighet till samvaro, "
                "integration och mångfald",
            ),
            "DIVERSITY": (
                "Studiecirklar läggs i ett digitalt register för övriga föreningar.",
                "Gemensamma utbildningar tvärs över föreningsgränserna.",
            ),
        },
    ),
    clusters={
        "Kunskapsbank": (
            "Kunskapsbank",
            "Digitala lösningar:\nKunskapsbank\n- Info från föreningar\n- Info från staden\n- Nätverk",
        ),
        "Ett föreningsregister": (
            "Föreningsregister där alla finns:",
            'Digital samverkan i "katalogform"',
            "Studiecirklar läggs i ett digitalt register för övriga föreningar.",
            "Gemensam plattform",
        ),
        "Mentorskap": (
            "Mentorskap mellan ledamöter i föreningen för att få ork och styrka att arbeta i sin förening",
            "Mentorskap mellan föreningar",
        ),
        "En evenemangskalender": ("Utveckla evenemangskalender", "Aktivitetsskalender"),
        "God kommunikation": (
            "Kommunikation – att ge och ta",
            "Samtal som bygger på en god kommunikation",
            "Respektfull kommunikation",
            "Kommunikation",
        ),
        "En väg in: kontaktperson och samordnare": (
            "Kontaktperson",
            "Organisation och struktur i kommunen/förvaltningarna, ex kontaktperson",
            "En samordnare för föreningar.",
        ),
        "Gemensamma utbildningar": (
            "Gemensamma utbildningar där man inte bara lär sig något nytt",
            "Gemensamma utbildningar tvärs över föreningsgränserna.",
            "Utbildning",
        ),
        "Mötesplatser": (
            "Föreningsträffar, mässa",
            "Föreningarnas dag, ex eventet på arenan som samordnas via kommunen.",
            "Samverkansmöten",
            "Föreningarnas hus för möten",
            "Forum för att diskutera utveckling.",
        ),
    },
)

DEMO_CAFES = [FIRST, SECOND]
