SELECT count(*) FROM sale;
