//! Search on the real, embedded corpus: every name the ontology gives a concept finds that
//! concept, and a set of everyday queries (typos, other names, problems) puts the expected page
//! near the top. Content changes that break a lookup fail here with the query that broke.

use std::sync::OnceLock;

use search::{Index, Kind};

fn corpus() -> &'static content::Corpus {
    static CORPUS: OnceLock<content::Corpus> = OnceLock::new();
    CORPUS.get_or_init(|| content::load(&content_source::embedded()).corpus)
}

fn index() -> &'static Index {
    static INDEX: OnceLock<Index> = OnceLock::new();
    INDEX.get_or_init(|| search::index_corpus(corpus()))
}

#[test]
fn every_name_of_a_concept_finds_it() {
    let mut misses = Vec::new();
    for concept in corpus().concepts() {
        for name in std::iter::once(&concept.name).chain(&concept.aliases) {
            let hits = index().search(name, 10).hits;
            if !hits.iter().any(|h| h.kind == Kind::Concept && h.id == concept.id.as_str()) {
                misses.push(format!("{name:?} → {} ({:?})", concept.id, hits.first().map(|h| &h.id)));
            }
        }
    }
    assert!(misses.is_empty(), "{} names do not find their concept:\n{}", misses.len(), misses.join("\n"));
}

/// A query, and a page (kind initial and id) that must be among its first three results.
const EVERYDAY: &[(&str, &str)] = &[
    ("consistant hashing", "t:consistent-hashing"),
    ("hash ring", "t:consistent-hashing"),
    ("write behind", "t:cache-strategies"),
    ("two phase commit", "c:two-phase-commit"),
    ("master slave", "t:leader-follower-replication"),
    ("idempotency key", "t:idempotency-keys"),
    ("token bucket", "t:token-bucket"),
    ("rate lim", "t:rate-limiting"),
    ("cap theorem", "t:cap-theorem"),
    ("kafak", "t:kafka"),
    ("ubernetes", "t:kubernetes"),
    ("kache eviction", "t:cache-eviction"),
    ("circuit breaker", "t:circuit-breakers"),
    ("observer pattern", "t:observer"),
    ("url shortener", "p:url-shortener"),
    ("parking lot", "p:parking-lot"),
    ("back of the envelope", "t:back-of-envelope"),
    ("dao", "t:repository-pattern"),
    ("dsar", "t:gdpr-and-privacy"),
    ("aws lambda", "t:serverless"),
];

#[test]
fn everyday_queries_put_the_expected_page_near_the_top() {
    let mut misses = Vec::new();
    for &(query, expected) in EVERYDAY {
        let top: Vec<String> = index()
            .search(query, 3)
            .hits
            .iter()
            .map(|h| format!("{}:{}", &format!("{:?}", h.kind)[..1].to_lowercase(), h.id))
            .collect();
        if !top.iter().any(|t| t == expected) {
            misses.push(format!("{query:?}: expected {expected} in {top:?}"));
        }
    }
    assert!(misses.is_empty(), "{}", misses.join("\n"));
}
