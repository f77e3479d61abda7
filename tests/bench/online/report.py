#!/usr/bin/env python3
"""report.py RESULTS.jsonl ROWS - Markdown tables of an online_stall.sh run."""
import json
import os
import sys

FORMS = {"notnull": "SET NOT NULL", "unique": "UNIQUE", "check": "CHECK",
         "fk": "FOREIGN KEY", "bigint": "int → bigint"}
TARGET_MS = 50.0

runs = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
rows = int(sys.argv[2])
by = {(r["form"], r["mode"]): r for r in runs}
forms = []
for r in runs:
    if r["form"] not in forms:
        forms.append(r["form"])


def stall(r):
    return max(r["worst_tx_ms"], r["worst_gap_ms"])


print("Table `big`: %s rows; writers: pgbench, 4 clients, single-row UPDATE by random key + single-row INSERT." % format(rows, ","))
print("Worst stall = max(longest transaction overlapping the apply, longest time with no commit from any client).")
if os.environ.get("EDIT_ONLINE"):
    print("Online plans edited before they were applied by: `%s`." % os.environ["EDIT_ONLINE"])
print("Ratio = naive worst stall / online worst stall (the naive single statement is the reference).")
print()
print("| form | mode | apply (s) | tx/s during apply (before) | worst tx (ms) | worst no-commit gap (ms) | p99 (ms) (before) | stall ratio naive/online | < 50 ms |")
print("|---|---|---:|---:|---:|---:|---:|---:|---|")
for f in forms:
    for mode in ("online", "naive"):
        r = by.get((f, mode))
        if not r:
            continue
        ratio = ""
        n = by.get((f, "naive"))
        if mode == "online" and n and stall(r) > 0:
            ratio = "%.1f×" % (stall(n) / stall(r))
        ok = ("yes" if stall(r) < TARGET_MS else "**no**") if mode == "online" else ""
        note = "" if r["check"] == "ok" else " ⚠ " + r["check"]
        if r.get("pgbench_errors"):
            note += " ⚠ pgbench reported errors"
        print("| %s | %s%s | %.2f | %d (%d) | %.1f | %.1f | %.1f (%.1f) | %s | %s |" % (
            FORMS.get(f, f), mode, note, r["apply_s"], r["tps"], r["base_tps"], r["worst_tx_ms"],
            r["worst_gap_ms"], r["p99_ms"], r["base_p99_ms"], ratio, ok))
print()
print("Where the worst stall happened: the apply statement that overlapped the worst transaction most, and the longest writer lock wait logged (log_lock_waits, > 20 ms).")
print()
print("| form | mode | worst tx (ms) | overlapping apply statement (its duration) | longest writer lock wait |")
print("|---|---|---:|---|---|")
for f in forms:
    for mode in ("online", "naive"):
        r = by.get((f, mode))
        if not r:
            continue
        c = r.get("culprit")
        cs = "`%s` (%.0f ms)" % (c["sql"], c["ms"]) if c else "none (no DDL statement running)"
        w = r.get("lockwait")
        ws = "%.0f ms for %s (%d waits > 20 ms)" % (w["ms"], w["mode"], r["lockwaits"]) if w else "none"
        print("| %s | %s | %.1f | %s | %s |" % (FORMS.get(f, f), mode, r["worst_tx_ms"], cs, ws))
print()
print("Apply statements of the online plans that took ≥ 20 ms: the writers' commit rate while each ran (≈ 0 means writers were blocked; compare with the rate before the apply) and the worst transaction that overlapped it (a statement that follows a stall shares its worst transaction).")
print()
print("| form | statement | duration (ms) | writer commits/s meanwhile (before) | worst overlapping tx (ms) |")
print("|---|---|---:|---:|---:|")
for f in forms:
    r = by.get((f, "online"))
    if not r:
        continue
    for s in r["slow"]:
        print("| %s | `%s` | %.0f | %d (%d) | %.1f |" % (FORMS.get(f, f), s["sql"], s["ms"], s["tps"], r["base_tps"], s["worst_tx_ms"]))
