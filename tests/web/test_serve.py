"""``yizhan serve``: no version banner, never ``ALLOWED_HOSTS = *`` (issue 7, item 12), and the
worker count it serves with (issue 14; the running server: tests/web/live/test_serve_live.py)."""

import http.client
import os
import socket
import subprocess
import sys
import threading

import pytest
from typer.testing import CliRunner

from yizhan.web.serve import _server_class


@pytest.fixture
def server():
    """serve's own server class on a free port, answering with a one-line app."""
    def app(environ, start_response):
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [b"ok"]

    httpd = _server_class()(("127.0.0.1", 0), None)
    httpd.set_app(app)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd.server_address[1]
    httpd.shutdown()
    httpd.server_close()


def test_responses_name_no_versions(server):
    conn = http.client.HTTPConnection("127.0.0.1", server, timeout=10)
    conn.request("GET", "/")
    response = conn.getresponse()
    assert response.read() == b"ok"
    assert response.getheader("Server") == "yizhan"
    assert len(response.headers.get_all("Server")) == 1


def test_errors_the_server_writes_itself_name_no_versions(server):
    """A request line over 64 KB is refused (414) by the request handler, not the app."""
    with socket.create_connection(("127.0.0.1", server), timeout=10) as s:
        s.sendall(b"GET /" + b"a" * 70000 + b" HTTP/1.1\r\n\r\n")
        head = s.recv(4096).decode("latin-1")
    assert head.startswith("HTTP/1.1 414")
    assert "Server: yizhan\r\n" in head and "Python" not in head


def test_connections_send_at_once_without_waiting_for_acknowledgements():
    """TCP_NODELAY on every accepted connection (issue 14: ~45 ms lost per request when the
    headers' write waited for the client's delayed ACK of the status line's)."""
    handler_class = _server_class().handler_class
    with socket.create_server(("127.0.0.1", 0)) as listener, \
            socket.create_connection(listener.getsockname()):
        accepted, _addr = listener.accept()
        with accepted:
            handler = handler_class.__new__(handler_class)
            handler.request = accepted
            handler.setup()
            assert accepted.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) != 0
            handler.wfile.close()
            handler.rfile.close()


def test_keep_alive_connection_answers_every_request_whole(server):
    """The buffered writer is flushed per response: a second request on the same connection
    gets its own complete answer."""
    conn = http.client.HTTPConnection("127.0.0.1", server, timeout=10)
    for _ in range(3):
        conn.request("GET", "/")
        response = conn.getresponse()
        assert response.status == 200 and response.read() == b"ok"
    conn.close()


def _setup(host, *names, env=None):
    """ALLOWED_HOSTS and what serve says, from a fresh process (Django sets up once)."""
    code = ("from yizhan.web.serve import setup_django\n"
            f"setup_django({host!r}, {list(names)!r})\n"
            "from django.conf import settings\n"
            "print('@hosts', ','.join(settings.ALLOWED_HOSTS))\n")
    child_env = {k: v for k, v in os.environ.items()
                 if k not in ("YIZHAN_ALLOWED_HOSTS", "DJANGO_SETTINGS_MODULE")}
    out = subprocess.run([sys.executable, "-c", code], env={**child_env, **(env or {})},
                         capture_output=True, text=True, check=True).stdout
    said, _marker, hosts = out.rpartition("@hosts ")
    return hosts.strip().split(","), said


def test_listening_beyond_loopback_without_names_keeps_loopback_and_says_so():
    hosts, said = _setup("0.0.0.0")
    assert "*" not in hosts and set(hosts) == {"127.0.0.1", "localhost", "[::1]"}
    assert "--allowed-host" in said and "YIZHAN_ALLOWED_HOSTS" in said and "400" in said


def test_the_option_names_the_hosts():
    hosts, said = _setup("0.0.0.0", "yizhan.intranet", "10.1.2.3")
    assert hosts == ["yizhan.intranet", "10.1.2.3"]
    assert "yizhan.intranet" in said and "--allowed-host" not in said


def test_the_environment_names_the_hosts():
    hosts, said = _setup("0.0.0.0", env={"YIZHAN_ALLOWED_HOSTS": "a.intranet,b.intranet"})
    assert hosts == ["a.intranet", "b.intranet"] and "--allowed-host" not in said


def test_loopback_says_nothing():
    hosts, said = _setup("127.0.0.1")
    assert said == "" and "*" not in hosts


def test_the_command_passes_allowed_hosts(monkeypatch):
    import yizhan.web.serve
    from yizhan.cli import app

    seen = {}
    monkeypatch.setattr(yizhan.web.serve, "serve", lambda **kwargs: seen.update(kwargs))
    result = CliRunner().invoke(app, ["serve", "--host", "0.0.0.0", "--allowed-host", "a",
                                      "--allowed-host", "b"])
    assert result.exit_code == 0, result.output
    assert seen["host"] == "0.0.0.0" and list(seen["allowed_hosts"]) == ["a", "b"]


def test_the_command_leaves_the_worker_count_to_serve_unless_given(monkeypatch):
    """No ``--workers``: serve chooses (gunicorn, :func:`default_workers`); ``--workers 0``
    asks for the one-process server and is passed as 0, not taken for "not given"."""
    import yizhan.web.serve
    from yizhan.cli import app

    seen = {}
    monkeypatch.setattr(yizhan.web.serve, "serve", lambda **kwargs: seen.update(kwargs))
    for args, expected in (([], None), (["--workers", "0"], 0), (["--workers", "3"], 3)):
        result = CliRunner().invoke(app, ["serve", *args])
        assert result.exit_code == 0, result.output
        assert seen["workers"] == expected, args


def test_default_workers_two_per_usable_cpu_at_least_two_or_the_environment(monkeypatch):
    from yizhan.web import gunicorn_conf
    from yizhan.web.serve import default_workers

    monkeypatch.delenv("YIZHAN_WORKERS", raising=False)
    monkeypatch.setattr(gunicorn_conf.os, "sched_getaffinity", lambda pid: {0, 1, 2},
                        raising=False)
    assert default_workers() == 6
    monkeypatch.setattr(gunicorn_conf.os, "sched_getaffinity", lambda pid: {0}, raising=False)
    assert default_workers() == 2
    monkeypatch.setenv("YIZHAN_WORKERS", "5")
    assert default_workers() == 5


def test_the_serving_line_names_the_server_and_why_that_many_workers(monkeypatch):
    """Said in both languages; LiveServer reads the count from it."""
    from yizhan.web.liveserver import _WORKERS
    from yizhan.web.serve import serving_line

    monkeypatch.delenv("YIZHAN_WORKERS", raising=False)
    line = serving_line("http://127.0.0.1:8000/", 4, automatic=True)
    assert "4 个工作进程（每个 CPU 2 个）" in line and "4 worker processes (2 per CPU)" in line
    assert _WORKERS.search(line).group(1) == "4"
    monkeypatch.setenv("YIZHAN_WORKERS", "3")
    assert "(YIZHAN_WORKERS)" in serving_line("http://127.0.0.1:8000/", 3, automatic=True)
    explicit = serving_line("http://127.0.0.1:8000/", 3, automatic=False)
    assert "gunicorn, 3 worker processes;" in explicit and "YIZHAN_WORKERS" not in explicit
    single = serving_line("http://127.0.0.1:8000/", 0, automatic=False)
    assert "单进程服务器 / one-process server" in single and not _WORKERS.search(single)
