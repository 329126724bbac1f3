"""Commands for recordings and load tests, merged into the project CLI with the dev commands.

Locust and websocket-client are dev dependencies: imported inside the commands.
"""

import signal
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer

from ..errors import AppError

load = typer.Typer()
recordings_cli = typer.Typer(
    help="List and inspect recordings made with `serve --record`.", no_args_is_help=True
)
load.add_typer(recordings_cli, name="recordings")


def _fail(message: str) -> typer.Exit:
    typer.secho(f"error: {message}", err=True, fg=typer.colors.RED)
    return typer.Exit(code=2)


@recordings_cli.command("list")
def list_recordings(
    location: Annotated[Path, typer.Argument(help="A recording, or a folder of them.")] = Path(
        "var/recordings"
    ),
) -> None:
    """Each recording's connections: messages each way and duration; the default is marked."""
    from .recordings import recording_files

    try:
        paths = recording_files(location)
        if not paths:
            typer.echo(f"no recordings (*.jsonl) in {location}")
        for path in paths:
            _print_recording(path)
    except AppError as exc:
        raise _fail(exc.detail) from None


def _print_recording(path: Path) -> None:
    from .recordings import load as load_recording

    recording = load_recording(path)
    started = datetime.fromtimestamp(recording.started or 0, UTC)
    typer.echo(
        f"{path}: started {started:%Y-%m-%d %H:%M:%S} UTC, "
        f"{len(recording.connections)} connections, {recording.http_requests} HTTP requests"
    )
    if not recording.connections:
        return
    default = recording.most_active().id
    typer.echo(f"  {'connection':<14}{'from browser':>13}{'to browser':>11}{'duration':>10}")
    for connection in recording.connections.values():
        mark = "  (default)" if connection.id == default else ""
        typer.echo(
            f"  {connection.id:<14}{connection.received:>13}{connection.sent:>11}"
            f"{connection.duration:>9.1f}s{mark}"
        )


@recordings_cli.command("show")
def show_recording(
    path: Annotated[Path, typer.Argument(help="The recording file.", dir_okay=False)],
    connection: Annotated[
        str | None, typer.Option(help="Connection id (default: the most active).")
    ] = None,
) -> None:
    """One connection's messages in order, each event located on the page as replay sees it."""
    from .recordings import load as load_recording
    from .replay import PageMirror

    try:
        chosen = load_recording(path).connection(connection)
    except AppError as exc:
        raise _fail(exc.detail) from None
    page = PageMirror()
    start = chosen.messages[0].at if chosen.messages else 0.0
    typer.echo(f"connection {chosen.id}: {len(chosen.messages)} messages, {chosen.duration:.1f} s")
    for message in chosen.messages:
        payload = message.payload
        if message.direction == "send":
            page.apply(payload)
            what = f"{payload.get('type')} at {payload.get('path') or '/'}"
        elif payload.get("type") == "layout-event":
            where = page.locate(payload.get("target", ""))
            what = f"{where or 'UNKNOWN TARGET'} data={payload.get('data')}"
        else:
            what = str(payload.get("type"))
        arrow = "browser -> server" if message.direction == "recv" else "server -> browser"
        typer.echo(f"{message.index:>5} {message.at - start:>8.2f}s  {arrow}  {what}")


@load.command("load-test")
def load_test(
    users: Annotated[int, typer.Option(min=1, help="Simulated users at full load.")] = 10,
    spawn_rate: Annotated[float, typer.Option(min=0.1, help="Users started per second.")] = 5,
    run_time: Annotated[str, typer.Option(help="How long, e.g. 30s, 5m.")] = "30s",
    host: Annotated[
        str | None,
        typer.Option(
            help="Server to load, e.g. http://127.0.0.1:8000 (default: "
            "serve this project on a free loopback port for the run)."
        ),
    ] = None,
    report_dir: Annotated[
        Path, typer.Option(help="Where Locust's HTML and CSV reports go.", file_okay=False)
    ] = Path("var/load-reports"),
    max_failure_ratio: Annotated[
        float, typer.Option(min=0, max=1, help="Exit 1 when more requests than this failed.")
    ] = 0.0,
    workers: Annotated[
        int, typer.Option(min=0, help="Locust workers (distributed: one master + N workers).")
    ] = 0,
    recording: Annotated[
        Path | None,
        typer.Option(
            help="Recording to replay (default: the newest in var/recordings).", dir_okay=False
        ),
    ] = None,
    connection: Annotated[
        str | None, typer.Option(help="Connection to replay (default: the most active).")
    ] = None,
    pace: Annotated[
        float, typer.Option(min=0, help="Scale of the recorded pauses (0.5: twice as fast).")
    ] = 1.0,
    response_timeout: Annotated[
        float, typer.Option(min=0.1, help="Seconds to wait for each answer of the server.")
    ] = 10.0,
    user_class: Annotated[
        list[str] | None,
        typer.Option(help="ReplayUser and/or NotesApiUser (repeat; default: both)."),
    ] = None,
) -> None:
    """Run Locust headless: replay a recorded connection as many users, and load the JSON API."""
    from ..cli import _exit_on_sigterm
    from .load_test import USER_CLASSES, LoadTest, run

    signal.signal(signal.SIGTERM, _exit_on_sigterm)
    test = LoadTest(
        users=users,
        spawn_rate=spawn_rate,
        run_time=run_time,
        report_dir=report_dir.resolve(),
        max_failure_ratio=max_failure_ratio,
        workers=workers,
        user_classes=tuple(user_class or USER_CLASSES),
        host=host,
        recording=recording.resolve() if recording else None,
        connection=connection,
        pace=pace,
        response_timeout=response_timeout,
    )
    try:
        code = run(test)
    except AppError as exc:
        raise _fail(exc.detail) from None
    typer.echo(f"reports in {test.report_dir}")
    raise typer.Exit(code=code)
