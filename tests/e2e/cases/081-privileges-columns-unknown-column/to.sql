CREATE TABLE "Accounts" (id integer, "Name" text);
-- checked even without --privileges: "name" is not "Name"
GRANT SELECT (id, name) ON "Accounts" TO PUBLIC;
