"""Two deployments (or two test runs) on one Redis database stay apart by their prefix.

channels_redis names every channel and group (Redis pub/sub channels, which Redis shares across
its numbered databases) with the layer's ``prefix``; ``CHANNEL_LAYER_PREFIX`` sets it
(config/settings.py). Each layer here is built from the settings as a process started
with that variable reads them, then a group message is sent through one: a consumer in the same
group on the other layer must not receive it. And a test run's cache ``clear()``, which every
test does, deletes its own keys only, not the database another run uses at the same time.
Needs Redis (``REDIS_URL``; skipped without it), except for reading the settings.
"""

import asyncio
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.utils.module_loading import import_string

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = os.environ.get("REDIS_URL", "")


def _layer_config(**env: str) -> dict:
    """``CHANNEL_LAYERS["default"]`` as config/settings.py makes it from this environment."""
    code = "import json, config.settings as s; print(json.dumps(s.CHANNEL_LAYERS['default']))"
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={
            **{k: v for k, v in os.environ.items() if k != "CHANNEL_LAYER_PREFIX"},
            "SECRET_KEY": "test-only-secret",
            **env,
        },
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return json.loads(done.stdout.splitlines()[-1])


def test_the_prefix_is_read_from_the_environment():
    config = _layer_config(REDIS_URL="redis://127.0.0.1:6379/0", CHANNEL_LAYER_PREFIX="rennes")
    assert config["CONFIG"]["prefix"] == "rennes"
    # Unset: channels_redis' own default, what deployments so far have used.
    assert _layer_config(REDIS_URL="redis://127.0.0.1:6379/0")["CONFIG"]["prefix"] == "asgi"


def test_this_run_has_a_prefix_of_its_own():
    """tests/conftest.py draws one per run, and the server processes tests start inherit it."""
    prefix = settings.CHANNEL_LAYER_PREFIX
    assert prefix.startswith("test-") and prefix != "asgi"
    assert os.environ["CHANNEL_LAYER_PREFIX"] == os.environ["CACHE_KEY_PREFIX"] == prefix
    if REDIS_URL:
        assert settings.CHANNEL_LAYERS["default"]["CONFIG"]["prefix"] == prefix
        assert settings.CACHES["default"]["KEY_PREFIX"] == prefix
        served = _layer_config(REDIS_URL=REDIS_URL, CHANNEL_LAYER_PREFIX=prefix)
        assert served["CONFIG"]["prefix"] == prefix


@pytest.mark.skipif(not REDIS_URL, reason="REDIS_URL not set")
async def test_layers_with_different_prefixes_do_not_see_each_others_group_messages():
    run = settings.CHANNEL_LAYER_PREFIX
    layers = []
    for name in ("a", "b"):
        config = _layer_config(REDIS_URL=REDIS_URL, CHANNEL_LAYER_PREFIX=f"{run}-{name}")
        layers.append(import_string(config["BACKEND"])(**config["CONFIG"]))
    first, second = layers
    try:
        group = "topic-1"  # the same group name in both deployments
        mine = await first.new_channel()
        theirs = await second.new_channel()
        await first.group_add(group, mine)
        await second.group_add(group, theirs)

        # No waiting for a message that must not come: a cancelled receive ends its channel on
        # the pub/sub layer. Redis delivers in the order it was sent, so a message leaked to
        # the other deployment would arrive there before the one sent after it.
        await first.group_send(group, {"type": "post_new", "post": 1})
        await second.group_send(group, {"type": "post_new", "post": 2})
        await first.send(mine, {"type": "end"})
        await second.send(theirs, {"type": "end"})
        assert await asyncio.wait_for(first.receive(mine), 5) == {"type": "post_new", "post": 1}
        assert await asyncio.wait_for(first.receive(mine), 5) == {"type": "end"}
        assert await asyncio.wait_for(second.receive(theirs), 5) == {"type": "post_new", "post": 2}
        assert await asyncio.wait_for(second.receive(theirs), 5) == {"type": "end"}
    finally:
        for layer in layers:
            await layer.flush()


@pytest.mark.skipif(not REDIS_URL, reason="REDIS_URL not set")
def test_clearing_this_runs_cache_leaves_another_runs_keys():
    import redis
    from django.core.cache import cache

    other_run = f"test-other-{os.getpid()}"
    theirs = [f"{other_run}:1:throttle", f"{other_run}:group:topic-1"]  # a cache key, a group
    client = redis.Redis.from_url(REDIS_URL)
    try:
        for key in theirs:
            client.set(key, "1")
        cache.set("throttle", 3)
        cache.clear()
        assert cache.get("throttle") is None
        assert [client.get(key) for key in theirs] == [b"1", b"1"]
    finally:
        client.delete(*theirs)
        client.close()
