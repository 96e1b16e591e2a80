"""A real HTTP server on 127.0.0.1 that answers like the ClinicalTrials.gov API v2.

It serves real study objects (from tests/data/ctgov), pages them with
``nextPageToken``, filters by ``AREA[LastUpdatePostDate]RANGE[a,b]`` and by simple
``query.*`` text matches, and can be told to misbehave: a queue of faults is
consumed one per request (``status`` with headers, ``truncate``, ``reset``,
``slow``, ``repeat_token``, ``short_page``, ``oversize``).
"""

from __future__ import annotations

import copy
import json
import re
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

RANGE = re.compile(r"AREA\[LastUpdatePostDate\]RANGE\[([^,\]]+),([^\]]+)\]")


class CtgovTestServer:
    """Serve ``studies`` at ``http://127.0.0.1:<port>/api/v2``."""

    def __init__(self, studies: list[dict], page_size: int | None = None) -> None:
        self.studies = [copy.deepcopy(s) for s in studies]
        self.page_size = page_size
        self.faults: list[dict] = []
        self.requests: list[str] = []
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        """The API base URL to give the client."""
        return f"http://127.0.0.1:{self._server.server_address[1]}/api/v2"

    def __enter__(self) -> CtgovTestServer:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._server.shutdown()
        self._server.server_close()

    def update_study(self, nct_id: str, change, last_update: str) -> None:
        """Apply ``change(study)`` and set its last update date, as a registry edit would."""
        with self._lock:
            for study in self.studies:
                if nct(study) == nct_id:
                    change(study)
                    status = study["protocolSection"].setdefault("statusModule", {})
                    status["lastUpdatePostDateStruct"] = {"date": last_update, "type": "ACTUAL"}

    def _next_fault(self) -> dict | None:
        with self._lock:
            return self.faults.pop(0) if self.faults else None

    def _select(self, query: dict[str, list[str]]) -> list[dict]:
        """Studies matching the query's text fields and update window, in a stable order."""
        chosen = sorted(self.studies, key=nct)
        advanced = query.get("filter.advanced", [""])[0]
        window = RANGE.search(advanced)
        if window:
            low, high = window.groups()
            chosen = [s for s in chosen if _in_range(last_update(s), low, high)]
        for field in ("query.cond", "query.intr", "query.term"):
            if field in query:
                needle = query[field][0].lower()
                chosen = [s for s in chosen if needle in json.dumps(s).lower()]
        return chosen

    def _handler(self):
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:  # keep test output clean
                pass

            def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
                server.requests.append(self.path)
                fault = server._next_fault() or {}
                if fault.get("slow"):
                    time.sleep(fault["slow"])
                if fault.get("reset"):
                    self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
                    self.connection.close()
                    return
                if "status" in fault:
                    self._send(fault["status"], b'{"error": "injected"}', fault.get("headers", {}))
                    return
                url = urlparse(self.path)
                query = parse_qs(url.query)
                if url.path.startswith("/api/v2/studies/"):
                    wanted = url.path.rsplit("/", 1)[1]
                    found = [s for s in server.studies if nct(s) == wanted]
                    self._send(200 if found else 404, json.dumps(found[0] if found else {}).encode())
                    return
                if url.path != "/api/v2/studies":
                    self._send(404, b"{}")
                    return
                self._send(
                    200, self._page(query, fault), truncate=fault.get("truncate", False), declared=fault.get("oversize")
                )

            def _page(self, query: dict[str, list[str]], fault: dict) -> bytes:
                chosen = server._select(query)
                size = server.page_size or int(query.get("pageSize", ["10"])[0])
                start = int(query.get("pageToken", ["0"])[0])
                page = {"studies": chosen[start : start + size], "totalCount": len(chosen)}
                if start + size < len(chosen):
                    page["nextPageToken"] = str(start + size)
                if fault.get("repeat_token"):
                    page["nextPageToken"] = query.get("pageToken", [str(size)])[0]  # points at itself again
                if fault.get("short_page"):
                    page["studies"] = page["studies"][:1]
                return json.dumps(page).encode()

            def _send(
                self,
                status: int,
                body: bytes,
                headers: dict | None = None,
                truncate: bool = False,
                declared: int | None = None,
            ) -> None:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(declared or len(body)))
                for key, value in (headers or {}).items():
                    self.send_header(key, value)
                self.end_headers()
                if declared:
                    return
                self.wfile.write(body[: len(body) // 2] if truncate else body)

        return Handler


def nct(study: dict) -> str:
    """A study's NCT id."""
    return study["protocolSection"]["identificationModule"]["nctId"]


def last_update(study: dict) -> str:
    """A study's last update post date."""
    return study["protocolSection"].get("statusModule", {}).get("lastUpdatePostDateStruct", {}).get("date", "")


def _in_range(value: str, low: str, high: str) -> bool:
    """Compare ISO dates (``MIN``/``MAX`` are open ends; partial dates compare as prefixes)."""
    if not value:
        return False
    return (low == "MIN" or value >= low) and (high == "MAX" or value[: len(high)] <= high)
