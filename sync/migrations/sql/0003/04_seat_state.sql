-- One definition of a seat's state, by the server's clock, for every reader (the sales map, the event
-- list's counts, blocks, remaps): sold, held (a live lock: ACTIVE and not yet expired), blocked, or free.
-- The joins carry tenant, event and seat, so a reader's filter reaches every table of the view (an
-- event's map hashes its few live locks and its sold seats; one seat is a key lookup each).
-- security_invoker: the caller's row-level security applies.
CREATE VIEW event_seat_state WITH (security_invoker = true) AS
SELECT s.tenant_id, s.event_id, s.id AS seat_id, s.guid, s.zone, s."row", s.number, s.label, s.category, s.x, s.y,
       s.row_key, s.ordinal, s.wheelchair, s.companion_of, s.restricted_view, s.block_kind, s.block_reason,
       CASE WHEN sold.event_seat_id IS NOT NULL THEN 'sold'
            WHEN l.hold_id IS NOT NULL THEN 'held'
            WHEN s.block_kind IS NOT NULL THEN 'blocked'
            ELSE 'free' END AS state,
       l.hold_id, l.expires_at AS hold_expires_at, l.station AS holder_station
FROM event_seat s
LEFT JOIN (
    SELECT k.tenant_id, k.event_id, k.event_seat_id, k.hold_id, k.expires_at, h.station
    FROM seat_lock k JOIN hold h ON h.tenant_id = k.tenant_id AND h.id = k.hold_id
    WHERE k.status = 'ACTIVE' AND k.expires_at > clock_timestamp()
) AS l ON l.tenant_id = s.tenant_id AND l.event_id = s.event_id AND l.event_seat_id = s.id
LEFT JOIN (
    SELECT DISTINCT i.tenant_id, i.event_id, i.event_seat_id FROM order_item i WHERE i.state = 'sold'
) AS sold ON sold.tenant_id = s.tenant_id AND sold.event_id = s.event_id AND sold.event_seat_id = s.id
WHERE NOT s.retired;

-- A seat held or sold (what blocks and remaps must not touch).
CREATE FUNCTION bo_seat_taken(p_tenant bigint, p_seat bigint) RETURNS boolean
LANGUAGE sql STABLE AS $$
    SELECT EXISTS (SELECT 1 FROM event_seat_state st
                   WHERE st.tenant_id = p_tenant AND st.seat_id = p_seat AND st.state IN ('held', 'sold'))
$$;
