-- Row-level security from the login, not from a setting: every tenant table shows and takes only the
-- rows of (SELECT bo_tenant()), called once per statement. The same policy binds the owner, so a definer
-- function called by a staff role works inside that role's tenant only (FORCE: the owner is not exempt).
DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY[
        'tenant_secret', 'staff_user', 'venue', 'seatmap', 'event', 'event_seat', 'price_type', 'event_price',
        'hold', 'seat_lock', 'customer', 'cash_shift', 'orders', 'order_item', 'payment', 'refund', 'order_log'
    ] LOOP
        EXECUTE format('DROP POLICY tenant_isolation ON %I', t);
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format(
            'CREATE POLICY tenant_rows ON %I USING (tenant_id = (SELECT bo_tenant())) '
            'WITH CHECK (tenant_id = (SELECT bo_tenant()))', t);
    END LOOP;
END $$;

-- The tenant table: a staff role sees its own organisation's row only (names, branding and settings
-- of the others are theirs); the owner's side sees and creates organisations.
DROP POLICY tenant_read ON tenant;
DROP POLICY tenant_update_own ON tenant;
ALTER TABLE tenant FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_own ON tenant
    USING (id = (SELECT bo_tenant()) OR (SELECT bo_is_owner_side()))
    WITH CHECK (id = (SELECT bo_tenant()) OR (SELECT bo_is_owner_side()));
