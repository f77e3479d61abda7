CREATE TABLE times (
    c_date date,
    c_time time,
    c_time0 time(0),
    c_timetz timetz,
    c_timetz3 time(3) with time zone,
    c_ts timestamp,
    c_ts0 timestamp(0),
    c_ts3 timestamp(3) without time zone,
    c_tstz timestamptz,
    c_tstz6 timestamptz(6),
    c_tstz2 timestamp(2) with time zone,
    c_interval interval,
    c_interval_p interval(3),
    c_interval_f interval day to second,
    c_interval_ym interval year to month,
    c_interval_fp interval hour to second(2)
);
