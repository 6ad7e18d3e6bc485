//! `sdcoach drill estimate` and `sdcoach drill numbers`: questions on stdout, answers read line
//! by line from stdin (a terminal or a script), then the score and the worked arithmetic.

use std::io::{BufRead, Write};
use std::process::ExitCode;

use anyhow::Context;
use content::{Corpus, ProblemKind};
use drill::{Question, Score};
use serde::Serialize;

use crate::cli::{DrillEstimateArgs, DrillNumbersArgs};
use crate::terminal::Terminal;

pub fn estimate(corpus: &Corpus, args: &DrillEstimateArgs, term: &Terminal) -> anyhow::Result<ExitCode> {
    let seed = args.seed.unwrap_or_else(clock_seed);
    let drillable: Vec<&content::Problem> =
        corpus.problems().iter().filter(|p| p.kind == ProblemKind::Hld && !p.estimates.is_empty()).collect();
    let problem = match &args.problem {
        Some(id) => match corpus.problem(id) {
            Some(p) if !p.estimates.is_empty() => p,
            Some(_) => anyhow::bail!(
                "problem `{id}` has no estimates to drill; pick one from `sdcoach problems --kind hld`"
            ),
            None => {
                let ids = drillable.iter().map(|p| p.id.as_str());
                return Err(super::unknown(
                    "problem",
                    id,
                    &suggest::closest(id, ids),
                    "list problems with `sdcoach problems --kind hld`",
                ));
            }
        },
        None => {
            anyhow::ensure!(!drillable.is_empty(), "no problem has estimates to drill yet");
            drillable[(seed % drillable.len() as u64) as usize]
        }
    };
    let Some(drill) = drill::estimate_drill(problem, corpus.numbers(), seed) else {
        anyhow::bail!("problem `{}` has no estimates to drill", problem.id);
    };
    let mut out = std::io::stdout().lock();
    writeln!(out, "{}", term.paint("1", &format!("Estimation drill: {} (seed {seed})", drill.title)))?;
    writeln!(out, "Scenario:")?;
    for (label, expr) in &drill.inputs {
        writeln!(out, "  {label}: {}", term.paint("1", expr))?;
    }
    writeln!(
        out,
        "Answer each question in calculator syntax (e.g. 2.3K/s, 90 TB); a plain number is read in the unit asked."
    )?;
    drop(out);
    let results = ask(&drill.questions, term)?;
    report(&results, args.json, term, true)?;
    Ok(ExitCode::SUCCESS)
}

pub fn numbers(corpus: &Corpus, args: &DrillNumbersArgs, term: &Terminal) -> anyhow::Result<ExitCode> {
    anyhow::ensure!(
        !corpus.numbers().is_empty(),
        "the content has no numbers to know (content/numbers.toml)"
    );
    anyhow::ensure!(args.count > 0, "--count must be at least 1");
    let seed = args.seed.unwrap_or_else(clock_seed);
    let quiz = drill::numbers_quiz(corpus.numbers(), args.count, seed);
    crate::terminal::print(&format!(
        "{}\nAnswer with units (100 us, 1 ms, 500 MB/s); within 2× is full marks.\n",
        term.paint("1", &format!("Numbers to know (seed {seed})"))
    ))?;
    let results = ask(&quiz.questions, term)?;
    report(&results, args.json, term, false)?;
    Ok(ExitCode::SUCCESS)
}

/// A seed for when none is given: the edge may read the clock, the drill itself never does.
fn clock_seed() -> u64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs() % 100_000)
}

/// Asks every question and reads one answer line each; the end of input leaves the rest blank.
fn ask<'a>(questions: &'a [Question], term: &Terminal) -> anyhow::Result<Vec<(&'a Question, String, Score)>> {
    let stdin = std::io::stdin();
    let mut lines = stdin.lock().lines();
    let mut results = Vec::new();
    for (i, q) in questions.iter().enumerate() {
        let unit = if q.unit.is_empty() { String::new() } else { format!(" [{}]", q.unit) };
        crate::terminal::print(&format!("\n{}. {}{unit}\n> ", i + 1, term.paint("1", &q.prompt)))?;
        let answer = match lines.next() {
            Some(line) => line.context("reading an answer from stdin")?,
            None => String::new(),
        };
        let score = drill::score(&answer, q.expected, q.unit_factor);
        results.push((q, answer.trim().to_owned(), score));
    }
    crate::terminal::print("\n")?;
    Ok(results)
}

#[derive(Serialize)]
struct Row<'a> {
    question: &'a str,
    answer: &'a str,
    expected: &'a str,
    points: f64,
    verdict: &'a str,
    ratio: Option<f64>,
}

fn report(
    results: &[(&Question, String, Score)],
    json: bool,
    term: &Terminal,
    steps: bool,
) -> anyhow::Result<()> {
    let total: f64 = results.iter().map(|r| r.2.points).sum();
    if json {
        let rows: Vec<Row<'_>> = results
            .iter()
            .map(|(q, a, s)| Row {
                question: &q.prompt,
                answer: a,
                expected: &q.display,
                points: s.points,
                verdict: &s.verdict,
                ratio: s.ratio,
            })
            .collect();
        super::print_json(
            &serde_json::json!({ "score": total, "out_of": results.len(), "questions": rows }),
        )?;
        return Ok(());
    }
    let mut out = String::new();
    for (i, (q, answer, score)) in results.iter().enumerate() {
        let mark = if score.points >= 1.0 {
            term.paint("32", "✓")
        } else if score.points > 0.0 {
            term.paint("33", "~")
        } else {
            term.paint("31", "✗")
        };
        let shown = if answer.is_empty() { "—" } else { answer.as_str() };
        out.push_str(&format!(
            "{mark} {}. {}\n   you: {shown}   answer: {}   {}\n",
            i + 1,
            q.prompt,
            term.paint("1", &q.display),
            score.verdict
        ));
        if let Some(source) = &q.source {
            out.push_str(&format!("   source: {source}\n"));
        }
        if steps && score.points < 1.0 {
            for s in &q.steps {
                out.push_str(&format!("     {}: {} = {}\n", s.label, s.formula, s.result));
            }
        }
    }
    out.push_str(&format!("\nScore: {:.1} / {}\n", total, results.len()));
    if steps && results.iter().all(|r| r.2.points >= 1.0) {
        out.push_str("All within 2×. The worked arithmetic is the same as yours; try another seed.\n");
    }
    crate::terminal::print(&out)?;
    Ok(())
}
