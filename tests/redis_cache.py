"""The tests' Redis cache: ``clear()`` deletes this run's keys only.

Django's ``RedisCache.clear()`` is ``FLUSHDB``: the whole Redis database, which the channel layer
shares (``REDIS_URL``), and so does any other run on it. Every test clears the cache
(``tests/conftest.py``), so two runs at once would delete each other's groups and throttling
counters whatever their prefixes. Here the keys carry the run's ``KEY_PREFIX`` (set with
``CACHE_KEY_PREFIX``, which the server processes tests start inherit) and only those go.
"""

from django.core.cache.backends.redis import RedisCache


class RunRedisCache(RedisCache):
    def clear(self) -> bool:
        if not self.key_prefix:
            raise RuntimeError("The tests' Redis cache needs a KEY_PREFIX of the run's own.")
        client = self._cache.get_client(None, write=True)
        keys = list(client.scan_iter(match=f"{self.key_prefix}:*", count=1000))
        if keys:
            client.delete(*keys)
        return True
