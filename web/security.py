"""Security headers, CORS for configured origins, per-client rate limits, privacy-safe logging."""

from __future__ import annotations

import hashlib
import logging
import math
import time
from collections.abc import Callable

from flask import Flask, Response, g, request
from flask_cors import CORS
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from werkzeug.middleware.proxy_fix import ProxyFix

from core.settings import Settings

CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "connect-src 'self'",
        "font-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)

SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "geolocation=(), camera=(), microphone=()",
}

access_log = logging.getLogger("leeraanbod.web.access")


class _RedactClientKey(logging.Filter):
    """Flask-Limiter logs the client key (the IP address) on every refusal: drop the key."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple) and "exceeded at endpoint" in str(record.msg):
            limit, _key, endpoint = ((*record.args, None, None, None))[:3]
            record.msg = "ratelimit %s exceeded at endpoint: %s"
            record.args = (limit, endpoint)
        return True


logging.getLogger("flask-limiter").addFilter(_RedactClientKey())


def init_security(app: Flask, settings: Settings) -> None:
    if settings.web_proxy_count:
        # only behind a configured number of proxies is X-Forwarded-For believed
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=settings.web_proxy_count, x_proto=settings.web_proxy_count
        )
    origins = [o.strip() for o in settings.web_cors_origins.split(",") if o.strip()]
    if origins:
        CORS(
            app,
            resources={r"/api/*": {"origins": origins}},
            methods=["GET", "HEAD", "OPTIONS"],
            supports_credentials=False,
            max_age=600,
        )

    @app.after_request
    def _retry_after(response: Response) -> Response:
        """The one place that sets ``Retry-After`` (it runs after Flask-Limiter's headers,
        which would merge any earlier value with the window): on 429 the seconds until the
        breached limit's window resets, on 503 ``LEERAANBOD_WEB_RETRY_AFTER``, else none."""
        response.headers.pop("Retry-After", None)
        if response.status_code == 429:
            response.headers["Retry-After"] = str(_window_reset(limiter))
        elif response.status_code == 503:
            response.headers["Retry-After"] = str(settings.web_retry_after)
        return response

    app.config.setdefault("RATELIMIT_ENABLED", True)
    # one limiter per app: memory:// is per process (and per test app); a shared storage
    # (redis://…, LEERAANBOD_WEB_RATE_LIMIT_STORAGE) gives every web node one budget per client
    limiter = Limiter(
        key_func=client_key(settings.web_rate_limit_storage),
        app=app,
        application_limits=[settings.web_rate_limit],  # one budget over all routes
        storage_uri=settings.web_rate_limit_storage,
        # a shared storage that fails (Redis down) falls back to this process's memory until it
        # answers again: the site stays up, limited per node meanwhile
        in_memory_fallback_enabled=not settings.web_rate_limit_storage.startswith("memory://"),
        headers_enabled=True,
    )
    limiter.request_filter(lambda: request.endpoint == "static")

    @app.before_request
    def _start_timer() -> None:
        g.started = time.perf_counter()

    @app.after_request
    def _headers(response: Response) -> Response:
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        if request.path.startswith("/api/"):
            response.headers.setdefault("Cache-Control", "no-cache")
        # privacy: the path and status only, never the client address or user agent
        started = g.get("started")
        elapsed = (time.perf_counter() - started) * 1000 if started else 0.0
        access_log.info(
            "%s %s %s %.1fms", request.method, request.path, response.status_code, elapsed
        )
        return response


def client_key(storage_uri: str) -> Callable[[], str]:
    """The rate limit's key of a client: its address hashed (keyed BLAKE2b), so a shared
    storage such as Redis never holds addresses in clear. Every node configured with the same
    storage derives the same key, so they count one budget per client."""
    secret = hashlib.blake2b(storage_uri.encode(), digest_size=32).digest()

    def key() -> str:
        address = get_remote_address() or ""
        return hashlib.blake2b(address.encode(), key=secret, digest_size=16).hexdigest()

    return key


def _window_reset(limiter: Limiter) -> int:
    """Whole seconds (at least 1) until the window of the limit this request broke resets."""
    current = limiter.current_limit
    if current is None:
        return 1
    window = current.limit.get_expiry()  # the limit's window in seconds
    return min(window, max(1, math.ceil(current.reset_at - time.time())))
