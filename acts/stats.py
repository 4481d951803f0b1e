"""The acts' figures in the network statistics (see ``collectivites/stats.py``).

* ``acts_transmitted``: acts handed over to the prefecture that year (their transmission
  date), whatever became of them since.
* ``act_transmitting_bodies``: distinct collectivités that transmitted at least one of them.
Per month: ``acts_transmitted``.
"""

from django.db.models import Count
from django.db.models.functions import TruncMonth

from collectivites.stats import Figures

from .models import Act


def figures(*, year: int) -> Figures:
    transmitted = Act.objects.filter(transmitted_at__year=year)
    totals = transmitted.aggregate(acts=Count("pk"), bodies=Count("collectivite", distinct=True))
    months = (
        transmitted.annotate(month=TruncMonth("transmitted_at"))
        .values("month")
        .annotate(n=Count("pk"))
        .order_by("month")
    )
    return Figures(
        totals={"acts_transmitted": totals["acts"], "act_transmitting_bodies": totals["bodies"]},
        months={f"{row['month']:%Y-%m}": {"acts_transmitted": row["n"]} for row in months},
        series=("acts_transmitted",),
    )
