"""Shared fixtures: platform set-up, people in each role, API clients."""

import asyncio
import gc
import inspect
import os
import secrets

import pytest
from asgiref.sync import sync_to_async
from channels.layers import DEFAULT_CHANNEL_LAYER, channel_layers, get_channel_layer
from django.core.cache import cache
from django.db import connections
from rest_framework.test import APIClient

from collectivites.roles import PlatformRole
from collectivites.services import platform_role_grant
from collectivites.setup import platform_setup

from .factories import CollectiviteFactory, CompanyFactory, MembershipFactory, UserFactory

os.environ.setdefault("SECRET_KEY", "test-only-secret")
# Tasks run where they are enqueued, also outside a test's own settings (below); tests/tasks/
# drives the database queue and its real worker.
os.environ.setdefault("TASKS_BACKEND", "immediate")


def pytest_configure(config) -> None:
    """The channel layer's and the cache's Redis keys get a prefix of this run's own.

    Two runs on one Redis database at once (or a run beside a development server) would
    otherwise deliver group messages to each other's consumers, and each test's layer
    ``flush()`` and cache ``clear()`` (``FLUSHDB`` in Django's Redis cache: see
    ``tests/redis_cache.py``) would delete the other's groups and counters. pytest-django has
    loaded the settings before this file, so they are set here, and in the environment that
    the server processes tests start inherit (config/settings.py reads both variables).
    """
    from django.conf import settings

    prefix = f"test-{os.getpid()}-{secrets.token_hex(4)}"
    os.environ["CHANNEL_LAYER_PREFIX"] = os.environ["CACHE_KEY_PREFIX"] = prefix
    settings.CHANNEL_LAYER_PREFIX = settings.CACHE_KEY_PREFIX = prefix
    for layer in settings.CHANNEL_LAYERS.values():
        if layer["BACKEND"].startswith("channels_redis."):
            layer["CONFIG"]["prefix"] = prefix
    for cache_settings in settings.CACHES.values():
        if cache_settings["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
            cache_settings["BACKEND"] = "tests.redis_cache.RunRedisCache"
            cache_settings["KEY_PREFIX"] = prefix


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix, tmp_path_factory):
    """On SQLite, the test database is a file in pytest's temporary directory, not memory.

    The browser tests of co-editing run an ASGI server (HTTP and WebSocket) in a thread of the
    test process; its threads open their own connections. An in-memory database belongs to one
    connection (shared-cache memory databases fail with "database table is locked" as soon as
    two threads write), while a file in WAL mode is what production runs. PostgreSQL needs
    nothing: every connection sees the same test database.
    """
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.sqlite3":
        test = database.setdefault("TEST", {})
        if not test.get("NAME"):  # Django fills in TEST["NAME"] = None
            test["NAME"] = str(tmp_path_factory.mktemp("db") / "test.sqlite3")


@pytest.fixture(autouse=True, scope="session")
def _sync_thread_connections_closed_before_the_test_database_goes(
    django_db_setup, django_db_blocker
):
    """Connections that nobody closes kept the test database from being dropped at the end of
    a PostgreSQL run ("being accessed by other users"):

    - async tests' ``sync_to_async`` calls (and Channels' ``database_sync_to_async``) run on
      asgiref's one sync thread, whose connection lives as long as the thread;
    - ``asyncio.to_thread`` and ``thread_sensitive=False`` calls run on each test's executor
      threads; the thread ends with its event loop, but its Django connection, held in a
      reference cycle, closes only when the garbage collector frees it (3 of 5 sessions left
      after tests/spaces/ws, seen in ``pg_stat_activity``).
    """
    yield
    with django_db_blocker.unblock():
        asyncio.run(sync_to_async(connections.close_all)())
    gc.collect()


@pytest.fixture(autouse=True, scope="session")
def _whoosh_segment_names_not_from_the_seeded_random():
    """Whoosh names a new segment with Python's global ``random``, which Hypothesis seeds the
    same way for every example (schemathesis, tests/api/test_fuzz.py): two segments of one index
    got the same name and the second write failed (``create_compound_file``'s assertion), so the
    object was not indexed. Names come from ``secrets`` in the tests."""
    import secrets

    from whoosh.codec import base as codec_base
    from whoosh.util import IDCHARS

    real = codec_base.random_name
    codec_base.random_name = lambda size=28: "".join(secrets.choice(IDCHARS) for _ in range(size))
    yield
    codec_base.random_name = real


@pytest.fixture(autouse=True)
def _search_index_per_test(settings, tmp_path_factory):
    """The Whoosh index lives in a directory of this test's own.

    Test databases reuse primary keys from one test (and one run) to the next; an index left
    behind would propose a key that now names another row, which the database re-read returns.
    """
    settings.WAGTAILSEARCH_BACKENDS = {
        # Writes applied at once, as tasks run at once (below): a test's own transaction never
        # commits, so queued writes would never be drained. tests/search/test_index_writes*.py
        # queue them (docs/decisions/0020).
        name: {
            **conf,
            "PATH": str(tmp_path_factory.mktemp("search-index")),
            "QUEUE_WRITES": False,
        }
        if conf["BACKEND"] == "search.backends.whoosh"
        else conf
        for name, conf in settings.WAGTAILSEARCH_BACKENDS.items()
    }


@pytest.fixture(autouse=True)
def _test_settings(settings):
    """Production settings (DEBUG off), less what a plain-HTTP test client cannot satisfy."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.SECURE_SSL_REDIRECT = False
    # The manifest storage needs `collectstatic`; tests serve static files from the finders.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    # Sealed bids need a master key when DEBUG is off (32 bytes, base64; tests only).
    settings.BIDS_MASTER_KEY = "dGVzdHMtb25seS1iaWRzLW1hc3Rlci1rZXktMzJieXQ"
    # Tasks run inside the request that enqueues them (whatever TASKS_BACKEND says).
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    }
    cache.clear()  # throttling counters must not leak from one test to the next


@pytest.fixture(autouse=True)
def _async_tests_get_their_own_channel_layer(request):
    """Every coroutine test runs with a channel-layer instance of its own (``channel_layer``)."""
    if inspect.iscoroutinefunction(request.function):
        request.getfixturevalue("channel_layer")


@pytest.fixture
async def channel_layer():
    """A fresh instance of the default channel layer, emptied before and after the test.

    channels_redis binds a layer instance to the first event loop that receives on it and
    refuses any other ("Two event loops are trying to receive() on one channel layer at
    once!"). The browser tests' in-process server receives on the shared instance from its own
    loop for the whole session, and each async test has a loop of its own, so each gets its own
    instance; its flush at the end also closes its connections on the loop that opened them.
    """
    with pytest.MonkeyPatch.context() as patch:
        patch.setitem(
            channel_layers.backends,
            DEFAULT_CHANNEL_LAYER,
            channel_layers.make_backend(DEFAULT_CHANNEL_LAYER),
        )
        layer = get_channel_layer()
        await layer.flush()
        yield layer
        await layer.flush()


@pytest.fixture
def platform(db):
    """The platform's role groups and their Wagtail rights, as ``setup_platform`` makes them."""
    _ensure_page_tree()
    platform_setup()


def _ensure_page_tree() -> None:
    """Recreate Wagtail's root page when a transactional test's flush removed it.

    The root page comes from a data migration, and the flush that ends every transactional
    test empties the tables. Serialized rollbacks would restore it, but they are unreliable
    under Playwright: its sync API runs tests in a greenlet, whose context-local database
    connection lacks the serialized copy made when the test database was created.
    """
    from django.conf import settings
    from wagtail.models import Locale, Page

    if Page.get_first_root_node() is None:
        Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
        Page.add_root(title="Root", slug="root")


@pytest.fixture
def api() -> APIClient:
    return APIClient()


@pytest.fixture
def client_for():
    """An API client authenticated as the given user (forced, no password round-trip)."""

    def make(user) -> APIClient:
        client = APIClient()
        client.force_authenticate(user)
        return client

    return make


@pytest.fixture
def rennes(db):
    return CollectiviteFactory(name="Rennes", kind="commune", departement_code="35")


@pytest.fixture
def brest(db):
    return CollectiviteFactory(name="Brest", kind="commune", departement_code="29")


@pytest.fixture
def referent(rennes):
    return MembershipFactory(collectivite=rennes, role="referent").user


@pytest.fixture
def agent(rennes):
    return MembershipFactory(collectivite=rennes, role="agent").user


@pytest.fixture
def outsider(brest):
    """An agent of another collectivité."""
    return MembershipFactory(collectivite=brest, role="referent").user


@pytest.fixture
def animator(platform):
    user = UserFactory(username="animatrice")
    platform_role_grant(actor=None, user=user, role=PlatformRole.NETWORK_ANIMATOR)
    return user


@pytest.fixture
def moderator(platform):
    user = UserFactory(username="moderateur")
    platform_role_grant(actor=None, user=user, role=PlatformRole.FORUM_MODERATOR)
    return user


@pytest.fixture
def superuser(db):
    return UserFactory(username="root", is_superuser=True, is_staff=True)


@pytest.fixture
def company_user(db):
    return UserFactory(username="entreprise", company=CompanyFactory())
