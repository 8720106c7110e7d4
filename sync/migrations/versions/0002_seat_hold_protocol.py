"""seat hold protocol: the hold and the sweep as server-side functions

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25

``bo_hold`` runs the whole hold protocol in one round trip: refuse too many or foreign seats before any
lock, take the event lock and the sorted seat locks (transaction-scoped advisory locks, under a lock
timeout), re-check every seat under the locks by the server's clock, insert the hold and its seat locks,
journal, notify. ``bo_reap`` expires what is due and cancels pending orders whose payment window passed;
it is idempotent, so two sweepers at once never process a row twice.

Functions run as the caller (SECURITY INVOKER): row-level security applies inside them.
"""

from __future__ import annotations

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

# Key spaces as in sync/locks.py: the top byte says what a key locks.
FUNCTIONS = r"""
CREATE FUNCTION bo_seat_key(p_id bigint) RETURNS bigint
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT (1::bigint << 56) | p_id $$;

CREATE FUNCTION bo_event_key(p_id bigint) RETURNS bigint
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT (2::bigint << 56) | p_id $$;

CREATE FUNCTION bo_current_tenant() RETURNS bigint
LANGUAGE plpgsql STABLE AS $$
DECLARE v bigint := nullif(current_setting('app.tenant_id', true), '')::bigint;
BEGIN
    IF v IS NULL THEN
        RAISE EXCEPTION 'no tenant is set for this transaction' USING ERRCODE = 'BO000';
    END IF;
    RETURN v;
END $$;

CREATE FUNCTION bo_notify_seats(p_tenant bigint, p_event bigint, p_seats bigint[]) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE payload text;
BEGIN
    payload := json_build_object('e', p_event, 's', p_seats)::text;
    -- NOTIFY payloads must stay below 8000 bytes: past a few hundred ids, ask for a reload of the event.
    IF p_seats IS NULL OR length(payload) > 7000 THEN
        payload := json_build_object('e', p_event, 's', NULL)::text;
    END IF;
    PERFORM pg_notify('seats_' || p_tenant, payload);
END $$;

CREATE FUNCTION bo_hold(
    p_event_id bigint,
    p_seat_ids bigint[],
    p_station text,
    p_user_id bigint,
    p_actor text,
    p_ttl_seconds double precision,
    p_allow_house boolean,
    p_max_seats integer,
    p_event_lock_above integer,
    p_lock_timeout_ms integer,
    p_into_hold bigint DEFAULT NULL
) RETURNS TABLE (hold_id bigint, expires_at timestamptz, seat_ids bigint[])
LANGUAGE plpgsql
-- Every statement below is written as key lookups driven by the seat ids, so the generic plan is the
-- right one; without this, plpgsql keeps re-planning them (custom plans look cheaper for small arrays).
SET plan_cache_mode = force_generic_plan
AS $$
DECLARE
    v_tenant bigint := bo_current_tenant();
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
    -- 1. Refuse what can be refused before taking any lock.
    SELECT coalesce(array_agg(DISTINCT x ORDER BY x), '{}') INTO v_ids FROM unnest(p_seat_ids) AS x;
    v_n := coalesce(array_length(v_ids, 1), 0);
    IF v_n = 0 THEN
        RAISE EXCEPTION 'a hold needs at least one seat' USING ERRCODE = 'BO002';
    END IF;
    IF v_n > p_max_seats THEN
        RAISE EXCEPTION 'at most % seats per hold, % asked', p_max_seats, v_n USING ERRCODE = 'BO003';
    END IF;
    IF p_ttl_seconds IS NULL OR p_ttl_seconds <= 0 THEN
        RAISE EXCEPTION 'the hold time must be positive' USING ERRCODE = 'BO002';
    END IF;
    SELECT e.sale_state INTO v_sale_state FROM event e WHERE e.tenant_id = v_tenant AND e.id = p_event_id;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'no event %', p_event_id USING ERRCODE = 'BO004';
    END IF;
    IF v_sale_state <> 'on_sale' THEN
        RAISE EXCEPTION 'the event is not on sale (%)', v_sale_state USING ERRCODE = 'BO005';
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
        SELECT array_agg(x ORDER BY x) INTO v_bad FROM unnest(v_ids) AS x
        WHERE NOT EXISTS (SELECT 1 FROM event_seat s
                          WHERE s.tenant_id = v_tenant AND s.id = x AND s.event_id = p_event_id);
        RAISE EXCEPTION 'seats not of this event' USING ERRCODE = 'BO004', DETAIL = array_to_string(v_bad, ',');
    END IF;

    IF p_into_hold IS NOT NULL THEN
        -- Adding seats to a cashier's basket: the hold must be this event's and still running.
        SELECT h.event_id, h.expires_at INTO v_into FROM hold h
        WHERE h.tenant_id = v_tenant AND h.id = p_into_hold FOR UPDATE;
        IF NOT FOUND OR v_into.event_id <> p_event_id THEN
            RAISE EXCEPTION 'no hold % for this event', p_into_hold USING ERRCODE = 'BO004';
        END IF;
        IF v_into.expires_at <= clock_timestamp() THEN
            RAISE EXCEPTION 'the hold has expired' USING ERRCODE = 'BO006';
        END IF;
        IF (SELECT count(*) FROM seat_lock k WHERE k.tenant_id = v_tenant AND k.hold_id = p_into_hold
              AND k.status = 'ACTIVE') + v_n > p_max_seats THEN
            RAISE EXCEPTION 'at most % seats per hold', p_max_seats USING ERRCODE = 'BO003';
        END IF;
    END IF;

    -- 2. Locks: the event first (shared, or exclusive for a large hold), then each seat in key order.
    PERFORM set_config('lock_timeout', p_lock_timeout_ms::text || 'ms', true);
    IF v_n > p_event_lock_above THEN
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
    INSERT INTO order_log (tenant_id, action, event_id, hold_id, actor, station, data)
    SELECT v_tenant, 'seat.expired', p_event_id, st.hold_id, p_actor, p_station,
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
        RAISE EXCEPTION 'seats not free' USING ERRCODE = 'BO001', DETAIL = array_to_string(v_bad, ',');
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
        INSERT INTO order_log (tenant_id, action, event_id, hold_id, user_id, actor, station, data)
        VALUES (v_tenant, 'seat.hold', p_event_id, p_into_hold, p_user_id, p_actor, p_station,
                jsonb_build_object('seats', v_ids, 'expires_at', v_exp, 'added', true));
        PERFORM bo_notify_seats(v_tenant, p_event_id, v_ids);
        RETURN QUERY SELECT p_into_hold, v_exp, v_ids;
        RETURN;
    END IF;
    -- One statement for the hold, its seats and its journal entry (foreign keys are checked at its end).
    WITH h AS (
        INSERT INTO hold (tenant_id, event_id, station, user_id, created_at, expires_at)
        VALUES (v_tenant, p_event_id, p_station, p_user_id, v_now, v_exp)
        RETURNING id
    ), locks AS (
        INSERT INTO seat_lock (tenant_id, hold_id, event_id, event_seat_id, status, expires_at, created_at)
        SELECT v_tenant, h.id, p_event_id, u.seat_id, 'ACTIVE', v_exp, v_now FROM h, unnest(v_ids) AS u(seat_id)
    ), journal AS (
        INSERT INTO order_log (tenant_id, action, event_id, hold_id, user_id, actor, station, data)
        SELECT v_tenant, 'seat.hold', p_event_id, h.id, p_user_id, p_actor, p_station,
               jsonb_build_object('seats', v_ids, 'expires_at', v_exp, 'ttl_seconds', p_ttl_seconds)
        FROM h
    )
    SELECT h.id INTO v_hold FROM h;
    PERFORM bo_notify_seats(v_tenant, p_event_id, v_ids);
    RETURN QUERY SELECT v_hold, v_exp, v_ids;
END $$;

CREATE FUNCTION bo_reap(p_actor text, p_station text) RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
    v_tenant bigint := bo_current_tenant();
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
        INSERT INTO order_log (tenant_id, action, order_id, event_id, hold_id, actor, station, data)
        VALUES (v_tenant, 'order.expired', r.id, r.event_id, r.hold_id, p_actor, p_station,
                jsonb_build_object('by', 'sweeper'));
    END LOOP;

    -- Seat locks past their time. Row locks make a concurrent second sweeper skip what this one took:
    -- its UPDATE re-checks status = 'ACTIVE' after waiting, so no row is expired (or journaled) twice.
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
        INSERT INTO order_log (tenant_id, action, event_id, hold_id, actor, station, data)
        VALUES (v_tenant, 'seat.expired', r.event_id, r.hold_id, p_actor, p_station,
                jsonb_build_object('seats', r.seats, 'by', 'sweeper'));
        PERFORM bo_notify_seats(v_tenant, r.event_id, r.seats);
    END LOOP;
    RETURN v_count;
END $$;
"""

DROP = """
DROP FUNCTION IF EXISTS bo_reap(text, text);
DROP FUNCTION IF EXISTS bo_hold(bigint, bigint[], text, bigint, text, double precision, boolean, integer,
                               integer, integer, bigint);
DROP FUNCTION IF EXISTS bo_notify_seats(bigint, bigint, bigint[]);
DROP FUNCTION IF EXISTS bo_current_tenant();
DROP FUNCTION IF EXISTS bo_event_key(bigint);
DROP FUNCTION IF EXISTS bo_seat_key(bigint);
"""


def upgrade() -> None:
    op.execute(FUNCTIONS)


def downgrade() -> None:
    op.execute(DROP)
