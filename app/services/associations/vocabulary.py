"""The register's fixed vocabularies, each code with its Swedish name."""

from __future__ import annotations

from enum import StrEnum


class Category(StrEnum):
    SPORT = "SPORT"
    OUTDOOR = "OUTDOOR"
    CULTURE = "CULTURE"
    MUSIC = "MUSIC"
    HERITAGE = "HERITAGE"
    EDUCATION = "EDUCATION"
    DISABILITY = "DISABILITY"
    HEALTH = "HEALTH"
    SENIORS = "SENIORS"
    CHILDREN_AND_YOUTH = "CHILDREN_AND_YOUTH"
    SOCIAL = "SOCIAL"
    INTEGRATION = "INTEGRATION"
    RELIGION_AND_BELIEF = "RELIGION_AND_BELIEF"
    HUMAN_RIGHTS = "HUMAN_RIGHTS"
    VOLUNTEERING = "VOLUNTEERING"
    PROFESSIONAL = "PROFESSIONAL"
    HOBBY = "HOBBY"
    UMBRELLA = "UMBRELLA"


CATEGORY_NAMES: dict[Category, str] = {
    Category.SPORT: "Idrott",
    Category.OUTDOOR: "Friluftsliv",
    Category.CULTURE: "Kultur",
    Category.MUSIC: "Musik och sång",
    Category.HERITAGE: "Kulturarv och hembygd",
    Category.EDUCATION: "Folkbildning",
    Category.DISABILITY: "Funktionsrätt",
    Category.HEALTH: "Hälsa",
    Category.SENIORS: "Pensionärer",
    Category.CHILDREN_AND_YOUTH: "Barn och unga",
    Category.SOCIAL: "Socialt arbete",
    Category.INTEGRATION: "Integration",
    Category.RELIGION_AND_BELIEF: "Tro och livsåskådning",
    Category.HUMAN_RIGHTS: "Mänskliga rättigheter",
    Category.VOLUNTEERING: "Volontärarbete",
    Category.PROFESSIONAL: "Yrkes- och intresseorganisation",
    Category.HOBBY: "Hobby",
    Category.UMBRELLA: "Paraplyorganisation",
}


class TargetGroup(StrEnum):
    EVERYONE = "EVERYONE"
    CHILDREN = "CHILDREN"
    YOUTH = "YOUTH"
    ADULTS = "ADULTS"
    SENIORS = "SENIORS"
    FAMILIES = "FAMILIES"
    PEOPLE_WITH_DISABILITIES = "PEOPLE_WITH_DISABILITIES"
    NEWCOMERS = "NEWCOMERS"
    ASSOCIATIONS = "ASSOCIATIONS"


TARGET_GROUP_NAMES: dict[TargetGroup, str] = {
    TargetGroup.EVERYONE: "Alla",
    TargetGroup.CHILDREN: "Barn",
    TargetGroup.YOUTH: "Ungdomar",
    TargetGroup.ADULTS: "Vuxna",
    TargetGroup.SENIORS: "Seniorer",
    TargetGroup.FAMILIES: "Familjer",
    TargetGroup.PEOPLE_WITH_DISABILITIES: "Personer med funktionsnedsättning",
    TargetGroup.NEWCOMERS: "Nyanlända",
    TargetGroup.ASSOCIATIONS: "Föreningar",
}


class District(StrEnum):
    WHOLE_CITY = "WHOLE_CITY"
    CENTRUM = "CENTRUM"
    NORR = "NORR"
    SODER = "SODER"
    TAGABORG = "TAGABORG"
    STATTENA = "STATTENA"
    FREDRIKSDAL = "FREDRIKSDAL"
    ELINEBERG = "ELINEBERG"
    DROTTNINGHOG = "DROTTNINGHOG"
    DALHEM = "DALHEM"
    HUSENSJO = "HUSENSJO"
    RAA = "RAA"
    RAMLOSA = "RAMLOSA"
    RYDEBACK = "RYDEBACK"
    ODAKRA = "ODAKRA"
    MORARP = "MORARP"
    PAARP = "PAARP"
    KATTARP = "KATTARP"
    ALLERUM = "ALLERUM"


DISTRICT_NAMES: dict[District, str] = {
    District.WHOLE_CITY: "Hela Helsingborg",
    District.CENTRUM: "Centrum",
    District.NORR: "Norr",
    District.SODER: "Söder",
    District.TAGABORG: "Tågaborg",
    District.STATTENA: "Stattena",
    District.FREDRIKSDAL: "Fredriksdal",
    District.ELINEBERG: "Elineberg",
    District.DROTTNINGHOG: "Drottninghög",
    District.DALHEM: "Dalhem",
    District.HUSENSJO: "Husensjö",
    District.RAA: "Råå",
    District.RAMLOSA: "Ramlösa",
    District.RYDEBACK: "Rydebäck",
    District.ODAKRA: "Ödåkra",
    District.MORARP: "Mörarp",
    District.PAARP: "Påarp",
    District.KATTARP: "Kattarp",
    District.ALLERUM: "Allerum",
}
