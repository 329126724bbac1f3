"""Running the Sanic server: one lean process, or a reloading one for development."""

import sys
from collections.abc import Callable
from functools import partial
from pathlib import Path

from sanic import Sanic
from sanic.worker.loader import AppLoader
from sqlalchemy.engine import URL

from .app import App, create_app
from .gc_tuning import tune_for_serving
from .settings import Settings


def run_server(
    settings: Settings,
    database_url: URL,
    *,
    host: str,
    port: int,
    dev: bool,
    workers: int,
    record: Path | None = None,
) -> None:
    """Serve until SIGINT or SIGTERM, then shut down gracefully and return.

    With `record`, every worker appends what users do to that file (recorder.py).
    """
    url = database_url.render_as_string(hide_password=False)
    if record is None:
        factory = partial(create_app, settings, url, on_sanic_server=True)
    else:
        from .recorder import recording_app

        factory = partial(recording_app, settings, url, record.resolve())
    # Each worker process builds its app with this (picklable: workers are spawned).
    loader = AppLoader(factory=partial(served_app, factory))
    app = loader.load()
    single_process = workers == 1 and not dev
    app.prepare(
        host=host,
        port=port,
        dev=dev,
        workers=workers,
        single_process=single_process,
        access_log=False,  # ACCESS_LOG is the app's own line (backend/middleware/telemetry.py)
        motd=False,
    )
    if single_process:
        Sanic.serve_single(primary=app)
    else:
        Sanic.serve(primary=app, app_loader=loader)


def served_app(factory: Callable[[], App]) -> App:
    """The app `factory` builds, with the garbage collector tuned once it serves."""
    app = factory()

    @app.after_server_start
    async def tune_garbage_collector(app: App) -> None:
        # Not under hot reload (`<slug>-dev serve-hot`): jurigged finds the functions to
        # patch through gc.get_objects(), which leaves frozen objects out.
        if "jurigged" not in sys.modules:
            tune_for_serving()

    return app
