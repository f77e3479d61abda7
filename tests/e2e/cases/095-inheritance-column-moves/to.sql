CREATE TABLE "Base" (id integer, created_at timestamp DEFAULT now(), note text);
-- the moved column keeps its place (it was inherited, so it comes first)
CREATE TABLE "Child ü" ("Moved down" integer DEFAULT 7 NOT NULL, a1 integer) INHERITS ("Base");
COMMENT ON COLUMN "Child ü"."Moved down" IS 'was the parent''s';
CREATE TABLE other_child (b text) INHERITS ("Base");
CREATE TABLE p2 (id integer, "up'col" text);
-- the parent's ADD merges with the child's own column, as declared here
CREATE TABLE c2 ("up'col" text, x integer) INHERITS (p2);
