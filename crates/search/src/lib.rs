//! One ranked search over everything sdcoach teaches: topics, concepts, cards and (later)
//! problems. In memory, built at start-up from the corpus, no I/O.
//!
//! Ranking is BM25F (per-field weights before term saturation) with a coordination factor
//! that favours documents matching every part of the query. On top of words it understands:
//! - `"quoted phrases"`, which must occur word for word;
//! - prefixes: the last word of a query still being typed matches longer words;
//! - typos: an unknown word matches words one or two edits away (`consistant`);
//! - aliases: any name of an ontology concept (`write behind`, `hash ring`) finds the pages
//!   and cards that teach that concept, even when they use another name for it.

mod corpus;
mod index;
mod query;
mod text;
mod vocab;

pub use corpus::{aliases, documents, index_corpus};
pub use index::{AliasSet, Index};

/// What a search result is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    Topic,
    Problem,
    Concept,
    Card,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Topic => "topic",
            Kind::Problem => "problem",
            Kind::Concept => "concept",
            Kind::Card => "card",
        }
    }

    /// How much a match of this kind is worth against another: a page that teaches a subject
    /// answers a query better than a card that tests one fact of it.
    fn prior(self) -> f32 {
        match self {
            Kind::Topic => 1.0,
            Kind::Problem => 0.9,
            Kind::Concept => 0.85,
            Kind::Card => 0.6,
        }
    }
}

/// The parts of a document, each with its own weight in ranking.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Field {
    Title = 0,
    Keywords = 1,
    Summary = 2,
    Body = 3,
}

impl Field {
    pub(crate) const COUNT: usize = 4;
    pub(crate) const ALL: [Field; Field::COUNT] =
        [Field::Title, Field::Keywords, Field::Summary, Field::Body];

    pub(crate) fn weight(self) -> f32 {
        match self {
            Field::Title => 4.0,
            Field::Keywords => 3.0,
            Field::Summary => 2.0,
            Field::Body => 1.0,
        }
    }
}

/// A document to index: what it is, how to show it, and its searchable texts.
#[derive(Clone, Debug)]
pub struct Document {
    pub kind: Kind,
    pub id: String,
    pub title: String,
    /// One line shown under the title in results.
    pub snippet: String,
    /// For a card, the topic it belongs to.
    pub parent: Option<String>,
    pub fields: Vec<(Field, String)>,
    /// Concept ids this document teaches or tests, most central first.
    pub concepts: Vec<String>,
    /// For a concept's own document: that concept's id.
    pub concept_home: Option<String>,
}

/// One result.
#[derive(Clone, Debug, PartialEq)]
pub struct Hit {
    pub kind: Kind,
    pub id: String,
    pub title: String,
    pub snippet: String,
    pub parent: Option<String>,
    pub score: f32,
}

/// Results, best first, and the typo corrections that were applied.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Results {
    pub hits: Vec<Hit>,
    /// `(as typed, as understood)`, e.g. `("consistant", "consistent")`.
    pub corrections: Vec<(String, String)>,
}

impl Results {
    /// The query as it was understood, when a typo was corrected.
    pub fn corrected_query(&self, query: &str) -> Option<String> {
        if self.corrections.is_empty() {
            return None;
        }
        let mut out = query.to_lowercase();
        for (typed, meant) in &self.corrections {
            out = out.replace(typed.as_str(), meant);
        }
        Some(out)
    }
}
