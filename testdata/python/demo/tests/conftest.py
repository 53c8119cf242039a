"""Fixtures: a local JSON weather server and a temporary cache directory."""

import json
import os
import sys
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

# Make the ``weather`` package importable however pytest is invoked.
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def fake_temp(city):
    """Deterministic temperature used by the fake server: len(name) + 10."""
    return len(city) + 10


class WeatherHandler(BaseHTTPRequestHandler):
    """Serves ``GET /city/<name>`` as ``{"city": name, "temp": ...}``."""

    def do_GET(self):
        prefix = "/city/"
        if not self.path.startswith(prefix):
            self.send_error(404, "unknown path")
            return
        city = urllib.parse.unquote(self.path[len(prefix):])
        body = json.dumps({"city": city, "temp": fake_temp(city)}).encode("utf-8")
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format, *args):
        # Keep pytest output quiet.
        pass


@pytest.fixture
def base_url():
    """Start the fake server on 127.0.0.1 (random port) and yield its URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), WeatherHandler)
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    )
    thread.start()
    host, port = server.server_address[:2]
    try:
        yield "http://%s:%d" % (host, port)
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture
def cache_dir(tmp_path):
    """An empty directory for the WeatherService disk cache."""
    path = tmp_path / "cache"
    path.mkdir()
    return str(path)
