"""GraphiQL, from Strawberry's page, with Samverka's title and an example to start from."""

from __future__ import annotations

import re
from functools import cache

from strawberry.http.ides import get_graphql_ide_html

EXAMPLE = """# Samverka – Helsingborgs stad och föreningslivet
#
# Search the register of associations. To edit, log in with a demo account
# (see the README): run the logIn mutation below, then put its token in the
# Headers tab:  {"Authorization": "Bearer svk_…"}
#
query FindAssociations {
  associations(first: 5, filter: {search: "helsingborgs if"}) {
    totalCount
    edges {
      node { id name slug categories contactPerson { name email } viewerCanEdit }
    }
  }
}

mutation LogIn {
  logIn(input: {email: "admin.hif@samverka.example", password: "samverka-demo"}) {
    token
    errors { field message code }
  }
}
"""


@cache
def graphiql_html() -> str:
    html = get_graphql_ide_html("graphiql")
    html = html.replace("<title>Strawberry GraphiQL</title>", "<title>Samverka GraphiQL</title>")
    return re.sub(
        r"const EXAMPLE_QUERY = `.*?`;",
        lambda _: "const EXAMPLE_QUERY = `" + EXAMPLE.replace("`", "\\`") + "`;",
        html,
        count=1,
        flags=re.DOTALL,
    )
