"""docs/deploy.md, records of trials 2 and 3: what the services do under their sandbox, through
nginx on the trial server (bundled data loaded): every report download kind of the district
(PDF through LibreOffice, Word, Excel, the map as PNG through matplotlib, the filing form),
then a planner run started from the web page and carried out by yizhan-worker.service.
Run inside the server after fetch.py's login: /opt/yizhan/venv/bin/python exercise.py PW
"""
import json
import re
import sys
import time
import urllib.parse

from fetch import HOST, login, req

DOWNLOADS = [("district", "pdf", b"%PDF"), ("district", "docx", b"PK"),
             ("district", "xlsx", b"PK"), ("district", "png", b"\x89PNG"),
             ("filing", "docx", b"PK")]


def main(password):
    login(password)
    for kind, fmt, magic in DOWNLOADS:
        started = time.time()
        status, _, data = req("GET", f"/planning/report/?kind={kind}&format={fmt}")
        print(f"report {kind} {fmt}: {status}, {len(data)} bytes, "
              f"{'right' if data.startswith(magic) else 'WRONG'} file type, "
              f"{time.time() - started:.1f} s")
    _, _, page = req("GET", "/planning/runs/add/")
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1).decode()
    body = urllib.parse.urlencode({"csrfmiddlewaretoken": token, "name": "trial run",
                                   "scope": "", "time_limit": "20", "seed": "0",
                                   "never": "", "together": ""})
    status, location, _ = req("POST", "/planning/runs/add/", body, {
        "Content-Type": "application/x-www-form-urlencoded",
        "Referer": f"https://{HOST}/planning/runs/add/"})
    print("run added:", status, location)
    run = re.search(r"/runs/(\d+)/", location).group(1)
    started = time.time()
    while True:
        state = json.loads(req("GET", f"/planning/runs/{run}/status/")[2])
        if state["finished"] or time.time() - started > 600:
            break
        time.sleep(3)
    print(f"run {run} after {time.time() - started:.0f} s: {state['status']}, "
          f"plan {state['plan']}, error {state['error']!r}")


if __name__ == "__main__":
    main(sys.argv[1])
