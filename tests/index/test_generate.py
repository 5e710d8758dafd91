"""The optional generated answer: request shape and failure handling, against a loopback server."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

from index.answer.generate import generate_answer


class _Handler(BaseHTTPRequestHandler):
    seen: list[dict] = []

    def do_POST(self) -> None:  # noqa: N802 - http.server API
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        _Handler.seen.append({"path": self.path, "body": body})
        out = json.dumps({"choices": [{"message": {"content": "Tiêm mũi 1 cho 100% người từ 12 tuổi [1]."}}]})
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(out.encode())

    def log_message(self, *args) -> None:
        pass


def test_generated_answer_cites_passages_by_number():
    server = HTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.handle_request, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_port}"
    text = generate_answer(
        url, "local", "Mục tiêu tiêm vắc xin?", [("Thông báo số 508-TB/TU", "4. Đẩy nhanh…")]
    )
    thread.join(timeout=10)
    server.server_close()
    assert text and "[1]" in text
    request = _Handler.seen[-1]
    assert request["path"] == "/v1/chat/completions"
    assert "[1] Thông báo số 508-TB/TU" in request["body"]["messages"][1]["content"]


def test_unreachable_endpoint_returns_none():
    assert generate_answer("http://127.0.0.1:9", "local", "q", [("a", "b")], timeout=2) is None
