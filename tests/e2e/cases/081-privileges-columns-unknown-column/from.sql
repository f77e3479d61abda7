CREATE TABLE "Accounts" (id integer, "Name" text);
