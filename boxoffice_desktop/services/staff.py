"""Staff accounts: creation, login with lockout after repeated wrong passwords."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from sqlalchemy import func, insert, select, text, update
from sqlalchemy.exc import IntegrityError

from boxoffice_desktop.errors import AuthenticationFailed, InvalidInput
from boxoffice_desktop.services import passwords
from boxoffice_desktop.services.context import SCRIPT_ACTOR_NAME, Actor, Permission, require
from boxoffice_desktop.services.tenants import find_tenant
from sync.db import Database
from sync.schema import StaffUser
from sync.schema.enums import StaffRole

log = logging.getLogger(__name__)

MAX_FAILED_LOGINS = 5
LOCKOUT_MINUTES = 5
MIN_PASSWORD_LENGTH = 4

# Verified against when the user does not exist, so a wrong user name costs as long as a wrong password.
_DUMMY_HASH = passwords.hash_password("not a real password")


@dataclass(frozen=True)
class StaffInfo:
    id: int
    username: str
    display_name: str
    role: StaffRole
    active: bool


def parse_role(role: str) -> StaffRole:
    try:
        return StaffRole(role)
    except ValueError:
        known = ", ".join(r.value for r in StaffRole)
        raise InvalidInput(f"Unknown role {role!r}; choose one of {known}.") from None


def create_user(
    db: Database,
    tenant_id: int,
    username: str,
    role: str,
    password: str,
    *,
    display_name: str = "",
    actor: Actor | None = None,
) -> StaffInfo:
    """Create a staff account. ``actor`` None: the administrator at the CLI."""
    if actor is not None:
        require(actor, Permission.MANAGE_STAFF)
    username = username.strip()
    if not username or len(username) > 64 or any(c.isspace() for c in username):
        raise InvalidInput(f"Invalid user name {username!r}: no spaces, at most 64 characters.")
    staff_role = parse_role(role)
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InvalidInput(f"The password needs at least {MIN_PASSWORD_LENGTH} characters.")
    try:
        with db.session(tenant_id) as s:
            uid = s.execute(
                insert(StaffUser)
                .values(
                    tenant_id=tenant_id,
                    username=username,
                    display_name=display_name or username.capitalize(),
                    role=staff_role.value,
                    password_hash=passwords.hash_password(password),
                )
                .returning(StaffUser.id)
            ).scalar_one()
    except IntegrityError as exc:
        raise InvalidInput(f"A user named {username!r} already exists in this organisation.") from exc
    return StaffInfo(uid, username, display_name or username.capitalize(), staff_role, True)


def authenticate(db: Database, tenant_slug: str, username: str, password: str, station: str) -> Actor:
    """Check a password; five wrong ones in a row lock the account for a few minutes (server clock)."""
    tenant = find_tenant(db, tenant_slug)
    failure: AuthenticationFailed | None = None
    actor: Actor | None = None
    with db.session(tenant.id) as s:
        user = s.execute(
            select(StaffUser)
            .where(StaffUser.tenant_id == tenant.id, StaffUser.username == username.strip())
            .with_for_update()
        ).scalar_one_or_none()
        now = s.execute(select(func.now())).scalar_one()
        if user is None or not user.active:
            passwords.verify_password(_DUMMY_HASH, password)
            failure = AuthenticationFailed("Wrong user name or password.")
        elif user.locked_until is not None and user.locked_until > now:
            minutes = max(1, int((user.locked_until - now).total_seconds() // 60) + 1)
            failure = AuthenticationFailed(
                f"This account is locked after {MAX_FAILED_LOGINS} wrong passwords; "
                f"try again in {minutes} minute{'s' if minutes > 1 else ''} or ask an administrator."
            )
        elif not passwords.verify_password(user.password_hash, password):
            failed = user.failed_logins + 1
            values: dict[str, object] = {"failed_logins": failed}
            if failed >= MAX_FAILED_LOGINS:
                values["locked_until"] = func.now() + text(f"interval '{LOCKOUT_MINUTES} minutes'")
                values["failed_logins"] = 0
                failure = AuthenticationFailed(
                    f"Wrong password. The account is now locked for {LOCKOUT_MINUTES} minutes."
                )
                log.warning("staff account %s@%s locked after %d failures", username, tenant_slug, failed)
            else:
                failure = AuthenticationFailed("Wrong user name or password.")
            s.execute(
                update(StaffUser).where(StaffUser.tenant_id == tenant.id, StaffUser.id == user.id).values(**values)
            )
        else:
            if user.failed_logins or user.locked_until is not None:
                s.execute(
                    update(StaffUser)
                    .where(StaffUser.tenant_id == tenant.id, StaffUser.id == user.id)
                    .values(failed_logins=0, locked_until=None)
                )
            actor = Actor(
                tenant.id, tenant.slug, user.id, user.username, StaffRole(user.role), station, user.display_name
            )
    if failure is not None:
        raise failure
    assert actor is not None
    return actor


def script_actor(tenant_id: int, tenant_slug: str, station: str) -> Actor:
    """The scripting actor: an administrator's rights, journaled under the name 'script'."""
    return Actor(tenant_id, tenant_slug, None, SCRIPT_ACTOR_NAME, StaffRole.ADMIN, station, "Script")
