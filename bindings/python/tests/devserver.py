"""The dev server (nova-devserver) as a child process, and its HTTP API over urllib."""

from __future__ import annotations

import json
import os
import subprocess
import time
import urllib.error
import urllib.request
from typing import Any, Callable

import nova_auth

GOOGLE = {
    "uid": "dev-google-4f1c9a",
    "name": "Ada Lovelace",
    "email": "ada.lovelace@example.com",
    "photoUrl": "https://example.com/avatars/ada.png",
    "plan": "pro",
}
KAKAO = {
    "uid": "dev-kakao-3d8e55",
    "name": "이서준",
    "email": None,
    "photoUrl": "https://example.com/avatars/seojun.jpg",
    "plan": "free",
}


class DevServer:
    """A dev server on 127.0.0.1 with an ephemeral port; stop() kills it."""

    def __init__(self, *arguments: str) -> None:
        binary = os.environ.get("NOVA_DEVSERVER")
        if not binary:
            raise RuntimeError("NOVA_DEVSERVER must name the nova-devserver binary")
        self.process = subprocess.Popen(
            [binary, "--host", "127.0.0.1", "--port", "0", *arguments],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.process.stdout is not None
        self.base_url = self.process.stdout.readline().strip()
        if not self.base_url.startswith("http://127.0.0.1:"):
            self.stop()
            raise RuntimeError(f"the dev server printed {self.base_url!r}, not its base URL")

    def stop(self) -> None:
        self.process.kill()
        self.process.wait()

    def request(self, method: str, path: str, body: Any = None) -> tuple[int, Any]:
        data = None if body is None else json.dumps(body).encode("utf-8")
        request = urllib.request.Request(
            self.base_url + path, data=data, method=method,
            headers={"Content-Type": "application/json"},
        )
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return response.status, json.loads(response.read() or b"null")
        except urllib.error.HTTPError as e:
            return e.code, e.read().decode("utf-8", "replace")

    def complete(self, session_id: str, identity: dict[str, Any]) -> None:
        """Completes a session as the web app does after the person signed in."""
        status, answer = self.request(
            "POST", "/api/auth/complete-session", {"sessionId": session_id, **identity}
        )
        assert status == 200, f"complete-session answered {status}: {answer}"

    def fault(self, **fault: Any) -> None:
        """Queues one faulty answer (see devserver/README.md)."""
        status, answer = self.request("POST", "/_dev/faults", fault)
        assert status == 200, f"/_dev/faults answered {status}: {answer}"

    def stats(self) -> dict[str, int]:
        status, answer = self.request("GET", "/_dev/stats")
        assert status == 200, f"/_dev/stats answered {status}: {answer}"
        counters: dict[str, int] = answer
        return counters


def eventually(what: str, condition: Callable[[], bool], within_s: float = 10.0) -> None:
    deadline = time.monotonic() + within_s
    while not condition():
        assert time.monotonic() < deadline, f"timed out after {within_s} s waiting for {what}"
        time.sleep(0.005)


def session_id(login: nova_auth.Login) -> str:
    """The session id, read from the login URL once the session exists."""
    eventually("the login URL", lambda: login.url is not None)
    url = login.url
    assert url is not None and "session=" in url, f"login URL without a session: {url!r}"
    return url.split("session=", 1)[1].split("&", 1)[0]
