-- The organisation's business settings, branding and payment credentials: changed only here, by a role
-- that may manage settings; the secrets are write-only except for what a seller needs to sell online.

CREATE FUNCTION bo_settings_checked(p_current jsonb, p_changes jsonb) RETURNS jsonb
LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
    k text;
    v jsonb;
    ok boolean;
BEGIN
    IF p_changes IS NULL OR jsonb_typeof(p_changes) <> 'object' THEN
        PERFORM bo_refuse('BO070', 'settings must be an object of known keys', jsonb_build_object('key', NULL));
    END IF;
    FOR k, v IN SELECT * FROM jsonb_each(p_changes) LOOP
        ok := CASE k
            WHEN 'mock_scenario' THEN v IN ('"success"', '"decline"', '"pending"')
            WHEN 'payment_window_minutes' THEN jsonb_typeof(v) = 'number' AND v::text ~ '^[0-9]+$'
                                               AND (v::text)::numeric BETWEEN 1 AND 1440
            WHEN 'return_url' THEN jsonb_typeof(v) = 'string' AND (v #>> '{}') ~ '^https?://[^[:space:]]+$'
            WHEN 'vat_code' THEN jsonb_typeof(v) = 'number' AND v::text ~ '^[0-9]+$' AND (v::text)::numeric BETWEEN 1 AND 10
            WHEN 'currency' THEN jsonb_typeof(v) = 'string' AND (v #>> '{}') ~ '^[A-Z]{3}$'
            WHEN 'training_payments' THEN jsonb_typeof(v) = 'boolean'
        END;
        IF ok IS NULL THEN
            PERFORM bo_refuse('BO070', format('unknown setting %s', k), jsonb_build_object('key', k));
        END IF;
        IF NOT ok THEN
            PERFORM bo_refuse('BO071', format('%s cannot be %s', k, v), jsonb_build_object('key', k, 'value', v));
        END IF;
    END LOOP;
    RETURN coalesce(p_current, '{}') || p_changes;
END $$;

CREATE FUNCTION bo_settings_update(p_changes jsonb) RETURNS jsonb
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = @schema@, pg_temp AS $$
DECLARE
    c bo_caller := bo_require('manage_settings');
    v jsonb;
BEGIN
    SELECT settings INTO v FROM tenant WHERE id = c.tenant_id FOR UPDATE;
    v := bo_settings_checked(v, p_changes);
    UPDATE tenant SET settings = v WHERE id = c.tenant_id;
    PERFORM bo_log(c, 'settings.changed', NULL, NULL, NULL,
                   jsonb_build_object('settings', p_changes));
    RETURN v;
END $$;

-- Branding fields, each text; colours as #rrggbb, the logo an SVG document ('' clears a field).
CREATE FUNCTION bo_branding_checked(p_current jsonb, p_changes jsonb) RETURNS jsonb
LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
    k text;
    v jsonb;
    s text;
BEGIN
    IF p_changes IS NULL OR p_changes = 'null'::jsonb THEN
        RETURN coalesce(p_current, '{}');
    END IF;
    IF jsonb_typeof(p_changes) <> 'object' THEN
        PERFORM bo_refuse('BO072', 'branding must be an object of known fields', jsonb_build_object('key', NULL));
    END IF;
    FOR k, v IN SELECT * FROM jsonb_each(p_changes) LOOP
        IF k NOT IN ('display_name', 'accent', 'accent_text', 'logo_svg', 'ticket_footer') THEN
            PERFORM bo_refuse('BO072', format('unknown branding field %s', k), jsonb_build_object('key', k));
        END IF;
        IF jsonb_typeof(v) <> 'string' THEN
            PERFORM bo_refuse('BO073', format('branding %s must be text', k), jsonb_build_object('key', k, 'value', v));
        END IF;
        s := v #>> '{}';
        IF k IN ('accent', 'accent_text') AND s <> '' AND s !~ '^#[0-9a-fA-F]{6}$' THEN
            PERFORM bo_refuse('BO073', format('branding colour %s must look like #1f6feb, not %s', k, s),
                              jsonb_build_object('key', k, 'value', s));
        END IF;
        IF k = 'logo_svg' AND s <> '' AND position('<svg' IN left(s, 2000)) = 0 THEN
            PERFORM bo_refuse('BO074', 'the logo must be an SVG document', jsonb_build_object('key', k));
        END IF;
        IF length(s) > 200000 THEN
            PERFORM bo_refuse('BO073', format('branding %s is too long', k), jsonb_build_object('key', k, 'value', left(s, 40)));
        END IF;
    END LOOP;
    RETURN coalesce(p_current, '{}') || p_changes;
END $$;

CREATE FUNCTION bo_branding_update(p_changes jsonb) RETURNS jsonb
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = @schema@, pg_temp AS $$
DECLARE
    c bo_caller := bo_require('manage_settings');
    v jsonb;
BEGIN
    SELECT branding INTO v FROM tenant WHERE id = c.tenant_id FOR UPDATE;
    v := bo_branding_checked(v, p_changes);
    UPDATE tenant SET branding = v WHERE id = c.tenant_id;
    PERFORM bo_log(c, 'settings.branding', NULL, NULL, NULL,
                   jsonb_build_object('fields', (SELECT jsonb_agg(k ORDER BY k) FROM jsonb_object_keys(p_changes) AS k)));
    RETURN v;
END $$;

CREATE FUNCTION bo_secret(p_tenant bigint, p_name text) RETURNS text
LANGUAGE sql STABLE AS $$
    SELECT convert_from(value, 'UTF8') FROM tenant_secret WHERE tenant_id = p_tenant AND name = p_name
$$;

CREATE FUNCTION bo_secret_put(p_tenant bigint, p_name text, p_value text) RETURNS void
LANGUAGE sql VOLATILE AS $$
    INSERT INTO tenant_secret (tenant_id, name, value) VALUES (p_tenant, p_name, convert_to(p_value, 'UTF8'))
    ON CONFLICT (tenant_id, name) DO UPDATE SET value = excluded.value, updated_at = now()
$$;

CREATE FUNCTION bo_yookassa_default_url() RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT 'https://api.yookassa.ru/v3/' $$;

-- The shop's credentials. An empty key keeps the stored one (the key is never shown, so a new shop id
-- alone must not wipe it), and so does an empty address; a new API address needs the key again, so
-- nobody who cannot see the key can send it elsewhere. Only https, except to this computer (tests, a
-- local proxy).
CREATE FUNCTION bo_yookassa_configure(p_shop_id text, p_secret_key text, p_api_url text DEFAULT NULL) RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = @schema@, pg_temp AS $$
DECLARE
    c bo_caller := bo_require('manage_settings');
    v_shop text := btrim(coalesce(p_shop_id, ''));
    v_key text := btrim(coalesce(p_secret_key, ''));
    v_url text;
    v_stored_key text;
    v_stored_url text;
BEGIN
    PERFORM 1 FROM tenant WHERE id = c.tenant_id FOR UPDATE;  -- one change at a time
    v_stored_key := bo_secret(c.tenant_id, 'yookassa.secret_key');
    v_stored_url := coalesce(bo_secret(c.tenant_id, 'yookassa.api_url'), bo_yookassa_default_url());
    v_url := coalesce(nullif(btrim(coalesce(p_api_url, '')), ''), v_stored_url);
    IF v_shop = '' THEN
        PERFORM bo_refuse('BO076', 'YooKassa needs a shop id');
    END IF;
    IF v_url !~ '^https://[^[:space:]/?#]+(/[^[:space:]]*)?$'
       AND v_url !~ '^http://(127\.0\.0\.1|localhost)(:[0-9]+)?(/[^[:space:]]*)?$' THEN
        PERFORM bo_refuse('BO077', format('the YooKassa address must be https://, not %s', v_url),
                          jsonb_build_object('url', v_url));
    END IF;
    IF v_key = '' AND v_stored_key IS NULL THEN
        PERFORM bo_refuse('BO079', 'YooKassa needs a secret key');
    END IF;
    IF v_key = '' AND v_url <> v_stored_url THEN
        PERFORM bo_refuse('BO078', 'a new YooKassa address needs the secret key again', jsonb_build_object('url', v_url));
    END IF;
    PERFORM bo_secret_put(c.tenant_id, 'yookassa.shop_id', v_shop);
    IF v_key <> '' THEN
        PERFORM bo_secret_put(c.tenant_id, 'yookassa.secret_key', v_key);
    END IF;
    PERFORM bo_secret_put(c.tenant_id, 'yookassa.api_url', v_url);
    PERFORM bo_log(c, 'settings.yookassa', NULL, NULL, NULL,
                   jsonb_build_object('shop_id', v_shop, 'api_url', v_url, 'key_replaced', v_key <> ''));
END $$;

-- For a seller about to take an online payment, and nobody else: the shop's credentials.
CREATE FUNCTION bo_yookassa_credentials() RETURNS TABLE (shop_id text, secret_key text, api_url text)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = @schema@, pg_temp AS $$
DECLARE c bo_caller := bo_require('sell');
BEGIN
    RETURN QUERY
    SELECT s.v, k.v, coalesce(bo_secret(c.tenant_id, 'yookassa.api_url'), bo_yookassa_default_url())
    FROM (SELECT bo_secret(c.tenant_id, 'yookassa.shop_id') AS v) s,
         (SELECT bo_secret(c.tenant_id, 'yookassa.secret_key') AS v) k
    WHERE s.v IS NOT NULL AND k.v IS NOT NULL;
END $$;

-- What the Settings area shows of the shop: its id and address (neither is secret), never the key.
CREATE FUNCTION bo_yookassa_settings() RETURNS TABLE (shop_id text, api_url text, key_stored boolean)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = @schema@, pg_temp AS $$
DECLARE c bo_caller := bo_require('manage_settings');
BEGIN
    RETURN QUERY
    SELECT bo_secret(c.tenant_id, 'yookassa.shop_id'),
           coalesce(bo_secret(c.tenant_id, 'yookassa.api_url'), bo_yookassa_default_url()),
           EXISTS (SELECT 1 FROM tenant_secret WHERE tenant_id = c.tenant_id AND name = 'yookassa.secret_key');
END $$;

-- Which credentials are stored (never their values), for the Settings area.
CREATE FUNCTION bo_secrets_stored() RETURNS text[]
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = @schema@, pg_temp AS $$
    SELECT coalesce(array_agg(name ORDER BY name), '{}') FROM tenant_secret
    WHERE tenant_id = (bo_caller()).tenant_id AND name IN ('yookassa.shop_id', 'yookassa.secret_key')
$$;
