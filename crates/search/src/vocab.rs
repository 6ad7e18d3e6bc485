//! The words of the corpus as written, for prefix ("as you type") and typo-tolerant lookups.

use std::ops::Range;

/// Sorted surface words, each pointing at the term (stem) it is indexed under.
#[derive(Debug, Default)]
pub(crate) struct Vocabulary {
    words: Vec<String>,
    terms: Vec<u32>,
    /// Word positions ordered by the word without its first letter, to find words whose first
    /// letter was mistyped or dropped.
    by_rest: Vec<u32>,
}

/// A word without its first letter.
fn rest(word: &str) -> &str {
    word.char_indices().nth(1).map_or("", |(i, _)| &word[i..])
}

impl Vocabulary {
    pub fn new(mut pairs: Vec<(String, u32)>) -> Self {
        pairs.sort();
        pairs.dedup();
        let (words, terms): (Vec<String>, Vec<u32>) = pairs.into_iter().unzip();
        let mut by_rest: Vec<u32> = (0..words.len() as u32).collect();
        by_rest.sort_by(|&a, &b| rest(&words[a as usize]).cmp(rest(&words[b as usize])));
        Self { words, terms, by_rest }
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
    /// distance. Words sharing the first letter are tried first, which keeps a lookup to a few
    /// hundred candidates on the whole corpus; only when none is close enough are the words a
    /// typo in the first letter would give tried: that letter replaced (`kache`), dropped
    /// (`ache`), doubled or swapped with the next (`xcache`, `acche`).
    pub fn near(&self, word: &str, max: usize) -> Vec<(usize, usize)> {
        let Some(first) = word.chars().next() else {
            return Vec::new();
        };
        let mut buf = [0u8; 4];
        let mut out = Vec::new();
        let mut scratch = Scratch::default();
        self.try_candidates(word, max, self.with_prefix(first.encode_utf8(&mut buf)), &mut out, &mut scratch);
        if !out.is_empty() {
            return out;
        }
        let after_first = rest(word);
        let second: String = after_first.chars().take(1).collect();
        let two = |s: &str| s.chars().take(2).collect::<String>();
        // The first letter replaced: the rest starts as the typed rest does.
        let replaced = self.with_rest_prefix(&two(after_first));
        // The first letter dropped: the typed word is the rest of the real one.
        let dropped = self.with_rest_prefix(&two(word));
        let mut candidates: Vec<usize> = replaced.chain(dropped).map(|k| self.by_rest[k] as usize).collect();
        // A letter put before the word, or the first two swapped: it starts with the second.
        if !second.is_empty() {
            candidates.extend(self.with_prefix(&second));
        }
        candidates.sort_unstable();
        candidates.dedup();
        self.try_candidates(word, max, candidates, &mut out, &mut scratch);
        out
    }

    /// Adds to `out` each candidate within `max` edits of `word`, with its distance.
    fn try_candidates(
        &self,
        word: &str,
        max: usize,
        candidates: impl IntoIterator<Item = usize>,
        out: &mut Vec<(usize, usize)>,
        scratch: &mut Scratch,
    ) {
        let target = word.as_bytes();
        for i in candidates {
            let candidate = self.words[i].as_bytes();
            if candidate.len().abs_diff(target.len()) > max || candidate == target {
                continue;
            }
            if let Some(d) = bounded_distance(target, candidate, max, scratch) {
                out.push((i, d));
            }
        }
    }

    /// Positions in `by_rest` of the words whose rest (all but the first letter) starts with
    /// `prefix`; empty for an empty prefix, which would match everything.
    fn with_rest_prefix(&self, prefix: &str) -> Range<usize> {
        if prefix.is_empty() {
            return 0..0;
        }
        let key = |k: &u32| rest(&self.words[*k as usize]);
        let start = self.by_rest.partition_point(|k| key(k) < prefix);
        let len = self.by_rest[start..].partition_point(|k| key(k).starts_with(prefix));
        start..start + len
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
    fn a_typo_in_the_first_letter_is_found_when_nothing_else_is() {
        let v = vocab(&["cache", "caching", "kafka", "bloom"]);
        let found = |w: &str| -> Vec<&str> { v.near(w, 1).into_iter().map(|(i, _)| v.word(i)).collect() };
        assert_eq!(found("kache"), ["cache"]); // replaced
        assert_eq!(found("ache"), ["cache"]); // dropped
        assert_eq!(found("xcache"), ["cache"]); // a letter before it
        assert_eq!(found("acche"), ["cache"]); // the first two swapped
        assert_eq!(found("bloon"), ["bloom"]); // an ordinary typo, found the ordinary way
        // A close word with the right first letter wins; the first letter is not second-guessed.
        let v = vocab(&["cache", "ache"]);
        let found: Vec<&str> = v.near("achs", 1).into_iter().map(|(i, _)| v.word(i)).collect();
        assert_eq!(found, ["ache"]);
    }

    #[test]
    fn bounded_distance_counts_swaps_once_and_stops_early() {
        let mut s = Scratch::default();
        assert_eq!(bounded_distance(b"cahce", b"cache", 1, &mut s), Some(1));
        assert_eq!(bounded_distance(b"abc", b"xyz", 2, &mut s), None);
        assert_eq!(bounded_distance(b"", b"ab", 2, &mut s), Some(2));
    }
}
