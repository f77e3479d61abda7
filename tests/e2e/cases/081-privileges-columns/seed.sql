INSERT INTO "Ledger"."Accounts" (id, "Name", "e-mail ✉", balance, "'); DROP TABLE x; --", score, level)
SELECT g, 'n' || g, 'e' || g, g * 10, 'x' || g, g, g FROM generate_series(1, 50) g;
INSERT INTO "Ledger".events SELECT g, 'm' || g, 'gone', g, g * 100 FROM generate_series(1, 20) g;
