-- An organisation's monthly budget (broker::account::budget), in minor units of the
-- marketplace's currency; empty: no budget. A signature that would take the committed monthly
-- spend over it is refused. `users.language` is the language mail to a person is written in
-- (`en`, `fr`), as they signed up.
ALTER TABLE tenants ADD COLUMN monthly_budget_minor BIGINT;
ALTER TABLE users ADD COLUMN language TEXT NOT NULL DEFAULT 'en';
