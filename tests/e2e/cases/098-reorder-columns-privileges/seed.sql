INSERT INTO "Acct" (owner_name) VALUES ('a'), ('b''); DROP TABLE x; --');
