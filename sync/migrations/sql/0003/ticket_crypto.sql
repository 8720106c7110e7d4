-- Ticket codes minted and checked by the server, so that the signing key never has to leave it.
--
-- These mirror boxoffice_desktop/services/ticket_codes.py byte for byte: codes already printed by the
-- Python side must keep verifying, and both sides must refuse exactly the same texts. Where Python's
-- behaviour is odd, it is copied on purpose and said so. The key is passed in: these are helpers for
-- the definer functions that fetch it where staff cannot read it, so they take no privileges of their own.
--
-- Assumes a UTF8 database (text in the payload is UTF-8). convert_to/convert_from are only STABLE in
-- the catalogue because a conversion can in general be redefined; between UTF8 and a UTF8 database they
-- are the identity, so the functions below are truly IMMUTABLE.

-- RFC 4648 base32 without padding: a code must stay in the QR alphanumeric set, and '=' is not in it.
CREATE FUNCTION bo_b32encode(p bytea) RETURNS text
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE
    v_alphabet CONSTANT text := 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
    v_out text := '';
    v_acc integer := 0;
    v_bits integer := 0;
BEGIN
    FOR i IN 0 .. length(p) - 1 LOOP
        v_acc := (v_acc << 8) | get_byte(p, i);
        v_bits := v_bits + 8;
        WHILE v_bits >= 5 LOOP
            v_bits := v_bits - 5;
            v_out := v_out || substr(v_alphabet, ((v_acc >> v_bits) & 31) + 1, 1);
        END LOOP;
        v_acc := v_acc & ((1 << v_bits) - 1);  -- keep only the bits not yet written
    END LOOP;
    IF v_bits > 0 THEN
        v_out := v_out || substr(v_alphabet, ((v_acc << (5 - v_bits)) & 31) + 1, 1);
    END IF;
    RETURN v_out;
END $$;

-- NULL, never an error, for whatever Python's _b32decode refuses: the callers turn NULL into a problem
-- key, and a scanned text must never abort the transaction it is checked in.
CREATE FUNCTION bo_b32decode(p text) RETURNS bytea
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE
    v_n integer := length(p);
    v_hex text := '';
    v_acc integer := 0;
    v_bits integer := 0;
    v_c integer;
BEGIN
    -- Lengths 1, 3 and 6 (mod 8) are never produced by base32; Python refuses them before decoding.
    -- (Python's pattern ends in '$', which also lets a final newline through, but b32decode then refuses
    -- the newline itself, so the stricter pattern here refuses the same texts.)
    IF v_n = 0 OR v_n % 8 IN (1, 3, 6) OR p COLLATE "C" !~ '^[A-Z2-7]+$' THEN
        RETURN NULL;
    END IF;
    FOR i IN 1 .. v_n LOOP
        v_c := ascii(substr(p, i, 1));
        v_acc := (v_acc << 5) | CASE WHEN v_c >= 65 THEN v_c - 65 ELSE v_c - 24 END;  -- 'A' = 0, '2' = 26
        v_bits := v_bits + 5;
        IF v_bits >= 8 THEN
            v_bits := v_bits - 8;
            v_hex := v_hex || lpad(to_hex((v_acc >> v_bits) & 255), 2, '0');
            v_acc := v_acc & ((1 << v_bits) - 1);
        END IF;
    END LOOP;
    -- The last bits that make no whole byte are dropped even when not zero, as Python does: several
    -- texts decode to the same bytes, which is why signatures are compared as text.
    RETURN decode(v_hex, 'hex');
END $$;

-- RFC 2104, written out because the server has no pgcrypto; sha256() is core since PostgreSQL 11.
CREATE FUNCTION bo_hmac_sha256(p_key bytea, p_msg bytea) RETURNS bytea
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE
    v_key bytea := p_key;
    v_inner bytea;
    v_outer bytea;
BEGIN
    IF length(v_key) > 64 THEN
        v_key := sha256(v_key);  -- a key longer than the block is replaced by its hash
    END IF;
    v_key := v_key || decode(repeat('00', 64 - length(v_key)), 'hex');
    v_inner := v_key;
    v_outer := v_key;
    FOR i IN 0 .. 63 LOOP
        v_inner := set_byte(v_inner, i, get_byte(v_key, i) # 54);  -- 0x36
        v_outer := set_byte(v_outer, i, get_byte(v_key, i) # 92);  -- 0x5c
    END LOOP;
    RETURN sha256(v_outer || sha256(v_inner || p_msg));
END $$;

-- The binary payload of a code. Refuses what Python's TicketClaims refuses, so that nothing can be
-- signed here that the Python side (or bo_ticket_read) would later call damaged. Not STRICT: a NULL
-- seat means general admission.
CREATE FUNCTION bo_ticket_pack(p_item bigint, p_event bigint, p_serial bigint, p_order_code text, p_guid text)
RETURNS bytea
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
    v_order bytea;
    v_seat bytea;
    v_numbers bigint[];
    v_after bytea[];  -- the bytes that follow each number
    v_out bytea := '';
    v_n bigint;
BEGIN
    -- bigint already stops at 2**63 - 1, Python's upper bound.
    IF p_item IS NULL OR p_item < 1 THEN
        RAISE EXCEPTION 'A ticket''s order_item_id must be a positive whole number, not %.', coalesce(p_item::text, 'NULL')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF p_event IS NULL OR p_event < 1 THEN
        RAISE EXCEPTION 'A ticket''s event_id must be a positive whole number, not %.', coalesce(p_event::text, 'NULL')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF p_serial IS NULL OR p_serial < 1 THEN
        RAISE EXCEPTION 'A ticket''s serial must be a positive whole number, not %.', coalesce(p_serial::text, 'NULL')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF p_order_code IS NULL OR p_order_code = '' THEN
        RAISE EXCEPTION 'A ticket needs an order code.' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    v_order := convert_to(p_order_code, 'UTF8');
    IF length(v_order) > 64 THEN
        RAISE EXCEPTION 'The order code is longer than 64 bytes.' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF p_guid = '' OR length(convert_to(p_guid, 'UTF8')) > 64 THEN
        RAISE EXCEPTION 'A seat guid must be 1 to 64 bytes of text, or None.' USING ERRCODE = 'invalid_parameter_value';
    END IF;

    v_numbers := ARRAY[p_item, p_event, p_serial, length(v_order)];
    IF p_guid IS NULL THEN
        v_after := ARRAY['', '', '', v_order || '\x00']::bytea[];
    -- Only the exact lower-case spelling is packed as 16 bytes, so the guid reads back as it was given.
    ELSIF p_guid COLLATE "C" ~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' THEN
        v_after := ARRAY['', '', '', v_order || '\x01'::bytea || decode(replace(p_guid, '-', ''), 'hex')]::bytea[];
    ELSE
        v_seat := convert_to(p_guid, 'UTF8');
        v_numbers := v_numbers || length(v_seat)::bigint;
        v_after := ARRAY['', '', '', v_order || '\x02'::bytea, v_seat]::bytea[];
    END IF;

    -- Unsigned LEB128: seven bits a byte, low bits first, the top bit set on all but the last byte.
    FOR i IN 1 .. cardinality(v_numbers) LOOP
        v_n := v_numbers[i];
        LOOP
            v_out := v_out || set_byte('\x00'::bytea, 0, ((v_n & 127) | CASE WHEN v_n >> 7 = 0 THEN 0 ELSE 128 END)::integer);
            v_n := v_n >> 7;
            EXIT WHEN v_n = 0;
        END LOOP;
        v_out := v_out || v_after[i];
    END LOOP;
    RETURN v_out;
END $$;

-- Python's slug pattern ends in '$', which also matches before a final newline: 'teatr\n' passes there,
-- so it passes here too, or the two sides would disagree on such a text. (The tenant table's own check
-- has no such gap, so no real slug ends in a newline.)
CREATE FUNCTION bo_ticket_sign(
    p_slug text, p_key bytea, p_item bigint, p_event bigint, p_serial bigint, p_order_code text, p_guid text
) RETURNS text
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
    v_signed text;
BEGIN
    IF p_slug IS NULL OR p_slug COLLATE "C" !~ '^[a-z0-9][a-z0-9_-]{0,62}\n?$' THEN
        RAISE EXCEPTION 'Not a tenant slug: %.', quote_nullable(p_slug) USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF p_key IS NULL OR length(p_key) < 16 THEN
        RAISE EXCEPTION 'The ticket-signing key must be at least 16 bytes.' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    -- translate, not upper(): upper() follows the collation ('i' becomes a dotted capital in Turkish).
    v_signed := 'BO1.' || translate(p_slug, 'abcdefghijklmnopqrstuvwxyz', 'ABCDEFGHIJKLMNOPQRSTUVWXYZ')
        || '.' || bo_b32encode(bo_ticket_pack(p_item, p_event, p_serial, p_order_code, p_guid));
    RETURN v_signed || '.' || bo_b32encode(substr(bo_hmac_sha256(p_key, convert_to(v_signed, 'UTF8')), 1, 20));
END $$;

-- Parses without verifying (only to learn the tenant, and so its key): never trust the claims of this
-- alone. Makes Python's checks in Python's order, but answers with a problem key instead of raising,
-- for any text whatever: a scan must not abort the caller's transaction. A column is filled only once
-- Python would have accepted it, so every non-NULL value is exactly what Python would have read.
-- Not STRICT: NULL must come back as a problem, not as a row with no problem.
CREATE FUNCTION bo_ticket_read(
    p_code text,
    OUT problem text, OUT slug text, OUT signed_part text, OUT signature text,
    OUT item_id bigint, OUT event_id bigint, OUT serial bigint, OUT order_code text, OUT seat_guid text
)
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
    -- Python's str.strip() takes every character for which str.isspace() is true, not only ASCII ones.
    v_space CONSTANT text := U&'\0009\000A\000B\000C\000D\001C\001D\001E\001F\0020\0085\00A0\1680\2000\2001'
        || U&'\2002\2003\2004\2005\2006\2007\2008\2009\200A\2028\2029\202F\205F\3000';
    -- Python's str.upper() is full Unicode case mapping; upper() here depends on the collation. ASCII is
    -- done by translate(); of the rest, only these characters can change the outcome: their upper case
    -- contains ASCII (so 'ß' reads as 'SS' and 'ſ' as 'S', and a code written with them verifies in
    -- Python) or is longer (which counts against the length limit). Any other non-ASCII character fails
    -- the same check whatever its case. From Python 3.11 (Unicode 14).
    v_upper CONSTANT text[] := ARRAY[
        [U&'\00DF', U&'SS'], [U&'\0131', U&'I'], [U&'\0149', U&'\02BCN'], [U&'\017F', U&'S'],
        [U&'\01F0', U&'J\030C'], [U&'\0390', U&'\0399\0308\0301'], [U&'\03B0', U&'\03A5\0308\0301'],
        [U&'\0587', U&'\0535\0552'], [U&'\1E96', U&'H\0331'], [U&'\1E97', U&'T\0308'], [U&'\1E98', U&'W\030A'],
        [U&'\1E99', U&'Y\030A'], [U&'\1E9A', U&'A\02BE'], [U&'\1F50', U&'\03A5\0313'],
        [U&'\1F52', U&'\03A5\0313\0300'], [U&'\1F54', U&'\03A5\0313\0301'], [U&'\1F56', U&'\03A5\0313\0342'],
        [U&'\1F80', U&'\1F08\0399'], [U&'\1F81', U&'\1F09\0399'], [U&'\1F82', U&'\1F0A\0399'],
        [U&'\1F83', U&'\1F0B\0399'], [U&'\1F84', U&'\1F0C\0399'], [U&'\1F85', U&'\1F0D\0399'],
        [U&'\1F86', U&'\1F0E\0399'], [U&'\1F87', U&'\1F0F\0399'], [U&'\1F88', U&'\1F08\0399'],
        [U&'\1F89', U&'\1F09\0399'], [U&'\1F8A', U&'\1F0A\0399'], [U&'\1F8B', U&'\1F0B\0399'],
        [U&'\1F8C', U&'\1F0C\0399'], [U&'\1F8D', U&'\1F0D\0399'], [U&'\1F8E', U&'\1F0E\0399'],
        [U&'\1F8F', U&'\1F0F\0399'], [U&'\1F90', U&'\1F28\0399'], [U&'\1F91', U&'\1F29\0399'],
        [U&'\1F92', U&'\1F2A\0399'], [U&'\1F93', U&'\1F2B\0399'], [U&'\1F94', U&'\1F2C\0399'],
        [U&'\1F95', U&'\1F2D\0399'], [U&'\1F96', U&'\1F2E\0399'], [U&'\1F97', U&'\1F2F\0399'],
        [U&'\1F98', U&'\1F28\0399'], [U&'\1F99', U&'\1F29\0399'], [U&'\1F9A', U&'\1F2A\0399'],
        [U&'\1F9B', U&'\1F2B\0399'], [U&'\1F9C', U&'\1F2C\0399'], [U&'\1F9D', U&'\1F2D\0399'],
        [U&'\1F9E', U&'\1F2E\0399'], [U&'\1F9F', U&'\1F2F\0399'], [U&'\1FA0', U&'\1F68\0399'],
        [U&'\1FA1', U&'\1F69\0399'], [U&'\1FA2', U&'\1F6A\0399'], [U&'\1FA3', U&'\1F6B\0399'],
        [U&'\1FA4', U&'\1F6C\0399'], [U&'\1FA5', U&'\1F6D\0399'], [U&'\1FA6', U&'\1F6E\0399'],
        [U&'\1FA7', U&'\1F6F\0399'], [U&'\1FA8', U&'\1F68\0399'], [U&'\1FA9', U&'\1F69\0399'],
        [U&'\1FAA', U&'\1F6A\0399'], [U&'\1FAB', U&'\1F6B\0399'], [U&'\1FAC', U&'\1F6C\0399'],
        [U&'\1FAD', U&'\1F6D\0399'], [U&'\1FAE', U&'\1F6E\0399'], [U&'\1FAF', U&'\1F6F\0399'],
        [U&'\1FB2', U&'\1FBA\0399'], [U&'\1FB3', U&'\0391\0399'], [U&'\1FB4', U&'\0386\0399'],
        [U&'\1FB6', U&'\0391\0342'], [U&'\1FB7', U&'\0391\0342\0399'], [U&'\1FBC', U&'\0391\0399'],
        [U&'\1FC2', U&'\1FCA\0399'], [U&'\1FC3', U&'\0397\0399'], [U&'\1FC4', U&'\0389\0399'],
        [U&'\1FC6', U&'\0397\0342'], [U&'\1FC7', U&'\0397\0342\0399'], [U&'\1FCC', U&'\0397\0399'],
        [U&'\1FD2', U&'\0399\0308\0300'], [U&'\1FD3', U&'\0399\0308\0301'], [U&'\1FD6', U&'\0399\0342'],
        [U&'\1FD7', U&'\0399\0308\0342'], [U&'\1FE2', U&'\03A5\0308\0300'], [U&'\1FE3', U&'\03A5\0308\0301'],
        [U&'\1FE4', U&'\03A1\0313'], [U&'\1FE6', U&'\03A5\0342'], [U&'\1FE7', U&'\03A5\0308\0342'],
        [U&'\1FF2', U&'\1FFA\0399'], [U&'\1FF3', U&'\03A9\0399'], [U&'\1FF4', U&'\038F\0399'],
        [U&'\1FF6', U&'\03A9\0342'], [U&'\1FF7', U&'\03A9\0342\0399'], [U&'\1FFC', U&'\03A9\0399'],
        [U&'\FB00', U&'FF'], [U&'\FB01', U&'FI'], [U&'\FB02', U&'FL'], [U&'\FB03', U&'FFI'],
        [U&'\FB04', U&'FFL'], [U&'\FB05', U&'ST'], [U&'\FB06', U&'ST'], [U&'\FB13', U&'\0544\0546'],
        [U&'\FB14', U&'\0544\0535'], [U&'\FB15', U&'\0544\053B'], [U&'\FB16', U&'\054E\0546'],
        [U&'\FB17', U&'\0544\053D']
    ];
    -- Python's str.isdigit(): Unicode digits, so 'BO²' is a version this program cannot read, not a
    -- foreign code. Same Unicode version as above.
    v_digit CONSTANT int4multirange := '{
        [48,57],[178,179],[185,185],[1632,1641],[1776,1785],[1984,1993],[2406,2415],[2534,2543],[2662,2671],
        [2790,2799],[2918,2927],[3046,3055],[3174,3183],[3302,3311],[3430,3439],[3558,3567],[3664,3673],
        [3792,3801],[3872,3881],[4160,4169],[4240,4249],[4969,4977],[6112,6121],[6160,6169],[6470,6479],
        [6608,6618],[6784,6793],[6800,6809],[6992,7001],[7088,7097],[7232,7241],[7248,7257],[8304,8304],
        [8308,8313],[8320,8329],[9312,9320],[9332,9340],[9352,9360],[9450,9450],[9461,9469],[9471,9471],
        [10102,10110],[10112,10120],[10122,10130],[42528,42537],[43216,43225],[43264,43273],[43472,43481],
        [43504,43513],[43600,43609],[44016,44025],[65296,65305],[66720,66729],[68160,68163],[68912,68921],
        [69216,69224],[69714,69722],[69734,69743],[69872,69881],[69942,69951],[70096,70105],[70384,70393],
        [70736,70745],[70864,70873],[71248,71257],[71360,71369],[71472,71481],[71904,71913],[72016,72025],
        [72784,72793],[73040,73049],[73120,73129],[92768,92777],[92864,92873],[93008,93017],[120782,120831],
        [123200,123209],[123632,123641],[125264,125273],[127232,127242],[130032,130041]
    }';
    v_text text;
    v_parts text[];
    v_tenant text;
    v_low text;
    v_data bytea;
    v_len integer;
    v_pos integer := 0;
    v_step integer := 0;
    v_steps integer := 5;  -- item, event, serial, order code, seat kind; a sixth for a seat as text
    v_byte integer;
    v_value numeric;
    v_weight numeric;
    v_numbers numeric[] := '{}';
    v_raw bytea;
    v_more integer;
    v_lo integer;
    v_hi integer;
    v_i integer;
    v_hex text;
    v_order text;
    v_seat text;
BEGIN
    IF p_code IS NULL THEN
        problem := 'not_text';
        RETURN;
    END IF;
    v_text := translate(btrim(p_code, v_space), 'abcdefghijklmnopqrstuvwxyz', 'ABCDEFGHIJKLMNOPQRSTUVWXYZ');
    IF octet_length(v_text) <> length(v_text) THEN
        FOR i IN 1 .. array_length(v_upper, 1) LOOP
            IF strpos(v_text, v_upper[i][1]) > 0 THEN
                v_text := replace(v_text, v_upper[i][1], v_upper[i][2]);
            END IF;
        END LOOP;
    END IF;
    IF v_text = '' THEN
        problem := 'empty';
        RETURN;
    END IF;
    IF length(v_text) > 400 THEN
        problem := 'too_long';
        RETURN;
    END IF;
    v_parts := string_to_array(v_text, '.');
    IF left(v_parts[1], 2) <> 'BO' OR length(v_parts[1]) < 3
       OR EXISTS (SELECT FROM string_to_table(substr(v_parts[1], 3), NULL) AS c WHERE NOT v_digit @> ascii(c)) THEN
        problem := 'not_ours';
        RETURN;
    END IF;
    IF v_parts[1] <> 'BO1' THEN
        problem := 'version';
        RETURN;
    END IF;
    IF cardinality(v_parts) <> 4 THEN
        problem := 'parts';
        RETURN;
    END IF;
    v_tenant := v_parts[2];
    -- Python lower-cases the tenant with str.lower(): of all non-ASCII characters only the Kelvin sign
    -- becomes ASCII ('k'). Final newline: see bo_ticket_sign.
    v_low := translate(v_tenant, U&'ABCDEFGHIJKLMNOPQRSTUVWXYZ\212A', 'abcdefghijklmnopqrstuvwxyzk');
    IF v_low COLLATE "C" !~ '^[a-z0-9][a-z0-9_-]{0,62}\n?$' THEN
        problem := 'tenant';
        RETURN;
    END IF;
    slug := v_low;
    v_data := bo_b32decode(v_parts[4]);
    IF v_data IS NULL THEN
        problem := 'signature_damaged';
        RETURN;
    END IF;
    IF length(v_data) <> 20 THEN
        problem := 'signature_length';
        RETURN;
    END IF;
    signature := v_parts[4];

    -- Every way the payload can fail is the one key below; it is cleared once all of it has been read.
    problem := 'content_damaged';
    v_data := bo_b32decode(v_parts[3]);
    IF v_data IS NULL THEN
        RETURN;
    END IF;
    v_len := length(v_data);
    WHILE v_step < v_steps LOOP
        v_step := v_step + 1;
        IF v_step = 5 THEN
            IF v_pos >= v_len THEN
                RETURN;
            END IF;
            v_byte := get_byte(v_data, v_pos);
            v_pos := v_pos + 1;
            IF v_byte = 1 THEN
                IF v_pos + 16 > v_len THEN
                    RETURN;
                END IF;
                v_hex := encode(substr(v_data, v_pos + 1, 16), 'hex');
                v_pos := v_pos + 16;
                v_seat := concat_ws('-', substr(v_hex, 1, 8), substr(v_hex, 9, 4), substr(v_hex, 13, 4),
                                    substr(v_hex, 17, 4), substr(v_hex, 21, 12));
            ELSIF v_byte = 2 THEN
                v_steps := 6;
            ELSIF v_byte <> 0 THEN
                RETURN;
            END IF;
            CONTINUE;
        END IF;

        -- A varint of at most ten bytes, as Python reads it: longer forms of small numbers are accepted,
        -- and the value may exceed bigint, hence numeric (the range is checked at the end).
        v_value := 0;
        v_weight := 1;
        LOOP
            IF v_weight > 2::numeric ^ 63 OR v_pos >= v_len THEN
                RETURN;
            END IF;
            v_byte := get_byte(v_data, v_pos);
            v_pos := v_pos + 1;
            v_value := v_value + (v_byte & 127) * v_weight;
            v_weight := v_weight * 128;
            EXIT WHEN v_byte < 128;
        END LOOP;
        IF v_step <= 3 THEN
            v_numbers := v_numbers || v_value;
            CONTINUE;
        END IF;

        IF v_value > 64 OR v_pos + v_value > v_len THEN
            RETURN;
        END IF;
        v_raw := substr(v_data, v_pos + 1, v_value::integer);
        v_pos := v_pos + v_value::integer;
        -- Well-formed UTF-8 as Python's strict decoder wants it (no overlong forms, no surrogates, nothing
        -- past U+10FFFF), checked by hand because convert_from would raise. NUL is refused as well, which
        -- Python would take: text here cannot hold it, and no order code or seat guid contains one.
        v_i := 0;
        WHILE v_i < length(v_raw) LOOP
            v_byte := get_byte(v_raw, v_i);
            IF v_byte BETWEEN 1 AND 127 THEN
                v_i := v_i + 1;
                CONTINUE;
            END IF;
            v_more := CASE WHEN v_byte BETWEEN 194 AND 223 THEN 1 WHEN v_byte BETWEEN 224 AND 239 THEN 2
                           WHEN v_byte BETWEEN 240 AND 244 THEN 3 ELSE 0 END;
            v_lo := CASE v_byte WHEN 224 THEN 160 WHEN 240 THEN 144 ELSE 128 END;
            v_hi := CASE v_byte WHEN 237 THEN 159 WHEN 244 THEN 143 ELSE 191 END;
            IF v_more = 0 OR v_i + v_more >= length(v_raw)
               OR get_byte(v_raw, v_i + 1) NOT BETWEEN v_lo AND v_hi THEN
                RETURN;
            END IF;
            FOR j IN v_i + 2 .. v_i + v_more LOOP
                IF get_byte(v_raw, j) NOT BETWEEN 128 AND 191 THEN
                    RETURN;
                END IF;
            END LOOP;
            v_i := v_i + v_more + 1;
        END LOOP;
        IF v_step = 4 THEN
            v_order := convert_from(v_raw, 'UTF8');
        ELSE
            v_seat := convert_from(v_raw, 'UTF8');
        END IF;
    END LOOP;
    IF v_pos <> v_len THEN
        RETURN;  -- trailing data
    END IF;
    -- TicketClaims' own checks, which Python makes only after reading everything.
    IF EXISTS (SELECT FROM unnest(v_numbers) AS n WHERE n < 1 OR n >= 2::numeric ^ 63)
       OR v_order = '' OR v_seat = '' THEN
        RETURN;
    END IF;

    problem := NULL;
    item_id := v_numbers[1];
    event_id := v_numbers[2];
    serial := v_numbers[3];
    order_code := v_order;
    seat_guid := v_seat;
    signed_part := 'BO1.' || v_tenant || '.' || v_parts[3];
END $$;

-- Python's verify_ticket, with 'bad_signature' for a code that parses but was not signed with p_key.
-- A missing or short key is the caller's fault, not the scanned text's, so that one raises (Python's
-- ConfigurationError). Not STRICT, for the same reason as bo_ticket_read.
CREATE FUNCTION bo_ticket_verify(
    p_code text, p_key bytea,
    OUT problem text, OUT slug text, OUT signed_part text, OUT signature text,
    OUT item_id bigint, OUT event_id bigint, OUT serial bigint, OUT order_code text, OUT seat_guid text
)
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
    v_expected text;
BEGIN
    IF p_key IS NULL OR length(p_key) < 16 THEN
        RAISE EXCEPTION 'The ticket-signing key must be at least 16 bytes.' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    SELECT * INTO problem, slug, signed_part, signature, item_id, event_id, serial, order_code, seat_guid
    FROM bo_ticket_read(p_code);
    IF problem IS NOT NULL THEN
        RETURN;
    END IF;
    -- Python MACs the signed part as ASCII and so cannot verify one with a Kelvin sign in the tenant
    -- (it crashes); no genuine code has one.
    IF octet_length(signed_part) <> length(signed_part) THEN
        problem := 'bad_signature';
        RETURN;
    END IF;
    -- The text, not the decoded bytes: the padding bits that decoding drops are covered too. Hashing
    -- both sides first keeps the comparison's running time from telling how much of a guess was right.
    v_expected := bo_b32encode(substr(bo_hmac_sha256(p_key, convert_to(signed_part, 'UTF8')), 1, 20));
    IF sha256(convert_to(v_expected, 'UTF8')) <> sha256(convert_to(signature, 'UTF8')) THEN
        problem := 'bad_signature';
    END IF;
END $$;
