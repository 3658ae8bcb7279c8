"""The JSON API at /api/v1/: the shapes integrators rely on, languages, validation,
bounded queries and the committed OpenAPI schema."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from samenwerkt.handbook.models import (
    CollaborationForm,
    Example,
    Listing,
    Reason,
    Region,
    StepAction,
    Tip,
)
from tests.handbook_facts import LEAVES as FACT_LEAVES
from tests.queries import over_bound

# (band, reason) → recommended form numbers, as lists like the JSON and pages give them.
LEAVES = {key: list(forms) for key, forms in FACT_LEAVES.items()}

pytestmark = pytest.mark.django_db

API = "/api/v1"
COMMITTED_SCHEMA = (
    Path(__file__).resolve().parents[2] / "src" / "samenwerkt" / "api" / "openapi.json"
)


def get(client, path, **kwargs):
    response = client.get(API + path, **kwargs)
    assert response["Content-Type"].startswith("application/json")
    return response


def ok(client, path, **kwargs):
    response = get(client, path, **kwargs)
    assert response.status_code == 200, response.content
    return response.json()


# --- shapes -------------------------------------------------------------------------


def test_reasons(client):
    data = ok(client, "/reasons")
    assert [r["code"] for r in data] == ["A", "B", "C", "D"]
    for item in data:
        assert set(item) == {"code", "slug", "name", "short_name", "summary"}
        assert all(isinstance(v, str) and v for v in item.values())
    a = Reason.objects.get(code="A")
    assert data[0] == {
        "code": "A",
        "slug": a.slug,
        "name": a.name_nl,
        "short_name": a.short_name_nl,
        "summary": a.summary_nl,
    }


def test_forms(client):
    data = ok(client, "/forms")
    assert [f["number"] for f in data] == list(range(1, 9))
    for item in data:
        assert set(item) == {
            "number",
            "slug",
            "name",
            "summary",
            "effort",
            "band",
            "outcomes",
            "examples",
            "example_count",
        }
        assert set(item["outcomes"]) == {"A", "B", "C", "D"}
        assert all(1 <= stars <= 5 for stars in item["outcomes"].values())
        for ref in item["examples"]:
            assert set(ref) == {"slug", "title"}
    first = data[0]
    assert first["slug"] == "bedrijf-bekend-maken"
    assert first["name"] == "Je bedrijf bekend maken bij studenten"
    assert first["effort"] == 1
    assert first["band"] == "low"
    assert first["outcomes"] == {"A": 2, "B": 1, "C": 1, "D": 3}
    assert first["examples"] == [
        {"slug": "hbo-ict-banenmarkt-utrecht", "title": "HBO-ICT banenmarkt in Utrecht"},
        {"slug": "communicatiecampagne-bojet", "title": "Communicatiecampagne BOJET"},
    ]
    assert {f["number"]: (f["effort"], f["band"]) for f in data} == {
        1: (1, "low"),
        2: (2, "low"),
        3: (2, "low"),
        4: (3, "medium"),
        5: (3, "medium"),
        6: (3, "medium"),
        7: (5, "high"),
        8: (5, "high"),
    }
    # Every example appears under its own form, none twice.
    refs = [ref["slug"] for f in data for ref in f["examples"]]
    assert sorted(refs) == sorted(Example.objects.values_list("slug", flat=True))


def test_a_reason_given_twice_counts_once_with_the_higher_weight(client):
    assert ok(client, "/advice?effort=low&reasons=A,c,a:2")["reasons"] == {"A": 2, "C": 1}


def test_advice(client):
    data = ok(client, "/advice?effort=medium&reasons=B")
    assert set(data) == {
        "effort",
        "reasons",
        "recommended",
        "ranking",
        "explanation",
        "neighbours",
    }
    assert data["effort"] == "medium"
    assert data["reasons"] == {"B": 1}
    assert data["recommended"] == [5, 4]
    forms = {f.number: f for f in CollaborationForm.objects.all()}
    assert data["ranking"] == [
        {"number": 5, "name": forms[5].name_nl, "score": 4, "effort": 3, "recommended": True},
        {"number": 4, "name": forms[4].name_nl, "score": 4, "effort": 3, "recommended": True},
        {"number": 6, "name": forms[6].name_nl, "score": 3, "effort": 3, "recommended": False},
    ]
    assert data["neighbours"] == {"low": [3], "high": [7, 8]}
    assert isinstance(data["explanation"], str)
    for number in (5, 4):
        assert forms[number].name_nl in data["explanation"]


@pytest.mark.parametrize(("effort", "reason"), list(LEAVES), ids=[f"{e}-{r}" for e, r in LEAVES])
def test_advice_matches_every_leaf_of_the_beslisboom(client, effort, reason):
    data = ok(client, f"/advice?effort={effort}&reasons={reason}")
    assert data["recommended"] == LEAVES[(effort, reason)]
    assert [item["number"] for item in data["ranking"] if item["recommended"]] == data[
        "recommended"
    ]
    scores = [item["score"] for item in data["ranking"]]
    assert scores == sorted(scores, reverse=True)


def test_advice_with_weighted_reasons(client):
    data = ok(client, "/advice?effort=low&reasons=A,C:3")
    assert data["reasons"] == {"A": 1, "C": 3}
    assert data["recommended"] == [3]
    # 1: 2 + 3·1, 2: 2 + 3·3, 3: 1 + 3·4
    assert {item["number"]: item["score"] for item in data["ranking"]} == {1: 5, 2: 11, 3: 13}
    # Lower case and spaces are fine; unweighted A + C ties 2 and 3.
    assert ok(client, "/advice?effort=low&reasons=a, c")["recommended"] == [2, 3]


def test_regions(client):
    data = ok(client, "/regions")
    assert [r["slug"] for r in data] == ["noord-west", "noord", "oost", "zuid-oost", "zuid-west"]
    for item in data:
        assert set(item) == {"slug", "name", "provinces", "institutions"}
        assert all(isinstance(p, str) for p in item["provinces"])
        for inst in item["institutions"]:
            assert set(inst) == {"name", "level"}
            assert inst["level"] in ("MBO", "HBO")
    noord_west = data[0]
    assert noord_west["name"] == "Noord-West"
    assert noord_west["provinces"] == ["Noord-Holland", "Utrecht", "Flevoland"]
    assert {"name": "Hogeschool Utrecht", "level": "HBO"} in noord_west["institutions"]
    assert {"name": "MBO Utrecht", "level": "MBO"} in noord_west["institutions"]
    assert sum(len(r["institutions"]) for r in data) == Listing.objects.count() == 59


def test_examples_are_paginated(client):
    data = ok(client, "/examples")
    assert set(data) == {"items", "count"}
    assert data["count"] == Example.objects.count() == 16
    assert len(data["items"]) == 16
    item = data["items"][0]
    assert set(item) == {
        "slug",
        "title",
        "summary",
        "form",
        "levels",
        "reasons",
        "regions",
        "organisations",
        "institutions",
        "links",
        "figures",
    }
    assert item["slug"] == "hbo-ict-banenmarkt-utrecht"
    assert item["form"] == 1
    assert item["levels"] == ["HBO"]
    assert item["reasons"] == ["A", "D"]
    assert item["regions"] == ["noord-west"]
    assert item["figures"][0] == {
        "label": "Kosten deelname",
        "value": 4500.0,
        "value_max": None,
        "unit": "eur",
        "qualifier": "at_least",
    }

    pages = [ok(client, f"/examples?limit=5&offset={offset}") for offset in (0, 5, 10, 15)]
    assert [len(p["items"]) for p in pages] == [5, 5, 5, 1]
    assert all(p["count"] == 16 for p in pages)
    assert [i["slug"] for p in pages for i in p["items"]] == [i["slug"] for i in data["items"]]
    assert ok(client, "/examples?offset=100") == {"items": [], "count": 16}


EXAMPLE_FILTERS = [
    (
        "form=1",
        lambda: Example.objects.filter(collaboration_form__number=1),
        lambda i: i["form"] == 1,
    ),
    ("reason=B", lambda: Example.objects.filter(reasons__code="B"), lambda i: "B" in i["reasons"]),
    ("level=MBO", lambda: Example.objects.filter(level_mbo=True), lambda i: "MBO" in i["levels"]),
    (
        "level=other",
        lambda: Example.objects.filter(level_other=True),
        lambda i: "other" in i["levels"],
    ),
    (
        "region=noord-west",
        lambda: Example.objects.filter(regions__slug="noord-west"),
        lambda i: "noord-west" in i["regions"],
    ),
    (
        "form=5&reason=B&level=MBO&region=noord-west",
        lambda: Example.objects.filter(slug="kpn-microjobs-roc-amsterdam"),
        lambda i: i["form"] == 5,
    ),
]


@pytest.mark.parametrize(
    ("query", "expected", "holds"), EXAMPLE_FILTERS, ids=[f[0] for f in EXAMPLE_FILTERS]
)
def test_example_filters(client, query, expected, holds):
    data = ok(client, f"/examples?{query}")
    wanted = set(expected().values_list("slug", flat=True))
    assert wanted
    assert {i["slug"] for i in data["items"]} == wanted
    assert data["count"] == len(wanted)
    assert all(holds(i) for i in data["items"])


@pytest.mark.parametrize("query", ["form=99", "region=nowhere", "form=1&level=other"])
def test_example_filter_without_matches_is_an_empty_page(client, query):
    assert ok(client, f"/examples?{query}") == {"items": [], "count": 0}


def test_tips(client):
    data = ok(client, "/tips")
    assert [t["number"] for t in data] == [1, 2, 3, 4, 5]
    for item in data:
        assert set(item) == {"number", "title", "summary", "points"}
        assert item["points"]
        for point in item["points"]:
            assert set(point) == {"title", "body"}
    assert data[0]["title"] == Tip.objects.get(number=1).title_nl


def test_steps(client):
    data = ok(client, "/steps")
    assert [s["number"] for s in data] == [1, 2, 3]
    for step in data:
        assert set(step) == {"number", "title", "summary", "actions"}
        assert [a["number"] for a in step["actions"]] == [1, 2, 3]
        for action in step["actions"]:
            assert set(action) == {"number", "title", "body", "hints"}
            for hint in action["hints"]:
                assert set(hint) == {"text", "chapter", "url"}
    assert data[0]["title"] == "Ontwikkel een visie op de samenwerking"


# --- language -------------------------------------------------------------------------

# (path, how to pick one translated text from the answer, model, field, lookup)
TRANSLATED = [
    ("/reasons", lambda d: d[0]["name"], lambda: Reason.objects.get(code="A"), "name"),
    ("/forms", lambda d: d[1]["name"], lambda: CollaborationForm.objects.get(number=2), "name"),
    (
        "/forms",
        lambda d: d[0]["examples"][0]["title"],
        lambda: Example.objects.get(slug="hbo-ict-banenmarkt-utrecht"),
        "title",
    ),
    (
        "/advice?effort=low&reasons=B",
        lambda d: d["ranking"][0]["name"],
        lambda: CollaborationForm.objects.get(number=3),
        "name",
    ),
    ("/regions", lambda d: d[0]["name"], lambda: Region.objects.get(slug="noord-west"), "name"),
    (
        "/examples",
        lambda d: d["items"][0]["title"],
        lambda: Example.objects.get(slug="hbo-ict-banenmarkt-utrecht"),
        "title",
    ),
    ("/tips", lambda d: d[0]["title"], lambda: Tip.objects.get(number=1), "title"),
    (
        "/steps",
        lambda d: d[0]["actions"][0]["title"],
        lambda: StepAction.objects.get(step__number=1, number=1),
        "title",
    ),
]


def _with_query(path: str, query: str) -> str:
    return f"{path}{'&' if '?' in path else '?'}{query}"


@pytest.mark.parametrize(
    ("path", "pick", "obj", "field"), TRANSLATED, ids=[f"{t[0]}-{t[3]}" for t in TRANSLATED]
)
def test_language_selection(client, path, pick, obj, field):
    target = obj()
    nl, en = getattr(target, f"{field}_nl"), getattr(target, f"{field}_en")
    assert nl != en
    assert pick(ok(client, path)) == nl
    assert pick(ok(client, _with_query(path, "lang=en"))) == en
    assert pick(ok(client, _with_query(path, "lang=nl"))) == nl
    assert pick(ok(client, path, headers={"accept-language": "en"})) == en
    assert pick(ok(client, path, headers={"accept-language": "en-GB,en;q=0.9"})) == en
    assert pick(ok(client, path, headers={"accept-language": "fr, en;q=0.5"})) == en
    assert pick(ok(client, path, headers={"accept-language": "de, fr"})) == nl
    # ?lang= wins over the header.
    assert pick(ok(client, _with_query(path, "lang=nl"), headers={"accept-language": "en"})) == nl


def test_advice_explanation_in_english(client):
    forms = {f.number: f for f in CollaborationForm.objects.filter(number__in=[5, 4])}
    data = ok(client, "/advice?effort=medium&reasons=B&lang=en")
    for number in (5, 4):
        assert forms[number].name_en in data["explanation"]
        assert forms[number].name_nl not in data["explanation"]


def test_english_api_call_does_not_leak_into_the_next_dutch_page(client):
    ok(client, "/forms?lang=en")
    page = client.get("/vormen/").content.decode()
    assert '<html lang="nl">' in page
    assert CollaborationForm.objects.get(number=1).name_nl in page


# --- validation --------------------------------------------------------------------

BAD = [
    ("effort-huge", "/advice?effort=huge&reasons=A", "effort"),
    ("effort-missing", "/advice?reasons=A", "effort"),
    ("effort-empty", "/advice?effort=&reasons=A", "effort"),
    ("reasons-Z", "/advice?effort=low&reasons=Z", "reasons"),
    ("reasons-empty", "/advice?effort=low&reasons=", "reasons"),
    ("reasons-commas", "/advice?effort=low&reasons=,,", "reasons"),
    ("reasons-missing", "/advice?effort=low", "reasons"),
    ("reasons-weight-9", "/advice?effort=low&reasons=A:9", "reasons"),
    ("reasons-weight-0", "/advice?effort=low&reasons=A:0", "reasons"),
    ("reasons-weight-word", "/advice?effort=low&reasons=A:two", "reasons"),
    ("reasons-weight-superscript", "/advice?effort=low&reasons=A:%C2%B2", "reasons"),
    ("reasons-empty-part", "/advice?effort=low&reasons=A,,C", "reasons"),
    ("reasons-long", "/advice?effort=low&reasons=" + "A," * 200, "reasons"),
    ("reasons-script", "/advice?effort=low&reasons=%3Cscript%3E", "reasons"),
    ("lang-fr-advice", "/advice?effort=low&reasons=A&lang=fr", "lang"),
    ("lang-fr-reasons", "/reasons?lang=fr", "lang"),
    ("lang-fr-forms", "/forms?lang=fr", "lang"),
    ("lang-fr-regions", "/regions?lang=fr", "lang"),
    ("lang-fr-examples", "/examples?lang=fr", "lang"),
    ("lang-fr-tips", "/tips?lang=fr", "lang"),
    ("lang-fr-steps", "/steps?lang=fr", "lang"),
    ("form-abc", "/examples?form=abc", "form"),
    ("reason-Z", "/examples?reason=Z", "reason"),
    ("level-XYZ", "/examples?level=XYZ", "level"),
    ("limit-0", "/examples?limit=0", "limit"),
    ("limit-abc", "/examples?limit=abc", "limit"),
    ("offset-negative", "/examples?offset=-1", "offset"),
]


@pytest.mark.parametrize(("path", "param"), [b[1:] for b in BAD], ids=[b[0] for b in BAD])
def test_bad_parameter_is_422_naming_the_parameter(client, path, param):
    client.raise_request_exception = False
    response = client.get(API + path)
    assert response.status_code == 422, response.content[:300]
    assert response["Content-Type"].startswith("application/json")
    detail = response.json()["detail"]
    assert isinstance(detail, list) and detail
    assert any(param in err["loc"] for err in detail), detail
    for err in detail:
        assert isinstance(err["msg"], str) and err["msg"]
        assert "<script>" not in err["msg"]


reason_like = st.lists(
    st.tuples(
        st.sampled_from(["A", "b", "C", "d", "E", "Z", "", " ", "AA", "é"]),
        st.sampled_from(["", ":", "::", ": "]),
        st.text(max_size=3),
    ).map("".join),
    max_size=6,
).map(",".join)


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    effort=st.one_of(st.text(max_size=60), st.sampled_from(["low", "medium", "high", "LOW"])),
    reasons=st.one_of(st.text(max_size=60), reason_like),
)
@example(effort="low", reasons="A:²")
@example(effort="low", reasons="B:٣")
@example(effort="high", reasons="A:\x00")
def test_arbitrary_advice_input_never_gives_a_server_error(client, effort, reasons):
    client.raise_request_exception = False
    response = client.get(f"{API}/advice", {"effort": effort, "reasons": reasons})
    assert response.status_code in (200, 422), (effort, reasons, response.status_code)
    body = response.json()
    if response.status_code == 200:
        assert body["effort"] in ("low", "medium", "high")
        assert set(body["reasons"]) <= {"A", "B", "C", "D"}
        assert all(1 <= w <= 3 for w in body["reasons"].values())
    else:
        assert any(err["loc"][-1] in ("effort", "reasons") for err in body["detail"])


# --- bounded queries ---------------------------------------------------------------

# (path, most queries, the status it answers): a refused request is bounded too.
QUERY_BOUNDS = [
    ("/reasons", 1, 200),
    ("/forms", 2, 200),
    ("/advice?effort=medium&reasons=A,B:2,C,D:3", 1, 200),
    ("/advice?effort=huge&reasons=A", 0, 422),
    ("/regions", 3, 200),
    ("/examples", 6, 200),
    ("/examples?limit=5&offset=5", 6, 200),
    ("/examples?form=1&reason=A&level=HBO&region=noord-west", 6, 200),
    ("/examples?level=XYZ", 0, 422),
    ("/tips", 1, 200),
    ("/steps", 1, 200),
]
QUERY_IDS = [p[0] for p in QUERY_BOUNDS]


@pytest.mark.parametrize(("path", "bound", "status"), QUERY_BOUNDS, ids=QUERY_IDS)
def test_query_count_is_bounded(client, django_assert_max_num_queries, path, bound, status):
    get(client, path)  # warm: see tests/queries.py
    with django_assert_max_num_queries(bound):
        response = get(client, path)
    assert response.status_code == status, response.content[:300]


def test_query_count_stays_bounded_with_much_data(client, much_data):
    wrong = over_bound(lambda path: get(client, path), QUERY_BOUNDS)
    assert not wrong, "\n".join(wrong)


def test_much_data_is_really_served(client, much_data):
    # The bounds above are only worth something if the extra rows are served.
    examples = Example.objects.count()
    assert examples == 16 + len(much_data.examples)
    assert ok(client, "/examples?limit=1")["count"] == examples
    page = ok(client, "/examples")["items"]
    assert len(page) == 100  # the default page size
    assert {item["slug"] for item in page} & {example.slug for example in much_data.examples}
    showcase = next(item for item in page if item["slug"] == much_data.showcase.slug)
    assert len(showcase["institutions"]) == len(much_data.institutions)
    assert len(showcase["figures"]) == len(much_data.figures)
    forms = ok(client, "/forms")
    # Each form lists its first ten examples and counts them all.
    assert sum(f["example_count"] for f in forms) == examples
    assert all(len(f["examples"]) == min(10, f["example_count"]) for f in forms)
    regions = ok(client, "/regions")
    listed = sum(len(r["institutions"]) for r in regions)
    assert listed == Listing.objects.count() == 59 + len(much_data.institutions)


# --- OpenAPI and docs ----------------------------------------------------------------


def test_served_openapi_schema_matches_the_committed_one(client):
    served = client.get(f"{API}/openapi.json")
    assert served.status_code == 200
    with COMMITTED_SCHEMA.open(encoding="utf-8") as fh:
        committed = json.load(fh)
    assert served.json() == committed, (
        "The API changed but src/samenwerkt/api/openapi.json did not: run `make openapi` "
        "and commit the result."
    )


def test_openapi_schema_documents_every_endpoint(client):
    paths = client.get(f"{API}/openapi.json").json()["paths"]
    for endpoint in ("reasons", "forms", "advice", "regions", "examples", "tips", "steps"):
        assert f"{API}/{endpoint}" in paths


def test_every_endpoint_caches_on_exactly_the_parameters_its_schema_documents():
    # The page cache keeps only the query parameters each endpoint declares
    # (api/api.py); one the schema documents but the table lacks would be dropped
    # before the endpoint saw it. The committed schema is the API's own word.
    from samenwerkt.api.api import PUBLIC_QUERY_PARAMETERS

    with COMMITTED_SCHEMA.open(encoding="utf-8") as fh:
        paths = json.load(fh)["paths"]
    documented = {
        path.removeprefix(f"{API}/"): {
            p["name"] for p in operation["get"].get("parameters", []) if p["in"] == "query"
        }
        for path, operation in paths.items()
        if not operation["get"].get("security")  # a token's answers are never cached
    }
    declared = {
        name: set(params)
        for name, params in PUBLIC_QUERY_PARAMETERS.items()
        if not name.startswith("openapi")
    }
    assert declared == documented


def test_with_the_page_cache_on_declared_parameters_still_reach_the_endpoint(client, settings):
    # The cache drops what an endpoint does not declare; what it declares must arrive.
    settings.PAGE_CACHE_SECONDS = 300
    for number in (1, 2):
        answer = get(client, f"/examples?form={number}&limit=1&utm_source=mail")
        assert answer.status_code == 200
        expected = Example.objects.filter(collaboration_form__number=number).count()
        assert answer.json()["count"] == expected
        assert answer.json()["items"][0]["form"] == number
    assert get(client, "/examples?form=1&limit=1&offset=x").status_code == 422
