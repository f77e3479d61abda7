CREATE TABLE t (id integer);
CREATE COLLATION "My Rules" (provider = icu, locale = 'de', rules = '&a < b');
