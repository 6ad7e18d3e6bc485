//! The design language: a system design written as text, which sdcoach reads (never failing:
//! a partial design plus diagnostics), formats, analyses and draws. No I/O.
//!
//! ```text
//! lb: lb replicas 2
//! api: service replicas 6
//! cache: cache replicas 3 hit 90% eviction lru
//! db: sql replicas 2
//! flow redirect: 116K/s peak 3 read
//!   client -> lb -> api -> cache -> db
//! objective redirect: availability 99.99% p99 50 ms
//! ```
//!
//! [`parse`] gives the syntax tree and the resolved [`Design`]; [`analyze`] computes load,
//! utilisation, latency (M/M/c), availability, storage and cost; [`rules::check`] finds design
//! smells; [`format`] prints the canonical text; [`export`] writes Mermaid, D2 and DOT.

mod analyze;
pub mod catalogue;
mod diagnostic;
mod draw;
pub mod export;
mod fmt;
mod model;
pub mod rules;
pub mod syntax;

pub use analyze::{ComponentReport, EdgeLoad, FlowReport, Queue, Report, analyze, erlang_c, k_of_n};
pub use catalogue::Kind;
pub use diagnostic::{Diagnostic, Severity};
pub use draw::svg;
pub use model::{Component, Design, Edge, Flow, Objective, Op, Route};
pub use rules::{Finding, RULES};

/// A design read from text: the statements as written, the resolved design, and what was wrong.
#[derive(Clone, Debug)]
pub struct Parsed {
    pub lines: Vec<syntax::Line>,
    pub design: Design,
    pub diagnostics: Vec<Diagnostic>,
}

impl Parsed {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(|d| d.severity == Severity::Error)
    }

    /// The design's own simulation scenario (the lines after a `scenario` line), if it has one,
    /// preceded by blank lines so that the scenario's line numbers are the design file's.
    pub fn scenario_text(&self) -> Option<String> {
        self.lines.iter().find_map(|l| match &l.statement {
            syntax::Statement::Scenario(section) => {
                let mut text = "\n".repeat(l.line as usize);
                text.push_str(&section.join("\n"));
                text.push('\n');
                Some(text)
            }
            _ => None,
        })
    }
}

/// Reads a design with no outside names.
pub fn parse(src: &str) -> Parsed {
    parse_with(src, &estimate::NoNames)
}

/// Reads a design whose values may use `names` (a problem's inputs and estimates, the numbers to
/// know).
pub fn parse_with(src: &str, names: &dyn estimate::Names) -> Parsed {
    let (lines, mut diagnostics) = syntax::parse(src);
    let design = model::resolve(&lines, names, &mut diagnostics);
    diagnostics.sort_by_key(|a| (a.line, a.col));
    Parsed { lines, design, diagnostics }
}

/// The canonical text of a design; see `fmt`.
pub fn format(parsed: &Parsed) -> String {
    fmt::format(&parsed.lines)
}

/// The canonical text of statements read by [`syntax::parse`].
pub fn syntax_format(lines: &[syntax::Line]) -> String {
    fmt::format(lines)
}

/// Analysis and findings together: what `sdcoach design check` prints.
pub fn check(design: &Design) -> (Report, Vec<Finding>) {
    let report = analyze(design);
    let findings = rules::check(design, &report);
    (report, findings)
}
