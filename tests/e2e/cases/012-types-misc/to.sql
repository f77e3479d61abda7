CREATE TABLE misc (
    c_uuid uuid,
    c_json json,
    c_jsonb jsonb,
    c_bytea bytea,
    c_inet inet,
    c_cidr cidr,
    c_macaddr macaddr,
    c_bit bit(4),
    c_varbit bit varying(16),
    c_tsvector tsvector,
    c_xml xml,
    c_point point,
    c_int4range int4range,
    c_oid oid
);
