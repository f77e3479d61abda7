SELECT count(*) FROM doc;
