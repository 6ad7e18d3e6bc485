//! The content model of sdcoach: areas, topics, flashcards and the concept ontology.
//!
//! This crate does no I/O. [`load`] takes the content files as values ([`SourceFile`]) and
//! returns a [`Corpus`] of typed values plus [`Diagnostic`]s. Loading never fails: a broken file
//! yields a diagnostic with file, line and column, and the rest of the corpus still loads.

mod diagnostic;
mod ids;
mod kata;
mod load;
mod load_problem;
mod markdown;
mod model;
mod numbers_table;
pub mod problem;
mod validate;
mod validate_problem;

pub use diagnostic::{Diagnostic, Severity};
pub use ids::{AreaId, CardId, ConceptId, ProblemId, TopicId, is_valid_id};
pub use kata::{Kata, MIN_HIDDEN_SCENARIOS, MIN_VISIBLE_SCENARIOS, ProtocolCommand, Scenario};
pub use load::{Loaded, SourceFile, load};
pub use markdown::{Link, LinkTarget, links, options as markdown_options};
pub use model::{Area, Card, Concept, Corpus, Topic};
pub use problem::{Difficulty, Dimension, Number, Problem, ProblemKind};

/// Cards a topic must have at least; fewer is a content diagnostic.
pub const MIN_CARDS_PER_TOPIC: usize = 5;

/// The `##` sections every topic page has, whatever else it adds.
pub const REQUIRED_SECTIONS: &[&str] = &[
    "What it is",
    "How it works",
    "Numbers that matter",
    "Trade-offs",
    "When to use it, and when not",
    "Interview questions",
    "Common mistakes",
];
