-- The schema changes of the trust model: who a login role is (staff_login, owner-only), what each
-- staff role may do (role_permission), the columns that go (password hashes, the app's lockout) and
-- the ones that come (each tenant's unguessable feed channel, each seatmap version's event layout).
--
-- Runs as boxoffice_owner inside the migration's transaction; RLS is lifted for its duration (see
-- 0003_trust.py), so the data steps below see every tenant's rows.

-- Names that become parts of a login role "<slug>.<username>": lower-case, and short enough that the
-- role never reaches PostgreSQL's 63-byte limit (longer names are cut silently by the server).
DO $$
DECLARE bad text;
BEGIN
    SELECT string_agg(slug, ', ') INTO bad FROM tenant WHERE slug !~ '^[a-z0-9][a-z0-9_-]{0,23}$';
    IF bad IS NOT NULL THEN
        RAISE EXCEPTION 'tenant slugs longer than 24 characters cannot become login roles: %', bad
            USING HINT = 'Printed tickets carry the slug: rename such a tenant in a copy of the database first.';
    END IF;
END $$;
ALTER TABLE tenant DROP CONSTRAINT ck_tenant_slug_format;
ALTER TABLE tenant ADD CONSTRAINT ck_tenant_slug_format CHECK (slug ~ '^[a-z0-9][a-z0-9_-]{0,23}$');
-- NOTIFY cannot be restricted: a tenant's feed is found only by knowing this name.
ALTER TABLE tenant ADD COLUMN feed_channel text NOT NULL
    DEFAULT ('bo_' || replace(gen_random_uuid()::text, '-', ''));
ALTER TABLE tenant ADD CONSTRAINT uq_tenant_feed_channel UNIQUE (feed_channel);

-- What an event copies from a published version: {"categories": [...], "seats": [{guid, zone, ...}]}.
-- Written with the document by the editor's side (the server cannot lay out curved rows itself), frozen
-- with the version at publishing, so an event's seats always come from a published version.
ALTER TABLE seatmap ADD COLUMN layout jsonb;

-- An event's sold seats (its map, its counts) without walking every ticket the tenant ever sold.
CREATE INDEX ix_order_item_sold_event ON order_item (tenant_id, event_id) WHERE state = 'sold';

-- Staff: the server keeps the password (a SCRAM verifier of the login role); the app's own lockout goes.
ALTER TABLE staff_user DROP COLUMN password_hash;
ALTER TABLE staff_user DROP COLUMN failed_logins;
ALTER TABLE staff_user DROP COLUMN locked_until;
ALTER TABLE staff_user ADD COLUMN login_role text;
ALTER TABLE staff_user ADD CONSTRAINT uq_staff_user_login_role UNIQUE (login_role);

-- Existing user names that cannot be part of a role name are made into ones that can.
DO $$
DECLARE r record; v_name text; v_n int;
BEGIN
    FOR r IN SELECT tenant_id, id, username FROM staff_user
             WHERE username !~ '^[a-z0-9][a-z0-9_-]{0,37}$' ORDER BY tenant_id, id LOOP
        v_name := left(regexp_replace(lower(r.username), '[^a-z0-9_-]', '_', 'g'), 38);
        IF v_name !~ '^[a-z0-9]' THEN
            v_name := left('u' || v_name, 38);
        END IF;
        v_n := 1;
        WHILE EXISTS (SELECT 1 FROM staff_user WHERE tenant_id = r.tenant_id AND username = v_name) LOOP
            v_n := v_n + 1;
            v_name := left(v_name, 36) || v_n;
        END LOOP;
        UPDATE staff_user SET username = v_name WHERE tenant_id = r.tenant_id AND id = r.id;
        RAISE NOTICE 'staff user % renamed to % (user names are lower-case [a-z0-9_-], at most 38)',
            r.username, v_name;
    END LOOP;
END $$;
ALTER TABLE staff_user ADD CONSTRAINT ck_staff_user_username_format
    CHECK (username ~ '^[a-z0-9][a-z0-9_-]{0,37}$');

-- Login role -> tenant and user. Owner-only and without row-level security: bo_tenant() reads it, and a
-- mapping that read a table whose policy calls the mapping would recurse.
CREATE TABLE staff_login (
    role_name text NOT NULL,
    tenant_id bigint NOT NULL,
    user_id bigint NOT NULL,
    CONSTRAINT pk_staff_login PRIMARY KEY (role_name),
    CONSTRAINT uq_staff_login_tenant_id_user_id UNIQUE (tenant_id, user_id),
    CONSTRAINT fk_staff_login_tenant_id_tenant FOREIGN KEY (tenant_id) REFERENCES tenant (id) ON DELETE CASCADE,
    CONSTRAINT fk_staff_login_tenant_id_user_id_staff_user FOREIGN KEY (tenant_id, user_id)
        REFERENCES staff_user (tenant_id, id) ON DELETE CASCADE
);

-- Existing staff become login roles, NOLOGIN until an administrator sets a password (an Argon2 hash is
-- no SCRAM verifier). A role name already taken on this server (by another database) is not reused:
-- such a user keeps no login role and is listed by 'boxoffice-admin db upgrade'.
DO $$
DECLARE r record; v_role text;
BEGIN
    FOR r IN SELECT u.tenant_id, u.id, u.username, u.role, t.slug
             FROM staff_user u JOIN tenant t ON t.id = u.tenant_id ORDER BY u.tenant_id, u.id LOOP
        v_role := r.slug || '.' || r.username;
        IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = v_role) THEN
            RAISE NOTICE 'role % exists on this server already: user % of % has no login', v_role, r.username, r.slug;
            CONTINUE;
        END IF;
        EXECUTE format('CREATE ROLE %I NOLOGIN IN ROLE %I', v_role, 'boxoffice_' || r.role);
        INSERT INTO staff_login (role_name, tenant_id, user_id) VALUES (v_role, r.tenant_id, r.id);
        UPDATE staff_user SET login_role = v_role WHERE tenant_id = r.tenant_id AND id = r.id;
    END LOOP;
END $$;

-- What each staff role may do: the one table every server function checks (and the client reads to
-- grey out what it would be refused).
CREATE TABLE role_permission (
    role text NOT NULL,
    permission text NOT NULL,
    CONSTRAINT pk_role_permission PRIMARY KEY (role, permission),
    CONSTRAINT ck_role_permission_role CHECK (role IN ('cashier', 'manager', 'accountant', 'admin'))
);
INSERT INTO role_permission (role, permission)
SELECT 'cashier', p FROM unnest(ARRAY['sell', 'view_orders', 'run_shift']) AS p
UNION ALL
SELECT 'accountant', p FROM unnest(ARRAY['view_orders', 'export_reports', 'see_expected_cash']) AS p
UNION ALL
SELECT 'manager', p FROM unnest(ARRAY['sell', 'sell_house_seats', 'block_seats', 'edit_seatmaps',
    'manage_events', 'view_orders', 'export_reports', 'run_shift', 'see_expected_cash']) AS p
UNION ALL
SELECT 'admin', p FROM unnest(ARRAY['sell', 'sell_house_seats', 'block_seats', 'edit_seatmaps',
    'manage_events', 'view_orders', 'export_reports', 'run_shift', 'see_expected_cash', 'manage_staff',
    'manage_settings']) AS p;

-- The 0002 functions that trusted a setting for the tenant and took the actor from the client.
DROP FUNCTION bo_reap(text, text);
DROP FUNCTION bo_hold(bigint, bigint[], text, bigint, text, double precision, boolean, integer, integer,
                      integer, bigint);
DROP FUNCTION bo_current_tenant();
