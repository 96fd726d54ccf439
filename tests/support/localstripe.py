"""localstripe (a stateful fake of the Stripe API, from PyPI) in its own process, bound to 127.0.0.1,
starting empty and keeping nothing on disk.

    .venv/bin/python -m tests.support.localstripe [--port 8420]

prints the port it listens on, then serves until stopped. (localstripe's own command listens on every
interface and reloads and rewrites /tmp/localstripe.pickle, which other runs on the machine share.)
Tests use ``LocalStripe``, which starts it on a free port and stops it afterwards."""

import argparse
import os
import select
import socket
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

STARTUP_SECONDS = 30


def serve(port: int) -> None:
    from aiohttp import web
    from localstripe import resources, server

    # Every write would pickle the whole store to /tmp/localstripe.pickle: keep it in memory only.
    resources.Store.dump_to_disk = lambda store: None
    _speak_the_pinned_api_version(resources)
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", port))
    print(listener.getsockname()[1], flush=True)
    web.run_app(server.app, sock=listener, print=None, access_log=None)


def _speak_the_pinned_api_version(resources) -> None:
    """localstripe knows an older Stripe API than the SDK's pinned version, which names the payment
    methods an intent allows ``allowed_payment_method_types`` (and refuses the old name)."""
    create_intent = resources.PaymentIntent.__init__

    def create_intent_with_allowed_types(self, allowed_payment_method_types=None, **params):
        create_intent(self, payment_method_types=allowed_payment_method_types, **params)

    resources.PaymentIntent.__init__ = create_intent_with_allowed_types


class LocalStripe:
    """A localstripe process on a free port of 127.0.0.1, for one test session."""

    def __enter__(self) -> "LocalStripe":
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tests.support.localstripe"],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            text=True,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
        ready, _, _ = select.select([self.process.stdout], [], [], STARTUP_SECONDS)
        line = self.process.stdout.readline() if ready else ""
        if not line.strip().isdigit():
            self.process.kill()
            raise RuntimeError("localstripe did not start")
        self.url = f"http://127.0.0.1:{int(line)}"
        return self

    def __exit__(self, *exc_info) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.process.stdout.close()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=0, help="default: any free port")
    serve(parser.parse_args().port)
