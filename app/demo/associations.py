"""The associations named in the 2016 dialogue meetings, and the umbrella organisations the
seeds mention. Categories, districts and descriptions are plausible, not researched facts;
organisation numbers, contact people and their addresses are made up (at .example domains)."""

from __future__ import annotations

from dataclasses import dataclass, field

from app.services.associations.vocabulary import Category as C
from app.services.associations.vocabulary import District as D
from app.services.associations.vocabulary import TargetGroup as T


@dataclass(frozen=True)
class DemoAssociation:
    name: str
    categories: tuple[C, ...]
    description: str
    district: D = D.WHOLE_CITY
    target_groups: tuple[T, ...] = (T.EVERYONE,)
    umbrellas: tuple[str, ...] = ()
    # the names the seed documents use for it, where they differ from `name`
    seed_names: tuple[str, ...] = ()
    # (year, month, day) joined and, if it left, left the agreement
    joined: tuple[int, int, int] | None = None
    left: tuple[int, int, int] | None = None
    contact: tuple[str, str] | None = None  # (name, mailbox at the association's .example domain)
    contact_public: bool = False
    website: str | None = None
    founded_year: int | None = None
    translations: dict[str, str] = field(default_factory=dict)


HISO = "HISO"
DHS = "DHS"
INVA_SAM = "INVA-SAM"
SKANES_FORENINGAR = "Skånes föreningar"
SVERIGES_FORENINGAR = "Sveriges Föreningar"

UMBRELLAS = [
    DemoAssociation(
        HISO,
        (C.UMBRELLA, C.SPORT),
        "Samorganisation för idrottsföreningarna i Helsingborg. Samlar föreningarna i frågor om "
        "anläggningar, bidrag och utbildning, och för deras talan i dialogen med staden.",
        target_groups=(T.ASSOCIATIONS,),
        joined=(2018, 6, 14),
        contact=("Lars Ek", "kansli"),
        contact_public=True,
        translations={
            "en": "The joint organisation of Helsingborg's sports clubs: facilities, grants, "
            "training, and a voice in the dialogue with the city."
        },
    ),
    DemoAssociation(
        DHS,
        (C.UMBRELLA, C.DISABILITY),
        "Samarbetsorgan för funktionsrättsföreningarna i Helsingborg. Driver frågor om "
        "tillgänglighet och delaktighet tillsammans med medlemsföreningarna.",
        target_groups=(T.ASSOCIATIONS, T.PEOPLE_WITH_DISABILITIES),
        joined=(2018, 6, 14),
        contact=("Eva Sjöberg", "info"),
        contact_public=True,
    ),
    DemoAssociation(
        INVA_SAM,
        (C.UMBRELLA, C.INTEGRATION),
        "Samarbetsorganisation för invandrarföreningarna i Helsingborg. Stöttar föreningarna "
        "med kunskap om föreningsliv och är en röst för mångfald i staden.",
        target_groups=(T.ASSOCIATIONS, T.NEWCOMERS),
        joined=(2018, 6, 14),
        contact=("Amir Hadžić", "kontakt"),
        contact_public=True,
        translations={
            "en": "The joint organisation of Helsingborg's immigrant associations.",
            "ar": "منظمة تعاون جمعيات المهاجرين في هلسينغبوري.",
        },
    ),
    DemoAssociation(
        SKANES_FORENINGAR,
        (C.UMBRELLA,),
        "Regional organisation för föreningar i Skåne, med rådgivning och utbildning i "
        "föreningskunskap.",
        target_groups=(T.ASSOCIATIONS,),
        umbrellas=(SVERIGES_FORENINGAR,),
        contact=("Birgitta Holm", "info"),
        contact_public=True,
    ),
    DemoAssociation(
        SVERIGES_FORENINGAR,
        (C.UMBRELLA,),
        "Riksorganisation för föreningslivet. Delar varje år ut priset Gyllene koppen till "
        "Sveriges föreningsvänligaste kommun – 2023 till Helsingborg.",
        target_groups=(T.ASSOCIATIONS,),
    ),
]

SPORT = (C.SPORT,)
REGISTER = [
    # Dialogmöte 1, 15 november 2016
    DemoAssociation(
        "Antidiskrimineringsbyrån Helsingborg",
        (C.HUMAN_RIGHTS,),
        "Arbetar mot diskriminering och för lika rättigheter. Ger kostnadsfri rådgivning till "
        "den som upplevt diskriminering.",
        district=D.CENTRUM,
        joined=(2018, 6, 14),
    ),
    DemoAssociation(
        "ATSU – Att Trygga Sexuellt Utnyttjade",
        (C.SOCIAL, C.HEALTH),
        "Stöd och samtalsgrupper för personer som utsatts för sexuella övergrepp.",
        target_groups=(T.ADULTS,),
    ),
    DemoAssociation(
        "Diabetesföreningen i Helsingborg",
        (C.HEALTH, C.DISABILITY),
        "För personer med diabetes och deras anhöriga: träffar, föreläsningar och motion.",
        umbrellas=(DHS,),
    ),
    DemoAssociation(
        "Friluftsförbundet Helsingborg-Kullabygden",
        (C.OUTDOOR,),
        "Vandringar, paddling och naturupplevelser i Helsingborg och på Kullahalvön.",
        target_groups=(T.EVERYONE, T.FAMILIES),
    ),
    DemoAssociation(
        "FUB Helsingborg",
        (C.DISABILITY,),
        "För barn, unga och vuxna med intellektuell funktionsnedsättning och deras anhöriga.",
        target_groups=(T.PEOPLE_WITH_DISABILITIES, T.FAMILIES),
        umbrellas=(DHS,),
        seed_names=("FUB/DHS",),
    ),
    DemoAssociation(
        "Geologiklubben i Helsingborg",
        (C.HOBBY, C.EDUCATION),
        "Exkursioner, föredrag och stenar för den som är nyfiken på geologi.",
        joined=(2018, 6, 14),
        left=(2021, 3, 1),
    ),
    DemoAssociation(
        "Helsingborgs brukshundsklubb",
        (C.SPORT, C.HOBBY),
        "Kurser och tävlingar i lydnad, spår och agility för hundar och deras förare.",
        umbrellas=(HISO,),
    ),
    DemoAssociation(
        "Helsingborgs IF",
        SPORT,
        "Fotbollsförening i Helsingborg sedan 1907, med lag för barn, ungdomar och vuxna.",
        district=D.CENTRUM,
        target_groups=(T.CHILDREN, T.YOUTH, T.ADULTS),
        umbrellas=(HISO,),
        joined=(2018, 6, 14),
        contact=("Karin Nilsson", "foreningskontakt"),
        website="https://www.hif.se",
        founded_year=1907,
        translations={"en": "Football club in Helsingborg since 1907, with teams for all ages."},
    ),
    DemoAssociation(
        "Helsingborgs kammarmusikförening",
        (C.MUSIC, C.CULTURE),
        "Konsertserier med kammarmusik i Helsingborg.",
        district=D.CENTRUM,
    ),
    DemoAssociation(
        "Helsingborgs kulturförening",
        (C.CULTURE,),
        "Föredrag, studiebesök och kulturella möten för alla åldrar.",
    ),
    DemoAssociation(
        "Helsingborgs scenkonstforum",
        (C.CULTURE,),
        "Nätverk för teater, dans och annan scenkonst i Helsingborg.",
        target_groups=(T.ASSOCIATIONS, T.ADULTS),
    ),
    DemoAssociation(
        "Helsingborgs sekreterarförening",
        (C.PROFESSIONAL,),
        "Yrkesförening för sekreterare och assistenter.",
        target_groups=(T.ADULTS,),
    ),
    DemoAssociation(
        "Helsingborgs skolmuseiförening",
        (C.HERITAGE, C.EDUCATION),
        "Bevarar och visar skolans historia i Helsingborg.",
    ),
    DemoAssociation(
        "Helsingborgs Turnförening",
        SPORT,
        "Gymnastik och truppgymnastik för barn, ungdomar och vuxna.",
        target_groups=(T.CHILDREN, T.YOUTH, T.ADULTS),
        umbrellas=(HISO,),
    ),
    DemoAssociation(
        "Humanistiska förbundet",
        (C.RELIGION_AND_BELIEF,),
        "Humanistisk livsåskådning: samtal, föredrag och borgerliga ceremonier.",
    ),
    DemoAssociation(
        "Korpföreningen motion och fritid",
        (C.SPORT,),
        "Motion och spel på lika villkor för alla, utan krav på elitsatsning.",
        target_groups=(T.ADULTS,),
        umbrellas=(HISO,),
    ),
    DemoAssociation(
        "Personskadeförbundet RTP",
        (C.DISABILITY,),
        "För personer med rörelsenedsättning eller personskada.",
        target_groups=(T.PEOPLE_WITH_DISABILITIES,),
        umbrellas=(DHS,),
    ),
    DemoAssociation(
        "RPG – Riksförbundet pensionärsgemenskap",
        (C.SENIORS,),
        "Gemenskap, studiecirklar och utflykter för pensionärer.",
        target_groups=(T.SENIORS,),
        seed_names=("RPG (Riksförbundet pensionärsgemenskap)",),
    ),
    DemoAssociation(
        "Rydebäcks museiförening",
        (C.HERITAGE,),
        "Samlar och berättar Rydebäcks historia.",
        district=D.RYDEBACK,
    ),
    DemoAssociation(
        "SPF Tågaborg",
        (C.SENIORS,),
        "Seniorförening på Tågaborg: träffar, resor och motion.",
        district=D.TAGABORG,
        target_groups=(T.SENIORS,),
    ),
    DemoAssociation(
        "Tian Dao Taekwondo",
        SPORT,
        "Taekwondo för barn och vuxna, från nybörjare till tävling.",
        umbrellas=(HISO,),
    ),
    DemoAssociation(
        "Unionen Seniorer",
        (C.SENIORS, C.PROFESSIONAL),
        "För pensionerade medlemmar i Unionen.",
        target_groups=(T.SENIORS,),
    ),
    DemoAssociation(
        "Unionen seniorerna SV Helsingborg",
        (C.SENIORS, C.PROFESSIONAL),
        "Seniorklubb för Unionens pensionärer i sydvästra Helsingborg.",
        target_groups=(T.SENIORS,),
    ),
    DemoAssociation(
        "Visans vänner Helsingborg",
        (C.MUSIC,),
        "Visafton, allsång och visor för alla som tycker om att sjunga och lyssna.",
    ),
    DemoAssociation(
        "Volontärcenter Helsingborgs stad",
        (C.VOLUNTEERING,),
        "Förmedlar volontäruppdrag och slussar intresserade vidare till föreningar.",
        target_groups=(T.EVERYONE, T.ASSOCIATIONS),
    ),
    DemoAssociation(
        "Värmestugan Helsingborg",
        (C.SOCIAL,),
        "En varm plats, mat och gemenskap för människor i utsatthet.",
        district=D.CENTRUM,
        target_groups=(T.ADULTS,),
    ),
    # Dialogmöte 2, 16 november 2016
    DemoAssociation(
        "Astma- och allergiförbundet i Helsingborg",
        (C.HEALTH, C.DISABILITY),
        "För personer med astma, allergi och överkänslighet.",
        umbrellas=(DHS,),
    ),
    DemoAssociation(
        "BiH – S04",
        (C.INTEGRATION, C.CULTURE),
        "Bosnisk-hercegovinsk kulturförening i Helsingborg.",
        umbrellas=(INVA_SAM,),
    ),
    DemoAssociation(
        "BiH – Sverige",
        (C.INTEGRATION,),
        "Förening för bosnienhercegovinier i Helsingborg.",
        umbrellas=(INVA_SAM,),
    ),
    DemoAssociation(
        "Helsingborgs karateklubb",
        SPORT,
        "Karate för alla åldrar.",
        umbrellas=(HISO,),
    ),
    DemoAssociation(
        "Helsingborgs simsällskap",
        SPORT,
        "Simskola, simträning och tävlingssimning.",
        target_groups=(T.CHILDREN, T.YOUTH, T.ADULTS),
        umbrellas=(HISO,),
        joined=(2019, 2, 1),
    ),
    DemoAssociation(
        "Helsingborgs sportdykarklubb Delfinen",
        (C.SPORT, C.OUTDOOR),
        "Sportdykning och dykutbildning i Öresund.",
        umbrellas=(HISO,),
    ),
    DemoAssociation(
        "HKSD Croatia",
        (C.INTEGRATION, C.CULTURE),
        "Kroatisk kultur- och idrottsförening.",
        umbrellas=(INVA_SAM,),
    ),
    DemoAssociation(
        "Hör och Häpna",
        (C.CULTURE,),
        "Förening i Helsingborg.",
    ),
    DemoAssociation(
        "IFK Helsingborg konståkning",
        SPORT,
        "Konståkning för barn, ungdomar och vuxna.",
        target_groups=(T.CHILDREN, T.YOUTH),
        umbrellas=(HISO,),
    ),
    DemoAssociation(
        "Islamiska kulturföreningen",
        (C.RELIGION_AND_BELIEF, C.CULTURE),
        "Kultur- och trosförening med verksamhet för familjer.",
        target_groups=(T.FAMILIES,),
        umbrellas=(INVA_SAM,),
    ),
    DemoAssociation(
        "Kommunala Pensionärsrådet",
        (C.SENIORS,),
        "Rådet där pensionärsorganisationerna och staden möts.",
        target_groups=(T.SENIORS, T.ASSOCIATIONS),
    ),
    DemoAssociation(
        "Medborgarskolan",
        (C.EDUCATION,),
        "Studieförbund: studiecirklar, kurser och kultur.",
        district=D.CENTRUM,
        joined=(2018, 6, 14),
    ),
    DemoAssociation(
        "Neuroförbundet Västra Skåne",
        (C.DISABILITY, C.HEALTH),
        "För personer med neurologiska diagnoser och deras närstående.",
        umbrellas=(DHS,),
    ),
    DemoAssociation(
        "Nordvästra Skånes Scoutmuseiförening",
        (C.HERITAGE, C.CHILDREN_AND_YOUTH),
        "Bevarar scouthistorien i nordvästra Skåne.",
    ),
    DemoAssociation(
        "Parkinsonföreningen",
        (C.HEALTH, C.DISABILITY),
        "För personer med Parkinsons sjukdom och deras anhöriga.",
        umbrellas=(DHS,),
    ),
    DemoAssociation(
        "PRO Livskvalitet",
        (C.SENIORS,),
        "PRO-förening för pensionärer: gemenskap och livskvalitet.",
        target_groups=(T.SENIORS,),
    ),
    DemoAssociation(
        "PRO Ramlösa",
        (C.SENIORS,),
        "PRO-förening för pensionärer i Ramlösa.",
        district=D.RAMLOSA,
        target_groups=(T.SENIORS,),
        joined=(2018, 6, 14),
    ),
    DemoAssociation(
        "PRO SK",
        (C.SENIORS, C.SPORT),
        "Idrott och motion för pensionärer.",
        target_groups=(T.SENIORS,),
    ),
    DemoAssociation(
        "Reumatikerföreningen Helsingborg",
        (C.HEALTH, C.DISABILITY),
        "För personer med reumatiska sjukdomar: vattengympa, träffar och kunskap.",
        umbrellas=(DHS,),
    ),
    DemoAssociation(
        "Råå IF",
        SPORT,
        "Idrottsförening i Råå med fotboll för barn, ungdomar och vuxna.",
        district=D.RAA,
        target_groups=(T.CHILDREN, T.YOUTH, T.ADULTS),
        umbrellas=(HISO,),
        joined=(2019, 2, 1),
        contact=("Per Möller", "kansli"),
    ),
    DemoAssociation(
        "Råå museiförening",
        (C.HERITAGE,),
        "Råå museum för fiske och sjöfart.",
        district=D.RAA,
    ),
    DemoAssociation(
        "Röda Korset Helsingborgskretsen",
        (C.SOCIAL, C.VOLUNTEERING),
        "Medmänskligt stöd, språkcafé och första hjälpen – av volontärer.",
        target_groups=(T.EVERYONE, T.NEWCOMERS),
        joined=(2018, 6, 14),
        contact=("Sara Lind", "helsingborg"),
        contact_public=True,
        translations={"en": "The Red Cross in Helsingborg: support, language café, first aid."},
    ),
    DemoAssociation(
        "Verdandi Söder",
        (C.SOCIAL,),
        "Social förening på Söder för gemenskap och stöd.",
        district=D.SODER,
    ),
]

DEMO_ASSOCIATIONS = UMBRELLAS + REGISTER
