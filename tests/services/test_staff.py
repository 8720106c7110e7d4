"""Staff login: Argon2id hashes, and five wrong passwords in a row lock the account (server clock)."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from boxoffice_desktop.errors import AuthenticationFailed
from boxoffice_desktop.services.staff import MAX_FAILED_LOGINS, authenticate, create_user

pytestmark = pytest.mark.db


def test_five_wrong_passwords_lock_the_account_even_against_the_right_one(db, tenant):
    create_user(db, tenant.id, "lena", "cashier", "right-password")
    with db.engine.connect() as conn:
        stored = conn.execute(
            text("SELECT password_hash FROM staff_user WHERE tenant_id = :t AND username = 'lena'"), {"t": tenant.id}
        ).scalar()
    assert stored.startswith("$argon2id$") and "right-password" not in stored
    for attempt in range(1, MAX_FAILED_LOGINS + 1):
        with pytest.raises(AuthenticationFailed) as err:
            authenticate(db, tenant.slug, "lena", "wrong", "till")
        if attempt < MAX_FAILED_LOGINS:
            assert str(err.value) == "Wrong user name or password."
    assert "now locked" in str(err.value)
    with pytest.raises(AuthenticationFailed, match="locked after 5 wrong passwords"):
        authenticate(db, tenant.slug, "lena", "right-password", "till")
    # The lock ends by the server's clock; then the right password works and the count starts afresh.
    with db.engine.begin() as conn:
        conn.execute(
            text(
                "UPDATE staff_user SET locked_until = now() - interval '1 second' WHERE tenant_id = :t "
                "AND username = 'lena'"
            ),
            {"t": tenant.id},
        )
    actor = authenticate(db, tenant.slug, "lena", "right-password", "till")
    assert actor.username == "lena" and actor.role == "cashier"
    with pytest.raises(AuthenticationFailed, match="Wrong user name or password"):
        authenticate(db, tenant.slug, "lena", "wrong", "till")


def test_an_unknown_user_gets_the_same_answer_as_a_wrong_password(db, tenant):
    with pytest.raises(AuthenticationFailed) as err:
        authenticate(db, tenant.slug, "nobody-here", "whatever", "till")
    assert str(err.value) == "Wrong user name or password."
