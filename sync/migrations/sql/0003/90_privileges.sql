-- What staff may touch directly: read their own tenant's rows (policies filter them), call the
-- server's functions. Nothing else: no INSERT, UPDATE, DELETE or TRUNCATE on any table, no access at
-- all to the secrets and the login mapping, no internal helper.
REVOKE ALL ON ALL TABLES IN SCHEMA @schema@ FROM PUBLIC;
REVOKE ALL ON ALL SEQUENCES IN SCHEMA @schema@ FROM PUBLIC;
REVOKE EXECUTE ON ALL FUNCTIONS IN SCHEMA @schema@ FROM PUBLIC;

DO $$
BEGIN
    -- The single application role of earlier versions: nothing of this database is its any more.
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'boxoffice_app') THEN
        EXECUTE 'REVOKE ALL ON ALL TABLES IN SCHEMA @schema@ FROM boxoffice_app';
        EXECUTE 'REVOKE ALL ON ALL SEQUENCES IN SCHEMA @schema@ FROM boxoffice_app';
        EXECUTE 'REVOKE ALL ON ALL FUNCTIONS IN SCHEMA @schema@ FROM boxoffice_app';
        EXECUTE 'REVOKE ALL ON SCHEMA @schema@ FROM boxoffice_app';
    END IF;
END $$;

GRANT USAGE ON SCHEMA @schema@ TO boxoffice_staff;
GRANT SELECT ON alembic_version, role_permission, tenant, staff_user, venue, seatmap, event, event_seat,
    price_type, event_price, hold, seat_lock, customer, cash_shift, orders, order_item, payment, refund, order_log,
    event_seat_state
    TO boxoffice_staff;

-- Called by the policies (as the querying role) and by readers.
GRANT EXECUTE ON FUNCTION bo_tenant(), bo_is_owner_side(), bo_seat_taken(bigint, bigint) TO boxoffice_staff;

-- The server's functions a station calls.
GRANT EXECUTE ON FUNCTION
    bo_whoami(),
    bo_feed_channel(),
    bo_hold(bigint, bigint[], double precision, boolean, bigint, integer),
    bo_hold_extend(bigint, double precision),
    bo_hold_release(bigint, bigint[]),
    bo_reap(),
    bo_sweeper_elect(),
    bo_seats_block(bigint, bigint[], text, text),
    bo_seats_unblock(bigint, bigint[]),
    bo_sell(bigint, text, jsonb, jsonb, numeric),
    bo_online_start(bigint, text, jsonb, jsonb, text),
    bo_payment_request(bigint, jsonb),
    bo_payment_result(bigint, text, text, numeric, text, text),
    bo_payment_unknown(bigint, text),
    bo_online_paid(bigint, bigint),
    bo_online_unpaid(bigint, bigint, text, text),
    bo_shift_report(bigint),
    bo_shift_open(numeric),
    bo_shift_x_report(),
    bo_shift_close(numeric, text),
    bo_ticket_codes(bigint),
    bo_ticket_reissue(bigint),
    bo_ticket_check(text),
    bo_settings_update(jsonb),
    bo_branding_update(jsonb),
    bo_yookassa_configure(text, text, text),
    bo_yookassa_credentials(),
    bo_yookassa_settings(),
    bo_secrets_stored(),
    bo_staff_create(text, text, text, text),
    bo_staff_set_role(text, text),
    bo_staff_disable(text),
    bo_staff_enable(text),
    bo_staff_password(text, text),
    bo_seatmap_save(bigint, text, text, jsonb, jsonb, integer, double precision, double precision),
    bo_seatmap_publish(bigint),
    bo_event_create(text, bigint, timestamptz, jsonb),
    bo_event_move(bigint, bigint, jsonb)
TO boxoffice_staff;
