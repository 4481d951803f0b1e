"""Network statistics: yearly figures gathered from every app that publishes some.

Each local app (a top-level package of this repository, as for ``seed_demo``) may ship a
``stats`` module with ``figures(*, year) -> Figures``: yearly totals, and per-month counts keyed
``"YYYY-MM"``. ``network_figures`` merges them; a new module (the acts, later) adds its figures
by adding its ``stats.py``, nothing else. Providers answer with aggregate queries, a fixed number
each whatever the volume.

Years are civil years in the platform's time zone (Europe/Paris).
"""

import importlib
import importlib.util
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path

from django.apps import apps
from django.conf import settings

from .models import Collectivite

Number = int | float


@dataclass
class Figures:
    totals: dict[str, Number] = field(default_factory=dict)
    months: dict[str, dict[str, int]] = field(default_factory=dict)  # "YYYY-MM" -> counts
    # Names of the per-month series, so that months without activity show zeros.
    series: tuple[str, ...] = ()


def figures(*, year: int) -> Figures:
    """``member_bodies``: collectivités active today whose adhesion date is on or before the
    31st of December of ``year`` (the platform does not keep a history of departures)."""
    members = Collectivite.objects.filter(
        is_active=True, adhesion_date__lte=date(year, 12, 31)
    ).count()
    return Figures(totals={"member_bodies": members})


@cache
def providers() -> tuple[Callable[..., Figures], ...]:
    repository = Path(settings.BASE_DIR).resolve()
    found = []
    for config in apps.get_app_configs():
        if Path(config.path).resolve().parent != repository:
            continue
        if importlib.util.find_spec(f"{config.name}.stats") is None:
            continue
        provider = getattr(importlib.import_module(f"{config.name}.stats"), "figures", None)
        if provider is not None:
            found.append(provider)
    return tuple(found)


def network_figures(*, year: int) -> dict:
    """Every provider's totals, then ``months``: twelve entries, one per month of the year."""
    totals: dict[str, Number] = {}
    series: list[str] = []
    by_month: dict[str, dict[str, int]] = {f"{year}-{m:02d}": {} for m in range(1, 13)}
    for provider in providers():
        result = provider(year=year)
        totals.update(result.totals)
        series += [name for name in result.series if name not in series]
        for month, counts in result.months.items():
            by_month.setdefault(month, {}).update(counts)
    months = [
        {"month": month, **{name: counts.get(name, 0) for name in series}}
        for month, counts in sorted(by_month.items())
    ]
    return {"year": year, **totals, "months": months}
