-- Seatmaps (drafts saved in place, a published version never changed: saving over it makes the next
-- version) and events (a published version with its own copy of the seats, and its prices).

CREATE FUNCTION bo_check_layout(p_layout jsonb) RETURNS void LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
    IF p_layout IS NULL OR jsonb_typeof(p_layout) <> 'object'
       OR jsonb_typeof(p_layout -> 'categories') IS DISTINCT FROM 'array'
       OR jsonb_typeof(p_layout -> 'seats') IS DISTINCT FROM 'array'
       OR EXISTS (SELECT 1 FROM jsonb_array_elements(p_layout -> 'categories') AS x WHERE jsonb_typeof(x) <> 'string')
       OR EXISTS (SELECT 1 FROM jsonb_array_elements(p_layout -> 'seats') AS s
                  WHERE jsonb_typeof(s) <> 'object' OR jsonb_typeof(s -> 'guid') IS DISTINCT FROM 'string'
                     OR jsonb_typeof(s -> 'category') IS DISTINCT FROM 'string'
                     OR jsonb_typeof(s -> 'x') IS DISTINCT FROM 'number'
                     OR jsonb_typeof(s -> 'y') IS DISTINCT FROM 'number') THEN
        PERFORM bo_refuse('BO100', 'a seatmap layout is {"categories": [names], "seats": [{guid, category, x, y, ...}]}');
    END IF;
    IF (SELECT count(DISTINCT s ->> 'guid') <> count(*) FROM jsonb_array_elements(p_layout -> 'seats') AS s) THEN
        PERFORM bo_refuse('BO100', 'every seat of a layout needs a guid of its own');
    END IF;
END $$;

-- The layout's seats as rows.
CREATE FUNCTION bo_layout_seats(p_layout jsonb) RETURNS TABLE (
    guid text, zone text, "row" text, number text, label text, category text, x double precision,
    y double precision, row_key text, ordinal integer, wheelchair boolean, companion_of text, restricted_view boolean
) LANGUAGE sql IMMUTABLE AS $$
    SELECT s.guid, coalesce(s.zone, ''), coalesce(s."row", ''), coalesce(s.number, ''), coalesce(s.label, ''),
           s.category, s.x, s.y, coalesce(s.row_key, ''), coalesce(s.ordinal, 0), coalesce(s.wheelchair, false),
           s.companion_of, coalesce(s.restricted_view, false)
    FROM jsonb_to_recordset(p_layout -> 'seats') AS s(
        guid text, zone text, "row" text, number text, label text, category text, x double precision,
        y double precision, row_key text, ordinal integer, wheelchair boolean, companion_of text, restricted_view boolean)
$$;

CREATE FUNCTION bo_seatmap_save(
    p_id bigint, p_name text, p_venue text, p_document jsonb, p_layout jsonb, p_seat_count integer,
    p_focal_x double precision, p_focal_y double precision
) RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = @schema@, pg_temp AS $$
DECLARE
    c bo_caller := bo_require('edit_seatmaps');
    m seatmap;
    v_name text := nullif(btrim(coalesce(p_name, '')), '');
    v_venue bigint;
    v_series bigint;
    v_version integer;
    v_id bigint;
BEGIN
    IF p_document IS NULL OR jsonb_typeof(p_document) <> 'object' THEN
        PERFORM bo_refuse('BO100', 'a seatmap document is a JSON object');
    END IF;
    PERFORM bo_check_layout(p_layout);
    IF p_id IS NULL THEN
        v_name := coalesce(v_name, 'Seatmap');
        SELECT id INTO v_venue FROM venue
        WHERE tenant_id = c.tenant_id AND name = coalesce(nullif(btrim(coalesce(p_venue, '')), ''), v_name);
        IF v_venue IS NULL THEN
            INSERT INTO venue (tenant_id, name) VALUES (c.tenant_id, coalesce(nullif(btrim(coalesce(p_venue, '')), ''), v_name))
            RETURNING id INTO v_venue;
        END IF;
        INSERT INTO seatmap (tenant_id, venue_id, name, version, status, document, layout, seat_count, focal_x, focal_y)
        VALUES (c.tenant_id, v_venue, v_name, 1, 'draft', p_document, p_layout, coalesce(p_seat_count, 0), p_focal_x, p_focal_y)
        RETURNING id INTO v_id;
        UPDATE seatmap SET series_id = v_id WHERE tenant_id = c.tenant_id AND id = v_id;
        PERFORM bo_log(c, 'seatmap.created', NULL, NULL, NULL, jsonb_build_object('seatmap', v_id, 'name', v_name));
        RETURN v_id;
    END IF;
    SELECT * INTO m FROM seatmap WHERE tenant_id = c.tenant_id AND id = p_id FOR UPDATE;
    IF NOT FOUND THEN
        PERFORM bo_refuse('BO004', format('no seatmap %s', p_id), jsonb_build_object('what', 'seatmap', 'id', p_id));
    END IF;
    IF m.status = 'draft' THEN
        UPDATE seatmap SET document = p_document, layout = p_layout, seat_count = coalesce(p_seat_count, 0),
               focal_x = p_focal_x, focal_y = p_focal_y, name = coalesce(v_name, name)
        WHERE tenant_id = c.tenant_id AND id = p_id;
        RETURN p_id;
    END IF;
    -- Serialise two editors making the next version of the same map at once.
    v_series := coalesce(m.series_id, m.id);
    PERFORM 1 FROM seatmap WHERE tenant_id = c.tenant_id AND id = v_series FOR UPDATE;
    SELECT max(version) INTO v_version FROM seatmap WHERE tenant_id = c.tenant_id AND series_id = v_series;
    INSERT INTO seatmap (tenant_id, venue_id, series_id, name, version, status, document, layout, seat_count,
                         focal_x, focal_y)
    VALUES (c.tenant_id, m.venue_id, v_series, coalesce(v_name, m.name), v_version + 1, 'draft', p_document, p_layout,
            coalesce(p_seat_count, 0), p_focal_x, p_focal_y)
    RETURNING id INTO v_id;
    RETURN v_id;
END $$;

-- Publishing freezes a version: it is never changed again (the editor's check runs on the station
-- first; the server knows the layout events will copy).
CREATE FUNCTION bo_seatmap_publish(p_id bigint) RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = @schema@, pg_temp AS $$
DECLARE
    c bo_caller := bo_require('edit_seatmaps');
    m seatmap;
BEGIN
    SELECT * INTO m FROM seatmap WHERE tenant_id = c.tenant_id AND id = p_id FOR UPDATE;
    IF NOT FOUND THEN
        PERFORM bo_refuse('BO004', format('no seatmap %s', p_id), jsonb_build_object('what', 'seatmap', 'id', p_id));
    END IF;
    IF m.status = 'published' THEN
        PERFORM bo_refuse('BO101', format('version %s of %s is already published', m.version, m.name),
                          jsonb_build_object('name', m.name, 'version', m.version));
    END IF;
    IF m.layout IS NULL THEN
        PERFORM bo_refuse('BO102', format('version %s of %s has no layout: save it again', m.version, m.name),
                          jsonb_build_object('name', m.name, 'version', m.version));
    END IF;
    UPDATE seatmap SET status = 'published', published_at = clock_timestamp() WHERE tenant_id = c.tenant_id AND id = p_id;
    PERFORM bo_log(c, 'seatmap.published', NULL, NULL, NULL,
                   jsonb_build_object('seatmap', p_id, 'name', m.name, 'version', m.version, 'seats', m.seat_count));
END $$;

CREATE FUNCTION bo_published_seatmap(c bo_caller, p_id bigint) RETURNS seatmap
LANGUAGE plpgsql AS $$
DECLARE m seatmap;
BEGIN
    SELECT * INTO m FROM seatmap WHERE tenant_id = c.tenant_id AND id = p_id;
    IF NOT FOUND THEN
        PERFORM bo_refuse('BO004', format('no seatmap %s', p_id), jsonb_build_object('what', 'seatmap', 'id', p_id));
    END IF;
    IF m.status <> 'published' THEN
        PERFORM bo_refuse('BO111', format('version %s of %s is a draft: publish it first', m.version, m.name),
                          jsonb_build_object('name', m.name, 'version', m.version));
    END IF;
    IF m.layout IS NULL THEN
        PERFORM bo_refuse('BO102', format('version %s of %s has no layout: save it again', m.version, m.name),
                          jsonb_build_object('name', m.name, 'version', m.version));
    END IF;
    RETURN m;
END $$;

-- Prices [{category, price_type, price}] for p_categories of an event, checked and stored; with
-- p_need_full every category must get a "full" price.
CREATE FUNCTION bo_prices_put(c bo_caller, p_event bigint, p_prices jsonb, p_categories text[], p_need_full boolean)
RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
    r record;
    v_type bigint;
    v_count integer := 0;
    v_missing text;
BEGIN
    IF p_prices IS NULL OR jsonb_typeof(p_prices) <> 'array' THEN
        PERFORM bo_refuse('BO115', 'prices are a list of {category, price_type, price}', jsonb_build_object('price', NULL));
    END IF;
    FOR r IN SELECT x ->> 'category' AS category, coalesce(x ->> 'price_type', 'full') AS price_type, x -> 'price' AS price
             FROM jsonb_array_elements(p_prices) AS x LOOP
        IF r.category IS NULL OR NOT (r.category = ANY (p_categories)) THEN
            PERFORM bo_refuse('BO112', format('the seatmap has no category %s', r.category),
                              jsonb_build_object('category', r.category, 'categories', to_jsonb(p_categories)));
        END IF;
        SELECT id INTO v_type FROM price_type WHERE tenant_id = c.tenant_id AND name = r.price_type;
        IF v_type IS NULL THEN
            PERFORM bo_refuse('BO113', format('unknown price type %s', r.price_type),
                              jsonb_build_object('price_type', r.price_type, 'category', r.category,
                                                 'known', (SELECT jsonb_agg(name ORDER BY sort_order, name) FROM price_type
                                                           WHERE tenant_id = c.tenant_id)));
        END IF;
        IF r.price IS NULL OR jsonb_typeof(r.price) NOT IN ('number', 'string')
           OR (r.price #>> '{}') !~ '^[0-9]{1,10}(\.[0-9]{1,2})?$' THEN
            PERFORM bo_refuse('BO115', format('%s is not a price', r.price),
                              jsonb_build_object('price', r.price, 'category', r.category, 'price_type', r.price_type));
        END IF;
        INSERT INTO event_price (tenant_id, event_id, category, price_type_id, price)
        VALUES (c.tenant_id, p_event, r.category, v_type, (r.price #>> '{}')::numeric)
        ON CONFLICT (tenant_id, event_id, category, price_type_id) DO UPDATE SET price = excluded.price;
        v_count := v_count + 1;
    END LOOP;
    IF p_need_full THEN
        SELECT x INTO v_missing FROM unnest(p_categories) AS x
        WHERE NOT EXISTS (SELECT 1 FROM event_price p JOIN price_type t ON t.tenant_id = p.tenant_id AND t.id = p.price_type_id
                          WHERE p.tenant_id = c.tenant_id AND p.event_id = p_event AND p.category = x AND t.name = 'full')
        ORDER BY x LIMIT 1;
        IF v_missing IS NOT NULL THEN
            PERFORM bo_refuse('BO114', format('the event has no full price for the category %s', v_missing),
                              jsonb_build_object('category', v_missing));
        END IF;
    END IF;
    RETURN v_count;
END $$;

CREATE FUNCTION bo_layout_categories(p_layout jsonb) RETURNS text[] LANGUAGE sql IMMUTABLE AS $$
    SELECT coalesce(array_agg(x ORDER BY n), '{}') FROM jsonb_array_elements_text(p_layout -> 'categories') WITH ORDINALITY AS t(x, n)
$$;

CREATE FUNCTION bo_event_create(p_name text, p_seatmap bigint, p_starts_at timestamptz, p_prices jsonb) RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = @schema@, pg_temp AS $$
DECLARE
    c bo_caller := bo_require('manage_events');
    m seatmap;
    v_id bigint;
    v_seats integer;
BEGIN
    IF coalesce(btrim(p_name), '') = '' THEN
        PERFORM bo_refuse('BO110', 'an event needs a name');
    END IF;
    IF p_starts_at IS NULL THEN
        PERFORM bo_refuse('BO110', 'an event needs a start time');
    END IF;
    m := bo_published_seatmap(c, p_seatmap);
    INSERT INTO event (tenant_id, name, seatmap_id, starts_at) VALUES (c.tenant_id, btrim(p_name), m.id, p_starts_at)
    RETURNING id INTO v_id;
    PERFORM bo_prices_put(c, v_id, p_prices, bo_layout_categories(m.layout), true);
    INSERT INTO event_seat (tenant_id, event_id, guid, zone, "row", number, label, category, x, y, row_key, ordinal,
                            wheelchair, companion_of, restricted_view)
    SELECT c.tenant_id, v_id, s.guid, s.zone, s."row", s.number, s.label, s.category, s.x, s.y, s.row_key, s.ordinal,
           s.wheelchair, s.companion_of, s.restricted_view
    FROM bo_layout_seats(m.layout) s;
    GET DIAGNOSTICS v_seats = ROW_COUNT;
    PERFORM bo_log(c, 'event.created', NULL, v_id, NULL,
                   jsonb_build_object('name', btrim(p_name), 'seatmap', m.id, 'starts_at', p_starts_at, 'seats', v_seats));
    RETURN v_id;
END $$;

-- Give an event another published version, remapping its seats by guid: seats keep their ids (holds
-- and sales stay attached), vanished seats are retired, new ones added. Refused, with the list, when a
-- held or sold seat would vanish or change its zone, row, number or category; new categories need prices.
CREATE FUNCTION bo_event_move(p_event bigint, p_seatmap bigint, p_prices jsonb DEFAULT '[]')
RETURNS TABLE (kept integer, added integer, retired integer, changed integer)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = @schema@, pg_temp AS $$
#variable_conflict use_column
DECLARE
    c bo_caller := bo_require('manage_events');
    e event;
    m seatmap;
    v_problems jsonb;
    v_missing text[];
    v_kept integer;
    v_added integer;
    v_retired integer;
    v_changed integer;
BEGIN
    SELECT * INTO e FROM event WHERE tenant_id = c.tenant_id AND id = p_event FOR UPDATE;
    IF NOT FOUND THEN
        PERFORM bo_refuse('BO004', format('no event %s', p_event), jsonb_build_object('what', 'event', 'id', p_event));
    END IF;
    m := bo_published_seatmap(c, p_seatmap);
    -- No hold or sale may happen on this event while its seats are rewritten.
    PERFORM bo_set_lock_timeout(3000);
    PERFORM pg_advisory_xact_lock(bo_event_key(p_event));

    WITH new AS (SELECT * FROM bo_layout_seats(m.layout)),
    old AS (SELECT * FROM event_seat s WHERE s.tenant_id = c.tenant_id AND s.event_id = p_event AND NOT s.retired),
    busy AS (
        SELECT o.id FROM old o
        WHERE bo_seat_taken(c.tenant_id, o.id)
           OR EXISTS (SELECT 1 FROM order_item i WHERE i.tenant_id = c.tenant_id AND i.event_seat_id = o.id
                      AND i.state IN ('reserved', 'sold'))
    ),
    problems AS (
        SELECT o.id, coalesce(nullif(o.label, ''), o.guid) AS label,
               CASE WHEN n.guid IS NULL THEN 'gone' ELSE 'changed' END AS reason,
               CASE WHEN n.guid IS NULL THEN '[]'::jsonb ELSE
                   (SELECT coalesce(jsonb_agg(f), '[]') FROM (VALUES
                       ('zone', o.zone IS DISTINCT FROM n.zone), ('row', o."row" IS DISTINCT FROM n."row"),
                       ('number', o.number IS DISTINCT FROM n.number), ('category', o.category IS DISTINCT FROM n.category)
                   ) AS d(f, differs) WHERE d.differs) END AS fields
        FROM old o JOIN busy b ON b.id = o.id LEFT JOIN new n ON n.guid = o.guid
    )
    SELECT jsonb_agg(jsonb_build_object('id', p.id, 'label', p.label, 'reason', p.reason, 'fields', p.fields) ORDER BY p.id)
    INTO v_problems FROM problems p WHERE p.reason = 'gone' OR p.fields <> '[]'::jsonb;
    IF v_problems IS NOT NULL THEN
        PERFORM bo_refuse('BO116', format('the event cannot move to version %s: %s held or sold seats would vanish or change',
                                          m.version, jsonb_array_length(v_problems)),
                          jsonb_build_object('version', m.version, 'seats', v_problems));
    END IF;

    SELECT array_agg(x ORDER BY x) INTO v_missing FROM unnest(bo_layout_categories(m.layout)) AS x
    WHERE NOT EXISTS (SELECT 1 FROM event_price p WHERE p.tenant_id = c.tenant_id AND p.event_id = p_event AND p.category = x);
    IF v_missing IS NOT NULL THEN
        IF NOT EXISTS (SELECT 1 FROM unnest(v_missing) AS x WHERE NOT EXISTS (
                SELECT 1 FROM jsonb_array_elements(coalesce(p_prices, '[]')) AS g
                WHERE g ->> 'category' = x AND coalesce(g ->> 'price_type', 'full') = 'full')) THEN
            PERFORM bo_prices_put(c, p_event,
                                  (SELECT coalesce(jsonb_agg(g), '[]') FROM jsonb_array_elements(p_prices) AS g
                                   WHERE g ->> 'category' = ANY (v_missing)),
                                  v_missing, true);
        ELSE
            PERFORM bo_refuse('BO117', format('version %s has categories this event has no prices for: %s',
                                              m.version, array_to_string(v_missing, ', ')),
                              jsonb_build_object('version', m.version, 'categories', to_jsonb(v_missing)));
        END IF;
    END IF;

    -- Seats in both: their fields follow the new version.
    WITH n AS (SELECT * FROM bo_layout_seats(m.layout)),
    u AS (
        UPDATE event_seat s SET zone = n.zone, "row" = n."row", number = n.number, label = n.label,
               category = n.category, x = n.x, y = n.y, row_key = n.row_key, ordinal = n.ordinal,
               wheelchair = n.wheelchair, companion_of = n.companion_of, restricted_view = n.restricted_view
        FROM n
        WHERE s.tenant_id = c.tenant_id AND s.event_id = p_event AND NOT s.retired AND s.guid = n.guid
          AND (s.zone, s."row", s.number, s.label, s.category, s.x, s.y, s.row_key, s.ordinal, s.wheelchair,
               s.companion_of, s.restricted_view)
              IS DISTINCT FROM (n.zone, n."row", n.number, n.label, n.category, n.x, n.y, n.row_key, n.ordinal,
                                n.wheelchair, n.companion_of, n.restricted_view)
        RETURNING s.id
    )
    SELECT count(*) INTO v_changed FROM u;
    SELECT count(*) INTO v_kept FROM event_seat s JOIN bo_layout_seats(m.layout) n ON n.guid = s.guid
    WHERE s.tenant_id = c.tenant_id AND s.event_id = p_event AND NOT s.retired;
    -- Seats that vanish are retired (their ids stay for the journal and old orders).
    WITH r AS (
        UPDATE event_seat s SET retired = true
        WHERE s.tenant_id = c.tenant_id AND s.event_id = p_event AND NOT s.retired
          AND NOT EXISTS (SELECT 1 FROM bo_layout_seats(m.layout) n WHERE n.guid = s.guid)
        RETURNING s.id
    )
    SELECT count(*) INTO v_retired FROM r;
    -- A guid retired by an earlier move comes back as the same seat; the rest are new.
    WITH n AS (SELECT * FROM bo_layout_seats(m.layout)),
    back AS (
        UPDATE event_seat s SET retired = false, zone = n.zone, "row" = n."row", number = n.number, label = n.label,
               category = n.category, x = n.x, y = n.y, row_key = n.row_key, ordinal = n.ordinal,
               wheelchair = n.wheelchair, companion_of = n.companion_of, restricted_view = n.restricted_view
        FROM n
        WHERE s.tenant_id = c.tenant_id AND s.event_id = p_event AND s.retired AND s.guid = n.guid
          AND NOT EXISTS (SELECT 1 FROM event_seat o WHERE o.tenant_id = c.tenant_id AND o.event_id = p_event
                          AND NOT o.retired AND o.guid = n.guid)
        RETURNING s.id
    ),
    fresh AS (
        INSERT INTO event_seat (tenant_id, event_id, guid, zone, "row", number, label, category, x, y, row_key, ordinal,
                                wheelchair, companion_of, restricted_view)
        SELECT c.tenant_id, p_event, n.guid, n.zone, n."row", n.number, n.label, n.category, n.x, n.y, n.row_key,
               n.ordinal, n.wheelchair, n.companion_of, n.restricted_view
        FROM n WHERE NOT EXISTS (SELECT 1 FROM event_seat s WHERE s.tenant_id = c.tenant_id AND s.event_id = p_event
                                 AND s.guid = n.guid)
        RETURNING id
    )
    SELECT (SELECT count(*) FROM back) + (SELECT count(*) FROM fresh) INTO v_added;
    UPDATE event SET seatmap_id = m.id WHERE tenant_id = c.tenant_id AND id = p_event;
    PERFORM bo_log(c, 'event.remap', NULL, p_event, NULL,
                   jsonb_build_object('from', e.seatmap_id, 'to', m.id, 'kept', v_kept, 'added', v_added,
                                      'retired', v_retired, 'changed', v_changed));
    PERFORM bo_notify_seats(c.tenant_id, p_event, NULL);
    RETURN QUERY SELECT v_kept, v_added, v_retired, v_changed;
END $$;
