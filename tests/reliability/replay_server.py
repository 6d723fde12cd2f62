"""A tiny loopback HTTP server that answers every request with the reply it is given — for
feeding the ispmanager client replies the simulator would never send.

`ReplyServer.serve(reply)` sets what the next requests get (status, content type, body, and
optionally a proper sign-in reply so that only the call under test sees the junk).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit

SIGN_IN = b'{"doc": {"auth": {"$id": "session-1", "$": "session-1"}}}'


@dataclass(frozen=True)
class Reply:
    status: int = 200
    content_type: str = "application/json"
    body: bytes = b""
    #: Answer `func=auth` properly (the junk is for the call under test).
    real_sign_in: bool = True


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        self._answer(dict(parse_qsl(urlsplit(self.path).query)))

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length).decode("utf-8", errors="replace") if length else ""
        self._answer(dict(parse_qsl(body)))

    def _answer(self, fields: dict[str, str]) -> None:
        reply = self.server.reply
        self.server.funcs.append(fields.get("func", ""))
        if fields.get("func") == "auth" and reply.real_sign_in:
            status, content_type, body = 200, "application/json", SIGN_IN
        else:
            status, content_type, body = reply.status, reply.content_type, reply.body
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.reply = Reply()
        self.funcs: list[str] = []


class ReplyServer:
    def __init__(self) -> None:
        self._server = _Server()
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05})
        self._thread.daemon = True
        self._thread.start()

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    @property
    def funcs(self) -> list[str]:
        return self._server.funcs

    def serve(self, reply: Reply) -> None:
        self._server.reply = reply

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
