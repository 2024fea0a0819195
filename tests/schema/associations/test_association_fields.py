"""What an Association shows: contact details by login, descriptions by language."""

from __future__ import annotations

from app.runtime import Runtime
from app.services.associations.fields import AssociationFields, ContactPerson, Translation
from app.services.associations.register import update_association
from app.services.viewer import Viewer
from tests.support.graphql import GraphQLClient
from tests.support.people import make_association, make_person

CONTACT = '{ association(slug: "klubben") { contactPublic contactPerson { name email phone } } }'
PERSON = ContactPerson(name="Ola Sjö", email="ola@klubben.example", phone="070-174 06 50")


async def test_contact_details_are_for_logged_in_users(
    gql: GraphQLClient, runtime: Runtime
) -> None:
    await make_association(runtime.db, "Klubben", contact=PERSON)
    anonymous = await gql.data(CONTACT)
    assert anonymous == {"association": {"contactPublic": False, "contactPerson": None}}
    someone = await make_person(runtime.db)
    logged_in = await gql.as_(someone.token).data(CONTACT)
    assert logged_in["association"]["contactPerson"] == {
        "name": "Ola Sjö",
        "email": "ola@klubben.example",
        "phone": "070-174 06 50",
    }


async def test_public_contact_details_are_for_everyone(
    gql: GraphQLClient, runtime: Runtime
) -> None:
    await make_association(runtime.db, "Klubben", contact=PERSON, contact_public=True)
    data = await gql.data(CONTACT)
    assert data["association"]["contactPerson"]["email"] == "ola@klubben.example"


async def test_hidden_contact_details_are_not_in_search_results_either(
    gql: GraphQLClient, runtime: Runtime
) -> None:
    await make_association(runtime.db, "Klubben", contact=PERSON)
    answer = await gql("{ associations { edges { node { contactPerson { email } } } } }")
    assert "ola@klubben.example" not in str(answer.body)


async def test_description_falls_back_to_swedish(gql: GraphQLClient, runtime: Runtime) -> None:
    association = await make_association(runtime.db, "Klubben", description="Svensk text.")
    async with runtime.db.write() as session:
        await update_association(
            session,
            Viewer(user_id=1, is_coordinator=True),
            association,
            AssociationFields(
                translations=[Translation("en", "English text."), Translation("ar", "نص عربي.")]
            ),
        )
    data = await gql.data(
        """{ association(slug: "klubben") {
          sv: description en: description(language: "en") enGb: description(language: "en-GB")
          ar: description(language: "AR") fi: description(language: "fi") svExplicit: description(language: "sv")
          translations { language description } } }"""
    )
    assert data["association"] == {
        "sv": "Svensk text.",
        "en": "English text.",
        "enGb": "English text.",
        "ar": "نص عربي.",
        "fi": "Svensk text.",
        "svExplicit": "Svensk text.",
        "translations": [
            {"language": "ar", "description": "نص عربي."},
            {"language": "en", "description": "English text."},
        ],
    }


async def test_vocabularies_have_swedish_names(gql: GraphQLClient) -> None:
    data = await gql.data(
        "{ associationCategories { code name } districts { code name } targetGroups { code name } }"
    )
    assert {"code": "SPORT", "name": "Idrott"} in data["associationCategories"]
    assert {"code": "RAA", "name": "Råå"} in data["districts"]
    assert {"code": "SENIORS", "name": "Seniorer"} in data["targetGroups"]


async def test_principles_in_order(gql: GraphQLClient) -> None:
    data = await gql.data("{ principles { code name position description } }")
    assert [p["code"] for p in data["principles"]] == [
        "AUTONOMY", "DIALOGUE", "QUALITY", "LONG_TERM", "OPENNESS", "DIVERSITY",
    ]  # fmt: skip
    assert data["principles"][3]["name"] == "Långsiktighet"
    assert data["principles"][0]["description"].startswith("Föreningslivets självständighet")


async def test_principles_are_nodes(gql: GraphQLClient) -> None:
    data = await gql.data("{ principles { id } }")
    first = data["principles"][0]["id"]
    node = await gql.data(
        "query($id: ID!) { node(id: $id) { ... on Principle { code } } }", {"id": first}
    )
    assert node == {"node": {"code": "AUTONOMY"}}
