-- Orders: a live hold becomes an order. Cash and card are PAID at once; online sales (21_online.sql)
-- start PENDING. Totals come from the event's prices here, never from the client.

-- Crockford's alphabet: no I, L, O, U, so a code read over the phone is not misheard.
CREATE FUNCTION bo_new_order_code() RETURNS text
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    v_bytes bytea := uuid_send(gen_random_uuid());
    v_code text := '';
    i integer;
BEGIN
    -- Bytes 0-5 of a v4 UUID are random; 8 characters of 5 bits each from them.
    FOR i IN 0..7 LOOP
        v_code := v_code || substr('0123456789ABCDEFGHJKMNPQRSTVWXYZ', (get_byte(v_bytes, i) % 32) + 1, 1);
    END LOOP;
    RETURN v_code;
END $$;

-- The customer by e-mail or phone, or a new one; NULL for an anonymous counter sale.
CREATE FUNCTION bo_customer_upsert(c bo_caller, p_customer jsonb) RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
    v_key text;
    v_name text;
    v_email text;
    v_phone text;
    v_id bigint;
BEGIN
    IF p_customer IS NULL OR p_customer = 'null'::jsonb OR p_customer = '{}'::jsonb THEN
        RETURN NULL;
    END IF;
    IF jsonb_typeof(p_customer) <> 'object' THEN
        PERFORM bo_refuse('BO030', 'the customer must be an object of name, email, phone',
                          jsonb_build_object('field', NULL));
    END IF;
    SELECT k INTO v_key FROM jsonb_object_keys(p_customer) AS k WHERE k NOT IN ('name', 'email', 'phone') ORDER BY k LIMIT 1;
    IF v_key IS NOT NULL THEN
        PERFORM bo_refuse('BO030', format('unknown customer field %s', v_key), jsonb_build_object('field', v_key));
    END IF;
    v_name := btrim(coalesce(p_customer ->> 'name', ''));
    v_email := nullif(btrim(coalesce(p_customer ->> 'email', '')), '');
    v_phone := nullif(btrim(coalesce(p_customer ->> 'phone', '')), '');
    IF v_email IS NOT NULL AND (position('@' IN v_email) = 0 OR length(v_email) > 254) THEN
        PERFORM bo_refuse('BO031', format('%s is not an e-mail address', v_email), jsonb_build_object('email', v_email));
    END IF;
    IF v_phone IS NOT NULL AND v_phone !~ '[0-9]' THEN
        PERFORM bo_refuse('BO032', format('%s is not a phone number', v_phone), jsonb_build_object('phone', v_phone));
    END IF;
    IF v_name = '' AND v_email IS NULL AND v_phone IS NULL THEN
        RETURN NULL;
    END IF;
    IF v_email IS NOT NULL THEN
        SELECT id INTO v_id FROM customer
        WHERE tenant_id = c.tenant_id AND lower(email) = lower(v_email) ORDER BY id LIMIT 1;
    END IF;
    IF v_id IS NULL AND v_phone IS NOT NULL THEN
        SELECT id INTO v_id FROM customer WHERE tenant_id = c.tenant_id AND phone = v_phone ORDER BY id LIMIT 1;
    END IF;
    IF v_id IS NOT NULL THEN
        UPDATE customer SET name = CASE WHEN v_name <> '' THEN v_name ELSE name END,
                            email = coalesce(v_email, email), phone = coalesce(v_phone, phone)
        WHERE tenant_id = c.tenant_id AND id = v_id;
        RETURN v_id;
    END IF;
    INSERT INTO customer (tenant_id, name, email, phone) VALUES (c.tenant_id, v_name, v_email, v_phone)
    RETURNING id INTO v_id;
    RETURN v_id;
END $$;

-- Each seat's line of an order: its category, the chosen price type and the event's price for them
-- (price NULL: the event has no such price). Driven from the seat ids, one key lookup each (LATERAL ...
-- OFFSET 0): a plan that filtered on the tenant first would walk every seat of the tenant's events.
CREATE FUNCTION bo_price_lines(p_tenant bigint, p_event bigint, p_seats bigint[], p_price_types jsonb)
RETURNS TABLE (seat_id bigint, category text, price_type text, price_type_id bigint, price numeric)
LANGUAGE sql STABLE AS $$
    SELECT s.id, s.category, pt.name, pt.id, p.price
    FROM unnest(p_seats) AS u(seat_id)
    CROSS JOIN LATERAL (SELECT es.id, es.category FROM event_seat es
                        WHERE es.tenant_id = p_tenant AND es.id = u.seat_id OFFSET 0) AS s
    LEFT JOIN LATERAL (SELECT t.id, t.name FROM price_type t
                       WHERE t.tenant_id = p_tenant AND t.name = coalesce(p_price_types ->> u.seat_id::text, 'full')
                       OFFSET 0) AS pt ON true
    LEFT JOIN LATERAL (SELECT e.price FROM event_price e
                       WHERE e.tenant_id = p_tenant AND e.event_id = p_event AND e.category = s.category
                         AND e.price_type_id = pt.id OFFSET 0) AS p ON true
$$;

-- The order and its items for p_seats of a hold, priced by the event: {"<seat id>": "<price type>"}
-- chooses a seat's price type ("full" when not named).
CREATE FUNCTION bo_order_create(
    c bo_caller, h hold, p_seats bigint[], p_status order_status, p_method text, p_customer jsonb,
    p_price_types jsonb, p_item_state text, p_expires_at timestamptz
) RETURNS orders
LANGUAGE plpgsql AS $$
DECLARE
    o orders;
    v_stray text;
    v_lines record;
    v_total numeric(12, 2);
    v_customer bigint;
    v_shift bigint;
    v_code text;
BEGIN
    IF p_price_types IS NOT NULL AND p_price_types <> 'null'::jsonb THEN
        IF jsonb_typeof(p_price_types) <> 'object' THEN
            PERFORM bo_refuse('BO033', 'price types must map seat ids to price type names', jsonb_build_object('seat', NULL));
        END IF;
        SELECT k INTO v_stray FROM jsonb_object_keys(p_price_types) AS k
        WHERE k !~ '^[0-9]{1,18}$' OR NOT (k::bigint = ANY (p_seats)) ORDER BY k LIMIT 1;
        IF v_stray IS NOT NULL THEN
            PERFORM bo_refuse('BO033', format('seat %s is not in this hold', v_stray), jsonb_build_object('seat', v_stray));
        END IF;
    END IF;
    -- The lines once, as arrays: checked, summed, then inserted.
    SELECT array_agg(l.seat_id ORDER BY l.seat_id) AS seats, array_agg(l.price_type_id ORDER BY l.seat_id) AS types,
           array_agg(l.price ORDER BY l.seat_id) AS prices, sum(l.price) AS total,
           (array_agg(l.category ORDER BY l.seat_id) FILTER (WHERE l.price IS NULL))[1] AS missing_category,
           (array_agg(coalesce(l.price_type, p_price_types ->> l.seat_id::text, 'full') ORDER BY l.seat_id)
               FILTER (WHERE l.price IS NULL))[1] AS missing_type
    INTO v_lines
    FROM bo_price_lines(c.tenant_id, h.event_id, p_seats, p_price_types) l;
    IF v_lines.missing_category IS NOT NULL THEN
        PERFORM bo_refuse('BO034', format('there is no %s price for %s at this event', v_lines.missing_type,
                                          v_lines.missing_category),
                          jsonb_build_object('category', v_lines.missing_category, 'price_type', v_lines.missing_type));
    END IF;
    v_total := coalesce(v_lines.total, 0);
    v_customer := bo_customer_upsert(c, p_customer);
    SELECT id INTO v_shift FROM cash_shift
    WHERE tenant_id = c.tenant_id AND station = c.station AND closed_at IS NULL;
    LOOP
        v_code := bo_new_order_code();
        EXIT WHEN NOT EXISTS (SELECT 1 FROM orders WHERE tenant_id = c.tenant_id AND code = v_code);
    END LOOP;
    INSERT INTO orders (tenant_id, code, event_id, hold_id, customer_id, status, total, payment_method,
                        station, user_id, shift_id, paid_at, expires_at)
    VALUES (c.tenant_id, v_code, h.event_id, h.id, v_customer, p_status, v_total, p_method, c.station, c.user_id,
            v_shift, CASE WHEN p_status = 'PAID' THEN clock_timestamp() END, p_expires_at)
    RETURNING * INTO o;
    INSERT INTO order_item (tenant_id, order_id, event_id, event_seat_id, price_type_id, price, state)
    SELECT c.tenant_id, o.id, h.event_id, u.seat_id, u.type_id, u.price, p_item_state
    FROM unnest(v_lines.seats, v_lines.types, v_lines.prices) AS u(seat_id, type_id, price)
    ORDER BY u.seat_id;
    RETURN o;
END $$;

-- Every seat of a live hold becomes a sale's seat (CONVERTED), under the seats' locks. All or nothing:
-- refused (BO006) when any seat of the hold has expired or was released.
CREATE FUNCTION bo_hold_convert(c bo_caller, h hold) RETURNS bigint[]
LANGUAGE plpgsql AS $$
DECLARE
    v_seats bigint[];
    v_done bigint[];
BEGIN
    SELECT array_agg(event_seat_id ORDER BY event_seat_id) INTO v_seats FROM seat_lock
    WHERE tenant_id = c.tenant_id AND hold_id = h.id AND status = 'ACTIVE';
    IF v_seats IS NULL THEN
        PERFORM bo_refuse('BO006', 'the hold has ended', jsonb_build_object('hold', h.id));
    END IF;
    PERFORM bo_lock_seats(h.event_id, v_seats);
    WITH k AS (
        UPDATE seat_lock SET status = 'CONVERTED', ended_at = clock_timestamp()
        WHERE tenant_id = c.tenant_id AND hold_id = h.id AND status = 'ACTIVE' AND expires_at > clock_timestamp()
        RETURNING event_seat_id
    )
    SELECT array_agg(event_seat_id ORDER BY event_seat_id) INTO v_done FROM k;
    IF v_done IS DISTINCT FROM v_seats THEN
        PERFORM bo_refuse('BO006', 'the hold expired', jsonb_build_object('hold', h.id));
    END IF;
    RETURN v_done;
END $$;

-- A cash or card sale: the live hold becomes a PAID order with its payment, in one transaction; the
-- station needs an open cash shift. The order's id.
CREATE FUNCTION bo_sell(
    p_hold bigint, p_method text, p_customer jsonb DEFAULT NULL, p_price_types jsonb DEFAULT NULL,
    p_tendered numeric DEFAULT NULL
) RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
-- Key lookups driven by the seat ids throughout (see bo_hold): generic plans, not a re-plan per call.
SET plan_cache_mode = force_generic_plan
SET search_path = @schema@, pg_temp AS $$
DECLARE
    c bo_caller := bo_require('sell');
    h hold;
    o orders;
    v_seats bigint[];
BEGIN
    IF p_method IS NULL OR p_method NOT IN ('cash', 'card') THEN
        PERFORM bo_refuse('BO035', format('unknown payment method %s', p_method), jsonb_build_object('method', p_method));
    END IF;
    IF p_tendered IS NOT NULL AND (p_tendered < 0 OR p_tendered <> round(p_tendered, 2)) THEN
        PERFORM bo_refuse('BO037', 'the amount tendered must be a positive amount of money',
                          jsonb_build_object('tendered', p_tendered));
    END IF;
    h := bo_lock_hold(c, p_hold);
    IF NOT EXISTS (SELECT 1 FROM cash_shift WHERE tenant_id = c.tenant_id AND station = c.station AND closed_at IS NULL) THEN
        PERFORM bo_refuse('BO040', format('no cash shift is open at %s', c.station), jsonb_build_object('station', c.station));
    END IF;
    v_seats := bo_hold_convert(c, h);
    o := bo_order_create(c, h, v_seats, 'PAID', p_method, p_customer, p_price_types, 'sold', NULL);
    IF p_tendered IS NOT NULL AND p_tendered < o.total THEN
        PERFORM bo_refuse('BO036', format('%s tendered is less than the total %s', p_tendered, o.total),
                          jsonb_build_object('tendered', p_tendered, 'total', o.total));
    END IF;
    INSERT INTO payment (tenant_id, order_id, provider, status, amount, tendered)
    VALUES (c.tenant_id, o.id, p_method, 'SUCCEEDED', o.total, p_tendered);
    PERFORM bo_log(c, 'order.paid', o.id, o.event_id, p_hold,
                   jsonb_build_object('code', o.code, 'total', o.total, 'method', p_method, 'seats', v_seats,
                                      'tendered', p_tendered));
    PERFORM bo_notify_seats(c.tenant_id, o.event_id, v_seats);
    RETURN o.id;
END $$;
