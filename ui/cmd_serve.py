"""`tunewise serve`: the web app. Loopback by default; any other address needs a login
(TUNEWISE_WEB_USER / TUNEWISE_WEB_PASSWORD) or an explicit opt-out flag."""

from __future__ import annotations

import argparse
import os

from tunewise.agent.runtime.app import App
from tunewise.agent.runtime.checkpoints import open_checkpoints
from tunewise.core.settings import Settings
from tunewise.ui.output import EXIT_OK, EXIT_USAGE, fail, info

LOOPBACK = {"127.0.0.1", "localhost", "::1"}


def register(sub: argparse._SubParsersAction) -> None:
    s = sub.add_parser("serve", help="start the web app (http://127.0.0.1:7860)")
    s.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    s.add_argument("--port", type=int, default=7860)
    s.add_argument(
        "--no-auth-i-understand",
        action="store_true",
        help="serve on a non-loopback address without a login (anyone who can reach it can use it)",
    )
    s.set_defaults(handler=run_serve)


def auth_for(settings: Settings, host: str, no_auth: bool) -> tuple[str, str] | None:
    """The login to require, or None; raises ValueError when the address needs one."""
    if settings.web_user and settings.web_password:
        return settings.web_user, settings.web_password.get_secret_value()
    if settings.web_user or settings.web_password:
        raise ValueError("set both TUNEWISE_WEB_USER and TUNEWISE_WEB_PASSWORD, or neither")
    if host not in LOOPBACK and not no_auth:
        raise ValueError(
            f"binding to {host} exposes the app beyond this machine: set TUNEWISE_WEB_USER and "
            "TUNEWISE_WEB_PASSWORD for a login, or pass --no-auth-i-understand"
        )
    return None


def launch(settings: Settings, host: str, port: int, auth: tuple[str, str] | None):  # noqa: ANN201
    """Build and start the app without blocking; returns (demo, services)."""
    uploads_tmp = settings.data_dir.resolve() / "uploads" / "tmp"
    uploads_tmp.mkdir(parents=True, exist_ok=True)
    os.environ["GRADIO_TEMP_DIR"] = str(uploads_tmp)  # gradio keeps uploads under the data dir
    from tunewise.ui.web.app import CSS, build_app, theme
    from tunewise.ui.web.services import Services

    services = Services(settings)
    demo = build_app(services)
    demo.queue(default_concurrency_limit=4)
    demo.launch(
        server_name=host,
        server_port=port,
        auth=auth,
        prevent_thread_lock=True,
        max_file_size=f"{settings.upload_limit_mb}mb",
        allowed_paths=[str(services.outputs)],
        footer_links=["settings"],
        quiet=True,
        css=CSS,
        theme=theme(),
    )
    services.warm()
    return demo, services


def run_serve(args: argparse.Namespace, app: App) -> int:
    settings = app.settings
    try:
        auth = auth_for(settings, args.host, args.no_auth_i_understand)
    except ValueError as exc:
        return fail(str(exc), EXIT_USAGE)
    if settings.checkpoint_url is not None:  # a shared database that is down: say so now
        open_checkpoints(settings).close()
    demo, _ = launch(settings, args.host, args.port, auth)
    info(
        f"tunewise web app on http://{args.host}:{args.port} (back end: {settings.llm}); Ctrl-C stops it"
    )
    try:
        demo.block_thread()
    except KeyboardInterrupt:
        pass
    finally:
        demo.close()
    return EXIT_OK
