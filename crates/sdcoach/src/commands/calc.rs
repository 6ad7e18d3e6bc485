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

pub fn run(args: &CalcArgs, term: &Terminal) -> anyhow::Result<ExitCode> {
    let src = args.expr.join(" ");
    match estimate::calc(&src) {
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
            Ok(ExitCode::from(1))
        }
    }
}
