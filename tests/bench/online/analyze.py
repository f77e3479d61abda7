#!/usr/bin/env python3
"""analyze.py - figures of one run of tests/bench/online_stall.sh.

    analyze.py RUNDIR T0 T1 WARMUP

RUNDIR holds pgbench's per-transaction logs (bench.*: client, tx no, latency
us, script no, epoch s, epoch us) and server.log, the slice of the server log
written during the run (log_line_prefix '%n [%p] app=%a ', the apply session
with log_min_duration_statement = 0, log_lock_waits on).  T0..T1 is the apply
window (epoch seconds).  Prints one JSON object:

  apply_s      T1 - T0
  tx           transactions that committed in the window
  worst_tx_ms  the longest transaction that overlapped the window
  worst_gap_ms the longest time in the window with no commit from any client
               (up to the first commit after T1)
  p99_ms       p99 latency of the transactions that committed in the window
  base_p99_ms, base_worst_ms: the same over the WARMUP seconds before T0
  culprit      the apply statement that overlapped the worst transaction
               most, with its duration (ms)
  slow         the apply statements that took >= 20 ms, with duration, the
               writers' commits per second while they ran and the worst
               transaction that overlapped them
  lockwaits    the longest lock wait of a writer logged by log_lock_waits
"""
import glob
import json
import os
import re
import sys


def pct(values, p):
    if not values:
        return 0.0
    values = sorted(values)
    k = max(0, min(len(values) - 1, int(round(p / 100.0 * len(values) + 0.5)) - 1))
    return values[k]


def main():
    rundir, t0, t1, warmup = sys.argv[1], float(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4])
    txs = []  # (start, end, latency ms)
    for path in glob.glob(os.path.join(rundir, "bench.*")):
        with open(path) as f:
            for line in f:
                p = line.split()
                if len(p) < 6 or not p[2].isdigit():
                    continue
                lat = int(p[2]) / 1000.0
                end = int(p[4]) + int(p[5]) / 1e6
                txs.append((end - lat / 1000.0, end, lat))
    txs.sort(key=lambda t: t[1])

    in_win = [t for t in txs if t0 <= t[1] <= t1]
    overlapping = [t for t in txs if t[0] <= t1 and t[1] >= t0]
    worst = max(overlapping, key=lambda t: t[2]) if overlapping else (t0, t0, 0.0)
    ends = [t0] + [t[1] for t in in_win]
    after = [t[1] for t in txs if t[1] > t1]
    ends.append(after[0] if after else t1)
    gap, gap_at = 0.0, t0
    for a, b in zip(ends, ends[1:]):
        if (b - a) * 1000 > gap:
            gap, gap_at = (b - a) * 1000, a
    base = [t[2] for t in txs if t0 - warmup + 0.5 <= t[1] < t0]

    # the apply session's statements and the writers' lock waits
    stmts, waits = [], []
    rx = re.compile(r"^(\d+\.\d+) \[(\d+)\] app=(\S*) LOG:  duration: ([\d.]+) ms  statement: (.*)$")
    rw = re.compile(r"^(\d+\.\d+) \[(\d+)\] app=(\S*) LOG:  process \d+ acquired (\S+) on (.*) after ([\d.]+) ms")
    cur = None
    logpath = os.path.join(rundir, "server.log")
    if os.path.exists(logpath):
        with open(logpath, errors="replace") as f:
            for line in f:
                line = line.rstrip("\n")
                m = rx.match(line)
                if m:
                    if m.group(3) != "pgstage-apply":
                        cur = None
                        continue
                    end = float(m.group(1))
                    dur = float(m.group(4))
                    cur = {"start": end - dur / 1000.0, "end": end, "ms": dur, "sql": m.group(5).strip()}
                    stmts.append(cur)
                    continue
                m = rw.match(line)
                if m:
                    waits.append({"at": float(m.group(1)), "mode": m.group(4), "on": m.group(5), "ms": float(m.group(6)), "app": m.group(3)})
                    cur = None
                    continue
                if re.match(r"^\d+\.\d+ \[", line):
                    cur = None
                elif cur is not None and not cur["sql"]:
                    cur["sql"] = line.strip()
    for s in stmts:
        s["sql"] = re.sub(r"\s+", " ", s["sql"])[:110]

    def overlap(s, a, b):
        return max(0.0, min(s["end"], b) - max(s["start"], a))

    culprit = None
    if stmts and worst[2] > 0:
        best = max(stmts, key=lambda s: overlap(s, worst[0], worst[1]))
        if overlap(best, worst[0], worst[1]) > 0:
            culprit = {"sql": best["sql"], "ms": round(best["ms"], 1)}
    slow = []
    for s in stmts:
        if s["ms"] < 20:
            continue
        # writers' commits while the statement ran, and the worst transaction
        # that overlapped it
        n = sum(1 for t in txs if s["start"] <= t[1] <= s["end"])
        ov = [t[2] for t in txs if t[0] <= s["end"] and t[1] >= s["start"]]
        slow.append({"sql": s["sql"], "ms": round(s["ms"], 1), "tps": round(n / (s["ms"] / 1000.0)),
                     "worst_tx_ms": round(max(ov) if ov else 0.0, 1)})
    bench_waits = [w for w in waits if w["app"] == "pgbench"]
    worst_wait = max(bench_waits, key=lambda w: w["ms"]) if bench_waits else None

    print(json.dumps({
        "apply_s": round(t1 - t0, 2),
        "tx": len(in_win),
        "tps": round(len(in_win) / (t1 - t0), 0) if t1 > t0 else 0,
        "worst_tx_ms": round(worst[2], 1),
        "worst_gap_ms": round(gap, 1),
        "p99_ms": round(pct([t[2] for t in in_win], 99), 1),
        "base_p99_ms": round(pct(base, 99), 1),
        "base_worst_ms": round(max(base) if base else 0.0, 1),
        "base_tps": round(len(base) / (warmup - 0.5), 0) if warmup > 0.5 else 0,
        "culprit": culprit,
        "slow": slow,
        "lockwait": worst_wait,
        "lockwaits": len(bench_waits),
    }))


if __name__ == "__main__":
    main()
