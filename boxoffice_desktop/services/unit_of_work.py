"""One service call, one transaction: the client's manners first, then the server's word.

``with unit_of_work(db, actor, Permission.SELL) as conn:`` checks the permission the actor was given at
sign-in (so the user hears "a cashier may not ..." before any round trip), opens one transaction as the
actor's station, and turns every database error into the one family of domain errors. The rule itself
is the server's: each of its functions checks the caller again.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Connection
from sqlalchemy.orm import Session

from boxoffice_desktop.services.context import Actor, Permission, require
from boxoffice_desktop.services.dberrors import domain_errors
from sync.db import Database


@contextmanager
def unit_of_work(db: Database, actor: Actor, permission: Permission | None = None) -> Iterator[Connection]:
    if permission is not None:
        require(actor, permission)
    with domain_errors(), db.connection(actor.tenant_id, station=actor.station) as conn:
        yield conn


@contextmanager
def orm_unit(db: Database, actor: Actor, permission: Permission | None = None) -> Iterator[Session]:
    if permission is not None:
        require(actor, permission)
    with domain_errors(), db.session(actor.tenant_id, station=actor.station) as session:
        yield session
