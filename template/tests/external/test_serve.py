"""`serve` over a real socket: what only a server process does (the in-process tests,
tests/integrated, call the app through ASGI instead)."""

import json
import re
import socket
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

from .accounts import sign_up
from .conftest import serving


def test_the_served_app_answers_its_probes_pages_and_api(server_url: str) -> None:
    assert httpx.get(f"{server_url}/readyz").json() == {"status": "ready"}
    assert "/_reactpy/assets/" in httpx.get(f"{server_url}/").text
    with sign_up(server_url) as user:
        created = user.post("/api/notes", json={"title": "over a socket"})
        assert created.status_code == 201, created.text
        assert user.get(f"/api/notes/{created.json()['id']}").json() == created.json()


def test_served_answers_carry_their_id_and_duration_and_probes_neither(server_url: str) -> None:
    """Sanic's own server times each request from when it read the head (telemetry.py)."""
    answers = [httpx.get(f"{server_url}/api/notes") for _ in range(2)]
    ids = {answer.headers["X-Request-ID"] for answer in answers}
    assert len(ids) == 2
    assert all(re.fullmatch("[0-9a-f]{32}", request_id) for request_id in ids)
    timing = re.fullmatch(r"app;dur=(\d+\.\d{2})", answers[0].headers["Server-Timing"])
    assert timing is not None, answers[0].headers["Server-Timing"]
    assert 0 < float(timing[1]) < 10_000
    probe = httpx.get(f"{server_url}/healthz")
    assert "X-Request-ID" not in probe.headers
    assert "Server-Timing" not in probe.headers


def _raw_answer(url: str, request: bytes) -> bytes:
    """The status line the server answers `request`, sent as bytes on a socket of its own."""
    host, port = url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as connection:
        connection.sendall(request)
        return connection.recv(4096).split(b"\r\n")[0]


def test_a_malformed_request_head_is_4xx_without_a_traceback(tmp_path: Path) -> None:
    """Sanic answers a head it cannot read on a stand-in request, which our request class
    also times and answers (telemetry.py): nothing of ours may fail on it."""
    with serving(tmp_path) as url:
        assert _raw_answer(url, b"NONSENSE\r\n\r\n") == b"HTTP/1.1 400 Bad Request"
        long_path = b"GET /" + b"a" * 70_000 + b" HTTP/1.1\r\nHost: x\r\n\r\n"
        assert _raw_answer(url, long_path).startswith(b"HTTP/1.1 413")
        bad_header = b"GET / HTTP/1.1\r\nHost: x\r\nno colon here\r\n\r\n"
        assert _raw_answer(url, bad_header) == b"HTTP/1.1 400 Bad Request"
        assert httpx.get(f"{url}/healthz").status_code == 200
    assert "Traceback" not in (tmp_path / "serve.log").read_text()


def test_an_oversized_body_is_413_and_changes_nothing(server_url: str) -> None:
    # REQUEST_MAX_SIZE is enforced by Sanic's HTTP server while it reads the body.
    with sign_up(server_url) as user:
        response = user.post("/api/notes", json={"title": "x", "body": "y" * 1_100_000})
        assert response.status_code == 413
        assert response.json(), "the refusal explains itself"
        assert user.get("/api/notes").json() == []


def _who_answers_me(url: str, session: str, times: int) -> list[tuple[int, str]]:
    """`GET /api/auth/me` with the session cookie, each on a new connection and several at
    once, so the kernel hands them to different workers; each answer's status and id."""

    def ask(_: int) -> tuple[int, str]:
        response = httpx.get(
            f"{url}/api/auth/me", cookies={"session": session}, headers={"Connection": "close"}
        )
        return response.status_code, response.headers["X-Request-ID"]

    with ThreadPoolExecutor(max_workers=8) as pool:
        return list(pool.map(ask, range(times)))


def _pids(log: Path, answers: list[tuple[int, str]]) -> set[int]:
    """The worker processes that logged the answers' requests."""
    ids = {request_id for _, request_id in answers}
    lines = (json.loads(line) for line in log.read_text().splitlines() if line.startswith("{"))
    return {line["pid"] for line in lines if line.get("request_id") in ids}


def test_a_log_out_counts_at_once_in_every_worker(tmp_path: Path) -> None:
    """Each worker remembers signed-in users for SESSION_CACHE_SECONDS; a log-out answered
    by one worker makes every worker forget (backend/managers/session_cache.py)."""
    env = {"LOG_FORMAT": "json", "ACCESS_LOG": "true", "SESSION_CACHE_SECONDS": "60"}
    with serving(tmp_path, "--workers", "2", env=env) as url, sign_up(url) as user:
        session = user.cookies["session"]
        log = tmp_path / "serve.log"
        before = _who_answers_me(url, session, 64)
        assert {status for status, _ in before} == {200}
        assert len(_pids(log, before)) == 2, "both workers answered (and remembered the user)"

        assert user.post("/api/auth/logout").status_code == 204

        after = _who_answers_me(url, session, 64)
        assert {status for status, _ in after} == {401}, "a worker still knew the session"
        assert len(_pids(log, after)) == 2
