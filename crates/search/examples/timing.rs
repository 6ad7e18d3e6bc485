//! Times search queries in process, for `scripts/bench-search-vs-fts5.py`, which runs the same
//! queries against SQLite FTS5 over the same documents and prints both.
//!
//! `timing docs` prints the documents as JSON; `timing time N` reads one query per line on stdin
//! and prints `mean_us<TAB>hits<TAB>query` for each, over N runs.

use std::io::{BufRead, Write};
use std::time::Instant;

fn main() {
    let corpus = content::load(&content_source::embedded()).corpus;
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut out = std::io::stdout().lock();
    match args.first().map(String::as_str) {
        Some("docs") => {
            let docs: Vec<serde_json::Value> = search::documents(&corpus)
                .into_iter()
                .map(|d| {
                    let field = |f: search::Field| {
                        d.fields
                            .iter()
                            .filter(|(g, _)| *g == f)
                            .map(|(_, t)| t.as_str())
                            .collect::<Vec<_>>()
                            .join(" ")
                    };
                    serde_json::json!({
                        "id": d.id, "kind": d.kind.as_str(),
                        "title": field(search::Field::Title), "keywords": field(search::Field::Keywords),
                        "summary": field(search::Field::Summary), "body": field(search::Field::Body),
                    })
                })
                .collect();
            serde_json::to_writer(&mut out, &docs).unwrap();
        }
        Some("time") => {
            let runs: u32 = args.get(1).and_then(|n| n.parse().ok()).unwrap_or(1000);
            let index = search::index_corpus(&corpus);
            for query in std::io::stdin().lock().lines().map_while(Result::ok) {
                let hits = index.search(&query, 10).hits.len();
                let start = Instant::now();
                for _ in 0..runs {
                    std::hint::black_box(index.search(std::hint::black_box(&query), 10));
                }
                let mean_us = start.elapsed().as_secs_f64() * 1e6 / f64::from(runs);
                writeln!(out, "{mean_us:.2}\t{hits}\t{query}").unwrap();
            }
        }
        _ => eprintln!("usage: timing docs | timing time N < queries"),
    }
}
