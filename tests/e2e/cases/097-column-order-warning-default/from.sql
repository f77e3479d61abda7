CREATE TABLE "Items" (id integer PRIMARY KEY, price numeric);
