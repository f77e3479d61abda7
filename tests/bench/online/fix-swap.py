#!/usr/bin/env python3
"""fix-swap.py [--backfill-only] - rewrite an online plan (stdin -> stdout)
the way this benchmark suggests pgstage should emit it, to measure the effect:

  0. the backfill DO block: `WHERE NOT started OR (id) > (last0)` becomes
     `WHERE (id) > (last0)` with last0 started at min(id) - 1.  PL/pgSQL
     switches to a generic plan after five batches, and the generic plan of
     the OR form cannot use the key range: it walks the primary key from the
     first row on every batch (filter, not index condition), so the backfill
     is quadratic in the table size (42 s at 1M rows; at 10M rows it had not
     finished after 12 minutes).  Single-column keys only.
  1. (not with --backfill-only) a CHECK added NOT VALID and validated in the
     same transaction (the tighten step of a column swap) is split in two
     transactions, so the validating scan no longer runs under the ACCESS
     EXCLUSIVE lock that ADD CONSTRAINT took;
  2. (not with --backfill-only) the contract step's catch-up UPDATE (a
     full-table scan) moves out of the locked transaction to just before
     it; the sync trigger, in place since the expand step, keeps every later
     write in step, so the locked transaction is metadata only.

Used as tests/bench/online_stall.sh --edit-online "tests/bench/online/fix-swap.py [--backfill-only]".
"""
import re
import sys

backfill_only = "--backfill-only" in sys.argv[1:]
lines = sys.stdin.read().split("\n")

# 0. backfill
out = []
for i, line in enumerate(lines):
    m = re.search(r"SELECT (\w+) AS k0 FROM (\S+) WHERE NOT started OR \(\1\) > \(last0\) ", line)
    if m:
        key, table = m.group(1), m.group(2)
        # the DO block's BEGIN is the last "BEGIN" line before this one
        for j in range(len(out) - 1, -1, -1):
            if out[j].strip() == "BEGIN":
                out.insert(j + 1, "    SELECT min(%s) - 1 INTO last0 FROM %s;" % (key, table))
                break
        line = line.replace("WHERE NOT started OR (%s) > (last0) " % key, "WHERE (%s) > (last0) " % key)
    line = re.sub(r"WHERE \(NOT started OR (\(\w+\) > \(last0\))\) AND ", r"WHERE \1 AND ", line)
    out.append(line)
lines = out

if not backfill_only:
    out = []
    for i, line in enumerate(lines):
        if re.match(r"^ALTER TABLE .* VALIDATE CONSTRAINT ", line) and i > 0 and lines[i - 1].endswith(" NOT VALID;") \
                and lines[i - 1].startswith("ALTER TABLE "):
            out += ["COMMIT;", "BEGIN;"]
        out.append(line)
    for i, line in enumerate(out):
        if re.match(r"^LOCK TABLE .* IN ACCESS EXCLUSIVE MODE;$", line) and i > 0 and out[i - 1] == "BEGIN;" \
                and i + 1 < len(out) and out[i + 1].startswith("UPDATE ") and "IS DISTINCT FROM" in out[i + 1]:
            upd = out.pop(i + 1)
            out.insert(i - 1, upd)
            break
    lines = out
sys.stdout.write("\n".join(lines))
