"""The service under gunicorn (2 workers) on a loopback port, spoken to over real HTTP."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import free_port

GUNICORN = str(Path(sys.executable).parent / "gunicorn")


def _request(url: str, *, method: str = "GET", token: str | None = None, body: bytes | None = None,
             content_type: str | None = None) -> tuple[int, Any]:
    req = urllib.request.Request(url, data=body, method=method)
    if token:
        req.add_header("Authorization", f"Bearer {token}")
    if content_type:
        req.add_header("Content-Type", content_type)
    try:
        with urllib.request.urlopen(req, timeout=30) as resp:
            return resp.status, json.loads(resp.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read())


def multipart(files: list[tuple[str, bytes]]) -> tuple[bytes, str]:
    """Encode ``file`` parts for a multipart/form-data upload."""
    boundary = uuid.uuid4().hex
    parts = []
    for name, data in files:
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="file"; '
                     f'filename="{name}"\r\nContent-Type: application/octet-stream\r\n\r\n'
                     .encode() + data + b"\r\n")
    return b"".join(parts) + f"--{boundary}--\r\n".encode(), \
        f"multipart/form-data; boundary={boundary}"


@pytest.fixture
def live(tmp_path: Path) -> Iterator[dict[str, Any]]:
    home = tmp_path / "home"
    env = {**os.environ, "DOCPROC_HOME": str(home), "DOCPROC_RATE_LIMIT": "0",
           "DOCPROC_UI_MODULE": "", "DOCPROC_WORKERS": "1"}
    env.pop("DOCPROC_DATABASE_URL", None)
    env.pop("DOCPROC_BROKER_URL", None)
    subprocess.run([sys.executable, "-m", "docproc.cli", "users", "create", "c1", "--role",
                    "clerk", "--password-stdin"], input=b"pw\n", env=env, check=True)
    token = subprocess.run([sys.executable, "-m", "docproc.cli", "tokens", "create", "c1"],
                           env=env, check=True, capture_output=True).stdout.decode().strip()
    port = free_port()
    proc = subprocess.Popen([GUNICORN, "-w", "2", "-b", f"127.0.0.1:{port}", "--timeout", "60",
                             "docproc.service:create_app()"], env=env,
                            stdout=subprocess.DEVNULL, stderr=open(tmp_path / "g.log", "wb"),
                            start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            if _request(base + "/api/health")[0] == 200:
                break
        except OSError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            pytest.fail("gunicorn did not start: " + (tmp_path / "g.log").read_text()[-2000:])
        time.sleep(0.2)
    yield {"base": base, "token": token, "home": home}
    os.killpg(proc.pid, signal.SIGTERM)
    proc.wait(timeout=30)


def test_live_gunicorn_uploads_and_processes(live: dict[str, Any], shipment_pdfs: Any) -> None:
    base, token = live["base"], live["token"]
    assert _request(base + "/api/cases")[0] == 401
    status, case = _request(base + "/api/cases", method="POST", token=token, body=b"{}",
                            content_type="application/json")
    assert status == 201
    paths = shipment_pdfs(7)[:3]

    def upload(p: Path) -> tuple[int, Any]:
        body, ctype = multipart([(p.name, p.read_bytes())])
        return _request(f"{base}/api/cases/{case['id']}/documents", method="POST", token=token,
                        body=body, content_type=ctype)

    with ThreadPoolExecutor(4) as ex:  # concurrent uploads over two processes
        results = list(ex.map(upload, paths + paths[:1]))
    assert all(s == 202 for s, _ in results)
    job_ids = sorted({r["jobs"][0]["id"] for _, r in results})
    assert len(job_ids) == 3  # the repeated file is the same document
    body, ctype = multipart([("x.pdf", b"<html>not a pdf</html>")])
    status, err = _request(f"{base}/api/cases/{case['id']}/documents", method="POST",
                           token=token, body=body, content_type=ctype)
    assert status == 415 and err["error"]["code"] == "unsupported_media_type"
    deadline = time.monotonic() + 120
    while True:
        states = [_request(f"{base}/api/jobs/{j}", token=token)[1]["state"] for j in job_ids]
        if all(s in ("done", "failed") for s in states):
            break
        assert time.monotonic() < deadline, states
        time.sleep(0.3)
    assert states == ["done"] * 3
    deadline = time.monotonic() + 30
    while (report := _request(f"{base}/api/cases/{case['id']}", token=token)[1])["status"] \
            != "checked":
        assert time.monotonic() < deadline, report["status"]
        time.sleep(0.3)
    assert len(report["documents"]) == 3
