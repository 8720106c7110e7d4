-- The seat-hold protocol (ARCHITECTURE.md, "Seat holds: the protocol"), now the only way to hold,
-- extend, release, expire or block seats. Definer functions: the caller's role is checked, its identity
-- journaled, and the advisory locks are taken here only (staff may not call pg_advisory_* at all).

-- Bounds of the protocol: the server's, not the client's.
CREATE FUNCTION bo_hold_max_seats() RETURNS integer LANGUAGE sql IMMUTABLE AS $$ SELECT 100 $$;
-- Above this many seats a hold locks the whole event instead of each seat (pretix uses 20).
CREATE FUNCTION bo_hold_event_lock_above() RETURNS integer LANGUAGE sql IMMUTABLE AS $$ SELECT 20 $$;
CREATE FUNCTION bo_hold_max_ttl() RETURNS double precision LANGUAGE sql IMMUTABLE AS $$ SELECT 7 * 24 * 3600.0 $$;

CREATE FUNCTION bo_sweeper_key(p_tenant bigint) RETURNS bigint
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT (3::bigint << 56) | p_tenant $$;

CREATE FUNCTION bo_set_lock_timeout(p_ms integer) RETURNS void
LANGUAGE plpgsql VOLATILE AS $$
BEGIN
    PERFORM set_config('lock_timeout', least(greatest(coalesce(p_ms, 3000), 1), 10000)::text || 'ms', true);
END $$;

-- NOTIFY on the tenant's own channel, from the statement that made the change (never a trigger).
-- Payloads carry ids only, far below the 8000-byte limit: past a few hundred ids, "reload the event".
CREATE OR REPLACE FUNCTION bo_notify_seats(p_tenant bigint, p_event bigint, p_seats bigint[]) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    payload text;
    v_channel text;
BEGIN
    SELECT t.feed_channel INTO v_channel FROM tenant t WHERE t.id = p_tenant;
    payload := json_build_object('e', p_event, 's', p_seats)::text;
    IF p_seats IS NULL OR length(payload) > 7000 THEN
        payload := json_build_object('e', p_event, 's', NULL)::text;
    END IF;
    PERFORM pg_notify(v_channel, payload);
END $$;

-- The event's seats, locked as a hold locks them: the event shared (exclusive above the bound), then
-- each seat in key order. Raises 55P03 (lock_not_available) after the lock timeout.
CREATE FUNCTION bo_lock_seats(p_event bigint, p_seats bigint[], p_lock_timeout_ms integer DEFAULT 3000)
RETURNS void LANGUAGE plpgsql AS $$
DECLARE v_id bigint;
BEGIN
    PERFORM bo_set_lock_timeout(p_lock_timeout_ms);
    IF coalesce(array_length(p_seats, 1), 0) > bo_hold_event_lock_above() THEN
        PERFORM pg_advisory_xact_lock(bo_event_key(p_event));
    ELSE
        PERFORM pg_advisory_xact_lock_shared(bo_event_key(p_event));
        FOR v_id IN SELECT DISTINCT x FROM unnest(p_seats) AS x ORDER BY x LOOP
            PERFORM pg_advisory_xact_lock(bo_seat_key(v_id));
        END LOOP;
    END IF;
END $$;

CREATE FUNCTION bo_check_ttl(p_ttl double precision) RETURNS void LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
    IF p_ttl IS NULL OR NOT p_ttl > 0 THEN
        PERFORM bo_refuse('BO009', 'the hold time must be positive', jsonb_build_object('ttl', p_ttl));
    END IF;
    IF p_ttl > bo_hold_max_ttl() THEN
        PERFORM bo_refuse('BO007', 'a hold may last at most a week', jsonb_build_object('ttl', p_ttl));
    END IF;
END $$;

CREATE FUNCTION bo_hold(
    p_event_id bigint,
    p_seat_ids bigint[],
    p_ttl_seconds double precision,
    p_allow_house boolean DEFAULT false,
    p_into_hold bigint DEFAULT NULL,
    p_lock_timeout_ms integer DEFAULT 3000
) RETURNS TABLE (hold_id bigint, expires_at timestamptz, seat_ids bigint[])
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
-- Every statement below is a key lookup driven by the seat ids, so the generic plan is the right one;
-- without this, plpgsql keeps re-planning them (custom plans look cheaper for small arrays).
SET plan_cache_mode = force_generic_plan
SET search_path = @schema@, pg_temp
AS $$
DECLARE
    c bo_caller := bo_require('sell');
    v_tenant bigint := c.tenant_id;
    v_ids bigint[];
    v_n integer;
    v_sale_state text;
    v_found integer;
    v_bad bigint[];
    v_id bigint;
    v_now timestamptz;
    v_hold bigint;
    v_exp timestamptz;
    v_into record;
BEGIN
    IF p_allow_house THEN
        PERFORM bo_require('sell_house_seats');
    END IF;
    -- 1. Refuse what can be refused before taking any lock.
    SELECT coalesce(array_agg(DISTINCT x ORDER BY x), '{}') INTO v_ids FROM unnest(p_seat_ids) AS x;
    v_n := coalesce(array_length(v_ids, 1), 0);
    IF v_n = 0 THEN
        PERFORM bo_refuse('BO002', 'a hold needs at least one seat');
    END IF;
    IF v_n > bo_hold_max_seats() THEN
        PERFORM bo_refuse('BO003', format('at most %s seats per hold, %s asked', bo_hold_max_seats(), v_n),
                          jsonb_build_object('max', bo_hold_max_seats(), 'asked', v_n));
    END IF;
    PERFORM bo_check_ttl(p_ttl_seconds);
    SELECT e.sale_state INTO v_sale_state FROM event e WHERE e.tenant_id = v_tenant AND e.id = p_event_id;
    IF NOT FOUND THEN
        PERFORM bo_refuse('BO004', format('no event %s', p_event_id),
                          jsonb_build_object('what', 'event', 'id', p_event_id));
    END IF;
    IF v_sale_state <> 'on_sale' THEN
        PERFORM bo_refuse('BO005', format('the event is not on sale (%s)', v_sale_state),
                          jsonb_build_object('state', v_sale_state));
    END IF;
    -- Every seat lookup is driven from the array, one key lookup per seat: a generic plan that filters
    -- on the tenant or the event first would walk every seat of them (and fresh tables have no stats).
    -- (LATERAL ... OFFSET 0 keeps each lookup a parameterised key lookup whatever the statistics say.)
    SELECT count(*) INTO v_found
    FROM unnest(v_ids) AS u(seat_id)
    CROSS JOIN LATERAL (SELECT s.event_id FROM event_seat s
                        WHERE s.tenant_id = v_tenant AND s.id = u.seat_id OFFSET 0) AS s
    WHERE s.event_id = p_event_id;
    IF v_found <> v_n THEN
        -- (u.seat_id, not a bare name: event_seat has a column x that a bare x would mean.)
        SELECT array_agg(u.seat_id ORDER BY u.seat_id) INTO v_bad FROM unnest(v_ids) AS u(seat_id)
        WHERE NOT EXISTS (SELECT 1 FROM event_seat s
                          WHERE s.tenant_id = v_tenant AND s.id = u.seat_id AND s.event_id = p_event_id);
        PERFORM bo_refuse('BO008', 'seats not of this event',
                          jsonb_build_object('event', p_event_id, 'seats', to_jsonb(v_bad)));
    END IF;

    IF p_into_hold IS NOT NULL THEN
        -- Adding seats to a cashier's basket: the hold must be this event's and still running.
        SELECT h.event_id, h.expires_at INTO v_into FROM hold h
        WHERE h.tenant_id = v_tenant AND h.id = p_into_hold FOR UPDATE;
        IF NOT FOUND OR v_into.event_id <> p_event_id THEN
            PERFORM bo_refuse('BO004', format('no hold %s for this event', p_into_hold),
                              jsonb_build_object('what', 'hold', 'id', p_into_hold));
        END IF;
        IF v_into.expires_at <= clock_timestamp() THEN
            PERFORM bo_refuse('BO006', 'the hold has expired', jsonb_build_object('hold', p_into_hold));
        END IF;
        IF (SELECT count(*) FROM seat_lock k WHERE k.tenant_id = v_tenant AND k.hold_id = p_into_hold
              AND k.status = 'ACTIVE') + v_n > bo_hold_max_seats() THEN
            PERFORM bo_refuse('BO003', format('at most %s seats per hold', bo_hold_max_seats()),
                              jsonb_build_object('max', bo_hold_max_seats(), 'asked', v_n));
        END IF;
    END IF;

    -- 2. Locks: the event first (shared, or exclusive for a large hold), then each seat in key order.
    PERFORM bo_set_lock_timeout(p_lock_timeout_ms);
    IF v_n > bo_hold_event_lock_above() THEN
        PERFORM pg_advisory_xact_lock(bo_event_key(p_event_id));
    ELSE
        PERFORM pg_advisory_xact_lock_shared(bo_event_key(p_event_id));
        FOREACH v_id IN ARRAY v_ids LOOP
            PERFORM pg_advisory_xact_lock(bo_seat_key(v_id));
        END LOOP;
    END IF;

    -- 3. Under the locks, by the server's clock now that we hold them.
    v_now := clock_timestamp();
    WITH stale AS (
        UPDATE seat_lock k SET status = 'EXPIRED', ended_at = v_now
        WHERE k.tenant_id = v_tenant AND k.event_seat_id = ANY (v_ids)
          AND k.status = 'ACTIVE' AND k.expires_at <= v_now
        RETURNING k.hold_id, k.event_seat_id
    )
    INSERT INTO order_log (tenant_id, action, event_id, hold_id, user_id, actor, station, data)
    SELECT v_tenant, 'seat.expired', p_event_id, st.hold_id, c.user_id, c.actor, c.station,
           jsonb_build_object('seats', array_agg(st.event_seat_id ORDER BY st.event_seat_id), 'by', 'hold')
    FROM stale st GROUP BY st.hold_id;

    -- Key lookups per seat (the primary key and the two partial unique indexes), never a scan.
    SELECT array_agg(u.seat_id ORDER BY u.seat_id) INTO v_bad
    FROM unnest(v_ids) AS u(seat_id)
    CROSS JOIN LATERAL (SELECT s.block_kind, s.retired FROM event_seat s
                        WHERE s.tenant_id = v_tenant AND s.id = u.seat_id OFFSET 0) AS s
    CROSS JOIN LATERAL (SELECT count(*) AS n FROM seat_lock k
                        WHERE k.tenant_id = v_tenant AND k.event_seat_id = u.seat_id
                          AND k.status = 'ACTIVE') AS held
    CROSS JOIN LATERAL (SELECT count(*) AS n FROM order_item i
                        WHERE i.tenant_id = v_tenant AND i.event_seat_id = u.seat_id
                          AND i.state = 'sold') AS sold
    WHERE s.retired
       OR s.block_kind = 'closed'
       OR (s.block_kind = 'house' AND NOT p_allow_house)
       OR held.n > 0
       OR sold.n > 0;
    IF v_bad IS NOT NULL THEN
        PERFORM bo_refuse('BO001', 'seats not free', jsonb_build_object('seats', to_jsonb(v_bad)));
    END IF;

    -- 4. All seats or none. The hold starts now, after the check: a release that committed while we
    -- checked then lies before it, so the journal's intervals never overlap.
    v_now := clock_timestamp();
    v_exp := v_now + make_interval(secs => p_ttl_seconds);
    IF p_into_hold IS NOT NULL THEN
        -- The added seats run on the basket's clock.
        v_exp := v_into.expires_at;
        INSERT INTO seat_lock (tenant_id, hold_id, event_id, event_seat_id, status, expires_at, created_at)
        SELECT v_tenant, p_into_hold, p_event_id, u.seat_id, 'ACTIVE', v_exp, v_now FROM unnest(v_ids) AS u(seat_id);
        PERFORM bo_log(c, 'seat.hold', NULL, p_event_id, p_into_hold,
                       jsonb_build_object('seats', v_ids, 'expires_at', v_exp, 'added', true));
        PERFORM bo_notify_seats(v_tenant, p_event_id, v_ids);
        RETURN QUERY SELECT p_into_hold, v_exp, v_ids;
        RETURN;
    END IF;
    -- One statement for the hold, its seats and its journal entry (foreign keys are checked at its end).
    WITH h AS (
        INSERT INTO hold (tenant_id, event_id, station, user_id, created_at, expires_at)
        VALUES (v_tenant, p_event_id, c.station, c.user_id, v_now, v_exp)
        RETURNING id
    ), locks AS (
        INSERT INTO seat_lock (tenant_id, hold_id, event_id, event_seat_id, status, expires_at, created_at)
        SELECT v_tenant, h.id, p_event_id, u.seat_id, 'ACTIVE', v_exp, v_now FROM h, unnest(v_ids) AS u(seat_id)
    ), journal AS (
        INSERT INTO order_log (tenant_id, action, event_id, hold_id, user_id, actor, station, data)
        SELECT v_tenant, 'seat.hold', p_event_id, h.id, c.user_id, c.actor, c.station,
               jsonb_build_object('seats', v_ids, 'expires_at', v_exp, 'ttl_seconds', p_ttl_seconds)
        FROM h
    )
    SELECT h.id INTO v_hold FROM h;
    PERFORM bo_notify_seats(v_tenant, p_event_id, v_ids);
    RETURN QUERY SELECT v_hold, v_exp, v_ids;
END $$;

-- The hold's row, locked: serialises extend, release, sell and payment of one hold.
CREATE FUNCTION bo_lock_hold(c bo_caller, p_hold bigint) RETURNS hold
LANGUAGE plpgsql AS $$
DECLARE h hold;
BEGIN
    SELECT * INTO h FROM hold WHERE tenant_id = c.tenant_id AND id = p_hold FOR UPDATE;
    IF NOT FOUND THEN
        PERFORM bo_refuse('BO004', format('no hold %s', p_hold), jsonb_build_object('what', 'hold', 'id', p_hold));
    END IF;
    RETURN h;
END $$;

CREATE FUNCTION bo_hold_extend(p_hold bigint, p_ttl_seconds double precision)
RETURNS TABLE (expires_at timestamptz, seat_ids bigint[])
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = @schema@, pg_temp AS $$
DECLARE
    c bo_caller := bo_require('sell');
    h hold;
    v_exp timestamptz;
    v_seats bigint[];
BEGIN
    PERFORM bo_check_ttl(p_ttl_seconds);
    h := bo_lock_hold(c, p_hold);
    v_exp := clock_timestamp() + make_interval(secs => p_ttl_seconds);
    WITH k AS (
        UPDATE seat_lock k SET expires_at = v_exp
        WHERE k.tenant_id = c.tenant_id AND k.hold_id = p_hold AND k.status = 'ACTIVE'
          AND k.expires_at > clock_timestamp()
        RETURNING k.event_seat_id
    )
    SELECT array_agg(k.event_seat_id ORDER BY k.event_seat_id) INTO v_seats FROM k;
    IF v_seats IS NULL THEN
        PERFORM bo_refuse('BO006', 'the hold has already ended or expired', jsonb_build_object('hold', p_hold));
    END IF;
    UPDATE hold SET expires_at = v_exp WHERE tenant_id = c.tenant_id AND id = p_hold;
    PERFORM bo_log(c, 'seat.extend', NULL, h.event_id, p_hold,
                   jsonb_build_object('seats', v_seats, 'expires_at', v_exp, 'ttl_seconds', p_ttl_seconds));
    RETURN QUERY SELECT v_exp, v_seats;
END $$;

-- Give the hold's seats (or only p_seats of them) back; the number released (0 when already gone).
CREATE FUNCTION bo_hold_release(p_hold bigint, p_seats bigint[] DEFAULT NULL) RETURNS integer
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = @schema@, pg_temp AS $$
DECLARE
    c bo_caller := bo_require('sell');
    h hold;
    v_seats bigint[];
BEGIN
    h := bo_lock_hold(c, p_hold);
    WITH k AS (
        UPDATE seat_lock k SET status = 'RELEASED', ended_at = clock_timestamp()
        WHERE k.tenant_id = c.tenant_id AND k.hold_id = p_hold AND k.status = 'ACTIVE'
          AND (p_seats IS NULL OR k.event_seat_id = ANY (p_seats))
        RETURNING k.event_seat_id
    )
    SELECT array_agg(k.event_seat_id ORDER BY k.event_seat_id) INTO v_seats FROM k;
    IF v_seats IS NULL THEN
        RETURN 0;
    END IF;
    PERFORM bo_log(c, 'seat.release', NULL, h.event_id, p_hold, jsonb_build_object('seats', v_seats));
    PERFORM bo_notify_seats(c.tenant_id, h.event_id, v_seats);
    RETURN array_length(v_seats, 1);
END $$;

-- Expire what is due now in the caller's tenant; the number of seats released. Idempotent: two
-- sweepers at once never process a row twice (each UPDATE re-checks status after waiting).
CREATE FUNCTION bo_reap() RETURNS integer
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = @schema@, pg_temp AS $$
DECLARE
    c bo_caller := bo_caller();
    v_tenant bigint := c.tenant_id;
    v_now timestamptz := clock_timestamp();
    v_count integer := 0;
    r record;
BEGIN
    -- Pending orders whose payment window passed: the order expires, its items are void, its hold ends.
    FOR r IN
        UPDATE orders o SET status = 'EXPIRED'
        WHERE o.tenant_id = v_tenant AND o.status = 'PENDING' AND o.expires_at <= v_now
        RETURNING o.id, o.event_id, o.hold_id
    LOOP
        UPDATE order_item i SET state = 'void'
        WHERE i.tenant_id = v_tenant AND i.order_id = r.id AND i.state = 'reserved';
        PERFORM bo_log(c, 'order.expired', r.id, r.event_id, r.hold_id, jsonb_build_object('by', 'sweeper'));
    END LOOP;

    FOR r IN
        WITH due AS (
            UPDATE seat_lock k SET status = 'EXPIRED', ended_at = v_now
            WHERE k.tenant_id = v_tenant AND k.status = 'ACTIVE' AND k.expires_at <= v_now
            RETURNING k.hold_id, k.event_id, k.event_seat_id
        )
        SELECT d.hold_id, d.event_id, array_agg(d.event_seat_id ORDER BY d.event_seat_id) AS seats
        FROM due d GROUP BY d.hold_id, d.event_id
    LOOP
        v_count := v_count + coalesce(array_length(r.seats, 1), 0);
        PERFORM bo_log(c, 'seat.expired', NULL, r.event_id, r.hold_id,
                       jsonb_build_object('seats', r.seats, 'by', 'sweeper'));
        PERFORM bo_notify_seats(v_tenant, r.event_id, r.seats);
    END LOOP;
    RETURN v_count;
END $$;

-- The sweeper's election: one session per tenant holds this (session) lock; it goes with the connection.
CREATE FUNCTION bo_sweeper_elect() RETURNS boolean
LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = @schema@, pg_temp AS $$
    SELECT pg_try_advisory_lock(bo_sweeper_key((bo_caller()).tenant_id))
$$;

-- Seats of p_event among p_seats that are not: refuse them by id.
CREATE FUNCTION bo_check_event_seats(c bo_caller, p_event bigint, p_seats bigint[]) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE v_bad bigint[];
BEGIN
    IF NOT EXISTS (SELECT 1 FROM event e WHERE e.tenant_id = c.tenant_id AND e.id = p_event) THEN
        PERFORM bo_refuse('BO004', format('no event %s', p_event), jsonb_build_object('what', 'event', 'id', p_event));
    END IF;
    SELECT array_agg(u.seat_id ORDER BY u.seat_id) INTO v_bad FROM unnest(p_seats) AS u(seat_id)
    WHERE NOT EXISTS (SELECT 1 FROM event_seat s
                      WHERE s.tenant_id = c.tenant_id AND s.id = u.seat_id AND s.event_id = p_event);
    IF v_bad IS NOT NULL THEN
        PERFORM bo_refuse('BO008', 'seats not of this event',
                          jsonb_build_object('event', p_event, 'seats', to_jsonb(v_bad)));
    END IF;
END $$;

-- Take seats off sale ("closed") or keep them for the box office ("house").
CREATE FUNCTION bo_seats_block(p_event bigint, p_seats bigint[], p_kind text, p_reason text) RETURNS integer
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = @schema@, pg_temp AS $$
DECLARE
    c bo_caller := bo_require('block_seats');
    v_ids bigint[];
    v_taken bigint[];
BEGIN
    IF p_kind IS NULL OR p_kind NOT IN ('closed', 'house') THEN
        PERFORM bo_refuse('BO020', format('unknown block kind %s', p_kind), jsonb_build_object('kind', p_kind));
    END IF;
    IF coalesce(btrim(p_reason), '') = '' THEN
        PERFORM bo_refuse('BO021', 'a block needs a reason');
    END IF;
    SELECT coalesce(array_agg(DISTINCT x ORDER BY x), '{}') INTO v_ids FROM unnest(p_seats) AS x;
    IF array_length(v_ids, 1) IS NULL THEN
        PERFORM bo_refuse('BO002', 'no seats given');
    END IF;
    PERFORM bo_check_event_seats(c, p_event, v_ids);
    -- The exclusive event lock waits out every hold in progress on this event.
    PERFORM bo_set_lock_timeout(3000);
    PERFORM pg_advisory_xact_lock(bo_event_key(p_event));
    SELECT array_agg(s.id ORDER BY s.id) INTO v_taken FROM event_seat s
    WHERE s.tenant_id = c.tenant_id AND s.id = ANY (v_ids) AND bo_seat_taken(s.tenant_id, s.id);
    IF v_taken IS NOT NULL THEN
        PERFORM bo_refuse('BO022', 'seats held or sold cannot be blocked', jsonb_build_object('seats', to_jsonb(v_taken)));
    END IF;
    UPDATE event_seat SET block_kind = p_kind, block_reason = btrim(p_reason)
    WHERE tenant_id = c.tenant_id AND event_id = p_event AND id = ANY (v_ids);
    PERFORM bo_log(c, 'seat.block', NULL, p_event, NULL,
                   jsonb_build_object('seats', v_ids, 'kind', p_kind, 'reason', btrim(p_reason)));
    PERFORM bo_notify_seats(c.tenant_id, p_event, v_ids);
    RETURN array_length(v_ids, 1);
END $$;

CREATE FUNCTION bo_seats_unblock(p_event bigint, p_seats bigint[]) RETURNS integer
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = @schema@, pg_temp AS $$
DECLARE
    c bo_caller := bo_require('block_seats');
    v_ids bigint[];
    v_changed bigint[];
BEGIN
    SELECT coalesce(array_agg(DISTINCT x ORDER BY x), '{}') INTO v_ids FROM unnest(p_seats) AS x;
    PERFORM bo_check_event_seats(c, p_event, v_ids);
    PERFORM bo_set_lock_timeout(3000);
    PERFORM pg_advisory_xact_lock(bo_event_key(p_event));
    WITH u AS (
        UPDATE event_seat SET block_kind = NULL, block_reason = NULL
        WHERE tenant_id = c.tenant_id AND event_id = p_event AND id = ANY (v_ids) AND block_kind IS NOT NULL
        RETURNING id
    )
    SELECT array_agg(u.id ORDER BY u.id) INTO v_changed FROM u;
    IF v_changed IS NULL THEN
        RETURN 0;
    END IF;
    PERFORM bo_log(c, 'seat.unblock', NULL, p_event, NULL, jsonb_build_object('seats', v_changed));
    PERFORM bo_notify_seats(c.tenant_id, p_event, v_changed);
    RETURN array_length(v_changed, 1);
END $$;
