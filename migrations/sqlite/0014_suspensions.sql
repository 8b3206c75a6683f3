-- Suspensions by the operator (broker::operator). A suspended user cannot log in and every
-- session of theirs has ended (their auth_epoch moved on); a suspended organisation takes no new
-- quote, contract or order, while what runs keeps running and stays billed. The reason is shown
-- to the person, so it is kept beside the time.
ALTER TABLE users ADD COLUMN suspended_at BIGINT;
ALTER TABLE users ADD COLUMN suspension_reason TEXT;
ALTER TABLE tenants ADD COLUMN suspended_at BIGINT;
ALTER TABLE tenants ADD COLUMN suspension_reason TEXT;
