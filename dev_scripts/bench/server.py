"""`<slug> serve` on a free loopback port, and the HTTP calls that sign up and seed it."""

from __future__ import annotations

import http.client
import json
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from contextlib import suppress
from pathlib import Path

from .common import BENCH_EMAIL, BENCH_PASSWORD, HEALTHZ, NOTES, BenchError, say
from .processes import pids_referencing, stop_process
from .project import Account, Project


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def await_healthz(
    proc: subprocess.Popen[bytes], url: str, name: str, log: Path, timeout_s: float
) -> None:
    """Until URL answers 200; BenchError if PROC exits first or TIMEOUT_S passes."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise BenchError(f"{name} exited {proc.returncode} before it answered (log: {log})")
        with suppress(OSError):
            if http_get(url, timeout=1)[0] == 200:
                say(f"{name} ready on {url.rsplit('/', 1)[0]} (pid {proc.pid})")
                return
        time.sleep(0.2)
    raise BenchError(f"{name} did not answer {url} in {timeout_s:.0f} s (log: {log})")


def http_get(url: str, timeout: float = 2) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as resp:  # loopback only
            return resp.status, resp.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


class Server:
    """`<slug> serve` on a free loopback port; stop() sends SIGTERM and waits."""

    def __init__(
        self,
        project: Project,
        log_name: str,
        extra_args: tuple[str, ...] = (),
        env: dict[str, str] | None = None,
    ) -> None:
        self.project = project
        self.extra_args = extra_args
        self.env = env or project.env
        self.port = free_port()
        self.log = project.logs / log_name
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def pid(self) -> int:
        assert self.proc is not None, "server not started"
        return self.proc.pid

    @property
    def pgdata(self) -> Path:
        return self.project.pgdata

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def start(self, ready_timeout_s: float = 90) -> None:
        cmd = [str(self.project.script), "serve", "--host", "127.0.0.1", "--port", str(self.port)]
        cmd += self.extra_args
        say(f"starting {' '.join(cmd)}")
        with self.log.open("wb") as out:
            self.proc = subprocess.Popen(
                cmd,
                cwd=self.project.root,
                env=self.env,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        await_healthz(self.proc, self.url(HEALTHZ), "server", self.log, ready_timeout_s)

    def stop(self) -> None:
        """SIGTERM, wait; then check that its embedded PostgreSQL is gone too."""
        if self.proc is None:
            return
        stop_process(self.proc, signal.SIGTERM, 30)
        say(f"server stopped (exit {self.proc.returncode})")
        self.proc = None
        deadline = time.monotonic() + 10
        while (left := pids_referencing(self.project.pgdata)) and time.monotonic() < deadline:
            time.sleep(0.2)
        if left:
            raise BenchError(
                f"embedded PostgreSQL still running after the server stopped: pids {left}"
            )
        say("embedded PostgreSQL gone")


def sign_up(server: Server) -> Account:
    """Sign the bench account up over the JSON API, as a browser or a script would."""
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    try:
        body = json.dumps({"email": BENCH_EMAIL, "password": BENCH_PASSWORD})
        conn.request("POST", "/api/auth/signup", body, {"Content-Type": "application/json"})
        resp = conn.getresponse()
        answer = resp.read()
        if resp.status != 201:
            raise BenchError(f"POST /api/auth/signup answered {resp.status}: {answer[:200]!r}")
        cookies = [c.split(";", 1)[0] for c in resp.headers.get_all("Set-Cookie") or []]
    finally:
        conn.close()
    return Account("; ".join(cookies), json.loads(answer)["csrf_token"])


def seed_notes(server: Server, rows: int, account: Account) -> float:
    """POST `rows` notes as `account` over one keep-alive connection; return seconds."""
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    headers = {
        "Content-Type": "application/json",
        "Cookie": account.cookie,
        "X-CSRF-Token": account.csrf_token,
    }
    t0 = time.monotonic()
    try:
        for n in range(1, rows + 1):
            body = json.dumps({"title": f"Note {n}", "body": f"Body of note number {n}"})
            conn.request("POST", "/api/notes", body, headers)
            resp = conn.getresponse()
            resp.read()
            if resp.status != 201:
                raise BenchError(f"POST /api/notes answered {resp.status} on note {n}")
    finally:
        conn.close()
    return time.monotonic() - t0


def check_notes(server: Server, account: Account | None = None) -> None:
    request = urllib.request.Request(server.url(NOTES))
    if account is not None:
        request.add_header("Cookie", account.cookie)
    try:
        with urllib.request.urlopen(request, timeout=10) as resp:  # loopback only
            status, body = resp.status, resp.read()
    except urllib.error.HTTPError as exc:
        status, body = exc.code, exc.read()
    rows = json.loads(body) if status == 200 else None
    who = "signed in" if account else "anonymously"
    if not isinstance(rows, list) or len(rows) != 50:
        raise BenchError(f"GET {NOTES} {who} did not answer 50 rows (status {status})")
