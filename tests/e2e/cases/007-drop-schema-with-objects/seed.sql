INSERT INTO legacy.thing VALUES (1, 'a');
INSERT INTO main_t VALUES (7);
