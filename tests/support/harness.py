"""Real processes for tests and benchmarks: an SMTP server that records Message-IDs, and Celery
workers and beats started against a given database and a private Redis broker database."""

import logging
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from email.parser import BytesHeaderParser
from pathlib import Path

import redis
from aiosmtpd.controller import Controller

ROOT = Path(__file__).resolve().parents[2]
logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd logs every SMTP command at INFO


class RecordingSMTPHandler:
    """Keeps every Message-ID received; an optional pause per message lets a kill land mid-batch."""

    def __init__(self, pause: float = 0.0):
        self.pause = pause
        self.message_ids: list[str] = []
        self.received_at: list[float] = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        if self.pause:
            time.sleep(self.pause)
        # The headers only: parsing each whole message cost the benchmark's shared CPU more than sending it.
        message_id = BytesHeaderParser().parsebytes(envelope.content)["Message-ID"].strip()
        with self.lock:
            self.message_ids.append(message_id)
            self.received_at.append(time.time())
        return "250 OK"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class SMTPServer:
    def __init__(self, pause: float = 0.0):
        self.handler = RecordingSMTPHandler(pause)
        self.port = free_port()
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port)

    def __enter__(self):
        self.controller.start()
        return self

    def __exit__(self, *exc):
        self.controller.stop()


class CeleryProcesses:
    """Starts ``celery -A celery_app …`` processes with the given settings; kills them all on exit."""

    def __init__(self, *, database_url: str, broker_url: str, smtp_port: int, log_dir: Path, extra_env=None):
        redis.Redis.from_url(broker_url).flushdb()
        self.log_dir = log_dir
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "portal.settings.local",
            "DATABASE_URL": database_url,
            "CELERY_BROKER_URL": broker_url,
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(smtp_port),
            **(extra_env or {}),
        }
        self.started: list[subprocess.Popen] = []

    def start(self, *args) -> subprocess.Popen:
        log = (self.log_dir / f"celery-{len(self.started)}.log").open("w")
        process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "celery_app", *args],
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.started.append(process)
        return process

    @staticmethod
    def kill(process: subprocess.Popen) -> None:
        os.killpg(process.pid, signal.SIGKILL)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        for process in self.started:
            if process.poll() is None:
                self.kill(process)
            process.wait(timeout=10)


def wait_for(condition, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


class RedisServer:
    """A private, non-persistent redis-server on a free port, which a drill may restart."""

    def __init__(self):
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            ["redis-server", "--bind", "127.0.0.1", "--port", str(self.port), "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for(self._answers, 10, "redis-server to answer")

    def stop(self) -> None:
        if self.process is not None:
            self.process.kill()
            self.process.wait(timeout=10)
            self.process = None

    def restart(self, *, down_for: float = 2.0) -> None:
        self.stop()
        time.sleep(down_for)
        self.start()

    def _answers(self) -> bool:
        try:
            return redis.Redis.from_url(self.url, socket_timeout=1).ping()
        except redis.ConnectionError:
            return False

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc):
        self.stop()


class WebServers:
    """Starts gunicorn processes serving ``portal.wsgi`` (gthread workers, DEBUG as the settings say),
    each on a free port of its own, against the given database and Redis; kills them all on exit.
    ``start`` returns at once, so that several servers boot side by side; ``wait_until_serving`` waits
    for every one to answer."""

    def __init__(
        self,
        *,
        settings: str,
        database_url: str,
        redis_url: str,
        log_dir: Path,
        workers: int = 2,
        threads: int = 4,
        extra_env=None,
    ):
        self.log_dir = log_dir
        self.workers = workers
        self.threads = threads
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": settings,
            "DATABASE_URL": database_url,
            "REDIS_URL": redis_url,
            "CELERY_BROKER_URL": redis_url,
            **(extra_env or {}),
        }
        self.started: list[tuple[subprocess.Popen, str, Path]] = []
        self.logs: list = []

    def start(self) -> str:
        """Start one more server; returns its base URL."""
        url = f"http://127.0.0.1:{free_port()}"
        log_path = self.log_dir / f"gunicorn-{len(self.started)}.log"
        log = log_path.open("w")
        self.logs.append(log)
        process = subprocess.Popen(
            [
                *(sys.executable, "-m", "gunicorn", "portal.wsgi"),
                *("--bind", url.removeprefix("http://")),
                *("--worker-class", "gthread", "--workers", str(self.workers), "--threads", str(self.threads)),
                *("--error-logfile", "-", "--access-logfile", "-"),
            ],
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its workers share its process group: one signal stops them all
        )
        self.started.append((process, url, log_path))
        return url

    def wait_until_serving(self, timeout: float = 60) -> None:
        for process, url, log_path in self.started:
            wait_for(lambda p=process, u=url, log=log_path: self._answers(p, u, log), timeout, f"gunicorn at {url}")

    @staticmethod
    def _answers(process: subprocess.Popen, url: str, log_path: Path) -> bool:
        from http.client import HTTPConnection, HTTPException  # here, not at the top: added without touching the rest

        if process.poll() is not None:
            raise AssertionError(f"gunicorn at {url} exited with {process.returncode}: see {log_path}")
        server = HTTPConnection(url.removeprefix("http://"), timeout=2)
        try:
            server.request("GET", "/_allauth/browser/v1/config")
            return server.getresponse().status == 200
        except (OSError, HTTPException):
            return False
        finally:
            server.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        for process, _, _ in self.started:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)
        for log in self.logs:
            log.close()
