//! `sdcoach problems` and `sdcoach problem ID`: the problem bank, without spoilers unless asked.

use std::process::ExitCode;

use content::{Corpus, Difficulty, LinkTarget, Problem, ProblemKind};
use serde::Serialize;

use crate::cli::{DifficultyFilter, KindFilter, ProblemArgs, ProblemsArgs};
use crate::terminal::{Terminal, page, print};

#[derive(Serialize)]
struct ProblemRow<'a> {
    id: &'a str,
    title: &'a str,
    kind: &'static str,
    difficulty: &'static str,
    tags: &'a [String],
    topics: Vec<&'a str>,
}

fn row(p: &Problem) -> ProblemRow<'_> {
    ProblemRow {
        id: p.id.as_str(),
        title: &p.title,
        kind: p.kind.as_str(),
        difficulty: p.difficulty.as_str(),
        tags: &p.tags,
        topics: p.topics.iter().map(|t| t.as_str()).collect(),
    }
}

pub fn list(corpus: &Corpus, args: &ProblemsArgs, term: &Terminal) -> anyhow::Result<ExitCode> {
    let kind = args.kind.map(|k| match k {
        KindFilter::Hld => ProblemKind::Hld,
        KindFilter::Lld => ProblemKind::Lld,
    });
    let difficulty = args.difficulty.map(|d| match d {
        DifficultyFilter::Easy => Difficulty::Easy,
        DifficultyFilter::Medium => Difficulty::Medium,
        DifficultyFilter::Hard => Difficulty::Hard,
    });
    let matches: Vec<&Problem> = corpus
        .problems()
        .iter()
        .filter(|p| kind.is_none_or(|k| p.kind == k))
        .filter(|p| difficulty.is_none_or(|d| p.difficulty == d))
        .filter(|p| args.tag.iter().all(|t| p.tags.iter().any(|pt| pt.eq_ignore_ascii_case(t))))
        .collect();
    if args.json {
        super::print_json(&matches.iter().map(|p| row(p)).collect::<Vec<_>>())?;
        return Ok(ExitCode::SUCCESS);
    }
    if matches.is_empty() {
        if !args.tag.is_empty() {
            let mut tags: Vec<&str> =
                corpus.problems().iter().flat_map(|p| p.tags.iter().map(String::as_str)).collect();
            tags.sort_unstable();
            tags.dedup();
            let wanted = args.tag.join(", ");
            let near = suggest::closest(&args.tag[0], tags.iter().copied());
            let hint = if near.is_empty() { String::new() } else { format!("; did you mean `{}`?", near[0]) };
            eprintln!("no problem matches the tag `{wanted}`{hint}");
        } else {
            eprintln!("no problem matches these filters");
        }
        return Ok(ExitCode::from(1));
    }
    let id_width = matches.iter().map(|p| p.id.as_str().len()).max().unwrap_or(0);
    let mut out = String::new();
    for kind in [ProblemKind::Hld, ProblemKind::Lld] {
        let of_kind: Vec<&&Problem> = matches.iter().filter(|p| p.kind == kind).collect();
        if of_kind.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push('\n');
        }
        let heading = if kind == ProblemKind::Hld { "High-level design" } else { "Low-level design" };
        out.push_str(&term.paint("1", &format!("{heading} ({})", of_kind.len())));
        out.push('\n');
        for p in of_kind {
            let difficulty = term.paint("2", &format!("{:<6}", p.difficulty.as_str()));
            out.push_str(&format!("  {:<id_width$}  {difficulty}  {}\n", p.id.as_str(), p.title));
        }
    }
    print(&out)?;
    Ok(ExitCode::SUCCESS)
}

pub fn show(corpus: &Corpus, args: &ProblemArgs, term: &Terminal) -> anyhow::Result<ExitCode> {
    let Some(problem) = corpus.problem(&args.id.trim().to_lowercase()) else {
        let ids = corpus.problems().iter().map(|p| p.id.as_str());
        return Err(super::unknown(
            "problem",
            &args.id,
            &suggest::closest(&args.id, ids),
            "list problems with `sdcoach problems`",
        ));
    };
    if args.design {
        let Some(design) = &problem.design else {
            anyhow::bail!("problem `{}` has no reference design yet", problem.id);
        };
        print(design)?;
        return Ok(ExitCode::SUCCESS);
    }
    let reveal = Reveal {
        facts: args.facts || args.solution,
        estimates: args.estimates || args.solution,
        rubric: args.rubric,
        solution: args.solution,
    };
    if args.json {
        super::print_json(&json(problem, &reveal))?;
        return Ok(ExitCode::SUCCESS);
    }
    let markdown = markdown(corpus, problem, &reveal);
    let mut out = term_render::heading(&problem.title, &term.style());
    out.push_str(&term.paint(
        "2",
        &format!(
            "{} · {} · {}",
            problem.kind.as_str().to_uppercase(),
            problem.difficulty,
            problem.tags.join(", ")
        ),
    ));
    out.push('\n');
    let links = |url: &str| match LinkTarget::parse(url) {
        LinkTarget::Topic(id) => Some(format!("sdcoach learn {id}")),
        LinkTarget::Concept(id) => Some(format!("sdcoach glossary {id}")),
        LinkTarget::External(url) => Some(url),
    };
    out.push_str(&term_render::render(&markdown, &term.style(), &links));
    page(&out, term, args.no_pager)?;
    Ok(ExitCode::SUCCESS)
}

struct Reveal {
    facts: bool,
    estimates: bool,
    rubric: bool,
    solution: bool,
}

/// The problem as Markdown, with only the parts asked for.
fn markdown(corpus: &Corpus, p: &Problem, reveal: &Reveal) -> String {
    let mut md = format!("## The prompt\n\n{}\n\n", p.prompt);
    if reveal.facts {
        md.push_str("## What the interviewer answers\n\n");
        for f in &p.facts {
            md.push_str(&format!(
                "- **{}** — asked as: {}\n\n  {}\n\n",
                f.topic,
                quoted(&f.questions),
                f.answer
            ));
        }
    }
    if reveal.estimates {
        md.push_str("## Scale inputs\n\n| input | value | name |\n| --- | --- | --- |\n");
        for i in &p.inputs {
            md.push_str(&format!("| {} | {} | `{}` |\n", i.label, cell(&i.expr), i.name));
        }
        md.push_str(
            "\n## Estimates, computed from the inputs\n\n| estimate | value | how |\n| --- | --- | --- |\n",
        );
        for e in &p.estimates {
            md.push_str(&format!("| {} | **{}** | `{}` |\n", e.label, e.answer.display(), cell(&e.expr)));
        }
        md.push('\n');
    }
    if reveal.rubric {
        md.push_str("## Rubric\n\n");
        for d in &p.rubric {
            md.push_str(&format!("### {} (weight {})\n\n", d.dimension.title(), d.weight));
            for item in &d.items {
                md.push_str(&format!(
                    "- **{}** (weight {}; shows: {})\n  - mid: {}\n  - senior: {}\n  - staff: {}\n",
                    item.text,
                    item.weight,
                    item.concepts.iter().map(|c| c.as_str()).collect::<Vec<_>>().join(", "),
                    item.mid,
                    item.senior,
                    item.staff
                ));
            }
            md.push('\n');
        }
    }
    if reveal.solution {
        md.push_str(&format!("## Reference solution\n\n{}\n\n", p.solution));
        if let Some(lld) = &p.lld {
            md.push_str("## Class design\n\n");
            for (name, responsibility) in &lld.entities {
                md.push_str(&format!("- **{name}**: {responsibility}\n"));
            }
            if !lld.relationships.is_empty() {
                md.push_str("\nRelationships:\n\n");
                for r in &lld.relationships {
                    md.push_str(&format!("- {r}\n"));
                }
            }
            if !lld.patterns.is_empty() {
                md.push_str("\nPatterns:\n\n");
                for (pattern, why) in &lld.patterns {
                    let title = corpus.topic(pattern.as_str()).map_or(pattern.as_str(), |t| t.title.as_str());
                    md.push_str(&format!("- [{title}](topic:{pattern}): {why}\n"));
                }
            }
            if !lld.methods.is_empty() {
                md.push_str("\nKey methods:\n\n");
                for m in &lld.methods {
                    md.push_str(&format!("- `{m}`\n"));
                }
            }
            md.push_str(&format!(
                "\n### Concurrency\n\n{}\n\n### Class diagram (Mermaid)\n\n```\n{}\n```\n\n",
                lld.concurrency,
                lld.class_diagram.trim()
            ));
        }
        md.push_str("## Follow-up questions\n\n");
        for f in &p.follow_ups {
            md.push_str(&format!("- **{}**\n\n  {}\n\n", f.question, f.answer));
        }
        if !p.pitfalls.is_empty() {
            md.push_str("## Pitfalls\n\n");
            for pitfall in &p.pitfalls {
                md.push_str(&format!("- {pitfall}\n"));
            }
            md.push('\n');
        }
    }
    let topics: Vec<String> = p
        .topics
        .iter()
        .filter_map(|t| corpus.topic(t.as_str()))
        .map(|t| format!("- {} — `sdcoach learn {}`", t.title, t.id))
        .collect();
    if !topics.is_empty() {
        md.push_str(&format!("## Topics to study\n\n{}\n\n", topics.join("\n")));
    }
    if !reveal.solution {
        md.push_str("*Reveal more with `--facts`, `--estimates`, `--rubric` or `--solution`.*\n");
    }
    md
}

fn quoted(questions: &[String]) -> String {
    questions.iter().map(|q| format!("“{q}”")).collect::<Vec<_>>().join(" / ")
}

fn cell(text: &str) -> String {
    text.replace('|', "\\|")
}

fn json(p: &Problem, reveal: &Reveal) -> serde_json::Value {
    use serde_json::json;
    let mut out = json!({
        "id": p.id.as_str(),
        "title": p.title,
        "kind": p.kind.as_str(),
        "difficulty": p.difficulty.as_str(),
        "tags": p.tags,
        "topics": p.topics.iter().map(|t| t.as_str()).collect::<Vec<_>>(),
        "prompt": p.prompt,
    });
    if reveal.facts {
        out["facts"] = p
            .facts
            .iter()
            .map(|f| json!({"topic": f.topic, "questions": f.questions, "answer": f.answer}))
            .collect();
    }
    if reveal.estimates {
        out["inputs"] = p
            .inputs
            .iter()
            .map(|i| json!({"name": i.name, "label": i.label, "expr": i.expr, "value": i.value.value, "unit": i.value.dims.to_string()}))
            .collect();
        out["estimates"] = p
            .estimates
            .iter()
            .map(|e| {
                json!({"name": e.name, "label": e.label, "expr": e.expr, "value": e.answer.value(), "unit": e.answer.unit(), "display": e.answer.display()})
            })
            .collect();
    }
    if reveal.rubric {
        out["rubric"] = p
            .rubric
            .iter()
            .map(|d| {
                json!({"dimension": d.dimension.as_str(), "weight": d.weight, "items": d.items.iter().map(|i| json!({
                    "id": i.id, "text": i.text, "weight": i.weight,
                    "concepts": i.concepts.iter().map(|c| c.as_str()).collect::<Vec<_>>(),
                    "mid": i.mid, "senior": i.senior, "staff": i.staff,
                })).collect::<Vec<_>>()})
            })
            .collect();
    }
    if reveal.solution {
        out["solution"] = json!(p.solution);
        out["follow_ups"] =
            p.follow_ups.iter().map(|f| json!({"question": f.question, "answer": f.answer})).collect();
        out["pitfalls"] = json!(p.pitfalls);
        if let Some(l) = &p.lld {
            out["lld"] = json!({
                "entities": l.entities.iter().map(|(n, r)| json!({"name": n, "responsibility": r})).collect::<Vec<_>>(),
                "relationships": l.relationships,
                "patterns": l.patterns.iter().map(|(p, w)| json!({"pattern": p.as_str(), "why": w})).collect::<Vec<_>>(),
                "methods": l.methods,
                "concurrency": l.concurrency,
                "class_diagram": l.class_diagram,
            });
        }
    }
    out
}
