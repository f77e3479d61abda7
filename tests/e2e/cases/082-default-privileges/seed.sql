INSERT INTO "App Ω".kept SELECT g, 'n' || g FROM generate_series(1, 10) g;
