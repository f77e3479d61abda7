CREATE SCHEMA app;
-- checked even without --privileges: the schema is "app"
ALTER DEFAULT PRIVILEGES IN SCHEMA "App" GRANT SELECT ON TABLES TO PUBLIC;
