-- Cash shifts: a float at the start, an X report to look, a count and a Z report to close. The figures
-- (and so the drawer's expected cash) are the server's sums of the shift's payments, nobody's input.

CREATE FUNCTION bo_check_money(p_amount numeric, p_what text) RETURNS void
LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
    IF p_amount IS NULL OR p_amount < 0 OR p_amount <> round(p_amount, 2) OR p_amount >= 10000000000 THEN
        PERFORM bo_refuse('BO050', format('the %s must be a positive amount of money', p_what),
                          jsonb_build_object('what', p_what, 'amount', p_amount));
    END IF;
END $$;

-- What a shift took, by the server's sums: totals by payment method, orders, tickets, cash refunds, and
-- the cash the drawer should hold.
CREATE FUNCTION bo_shift_figures(p_tenant bigint, p_shift bigint) RETURNS jsonb
LANGUAGE sql STABLE AS $$
    WITH s AS (
        SELECT c.*, coalesce(nullif(u.display_name, ''), u.username, '') AS cashier
        FROM cash_shift c LEFT JOIN staff_user u ON u.tenant_id = c.tenant_id AND u.id = c.user_id
        WHERE c.tenant_id = p_tenant AND c.id = p_shift
    ), totals AS (
        SELECT p.provider, sum(p.amount) AS amount FROM payment p
        JOIN orders o ON o.tenant_id = p.tenant_id AND o.id = p.order_id
        WHERE p.tenant_id = p_tenant AND o.shift_id = p_shift AND p.status = 'SUCCEEDED'
        GROUP BY p.provider
    ), counts AS (
        SELECT count(DISTINCT o.id) AS orders, count(i.id) FILTER (WHERE i.state = 'sold') AS tickets
        FROM orders o LEFT JOIN order_item i ON i.tenant_id = o.tenant_id AND i.order_id = o.id
        WHERE o.tenant_id = p_tenant AND o.shift_id = p_shift
          AND o.status IN ('PAID', 'PARTIALLY_REFUNDED', 'REFUNDED')
    ), refunds AS (
        SELECT coalesce(sum(r.amount), 0) AS amount FROM refund r
        JOIN payment p ON p.tenant_id = r.tenant_id AND p.id = r.payment_id
        JOIN orders o ON o.tenant_id = r.tenant_id AND o.id = r.order_id
        WHERE r.tenant_id = p_tenant AND o.shift_id = p_shift AND p.provider = 'cash' AND r.status = 'SUCCEEDED'
    )
    SELECT jsonb_build_object(
        'shift_id', s.id, 'station', s.station, 'cashier', s.cashier, 'opened_at', s.opened_at,
        'closed_at', s.closed_at, 'opening_float', s.opening_float::text,
        'totals', coalesce((SELECT jsonb_object_agg(t.provider, t.amount::text ORDER BY t.provider) FROM totals t), '{}'),
        'orders', (SELECT orders FROM counts), 'tickets', (SELECT tickets FROM counts),
        'refunds', (SELECT amount FROM refunds)::text,
        'expected_cash', (s.opening_float + coalesce((SELECT amount FROM totals WHERE provider = 'cash'), 0)
                          - (SELECT amount FROM refunds))::text,
        'counted_cash', s.counted_cash::text, 'difference', s.difference::text,
        'difference_reason', s.difference_reason)
    FROM s
$$;

-- A shift's report for the caller: a blind count (no expected cash) for roles that may not see it,
-- until the shift is closed and its Z report says it all.
CREATE FUNCTION bo_shift_report(p_shift bigint) RETURNS jsonb
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = @schema@, pg_temp AS $$
DECLARE
    c bo_caller := bo_caller();
    v jsonb := bo_shift_figures(c.tenant_id, p_shift);
BEGIN
    IF v IS NULL THEN
        PERFORM bo_refuse('BO004', format('no shift %s', p_shift), jsonb_build_object('what', 'shift', 'id', p_shift));
    END IF;
    IF v ->> 'closed_at' IS NULL AND NOT c.owner AND NOT EXISTS (
        SELECT 1 FROM role_permission r WHERE r.role = c.role AND r.permission = 'see_expected_cash'
    ) THEN
        v := v || jsonb_build_object('expected_cash', NULL);
    END IF;
    RETURN v;
END $$;

CREATE FUNCTION bo_open_shift_at(c bo_caller, p_lock boolean) RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE v_id bigint;
BEGIN
    IF p_lock THEN
        SELECT id INTO v_id FROM cash_shift
        WHERE tenant_id = c.tenant_id AND station = c.station AND closed_at IS NULL FOR UPDATE;
    ELSE
        SELECT id INTO v_id FROM cash_shift WHERE tenant_id = c.tenant_id AND station = c.station AND closed_at IS NULL;
    END IF;
    IF v_id IS NULL THEN
        PERFORM bo_refuse('BO052', format('no shift is open at %s', c.station), jsonb_build_object('station', c.station));
    END IF;
    RETURN v_id;
END $$;

CREATE FUNCTION bo_shift_open(p_float numeric) RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = @schema@, pg_temp AS $$
DECLARE
    c bo_caller := bo_require('run_shift');
    v_id bigint;
BEGIN
    PERFORM bo_check_money(p_float, 'opening float');
    IF EXISTS (SELECT 1 FROM cash_shift WHERE tenant_id = c.tenant_id AND station = c.station AND closed_at IS NULL) THEN
        PERFORM bo_refuse('BO051', format('a shift is already open at %s', c.station), jsonb_build_object('station', c.station));
    END IF;
    INSERT INTO cash_shift (tenant_id, station, user_id, opening_float)
    VALUES (c.tenant_id, c.station, c.user_id, p_float) RETURNING id INTO v_id;
    PERFORM bo_log(c, 'shift.opened', NULL, NULL, NULL, jsonb_build_object('shift', v_id, 'float', p_float));
    RETURN v_id;
END $$;

CREATE FUNCTION bo_shift_x_report() RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = @schema@, pg_temp AS $$
DECLARE
    c bo_caller := bo_require('run_shift');
    v_id bigint := bo_open_shift_at(c, false);
BEGIN
    PERFORM bo_log(c, 'shift.x_report', NULL, NULL, NULL, jsonb_build_object('shift', v_id));
    RETURN v_id;
END $$;

-- Count the drawer and close the station's shift: the Z report, with the difference and its reason.
CREATE FUNCTION bo_shift_close(p_counted numeric, p_reason text DEFAULT NULL) RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = @schema@, pg_temp AS $$
DECLARE
    c bo_caller := bo_require('run_shift');
    v_id bigint;
    v jsonb;
    v_expected numeric(12, 2);
    v_difference numeric(12, 2);
    v_reason text := nullif(btrim(coalesce(p_reason, '')), '');
BEGIN
    PERFORM bo_check_money(p_counted, 'counted cash');
    v_id := bo_open_shift_at(c, true);
    v := bo_shift_figures(c.tenant_id, v_id);
    v_expected := (v ->> 'expected_cash')::numeric;
    v_difference := p_counted - v_expected;
    IF v_difference <> 0 AND v_reason IS NULL THEN
        PERFORM bo_refuse('BO053', format('the drawer is %s %s: give a reason to close', abs(v_difference),
                                          CASE WHEN v_difference > 0 THEN 'over' ELSE 'short' END),
                          jsonb_build_object('difference', v_difference));
    END IF;
    UPDATE cash_shift SET closed_at = clock_timestamp(), expected_cash = v_expected, counted_cash = p_counted,
           difference = v_difference, difference_reason = v_reason
    WHERE tenant_id = c.tenant_id AND id = v_id;
    UPDATE cash_shift SET z_report = bo_shift_figures(c.tenant_id, v_id) WHERE tenant_id = c.tenant_id AND id = v_id;
    PERFORM bo_log(c, 'shift.closed', NULL, NULL, NULL,
                   jsonb_build_object('shift', v_id, 'expected', v_expected, 'counted', p_counted,
                                      'difference', v_difference, 'reason', v_reason));
    RETURN v_id;
END $$;
