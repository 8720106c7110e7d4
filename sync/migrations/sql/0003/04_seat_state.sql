-- One definition of "this seat is taken", by the server's clock: sold, or under a live hold.
CREATE FUNCTION bo_seat_taken(p_tenant bigint, p_seat bigint) RETURNS boolean
LANGUAGE sql STABLE AS $$
    SELECT EXISTS (SELECT 1 FROM order_item i
                   WHERE i.tenant_id = p_tenant AND i.event_seat_id = p_seat AND i.state = 'sold')
        OR EXISTS (SELECT 1 FROM seat_lock k
                   WHERE k.tenant_id = p_tenant AND k.event_seat_id = p_seat AND k.status = 'ACTIVE'
                     AND k.expires_at > clock_timestamp())
$$;
