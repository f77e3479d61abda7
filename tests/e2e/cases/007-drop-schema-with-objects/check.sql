SELECT id FROM main_t;
