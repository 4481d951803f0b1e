"""Production settings pass the deployment checklist; settings come from the environment."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run_manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    base = {
        k: v
        for k, v in os.environ.items()
        # The browser tests set DJANGO_ALLOW_ASYNC_UNSAFE; production never does.
        if k
        not in {
            "DEBUG",
            "SECRET_KEY",
            "DATABASE_URL",
            "REDIS_URL",
            "SEARCH_BACKEND",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
        }
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_reports_nothing_with_production_settings(tmp_path):
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "DEBUG",
        env={
            "SECRET_KEY": "a-long-random-production-secret-" + "x7#Kq9!" * 8,
            "ALLOWED_HOSTS": "e-partage.example.bzh",
            "DATA_DIR": str(tmp_path),
            "BIDS_MASTER_KEY": "c2VhbGVkLWJpZHMtbWFzdGVyLWtleS0zMi1ieXRlcyE",
        },
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_check_deploy_requires_a_bids_master_key(tmp_path):
    result = run_manage(
        "check",
        "--deploy",
        env={
            "SECRET_KEY": "a-long-random-production-secret-" + "x7#Kq9!" * 8,
            "ALLOWED_HOSTS": "e-partage.example.bzh",
            "DATA_DIR": str(tmp_path),
        },
    )
    assert result.returncode != 0
    assert "tenders.E001" in result.stderr + result.stdout


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    result = run_manage("check", env={"DATA_DIR": str(tmp_path)})
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_settings_follow_the_environment(tmp_path):
    code = (
        "from django.conf import settings as s;"
        "print(s.DATABASES['default']['ENGINE'], s.CHANNEL_LAYERS['default']['BACKEND'],"
        " s.LANGUAGE_CODE, s.TIME_ZONE, s.USE_TZ, s.DEBUG, s.MEDIA_ROOT)"
    )
    embedded = run_manage("shell", "-c", code, env={"DEBUG": "1", "DATA_DIR": str(tmp_path)})
    assert embedded.stdout.splitlines()[-1].split() == [
        "django.db.backends.sqlite3",
        "channels.layers.InMemoryChannelLayer",
        "fr",
        "Europe/Paris",
        "True",
        "True",
        str(tmp_path / "media"),
    ]
    scaled = run_manage(
        "shell",
        "-c",
        code,
        env={
            "SECRET_KEY": "s" * 60,
            "DATA_DIR": str(tmp_path),
            "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/e_partage",
            "REDIS_URL": "redis://127.0.0.1:6379/3",
        },
    )
    assert scaled.stdout.splitlines()[-1].split()[:2] == [
        "django.db.backends.postgresql",
        "channels_redis.pubsub.RedisPubSubChannelLayer",
    ]
