-- Online sales (YooKassa, or the mock provider for training): a PENDING order whose seats stay held
-- while the customer pays. The station talks to the provider (it holds the shop's key while it sells)
-- and reports what the provider said; the server keeps each state machine: a payment's amount is the
-- order's total and never changes, its provider id is set once, a finished payment does not go back,
-- an order is PAID only after its payment SUCCEEDED, and a PAID order is never unpaid again.

CREATE FUNCTION bo_payment_window_minutes(p_tenant bigint) RETURNS integer
LANGUAGE sql STABLE AS $$
    SELECT least(greatest(coalesce((
        SELECT CASE WHEN jsonb_typeof(t.settings -> 'payment_window_minutes') = 'number'
                    THEN (t.settings ->> 'payment_window_minutes')::numeric::integer END
        FROM tenant t WHERE t.id = p_tenant), 15), 1), 24 * 60)
$$;

CREATE FUNCTION bo_online_start(
    p_hold bigint, p_method text, p_customer jsonb, p_price_types jsonb, p_idempotence_key text
) RETURNS TABLE (order_id bigint, payment_id bigint, expires_at timestamptz)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
-- Key lookups driven by the seat ids throughout (see bo_hold): generic plans, not a re-plan per call.
SET plan_cache_mode = force_generic_plan
SET search_path = @schema@, pg_temp AS $$
DECLARE
    c bo_caller := bo_require('sell');
    h hold;
    o orders;
    v_seats bigint[];
    v_kept bigint[];
    v_exp timestamptz;
    v_payment bigint;
BEGIN
    IF p_method IS NULL OR p_method NOT IN ('yookassa', 'mock') THEN
        PERFORM bo_refuse('BO035', format('unknown payment method %s', p_method), jsonb_build_object('method', p_method));
    END IF;
    -- The mock provider pays for real (the order is PAID, its tickets admit): only where an administrator
    -- switched training payments on.
    IF p_method = 'mock' AND NOT coalesce(
        (SELECT jsonb_typeof(t.settings -> 'training_payments') = 'boolean' AND (t.settings ->> 'training_payments')::boolean
         FROM tenant t WHERE t.id = c.tenant_id), false) THEN
        PERFORM bo_refuse('BO049', 'training payments are switched off for this organisation');
    END IF;
    IF p_idempotence_key IS NULL OR length(p_idempotence_key) NOT BETWEEN 1 AND 64 THEN
        PERFORM bo_refuse('BO038', 'an online payment needs an idempotence key of 1 to 64 characters');
    END IF;
    h := bo_lock_hold(c, p_hold);
    -- The seats stay held for the payment window: all of them, or the sale is off.
    SELECT array_agg(event_seat_id ORDER BY event_seat_id) INTO v_seats FROM seat_lock
    WHERE tenant_id = c.tenant_id AND hold_id = h.id AND status = 'ACTIVE';
    IF v_seats IS NULL THEN
        PERFORM bo_refuse('BO006', 'the hold has ended', jsonb_build_object('hold', h.id));
    END IF;
    PERFORM bo_lock_seats(h.event_id, v_seats);
    v_exp := clock_timestamp() + make_interval(mins => bo_payment_window_minutes(c.tenant_id));
    WITH k AS (
        UPDATE seat_lock SET expires_at = v_exp
        WHERE tenant_id = c.tenant_id AND hold_id = h.id AND status = 'ACTIVE' AND seat_lock.expires_at > clock_timestamp()
        RETURNING event_seat_id
    )
    SELECT array_agg(event_seat_id ORDER BY event_seat_id) INTO v_kept FROM k;
    IF v_kept IS DISTINCT FROM v_seats THEN
        PERFORM bo_refuse('BO006', 'the hold expired', jsonb_build_object('hold', h.id));
    END IF;
    UPDATE hold SET expires_at = v_exp WHERE tenant_id = c.tenant_id AND id = h.id;
    o := bo_order_create(c, h, v_seats, 'PENDING', p_method, p_customer, p_price_types, 'reserved', v_exp);
    INSERT INTO payment (tenant_id, order_id, provider, status, amount, idempotence_key)
    VALUES (c.tenant_id, o.id, p_method, 'PENDING', o.total, p_idempotence_key)
    RETURNING id INTO v_payment;
    PERFORM bo_log(c, 'order.created', o.id, o.event_id, h.id,
                   jsonb_build_object('code', o.code, 'total', o.total, 'method', p_method, 'expires_at', v_exp,
                                      'payment', v_payment));
    RETURN QUERY SELECT o.id, v_payment, v_exp;
END $$;

-- The online payment of p_order (p_payment), locked, with its order locked first.
CREATE FUNCTION bo_lock_payment(c bo_caller, p_order bigint, p_payment bigint) RETURNS payment
LANGUAGE plpgsql AS $$
DECLARE p payment;
BEGIN
    PERFORM 1 FROM orders WHERE tenant_id = c.tenant_id AND id = p_order FOR UPDATE;
    SELECT * INTO p FROM payment
    WHERE tenant_id = c.tenant_id AND id = p_payment AND order_id = p_order FOR UPDATE;
    IF NOT FOUND THEN
        PERFORM bo_refuse('BO004', format('no payment %s of order %s', p_payment, p_order),
                          jsonb_build_object('what', 'payment', 'id', p_payment));
    END IF;
    IF p.provider NOT IN ('yookassa', 'mock') THEN
        PERFORM bo_refuse('BO039', 'this is not an online payment', jsonb_build_object('provider', p.provider));
    END IF;
    RETURN p;
END $$;

-- The request to send, stored once before the first attempt so every retry sends the same body with
-- the same key. The amount and the order's identity are the server's, whatever the station sent.
CREATE FUNCTION bo_payment_request(p_payment bigint, p_request jsonb) RETURNS jsonb
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = @schema@, pg_temp AS $$
DECLARE
    c bo_caller := bo_require('sell');
    p payment;
    o orders;
    v_request jsonb;
BEGIN
    SELECT * INTO o FROM orders
    WHERE tenant_id = c.tenant_id AND id = (SELECT order_id FROM payment WHERE tenant_id = c.tenant_id AND id = p_payment);
    IF NOT FOUND THEN
        PERFORM bo_refuse('BO004', format('no payment %s', p_payment), jsonb_build_object('what', 'payment', 'id', p_payment));
    END IF;
    p := bo_lock_payment(c, o.id, p_payment);
    IF p.details ? 'request' THEN
        PERFORM bo_refuse('BO041', 'the payment request is stored already', jsonb_build_object('payment', p_payment));
    END IF;
    IF o.status <> 'PENDING' THEN
        PERFORM bo_refuse('BO042', format('order %s is %s', o.code, lower(o.status::text)),
                          jsonb_build_object('code', o.code, 'status', o.status));
    END IF;
    IF p_request IS NULL OR jsonb_typeof(p_request) <> 'object' THEN
        PERFORM bo_refuse('BO030', 'the payment request must be an object', jsonb_build_object('field', 'request'));
    END IF;
    v_request := p_request || jsonb_build_object(
        'amount', p.amount::text,
        'metadata', CASE WHEN jsonb_typeof(p_request -> 'metadata') = 'object' THEN p_request -> 'metadata' ELSE '{}' END
                    || jsonb_build_object('order_id', o.id, 'order_code', o.code));
    UPDATE payment SET details = details || jsonb_build_object('request', v_request), updated_at = clock_timestamp()
    WHERE tenant_id = c.tenant_id AND id = p_payment;
    RETURN v_request;
END $$;

-- What the provider answered about a payment (its id there, its status, the confirmation address).
CREATE FUNCTION bo_payment_result(
    p_payment bigint, p_provider_id text, p_status text, p_amount numeric, p_confirmation text DEFAULT NULL,
    p_cancellation text DEFAULT NULL
) RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = @schema@, pg_temp AS $$
DECLARE
    c bo_caller := bo_require('sell');
    p payment;
    v_order bigint;
    v_status payment_status;
BEGIN
    SELECT order_id INTO v_order FROM payment WHERE tenant_id = c.tenant_id AND id = p_payment;
    p := bo_lock_payment(c, v_order, p_payment);
    v_status := CASE p_status
        WHEN 'pending' THEN 'PENDING' WHEN 'waiting_for_capture' THEN 'WAITING_FOR_CAPTURE'
        WHEN 'succeeded' THEN 'SUCCEEDED' WHEN 'canceled' THEN 'CANCELED' END;
    IF v_status IS NULL THEN
        PERFORM bo_refuse('BO043', format('unknown payment status %s', p_status), jsonb_build_object('status', p_status));
    END IF;
    IF coalesce(p_provider_id, '') = '' THEN
        PERFORM bo_refuse('BO044', 'the provider''s payment id is missing', jsonb_build_object('payment', p_payment));
    END IF;
    IF p.provider_payment_id IS NOT NULL AND p.provider_payment_id <> p_provider_id THEN
        PERFORM bo_refuse('BO044', 'this is another payment at the provider',
                          jsonb_build_object('payment', p_payment, 'given', p_provider_id));
    END IF;
    IF p_amount IS DISTINCT FROM p.amount THEN
        PERFORM bo_refuse('BO048', format('the provider reports %s for a payment of %s', p_amount, p.amount),
                          jsonb_build_object('reported', p_amount, 'amount', p.amount));
    END IF;
    IF p.status IN ('SUCCEEDED', 'CANCELED') AND v_status <> p.status THEN
        PERFORM bo_refuse('BO045', format('a %s payment cannot become %s', lower(p.status::text), lower(v_status::text)),
                          jsonb_build_object('from', p.status, 'to', v_status));
    END IF;
    UPDATE payment SET provider_payment_id = p_provider_id, status = v_status,
           confirmation_url = coalesce(p_confirmation, confirmation_url), updated_at = clock_timestamp(),
           details = details || jsonb_build_object('last_status', p_status, 'cancellation', p_cancellation)
    WHERE tenant_id = c.tenant_id AND id = p_payment;
    IF p.provider_payment_id IS NULL THEN
        PERFORM bo_log(c, 'payment.created', v_order, NULL, NULL,
                       jsonb_build_object('payment', p_payment, 'provider_id', p_provider_id, 'status', p_status));
    END IF;
END $$;

-- The provider could not be asked (timeouts, 500, a dropped connection): the journal says so.
CREATE FUNCTION bo_payment_unknown(p_payment bigint, p_why text) RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = @schema@, pg_temp AS $$
DECLARE
    c bo_caller := bo_require('sell');
    v_order bigint;
BEGIN
    SELECT order_id INTO v_order FROM payment WHERE tenant_id = c.tenant_id AND id = p_payment;
    IF v_order IS NULL THEN
        PERFORM bo_refuse('BO004', format('no payment %s', p_payment), jsonb_build_object('what', 'payment', 'id', p_payment));
    END IF;
    PERFORM bo_log(c, 'payment.unknown', v_order, NULL, NULL,
                   jsonb_build_object('payment', p_payment, 'why', left(coalesce(p_why, ''), 500)));
END $$;

-- The payment succeeded: the order is PAID when its seats are still its own (or free again, for a late
-- payment); otherwise it keeps the money with needs_refund and the journal says why. Returns the
-- order's status afterwards.
CREATE FUNCTION bo_online_paid(p_order bigint, p_payment bigint) RETURNS order_status
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
-- Key lookups driven by the seat ids throughout (see bo_hold): generic plans, not a re-plan per call.
SET plan_cache_mode = force_generic_plan
SET search_path = @schema@, pg_temp AS $$
DECLARE
    c bo_caller := bo_require('sell');
    p payment;
    o orders;
    h hold;
    v_seats bigint[];
    v_converted boolean := false;
    v_free boolean;
BEGIN
    p := bo_lock_payment(c, p_order, p_payment);
    IF p.status <> 'SUCCEEDED' THEN
        PERFORM bo_refuse('BO046', 'the payment has not succeeded', jsonb_build_object('status', p.status));
    END IF;
    SELECT * INTO o FROM orders WHERE tenant_id = c.tenant_id AND id = p_order;
    IF o.status = 'PAID' OR o.needs_refund THEN
        RETURN o.status;
    END IF;
    SELECT array_agg(event_seat_id ORDER BY event_seat_id) INTO v_seats FROM order_item
    WHERE tenant_id = c.tenant_id AND order_id = p_order;
    IF o.hold_id IS NOT NULL THEN
        SELECT * INTO h FROM hold WHERE tenant_id = c.tenant_id AND id = o.hold_id FOR UPDATE;
        IF FOUND THEN
            BEGIN
                v_converted := bo_hold_convert(c, h) IS NOT DISTINCT FROM v_seats;
            EXCEPTION WHEN SQLSTATE 'BO006' THEN
                v_converted := false;  -- the subtransaction undid any partial conversion
            END;
        END IF;
    END IF;
    IF NOT v_converted THEN
        -- A late payment: accepted while nobody else holds or bought the seats (under their locks).
        PERFORM bo_lock_seats(o.event_id, v_seats);
        v_free := NOT EXISTS (
            SELECT 1 FROM unnest(v_seats) AS u(seat_id)
            CROSS JOIN LATERAL (SELECT es.id, es.retired, es.block_kind FROM event_seat es
                                WHERE es.tenant_id = c.tenant_id AND es.id = u.seat_id OFFSET 0) AS s
            WHERE s.retired OR s.block_kind = 'closed'
               OR EXISTS (SELECT 1 FROM order_item i WHERE i.tenant_id = c.tenant_id AND i.event_seat_id = s.id
                          AND i.state = 'sold')
               OR EXISTS (SELECT 1 FROM seat_lock k WHERE k.tenant_id = c.tenant_id AND k.event_seat_id = s.id
                          AND k.status = 'ACTIVE' AND k.expires_at > clock_timestamp()
                          AND k.hold_id IS DISTINCT FROM o.hold_id));
    END IF;
    IF v_converted OR v_free THEN
        IF NOT v_converted AND o.hold_id IS NOT NULL THEN
            UPDATE seat_lock SET status = 'CONVERTED', ended_at = clock_timestamp()
            WHERE tenant_id = c.tenant_id AND hold_id = o.hold_id AND status = 'ACTIVE';
        END IF;
        UPDATE order_item SET state = 'sold' WHERE tenant_id = c.tenant_id AND order_id = p_order;
        UPDATE orders SET status = 'PAID', paid_at = clock_timestamp() WHERE tenant_id = c.tenant_id AND id = p_order;
        PERFORM bo_log(c, 'order.paid', p_order, o.event_id, o.hold_id,
                       jsonb_build_object('payment', p_payment, 'seats', v_seats, 'late', NOT v_converted,
                                          'code', o.code, 'total', o.total, 'method', o.payment_method));
    ELSE
        -- The money arrived, the seats are gone: keep the money, flag the refund, tell the journal.
        UPDATE order_item SET state = 'void' WHERE tenant_id = c.tenant_id AND order_id = p_order;
        UPDATE orders SET needs_refund = true,
               status = CASE WHEN status = 'PENDING' THEN 'CANCELLED'::order_status ELSE status END
        WHERE tenant_id = c.tenant_id AND id = p_order;
        IF o.hold_id IS NOT NULL THEN
            UPDATE seat_lock SET status = 'RELEASED', ended_at = clock_timestamp()
            WHERE tenant_id = c.tenant_id AND hold_id = o.hold_id AND status = 'ACTIVE';
        END IF;
        PERFORM bo_log(c, 'order.needs_refund', p_order, o.event_id, o.hold_id,
                       jsonb_build_object('payment', p_payment, 'seats', v_seats,
                                          'why', 'paid after its seats were taken'));
    END IF;
    PERFORM bo_notify_seats(c.tenant_id, o.event_id, v_seats);
    SELECT * INTO o FROM orders WHERE tenant_id = c.tenant_id AND id = p_order;
    RETURN o.status;
END $$;

-- The payment will not come (refused, cancelled, or its window passed): a PENDING order ends, its items
-- are void, its seats go back on sale. A payment that succeeded keeps its status.
CREATE FUNCTION bo_online_unpaid(p_order bigint, p_payment bigint, p_status text, p_reason text)
RETURNS order_status
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = @schema@, pg_temp AS $$
DECLARE
    c bo_caller := bo_require('sell');
    p payment;
    o orders;
    v_seats bigint[];
BEGIN
    IF p_status IS NULL OR p_status NOT IN ('CANCELLED', 'EXPIRED') THEN
        PERFORM bo_refuse('BO047', format('an unpaid order becomes cancelled or expired, not %s', p_status),
                          jsonb_build_object('status', p_status));
    END IF;
    p := bo_lock_payment(c, p_order, p_payment);
    SELECT * INTO o FROM orders WHERE tenant_id = c.tenant_id AND id = p_order;
    UPDATE payment SET status = CASE WHEN status = 'SUCCEEDED' THEN status ELSE 'CANCELED' END,
           updated_at = clock_timestamp()
    WHERE tenant_id = c.tenant_id AND id = p_payment;
    IF o.status <> 'PENDING' THEN
        RETURN o.status;
    END IF;
    UPDATE orders SET status = p_status::order_status WHERE tenant_id = c.tenant_id AND id = p_order;
    UPDATE order_item SET state = 'void' WHERE tenant_id = c.tenant_id AND order_id = p_order AND state = 'reserved';
    IF o.hold_id IS NOT NULL THEN
        PERFORM 1 FROM hold WHERE tenant_id = c.tenant_id AND id = o.hold_id FOR UPDATE;
        WITH k AS (
            UPDATE seat_lock SET status = 'RELEASED', ended_at = clock_timestamp()
            WHERE tenant_id = c.tenant_id AND hold_id = o.hold_id AND status = 'ACTIVE'
            RETURNING event_seat_id
        )
        SELECT array_agg(event_seat_id ORDER BY event_seat_id) INTO v_seats FROM k;
    END IF;
    PERFORM bo_log(c, CASE p_status WHEN 'CANCELLED' THEN 'order.cancelled' ELSE 'order.expired' END,
                   p_order, o.event_id, o.hold_id,
                   jsonb_build_object('payment', p_payment, 'reason', left(coalesce(p_reason, ''), 500),
                                      'seats', coalesce(v_seats, '{}')));
    IF v_seats IS NOT NULL THEN
        PERFORM bo_notify_seats(c.tenant_id, o.event_id, v_seats);
    END IF;
    RETURN p_status::order_status;
END $$;
