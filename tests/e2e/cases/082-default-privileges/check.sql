SELECT count(*), max(note) FROM "App Ω".kept;
