-- The public catalog shows a page of offers sorted by price, carbon, availability or name. Its
-- page query walks one of these indexes in the order shown and stops once the page is full, so a
-- first page reads a few dozen rows instead of sorting every published offer; the version columns
-- let each step join the offer's current version.
CREATE INDEX offer_versions_carbon_idx
    ON offer_versions (carbon_g_month, monthly_price_minor, offer_id, version);
CREATE INDEX offer_versions_availability_idx
    ON offer_versions (availability_bp DESC, monthly_price_minor, offer_id, version);
CREATE INDEX offer_versions_name_idx ON offer_versions (LOWER(name), offer_id, version);

-- The count of matching offers reads this index alone: status and domain to filter, provider and
-- current version to join, without visiting the offers table.
CREATE INDEX offers_listing_idx ON offers (status, domain, provider_id, current_version);
DROP INDEX offers_status_domain_idx;
