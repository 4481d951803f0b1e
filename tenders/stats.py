"""The tender room's figures in the network statistics (see ``collectivites/stats.py``).

* ``publishing_bodies``: distinct collectivités that published at least one tender that year as
  buyer (the coordinator, for a purchasing group).
* ``tenders_published``: tenders whose publication date falls in the year, whatever became of
  them since (a published tender that was later cancelled was published all the same).
* ``mapa_share``: the share of those tenders run as a procédure adaptée (MAPA), 0..1.
* ``dce_downloads``: lines of the registre des retraits dated that year (each download of a piece
  of a DCE, or of the whole DCE as a ZIP, identified or anonymous).
* ``dce_downloads_mapa_share``: the share of those downloads that concern a MAPA — the founding
  article's "two thirds" are of the downloads.
* ``electronic_bids`` and ``bids_without_certificate_share``: see ``selectors.bid_figures``.

Per month: ``tenders_published``, ``dce_downloads``, ``electronic_bids``. Shares are None when
there is nothing to divide (no tender, no download, no bid).
"""

from django.db.models import Count, Q
from django.db.models.functions import TruncMonth

from collectivites.stats import Figures

from .models import Download, Procedure, Tender
from .selectors import bid_figures

MAPA = Q(procedure=Procedure.MAPA)


def share(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def month_key(moment) -> str:
    return f"{moment:%Y-%m}"


def figures(*, year: int) -> Figures:
    published = Tender.objects.filter(published_at__year=year)
    totals = published.aggregate(
        tenders=Count("pk"), mapa=Count("pk", filter=MAPA), bodies=Count("buyer", distinct=True)
    )
    tender_months = (
        published.annotate(month=TruncMonth("published_at"))
        .values("month")
        .annotate(n=Count("pk"))
        .order_by("month")
    )
    download_months = list(
        Download.objects.filter(at__year=year)
        .annotate(month=TruncMonth("at"))
        .values("month")
        .annotate(n=Count("pk"), mapa=Count("pk", filter=Q(tender__procedure=Procedure.MAPA)))
        .order_by("month")
    )
    downloads = sum(row["n"] for row in download_months)
    bids = bid_figures(year=year)
    months: dict[str, dict[str, int]] = {}
    for row in tender_months:
        months.setdefault(month_key(row["month"]), {})["tenders_published"] = row["n"]
    for row in download_months:
        months.setdefault(month_key(row["month"]), {})["dce_downloads"] = row["n"]
    for month, count in bids["months"].items():
        months.setdefault(month, {})["electronic_bids"] = count
    return Figures(
        totals={
            "publishing_bodies": totals["bodies"],
            "tenders_published": totals["tenders"],
            "mapa_share": share(totals["mapa"], totals["tenders"]),
            "dce_downloads": downloads,
            "dce_downloads_mapa_share": share(
                sum(row["mapa"] for row in download_months), downloads
            ),
            "electronic_bids": bids["electronic_bids"],
            "bids_without_certificate_share": share(
                bids["without_certificate"], bids["electronic_bids"]
            ),
        },
        months=months,
        series=("tenders_published", "dce_downloads", "electronic_bids"),
    )
