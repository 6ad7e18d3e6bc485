//! "Did you mean": edit distance and the known names closest to a mistyped one, for every
//! error message that names something unknown (ids, commands, units).

/// Edit distance over chars, counting a swap of two neighbours as one edit (optimal string
/// alignment): `cnd` is one edit from `cdn`. Ids and commands are short, so the plain table is
/// enough.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let width = b.len() + 1;
    let mut d: Vec<usize> = vec![0; (a.len() + 1) * width];
    for (i, row) in d.chunks_mut(width).enumerate() {
        row[0] = i;
    }
    for (j, cell) in d.iter_mut().take(width).enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (d[(i - 1) * width + j - 1] + cost)
                .min(d[(i - 1) * width + j] + 1)
                .min(d[i * width + j - 1] + 1);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(d[(i - 2) * width + j - 2] + 1);
            }
            d[i * width + j] = best;
        }
    }
    d[a.len() * width + b.len()]
}

/// Candidates close enough to `wanted` to be what was meant, best first (at most three).
///
/// Close enough: within a third of the wanted length in edits (at least one edit), or the
/// wanted text is a prefix of the candidate or one of its words (`hashing` suggests
/// `consistent-hashing`).
pub fn closest<'a>(wanted: &str, candidates: impl IntoIterator<Item = &'a str>) -> Vec<&'a str> {
    let wanted = wanted.to_lowercase();
    let budget = (wanted.chars().count() / 3).max(1);
    let mut scored: Vec<(usize, &str)> = candidates
        .into_iter()
        .filter_map(|c| {
            let d = edit_distance(&wanted, &c.to_lowercase());
            // A whole word or a prefix of an id is as good a guess as a one-letter typo.
            let lower = c.to_lowercase();
            let word = lower.starts_with(&wanted) || lower.split('-').any(|w| w == wanted);
            match (d <= budget, word) {
                (_, true) => Some((d.min(1), c)),
                (true, false) => Some((d, c)),
                (false, false) => None,
            }
        })
        .collect();
    scored.sort();
    scored.dedup();
    scored.into_iter().take(3).map(|(_, c)| c).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edit_distance_counts_single_edits() {
        assert_eq!(edit_distance("cache", "cache"), 0);
        assert_eq!(edit_distance("cahce", "cache"), 1);
        assert_eq!(edit_distance("cnd", "cdn"), 1);
        assert_eq!(edit_distance("queue", "quee"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
    }

    #[test]
    fn closest_ranks_typos_before_word_matches() {
        let ids = ["consistent-hashing", "cache-aside", "cdn", "caching"];
        assert_eq!(closest("cachng", ids), vec!["caching"]);
        assert_eq!(closest("hashing", ids), vec!["consistent-hashing", "caching"]);
        assert!(closest("zzzzzz", ids).is_empty());
    }
}
