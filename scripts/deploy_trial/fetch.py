"""docs/deploy.md, records of trials 2 and 3: fetch pages through nginx on the trial server as
a browser would. `http://` answers with the redirect to HTTPS; then, over HTTPS with the
certificate checked against /etc/yizhan/tls/yizhan.crt (the trial's self-signed pair) for the
server's name: the login page, the login (argv[1] is the administrator's password), the
dashboard, every link of it, the API and a static file. Prints one line per request and the
number of answers of 400 or more. Run inside the server: /opt/yizhan/venv/bin/python fetch.py PW
"""
import http.client
import re
import socket
import ssl
import sys
import urllib.parse

HOST = "yizhan.example.intranet"  # deploy/yizhan.env's YIZHAN_ALLOWED_HOSTS, nginx's server_name
CONTEXT = ssl.create_default_context(cafile="/etc/yizhan/tls/yizhan.crt")
cookies = {}


class _Loopback(http.client.HTTPSConnection):
    """HTTPS to this host's nginx, with SNI and the certificate check for HOST."""

    def connect(self):
        sock = socket.create_connection(("127.0.0.1", 443), self.timeout)
        self.sock = CONTEXT.wrap_socket(sock, server_hostname=HOST)


def req(method, path, body=None, headers=None, tls=True):
    conn = _Loopback(HOST, 443, context=CONTEXT) if tls else http.client.HTTPConnection(
        "127.0.0.1", 80)
    sent = {"Host": HOST, "Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items())}
    conn.request(method, path, body=body, headers={**sent, **(headers or {})})
    answer = conn.getresponse()
    data = answer.read()
    for name, value in answer.getheaders():
        if name.lower() == "set-cookie":
            key, val = value.split(";")[0].split("=", 1)
            cookies[key] = val
    return answer.status, answer.getheader("Location"), data


def login(password):
    status, location, _ = req("GET", "/", tls=False)
    print("http / ->", status, location)
    status, _, page = req("GET", "/accounts/login/")
    print("login page", status)
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1).decode()
    body = urllib.parse.urlencode({"csrfmiddlewaretoken": token, "username": "admin",
                                   "password": password})
    status, location, _ = req("POST", "/accounts/login/", body, {
        "Content-Type": "application/x-www-form-urlencoded",
        "Referer": f"https://{HOST}/accounts/login/"})
    print("login POST", status, location)


def main(password):
    login(password)
    status, location, home = req("GET", "/")
    print("home", status, location)
    while status in (301, 302):
        status, next_location, home = req("GET", location)
        print(location, status)
        location = next_location
    links = sorted(set(re.findall(rb'href="(/[^"#?]*)"', home)) - {b"/accounts/logout/"})
    paths = [link.decode() for link in links] + ["/api/registry/subdistricts/", "/api/docs"]
    css = re.search(rb'href="(/static/[^"]+\.css)"', home).group(1).decode()
    bad = 0
    for path in paths + [css]:
        status, _, _ = req("GET", path)
        bad += status >= 400
        print(status, path)
    print("requests:", len(paths) + 1, "answers of 400 or more:", bad)


if __name__ == "__main__":
    main(sys.argv[1])
