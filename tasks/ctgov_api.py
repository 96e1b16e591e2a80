"""A polite ClinicalTrials.gov API v2 client: paging, timeouts, retries, rate limit.

Every request has a timeout; connection errors, timeouts, 429 and 5xx are
retried with exponential backoff (honouring ``Retry-After``); requests are
spaced at least ``min_interval`` seconds apart; a page that still fails, an
invalid body, a repeated ``nextPageToken`` or an oversized body raises
:class:`CtgovError` naming the request.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from email.utils import parsedate_to_datetime
from urllib.parse import quote

import requests
from pydantic import BaseModel, Field

DEFAULT_BASE_URL = "https://clinicaltrials.gov/api/v2"
USER_AGENT = "trials-warehouse/0.1 (open clinical-trial ETL; +https://pypi.org/project/prefect/)"
PAGE_SIZE = 1000
MAX_BODY_BYTES = 256 * 1024 * 1024
RETRY_STATUSES = {429, 500, 502, 503, 504}


class CtgovError(RuntimeError):
    """A request to the API failed for good; the message names it and why."""


class QueryError(ValueError):
    """A query string that cannot be read."""


@dataclass(frozen=True)
class StudyQuery:
    """What to fetch: the API's ``query.cond``, ``query.intr``, ``query.term`` and ``filter.advanced``."""

    cond: str | None = None
    intr: str | None = None
    term: str | None = None
    advanced: str | None = None

    @classmethod
    def parse(cls, text: str) -> StudyQuery:
        """Read ``"cond=multiple myeloma; intr=BCMA CAR-T"``; text without ``=`` is a term query."""
        if "=" not in text:
            return cls(term=text.strip() or None)
        fields = {}
        for part in text.split(";"):
            key, _, value = part.partition("=")
            key = key.strip().removeprefix("query.").removeprefix("filter.")
            if key not in {"cond", "intr", "term", "advanced"}:
                raise QueryError(f"unknown query field {key!r} (use cond, intr, term, advanced)")
            fields[key] = value.strip() or None
        return cls(**fields)

    def key(self) -> str:
        """A canonical text naming this query (the ``sync_state`` key)."""
        parts = [
            f"{k}={v}"
            for k, v in (("cond", self.cond), ("intr", self.intr), ("term", self.term), ("advanced", self.advanced))
            if v
        ]
        return "; ".join(parts)

    def params(self, since: date | None = None, until: date | None = None) -> dict[str, str]:
        """API parameters, with the update window as an ``AREA[LastUpdatePostDate]RANGE``."""
        params = {f"query.{k}": v for k, v in (("cond", self.cond), ("intr", self.intr), ("term", self.term)) if v}
        filters = [self.advanced] if self.advanced else []
        if since or until:
            low = since.isoformat() if since else "MIN"
            high = until.isoformat() if until else "MAX"
            filters.append(f"AREA[LastUpdatePostDate]RANGE[{low},{high}]")
        if filters:
            params["filter.advanced"] = " AND ".join(f"({f})" if len(filters) > 1 else f for f in filters)
        return params


class ClientSettings(BaseModel):
    """How to talk to the API: one typed object instead of a flow parameter per knob."""

    base_url: str | None = Field(None, description="API base URL; default $TRIALS_CTGOV_URL or the public API")
    min_interval: float = Field(1.0, ge=0, description="seconds between requests")
    page_size: int = Field(PAGE_SIZE, ge=1, le=1000, description="studies per page")
    timeout: float = Field(60.0, gt=0, description="read timeout per request, seconds")
    max_retries: int = Field(5, ge=0, description="retries per request")
    retry_backoff: float = Field(1.0, ge=0, description="first retry delay, doubling up to 60 s")

    def client(self, base_url: str) -> CtgovClient:
        """A client with these settings against ``base_url``."""
        return CtgovClient(
            base_url,
            min_interval=self.min_interval,
            timeout=(10.0, self.timeout),
            max_retries=self.max_retries,
            backoff=self.retry_backoff,
            page_size=self.page_size,
        )


class CtgovClient:
    """Fetch studies from the API v2 at ``base_url``."""

    def __init__(
        self,
        base_url: str = DEFAULT_BASE_URL,
        *,
        min_interval: float = 1.0,
        timeout: tuple[float, float] = (10.0, 60.0),
        max_retries: int = 5,
        backoff: float = 1.0,
        max_backoff: float = 60.0,
        page_size: int = PAGE_SIZE,
        session: requests.Session | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.min_interval = min_interval
        self.timeout = timeout
        self.max_retries = max_retries
        self.backoff = backoff
        self.max_backoff = max_backoff
        self.page_size = page_size
        self.session = session or requests.Session()
        if session is None or "python-requests" in str(self.session.headers.get("User-Agent", "")):
            self.session.headers["User-Agent"] = USER_AGENT
        self._sleep = sleep
        self._last_request = 0.0

    def iter_pages(self, query: StudyQuery, since: date | None = None, until: date | None = None) -> Iterator[dict]:
        """Yield every page of ``/studies`` for ``query``, following ``nextPageToken`` to the end.

        Raises:
            CtgovError: for a page that fails after its retries, or a token that repeats.
        """
        params = {**query.params(since, until), "pageSize": str(self.page_size), "format": "json", "countTotal": "true"}
        seen_tokens: set[str] = set()
        number, fetched, promised = 1, 0, None
        while True:
            page = self._get_json("/studies", params, f"page {number}")
            if not isinstance(page.get("studies"), list):
                raise CtgovError(f"GET /studies page {number}: response has no 'studies' list")
            promised = page.get("totalCount", promised)
            fetched += len(page["studies"])
            yield page
            token = page.get("nextPageToken")
            if not token:
                if isinstance(promised, int) and fetched < promised:
                    raise CtgovError(
                        f"GET /studies: fetched {fetched} studies over {number} pages but the API "
                        f"promised {promised} (a page came back short)"
                    )
                return
            if token in seen_tokens:
                raise CtgovError(f"GET /studies page {number}: nextPageToken {token!r} repeats (paging loop)")
            seen_tokens.add(token)
            params = {**params, "pageToken": token, "countTotal": "false"}
            number += 1

    def get_study(self, nct_id: str) -> dict:
        """Fetch one study by NCT id."""
        return self._get_json(f"/studies/{quote(nct_id)}", {"format": "json"}, nct_id)

    def _get_json(self, path: str, params: dict[str, str], what: str) -> dict:
        """GET ``path`` with retries; return the decoded JSON object."""
        url = self.base_url + path
        last_problem = "no attempt made"
        for attempt in range(self.max_retries + 1):
            if attempt:
                self._sleep(self._delay(attempt, last_problem))
            self._respect_rate_limit()
            try:
                response = self.session.get(url, params=params, timeout=self.timeout, stream=True)
            except (requests.ConnectionError, requests.Timeout) as error:
                last_problem = f"{type(error).__name__}: {error}"
                continue
            try:
                problem = self._problem_with(response)
                if problem is None:
                    return self._decode(response, what)
                last_problem = problem
                if response.status_code not in RETRY_STATUSES:
                    break
                self._retry_after = _retry_after_seconds(response.headers.get("Retry-After"))
            except _RetryableBody as error:
                last_problem = str(error)
            finally:
                response.close()
        raise CtgovError(f"GET {path} ({what}) failed after {attempt + 1} attempts: {last_problem}")

    _retry_after: float | None = None

    def _delay(self, attempt: int, problem: str) -> float:
        """Seconds to wait before retry ``attempt``: ``Retry-After`` if given, else exponential."""
        if self._retry_after is not None:
            delay, self._retry_after = self._retry_after, None
            return min(delay, self.max_backoff)
        return min(self.backoff * 2 ** (attempt - 1), self.max_backoff)

    def _respect_rate_limit(self) -> None:
        """Wait until ``min_interval`` has passed since the previous request."""
        wait = self._last_request + self.min_interval - time.monotonic()
        if wait > 0:
            self._sleep(wait)
        self._last_request = time.monotonic()

    @staticmethod
    def _problem_with(response: requests.Response) -> str | None:
        """Describe a failed response, or ``None`` for a success."""
        if response.status_code == 200:
            return None
        return f"HTTP {response.status_code} {response.reason or ''}".strip()

    @staticmethod
    def _decode(response: requests.Response, what: str) -> dict:
        """Read and decode a body, refusing oversized or invalid ones."""
        declared = int(response.headers.get("Content-Length") or 0)
        if declared > MAX_BODY_BYTES:
            raise CtgovError(f"{what}: body of {declared} bytes exceeds the {MAX_BODY_BYTES}-byte limit")
        chunks, size = [], 0
        try:
            for chunk in response.iter_content(1 << 20):
                size += len(chunk)
                if size > MAX_BODY_BYTES:
                    raise CtgovError(f"{what}: body exceeds the {MAX_BODY_BYTES}-byte limit")
                chunks.append(chunk)
        except (requests.ConnectionError, requests.exceptions.ChunkedEncodingError) as error:
            raise _RetryableBody(f"body cut off: {error}") from None
        try:
            data = json.loads(b"".join(chunks))
        except ValueError as error:
            raise _RetryableBody(f"invalid JSON body ({size} bytes): {error}") from None
        if not isinstance(data, dict):
            raise CtgovError(f"{what}: JSON body is a {type(data).__name__}, expected an object")
        return data


class _RetryableBody(Exception):
    """A body that was cut off or is not JSON: worth another attempt."""


def _retry_after_seconds(value: str | None) -> float | None:
    """Parse ``Retry-After`` (seconds or an HTTP date)."""
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        return max(0.0, parsedate_to_datetime(value).timestamp() - time.time())
    except (TypeError, ValueError):
        return None
