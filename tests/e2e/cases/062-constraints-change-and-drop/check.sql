SELECT count(*) FROM c;
