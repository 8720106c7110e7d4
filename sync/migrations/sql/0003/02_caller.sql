-- Who is calling. The server decides: a staff session is its login role (session_user, which no
-- setting changes), mapped to its tenant and user through staff_login. The owner's side (an
-- administrator who may SET ROLE boxoffice_owner: boxoffice-admin, BoxOffice.admin) names the tenant it
-- works on in the setting bo.tenant, which is honoured for members of boxoffice_owner only.
--
-- Definer functions pin search_path to this schema and pg_temp last, so no object a caller makes can
-- shadow one of ours (TEMP is revoked from PUBLIC as well).

CREATE FUNCTION bo_is_owner_side() RETURNS boolean
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = @schema@, pg_temp AS $$
BEGIN
    RETURN NOT EXISTS (SELECT 1 FROM staff_login WHERE role_name = session_user)
           AND pg_has_role(session_user, 'boxoffice_owner', 'MEMBER');
END $$;

-- The tenant of this session, or NULL (then every policy matches nothing). Policies call it once per
-- statement as an InitPlan: (SELECT bo_tenant()). PL/pgSQL rather than SQL: its plan is kept for the
-- session, where an SQL function's query is planned again at every call (26 µs against 8 µs here, and a
-- hold runs about ten statements under policies).
CREATE FUNCTION bo_tenant() RETURNS bigint
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = @schema@, pg_temp AS $$
DECLARE v bigint;
BEGIN
    SELECT l.tenant_id INTO v FROM staff_login l WHERE l.role_name = session_user;
    IF v IS NULL AND pg_has_role(session_user, 'boxoffice_owner', 'MEMBER') THEN
        v := nullif(current_setting('bo.tenant', true), '')::bigint;
    END IF;
    RETURN v;
END $$;

-- Refusals carry our own SQLSTATE (class BO) and their parameters as JSON in DETAIL, so the client can
-- word each in its user's language; MESSAGE is the English fallback for psql and the logs.
CREATE FUNCTION bo_refuse(p_code text, p_message text, p_detail jsonb DEFAULT '{}') RETURNS void
LANGUAGE plpgsql VOLATILE AS $$
BEGIN
    RAISE EXCEPTION USING ERRCODE = p_code, MESSAGE = p_message, DETAIL = coalesce(p_detail, '{}')::text;
END $$;

CREATE TYPE bo_caller AS (
    tenant_id bigint,
    user_id bigint,
    role text,
    actor text,     -- what the journal records: the login role, or 'owner'
    station text,   -- the station's own name for itself (bo.station): descriptive, never authority
    owner boolean
);

-- The internal helpers below (bo_caller, bo_require, bo_log) run only inside the server's definer
-- functions, so as the owner and with the search_path those pin; staff may not execute them. Being
-- SECURITY INVOKER without SET clauses spares each hold two more identity switches.
CREATE FUNCTION bo_caller() RETURNS bo_caller
LANGUAGE plpgsql STABLE AS $$
DECLARE
    c bo_caller;
    v_active boolean;
BEGIN
    c.station := left(coalesce(current_setting('bo.station', true), ''), 64);
    SELECT l.tenant_id, l.user_id, u.role, u.active INTO c.tenant_id, c.user_id, c.role, v_active
    FROM staff_login l
    JOIN staff_user u ON u.tenant_id = l.tenant_id AND u.id = l.user_id
    WHERE l.role_name = session_user;
    IF FOUND THEN
        IF NOT v_active THEN
            PERFORM bo_refuse('BO011', 'this account is disabled', jsonb_build_object('login', session_user));
        END IF;
        c.actor := session_user;
        c.owner := false;
        RETURN c;
    END IF;
    IF pg_has_role(session_user, 'boxoffice_owner', 'MEMBER') THEN
        c.tenant_id := nullif(current_setting('bo.tenant', true), '')::bigint;
        IF c.tenant_id IS NULL THEN
            PERFORM bo_refuse('BO000', 'no organisation chosen (set bo.tenant on the owner''s side)');
        END IF;
        c.role := 'admin';
        c.actor := 'owner';
        c.owner := true;
        RETURN c;
    END IF;
    PERFORM bo_refuse('BO000', 'not signed in as the staff of an organisation');
    RETURN c;
END $$;

-- The caller, when its role may do p_permission (read fresh on every call: a demotion bites at once).
CREATE FUNCTION bo_require(p_permission text) RETURNS bo_caller
LANGUAGE plpgsql STABLE AS $$
DECLARE c bo_caller := bo_caller();
BEGIN
    IF NOT c.owner AND NOT EXISTS (
        SELECT 1 FROM role_permission r WHERE r.role = c.role AND r.permission = p_permission
    ) THEN
        PERFORM bo_refuse('BO010', format('a %s may not %s', c.role, p_permission),
                          jsonb_build_object('role', c.role, 'permission', p_permission));
    END IF;
    RETURN c;
END $$;

-- The journal, written only here: who (the caller's login role), where (its station), what.
CREATE FUNCTION bo_log(
    c bo_caller, p_action text, p_order bigint DEFAULT NULL, p_event bigint DEFAULT NULL,
    p_hold bigint DEFAULT NULL, p_data jsonb DEFAULT '{}'
) RETURNS void
LANGUAGE plpgsql VOLATILE AS $$
BEGIN
    INSERT INTO order_log (tenant_id, action, order_id, event_id, hold_id, user_id, actor, station, data)
    VALUES (c.tenant_id, p_action, p_order, p_event, p_hold, c.user_id, c.actor, c.station, coalesce(p_data, '{}'));
END $$;

-- What a station learns right after signing in: whose session this is and what it may do.
CREATE FUNCTION bo_whoami() RETURNS TABLE (
    tenant_id bigint, tenant_slug text, tenant_name text, branding jsonb, user_id bigint, username text,
    display_name text, role text, permissions text[], login text
)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = @schema@, pg_temp AS $$
DECLARE c bo_caller := bo_caller();
BEGIN
    RETURN QUERY
    SELECT t.id, t.slug, t.name, t.branding, c.user_id, coalesce(u.username, 'owner'),
           coalesce(nullif(u.display_name, ''), u.username, 'Owner'), c.role,
           ARRAY(SELECT r.permission FROM role_permission r WHERE r.role = c.role ORDER BY r.permission),
           c.actor
    FROM tenant t
    LEFT JOIN staff_user u ON u.tenant_id = t.id AND u.id = c.user_id
    WHERE t.id = c.tenant_id;
END $$;

-- The tenant's live feed channel: readable by its own staff only (it is in no row another tenant sees).
CREATE FUNCTION bo_feed_channel() RETURNS text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = @schema@, pg_temp AS $$
    SELECT t.feed_channel FROM tenant t WHERE t.id = (bo_caller()).tenant_id
$$;
