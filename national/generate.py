"""The national network's data, generated in bulk (``manage.py generate_national_data``).

Counts at scale 1 are issue 14's: 35 000 collectivités, 1 000 000 tenders, 5 000 000 forum
posts, 100 000 library pages and 100 000 drafts, 2 000 000 acts, with people to read them: two
agents per collectivité (the first buys and transmits acts, the second is a plain agent) and
5 000 companies with one user each. Every count is multiplied by ``scale``.

Why not the services: they are the right way to create one object (permission checks, audit,
notifications, search index), and cost several queries each. Here rows go in with one
``INSERT`` per batch (``bulk_create``, no signals, no audit events, no search index: run
``update_index`` after), inside one transaction per batch so a run can be watched and
interrupted. Permission rows (collectivité groups, guardian grants on spaces) are written as
the services would write them, so every rule reads the generated data as it reads real data.

Deterministic: one ``random.Random(seed)`` and one fixed clock (``ANCHOR``), so two runs with
the same seed and scale make the same rows (ids aside, which the database hands out).
"""

import random
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group, Permission
from django.db import transaction

from acts.models import Act, ActNature, ActStatus, ClassificationEntry, ClassificationVersion
from collectivites.bulk import historical_dates
from collectivites.models import (
    Collectivite,
    CollectiviteGroupObjectPermission,
    Company,
    Membership,
    User,
)
from collectivites.text import fold
from forums.models import Audience, ForumPage, Post, Topic
from forums.services.forums import forum_index
from library.models import GuidePage
from library.tree import library_index
from spaces.models import Draft, SpaceGroupObjectPermission, SpaceMember, SpacePage
from spaces.services.spaces import space_index
from tenders.models import Tender

from .pages import bulk_add_children

# Everything is dated relative to this instant, not to the clock: reruns match. Published
# tenders close after it, so reading the list does not close a million of them at once.
ANCHOR = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
PASSWORD = "national-2026"  # noqa: S105 — every generated account's, for load tests (never in production)
SIREN_PREFIX = "8"  # real collectivités' SIRENs start with 2: generated ones never collide

FULL = {
    "collectivites": 35_000,
    "companies": 5_000,
    "tenders": 1_000_000,
    "forums": 40,
    "posts": 5_000_000,
    "library_pages": 100_000,
    "spaces": 5_000,
    "drafts": 100_000,
    "acts": 2_000_000,
}
AGENTS_PER_COLLECTIVITE = 2
POSTS_PER_TOPIC = 25  # on average; a few long threads, many short ones


def counts_for(scale: float) -> dict[str, int]:
    return {name: max(1, round(full * scale)) for name, full in FULL.items()}


def luhn_complete(digits: str) -> str:
    """``digits`` followed by the digit that makes the Luhn sum a multiple of 10 (SIREN)."""
    for check in "0123456789":
        candidate = digits + check
        total = 0
        for position, char in enumerate(reversed(candidate)):
            value = int(char) * (2 if position % 2 else 1)
            total += value - 9 if value > 9 else value
        if total % 10 == 0:
            return candidate
    raise AssertionError("unreachable")


def already_generated() -> bool:
    return Collectivite.objects.filter(siren=luhn_complete(f"{SIREN_PREFIX}{0:07d}")).exists()


@dataclass
class Generator:
    scale: float
    seed: int = 2026
    batch_size: int = 5_000
    progress: Callable[..., object] = lambda iterable=None, **_: iterable
    rng: random.Random = field(init=False)
    counts: dict[str, int] = field(init=False)
    created: dict[str, int] = field(default_factory=dict)

    def __post_init__(self):
        self.rng = random.Random(self.seed)  # noqa: S311 (test data, not secrets)
        self.counts = counts_for(self.scale)

    # --- helpers ------------------------------------------------------------------------------

    def _batches(self, total: int, desc: str) -> Iterable[range]:
        bar = self.progress(total=total, desc=desc, unit=" lignes", unit_scale=True)
        for start in range(0, total, self.batch_size):
            chunk = range(start, min(total, start + self.batch_size))
            yield chunk
            if hasattr(bar, "update"):
                bar.update(len(chunk))
        if hasattr(bar, "close"):
            bar.close()
        self.created[desc] = self.created.get(desc, 0) + total

    def _moment(self, days_back: int) -> datetime:
        return ANCHOR - timedelta(days=self.rng.uniform(0, days_back))

    # --- steps --------------------------------------------------------------------------------

    def run(self) -> dict[str, int]:
        with historical_dates(User, Company, Membership, Tender, Topic, Post, Draft, Act):
            self.collectivites_and_people()
            self.tenders()
            self.forums()
            self.library()
            self.spaces_and_drafts()
            self.acts()
        return self.created

    def collectivites_and_people(self) -> None:
        n = self.counts["collectivites"]
        kinds = [k for k, _ in Collectivite.Kind.choices]
        weights = [80, 10, 1, 1, 5, 3]
        departements = [f"{d:02d}" for d in range(1, 96) if d != 20] + ["2A", "2B"]
        view_members = Permission.objects.get(
            content_type__app_label="collectivites", codename="view_members"
        )
        password = make_password(PASSWORD)  # one hash for all: hashing 70 000 takes hours
        self.collectivite_ids: list[int] = []
        self.group_ids: list[int] = []
        self.buyer_user_ids: list[int] = []  # the first agent of each, index for index
        self.agent_user_ids: list[int] = []
        through = User.groups.through
        for chunk in self._batches(n, "collectivités"):
            with transaction.atomic():
                sirens = [luhn_complete(f"{SIREN_PREFIX}{i:07d}") for i in chunk]
                groups = Group.objects.bulk_create(
                    [Group(name=f"collectivite:{siren}") for siren in sirens]
                )
                bodies = []
                for i, siren, group in zip(chunk, sirens, groups, strict=True):
                    kind = self.rng.choices(kinds, weights)[0]
                    name = f"{Collectivite.Kind(kind).label} n° {i + 1}"
                    bodies.append(
                        Collectivite(
                            name=name,
                            search_name=fold(name),
                            kind=kind,
                            siren=siren,
                            departement_code=self.rng.choice(departements),
                            adhesion_date=date(2005, 1, 1)
                            + timedelta(days=self.rng.randrange(7000)),
                            group=group,
                        )
                    )
                bodies = Collectivite.objects.bulk_create(bodies)
                CollectiviteGroupObjectPermission.objects.bulk_create(
                    CollectiviteGroupObjectPermission(
                        permission=view_members, group_id=c.group_id, content_object=c
                    )
                    for c in bodies
                )
                users = User.objects.bulk_create(
                    User(
                        username=f"agent{i}-{k}",
                        email=f"agent{i}-{k}@collectivite.example",
                        first_name="Agent",
                        last_name=f"{i}-{k}",
                        password=password,
                        date_joined=ANCHOR,
                    )
                    for i in chunk
                    for k in range(AGENTS_PER_COLLECTIVITE)
                )
                memberships, links = [], []
                for index, body in enumerate(bodies):
                    pair = users[
                        index * AGENTS_PER_COLLECTIVITE : (index + 1) * AGENTS_PER_COLLECTIVITE
                    ]
                    for k, user in enumerate(pair):
                        first = k == 0
                        memberships.append(
                            Membership(
                                user=user,
                                collectivite=body,
                                role=Membership.Role.REFERENT if first else Membership.Role.AGENT,
                                is_buyer=first,
                                is_act_officer=first,
                                created_at=ANCHOR,
                            )
                        )
                        links.append(through(user_id=user.pk, group_id=body.group_id))
                    self.buyer_user_ids.append(pair[0].pk)
                    self.agent_user_ids.append(pair[-1].pk)
                Membership.objects.bulk_create(memberships)
                through.objects.bulk_create(links)
                self.collectivite_ids.extend(c.pk for c in bodies)
                self.group_ids.extend(c.group_id for c in bodies)
        companies = self.counts["companies"]
        self.company_user_ids: list[int] = []
        for chunk in self._batches(companies, "entreprises"):
            with transaction.atomic():
                stored = Company.objects.bulk_create(
                    Company(
                        name=f"Entreprise {i + 1}",
                        siret=luhn_complete(f"7{i:012d}"),
                        created_at=ANCHOR,
                    )
                    for i in chunk
                )
                users = User.objects.bulk_create(
                    User(
                        username=f"entreprise{i}",
                        email=f"contact{i}@entreprise.example",
                        password=password,
                        company=company,
                        date_joined=ANCHOR,
                    )
                    for i, company in zip(chunk, stored, strict=True)
                )
                self.company_user_ids.extend(u.pk for u in users)

    def tenders(self) -> None:
        statuses = [
            (Tender.Status.PUBLISHED, 15),
            (Tender.Status.CLOSED, 10),
            (Tender.Status.AWARDED, 55),
            (Tender.Status.UNSUCCESSFUL, 5),
            (Tender.Status.CANCELLED, 5),
            (Tender.Status.DRAFT, 10),
        ]
        names, weights = zip(*statuses, strict=True)
        procedures = [
            p for p, _ in Tender.Procedure.choices if p != Tender.Procedure.WITHOUT_PUBLICITY
        ]
        natures = [n for n, _ in Tender.Nature.choices]
        words = [
            "voirie",
            "restauration scolaire",
            "entretien des espaces verts",
            "maîtrise d'œuvre",
            "fournitures de bureau",
            "nettoyage des locaux",
            "assurance",
            "éclairage public",
            "transport scolaire",
            "informatique",
            "rénovation énergétique",
            "déneigement",
        ]
        ncoll = len(self.collectivite_ids)
        for chunk in self._batches(self.counts["tenders"], "consultations"):
            rows = []
            for i in chunk:
                index = self.rng.randrange(ncoll)
                status = self.rng.choices(names, weights)[0]
                created = self._moment(3650)
                published = None if status == Tender.Status.DRAFT else created + timedelta(days=2)
                if status == Tender.Status.PUBLISHED:
                    created = ANCHOR - timedelta(days=self.rng.uniform(0, 30))
                    published = created + timedelta(hours=1)
                    deadline = ANCHOR + timedelta(days=self.rng.uniform(365, 730))
                elif status == Tender.Status.DRAFT:
                    deadline = None
                else:
                    deadline = published + timedelta(days=self.rng.randint(15, 60))
                subject = self.rng.choice(words)
                title = f"Marché de {subject} n° {i + 1}"
                value = Decimal(self.rng.randrange(4_000, 5_000_000))
                rows.append(
                    Tender(
                        reference=f"N{i + 1:07d}",
                        title=title,
                        object=f"Consultation relative à {subject}.",
                        buyer_id=self.collectivite_ids[index],
                        procedure=self.rng.choice(procedures),
                        nature=self.rng.choice(natures),
                        cpv_codes=[],
                        estimated_value=value,
                        published_at=published,
                        response_deadline=deadline,
                        status=status,
                        created_by_id=self.buyer_user_ids[index],
                        created_at=created,
                        updated_at=published or created,
                        search_text=fold(f"N{i + 1:07d} {title} {subject}"),
                    )
                )
            with transaction.atomic():
                Tender.objects.bulk_create(rows)

    def forums(self) -> None:
        index = forum_index()
        forums = []
        for f in range(self.counts["forums"]):
            forums.append(
                index.add_child(
                    instance=ForumPage(
                        title=f"Forum national {f + 1}",
                        slug=f"forum-national-{f + 1}",
                        visibility=Audience.PUBLIC if f % 4 == 0 else Audience.NETWORK,
                        posting=Audience.NETWORK,
                    )
                )
            )
        self.created["forums"] = len(forums)
        authors = self.buyer_user_ids + self.agent_user_ids
        posts_total = self.counts["posts"]
        topic_count = max(1, posts_total // POSTS_PER_TOPIC)
        # Topic sizes: geometric-ish, at least one post (the question); exactly posts_total.
        sizes = [1] * topic_count
        for _ in range(posts_total - topic_count):
            sizes[min(int(self.rng.expovariate(1 / (topic_count / 4))), topic_count - 1)] += 1
        topic_ids: list[int] = []
        starts: list[datetime] = []
        for chunk in self._batches(topic_count, "sujets"):
            rows = []
            for t in chunk:
                start = self._moment(2000)
                starts.append(start)
                rows.append(
                    Topic(
                        forum=forums[t % len(forums)],
                        title=f"Question n° {t + 1} sur la commande publique",
                        author_id=self.rng.choice(authors),
                        created_at=start,
                        last_post_at=start + timedelta(hours=sizes[t]),
                        reply_count=sizes[t] - 1,
                    )
                )
            with transaction.atomic():
                topic_ids.extend(t.pk for t in Topic.objects.bulk_create(rows))
        plan = ((t, k) for t in range(topic_count) for k in range(sizes[t]))
        for chunk in self._batches(posts_total, "messages"):
            rows = []
            for _, (t, k) in zip(chunk, plan, strict=False):
                body = f"Message {k + 1} du sujet {t + 1} : retour d'expérience de la collectivité."
                rows.append(
                    Post(
                        topic_id=topic_ids[t],
                        author_id=self.rng.choice(authors),
                        body=body,
                        html=f"<p>{body}</p>",
                        is_first=k == 0,
                        created_at=starts[t] + timedelta(hours=k),
                    )
                )
            with transaction.atomic():
                Post.objects.bulk_create(rows)

    def library(self) -> None:
        themes = [t for t, _ in GuidePage._meta.get_field("theme").choices]
        parent = library_index()

        def build(i: int) -> GuidePage:
            published = self._moment(3650)
            return GuidePage(
                title=f"Guide pratique n° {i + 1}",
                slug=f"guide-national-{i + 1}",
                summary="Ce que chaque collectivité doit savoir, en deux paragraphes.",
                theme=self.rng.choice(themes),
                body=[("paragraph", f"<p>Contenu du guide {i + 1}.</p>")],
                last_reviewed_on=published.date(),
                first_published_at=published,
                last_published_at=published,
            )

        total = self.counts["library_pages"]
        bar = self.progress(total=total, desc="pages de la base", unit=" pages", unit_scale=True)
        for pages in bulk_add_children(
            parent, GuidePage, total, build, rng=self.rng, batch_size=self.batch_size
        ):
            if hasattr(bar, "update"):
                bar.update(len(pages))
        if hasattr(bar, "close"):
            bar.close()
        self.created["pages de la base"] = total

    def spaces_and_drafts(self) -> None:
        parent = space_index()
        read = Permission.objects.get(content_type__app_label="spaces", codename="read_space")
        edit = Permission.objects.get(content_type__app_label="spaces", codename="edit_space")
        ncoll = len(self.collectivite_ids)
        space_ids: list[int] = []
        space_members: dict[int, list[int]] = {}
        total = self.counts["spaces"]

        def build(i: int) -> SpacePage:
            return SpacePage(
                title=f"Espace de rédaction n° {i + 1}",
                slug=f"espace-national-{i + 1}",
                first_published_at=ANCHOR,
                last_published_at=ANCHOR,
            )

        bar = self.progress(total=total, desc="espaces", unit=" espaces", unit_scale=True)
        for pages in bulk_add_children(
            parent, SpacePage, total, build, rng=self.rng, batch_size=self.batch_size
        ):
            members, grants = [], []
            for page in pages:
                chosen = sorted(self.rng.sample(range(ncoll), min(ncoll, 3)))
                space_members[page.pk] = chosen
                space_ids.append(page.pk)
                for index in chosen:
                    collectivite_id = self.collectivite_ids[index]
                    members.append(
                        SpaceMember(
                            space_id=page.pk,
                            collectivite_id=collectivite_id,
                            role=SpaceMember.Role.EDITOR,
                        )
                    )
                    group_id = self.group_ids[index]
                    for permission in (read, edit):
                        grants.append(
                            SpaceGroupObjectPermission(
                                permission=permission, group_id=group_id, content_object_id=page.pk
                            )
                        )
            with transaction.atomic():
                SpaceMember.objects.bulk_create(members)
                SpaceGroupObjectPermission.objects.bulk_create(grants)
            if hasattr(bar, "update"):
                bar.update(len(pages))
        if hasattr(bar, "close"):
            bar.close()
        self.created["espaces"] = total
        for chunk in self._batches(self.counts["drafts"], "brouillons"):
            rows = []
            for i in chunk:
                space = space_ids[i % len(space_ids)]
                author = self.buyer_user_ids[self.rng.choice(space_members[space])]
                updated = self._moment(1000)
                text = f"# CCTP n° {i + 1}\n\nArticle 1 — Objet du marché.\n"
                rows.append(
                    Draft(
                        space_id=space,
                        title=f"CCTP n° {i + 1}",
                        markdown=text,
                        html=f"<h1>CCTP n° {i + 1}</h1><p>Article 1 — Objet du marché.</p>",
                        created_by_id=author,
                        updated_by_id=author,
                        created_at=updated - timedelta(days=3),
                        updated_at=updated,
                    )
                )
            with transaction.atomic():
                Draft.objects.bulk_create(rows)

    def acts(self) -> None:
        version = ClassificationVersion.objects.order_by("-version_date").first()
        codes = list(
            ClassificationEntry.objects.filter(version=version).values_list("code", flat=True)
        ) or ["1.1"]
        natures = list(ActNature.values)
        statuses = [
            (ActStatus.ACKNOWLEDGED, 90),
            (ActStatus.TRANSMITTED, 4),
            (ActStatus.POSTED, 3),
            (ActStatus.ERROR, 1),
            (ActStatus.CANCELLED, 2),
        ]
        names, weights = zip(*statuses, strict=True)
        ncoll = len(self.collectivite_ids)
        numbers: dict[int, int] = {}
        for chunk in self._batches(self.counts["acts"], "actes"):
            rows = []
            for _ in chunk:
                index = self.rng.randrange(ncoll)
                number = numbers[index] = numbers.get(index, 0) + 1
                decided = self._moment(3650)
                status = self.rng.choices(names, weights)[0]
                sent = status in (
                    ActStatus.ACKNOWLEDGED,
                    ActStatus.TRANSMITTED,
                    ActStatus.CANCELLED,
                )
                rows.append(
                    Act(
                        collectivite_id=self.collectivite_ids[index],
                        nature=self.rng.choice(natures),
                        classification_version=version,
                        classification_code=self.rng.choice(codes),
                        decision_date=decided.date(),
                        number=f"D{number:06d}",
                        object=f"Délibération n° {number} relative au budget",
                        document_type="99_DE",
                        status=status,
                        identifier=uuid.UUID(int=self.rng.getrandbits(128)).hex if sent else "",
                        created_by_id=self.buyer_user_ids[index],
                        created_at=decided + timedelta(days=1),
                        transmitted_at=decided + timedelta(days=1, hours=1) if sent else None,
                        received_on=(decided + timedelta(days=2)).date() if sent else None,
                    )
                )
            with transaction.atomic():
                Act.objects.bulk_create(rows)
