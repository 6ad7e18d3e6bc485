//! Design problems of the problem bank, and the numbers to know that their estimates use.

use std::fmt;

use estimate::Quantity;

use crate::ids::{ConceptId, ProblemId, TopicId};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ProblemKind {
    /// High-level (system) design.
    Hld,
    /// Low-level (object) design.
    Lld,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Difficulty {
    Easy,
    Medium,
    Hard,
}

/// What a rubric dimension judges. HLD and LLD problems use different sets.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Dimension {
    Requirements,
    Estimation,
    Api,
    DataModel,
    HighLevelDesign,
    DeepDives,
    TradeOffs,
    ReliabilityOperations,
    ClassDesign,
    Relationships,
    Patterns,
    Interfaces,
    Concurrency,
    Extensibility,
}

macro_rules! named_enum {
    ($ty:ty { $($variant:ident => $name:literal),* $(,)? }) => {
        impl $ty {
            pub const ALL: &'static [$ty] = &[$(<$ty>::$variant),*];

            pub fn as_str(self) -> &'static str {
                match self { $(<$ty>::$variant => $name),* }
            }

            pub fn parse(text: &str) -> Option<Self> {
                match text { $($name => Some(<$ty>::$variant),)* _ => None }
            }
        }

        impl fmt::Display for $ty {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

named_enum!(ProblemKind { Hld => "hld", Lld => "lld" });
named_enum!(Difficulty { Easy => "easy", Medium => "medium", Hard => "hard" });
named_enum!(Dimension {
    Requirements => "requirements",
    Estimation => "estimation",
    Api => "api",
    DataModel => "data-model",
    HighLevelDesign => "high-level-design",
    DeepDives => "deep-dives",
    TradeOffs => "trade-offs",
    ReliabilityOperations => "reliability-operations",
    ClassDesign => "class-design",
    Relationships => "relationships",
    Patterns => "patterns",
    Interfaces => "interfaces",
    Concurrency => "concurrency",
    Extensibility => "extensibility",
});

impl Dimension {
    /// The dimensions a problem of this kind is graded on.
    pub fn for_kind(kind: ProblemKind) -> &'static [Dimension] {
        use Dimension::*;
        match kind {
            ProblemKind::Hld => &[
                Requirements,
                Estimation,
                Api,
                DataModel,
                HighLevelDesign,
                DeepDives,
                TradeOffs,
                ReliabilityOperations,
            ],
            ProblemKind::Lld => {
                &[Requirements, ClassDesign, Relationships, Patterns, Interfaces, Concurrency, Extensibility]
            }
        }
    }

    pub fn title(self) -> &'static str {
        use Dimension::*;
        match self {
            Requirements => "Requirements",
            Estimation => "Estimation",
            Api => "API",
            DataModel => "Data model",
            HighLevelDesign => "High-level design",
            DeepDives => "Deep dives",
            TradeOffs => "Trade-offs",
            ReliabilityOperations => "Reliability and operations",
            ClassDesign => "Class design",
            Relationships => "Relationships",
            Patterns => "Patterns",
            Interfaces => "Interfaces and methods",
            Concurrency => "Concurrency",
            Extensibility => "Extensibility",
        }
    }
}

/// A design problem: what the interviewer says, knows, expects and asks next.
#[derive(Clone, Debug)]
pub struct Problem {
    pub id: ProblemId,
    pub title: String,
    pub kind: ProblemKind,
    pub difficulty: Difficulty,
    pub tags: Vec<String>,
    pub topics: Vec<TopicId>,
    /// The prompt as an interviewer says it (Markdown).
    pub prompt: String,
    pub facts: Vec<Fact>,
    pub inputs: Vec<Input>,
    pub estimates: Vec<Estimate>,
    pub rubric: Vec<RubricDimension>,
    /// The reference solution (Markdown).
    pub solution: String,
    pub follow_ups: Vec<FollowUp>,
    pub pitfalls: Vec<String>,
    pub lld: Option<LldDesign>,
    /// The reference design in the design language (`designs/<id>.sd`), if written.
    pub design: Option<String>,
    pub file: String,
}

impl Problem {
    /// The names a reference design may use: the numbers to know, then this problem's inputs
    /// and estimates.
    pub fn names(&self, numbers: &[Number]) -> std::collections::BTreeMap<String, Quantity> {
        let mut names: std::collections::BTreeMap<String, Quantity> =
            numbers.iter().map(|n| (n.id.clone(), n.value)).collect();
        names.extend(self.inputs.iter().map(|i| (i.name.clone(), i.value)));
        names.extend(self.estimates.iter().map(|e| (e.name.clone(), e.answer.quantity)));
        names
    }
}

/// A fact the interviewer reveals when asked: the questions that ask for it, and the answer.
#[derive(Clone, Debug)]
pub struct Fact {
    pub topic: String,
    pub questions: Vec<String>,
    pub answer: String,
}

/// A scale input: a name, a calculator expression and its value.
#[derive(Clone, Debug)]
pub struct Input {
    pub name: String,
    pub label: String,
    pub expr: String,
    pub value: Quantity,
}

/// A quantity derived from the inputs by the estimation engine, never typed in.
#[derive(Clone, Debug)]
pub struct Estimate {
    pub name: String,
    pub label: String,
    pub expr: String,
    pub answer: estimate::Answer,
}

#[derive(Clone, Debug)]
pub struct RubricDimension {
    pub dimension: Dimension,
    pub weight: u32,
    pub items: Vec<RubricItem>,
}

#[derive(Clone, Debug)]
pub struct RubricItem {
    pub id: String,
    pub text: String,
    pub weight: u32,
    /// Concepts whose presence in an answer shows this item.
    pub concepts: Vec<ConceptId>,
    /// What a mid-level, senior and staff answer says.
    pub mid: String,
    pub senior: String,
    pub staff: String,
}

#[derive(Clone, Debug)]
pub struct FollowUp {
    pub question: String,
    pub answer: String,
}

/// The low-level design of an LLD problem.
#[derive(Clone, Debug)]
pub struct LldDesign {
    pub entities: Vec<(String, String)>,
    pub relationships: Vec<String>,
    /// Pattern topic ids, and why each is used here.
    pub patterns: Vec<(TopicId, String)>,
    pub methods: Vec<String>,
    pub concurrency: String,
    /// Mermaid `classDiagram` text.
    pub class_diagram: String,
}

/// A number every engineer should know, usable by name in estimates.
#[derive(Clone, Debug)]
pub struct Number {
    pub id: String,
    pub name: String,
    pub category: String,
    pub expr: String,
    pub value: Quantity,
    pub source: String,
    /// Where the well-known guides disagree, and why this value.
    pub note: Option<String>,
}
