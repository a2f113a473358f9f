"""A per-token fixed-window rate limit, counted in Redis when configured, else in the database.

Fixed windows are crude (a burst can straddle two windows) but cost one atomic increment per
request and need no clock agreement between machines beyond the window length.
"""

from __future__ import annotations

import time
from typing import Any

from sqlalchemy import case
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from docproc.service.errors import RateLimitedError
from docproc.service.models import RateCounter
from docproc.service.state import Service


def _redis(svc: Service) -> Any:
    client = svc.extras.get("redis")
    if client is None:
        import redis

        client = redis.Redis.from_url(svc.config["REDIS_URL"], socket_timeout=2)
        svc.extras["redis"] = client
    return client


def hit(svc: Service, key: str) -> tuple[int, int]:
    """Count one request for ``key``; return (limit, remaining) or raise 429."""
    limit = svc.cfg_int("RATE_LIMIT")
    if limit <= 0:
        return 0, 0
    window_s = svc.cfg_int("RATE_WINDOW")
    now = time.time()
    window = int(now // window_s)
    if svc.config.get("REDIS_URL"):
        pipe = _redis(svc).pipeline()
        rkey = f"{svc.config['REDIS_PREFIX']}rate:{key}:{window}"
        pipe.incr(rkey)
        pipe.expire(rkey, window_s * 2)
        count = int(pipe.execute()[0])
    else:
        insert = sqlite_insert if svc.db.dialect == "sqlite" else pg_insert
        stmt = insert(RateCounter).values(key=key, window=window, count=1)
        stmt = stmt.on_conflict_do_update(
            index_elements=[RateCounter.key],
            set_={
                "count": case((RateCounter.window == window, RateCounter.count + 1), else_=1),
                "window": window,
            },
        ).returning(RateCounter.count)
        with svc.db.session() as s:
            count = int(s.execute(stmt).scalar_one())
    if count > limit:
        retry_after = max(1, int((window + 1) * window_s - now))
        raise RateLimitedError(
            f"rate limit of {limit} requests per {window_s} s exceeded; retry in {retry_after} s",
            retry_after,
        )
    return limit, limit - count
