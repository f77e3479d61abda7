SELECT count(*), sum(balance), sum(score), sum(twice), sum(level), min("Name"), max("e-mail ✉") FROM "Ledger"."Accounts";
SELECT count(*), sum(amount), max("Mémo"), sum("new näme") FROM "Ledger".events;
