"""associationCreate and associationUpdate."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from sqlalchemy import func, select

from app.runtime import Runtime
from db.models import Association, AssociationCategory, Membership, UmbrellaLink
from tests.support.graphql import GraphQLClient, codes, ok
from tests.support.people import global_id, make_association, make_person, organisation_number

CREATE = """
mutation Create($input: AssociationCreateInput!) {
  associationCreate(input: $input) {
    association {
      id slug name organisationNumber description categories targetGroups district website
      foundedYear memberCount contactPublic contactPerson { name email phone }
      translations { language description } umbrellaOrganisations { nodes { name } }
      viewerCanEdit viewerRole inAgreement
    }
    errors { field message code }
  }
}"""
UPDATE = """
mutation Update($input: AssociationUpdateInput!) {
  associationUpdate(input: $input) {
    association {
      id slug name organisationNumber description categories district website foundedYear
      memberCount contactPublic contactPerson { name email phone }
      translations { language description } umbrellaOrganisations { nodes { name } } viewerCanEdit
    }
    errors { field message code }
  }
}"""


async def rows(runtime: Runtime, model: type) -> int:
    async with runtime.db.read() as session:
        return await session.scalar(select(func.count()).select_from(model)) or 0


def full_input(**overrides: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "name": "Råå Båtklubb",
        "organisationNumber": "212000-1124",
        "description": "Segling och båtliv i Råå hamn.",
        "translations": [{"language": "en", "description": "Sailing in Råå harbour."}],
        "categories": ["SPORT", "OUTDOOR"],
        "targetGroups": ["FAMILIES"],
        "district": "RAA",
        "website": "www.raabatklubb.example",
        "foundedYear": 1921,
        "memberCount": 340,
        "contactPerson": {
            "name": "Ola Sjö",
            "email": "Ola@Raabatklubb.example",
            "phone": "070-174 06 50",
        },
        "contactPublic": True,
    }
    values.update(overrides)
    return values


async def test_any_logged_in_user_creates_an_association_and_becomes_its_admin(
    gql: GraphQLClient, runtime: Runtime
) -> None:
    person = await make_person(runtime.db)
    payload = ok(await gql.as_(person.token).mutate(CREATE, {"input": full_input()}))
    association = payload["association"]
    assert association | {"id": None} == {
        "id": None,
        "slug": "raa-batklubb",
        "name": "Råå Båtklubb",
        "organisationNumber": "212000-1124",
        "description": "Segling och båtliv i Råå hamn.",
        "categories": ["OUTDOOR", "SPORT"],
        "targetGroups": ["FAMILIES"],
        "district": "RAA",
        "website": "https://www.raabatklubb.example",
        "foundedYear": 1921,
        "memberCount": 340,
        "contactPublic": True,
        "contactPerson": {
            "name": "Ola Sjö",
            "email": "ola@raabatklubb.example",
            "phone": "070-174 06 50",
        },
        "translations": [{"language": "en", "description": "Sailing in Råå harbour."}],
        "umbrellaOrganisations": {"nodes": []},
        "viewerCanEdit": True,
        "viewerRole": "ADMIN",
        "inAgreement": False,
    }
    async with runtime.db.read() as session:
        membership = await session.scalar(select(Membership))
    assert membership is not None
    assert (membership.user_id, membership.role) == (person.user_id, "ADMIN")


async def test_create_with_only_the_required_fields(gql: GraphQLClient, runtime: Runtime) -> None:
    person = await make_person(runtime.db)
    payload = ok(
        await gql.as_(person.token).mutate(
            CREATE, {"input": {"name": "Liten förening", "organisationNumber": "8020024280"}}
        )
    )
    assert payload["association"]["organisationNumber"] == "802002-4280"
    assert payload["association"]["contactPerson"] is None
    assert payload["association"]["description"] == ""


async def test_anonymous_cannot_create(gql: GraphQLClient, runtime: Runtime) -> None:
    payload = await gql.mutate(CREATE, {"input": full_input()})
    assert payload["association"] is None
    assert codes(payload) == ["UNAUTHENTICATED"]
    assert await rows(runtime, Association) == 0


BAD_FIELDS: list[tuple[dict[str, Any], str, str]] = [
    ({"organisationNumber": "212000-1125"}, "organisationNumber", "INVALID"),
    ({"organisationNumber": "851201-1234"}, "organisationNumber", "INVALID"),
    ({"organisationNumber": "  "}, "organisationNumber", "REQUIRED"),
    ({"name": ""}, "name", "REQUIRED"),
    ({"name": "x" * 121}, "name", "TOO_LONG"),
    ({"description": "x" * 5001}, "description", "TOO_LONG"),
    ({"website": "not a url"}, "website", "INVALID"),
    ({"website": "https://" + "x" * 200 + ".se"}, "website", "TOO_LONG"),
    # 198 characters as typed, 206 with the https:// it gets
    ({"website": "a" * 195 + ".se"}, "website", "TOO_LONG"),
    # 250 characters as typed, 495 lower-cased ("İ" lowers to i + a combining dot)
    ({"contactPerson": {"email": "İ" * 245 + "@x.se"}}, "contactPerson.email", "TOO_LONG"),
    ({"organisationNumber": "٢١٢٠٠٠-١١٢٤"}, "organisationNumber", "INVALID"),
    ({"foundedYear": 1200}, "foundedYear", "INVALID"),
    ({"foundedYear": 3000}, "foundedYear", "INVALID"),
    ({"memberCount": -1}, "memberCount", "INVALID"),
    ({"contactPerson": {"email": "nope"}}, "contactPerson.email", "INVALID"),
    ({"contactPerson": {"phone": "ring mig"}}, "contactPerson.phone", "INVALID"),
    ({"contactPerson": {"name": "x" * 121}}, "contactPerson.name", "TOO_LONG"),
    (
        {"translations": [{"language": "sv", "description": "x"}]},
        "translations.0.language",
        "INVALID",
    ),
    (
        {"translations": [{"language": "english", "description": "x"}]},
        "translations.0.language",
        "INVALID",
    ),
    (
        {"translations": [{"language": "en", "description": ""}]},
        "translations.0.description",
        "REQUIRED",
    ),
    (
        {
            "translations": [
                {"language": "en", "description": "a"},
                {"language": "en", "description": "b"},
            ]
        },
        "translations.1.language",
        "DUPLICATE",
    ),
    (
        {"categories": ["SPORT", "CULTURE", "MUSIC", "HOBBY", "HEALTH", "SOCIAL", "EDUCATION"]},
        "categories",
        "INVALID",
    ),
]


@pytest.mark.parametrize(("overrides", "field", "code"), BAD_FIELDS)
async def test_create_rejects_bad_fields_and_writes_nothing(
    gql: GraphQLClient, runtime: Runtime, overrides: dict[str, Any], field: str, code: str
) -> None:
    person = await make_person(runtime.db)
    payload = await gql.as_(person.token).mutate(CREATE, {"input": full_input(**overrides)})
    assert payload["association"] is None
    assert [(e["field"], e["code"]) for e in payload["errors"]] == [(field, code)]
    assert await rows(runtime, Association) == 0
    assert await rows(runtime, Membership) == 0


async def test_unknown_enum_values_are_request_errors(gql: GraphQLClient, runtime: Runtime) -> None:
    person = await make_person(runtime.db)
    answer = await gql.as_(person.token)(CREATE, {"input": full_input(categories=["PARTYING"])})
    assert answer.status == 400
    assert "data" not in answer.body


async def test_organisation_numbers_are_unique(gql: GraphQLClient, runtime: Runtime) -> None:
    person = await make_person(runtime.db)
    client = gql.as_(person.token)
    ok(await client.mutate(CREATE, {"input": full_input()}))
    payload = await client.mutate(
        CREATE, {"input": full_input(name="Annan förening", organisationNumber="2120001124")}
    )
    assert [(e["field"], e["code"]) for e in payload["errors"]] == [
        ("organisationNumber", "DUPLICATE")
    ]
    assert await rows(runtime, Association) == 1


async def test_concurrent_registrations_of_one_number_keep_one(
    gql: GraphQLClient, runtime: Runtime
) -> None:
    person = await make_person(runtime.db)
    client = gql.as_(person.token)
    payloads = await asyncio.gather(
        *(client.mutate(CREATE, {"input": full_input(name=f"Förening {i}")}) for i in range(4))
    )
    assert sorted(codes(p) for p in payloads) == [[], ["DUPLICATE"], ["DUPLICATE"], ["DUPLICATE"]]
    assert await rows(runtime, Association) == 1
    assert await rows(runtime, Membership) == 1


async def test_same_name_gets_a_distinct_slug(gql: GraphQLClient, runtime: Runtime) -> None:
    person = await make_person(runtime.db)
    client = gql.as_(person.token)
    first = ok(await client.mutate(CREATE, {"input": full_input()}))
    second = ok(
        await client.mutate(CREATE, {"input": full_input(organisationNumber=organisation_number())})
    )
    assert (first["association"]["slug"], second["association"]["slug"]) == (
        "raa-batklubb",
        "raa-batklubb-2",
    )


async def test_admin_updates_only_what_is_given(gql: GraphQLClient, runtime: Runtime) -> None:
    admin = await make_person(runtime.db)
    created = ok(await gql.as_(admin.token).mutate(CREATE, {"input": full_input()}))["association"]
    payload = ok(
        await gql.as_(admin.token).mutate(
            UPDATE, {"input": {"id": created["id"], "description": "Ny text.", "website": None}}
        )
    )
    updated = payload["association"]
    assert updated["description"] == "Ny text."
    assert updated["website"] is None
    # untouched fields stay, and so does the slug
    assert updated["name"] == "Råå Båtklubb"
    assert updated["slug"] == "raa-batklubb"
    assert updated["contactPerson"] == created["contactPerson"]
    assert updated["translations"] == created["translations"]


async def test_update_replaces_lists_and_clears_with_null(
    gql: GraphQLClient, runtime: Runtime
) -> None:
    admin = await make_person(runtime.db)
    created = ok(await gql.as_(admin.token).mutate(CREATE, {"input": full_input()}))["association"]
    updated = ok(
        await gql.as_(admin.token).mutate(
            UPDATE,
            {
                "input": {
                    "id": created["id"],
                    "categories": ["CULTURE"],
                    "translations": None,
                    "contactPerson": None,
                }
            },
        )
    )["association"]
    assert updated["categories"] == ["CULTURE"]
    assert updated["translations"] == []
    assert updated["contactPerson"] is None
    async with runtime.db.read() as session:
        categories = (await session.scalars(select(AssociationCategory.category))).all()
    assert categories == ["CULTURE"]


async def test_rename_keeps_the_slug_and_updates_search(
    gql: GraphQLClient, runtime: Runtime
) -> None:
    admin = await make_person(runtime.db)
    created = ok(await gql.as_(admin.token).mutate(CREATE, {"input": full_input()}))["association"]
    ok(
        await gql.as_(admin.token).mutate(
            UPDATE, {"input": {"id": created["id"], "name": "Råå Segelsällskap"}}
        )
    )
    found = await gql.data(
        '{ associations(filter: {search: "segelsäll"}) { edges { node { slug } } } }'
    )
    assert found["associations"]["edges"] == [{"node": {"slug": "raa-batklubb"}}]


async def test_coordinator_may_update_any_association(gql: GraphQLClient, runtime: Runtime) -> None:
    association_id = await make_association(runtime.db, "Helsingborgs IF")
    coordinator = await make_person(runtime.db, coordinator=True)
    payload = ok(
        await gql.as_(coordinator.token).mutate(
            UPDATE, {"input": {"id": global_id("Association", association_id), "memberCount": 900}}
        )
    )
    assert payload["association"]["memberCount"] == 900
    assert payload["association"]["viewerCanEdit"] is True


@pytest.mark.parametrize("who", ["anonymous", "member", "other admin", "stranger"])
async def test_others_cannot_update(gql: GraphQLClient, runtime: Runtime, who: str) -> None:
    member, other_admin, stranger = [await make_person(runtime.db) for _ in range(3)]
    association_id = await make_association(runtime.db, "Helsingborgs IF", members=(member,))
    await make_association(runtime.db, "Råå IF", admins=(other_admin,))
    token = {
        "anonymous": None,
        "member": member.token,
        "other admin": other_admin.token,
        "stranger": stranger.token,
    }[who]
    payload = await gql.as_(token).mutate(
        UPDATE, {"input": {"id": global_id("Association", association_id), "name": "Kapat namn"}}
    )
    assert payload["association"] is None
    assert codes(payload) == ["UNAUTHENTICATED" if who == "anonymous" else "FORBIDDEN"]
    async with runtime.db.read() as session:
        assert (
            await session.scalar(select(Association.name).where(Association.id == association_id))
            == "Helsingborgs IF"
        )


@pytest.mark.parametrize(
    "bad_id",
    [global_id("Association", 999_999), global_id("User", 1), global_id("Association", "abc")],  # type: ignore[arg-type]
)
async def test_update_of_an_unknown_id_is_not_found(
    gql: GraphQLClient, runtime: Runtime, bad_id: str
) -> None:
    coordinator = await make_person(runtime.db, coordinator=True)
    payload = await gql.as_(coordinator.token).mutate(
        UPDATE, {"input": {"id": bad_id, "name": "X"}}
    )
    assert [(e["field"], e["code"]) for e in payload["errors"]] == [("id", "NOT_FOUND")]


async def test_malformed_global_id_is_not_found(gql: GraphQLClient, runtime: Runtime) -> None:
    coordinator = await make_person(runtime.db, coordinator=True)
    answer = await gql.as_(coordinator.token)(
        UPDATE, {"input": {"id": "!!not base64!!", "name": "X"}}
    )
    assert answer.status == 200
    assert [(e["field"], e["code"]) for e in answer.data["associationUpdate"]["errors"]] == [
        ("id", "NOT_FOUND")
    ]


async def test_update_to_a_taken_number_is_a_duplicate(
    gql: GraphQLClient, runtime: Runtime
) -> None:
    admin = await make_person(runtime.db)
    client = gql.as_(admin.token)
    ok(await client.mutate(CREATE, {"input": full_input()}))
    second = ok(
        await client.mutate(
            CREATE, {"input": full_input(name="B", organisationNumber=organisation_number())}
        )
    )
    payload = await client.mutate(
        UPDATE, {"input": {"id": second["association"]["id"], "organisationNumber": "212000-1124"}}
    )
    assert codes(payload) == ["DUPLICATE"]


async def test_update_with_null_name_is_required(gql: GraphQLClient, runtime: Runtime) -> None:
    admin = await make_person(runtime.db)
    created = ok(await gql.as_(admin.token).mutate(CREATE, {"input": full_input()}))["association"]
    payload = await gql.as_(admin.token).mutate(
        UPDATE, {"input": {"id": created["id"], "name": None}}
    )
    assert [(e["field"], e["code"]) for e in payload["errors"]] == [("name", "REQUIRED")]


@pytest.mark.parametrize(
    ("field_values", "field"),
    [
        ({"website": "a" * 195 + ".se"}, "website"),
        ({"contactPerson": {"email": "İ" * 245 + "@x.se"}}, "contactPerson.email"),
    ],
)
async def test_update_checks_the_length_of_the_value_as_stored(
    gql: GraphQLClient, runtime: Runtime, field_values: dict[str, Any], field: str
) -> None:
    admin = await make_person(runtime.db)
    created = ok(await gql.as_(admin.token).mutate(CREATE, {"input": full_input()}))["association"]
    payload = await gql.as_(admin.token).mutate(
        UPDATE, {"input": {"id": created["id"], **field_values}}
    )
    assert [(e["field"], e["code"]) for e in payload["errors"]] == [(field, "TOO_LONG")]
    async with runtime.db.read() as session:
        stored = await session.scalar(select(Association))
    assert stored is not None
    assert (stored.website, stored.contact_email) == (
        "https://www.raabatklubb.example",
        "ola@raabatklubb.example",
    )


async def test_a_name_that_folds_longer_than_its_sort_key_is_registered(
    gql: GraphQLClient, runtime: Runtime
) -> None:
    # "ﬃ" folds to "ffi": 120 characters make a 360-character key, clipped to the column
    person = await make_person(runtime.db)
    payload = ok(await gql.as_(person.token).mutate(CREATE, {"input": full_input(name="ﬃ" * 120)}))
    assert payload["association"]["slug"] == ("ffi" * 44)[:130]
    async with runtime.db.read() as session:
        stored = await session.scalar(select(Association))
    assert stored is not None
    assert stored.sort_key == ("ffi" * 80)
    found = await gql.data('{ associations(filter: {search: "ffiffi"}) { totalCount } }')
    assert found["associations"]["totalCount"] == 1


async def test_names_in_other_scripts_get_distinct_slugs_and_are_found_by_name(
    gql: GraphQLClient, runtime: Runtime
) -> None:
    client = gql.as_((await make_person(runtime.db)).token)
    first = ok(await client.mutate(CREATE, {"input": full_input(name="Общество Дружба")}))
    second = ok(
        await client.mutate(
            CREATE,
            {"input": full_input(name="جمعية الصداقة", organisationNumber=organisation_number())},
        )
    )
    slugs = [first["association"]["slug"], second["association"]["slug"]]
    assert slugs == ["forening", "forening-2"]
    for slug, name in zip(slugs, ["Общество Дружба", "جمعية الصداقة"], strict=True):
        by_slug = await gql.data(
            "query($slug: String!) { association(slug: $slug) { name } }", {"slug": slug}
        )
        assert by_slug == {"association": {"name": name}}
        by_name = await gql.data(
            "query($s: String!) { associations(filter: {search: $s}) { edges { node { slug } } } }",
            {"s": name},
        )
        assert by_name["associations"]["edges"] == [{"node": {"slug": slug}}]


STORED = """query($slug: String!) { association(slug: $slug) {
  name organisationNumber description website foundedYear memberCount categories
  translations { language description } contactPerson { name email phone } } }"""


@pytest.mark.parametrize(("overrides", "field", "code"), BAD_FIELDS)
async def test_update_rejects_bad_fields_and_changes_nothing(
    gql: GraphQLClient, runtime: Runtime, overrides: dict[str, Any], field: str, code: str
) -> None:
    admin = gql.as_((await make_person(runtime.db)).token)
    created = ok(await admin.mutate(CREATE, {"input": full_input()}))["association"]
    before = await admin.data(STORED, {"slug": created["slug"]})
    payload = await admin.mutate(UPDATE, {"input": {"id": created["id"], **overrides}})
    assert payload["association"] is None
    assert [(e["field"], e["code"]) for e in payload["errors"]] == [(field, code)]
    assert await admin.data(STORED, {"slug": created["slug"]}) == before


async def test_a_failed_update_changes_nothing(gql: GraphQLClient, runtime: Runtime) -> None:
    admin = await make_person(runtime.db)
    created = ok(await gql.as_(admin.token).mutate(CREATE, {"input": full_input()}))["association"]
    # one good field and one bad: neither is stored
    payload = await gql.as_(admin.token).mutate(
        UPDATE, {"input": {"id": created["id"], "description": "Ändrad", "foundedYear": 99999}}
    )
    assert codes(payload) == ["INVALID"]
    after = await gql.as_(admin.token).data(
        "query($slug: String!) { association(slug: $slug) { description foundedYear } }",
        {"slug": created["slug"]},
    )
    assert after["association"] == {
        "description": "Segling och båtliv i Råå hamn.",
        "foundedYear": 1921,
    }


def umbrellas_update(club: int, *umbrellas: int, **more: object) -> dict[str, object]:
    ids = [global_id("Association", u) for u in umbrellas]
    return {"input": {"id": global_id("Association", club), "umbrellaIds": ids, **more}}


async def test_umbrella_links(gql: GraphQLClient, runtime: Runtime) -> None:
    admin = await make_person(runtime.db)
    hiso_admin = await make_person(runtime.db)
    coordinator = await make_person(runtime.db, coordinator=True)
    hiso = await make_association(runtime.db, "HISO", admins=(hiso_admin,))
    other = await make_association(runtime.db, "INVA-SAM")
    club = await make_association(runtime.db, "Råå IF", admins=(admin, hiso_admin))
    # the club's admin alone cannot put the club under HISO: HISO has not said so
    refused = await gql.as_(admin.token).mutate(UPDATE, umbrellas_update(club, hiso))
    assert [(e["field"], e["code"]) for e in refused["errors"]] == [("umbrellaIds", "FORBIDDEN")]
    members = await gql.data(
        '{ association(slug: "hiso") { memberOrganisations { nodes { name } } } }'
    )
    assert members["association"]["memberOrganisations"]["nodes"] == []
    # one of HISO's admins can
    payload = ok(await gql.as_(hiso_admin.token).mutate(UPDATE, umbrellas_update(club, hiso)))
    assert payload["association"]["umbrellaOrganisations"]["nodes"] == [{"name": "HISO"}]
    members = await gql.data(
        '{ association(slug: "hiso") { memberOrganisations { nodes { name } } } }'
    )
    assert members["association"]["memberOrganisations"]["nodes"] == [{"name": "Råå IF"}]
    # the club's admin keeps the link while editing, may not add another, may drop it
    ok(await gql.as_(admin.token).mutate(UPDATE, umbrellas_update(club, hiso, district="RAA")))
    more = await gql.as_(admin.token).mutate(UPDATE, umbrellas_update(club, hiso, other))
    assert codes(more) == ["FORBIDDEN"]
    ok(await gql.as_(admin.token).mutate(UPDATE, umbrellas_update(club)))
    # the city's coordinator vouches for any
    linked = ok(await gql.as_(coordinator.token).mutate(UPDATE, umbrellas_update(club, other)))
    assert linked["association"]["umbrellaOrganisations"]["nodes"] == [{"name": "INVA-SAM"}]


@pytest.mark.parametrize("case", ["self", "unknown", "circle"])
async def test_bad_umbrella_links_are_refused(
    gql: GraphQLClient, runtime: Runtime, case: str
) -> None:
    admin = await make_person(runtime.db)
    umbrella = await make_association(runtime.db, "Paraply", admins=(admin,))
    club = await make_association(runtime.db, "Klubb", admins=(admin,))
    client = gql.as_(admin.token)
    ok(
        await client.mutate(
            UPDATE,
            {
                "input": {
                    "id": global_id("Association", club),
                    "umbrellaIds": [global_id("Association", umbrella)],
                }
            },
        )
    )
    target, umbrella_ids = {
        "self": (club, [club]),
        "unknown": (club, [999_999]),
        "circle": (umbrella, [club]),
    }[case]
    payload = await client.mutate(
        UPDATE,
        {
            "input": {
                "id": global_id("Association", target),
                "umbrellaIds": [global_id("Association", u) for u in umbrella_ids],
            }
        },
    )
    assert [e["field"] for e in payload["errors"]] == ["umbrellaIds"]


async def test_same_name_registered_at_once_gets_distinct_slugs(
    gql: GraphQLClient, runtime: Runtime
) -> None:
    person = await make_person(runtime.db)
    client = gql.as_(person.token)
    payloads = await asyncio.gather(
        *(
            client.mutate(CREATE, {"input": full_input(organisationNumber=organisation_number())})
            for _ in range(3)
        )
    )
    assert [codes(p) for p in payloads] == [[], [], []]
    assert sorted(p["association"]["slug"] for p in payloads) == [
        "raa-batklubb",
        "raa-batklubb-2",
        "raa-batklubb-3",
    ]


async def test_a_new_association_joins_an_umbrella_only_on_the_umbrellas_word(
    gql: GraphQLClient, runtime: Runtime
) -> None:
    person, hiso_admin = await make_person(runtime.db), await make_person(runtime.db)
    hiso = await make_association(runtime.db, "HISO", admins=(hiso_admin,))
    wanting = {"input": full_input(umbrellaIds=[global_id("Association", hiso)])}
    refused = await gql.as_(person.token).mutate(CREATE, wanting)
    assert [(e["field"], e["code"]) for e in refused["errors"]] == [("umbrellaIds", "FORBIDDEN")]
    assert refused["association"] is None
    assert await rows(runtime, Association) == 1  # HISO only: nothing half-made
    assert await rows(runtime, UmbrellaLink) == 0
    created = ok(await gql.as_(hiso_admin.token).mutate(CREATE, wanting))
    assert created["association"]["umbrellaOrganisations"]["nodes"] == [{"name": "HISO"}]


@pytest.mark.parametrize("umbrella", ["inte-ett-id", "VXNlcjox"])  # garbage; a User's id
async def test_an_umbrella_id_of_no_association_does_not_hide_the_other_problems(
    gql: GraphQLClient, runtime: Runtime, umbrella: str
) -> None:
    admin = await make_person(runtime.db)
    club = await make_association(runtime.db, "Klubb", admins=(admin,))
    client = gql.as_(admin.token)
    both = umbrellas_update(club, website="inte en adress")
    both["input"]["umbrellaIds"] = [umbrella]  # type: ignore[index]
    refused = await client.mutate(UPDATE, both)
    assert [(e["field"], e["code"]) for e in refused["errors"]] == [("website", "INVALID")]
    alone = umbrellas_update(club)
    alone["input"]["umbrellaIds"] = [umbrella]  # type: ignore[index]
    refused = await client.mutate(UPDATE, alone)
    assert [(e["field"], e["code"]) for e in refused["errors"]] == [("umbrellaIds", "NOT_FOUND")]
    async with runtime.db.read() as session:
        assert await session.scalar(select(func.count()).select_from(UmbrellaLink)) == 0


MEMBERS = """query($first: Int, $after: String) { association(slug: "paraply") {
  memberOrganisations(first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } nodes { name } } } }"""


async def test_an_umbrellas_members_page_in_swedish_order(
    gql: GraphQLClient, runtime: Runtime
) -> None:
    umbrella = await make_association(runtime.db, "Paraply")
    members = ["Öresunds kör", "Ängelholms IF", "Zebraklubben", "Allmänna föreningen"]
    ids = [await make_association(runtime.db, name) for name in members]
    async with runtime.db.write() as session:
        session.add_all(UmbrellaLink(association_id=i, umbrella_id=umbrella) for i in ids)
    first = (await gql.data(MEMBERS, {"first": 2}))["association"]["memberOrganisations"]
    assert first["totalCount"] == 4
    assert [n["name"] for n in first["nodes"]] == ["Allmänna föreningen", "Zebraklubben"]
    assert first["pageInfo"]["hasNextPage"] is True
    after = first["pageInfo"]["endCursor"]
    rest = (await gql.data(MEMBERS, {"first": 2, "after": after}))["association"]
    assert [n["name"] for n in rest["memberOrganisations"]["nodes"]] == [
        "Ängelholms IF",
        "Öresunds kör",
    ]
    assert rest["memberOrganisations"]["pageInfo"]["hasNextPage"] is False


UMBRELLAS = """query($first: Int, $after: String) { association(slug: "klubben") {
  umbrellaOrganisations(first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } nodes { name } } } }"""


async def test_an_associations_umbrellas_page_in_swedish_order(
    gql: GraphQLClient, runtime: Runtime
) -> None:
    club = await make_association(runtime.db, "Klubben")
    umbrellas = ["Övre förbundet", "Ängarnas förbund", "HISO"]
    ids = [await make_association(runtime.db, name) for name in umbrellas]
    async with runtime.db.write() as session:
        session.add_all(UmbrellaLink(association_id=club, umbrella_id=i) for i in ids)
    first = (await gql.data(UMBRELLAS, {"first": 2}))["association"]["umbrellaOrganisations"]
    assert first["totalCount"] == 3
    assert [n["name"] for n in first["nodes"]] == ["HISO", "Ängarnas förbund"]
    after = first["pageInfo"]["endCursor"]
    rest = (await gql.data(UMBRELLAS, {"first": 2, "after": after}))["association"]
    assert [n["name"] for n in rest["umbrellaOrganisations"]["nodes"]] == ["Övre förbundet"]
    assert rest["umbrellaOrganisations"]["pageInfo"]["hasNextPage"] is False
