SELECT count(*), sum(qty) FROM child;
