//! The words of the corpus as written, for prefix ("as you type") and typo-tolerant lookups.

use std::ops::Range;

/// Sorted surface words, each pointing at the term (stem) it is indexed under.
#[derive(Debug, Default)]
pub(crate) struct Vocabulary {
    words: Vec<String>,
    terms: Vec<u32>,
}

impl Vocabulary {
    pub fn new(mut pairs: Vec<(String, u32)>) -> Self {
        pairs.sort();
        pairs.dedup();
        let (words, terms) = pairs.into_iter().unzip();
        Self { words, terms }
    }

    pub fn word(&self, i: usize) -> &str {
        &self.words[i]
    }

    pub fn term(&self, i: usize) -> u32 {
        self.terms[i]
    }

    /// Positions of the words that start with `prefix`.
    pub fn with_prefix(&self, prefix: &str) -> Range<usize> {
        let start = self.words.partition_point(|w| w.as_str() < prefix);
        let len = self.words[start..].partition_point(|w| w.starts_with(prefix));
        start..start + len
    }

    /// Words within `max` edits of `word` (a swap of neighbours is one edit), with their
    /// distance. Only words sharing the first letter are tried: typos there are rare, and it
    /// keeps a lookup to a few hundred candidates on the whole corpus.
    pub fn near(&self, word: &str, max: usize) -> Vec<(usize, usize)> {
        let Some(first) = word.chars().next() else {
            return Vec::new();
        };
        let mut buf = [0u8; 4];
        let range = self.with_prefix(first.encode_utf8(&mut buf));
        let target = word.as_bytes();
        let mut out = Vec::new();
        let mut scratch = Scratch::default();
        for i in range {
            let candidate = self.words[i].as_bytes();
            if candidate.len().abs_diff(target.len()) > max || candidate == target {
                continue;
            }
            if let Some(d) = bounded_distance(target, candidate, max, &mut scratch) {
                out.push((i, d));
            }
        }
        out
    }
}

#[derive(Default)]
struct Scratch {
    rows: [Vec<usize>; 3],
}

/// Optimal string alignment distance over bytes, or `None` as soon as it must exceed `max`.
fn bounded_distance(a: &[u8], b: &[u8], max: usize, scratch: &mut Scratch) -> Option<usize> {
    let [prev2, prev, cur] = &mut scratch.rows;
    prev2.clear();
    prev2.resize(b.len() + 1, 0);
    prev.clear();
    prev.extend(0..=b.len());
    cur.clear();
    cur.resize(b.len() + 1, 0);
    for i in 1..=a.len() {
        cur[0] = i;
        let mut row_min = cur[0];
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut d = (prev[j - 1] + cost).min(prev[j] + 1).min(cur[j - 1] + 1);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d = d.min(prev2[j - 2] + 1);
            }
            cur[j] = d;
            row_min = row_min.min(d);
        }
        if row_min > max {
            return None;
        }
        std::mem::swap(prev2, prev);
        std::mem::swap(prev, cur);
    }
    let d = prev[b.len()];
    (d <= max).then_some(d)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vocab(words: &[&str]) -> Vocabulary {
        Vocabulary::new(words.iter().enumerate().map(|(i, w)| (w.to_string(), i as u32)).collect())
    }

    #[test]
    fn prefix_range_covers_exactly_the_prefixed_words() {
        let v = vocab(&["cache", "caching", "cap", "cdn", "bloom"]);
        let found: Vec<&str> = v.with_prefix("cac").map(|i| v.word(i)).collect();
        assert_eq!(found, ["cache", "caching"]);
        assert!(v.with_prefix("zz").is_empty());
    }

    #[test]
    fn near_finds_typos_within_budget() {
        let v = vocab(&["consistent", "consistency", "constant", "cache"]);
        let found: Vec<(&str, usize)> =
            v.near("consistant", 1).into_iter().map(|(i, d)| (v.word(i), d)).collect();
        assert_eq!(found, [("consistent", 1)]);
        let two: Vec<&str> = v.near("consistant", 2).into_iter().map(|(i, _)| v.word(i)).collect();
        assert_eq!(two, ["consistent", "constant"]);
    }

    #[test]
    fn bounded_distance_counts_swaps_once_and_stops_early() {
        let mut s = Scratch::default();
        assert_eq!(bounded_distance(b"cahce", b"cache", 1, &mut s), Some(1));
        assert_eq!(bounded_distance(b"abc", b"xyz", 2, &mut s), None);
        assert_eq!(bounded_distance(b"", b"ab", 2, &mut s), Some(2));
    }
}
