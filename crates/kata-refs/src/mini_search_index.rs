//! Mini search index: an inverted index (term → document → frequency) beside a forward record of
//! each document's terms, so a replace or remove takes exactly its own postings out. A search
//! walks only its query terms' postings, accumulating whole-number TF-IDF scores, and keeps the
//! best ten with a selection instead of sorting every match.

use std::collections::HashMap;

use kata::Machine;

use crate::Reference;
use crate::util::{bad_arguments, error, unknown_command, words};

pub(crate) const REFERENCE: Reference = Reference {
    id: "mini-search-index",
    new: || Box::new(Index::new(Replace::RemoveOldPostings)),
    broken: || Box::new(Index::new(Replace::KeepOldPostings)),
    bug: "replacing a document indexes the new text without removing the old postings, so its old \
          words still find it",
};

#[derive(Clone, Copy, PartialEq, Eq)]
enum Replace {
    RemoveOldPostings,
    /// The bug of the broken variant.
    KeepOldPostings,
}

const STOP_WORDS: &[&str] = &["a", "an", "and", "in", "is", "of", "on", "the", "to"];
const LIMIT: usize = 10;

/// The one analyzer, for documents and queries alike.
fn analyze(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|piece| !piece.is_empty())
        .map(str::to_ascii_lowercase)
        .filter(|term| !STOP_WORDS.contains(&term.as_str()))
        .map(|mut term| {
            if term.len() >= 4 && term.ends_with('s') && !term.ends_with("ss") {
                term.pop();
            }
            term
        })
        .collect()
}

fn is_id(word: &str) -> bool {
    !word.is_empty() && word.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

/// 1 + ⌊log2(n / df)⌋ for 1 ≤ df ≤ n, in integers.
fn idf(n: usize, df: usize) -> u64 {
    let mut k = 0;
    while df << (k + 1) <= n {
        k += 1;
    }
    1 + k as u64
}

/// 1 + ⌊log2 tf⌋ for tf ≥ 1.
fn weight(tf: u32) -> u64 {
    u64::from(tf.ilog2()) + 1
}

struct Index {
    replace: Replace,
    /// Document id → term → frequency: what to take out on replace or remove.
    docs: HashMap<String, HashMap<String, u32>>,
    /// Term → document id → frequency.
    postings: HashMap<String, HashMap<String, u32>>,
}

impl Index {
    fn new(replace: Replace) -> Self {
        Index { replace, docs: HashMap::new(), postings: HashMap::new() }
    }

    fn unindex(&mut self, id: &str, terms: &HashMap<String, u32>) {
        for term in terms.keys() {
            if let Some(list) = self.postings.get_mut(term) {
                list.remove(id);
                if list.is_empty() {
                    self.postings.remove(term);
                }
            }
        }
    }

    fn add(&mut self, id: &str, text: &str) -> String {
        let mut terms: HashMap<String, u32> = HashMap::new();
        for term in analyze(text) {
            *terms.entry(term).or_default() += 1;
        }
        for (term, &tf) in &terms {
            self.postings.entry(term.clone()).or_default().insert(id.to_owned(), tf);
        }
        let old = self.docs.insert(id.to_owned(), terms);
        match old {
            Some(old) => {
                if self.replace == Replace::RemoveOldPostings {
                    let new = &self.docs[id];
                    let gone: HashMap<String, u32> =
                        old.into_iter().filter(|(term, _)| !new.contains_key(term)).collect();
                    self.unindex(id, &gone);
                }
                "ok replaced".into()
            }
            None => "ok".into(),
        }
    }

    fn remove(&mut self, id: &str) -> String {
        match self.docs.remove(id) {
            Some(terms) => {
                self.unindex(id, &terms);
                "ok".into()
            }
            None => error("not-found"),
        }
    }

    fn search(&self, all: bool, query: &str) -> String {
        let mut terms = analyze(query);
        terms.sort_unstable();
        terms.dedup();
        let n = self.docs.len();
        // Term at a time: each postings list is walked once, adding into an accumulator.
        let mut scores: HashMap<&str, (u64, usize)> = HashMap::new();
        for term in &terms {
            let Some(list) = self.postings.get(term) else { continue };
            let idf = idf(n, list.len());
            for (id, &tf) in list {
                let entry = scores.entry(id.as_str()).or_default();
                entry.0 += weight(tf) * idf;
                entry.1 += 1;
            }
        }
        let mut hits: Vec<(&str, u64)> = scores
            .into_iter()
            .filter(|(_, (_, matched))| !all || *matched == terms.len())
            .map(|(id, (score, _))| (id, score))
            .collect();
        let order = |a: &(&str, u64), b: &(&str, u64)| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0));
        if hits.len() > LIMIT {
            hits.select_nth_unstable_by(LIMIT - 1, order);
            hits.truncate(LIMIT);
        }
        hits.sort_unstable_by(order);
        if hits.is_empty() {
            return "empty".into();
        }
        hits.iter().map(|(id, score)| format!("{id}:{score}")).collect::<Vec<_>>().join(" ")
    }
}

impl Machine for Index {
    fn reply(&mut self, command: &str) -> String {
        let w = words(command);
        let Some((&name, args)) = w.split_first() else { return unknown_command() };
        match (name, args) {
            ("add", [id, text @ ..]) if is_id(id) && !text.is_empty() => self.add(id, &text.join(" ")),
            ("remove", [id]) => self.remove(id),
            ("search", [mode @ ("all" | "any"), query @ ..]) if !query.is_empty() => {
                self.search(*mode == "all", &query.join(" "))
            }
            ("analyze", text) if !text.is_empty() => {
                let terms = analyze(&text.join(" "));
                if terms.is_empty() { "empty".into() } else { terms.join(" ") }
            }
            ("count", []) => self.docs.len().to_string(),
            ("add" | "remove" | "search" | "analyze" | "count", _) => bad_arguments(),
            _ => unknown_command(),
        }
    }
}
