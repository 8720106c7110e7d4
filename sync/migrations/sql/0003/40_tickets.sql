-- Tickets: codes are minted and checked here, with the tenant's signing key that no staff role can
-- read (tenant_secret is owner-only). The code format is the one Python signed before (ticket_crypto.sql
-- reproduces it byte for byte), so tickets already printed keep verifying.

-- Random bytes from core functions only (no pgcrypto in the embedded server): each v4 UUID carries
-- 122 random bits; sha256 over three of them gives 32 bytes from 366.
CREATE FUNCTION bo_random_key() RETURNS bytea
LANGUAGE sql VOLATILE AS $$
    SELECT sha256(uuid_send(gen_random_uuid()) || uuid_send(gen_random_uuid()) || uuid_send(gen_random_uuid()))
$$;

-- The tenant's ticket-signing key, made on first use (concurrent first uses agree on one key).
CREATE FUNCTION bo_ticket_key(p_tenant bigint) RETURNS bytea
LANGUAGE plpgsql VOLATILE AS $$
DECLARE v bytea;
BEGIN
    SELECT value INTO v FROM tenant_secret WHERE tenant_id = p_tenant AND name = 'tickets.signing_key';
    IF v IS NULL THEN
        INSERT INTO tenant_secret (tenant_id, name, value) VALUES (p_tenant, 'tickets.signing_key', bo_random_key())
        ON CONFLICT (tenant_id, name) DO NOTHING;
        SELECT value INTO v FROM tenant_secret WHERE tenant_id = p_tenant AND name = 'tickets.signing_key';
    END IF;
    RETURN v;
END $$;

-- The signed codes of an order's sold seats (a paid order only).
CREATE FUNCTION bo_ticket_codes(p_order bigint) RETURNS TABLE (item_id bigint, code text)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = @schema@, pg_temp AS $$
DECLARE
    c bo_caller := bo_require('view_orders');
    o orders;
    v_key bytea;
    v_slug text;
BEGIN
    SELECT * INTO o FROM orders WHERE tenant_id = c.tenant_id AND id = p_order;
    IF NOT FOUND THEN
        PERFORM bo_refuse('BO004', format('no order %s', p_order), jsonb_build_object('what', 'order', 'id', p_order));
    END IF;
    IF o.status NOT IN ('PAID', 'PARTIALLY_REFUNDED') THEN
        PERFORM bo_refuse('BO060', format('order %s is %s: it has no tickets', o.code, lower(o.status::text)),
                          jsonb_build_object('code', o.code, 'status', o.status));
    END IF;
    v_key := bo_ticket_key(c.tenant_id);
    SELECT slug INTO v_slug FROM tenant WHERE id = c.tenant_id;
    RETURN QUERY
    SELECT i.id, bo_ticket_sign(v_slug, v_key, i.id, i.event_id, i.ticket_serial::bigint, o.code, s.guid)
    FROM order_item i
    JOIN event_seat s ON s.tenant_id = i.tenant_id AND s.id = i.event_seat_id
    WHERE i.tenant_id = c.tenant_id AND i.order_id = p_order AND i.state = 'sold'
    ORDER BY i.id;
END $$;

-- A new code for a seat (lost or spoiled paper): the old code is void from now on.
CREATE FUNCTION bo_ticket_reissue(p_item bigint) RETURNS TABLE (item_id bigint, code text)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = @schema@, pg_temp AS $$
DECLARE
    c bo_caller := bo_require('sell');
    r record;
    v_slug text;
BEGIN
    UPDATE order_item i SET ticket_serial = i.ticket_serial + 1
    WHERE i.tenant_id = c.tenant_id AND i.id = p_item AND i.state = 'sold'
    RETURNING i.id, i.order_id, i.event_id, i.ticket_serial, i.event_seat_id INTO r;
    IF r.id IS NULL THEN
        PERFORM bo_refuse('BO004', format('no sold ticket %s', p_item), jsonb_build_object('what', 'ticket', 'id', p_item));
    END IF;
    PERFORM bo_log(c, 'ticket.reissued', r.order_id, r.event_id, NULL,
                   jsonb_build_object('item', p_item, 'serial', r.ticket_serial, 'voids', r.ticket_serial - 1));
    SELECT slug INTO v_slug FROM tenant WHERE id = c.tenant_id;
    RETURN QUERY
    SELECT r.id, bo_ticket_sign(v_slug, bo_ticket_key(c.tenant_id), r.id, r.event_id, r.ticket_serial::bigint, o.code, s.guid)
    FROM orders o, event_seat s
    WHERE o.tenant_id = c.tenant_id AND o.id = r.order_id AND s.tenant_id = c.tenant_id AND s.id = r.event_seat_id;
END $$;

-- The answer at the door: valid, void (reprinted, refunded, cancelled) or invalid, with the reason as a
-- key the station words (see the client's refusal catalogue).
CREATE FUNCTION bo_ticket_check(p_code text) RETURNS TABLE (
    status text, reason text, item_state text, order_code text, label text, event_name text, item_id bigint
)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = @schema@, pg_temp AS $$
DECLARE
    c bo_caller := bo_caller();
    v record;
    v_slug text;
    r record;
BEGIN
    SELECT * INTO v FROM bo_ticket_read(p_code);
    IF v.problem IS NOT NULL THEN
        RETURN QUERY SELECT 'invalid', v.problem, NULL::text, NULL::text, NULL::text, NULL::text, NULL::bigint;
        RETURN;
    END IF;
    SELECT t.slug INTO v_slug FROM tenant t WHERE t.id = c.tenant_id;
    IF v.slug IS DISTINCT FROM v_slug THEN
        RETURN QUERY SELECT 'invalid', 'other_tenant', NULL::text, NULL::text, NULL::text, NULL::text, NULL::bigint;
        RETURN;
    END IF;
    SELECT * INTO v FROM bo_ticket_verify(p_code, bo_ticket_key(c.tenant_id));
    IF v.problem IS NOT NULL THEN
        RETURN QUERY SELECT 'invalid', v.problem, NULL::text, NULL::text, NULL::text, NULL::text, NULL::bigint;
        RETURN;
    END IF;
    SELECT i.state, i.ticket_serial, i.event_id, o.code, s.label, e.name INTO r
    FROM order_item i
    JOIN orders o ON o.tenant_id = i.tenant_id AND o.id = i.order_id
    JOIN event_seat s ON s.tenant_id = i.tenant_id AND s.id = i.event_seat_id
    JOIN event e ON e.tenant_id = i.tenant_id AND e.id = i.event_id
    WHERE i.tenant_id = c.tenant_id AND i.id = v.item_id;
    IF NOT FOUND OR r.code <> v.order_code OR r.event_id <> v.event_id THEN
        RETURN QUERY SELECT 'invalid', 'unknown_ticket', NULL::text, NULL::text, NULL::text, NULL::text, NULL::bigint;
        RETURN;
    END IF;
    IF r.state <> 'sold' THEN
        RETURN QUERY SELECT 'void', 'not_sold', r.state, r.code, r.label, r.name, v.item_id;
    ELSIF v.serial <> r.ticket_serial THEN
        RETURN QUERY SELECT 'void', 'reprinted', r.state, r.code, r.label, r.name, v.item_id;
    ELSE
        RETURN QUERY SELECT 'valid', 'valid', r.state, r.code, r.label, r.name, v.item_id;
    END IF;
END $$;
