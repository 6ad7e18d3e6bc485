#!/usr/bin/env python3
"""Search latency, sdcoach's index against SQLite FTS5 (porter stemming, bm25 with the same
field weights), over the same documents and queries, in one run. Prints both and the ratio.

FTS5 gets each query in its own syntax: words are ANDed, the last word gets a `*` prefix, a
quoted phrase stays a phrase. It has no typo tolerance or concept aliases, so the typo and alias
queries find little or nothing there: compare those rows for speed only.

Usage: python3 scripts/bench-search-vs-fts5.py [RUNS]"""
import json, os, re, sqlite3, subprocess, sys, time

RUNS = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
QUERIES = [
    "consistent hashing",
    "cache",
    '"sliding window"',
    "rate lim",
    "token bucket burst",
    "how does a cdn invalidate cached objects after a deploy",
    "consistant hashing",
    "write behind",
]

subprocess.run(["cargo", "build", "--quiet", "--release", "-p", "search", "--example", "timing"], cwd=ROOT, check=True)
binary = os.path.join(ROOT, "target", "release", "examples", "timing")
docs = json.loads(subprocess.run([binary, "docs"], capture_output=True, check=True).stdout)

ours = {}
out = subprocess.run([binary, "time", str(RUNS)], input="\n".join(QUERIES) + "\n", capture_output=True, text=True, check=True).stdout
for line in out.splitlines():
    mean_us, hits, query = line.split("\t", 2)
    ours[query] = (float(mean_us), int(hits))

db = sqlite3.connect(":memory:")
db.execute("CREATE VIRTUAL TABLE docs USING fts5(id UNINDEXED, title, keywords, summary, body, tokenize='porter unicode61')")
db.executemany("INSERT INTO docs VALUES (?, ?, ?, ?, ?)", [(d["id"], d["title"], d["keywords"], d["summary"], d["body"]) for d in docs])
db.execute("INSERT INTO docs(docs) VALUES ('optimize')")

def fts_query(q):
    if q.startswith('"'):
        return q
    words = re.findall(r"\w+", q)
    words[-1] += "*"
    return " ".join(words)

SQL = "SELECT id FROM docs WHERE docs MATCH ? ORDER BY bm25(docs, 0, 4.0, 3.0, 2.0, 1.0) LIMIT 10"
print(f"{len(docs)} documents, {RUNS} runs per query; mean microseconds per query (top 10)\n")
print(f"{'query':58} {'sdcoach':>9} {'hits':>4} {'FTS5':>9} {'hits':>4} {'FTS5/sdcoach':>12}")
ratios = []
for q in QUERIES:
    fq = fts_query(q)
    hits = len(db.execute(SQL, (fq,)).fetchall())
    start = time.perf_counter()
    for _ in range(RUNS):
        db.execute(SQL, (fq,)).fetchall()
    fts_us = (time.perf_counter() - start) * 1e6 / RUNS
    our_us, our_hits = ours[q]
    ratios.append(fts_us / our_us)
    print(f"{q[:58]:58} {our_us:9.2f} {our_hits:4d} {fts_us:9.2f} {hits:4d} {fts_us / our_us:12.2f}")
start = time.perf_counter()
for _ in range(RUNS):
    db.execute("SELECT 1").fetchall()
overhead_us = (time.perf_counter() - start) * 1e6 / RUNS
print(f"\n(FTS5 times include Python's call overhead, {overhead_us:.2f} us per query as measured by SELECT 1)")
geo = 1.0
for r in ratios:
    geo *= r
print(f"\ngeometric mean of FTS5/sdcoach: {geo ** (1 / len(ratios)):.2f} (above 1: sdcoach is faster)")
