-- A column moves down from the parent "Base" to the child "Child ü" (the
-- other child drops it), and one moves up from child c2 to parent p2.
CREATE TABLE "Base" (id integer, created_at timestamp DEFAULT now(), "Moved down" integer, note text);
CREATE TABLE "Child ü" (a1 integer) INHERITS ("Base");
CREATE TABLE other_child (b text) INHERITS ("Base");
CREATE TABLE p2 (id integer);
CREATE TABLE c2 ("up'col" text, x integer) INHERITS (p2);
