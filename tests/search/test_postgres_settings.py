"""``SEARCH_BACKEND=postgres`` refuses to start on anything but PostgreSQL, and says why."""

import os
import subprocess
import sys

import pytest
from django.conf import settings


def start_settings(**environ):
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "SECRET_KEY": "test-only-secret",
            **environ,
        },
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize(
    ("environ", "message"),
    [
        (
            {"SEARCH_BACKEND": "postgres", "DATABASE_URL": "sqlite:////tmp/x.sqlite3"},
            "SEARCH_BACKEND=postgres needs DATABASE_URL to point to PostgreSQL",
        ),
        ({"SEARCH_BACKEND": "elasticsearch"}, "SEARCH_BACKEND must be 'whoosh' or 'postgres'"),
    ],
)
def test_a_backend_the_database_cannot_serve_is_refused_at_start(environ, message):
    started = start_settings(**environ)
    assert started.returncode != 0
    assert "ImproperlyConfigured" in started.stderr
    assert message in started.stderr
