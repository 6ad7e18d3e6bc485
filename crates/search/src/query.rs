//! Answering a query: parse it into units (words, phrases, concept aliases), score each unit
//! per document with BM25F, and rank by the sum weighted by how many units a document matched.

use crate::index::{Index, Posting};
use crate::text::{self, is_stopword};
use crate::{Hit, Results};

/// BM25 term-frequency saturation and length normalisation, the usual values.
const K1: f32 = 1.2;
const B: f32 = 0.75;
/// Weight of a word reached by completing a prefix, and by one or two edits.
const PREFIX_WEIGHT: f32 = 0.85;
const TYPO_WEIGHT: [f32; 3] = [1.0, 0.75, 0.55];
/// How many completions or corrections one word may expand to.
const MAX_EXPANSIONS: usize = 12;
/// A query longer than this many units is cut: nobody types more, and it bounds the work.
const MAX_UNITS: usize = 24;
/// Bonuses for documents tied to a concept the query names by one of its aliases.
/// A topic teaching the concept outranks the concept's own glossary entry: a learner is
/// better served by the page than by the one-line definition.
const CONCEPT_HOME_BONUS: f32 = 8.0;
const CONCEPT_TEACHER_BONUS: f32 = 9.0;
/// Share of the text score a concept-linked document keeps on top of its bonus.
const LINKED_TEXT_SHARE: f32 = 0.25;
/// The most a document not tied to a concept can score for the concept's alias: below the
/// concept's own entry.
const UNLINKED_ALIAS_CAP: f32 = 0.9 * CONCEPT_HOME_BONUS;
/// Bonus when a document's title is exactly the query.
const EXACT_TITLE_BONUS: f32 = 10.0;

/// A word of the query, resolved to the terms it may mean, each with a weight.
#[derive(Debug)]
struct Word {
    surface: String,
    stop: bool,
    /// The stem used to recognise aliases: as typed, corrected, or completed.
    stem: String,
    candidates: Vec<(u32, f32)>,
    /// Set when the word was unknown and a nearby word was used instead.
    correction: Option<String>,
}

#[derive(Debug)]
enum Unit {
    /// One word: any of its candidate terms.
    Term(Word),
    /// Several words naming a concept: matched by a document tied to the concept, or one that
    /// contains every word.
    Alias { words: Vec<Word>, concepts: Vec<u32> },
    /// Words that must occur consecutively in one field.
    Phrase(Vec<Word>),
}

/// Per-document scores of one unit, dense over documents, with the touched ones listed.
struct Scores {
    value: Vec<f32>,
    touched: Vec<u32>,
}

impl Scores {
    fn new(n: usize) -> Self {
        Self { value: vec![0.0; n], touched: Vec::new() }
    }

    fn max(&mut self, doc: u32, score: f32) {
        let v = &mut self.value[doc as usize];
        if *v == 0.0 {
            self.touched.push(doc);
        }
        *v = v.max(score);
    }

    fn get(&self, doc: u32) -> f32 {
        self.value[doc as usize]
    }
}

impl Index {
    /// The best `limit` documents for `query`, best first.
    pub fn search(&self, query: &str, limit: usize) -> Results {
        let units = self.parse(query);
        if units.is_empty() || self.docs.is_empty() {
            return Results::default();
        }
        let n = self.docs.len();
        let mut total = vec![0.0f32; n];
        let mut matched = vec![0u32; n];
        let mut phrases_matched = vec![0u32; n];
        let phrase_units = units.iter().filter(|u| matches!(u, Unit::Phrase(_))).count() as u32;
        for unit in &units {
            let scores = self.score_unit(unit);
            for &doc in &scores.touched {
                total[doc as usize] += scores.get(doc);
                matched[doc as usize] += 1;
                if matches!(unit, Unit::Phrase(_)) {
                    phrases_matched[doc as usize] += 1;
                }
            }
        }
        let query_stems: Vec<&str> = units
            .iter()
            .flat_map(|u| match u {
                Unit::Term(w) => std::slice::from_ref(w),
                Unit::Alias { words, .. } | Unit::Phrase(words) => words.as_slice(),
            })
            .filter(|w| !w.stop)
            .map(|w| w.stem.as_str())
            .collect();
        let mut ranked: Vec<(f32, u32)> = (0..n as u32)
            .filter(|&d| matched[d as usize] > 0 && phrases_matched[d as usize] == phrase_units)
            .map(|d| {
                let meta = &self.docs[d as usize];
                let mut raw = total[d as usize];
                let title: Vec<&str> =
                    meta.title_stems.iter().map(String::as_str).filter(|s| !is_stopword(s)).collect();
                if !query_stems.is_empty() && title == query_stems {
                    raw += EXACT_TITLE_BONUS;
                }
                let coverage = matched[d as usize] as f32 / units.len() as f32;
                (raw * coverage * coverage * meta.kind.prior(), d)
            })
            .collect();
        ranked.sort_by(|a, b| {
            b.0.total_cmp(&a.0).then_with(|| {
                let (x, y) = (&self.docs[a.1 as usize], &self.docs[b.1 as usize]);
                (x.kind, &x.id).cmp(&(y.kind, &y.id))
            })
        });
        let hits = ranked
            .into_iter()
            .take(limit)
            .map(|(score, d)| {
                let meta = &self.docs[d as usize];
                Hit {
                    kind: meta.kind,
                    id: meta.id.clone(),
                    title: meta.title.clone(),
                    snippet: meta.snippet.clone(),
                    parent: meta.parent.clone(),
                    score: (score * 1000.0).round() / 1000.0,
                }
            })
            .collect();
        let corrections = units
            .iter()
            .flat_map(|u| match u {
                Unit::Term(w) => std::slice::from_ref(w),
                Unit::Alias { words, .. } | Unit::Phrase(words) => words.as_slice(),
            })
            .filter_map(|w| w.correction.clone().map(|c| (w.surface.clone(), c)))
            .collect();
        Results { hits, corrections }
    }

    fn parse(&self, query: &str) -> Vec<Unit> {
        let still_typing = query.chars().last().is_some_and(char::is_alphanumeric);
        let segments: Vec<&str> = query.split('"').collect();
        let last_segment = segments.len() - 1;
        let mut units = Vec::new();
        for (i, segment) in segments.iter().enumerate() {
            let surfaces: Vec<String> = text::words(segment).collect();
            if surfaces.is_empty() {
                continue;
            }
            if i % 2 == 1 {
                let words = surfaces.iter().map(|s| self.resolve(s, false)).collect();
                units.push(Unit::Phrase(words));
                continue;
            }
            let last = surfaces.len() - 1;
            let words: Vec<Word> = surfaces
                .iter()
                .enumerate()
                .map(|(j, s)| self.resolve(s, still_typing && i == last_segment && j == last))
                .collect();
            self.group_aliases(words, &mut units);
        }
        // Stopwords rank nothing, unless they are all there is.
        let meaningful = |u: &Unit| !matches!(u, Unit::Term(w) if w.stop);
        if units.iter().any(meaningful) {
            units.retain(meaningful);
        }
        units.truncate(MAX_UNITS);
        units
    }

    /// Turns a run of words into units, the longest runs that name a concept becoming one
    /// alias unit each.
    fn group_aliases(&self, words: Vec<Word>, units: &mut Vec<Unit>) {
        let mut words: Vec<Option<Word>> = words.into_iter().map(Some).collect();
        let mut i = 0;
        while i < words.len() {
            let longest = self.longest_alias.min(words.len() - i);
            let found = (1..=longest).rev().find_map(|len| {
                let key: Vec<&str> =
                    words[i..i + len].iter().map(|w| w.as_ref().unwrap().stem.as_str()).collect();
                self.aliases.get(&key.join(" ")).map(|c| (len, c.clone()))
            });
            match found {
                // A lone stopword never names a concept on its own.
                Some((len, concepts)) if !(len == 1 && words[i].as_ref().unwrap().stop) => {
                    let group = words[i..i + len].iter_mut().map(|w| w.take().unwrap()).collect();
                    units.push(Unit::Alias { words: group, concepts });
                    i += len;
                }
                _ => {
                    units.push(Unit::Term(words[i].take().unwrap()));
                    i += 1;
                }
            }
        }
    }

    /// The terms a typed word may mean: itself, its completions if it is still being typed,
    /// or, when it is unknown, the known words a typo away.
    fn resolve(&self, surface: &str, prefix: bool) -> Word {
        let stem = text::stem(surface);
        let mut candidates: Vec<(u32, f32)> = Vec::new();
        let exact = self.term_ids.get(&stem).copied();
        if let Some(t) = exact {
            candidates.push((t, 1.0));
        }
        let mut completions = Vec::new();
        if prefix && surface.len() >= 2 {
            let mut terms: Vec<u32> = self.vocab.with_prefix(surface).map(|i| self.vocab.term(i)).collect();
            terms.sort_unstable();
            terms.dedup();
            terms.retain(|t| Some(*t) != exact);
            terms.sort_by_key(|&t| std::cmp::Reverse(self.doc_freq(t)));
            terms.truncate(MAX_EXPANSIONS);
            completions = terms;
            candidates.extend(completions.iter().map(|&t| (t, PREFIX_WEIGHT)));
        }
        let mut correction = None;
        if exact.is_none() && completions.is_empty() && surface.chars().count() >= 4 {
            let budget = if surface.chars().count() >= 8 { 2 } else { 1 };
            let mut near = self.vocab.near(surface, budget);
            near.sort_by_key(|&(i, d)| (d, std::cmp::Reverse(self.doc_freq(self.vocab.term(i)))));
            if let Some(&(best, _)) = near.first() {
                correction = Some(self.vocab.word(best).to_owned());
            }
            for (i, d) in near.into_iter().take(MAX_EXPANSIONS) {
                let t = self.vocab.term(i);
                if !candidates.iter().any(|c| c.0 == t) {
                    candidates.push((t, TYPO_WEIGHT[d.min(2)]));
                }
            }
        }
        // Aliases are recognised on the best reading of the word.
        let best_stem = match (exact, completions.first(), &correction) {
            (Some(_), _, _) => stem.clone(),
            (None, Some(&t), _) => self.stems[t as usize].clone(),
            (None, None, Some(c)) => text::stem(c),
            _ => stem.clone(),
        };
        Word {
            surface: surface.to_owned(),
            stop: is_stopword(surface),
            stem: best_stem,
            candidates,
            correction,
        }
    }

    fn score_unit(&self, unit: &Unit) -> Scores {
        let n = self.docs.len();
        match unit {
            Unit::Term(word) => self.score_word(word),
            Unit::Alias { words, concepts } => {
                let meaningful: Vec<&Word> = words.iter().filter(|w| !w.stop).collect();
                let per_word: Vec<Scores> = meaningful.iter().map(|w| self.score_word(w)).collect();
                let mut out = Scores::new(n);
                // Documents tied to the concept match however they phrase it.
                for &c in concepts {
                    if let Some(home) = self.concept_home[c as usize] {
                        out.max(home, CONCEPT_HOME_BONUS);
                    }
                    for &(doc, rank) in &self.concept_docs[c as usize] {
                        // Concepts listed later on a page are less central to it.
                        let centrality = 1.0 - 0.05 * f32::from(rank.min(8));
                        out.max(doc, CONCEPT_TEACHER_BONUS * centrality);
                    }
                }
                let linked: Vec<u32> = out.touched.clone();
                // Documents that use the words themselves match too, on their text score.
                if let Some(first) = per_word.first() {
                    for &doc in &first.touched {
                        if per_word.iter().all(|s| s.get(doc) > 0.0) && !linked.contains(&doc) {
                            out.max(doc, f32::MIN_POSITIVE);
                        }
                    }
                }
                for doc in out.touched.clone() {
                    let text: f32 = per_word.iter().map(|s| s.get(doc)).sum();
                    out.value[doc as usize] += if linked.contains(&doc) {
                        LINKED_TEXT_SHARE * text
                    } else {
                        // The query names a concept: a page that only uses its words stays below
                        // the pages tied to it, however often it repeats them.
                        text.min(UNLINKED_ALIAS_CAP)
                    };
                }
                out
            }
            Unit::Phrase(words) => {
                let mut out = Scores::new(n);
                let Some(terms) =
                    words.iter().map(|w| w.candidates.first().map(|c| c.0)).collect::<Option<Vec<u32>>>()
                else {
                    return out;
                };
                for doc in self.phrase_docs(&terms) {
                    out.max(doc, f32::MIN_POSITIVE);
                }
                let per_word: Vec<Scores> = words.iter().map(|w| self.score_word(w)).collect();
                for doc in out.touched.clone() {
                    out.value[doc as usize] += 1.5 * per_word.iter().map(|s| s.get(doc)).sum::<f32>();
                }
                out
            }
        }
    }

    /// BM25F of one word: the best of its candidate terms, per document.
    fn score_word(&self, word: &Word) -> Scores {
        let mut out = Scores::new(self.docs.len());
        let n = self.docs.len() as f32;
        for &(term, weight) in &word.candidates {
            let df = self.doc_freq(term) as f32;
            let idf = (1.0 + (n - df + 0.5) / (df + 0.5)).ln();
            let postings = &self.postings[term as usize];
            let mut i = 0;
            while i < postings.len() {
                let doc = postings[i].doc;
                let mut tf = 0.0;
                while i < postings.len() && postings[i].doc == doc {
                    let p = &postings[i];
                    let f = p.field as usize;
                    let len = self.docs[doc as usize].field_len[f] as f32;
                    let norm = 1.0 - B + B * len / self.avg_field_len[f].max(1.0);
                    tf += p.field.weight() * p.len as f32 / norm;
                    i += 1;
                }
                out.max(doc, weight * idf * tf * (K1 + 1.0) / (K1 + tf));
            }
        }
        out
    }

    /// Documents where `terms` occur consecutively within one field.
    fn phrase_docs(&self, terms: &[u32]) -> Vec<u32> {
        let mut docs = Vec::new();
        let Some((&first, rest)) = terms.split_first() else {
            return docs;
        };
        for p in &self.postings[first as usize] {
            if docs.last() == Some(&p.doc) {
                continue;
            }
            let followers: Option<Vec<&Posting>> =
                rest.iter().map(|&t| self.find_posting(t, p.doc, p.field as u8)).collect();
            let Some(followers) = followers else { continue };
            let hit = self.positions_of(p).iter().any(|&start| {
                followers
                    .iter()
                    .enumerate()
                    .all(|(k, f)| self.positions_of(f).binary_search(&(start + k as u32 + 1)).is_ok())
            });
            if hit {
                docs.push(p.doc);
            }
        }
        docs
    }

    fn find_posting(&self, term: u32, doc: u32, field: u8) -> Option<&Posting> {
        let list = &self.postings[term as usize];
        list.binary_search_by(|p| (p.doc, p.field as u8).cmp(&(doc, field))).ok().map(|i| &list[i])
    }
}
