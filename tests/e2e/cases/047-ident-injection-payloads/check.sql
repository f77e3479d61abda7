SELECT id FROM x;
SELECT "c'); DROP TABLE x; --" FROM "t'); DROP TABLE x; --";
