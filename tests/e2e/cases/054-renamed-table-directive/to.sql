-- pgstage: renamed from people
CREATE TABLE users (id integer NOT NULL, name text, CONSTRAINT people_pkey PRIMARY KEY (id));
