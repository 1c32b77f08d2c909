"""Big uploads to the committee import (issue 7, item 8): time, server memory, answer size.

Starts ``yizhan serve`` (the server ``make run`` starts) on the bundled Luohu data in a
scratch directory, logs in as the administrator and posts each file to
``/registry/committees/import/`` as a browser does (multipart, CSRF token). For each case it
prints the wall time of the request, the server's resident memory before and after and its
peak during the request (``VmHWM``, reset through ``/proc/<pid>/clear_refs``), the status
and the size of the answer. Each case runs on a fresh server.

    .venv/bin/python benchmarks/web_import.py                       # this tree
    .venv/bin/python benchmarks/web_import.py --before /path/to/old/src   # and the old code: ratios

Cases: ``csv50mb`` (a 50 MB CSV, 1.3 M rows), ``xlsx200k`` (a 110 KB workbook holding the
same row 200,000 times), ``csv20k`` (20,000 valid new committees, the default row limit:
preview, then commit). Loopback only; the scratch directories are removed at the end.
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import shutil
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.web_load import Session  # noqa: E402
from tests.web.import_files import big_csv, tiny_xlsx  # noqa: E402
from yizhan.web.liveserver import LiveServer  # noqa: E402

HEADER = ["code", "name", "parent", "households", "office_m2", "service_m2", "plaza_m2"]
PATH = "/registry/committees/import/"


def _row(i: int) -> list:
    return [f"B{i:07d}", f"委员会{i}", "黄贝", 100, 10, 10, 10]


#: the same row 200,000 times, as in the issue's 145 KB workbook
_SAME_ROW = ["B0000001", "委员会", "黄贝", 100, 10, 10, 10]


def cases() -> dict:
    csv_line = lambda i: ",".join(map(str, _row(i))) + "\n"  # noqa: E731
    header = ",".join(HEADER) + "\n"
    return {
        "csv50mb": ("big.csv", lambda: big_csv(header, csv_line, 50 * 1024 * 1024)),
        "xlsx200k": ("big.xlsx", lambda: tiny_xlsx(HEADER, _SAME_ROW, 200_000)),
        "csv20k": ("limit.csv", lambda: header.encode() + "".join(
            csv_line(i) for i in range(1, 20_001)).encode()),
    }


def _memory(pid: int) -> dict[str, int]:
    """VmRSS and VmHWM of ``pid`` in MB."""
    out = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            out[key] = int(value.split()[0]) // 1024
    return out


def _multipart(fields: dict, name: str, data: bytes) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
             for k, v in fields.items()]
    parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="file"; '
                 f'filename="{name}"\r\nContent-Type: application/octet-stream\r\n\r\n'.encode()
                 + data + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def _post(session: Session, base: str, body, content_type: str) -> tuple[int, bytes]:
    if session.conn is not None:  # the old code needs minutes for some of these
        session.conn.close()
    session.conn = http.client.HTTPConnection(session.host, session.port, timeout=1800)
    return session.request("POST", PATH, body, {
        "Content-Type": content_type, "Referer": base + PATH,
        "X-CSRFToken": session.cookies["csrftoken"]})


def run_case(label: str, env: dict, case: str) -> dict:
    """One case on a server of its own (memory left over by one case must not hide the next's)."""
    data_dir = tempfile.mkdtemp(prefix="yizhan-bench-import-")
    try:
        with LiveServer(data_dir, env=env) as server:
            pid = server.proc.pid
            admin = Session(server.url, "admin", server.passwords["admin"])
            admin.request("GET", PATH)
            name, make = cases()[case]
            data = make()
            body, ctype = _multipart({"csrfmiddlewaretoken": admin.cookies["csrftoken"]},
                                     name, data)
            before = _memory(pid)["VmRSS"]
            Path(f"/proc/{pid}/clear_refs").write_text("5")
            start = time.perf_counter()
            status, answer = _post(admin, server.url, body, ctype)
            seconds = time.perf_counter() - start
            token = re.search(rb'name="token" value="([0-9a-f]+)"', answer)
            commit = None
            if token and case == "csv20k":
                start = time.perf_counter()
                c_status, _ = _post(admin, server.url, f"token={token.group(1).decode()}"
                                    f"&csrfmiddlewaretoken={admin.cookies['csrftoken']}",
                                    "application/x-www-form-urlencoded")
                commit = (c_status, time.perf_counter() - start)
            mem = _memory(pid)
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)
    r = dict(size=len(data), status=status, seconds=seconds, rss_before=before,
             peak=mem["VmHWM"], rss_after=mem["VmRSS"], answer=len(answer), commit=commit)
    print(f"{label:7} {case:9} {r['size'] / 1e6:7.2f} MB  status {status}  "
          f"{seconds:7.2f} s  server RSS {before} → peak {r['peak']} → "
          f"{r['rss_after']} MB  answer {r['answer'] / 1e3:,.0f} kB"
          + (f"  commit {commit[0]} in {commit[1]:.2f} s" if commit else ""), flush=True)
    return r


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", nargs="+", choices=list(cases()), default=list(cases()))
    parser.add_argument("--before", help="the src/ directory of the code to compare with")
    args = parser.parse_args()
    after = {case: run_case("this", {}, case) for case in args.cases}
    if not args.before:
        return
    env = {"PYTHONPATH": os.path.abspath(args.before)}
    before = {case: run_case("before", env, case) for case in args.cases}
    print("\nratios before / this (time, peak memory growth, answer size; commit time):")
    for case in args.cases:
        b, a = before[case], after[case]
        grow = lambda r: max(r["peak"] - r["rss_before"], 1)  # noqa: E731
        line = (f"  {case:9} time {b['seconds'] / a['seconds']:6.1f}×   memory "
                f"{grow(b) / grow(a):6.1f}×   answer {b['answer'] / max(a['answer'], 1):8.1f}×")
        if a["commit"] and b["commit"]:
            line += f"   commit {b['commit'][1] / a['commit'][1]:5.1f}×"
        print(line)


if __name__ == "__main__":
    main()
