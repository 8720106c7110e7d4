-- Organisations and their staff. A staff member is a PostgreSQL login role "<slug>.<username>" in the
-- group role of its staff role; role DDL happens here only, quoted with %I/%L, by the owner (CREATEROLE,
-- ADMIN OPTION on the group roles). Passwords arrive as SCRAM verifiers made on the client, so no
-- plaintext password ever reaches the server or its log.

CREATE FUNCTION bo_check_username(p_username text) RETURNS void LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
    IF p_username IS NULL OR p_username !~ '^[a-z0-9][a-z0-9_-]{0,37}$' THEN
        PERFORM bo_refuse('BO080', format('invalid user name %s', p_username), jsonb_build_object('username', p_username));
    END IF;
END $$;

CREATE FUNCTION bo_check_role(p_role text) RETURNS void LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
    IF p_role IS NULL OR p_role NOT IN ('cashier', 'manager', 'accountant', 'admin') THEN
        PERFORM bo_refuse('BO081', format('unknown role %s', p_role), jsonb_build_object('role', p_role));
    END IF;
END $$;

CREATE FUNCTION bo_check_verifier(p_verifier text) RETURNS void LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
    IF p_verifier IS NULL OR p_verifier !~ '^SCRAM-SHA-256\$[0-9]+:[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+$' THEN
        PERFORM bo_refuse('BO082', 'a password must reach the server as a SCRAM-SHA-256 verifier');
    END IF;
END $$;

-- The staff user of the caller's tenant named p_username, locked.
CREATE FUNCTION bo_lock_staff(c bo_caller, p_username text) RETURNS staff_user
LANGUAGE plpgsql AS $$
DECLARE u staff_user;
BEGIN
    SELECT * INTO u FROM staff_user WHERE tenant_id = c.tenant_id AND username = p_username FOR UPDATE;
    IF NOT FOUND THEN
        PERFORM bo_refuse('BO004', format('no user %s', p_username), jsonb_build_object('what', 'user', 'id', p_username));
    END IF;
    RETURN u;
END $$;

CREATE FUNCTION bo_staff_create(p_username text, p_role text, p_display_name text, p_verifier text)
RETURNS TABLE (user_id bigint, login text)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = @schema@, pg_temp AS $$
DECLARE
    c bo_caller := bo_require('manage_staff');
    v_login text;
    v_id bigint;
    v_display text;
BEGIN
    PERFORM bo_check_username(p_username);
    PERFORM bo_check_role(p_role);
    PERFORM bo_check_verifier(p_verifier);
    SELECT t.slug || '.' || p_username INTO v_login FROM tenant t WHERE t.id = c.tenant_id;
    IF EXISTS (SELECT 1 FROM staff_user u WHERE u.tenant_id = c.tenant_id AND u.username = p_username) THEN
        PERFORM bo_refuse('BO084', format('a user named %s exists already', p_username),
                          jsonb_build_object('username', p_username));
    END IF;
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = v_login) THEN
        PERFORM bo_refuse('BO083', format('the role %s exists on this server already', v_login),
                          jsonb_build_object('login', v_login));
    END IF;
    v_display := coalesce(nullif(btrim(coalesce(p_display_name, '')), ''), upper(left(p_username, 1)) || substr(p_username, 2));
    INSERT INTO staff_user (tenant_id, username, display_name, role, login_role)
    VALUES (c.tenant_id, p_username, v_display, p_role, v_login) RETURNING id INTO v_id;
    EXECUTE format('CREATE ROLE %I LOGIN PASSWORD %L IN ROLE %I', v_login, p_verifier, 'boxoffice_' || p_role);
    INSERT INTO staff_login (role_name, tenant_id, user_id) VALUES (v_login, c.tenant_id, v_id);
    PERFORM bo_log(c, 'staff.created', NULL, NULL, NULL,
                   jsonb_build_object('username', p_username, 'role', p_role, 'login', v_login));
    RETURN QUERY SELECT v_id, v_login;
END $$;

-- A new role bites at once: the group changes, and every server function reads the role afresh.
CREATE FUNCTION bo_staff_set_role(p_username text, p_role text) RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = @schema@, pg_temp AS $$
DECLARE
    c bo_caller := bo_require('manage_staff');
    u staff_user;
BEGIN
    PERFORM bo_check_role(p_role);
    u := bo_lock_staff(c, p_username);
    IF u.id IS NOT DISTINCT FROM c.user_id THEN
        PERFORM bo_refuse('BO085', 'nobody changes their own account this way', jsonb_build_object('username', p_username));
    END IF;
    IF u.role = p_role THEN
        RETURN;
    END IF;
    IF u.login_role IS NOT NULL THEN
        EXECUTE format('REVOKE %I FROM %I', 'boxoffice_' || u.role, u.login_role);
        EXECUTE format('GRANT %I TO %I', 'boxoffice_' || p_role, u.login_role);
    END IF;
    UPDATE staff_user SET role = p_role WHERE tenant_id = c.tenant_id AND id = u.id;
    PERFORM bo_log(c, 'staff.role', NULL, NULL, NULL,
                   jsonb_build_object('username', p_username, 'from', u.role, 'to', p_role));
END $$;

-- A leaver: the role may no longer log in, its open connections are ended, and any call that slips
-- through is refused (bo_caller checks active).
CREATE FUNCTION bo_staff_disable(p_username text) RETURNS integer
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = @schema@, pg_temp AS $$
DECLARE
    c bo_caller := bo_require('manage_staff');
    u staff_user;
    v_ended integer := 0;
BEGIN
    u := bo_lock_staff(c, p_username);
    IF u.id IS NOT DISTINCT FROM c.user_id THEN
        PERFORM bo_refuse('BO085', 'nobody changes their own account this way', jsonb_build_object('username', p_username));
    END IF;
    UPDATE staff_user SET active = false WHERE tenant_id = c.tenant_id AND id = u.id;
    IF u.login_role IS NOT NULL THEN
        EXECUTE format('ALTER ROLE %I NOLOGIN', u.login_role);
        SELECT count(*) FILTER (WHERE pg_terminate_backend(a.pid)) INTO v_ended
        FROM pg_stat_activity a WHERE a.usename = u.login_role AND a.pid <> pg_backend_pid();
    END IF;
    PERFORM bo_log(c, 'staff.disabled', NULL, NULL, NULL,
                   jsonb_build_object('username', p_username, 'connections_ended', v_ended));
    RETURN v_ended;
END $$;

CREATE FUNCTION bo_staff_enable(p_username text) RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = @schema@, pg_temp AS $$
DECLARE
    c bo_caller := bo_require('manage_staff');
    u staff_user;
BEGIN
    u := bo_lock_staff(c, p_username);
    UPDATE staff_user SET active = true WHERE tenant_id = c.tenant_id AND id = u.id;
    IF u.login_role IS NOT NULL THEN
        EXECUTE format('ALTER ROLE %I LOGIN', u.login_role);
    END IF;
    PERFORM bo_log(c, 'staff.enabled', NULL, NULL, NULL, jsonb_build_object('username', p_username));
END $$;

-- A new password (also how staff migrated from the old app sign in again: their roles are NOLOGIN).
CREATE FUNCTION bo_staff_password(p_username text, p_verifier text) RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = @schema@, pg_temp AS $$
DECLARE
    c bo_caller := bo_require('manage_staff');
    u staff_user;
BEGIN
    PERFORM bo_check_verifier(p_verifier);
    u := bo_lock_staff(c, p_username);
    IF u.login_role IS NULL THEN
        PERFORM bo_refuse('BO086', format('user %s has no login role on this server; create a new user', p_username),
                          jsonb_build_object('username', p_username));
    END IF;
    EXECUTE format('ALTER ROLE %I %s PASSWORD %L', u.login_role, CASE WHEN u.active THEN 'LOGIN' ELSE 'NOLOGIN' END,
                   p_verifier);
    PERFORM bo_log(c, 'staff.password', NULL, NULL, NULL, jsonb_build_object('username', p_username));
END $$;

-- A new organisation (the owner's side only), with its price types and its ticket-signing key.
CREATE FUNCTION bo_tenant_create(p_slug text, p_name text, p_branding jsonb DEFAULT '{}') RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = @schema@, pg_temp AS $$
DECLARE
    v_id bigint;
    v_taken integer;
    v_branding jsonb;
BEGIN
    IF NOT bo_is_owner_side() THEN
        PERFORM bo_refuse('BO012', 'only the owner''s side creates organisations');
    END IF;
    IF p_slug IS NULL OR p_slug !~ '^[a-z0-9][a-z0-9_-]{0,23}$' THEN
        PERFORM bo_refuse('BO090', format('invalid tenant slug %s', p_slug), jsonb_build_object('slug', p_slug));
    END IF;
    IF coalesce(btrim(p_name), '') = '' THEN
        PERFORM bo_refuse('BO091', 'an organisation needs a name');
    END IF;
    IF EXISTS (SELECT 1 FROM tenant WHERE slug = p_slug) THEN
        PERFORM bo_refuse('BO093', format('a tenant with the slug %s exists already', p_slug), jsonb_build_object('slug', p_slug));
    END IF;
    -- Roles are global to the server: another database's organisation of this slug owns these names.
    SELECT count(*) INTO v_taken FROM pg_roles WHERE left(rolname, length(p_slug) + 1) = p_slug || '.';
    IF v_taken > 0 THEN
        PERFORM bo_refuse('BO092', format('%s login roles named %s.* exist on this server already', v_taken, p_slug),
                          jsonb_build_object('slug', p_slug, 'roles', v_taken));
    END IF;
    v_branding := bo_branding_checked('{}', p_branding);
    INSERT INTO tenant (slug, name, branding) VALUES (p_slug, btrim(p_name), v_branding) RETURNING id INTO v_id;
    PERFORM set_config('bo.tenant', v_id::text, true);
    INSERT INTO price_type (tenant_id, name, label, sort_order)
    VALUES (v_id, 'full', 'Full', 0), (v_id, 'concession', 'Concession', 1), (v_id, 'child', 'Child', 2);
    PERFORM bo_ticket_key(v_id);
    PERFORM bo_log(bo_caller(), 'tenant.created', NULL, NULL, NULL,
                   jsonb_build_object('slug', p_slug, 'name', btrim(p_name)));
    RETURN v_id;
END $$;
