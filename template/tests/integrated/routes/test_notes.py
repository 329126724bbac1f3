"""The notes API, in process: one behaviour per test."""

import httpx
import pytest

from ..web import ClientFactory, sign_up


@pytest.fixture
async def user(client_factory: ClientFactory) -> httpx.AsyncClient:
    return await sign_up(client_factory)


async def test_a_created_note_is_read_back_listed_changed_and_deleted(
    user: httpx.AsyncClient,
) -> None:
    created = await user.post("/api/notes", json={"title": "from a test", "body": "b"})
    assert created.status_code == 201, created.text
    note = created.json()
    assert note["title"] == "from a test"
    assert (await user.get(f"/api/notes/{note['id']}")).json() == note
    assert note in (await user.get("/api/notes", params={"limit": 500})).json()
    changed = await user.patch(f"/api/notes/{note['id']}", json={"body": "changed"})
    assert changed.status_code == 200, changed.text
    assert changed.json() == note | {"body": "changed"}
    assert (await user.delete(f"/api/notes/{note['id']}")).status_code == 204
    assert (await user.get(f"/api/notes/{note['id']}")).status_code == 404


async def test_a_missing_note_is_404_with_its_message(client: httpx.AsyncClient) -> None:
    response = await client.get("/api/notes/987654")
    assert response.status_code == 404
    assert response.json() == {"error": "note 987654 does not exist"}


async def test_an_invalid_field_is_422_naming_it(user: httpx.AsyncClient) -> None:
    response = await user.post("/api/notes", json={"title": ""})
    assert response.status_code == 422
    assert response.json()["error"].startswith("title:")


async def test_an_unknown_field_is_422_and_cannot_set_the_owner(user: httpx.AsyncClient) -> None:
    response = await user.post("/api/notes", json={"title": "x", "owner": "someone-else"})
    assert response.status_code == 422
    assert response.json() == {"error": "owner: Extra inputs are not permitted"}


async def test_a_body_that_is_no_object_is_422(user: httpx.AsyncClient) -> None:
    response = await user.post("/api/notes", json=["not", "an", "object"])
    assert response.status_code == 422
    assert response.json()["error"]


async def test_a_body_that_is_no_json_is_400(user: httpx.AsyncClient) -> None:
    response = await user.post(
        "/api/notes", content=b"{not json", headers={"content-type": "application/json"}
    )
    assert response.status_code == 400
    assert response.json()["error"].startswith("the body is not valid JSON")


@pytest.mark.parametrize("query", ["limit=0", "limit=501", "offset=-1", "limit=many"])
async def test_paging_out_of_bounds_is_422(user: httpx.AsyncClient, query: str) -> None:
    response = await user.get(f"/api/notes?{query}")
    assert response.status_code == 422
    assert response.json()["error"].startswith(query.split("=")[0] + ":")


async def test_a_refused_write_changes_nothing(user: httpx.AsyncClient) -> None:
    for body in ({"title": ""}, {"title": "x", "owner": "someone-else"}, ["x"]):
        assert (await user.post("/api/notes", json=body)).status_code == 422
    assert (await user.get("/api/notes")).json() == []


async def test_anonymous_visitors_write_nothing(client: httpx.AsyncClient) -> None:
    refused = await client.post("/api/notes", json={"title": "anonymous"})
    assert refused.status_code == 401
    assert refused.json() == {"error": "sign in first"}
    assert (await client.delete("/api/notes/1")).status_code == 401
    assert (await client.patch("/api/notes/1", json={"title": "x"})).status_code == 401
    titles = [note["title"] for note in (await client.get("/api/notes")).json()]
    assert "anonymous" not in titles


async def test_a_user_cannot_read_change_or_delete_anothers_notes(
    client_factory: ClientFactory,
) -> None:
    alice, bob = await sign_up(client_factory), await sign_up(client_factory)
    note = (await alice.post("/api/notes", json={"title": "alice's", "secret": "hers"})).json()
    path = f"/api/notes/{note['id']}"
    for response in (
        await bob.get(path),
        await bob.patch(path, json={"title": "bob was here"}),
        await bob.delete(path),
    ):
        assert response.status_code == 404
        assert response.json() == {"error": f"note {note['id']} does not exist"}
    assert (await bob.get("/api/notes")).json() == []
    assert (await client_factory().get(path)).status_code == 404  # nor anonymous visitors
    assert (await alice.get(path)).json() == note  # unchanged, secret readable by its owner
