"""Rate limits shared by web nodes through Redis (a real redis-server, scripts/redis)."""

from __future__ import annotations

from limits.storage import storage_from_string

from tests.pg import redis_url
from tests.web.conftest import CLIENT_IP, make_settings
from web import create_app


def node(catalogue_dir, url: str):
    settings = make_settings(catalogue_dir, web_rate_limit="4/minute", web_rate_limit_storage=url)
    client = create_app({"TESTING": True, "SETTINGS": settings}).test_client()
    client.environ_base["REMOTE_ADDR"] = CLIENT_IP
    return client


def test_two_nodes_on_one_redis_count_one_budget_per_client(catalogue_dir) -> None:
    url = redis_url()
    a, b = node(catalogue_dir, url), node(catalogue_dir, url)
    statuses = [c.get("/api/v1/sources").status_code for c in (a, b, a, b, a, b)]
    assert statuses == [200, 200, 200, 200, 429, 429]
    other = node(catalogue_dir, url)
    other.environ_base["REMOTE_ADDR"] = "198.51.100.9"  # another client has its own budget
    assert other.get("/api/v1/sources").status_code == 200


def test_redis_never_holds_a_client_address(catalogue_dir) -> None:
    url = redis_url()
    node(catalogue_dir, url).get("/api/v1/sources")
    storage = storage_from_string(url)
    keys = [k.decode() if isinstance(k, bytes) else k for k in storage.storage.keys("*")]
    assert keys, "the limit was not counted in Redis"
    assert not any(CLIENT_IP in k for k in keys)


def test_without_redis_each_node_limits_on_its_own_and_serves(catalogue_dir, tmp_path) -> None:
    gone = f"redis+unix://{tmp_path / 'no-such.sock'}"  # a Redis that is not there
    client = node(catalogue_dir, gone)
    statuses = [client.get("/api/v1/sources").status_code for _ in range(5)]
    assert statuses == [200, 200, 200, 200, 429]  # the same limit, in this process's memory
