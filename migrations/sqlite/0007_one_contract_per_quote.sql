-- A quote becomes at most one contract: two "prepare" requests racing for one quote (a double
-- click, two tabs) both pass the check for an existing contract, and this index lets only one
-- insert through; the store answers the other with the contract that won.
DROP INDEX contracts_quote_idx;
CREATE UNIQUE INDEX contracts_one_per_quote ON contracts (quote_id);
