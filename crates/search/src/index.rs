//! Building the in-memory index: documents, postings with positions, the vocabulary and the
//! alias table of the concept ontology.

use std::collections::HashMap;

use crate::text;
use crate::vocab::Vocabulary;
use crate::{Document, Field, Kind};

/// Positions skipped between two texts of one field, so a phrase cannot span them.
const PHRASE_GAP: u32 = 8;

/// Where one term occurs in one field of one document.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Posting {
    pub doc: u32,
    pub field: Field,
    /// Range into `Index::positions`.
    pub start: u32,
    pub len: u32,
}

#[derive(Debug)]
pub(crate) struct DocMeta {
    pub kind: Kind,
    pub id: String,
    pub title: String,
    pub snippet: String,
    pub parent: Option<String>,
    pub field_len: [u32; Field::COUNT],
    /// The title's stems, to recognise a query that names the document exactly.
    pub title_stems: Vec<String>,
}

/// A searchable index over documents of every kind. Build it once; searching never allocates
/// more than the query's own working set.
#[derive(Debug)]
pub struct Index {
    pub(crate) docs: Vec<DocMeta>,
    pub(crate) term_ids: HashMap<String, u32>,
    /// Term id to stem, the inverse of `term_ids`.
    pub(crate) stems: Vec<String>,
    /// Per term, in (document, field) order.
    pub(crate) postings: Vec<Vec<Posting>>,
    pub(crate) doc_freq: Vec<u32>,
    pub(crate) positions: Vec<u32>,
    pub(crate) vocab: Vocabulary,
    pub(crate) avg_field_len: [f32; Field::COUNT],
    /// Alias phrases (stems joined by a space) to the concepts they name.
    pub(crate) aliases: HashMap<String, Vec<u32>>,
    pub(crate) longest_alias: usize,
    /// Per concept: the documents that teach or test it, with how central it is to each
    /// (0 = listed first), and the concept's own document.
    pub(crate) concept_docs: Vec<Vec<(u32, u8)>>,
    pub(crate) concept_home: Vec<Option<u32>>,
}

/// A concept as the index needs it: its id, and every name it goes by.
#[derive(Clone, Debug)]
pub struct AliasSet {
    pub concept: String,
    pub names: Vec<String>,
}

impl Index {
    /// Indexes documents; `aliases` lets a query for any name of a concept find what teaches it.
    pub fn new(documents: Vec<Document>, aliases: Vec<AliasSet>) -> Self {
        let concept_index: HashMap<&str, u32> =
            aliases.iter().enumerate().map(|(i, a)| (a.concept.as_str(), i as u32)).collect();
        let mut builder = Builder::default();
        let mut concept_docs = vec![Vec::new(); aliases.len()];
        let mut concept_home = vec![None; aliases.len()];
        let mut docs = Vec::with_capacity(documents.len());
        for (doc_no, doc) in documents.into_iter().enumerate() {
            let doc_no = doc_no as u32;
            let mut field_len = [0; Field::COUNT];
            for field in Field::ALL {
                // Several texts of one field continue each other's positions, with a gap so a
                // phrase cannot span two of them.
                let mut occurrences: Vec<(u32, u32)> = Vec::new();
                let mut next = 0;
                for (_, body) in doc.fields.iter().filter(|(f, _)| *f == field) {
                    for word in text::raw_words(body) {
                        occurrences.push((builder.term_of(word), next));
                        next += 1;
                    }
                    next += PHRASE_GAP;
                }
                field_len[field as usize] = occurrences.len() as u32;
                builder.add(doc_no, field, occurrences);
            }
            for (rank, concept) in doc.concepts.iter().enumerate() {
                if let Some(&c) = concept_index.get(concept.as_str()) {
                    concept_docs[c as usize].push((doc_no, rank.min(255) as u8));
                }
            }
            if let Some(home) = &doc.concept_home
                && let Some(&c) = concept_index.get(home.as_str())
            {
                concept_home[c as usize] = Some(doc_no);
            }
            docs.push(DocMeta {
                kind: doc.kind,
                id: doc.id,
                title_stems: text::tokenize(&doc.title).into_iter().map(|t| t.stem).collect(),
                title: doc.title,
                snippet: doc.snippet,
                parent: doc.parent,
                field_len,
            });
        }
        let mut avg_field_len = [0.0; Field::COUNT];
        for (f, avg) in avg_field_len.iter_mut().enumerate() {
            let with_field: Vec<u32> = docs.iter().map(|d| d.field_len[f]).filter(|&n| n > 0).collect();
            *avg = with_field.iter().sum::<u32>() as f32 / with_field.len().max(1) as f32;
        }
        let mut alias_table: HashMap<String, Vec<u32>> = HashMap::new();
        let mut longest_alias = 0;
        for (c, set) in aliases.iter().enumerate() {
            for name in &set.names {
                let stems: Vec<String> = text::tokenize(name).into_iter().map(|t| t.stem).collect();
                if stems.is_empty() {
                    continue;
                }
                longest_alias = longest_alias.max(stems.len());
                let entry = alias_table.entry(stems.join(" ")).or_default();
                if !entry.contains(&(c as u32)) {
                    entry.push(c as u32);
                }
            }
        }
        let Builder { term_ids, postings, positions, surfaces } = builder;
        // Postings are in document order, so a term's distinct documents are runs.
        let doc_freq = postings
            .iter()
            .map(|p| p.iter().enumerate().filter(|(i, x)| *i == 0 || p[i - 1].doc != x.doc).count() as u32)
            .collect();
        let mut stems = vec![String::new(); term_ids.len()];
        for (stem, &t) in &term_ids {
            stems[t as usize] = stem.clone();
        }
        let vocab = Vocabulary::new(surfaces.into_iter().collect());
        Index {
            docs,
            term_ids,
            stems,
            postings,
            doc_freq,
            positions,
            vocab,
            avg_field_len,
            aliases: alias_table,
            longest_alias,
            concept_docs,
            concept_home,
        }
    }

    pub fn len(&self) -> usize {
        self.docs.len()
    }

    pub fn is_empty(&self) -> bool {
        self.docs.is_empty()
    }

    pub(crate) fn doc_freq(&self, term: u32) -> u32 {
        self.doc_freq[term as usize]
    }

    pub(crate) fn positions_of(&self, p: &Posting) -> &[u32] {
        &self.positions[p.start as usize..(p.start + p.len) as usize]
    }
}

#[derive(Default)]
struct Builder {
    term_ids: HashMap<String, u32>,
    postings: Vec<Vec<Posting>>,
    positions: Vec<u32>,
    surfaces: HashMap<String, u32>,
}

impl Builder {
    /// The term a word (as written) is indexed under; each distinct word is stemmed once.
    fn term_of(&mut self, word: &str) -> u32 {
        let lower;
        let word = if word.chars().any(char::is_uppercase) {
            lower = word.to_lowercase();
            lower.as_str()
        } else {
            word
        };
        if let Some(&term) = self.surfaces.get(word) {
            return term;
        }
        let next = self.term_ids.len() as u32;
        let term = *self.term_ids.entry(text::stem(word)).or_insert(next);
        if term == next {
            self.postings.push(Vec::new());
        }
        self.surfaces.insert(word.to_owned(), term);
        term
    }

    /// Records one field of one document: `(term, position)` pairs in text order.
    fn add(&mut self, doc: u32, field: Field, mut occurrences: Vec<(u32, u32)>) {
        occurrences.sort_unstable();
        for run in occurrences.chunk_by(|a, b| a.0 == b.0) {
            let start = self.positions.len() as u32;
            self.postings[run[0].0 as usize].push(Posting { doc, field, start, len: run.len() as u32 });
            self.positions.extend(run.iter().map(|&(_, position)| position));
        }
    }
}
