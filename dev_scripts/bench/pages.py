"""Step 6, between recording and replay: the server's memory per open notes page.

A client run by the project's own Python (its `websockets`, Sanic's dependency) opens
IDLE_PAGES notes pages over ReactPy's websocket as the browser does (as the rendered
tests/external/test_pages_websocket.py does: the URL reported to the router, then
the page's notes awaited), signed in as the bench account, and leaves them idle. The
serve process's resident memory (VmRSS) is read before (after one page opened and
closed, so first-use caches are warm), with every page open, and after they closed;
then as many pages are opened and closed again: what the first round's pages kept
is reused, so growth there is memory that closed pages do not give back.
"""

from __future__ import annotations

import json
import subprocess

from .common import BenchError, say
from .project import Project
from .results import Results
from .server import Server

IDLE_PAGES = 200

# Run by the project's Python: URL, pages, serve's pid, cookie; prints the figures (kB).
IDLE_PAGES_CODE = r"""
import asyncio, json, sys
from websockets.asyncio.client import connect

URL, PAGES, PID, COOKIE = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
CONCURRENT = 8  # pages being opened at once


def rss_kb():
    for line in open(f"/proc/{PID}/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1])


def nodes(model):
    stack = [model]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            yield node
            stack.extend(node.get("children", []))


def handler(model, event):
    return next((n for n in nodes(model) if event in n.get("eventHandlers", {})), None)


def apply(model, message):
    parts = [p for p in message["path"].split("/") if p]
    if not parts:
        return message["model"]
    parent = model
    for part in parts[:-1]:
        parent = parent[int(part)] if isinstance(parent, list) else parent[part]
    last = parts[-1]
    parent[int(last) if isinstance(parent, list) else last] = message["model"]
    return model


async def open_page():
    socket = await connect(
        URL.replace("http://", "ws://") + "/_reactpy/stream",
        additional_headers={"Cookie": COOKIE} if COOKIE else {},
        max_size=None,
    )
    model, reported = {}, False
    while True:
        message = json.loads(await asyncio.wait_for(socket.recv(), 30))
        if message["type"] == "reconnecting-check":  # a fork that resumes connections
            await socket.send(json.dumps({"type": "reconnecting-check", "value": "no"}))
            continue
        if message["type"] != "layout-update":
            continue
        model = apply(model, message)
        if any(n.get("attributes", {}).get("id") == "note-list" for n in nodes(model)):
            return socket
        if not reported and handler(model, "onHistoryChangeCallback") is not None:
            first = handler(model, "onFirstLoadCallback") is not None
            event = "onFirstLoadCallback" if first else "onHistoryChangeCallback"
            target = handler(model, event)["eventHandlers"][event]["target"]
            location = {"pathname": "/", "search": ""}
            event = {"type": "layout-event", "target": target, "data": [location]}
            await socket.send(json.dumps(event))
            reported = True


async def main():
    await (await open_page()).close()  # first use: imports, caches, the pool's connections
    await asyncio.sleep(1)
    before = rss_kb()
    gate = asyncio.Semaphore(CONCURRENT)

    async def one():
        async with gate:
            return await open_page()

    figures = {"pages": PAGES, "before_kb": before}
    for prefix in ("", "again_"):  # again: memory kept from the first round is reused
        sockets = await asyncio.gather(*(one() for _ in range(PAGES)))
        await asyncio.sleep(2)
        figures[f"{prefix}open_kb"] = rss_kb()
        await asyncio.gather(*(s.close() for s in sockets))
        await asyncio.sleep(2)
        figures[f"{prefix}closed_kb"] = rss_kb()
    print(json.dumps(figures))


asyncio.run(main())
"""


def bench_idle_pages(project: Project, server: Server, results: Results) -> None:
    """IDLE_PAGES notes pages open on `server`: its memory per page."""
    python = str(project.root / ".venv" / "bin" / "python")
    cookie = project.account.cookie if project.account else ""
    say(f"idle pages: opening {IDLE_PAGES} notes pages on pid {server.pid}")
    args = [server.url(""), str(IDLE_PAGES), str(server.pid), cookie]
    done = subprocess.run(
        [python, "-c", IDLE_PAGES_CODE, *args],
        cwd=project.root,
        env=project.env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    if done.returncode != 0:
        (project.logs / "idle-pages.log").write_text(done.stdout + done.stderr)
        raise BenchError(f"idle pages failed: {done.stderr.strip()[-300:]}")
    kb = json.loads(done.stdout.strip().splitlines()[-1])
    figures = {
        "pages": kb["pages"],
        "signed_in": bool(cookie),
        "rss_before_mb": kb["before_kb"] / 1024,
        "rss_open_mb": kb["open_kb"] / 1024,
        "rss_closed_mb": kb["closed_kb"] / 1024,
        "mb_per_page": (kb["open_kb"] - kb["before_kb"]) / 1024 / kb["pages"],
        # as many pages again once those closed: what the first round kept is reused;
        # growth here would be memory that closed pages never give back
        "rss_open_again_mb": kb["again_open_kb"] / 1024,
        "rss_closed_again_mb": kb["again_closed_kb"] / 1024,
    }
    results.pages = figures
    say(
        f"idle pages: {figures['mb_per_page']:.2f} MB per open page (serve RSS "
        f"{figures['rss_before_mb']:.0f} MB, {figures['rss_open_mb']:.0f} MB with "
        f"{IDLE_PAGES} open, {figures['rss_closed_mb']:.0f} MB after they closed; "
        f"{figures['rss_open_again_mb']:.0f} and {figures['rss_closed_again_mb']:.0f} MB "
        "with as many again)"
    )
