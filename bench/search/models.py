"""The benchmark's documents: the shape of what the platform indexes, bulk-loadable.

Why not a platform model: the domain models' ``search_fields`` (posts, drafts, tenders, acts) are
being written on other branches of issue 13, and library pages are multi-table-inheritance Wagtail
pages (a tree, no ``bulk_create``) whose only indexed text on this branch is the title. This model
has what they will have: a boosted title, a body, an autocomplete field and the permission filter
fields (visibility, owning collectivité).
"""

from django.db import models
from modelsearch import index


class BenchDocument(index.Indexed, models.Model):
    title = models.CharField(max_length=255)
    body = models.TextField()
    public = models.BooleanField(default=False)
    collectivite_id = models.IntegerField(db_index=True)

    search_fields = [
        index.SearchField("title", boost=2),
        index.SearchField("body"),
        index.AutocompleteField("title"),
        index.FilterField("public"),
        index.FilterField("collectivite_id"),
    ]

    class Meta:
        app_label = "bench_search"

    def __str__(self):
        return self.title
