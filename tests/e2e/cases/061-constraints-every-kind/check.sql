SELECT count(*), sum(guests) FROM booking;
