"""The Docker image and the compose stack, checked without Docker: the Dockerfile installs the
package from pyproject.toml, and docker-compose.yml is a well-formed stack whose crawler job
and web app load the bundled taxonomy. Where `docker compose` exists it validates the file."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = ROOT / "docker-compose.yml"
PACKAGES = sorted(p.name for p in ROOT.iterdir() if (p / "__init__.py").is_file())


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))


def test_the_dockerfile_builds_the_package_from_pyproject() -> None:
    text = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    instructions = [line.strip() for line in text.splitlines() if line.strip()[:1].isalpha()]
    copies = [line for line in instructions if line.startswith("COPY")]
    # no hand-kept list of package folders: the checkout goes in, a wheel comes out
    for package in PACKAGES:
        assert not any(re.search(rf"\b{package}\b", line) for line in copies), (package, copies)
    assert "COPY . ." in copies
    assert any("pip wheel" in line for line in instructions)
    assert any("pip install /wheels/" in line for line in instructions)
    cmd = next(line for line in instructions if line.startswith("CMD"))
    assert "leeraanbod init" in cmd and "leeraanbod serve" in cmd
    ignored = (ROOT / ".dockerignore").read_text(encoding="utf-8").split()
    assert {"var", ".venv", ".git"} <= set(ignored)
    assert not set(PACKAGES) & set(ignored)


def test_compose_services_and_references(compose: dict) -> None:
    services = compose["services"]
    assert set(services) == {"elasticsearch", "opensearch", "web", "scheduler", "crawler"} | set(
        STACK
    )
    for name in ("web", "scheduler", "crawler", *NODES):
        service = services[name]
        assert service["build"] == "." and service["image"] == "leeraanbod:latest"
        assert service["environment"]["LEERAANBOD_DATA_DIR"] == "/data"
        assert "LEERAANBOD_TAXONOMY_DIR" not in service["environment"]
        assert set(service["depends_on"]) <= set(services)
        assert all("shared" not in str(volume) for volume in service["volumes"])
    mounts = {str(v).split(":")[0] for s in services.values() for v in s.get("volumes", [])}
    named = {m for m in mounts if not m.startswith((".", "/"))}  # not the bind mounts
    assert all((ROOT / m).is_file() for m in mounts - named)
    assert named <= set(compose["volumes"])
    for service in services.values():
        for port in service.get("ports", []):
            assert str(port).startswith("127.0.0.1:"), port
    assert services["crawler"]["profiles"] == ["crawl"]


NODES = ("web-1", "web-2", "scheduler-stack", "crawler-stack")
STACK = ("postgres", "redis", "proxy", *NODES)


def test_the_stack_profile_shares_one_store_one_index_and_one_limit(compose: dict) -> None:
    services = compose["services"]
    for name in STACK:
        assert services[name]["profiles"] in (["stack"], ["stack-crawl"]), name
    assert "stack" in services["opensearch"]["profiles"]
    for name in NODES:
        env = services[name]["environment"]
        assert env["LEERAANBOD_DATABASE_URL"].startswith(
            "postgresql://leeraanbod:${POSTGRES_PASSWORD"
        )
        assert env["LEERAANBOD_WEB_RATE_LIMIT_STORAGE"] == "redis://redis:6379/0"
        assert env["LEERAANBOD_SEARCH_URL"] == "http://opensearch:9200"
        assert env["LEERAANBOD_WEB_PROXY_COUNT"] == "1"
        assert {"postgres", "redis", "opensearch"} <= set(services[name]["depends_on"])
    caddy = (ROOT / "deploy" / "Caddyfile").read_text(encoding="utf-8")
    assert "web-1:8080" in caddy and "web-2:8080" in caddy
    # the web nodes and the plain stack's services never start together
    assert "stack" not in services["web"]["profiles"]
    assert "stack" not in services["scheduler"]["profiles"]


def test_the_scheduler_loads_the_bundled_taxonomy_before_crawling(compose: dict) -> None:
    command = compose["services"]["scheduler"]["command"]
    script = command[-1] if isinstance(command, list) else command
    assert script.index("leeraanbod init") < script.index("leeraanbod schedule")


def test_the_crawler_job_loads_the_bundled_taxonomy_before_crawling(compose: dict) -> None:
    command = compose["services"]["crawler"]["command"]
    script = command[-1] if isinstance(command, list) else command
    steps = [step.strip() for step in script.split(";")]
    assert steps[0].startswith("leeraanbod init")  # loads the bundled ESCO snapshot
    assert script.index("leeraanbod init") < script.index("crawl --all")
    assert script.index("crawl --all") < script.index("index rebuild")


def test_docker_compose_config_where_docker_compose_exists() -> None:
    docker = shutil.which("docker")
    if docker is None:
        pytest.skip("no docker here: the structure tests above stand in for it")
    probe = subprocess.run([docker, "compose", "version"], capture_output=True, check=False)
    if probe.returncode != 0:
        pytest.skip("docker has no compose plugin here: the structure tests stand in for it")
    result = subprocess.run(
        [docker, "compose", "-f", str(COMPOSE), "config", "--quiet"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
