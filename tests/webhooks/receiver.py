"""A real HTTP receiver on 127.0.0.1, in a thread: it records every request and answers with the
next planned reply (a status code, or a delay before answering 200)."""

import ssl
import threading
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class Reply:
    status: int = 204
    delay_seconds: float = 0.0
    body: bytes = b""


@dataclass
class Receiver:
    url: str
    received: list[Received] = field(default_factory=list)
    replies: deque[Reply] = field(default_factory=deque)

    def answer(self, *replies: Reply) -> None:
        """The next requests get these replies, in order; then 204."""
        self.replies.extend(replies)


def start_receiver(tls: ssl.SSLContext | None = None) -> tuple[Receiver, ThreadingHTTPServer]:
    """``tls``: a server context, to answer https (the URL's host is then left for the test to name)."""
    receiver: Receiver

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("content-length", 0)))
            receiver.received.append(Received(self.path, {k.lower(): v for k, v in self.headers.items()}, body))
            reply = receiver.replies.popleft() if receiver.replies else Reply()
            if reply.delay_seconds:
                threading.Event().wait(reply.delay_seconds)
            try:
                self.send_response(reply.status)
                self.send_header("content-length", str(len(reply.body)))
                self.end_headers()
                self.wfile.write(reply.body)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the sender gave up waiting (a timeout test)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    if tls is not None:
        server.socket = tls.wrap_socket(server.socket, server_side=True)
    scheme = "https" if tls is not None else "http"
    receiver = Receiver(url=f"{scheme}://127.0.0.1:{server.server_address[1]}/hooks")
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return receiver, server
