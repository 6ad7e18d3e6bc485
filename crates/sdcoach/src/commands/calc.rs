//! `sdcoach calc EXPR`: the unit-aware calculator.

use std::process::ExitCode;

use estimate::Problem;
use serde::Serialize;

use crate::cli::CalcArgs;
use crate::terminal::{Terminal, print};

#[derive(Serialize)]
struct Output<'a> {
    value: f64,
    unit: String,
    display: String,
    warnings: Vec<ProblemJson<'a>>,
}

#[derive(Serialize)]
struct ProblemJson<'a> {
    message: &'a str,
    column: usize,
    help: Option<&'a str>,
}

impl<'a> ProblemJson<'a> {
    fn of(p: &'a Problem, src: &str) -> Self {
        Self { message: &p.message, column: p.column(src), help: p.help.as_deref() }
    }
}

pub fn run(content: Option<&std::path::Path>, args: &CalcArgs, term: &Terminal) -> anyhow::Result<ExitCode> {
    let src = args.expr.join(" ");
    // Names (the numbers to know, a problem's estimates) need the content; plain maths does not
    // pay for loading it.
    let uses_names = estimate::names_used(&src).is_ok_and(|n| !n.is_empty());
    let names: std::collections::BTreeMap<String, estimate::Quantity> =
        if uses_names || args.problem.is_some() {
            let corpus = super::load(content)?;
            match args.problem.as_deref() {
                Some(id) => match corpus.problem(id) {
                    Some(p) => p.names(corpus.numbers()),
                    None => {
                        let ids = corpus.problems().iter().map(|p| p.id.as_str());
                        return Err(super::Usage(
                            super::unknown(
                                "problem",
                                id,
                                &suggest::closest(id, ids),
                                "list problems with `sdcoach problems`",
                            )
                            .to_string(),
                        )
                        .into());
                    }
                },
                None => corpus.numbers().iter().map(|n| (n.id.clone(), n.value)).collect(),
            }
        } else {
            std::collections::BTreeMap::new()
        };
    match estimate::evaluate(&src, &names) {
        Ok(answer) => {
            for w in &answer.warnings {
                eprintln!("warning: {}", w.render(&src));
            }
            if args.json {
                let out = Output {
                    value: answer.value(),
                    unit: answer.unit(),
                    display: answer.display(),
                    warnings: answer.warnings.iter().map(|w| ProblemJson::of(w, &src)).collect(),
                };
                super::print_json(&out)?;
            } else {
                print(&format!("{}\n", term.paint("1", &answer.display())))?;
            }
            Ok(ExitCode::SUCCESS)
        }
        Err(problem) => {
            if args.json {
                super::print_json(&serde_json::json!({ "error": ProblemJson::of(&problem, &src) }))?;
            }
            eprintln!("error: {}", problem.render(&src));
            if problem.message.starts_with("unknown name") && args.problem.is_none() {
                eprintln!(
                    "  hint: the numbers to know work as names (`ssd_random_read * 1000`); a problem's estimates need --problem ID"
                );
            }
            Ok(ExitCode::from(1))
        }
    }
}
