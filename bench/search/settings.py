"""The platform's settings plus the bench-only app (its table is created by measure.py)."""

from config.settings import *  # noqa: F403
from config.settings import INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "bench.search"]
