//! Search latency on the whole embedded corpus: building the index, and queries of each kind
//! (plain words, a typo, an alias, a phrase, a prefix as typed, a long query).
//! Run with `cargo bench -p search`.

use std::sync::OnceLock;

use search::Index;

fn main() {
    divan::main();
}

fn corpus() -> &'static content::Corpus {
    static CORPUS: OnceLock<content::Corpus> = OnceLock::new();
    CORPUS.get_or_init(|| content::load(&content_source::embedded()).corpus)
}

fn index() -> &'static Index {
    static INDEX: OnceLock<Index> = OnceLock::new();
    INDEX.get_or_init(|| search::index_corpus(corpus()))
}

const QUERIES: &[&str] = &[
    "consistent hashing",
    "consistant hashing",
    // A dropped first letter: found only by the slower second pass over first-letter typos.
    "ubernetes autoscaling",
    "write behind",
    "\"sliding window\"",
    "rate lim",
    "how does a cdn invalidate cached objects after a deploy",
    "cache",
];

#[divan::bench(args = QUERIES)]
fn query(bencher: divan::Bencher, q: &str) {
    let index = index();
    bencher.bench(|| index.search(divan::black_box(q), 10));
}

#[divan::bench(sample_count = 20)]
fn build_index(bencher: divan::Bencher) {
    let corpus = corpus();
    bencher.bench(|| search::index_corpus(divan::black_box(corpus)));
}

#[divan::bench(sample_count = 20)]
fn load_content(bencher: divan::Bencher) {
    let files = content_source::embedded();
    bencher.bench(|| content::load(divan::black_box(&files)));
}
