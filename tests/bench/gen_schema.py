#!/usr/bin/env python3
"""gen_schema.py - generate a realistic desired schema of N tables and a mutated copy.

    gen_schema.py N OUTDIR [--seed S] [--mutate-pct P]

Writes OUTDIR/original.sql and OUTDIR/mutated.sql (plain DDL that psql loads in
one transaction and that pgstage reads as a desired schema) and prints a one-line
summary of what was generated and what the mutation changed.

The schema: several schemas, two enums per schema, tables of 10-25 columns of
mixed types (enums, arrays, jsonb, numeric, timestamps, ...) with defaults,
NOT NULL, identity or bigserial keys, primary keys, unique and check
constraints, 1-2 indexes per table (some partial, some on expressions), about
1.2 foreign keys per table (to earlier tables, so load order is trivial), one
view per 10 tables, and comments on tables and some columns.

The mutated copy changes about P% of the tables (default 5): added, dropped
and retyped columns, new indexes, changed defaults, plus new tables (P/5 % of
N).  Mutations never touch columns used by keys, indexes, checks or views.
Deterministic for a given (N, seed).
"""
import argparse
import copy
import os
import random

WORDS = ("account customer order invoice payment product stock warehouse shipment "
         "supplier employee contract ticket session event audit ledger price region "
         "store coupon review message device report budget project task asset").split()
COLWORDS = ("name title code status amount quantity total note label email phone city "
            "country weight height score rating level priority balance reference "
            "description comment region source target kind flag version hash tags "
            "payload started finished created updated due valid expires").split()

# (sql type, default expression or None); generated per column
SCALARS = [
    ("integer", "0"),
    ("bigint", "0"),
    ("smallint", "1"),
    ("text", "''::text"),
    ("character varying(64)", None),
    ("character varying(255)", "'n/a'::character varying"),
    ("numeric(12,2)", "0"),
    ("boolean", "false"),
    ("timestamp with time zone", "now()"),
    ("date", "CURRENT_DATE"),
    ("jsonb", "'{}'::jsonb"),
    ("uuid", None),
    ("double precision", None),
    ("inet", None),
    ("bytea", None),
    ("text[]", "'{}'::text[]"),
    ("interval", None),
]


def q(s):
    return s  # all generated identifiers are lower-case and unreserved


class Col:
    def __init__(self, name, typ, notnull=False, default=None, identity=None, comment=None):
        self.name, self.typ, self.notnull, self.default = name, typ, notnull, default
        self.identity = identity  # None | 'always' | 'serial'
        self.comment = comment
        self.pinned = False  # used by a key, index, check or view: never mutated

    def ddl(self):
        if self.identity == "serial":
            return f"{q(self.name)} bigserial NOT NULL"
        s = f"{q(self.name)} {self.typ}"
        if self.identity == "always":
            s += " GENERATED ALWAYS AS IDENTITY"
        if self.default is not None:
            s += f" DEFAULT {self.default}"
        if self.notnull and self.identity is None:
            s += " NOT NULL"
        return s


class Table:
    def __init__(self, schema, name):
        self.schema, self.name = schema, name
        self.cols = []
        self.uniques = []   # (conname, [cols])
        self.checks = []    # (conname, expr)
        self.fks = []       # (conname, col, reftable)
        self.indexes = []   # (name, sql-after-ON-table)
        self.comment = None

    @property
    def qname(self):
        return f"{self.schema}.{self.name}"

    def col(self, name):
        for c in self.cols:
            if c.name == name:
                return c
        return None


def build(n, seed):
    rnd = random.Random(seed)
    nschemas = 3 if n <= 100 else 6 if n <= 1000 else 10
    schemas = [f"s{i:02d}_{WORDS[i % len(WORDS)]}" for i in range(nschemas)]
    enums = {}  # schema -> [(name, labels)]
    for s in schemas:
        enums[s] = [
            ("status", ["draft", "active", "suspended", "closed"]),
            ("priority", ["low", "normal", "high", "urgent"]),
        ]
    tables = []
    for i in range(n):
        s = schemas[i % nschemas]
        t = Table(s, f"{WORDS[i % len(WORDS)]}_{i:05d}")
        ident = rnd.random()
        if ident < 0.5:
            t.cols.append(Col("id", "bigint", identity="always"))
        elif ident < 0.8:
            t.cols.append(Col("id", "bigint", identity="serial"))
        else:
            t.cols.append(Col("id", "integer", notnull=True))
        t.cols[0].pinned = True
        # a stable "name" column that views and indexes use
        name = Col("name", "text", notnull=True)
        name.pinned = True
        t.cols.append(name)
        ncols = rnd.randint(10, 25)
        used = {"id", "name"}
        k = 0
        while len(t.cols) < ncols:
            w = rnd.choice(COLWORDS)
            cname = w if w not in used else f"{w}_{k}"
            k += 1
            if cname in used:
                continue
            used.add(cname)
            r = rnd.random()
            if r < 0.12:
                en = rnd.choice(enums[s])
                c = Col(cname, f"{s}.{en[0]}", notnull=rnd.random() < 0.5,
                        default=f"'{en[1][0]}'::{s}.{en[0]}" if rnd.random() < 0.6 else None)
            else:
                typ, dflt = rnd.choice(SCALARS)
                c = Col(cname, typ, notnull=rnd.random() < 0.35,
                        default=dflt if dflt is not None and rnd.random() < 0.5 else None)
            if c.notnull and c.default is None and rnd.random() < 0.5:
                c.notnull = False
            if rnd.random() < 0.1:
                c.comment = f"{cname.replace('_', ' ')} of the {WORDS[i % len(WORDS)]}"
            t.cols.append(c)
        t.cols.append(Col("created_at", "timestamp with time zone", notnull=True, default="now()"))
        t.comment = f"{WORDS[i % len(WORDS)]} records, shard {i}"
        # unique constraint on one scalar column (1 in 3 tables)
        cands = [c for c in t.cols if not c.pinned and c.typ in ("text", "integer", "bigint", "uuid",
                                                                   "character varying(64)")]
        if cands and rnd.random() < 0.33:
            c = rnd.choice(cands)
            c.pinned = True
            t.uniques.append((f"{t.name}_{c.name}_key", [c.name]))
        # check constraint (1 in 2)
        nums = [c for c in t.cols if not c.pinned and c.typ in ("integer", "bigint", "smallint", "numeric(12,2)")]
        if nums and rnd.random() < 0.5:
            c = rnd.choice(nums)
            c.pinned = True
            t.checks.append((f"{t.name}_{c.name}_check", f"({c.name} >= 0)"))
        if rnd.random() < 0.2:
            t.checks.append((f"{t.name}_name_check", "(length(name) > 0)"))
        # FKs: ~1.2 per table, to earlier tables
        if i > 0:
            nfk = 1 if rnd.random() < 0.8 else 2
            if rnd.random() < 0.1:
                nfk = 0
            if rnd.random() < 0.15:
                nfk += 1
            for f in range(nfk):
                ref = tables[rnd.randrange(max(0, i - 200), i)]
                cname = f"{ref.name.split('_')[0]}_id" if f == 0 else f"{ref.name.split('_')[0]}_ref{f}_id"
                if t.col(cname):
                    cname = f"ref{f}_{ref.name}_id"
                reftyp = ref.cols[0].typ
                c = Col(cname, reftyp, notnull=rnd.random() < 0.5)
                c.pinned = True
                t.cols.append(c)
                ondel = rnd.choice(["", "", " ON DELETE CASCADE", " ON DELETE SET NULL"]) if not c.notnull else \
                    rnd.choice(["", " ON DELETE CASCADE"])
                t.fks.append((f"{t.name}_{cname}_fkey", cname, ref, ondel))
                # index the FK column most of the time
                if rnd.random() < 0.5:
                    t.indexes.append((f"{t.name}_{cname}_idx", f"USING btree ({cname})"))
        # 1-2 indexes per table (beyond PK/unique/FK ones)
        nidx = 1 if rnd.random() < 0.6 else 2
        for x in range(nidx):
            kind = rnd.random()
            if kind < 0.25:
                t.indexes.append((f"{t.name}_lower_name_idx", "USING btree (lower(name))"))
            elif kind < 0.45:
                t.indexes.append((f"{t.name}_created_partial_idx",
                                  "USING btree (created_at) WHERE (name IS NOT NULL)"))
            else:
                cs = [c for c in t.cols if c.typ in ("integer", "bigint", "text", "date", "timestamp with time zone",
                                                     "character varying(64)", "uuid", "smallint") and c.name != "id"]
                c = rnd.choice(cs)
                c.pinned = True
                t.indexes.append((f"{t.name}_{c.name}_x{x}_idx", f"USING btree ({c.name}, created_at DESC)"))
        # dedupe index names
        seen = set()
        t.indexes = [ix for ix in t.indexes if not (ix[0] in seen or seen.add(ix[0]))]
        tables.append(t)
    views = []
    for v in range(n // 10):
        t = tables[v * 10 + rnd.randrange(10)]
        if t.fks:
            _, fcol, ref, _ = t.fks[0]
            body = (f"SELECT a.id, a.name, b.name AS {ref.name.split('_')[0]}_name, a.created_at "
                    f"FROM ({t.qname} a JOIN {ref.qname} b ON ((b.id = a.{fcol}))) "
                    f"WHERE (a.created_at > '2020-01-01 00:00:00+00'::timestamp with time zone)")
        else:
            body = f"SELECT a.id, a.name, a.created_at FROM {t.qname} a"
        views.append((t.schema, f"v_{t.name}", body))
    return schemas, enums, tables, views


def emit(path, schemas, enums, tables, views):
    out = []
    w = out.append
    for s in schemas:
        w(f"CREATE SCHEMA {s};")
    for s in schemas:
        for en, labels in enums[s]:
            w(f"CREATE TYPE {s}.{en} AS ENUM ({', '.join(repr(l) for l in labels)});")
    w("")
    for t in tables:
        parts = ["    " + c.ddl() for c in t.cols]
        parts.append(f"    CONSTRAINT {t.name}_pkey PRIMARY KEY (id)")
        for cn, cols in t.uniques:
            parts.append(f"    CONSTRAINT {cn} UNIQUE ({', '.join(cols)})")
        for cn, expr in t.checks:
            parts.append(f"    CONSTRAINT {cn} CHECK {expr}")
        w(f"CREATE TABLE {t.qname} (\n" + ",\n".join(parts) + "\n);")
        for name, rest in t.indexes:
            w(f"CREATE INDEX {name} ON {t.qname} {rest};")
        if t.comment:
            w(f"COMMENT ON TABLE {t.qname} IS '{t.comment}';")
        for c in t.cols:
            if c.comment:
                w(f"COMMENT ON COLUMN {t.qname}.{c.name} IS '{c.comment}';")
        w("")
    for t in tables:
        for cn, col, ref, ondel in t.fks:
            w(f"ALTER TABLE {t.qname} ADD CONSTRAINT {cn} FOREIGN KEY ({col}) REFERENCES {ref.qname}(id){ondel};")
    w("")
    for s, vn, body in views:
        w(f"CREATE VIEW {s}.{vn} AS\n {body};")
        w(f"COMMENT ON VIEW {s}.{vn} IS 'report over {vn[2:]}';")
    with open(path, "w") as f:
        f.write("\n".join(out) + "\n")


RETYPE = {
    "integer": "bigint",
    "smallint": "integer",
    "character varying(64)": "character varying(128)",
    "character varying(255)": "text",
    "numeric(12,2)": "numeric(14,2)",
    "double precision": "numeric",
    "text": "character varying(1000)",
}


def mutate(n, seed, pct, schemas, enums, tables, views):
    rnd = random.Random(seed * 7919 + 1)
    tables = copy.deepcopy(tables)
    counts = {}

    def bump(k):
        counts[k] = counts.get(k, 0) + 1

    nmut = max(1, round(n * pct / 100))
    for t in rnd.sample(tables, nmut):
        free = [c for c in t.cols if not c.pinned and c.identity is None and c.name != "created_at"]
        kinds = ["add_column", "drop_column", "retype_column", "new_index", "change_default"]
        kind = rnd.choice(kinds)
        if kind == "drop_column" and free:
            c = rnd.choice(free)
            t.cols.remove(c)
            bump(kind)
        elif kind == "retype_column" and [c for c in free if c.typ in RETYPE]:
            c = rnd.choice([c for c in free if c.typ in RETYPE])
            if c.default is not None and c.typ not in ("integer", "smallint", "numeric(12,2)"):
                c.default = None  # a text default would need a new cast
            c.typ = RETYPE[c.typ]
            bump(kind)
        elif kind == "new_index":
            t.indexes.append((f"{t.name}_bench_new_idx", "USING btree (name, created_at)"))
            bump(kind)
        elif kind == "change_default" and [c for c in free if c.typ in ("integer", "bigint", "boolean", "text")]:
            c = rnd.choice([c for c in free if c.typ in ("integer", "bigint", "boolean", "text")])
            c.default = {"integer": "42", "bigint": "42", "boolean": "true", "text": "'changed'::text"}[c.typ]
            bump(kind)
        else:
            t.cols.insert(len(t.cols) - 1, Col("bench_added", "text", default="'new'::text"))
            bump("add_column")
    nnew = max(1, round(n * pct / 500))
    for j in range(nnew):
        s = schemas[j % len(schemas)]
        ref = tables[rnd.randrange(len(tables))]
        t = Table(s, f"bench_new_{j:05d}")
        t.cols = [Col("id", "bigint", identity="always"), Col("name", "text", notnull=True),
                  Col("amount", "numeric(12,2)", notnull=True, default="0"),
                  Col("status", f"{s}.status", default=f"'draft'::{s}.status"),
                  Col("ref_id", ref.cols[0].typ),
                  Col("created_at", "timestamp with time zone", notnull=True, default="now()")]
        t.fks.append((f"bench_new_{j:05d}_ref_id_fkey", "ref_id", ref, ""))
        t.indexes.append((f"bench_new_{j:05d}_ref_id_idx", "USING btree (ref_id)"))
        t.comment = "added by the benchmark mutation"
        tables.append(t)
        bump("new_table")
    return tables, counts


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("n", type=int)
    ap.add_argument("outdir")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--mutate-pct", type=float, default=5.0)
    a = ap.parse_args()
    os.makedirs(a.outdir, exist_ok=True)
    schemas, enums, tables, views = build(a.n, a.seed)
    emit(os.path.join(a.outdir, "original.sql"), schemas, enums, tables, views)
    mtables, counts = mutate(a.n, a.seed, a.mutate_pct, schemas, enums, tables, views)
    emit(os.path.join(a.outdir, "mutated.sql"), schemas, enums, mtables, views)
    ncols = sum(len(t.cols) for t in tables)
    nidx = sum(len(t.indexes) + 1 + len(t.uniques) for t in tables)
    nfk = sum(len(t.fks) for t in tables)
    print(f"tables={len(tables)} columns={ncols} indexes={nidx} fks={nfk} views={len(views)} "
          f"schemas={len(schemas)} mutations=" + ",".join(f"{k}:{v}" for k, v in sorted(counts.items())))


if __name__ == "__main__":
    main()
