"""One JSON call to Elasticsearch 8/9 or OpenSearch 2/3, whichever answers.

The ``elasticsearch`` client refuses servers that are not Elasticsearch (its product check), so
OpenSearch goes through ``opensearch-py``. Both hide behind ``Adapter``: ``request`` (one JSON
call), ``bulk`` and ``close``; everything else is plain JSON (``index.opensearch.dsl`` and
``index.opensearch.mapping``). A call the server does not answer in time, or a server that is
down, raises ``SearchUnavailable``; an error answer raises ``EngineError`` with its status.
"""

from __future__ import annotations

import json
import urllib.request
from typing import Any, Protocol

from index.base import SearchUnavailable

DEFAULT_TIMEOUT = 2.0


class EngineError(RuntimeError):
    def __init__(self, status: int, body: Any) -> None:
        super().__init__(f"engine answered {status}: {str(body)[:300]}")
        self.status = status
        self.body = body


class Adapter(Protocol):
    @property
    def kind(self) -> str: ...

    @property
    def timeout(self) -> float:
        """Seconds a call may take unless it is given its own ``timeout``."""
        ...

    def request(
        self,
        method: str,
        path: str,
        body: Any = None,
        params: dict | None = None,
        timeout: float | None = None,
    ) -> Any: ...

    def bulk(self, operations: list[dict], timeout: float) -> dict: ...

    def close(self) -> None: ...


class OpenSearchAdapter:
    kind = "opensearch"

    def __init__(self, url: str, timeout: float) -> None:
        from opensearchpy import OpenSearch

        self.timeout = timeout
        self.client = OpenSearch(
            hosts=[url], timeout=timeout, max_retries=0, retry_on_timeout=False
        )

    def request(
        self,
        method: str,
        path: str,
        body: Any = None,
        params: dict | None = None,
        timeout: float | None = None,
    ) -> Any:
        from opensearchpy import exceptions as ex

        try:
            return self.client.transport.perform_request(
                method, path, params=params or {}, body=body, timeout=timeout or self.timeout
            )
        except ex.ConnectionError as exc:  # includes ConnectionTimeout
            raise SearchUnavailable(f"OpenSearch unreachable: {exc}") from exc
        except ex.TransportError as exc:
            status = exc.status_code if isinstance(exc.status_code, int) else 503
            raise EngineError(status, exc.info) from exc

    def bulk(self, operations: list[dict], timeout: float) -> dict:
        return self.request(
            "POST",
            "/_bulk",
            body="\n".join(json.dumps(op) for op in operations) + "\n",
            timeout=timeout,
        )

    def close(self) -> None:
        self.client.close()


class ElasticsearchAdapter:
    kind = "elasticsearch"

    def __init__(self, url: str, timeout: float) -> None:
        from elasticsearch import Elasticsearch

        self.timeout = timeout
        self.client = Elasticsearch(url, request_timeout=timeout, max_retries=0)

    def request(
        self,
        method: str,
        path: str,
        body: Any = None,
        params: dict | None = None,
        timeout: float | None = None,
    ) -> Any:
        import elastic_transport
        from elasticsearch import ApiError

        headers = {"accept": "application/json"}
        if body is not None:
            headers["content-type"] = "application/json"
        try:
            client = self.client.options(request_timeout=timeout or self.timeout)
            return client.perform_request(
                method, path, params=params or {}, headers=headers, body=body
            ).body
        except elastic_transport.TransportError as exc:
            raise SearchUnavailable(f"Elasticsearch unreachable: {exc}") from exc
        except ApiError as exc:
            raise EngineError(exc.meta.status, exc.body) from exc

    def bulk(self, operations: list[dict], timeout: float) -> dict:
        import elastic_transport
        from elasticsearch import ApiError

        try:
            client = self.client.options(request_timeout=timeout)
            return client.bulk(operations=operations).body
        except elastic_transport.TransportError as exc:
            raise SearchUnavailable(f"Elasticsearch unreachable: {exc}") from exc
        except ApiError as exc:
            raise EngineError(exc.meta.status, exc.body) from exc

    def close(self) -> None:
        self.client.close()


def detect_kind(url: str, timeout: float) -> str:
    """'opensearch' or 'elasticsearch', from the server's root response."""
    try:
        with urllib.request.urlopen(url.rstrip("/") + "/", timeout=timeout) as response:  # noqa: S310
            root = json.load(response)
    except OSError as exc:
        raise SearchUnavailable(f"search engine unreachable at {url}: {exc}") from exc
    distribution = root.get("version", {}).get("distribution", "elasticsearch")
    return "opensearch" if distribution == "opensearch" else "elasticsearch"


class DetectingAdapter:
    """Reads the server's kind from its root response on first use (and again after a
    failure), so an application can start while the server is still down."""

    def __init__(self, url: str, timeout: float) -> None:
        self.url, self.timeout = url, timeout
        self._inner: Adapter | None = None

    def _adapter(self) -> Adapter:
        if self._inner is None:
            self._inner = make_adapter(self.url, detect_kind(self.url, self.timeout), self.timeout)
        return self._inner

    @property
    def kind(self) -> str:
        return self._inner.kind if self._inner else "auto"  # not detected yet

    def request(
        self,
        method: str,
        path: str,
        body: Any = None,
        params: dict | None = None,
        timeout: float | None = None,
    ) -> Any:
        return self._adapter().request(method, path, body, params=params, timeout=timeout)

    def bulk(self, operations: list[dict], timeout: float) -> dict:
        return self._adapter().bulk(operations, timeout)

    def close(self) -> None:
        if self._inner is not None:
            self._inner.close()


def make_adapter(url: str, kind: str | None, timeout: float) -> Adapter:
    if kind is None:
        return DetectingAdapter(url, timeout)
    if kind == "opensearch":
        return OpenSearchAdapter(url, timeout)
    if kind == "elasticsearch":
        return ElasticsearchAdapter(url, timeout)
    raise ValueError(f"unknown search engine kind {kind!r}")
