SELECT "order", "select" FROM "table"."user";
SELECT "from", "to" FROM "group";
