SELECT "Id", "Unit Price" FROM "My Schema"."Order Items" ORDER BY "Id";
