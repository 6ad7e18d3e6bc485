//! Checking problems and the numbers to know: every reference resolves, every rubric item names
//! known concepts, every fact has a question and an answer, every input and estimate evaluates.

use std::collections::{BTreeMap, HashSet};

use estimate::Quantity;

use crate::diagnostic::{At, Diagnostic};
use crate::ids::{ConceptId, ProblemId, TopicId};
use crate::load::Located;
use crate::load_problem::{RawNumber, RawProblem};
use crate::problem::{
    Difficulty, Dimension, Estimate, Fact, FollowUp, Input, LldDesign, Number, Problem, ProblemKind,
    RubricDimension, RubricItem,
};
use crate::validate::Registry;

/// The fewest of each part a problem must have to be playable.
const MIN_FACTS: usize = 3;
const MIN_HLD_ESTIMATES: usize = 3;
const MIN_FOLLOW_UPS: usize = 3;

pub(crate) fn resolve_numbers(raw: Vec<RawNumber>, diagnostics: &mut Vec<Diagnostic>) -> Vec<Number> {
    let mut seen: HashSet<String> = HashSet::new();
    let mut out = Vec::new();
    for n in raw {
        if !is_name(&n.id.value) {
            diagnostics.push(bad_name(&n.id));
            continue;
        }
        if !seen.insert(n.id.value.clone()) {
            diagnostics.push(Diagnostic::error(
                "duplicate-id",
                &n.id.at,
                format!("number `{}` is already defined", n.id.value),
            ));
            continue;
        }
        let Some(value) = evaluate(&n.expr, &estimate::NoNames, diagnostics) else { continue };
        out.push(Number {
            id: n.id.value,
            name: n.name,
            category: n.category,
            expr: n.expr.value,
            value: value.quantity,
            source: n.source,
            note: n.note,
        });
    }
    out
}

pub(crate) fn resolve_problems(
    raw: Vec<RawProblem>,
    topics: &Registry,
    concepts: &Registry,
    numbers: &[Number],
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Problem> {
    let mut ids = Registry::new("problem");
    let mut out = Vec::new();
    for p in raw {
        if !ids.admit(&p.id, diagnostics) {
            continue;
        }
        if p.id.value != p.stem {
            diagnostics.push(
                Diagnostic::error(
                    "id-file-mismatch",
                    &p.id.at,
                    format!("problem id `{}` differs from its file name `{}.toml`", p.id.value, p.stem),
                )
                .with_help(format!("rename the file to `{}.toml`", p.id.value)),
            );
        }
        if let Some(problem) = resolve_problem(p, topics, concepts, numbers, diagnostics) {
            out.push(problem);
        }
    }
    out.sort_by(|a, b| (a.kind, a.difficulty, &a.title).cmp(&(b.kind, b.difficulty, &b.title)));
    out
}

fn resolve_problem(
    p: RawProblem,
    topics: &Registry,
    concepts: &Registry,
    numbers: &[Number],
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Problem> {
    let kind = parse_enum(&p.kind, ProblemKind::parse, ProblemKind::ALL, "kind", diagnostics)?;
    let difficulty =
        parse_enum(&p.difficulty, Difficulty::parse, Difficulty::ALL, "difficulty", diagnostics)?;
    let related = topics.resolve_all(&p.topics, "", "related topic", diagnostics);

    if p.facts.len() < MIN_FACTS {
        diagnostics.push(short(
            &p.at,
            "facts",
            p.facts.len(),
            MIN_FACTS,
            "clarifying questions with the interviewer's answers",
        ));
    }
    if p.follow_ups.len() < MIN_FOLLOW_UPS {
        diagnostics.push(short(
            &p.at,
            "follow_ups",
            p.follow_ups.len(),
            MIN_FOLLOW_UPS,
            "questions an interviewer asks next",
        ));
    }
    if kind == ProblemKind::Hld && p.estimates.len() < MIN_HLD_ESTIMATES {
        diagnostics.push(short(
            &p.at,
            "estimates",
            p.estimates.len(),
            MIN_HLD_ESTIMATES,
            "QPS, storage, bandwidth... derived from the inputs",
        ));
    }

    // Inputs may use the numbers to know; estimates may use those, the inputs and earlier estimates.
    let mut names: BTreeMap<String, Quantity> = numbers.iter().map(|n| (n.id.clone(), n.value)).collect();
    let mut inputs = Vec::new();
    for i in &p.inputs {
        if !define(&i.name, &mut names, diagnostics) {
            continue;
        }
        if let Some(answer) = evaluate(&i.expr, &names, diagnostics) {
            names.insert(i.name.value.clone(), answer.quantity);
            inputs.push(Input {
                name: i.name.value.clone(),
                label: i.label.clone(),
                expr: i.expr.value.clone(),
                value: answer.quantity,
            });
        }
    }
    let mut estimates = Vec::new();
    for e in &p.estimates {
        if !define(&e.name, &mut names, diagnostics) {
            continue;
        }
        if let Some(answer) = evaluate(&e.expr, &names, diagnostics) {
            names.insert(e.name.value.clone(), answer.quantity);
            estimates.push(Estimate {
                name: e.name.value.clone(),
                label: e.label.clone(),
                expr: e.expr.value.clone(),
                answer,
            });
        }
    }

    let allowed = Dimension::for_kind(kind);
    let mut rubric = Vec::new();
    let mut item_ids = HashSet::new();
    for d in p.rubric {
        let Some(dimension) = Dimension::parse(&d.dimension.value).filter(|x| allowed.contains(x)) else {
            let names: Vec<&str> = allowed.iter().map(|x| x.as_str()).collect();
            diagnostics.push(
                Diagnostic::error(
                    "rubric-dimension",
                    &d.dimension.at,
                    format!("`{}` is not a rubric dimension of a {kind} problem", d.dimension.value),
                )
                .with_help(format!("use one of: {}", names.join(", "))),
            );
            continue;
        };
        if rubric.iter().any(|r: &RubricDimension| r.dimension == dimension) {
            diagnostics.push(Diagnostic::error(
                "duplicate-id",
                &d.dimension.at,
                format!("rubric dimension `{dimension}` appears twice"),
            ));
            continue;
        }
        if d.items.is_empty() {
            diagnostics.push(Diagnostic::error(
                "empty-rubric",
                &d.dimension.at,
                format!("rubric dimension `{dimension}` has no items"),
            ));
        }
        let mut items = Vec::new();
        for item in d.items {
            if !item_ids.insert(item.id.value.clone()) {
                diagnostics.push(Diagnostic::error(
                    "duplicate-id",
                    &item.id.at,
                    format!("rubric item `{}` appears twice", item.id.value),
                ));
                continue;
            }
            let known = concepts.resolve_all(&item.concepts, "", "concept", diagnostics);
            if item.concepts.is_empty() {
                diagnostics.push(
                    Diagnostic::error(
                        "item-without-concepts",
                        &item.id.at,
                        format!("rubric item `{}` names no concept", item.id.value),
                    )
                    .with_help("list the ontology concepts whose presence in an answer shows this item"),
                );
            }
            items.push(RubricItem {
                id: item.id.value,
                text: item.text,
                weight: item.weight,
                concepts: known.into_iter().map(ConceptId::new).collect(),
                mid: item.mid,
                senior: item.senior,
                staff: item.staff,
            });
        }
        rubric.push(RubricDimension { dimension, weight: d.weight, items });
    }
    for dimension in allowed {
        if !rubric.iter().any(|r| r.dimension == *dimension) {
            diagnostics.push(
                Diagnostic::error(
                    "missing-dimension",
                    &p.at,
                    format!("the rubric has no `{dimension}` dimension"),
                )
                .with_help(format!(
                    "a {kind} rubric covers: {}",
                    allowed.iter().map(|d| d.as_str()).collect::<Vec<_>>().join(", ")
                )),
            );
        }
    }

    let lld = match (kind, p.lld) {
        (ProblemKind::Lld, None) => {
            diagnostics.push(
                Diagnostic::error("missing-lld", &p.at, "an LLD problem needs an `[lld]` section").with_help(
                    "add entities, relationships, patterns, methods, concurrency and class_diagram",
                ),
            );
            None
        }
        (_, Some(l)) => {
            let known: Vec<String> = l
                .patterns
                .iter()
                .filter(|(id, _)| topics.check(id, "pattern topic", diagnostics))
                .map(|(id, _)| id.value.clone())
                .collect();
            if !l.class_diagram.trim_start().starts_with("classDiagram") {
                diagnostics.push(Diagnostic::error(
                    "class-diagram",
                    &l.at,
                    "class_diagram must be Mermaid text starting with `classDiagram`",
                ));
            }
            if l.entities.is_empty() {
                diagnostics.push(Diagnostic::error(
                    "missing-field",
                    &l.at,
                    "the LLD design lists no entities",
                ));
            }
            Some(LldDesign {
                entities: l.entities,
                relationships: l.relationships,
                patterns: l
                    .patterns
                    .into_iter()
                    .filter(|(id, _)| known.contains(&id.value))
                    .map(|(id, why)| (TopicId::new(id.value), why))
                    .collect(),
                methods: l.methods,
                concurrency: l.concurrency,
                class_diagram: l.class_diagram,
            })
        }
        (ProblemKind::Hld, None) => None,
    };

    Some(Problem {
        id: ProblemId::new(p.id.value),
        title: p.title,
        kind,
        difficulty,
        tags: p.tags,
        topics: related.into_iter().map(TopicId::new).collect(),
        prompt: p.prompt.trim().to_owned(),
        facts: p
            .facts
            .into_iter()
            .map(|f| Fact { topic: f.topic, questions: f.questions, answer: f.answer })
            .collect(),
        inputs,
        estimates,
        rubric,
        solution: p.solution.trim().to_owned(),
        follow_ups: p
            .follow_ups
            .into_iter()
            .map(|(question, answer)| FollowUp { question, answer })
            .collect(),
        pitfalls: p.pitfalls,
        lld,
        design: None,
        file: p.file,
    })
}

/// Names in expressions: lowercase words joined by `_`, not a unit's name.
fn is_name(name: &str) -> bool {
    name.chars().next().is_some_and(|c| c.is_ascii_lowercase())
        && name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        && !estimate::units::is_unit(name)
}

fn bad_name(name: &Located) -> Diagnostic {
    let why = if estimate::units::is_unit(&name.value) {
        "is a unit"
    } else {
        "is not lowercase words joined by `_`"
    };
    Diagnostic::error(
        "bad-name",
        &name.at,
        format!("`{}` {why}, so expressions cannot use it as a name", name.value),
    )
    .with_help("use names like `daily_users` or `avg_object_size`")
}

/// Adds a name for an input or estimate; refuses a malformed or repeated one.
fn define(name: &Located, names: &mut BTreeMap<String, Quantity>, diagnostics: &mut Vec<Diagnostic>) -> bool {
    if !is_name(&name.value) {
        diagnostics.push(bad_name(name));
        return false;
    }
    if names.contains_key(&name.value) {
        diagnostics.push(
            Diagnostic::error(
                "duplicate-id",
                &name.at,
                format!("`{}` is already defined (an input, an estimate or a number to know)", name.value),
            )
            .with_help("pick another name"),
        );
        return false;
    }
    true
}

/// Evaluates a calculator expression, turning its error into a diagnostic at the expression.
fn evaluate(
    expr: &Located,
    names: &dyn estimate::Names,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<estimate::Answer> {
    match estimate::evaluate(&expr.value, names) {
        Ok(answer) => Some(answer),
        Err(problem) => {
            let mut d = Diagnostic::error(
                "bad-estimate",
                &expr.at,
                format!(
                    "`{}` does not evaluate: {} (column {})",
                    expr.value,
                    problem.message,
                    problem.column(&expr.value)
                ),
            );
            if let Some(help) = problem.help {
                d = d.with_help(help);
            }
            diagnostics.push(d);
            None
        }
    }
}

fn parse_enum<T: Copy + std::fmt::Display>(
    value: &Located,
    parse: fn(&str) -> Option<T>,
    all: &[T],
    field: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<T> {
    let parsed = parse(&value.value);
    if parsed.is_none() {
        let options: Vec<String> = all.iter().map(|x| x.to_string()).collect();
        diagnostics.push(
            Diagnostic::error("bad-value", &value.at, format!("`{}` is not a valid {field}", value.value))
                .with_help(format!("use one of: {}", options.join(", "))),
        );
    }
    parsed
}

fn short(at: &At, field: &str, have: usize, want: usize, what: &str) -> Diagnostic {
    Diagnostic::error("too-few", at, format!("the problem has {have} {field}; at least {want} are needed"))
        .with_help(format!("add {what}"))
}
