SELECT indisvalid FROM pg_index WHERE indexrelid = 't_email'::regclass;
