//! `sdcoach kata list|show|run|init`: LLD katas from the terminal, and the hidden subcommand
//! through which the built-in references speak their protocols.

use std::fmt::Write as _;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use content::{Corpus, Kata, LinkTarget};
use kata::{Failure, Outcome};
use serde::Serialize;

use super::Usage;
use crate::cli::{KataInitArgs, KataListArgs, KataRunArgs, KataShowArgs};
use crate::harness::Program;
use crate::terminal::{Terminal, page, print};

fn find<'a>(corpus: &'a Corpus, id: &str) -> anyhow::Result<&'a Kata> {
    corpus.kata(id.trim()).ok_or_else(|| {
        let ids = corpus.katas().iter().map(|k| k.id.as_str());
        let e = super::unknown("kata", id, &suggest::closest(id, ids), "list katas with `sdcoach kata list`");
        Usage(e.to_string()).into()
    })
}

#[derive(Serialize)]
struct KataRow<'a> {
    id: &'a str,
    title: &'a str,
    problem: &'a str,
    difficulty: &'static str,
    summary: &'a str,
    scenarios: usize,
    examples: usize,
}

fn row(k: &Kata) -> KataRow<'_> {
    KataRow {
        id: &k.id,
        title: &k.title,
        problem: k.problem.as_str(),
        difficulty: k.difficulty.as_str(),
        summary: &k.summary,
        scenarios: k.scenarios.len(),
        examples: k.examples().count(),
    }
}

pub fn list(corpus: &Corpus, args: &KataListArgs, term: &Terminal) -> anyhow::Result<ExitCode> {
    if args.json {
        super::print_json(&corpus.katas().iter().map(row).collect::<Vec<_>>())?;
        return Ok(ExitCode::SUCCESS);
    }
    let width = corpus.katas().iter().map(|k| k.id.len()).max().unwrap_or(0);
    let mut out = String::new();
    for k in corpus.katas() {
        let _ = writeln!(
            out,
            "{}  {:<6}  {}  {}",
            term.paint("1", &format!("{:<width$}", k.id)),
            k.difficulty.as_str(),
            k.title,
            term.paint("2", &format!("({} scenarios)", k.scenarios.len()))
        );
    }
    let _ = writeln!(out, "\n{} katas. Start one with `sdcoach kata show ID`.", corpus.katas().len());
    print(&out)?;
    Ok(ExitCode::SUCCESS)
}

#[derive(Serialize)]
struct KataJson<'a> {
    #[serde(flatten)]
    row: KataRow<'a>,
    statement: &'a str,
    commands: Vec<CommandJson<'a>>,
    examples: Vec<ExampleJson<'a>>,
    languages: &'static [&'static str],
}

#[derive(Serialize)]
struct CommandJson<'a> {
    usage: &'a str,
    reply: &'a str,
    meaning: &'a str,
}

#[derive(Serialize)]
struct ExampleJson<'a> {
    name: &'a str,
    script: &'a str,
}

pub fn show(corpus: &Corpus, args: &KataShowArgs, term: &Terminal) -> anyhow::Result<ExitCode> {
    let k = find(corpus, &args.id)?;
    if args.json {
        super::print_json(&KataJson {
            row: row(k),
            statement: &k.statement,
            commands: k
                .commands
                .iter()
                .map(|c| CommandJson { usage: &c.usage, reply: &c.reply, meaning: &c.meaning })
                .collect(),
            examples: k.examples().map(|s| ExampleJson { name: &s.name, script: &s.text }).collect(),
            languages: kata::starter::LANGUAGES,
        })?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut md = format!("{}\n\n## The protocol\n\n", k.statement.trim());
    md.push_str(
        "One command per line on standard input, one reply line per command on standard output, \
         flushed. Every scenario starts a fresh process.\n\n",
    );
    for c in &k.commands {
        let _ = writeln!(md, "- `{}` → `{}`: {}", c.usage, c.reply, c.meaning);
    }
    md.push_str("\n## Examples\n\n`>` is what the harness sends, `<` the reply it expects (`<?` a rule: see docs/katas.md).\n\n");
    for s in k.examples() {
        let _ = writeln!(md, "**{}**\n\n```text\n{}\n```\n", s.name, s.text.trim_end());
    }
    let _ = write!(
        md,
        "## Run it\n\n{} examples here, {} scenarios in all.\n\n```text\nsdcoach kata init {id} --lang python {id}\ncd {id} && sdcoach kata run {id} -- python3 main.py\nsdcoach kata run {id} --reference\n```\n\nStarters: {}. The problem behind it: `sdcoach problem {}`.\n",
        k.examples().count(),
        k.scenarios.len(),
        kata::starter::LANGUAGES.join(", "),
        k.problem,
        id = k.id,
    );
    let mut out = term_render::heading(&k.title, &term.style());
    out.push_str(&term.paint("2", &format!("kata · {} · problem {}", k.difficulty, k.problem)));
    out.push('\n');
    let links = |url: &str| match LinkTarget::parse(url) {
        LinkTarget::Topic(id) => Some(format!("sdcoach learn {id}")),
        LinkTarget::Concept(id) => Some(format!("sdcoach glossary {id}")),
        LinkTarget::External(url) => Some(url),
    };
    out.push_str(&term_render::render(&md, &term.style(), &links));
    page(&out, term, args.no_pager)?;
    Ok(ExitCode::SUCCESS)
}

#[derive(Serialize)]
struct RunJson<'a> {
    kata: &'a str,
    program: String,
    passed: usize,
    failed: usize,
    scenarios: Vec<ScenarioJson<'a>>,
}

#[derive(Serialize)]
struct ScenarioJson<'a> {
    name: &'a str,
    ok: bool,
    visible: bool,
    elapsed_ms: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    failure: Option<FailureJson>,
}

#[derive(Serialize)]
struct FailureJson {
    /// Line of the failing command in the kata file.
    line: u32,
    command: String,
    expected: String,
    got: Option<String>,
    message: String,
    stderr: String,
}

pub fn run(corpus: &Corpus, args: &KataRunArgs, term: &Terminal) -> anyhow::Result<ExitCode> {
    let k = find(corpus, &args.id)?;
    let argv: Vec<String> = if args.reference || args.broken {
        let exe = std::env::current_exe()
            .map_err(|e| anyhow::anyhow!("cannot find the sdcoach binary to run the reference: {e}"))?;
        let mut argv = vec![exe.display().to_string(), "__kata-ref".into(), k.id.clone()];
        if args.broken {
            argv.push("--broken".into());
        }
        argv
    } else if args.program.is_empty() {
        return Err(Usage(format!(
            "no program to run\n  hint: give the command after `--`, e.g. `sdcoach kata run {id} -- python3 main.py`, or use --reference",
            id = k.id
        ))
        .into());
    } else {
        args.program.clone()
    };
    if !(args.timeout.is_finite() && args.timeout > 0.0) {
        return Err(
            Usage(format!("--timeout must be a positive number of seconds, not {}", args.timeout)).into()
        );
    }
    let timeout = Duration::from_secs_f64(args.timeout);
    let scenarios: Vec<&content::Scenario> =
        k.scenarios.iter().filter(|s| args.only.as_deref().is_none_or(|o| s.name.contains(o))).collect();
    if scenarios.is_empty() {
        return Err(Usage(format!(
            "no scenario of `{}` has a name containing {:?}",
            k.id,
            args.only.as_deref().unwrap_or("")
        ))
        .into());
    }
    let shown = if args.reference { "the built-in reference".to_owned() } else { argv.join(" ") };
    let mut results = Vec::new();
    for s in &scenarios {
        let start = Instant::now();
        let mut program = Program::start(&argv, timeout).map_err(|e| {
            Usage(format!(
                "cannot start `{}`: {e}\n  hint: check the command after `--` runs from this folder",
                argv[0]
            ))
        })?;
        let mut outcome = kata::run(&s.script, &mut program);
        let extra = program.finish();
        if outcome.ok() && !extra.is_empty() {
            let steps = s.script.steps.len();
            outcome = Outcome::Failed(Failure {
                step: steps,
                line: s.script.steps.last().map_or(1, |st| st.expect_line),
                command: "(end of input)".into(),
                expected: "no more output".into(),
                got: extra.first().cloned(),
                message: format!("the program printed {} more line(s) after its last reply", extra.len()),
                before: Vec::new(),
            });
        }
        let stderr = if outcome.ok() { String::new() } else { program.stderr_tail() };
        results.push((*s, outcome, start.elapsed(), stderr));
    }
    let passed = results.iter().filter(|(_, o, _, _)| o.ok()).count();
    let failed = results.len() - passed;
    if args.json {
        super::print_json(&RunJson {
            kata: &k.id,
            program: shown,
            passed,
            failed,
            scenarios: results
                .iter()
                .map(|(s, o, elapsed, stderr)| ScenarioJson {
                    name: &s.name,
                    ok: o.ok(),
                    visible: s.visible,
                    elapsed_ms: (elapsed.as_secs_f64() * 1e4).round() / 10.0,
                    failure: match o {
                        Outcome::Passed { .. } => None,
                        Outcome::Failed(f) => Some(FailureJson {
                            line: s.line + f.line - 1,
                            command: f.command.clone(),
                            expected: f.expected.clone(),
                            got: f.got.clone(),
                            message: f.message.clone(),
                            stderr: stderr.clone(),
                        }),
                    },
                })
                .collect(),
        })?;
    } else {
        let mut out = format!("kata {}: {} scenarios against {}\n", k.id, results.len(), shown);
        for (s, o, elapsed, stderr) in &results {
            let mark = if o.ok() { term.paint("32", "pass") } else { term.paint("31;1", "FAIL") };
            let kind = if s.visible { " (example)" } else { "" };
            let _ = writeln!(
                out,
                "  {mark}  {}{kind}  {}",
                s.name,
                term.paint("2", &format!("{:.0} ms", elapsed.as_secs_f64() * 1e3))
            );
            if let Outcome::Failed(f) = o {
                out.push_str(&failure_text(k, s, f, stderr, term));
            }
        }
        let summary = format!("{passed} passed, {failed} failed");
        let _ = writeln!(
            out,
            "{}",
            if failed == 0 { term.paint("32;1", &summary) } else { term.paint("31;1", &summary) }
        );
        print(&out)?;
    }
    Ok(if failed == 0 { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

fn failure_text(k: &Kata, s: &content::Scenario, f: &Failure, stderr: &str, term: &Terminal) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "        at {}:{} (step {} of {})",
        k.file,
        s.line + f.line - 1,
        f.step + 1,
        s.script.steps.len()
    );
    for b in &f.before {
        let _ = writeln!(out, "        {}", term.paint("2", &format!("> {}   < {}", b.command, b.reply)));
    }
    let _ = writeln!(out, "        > {}", f.command);
    let _ = writeln!(out, "        expected: {}", f.expected);
    match &f.got {
        Some(got) => {
            let _ = writeln!(out, "        got:      {}", term.paint("31", got));
        }
        None => {
            let _ = writeln!(out, "        got:      {}", term.paint("31", "(no reply)"));
        }
    }
    if !f.message.is_empty() && f.message != "the reply differs" {
        let _ = writeln!(out, "        {}", f.message);
    }
    if !stderr.is_empty() {
        let _ = writeln!(out, "        stderr:");
        for line in stderr.lines().rev().take(8).collect::<Vec<_>>().into_iter().rev() {
            let _ = writeln!(out, "          {}", term.paint("2", line));
        }
    }
    out
}

pub fn init(corpus: &Corpus, args: &KataInitArgs) -> anyhow::Result<ExitCode> {
    let k = find(corpus, &args.id)?;
    let commands: Vec<&str> = k.commands.iter().map(|c| c.usage.as_str()).collect();
    let info = kata::starter::KataInfo { id: &k.id, title: &k.title, commands: &commands };
    let Some(files) = kata::starter::files(&info, &args.lang) else {
        return Err(Usage(format!(
            "no starter for `{}`\n  hint: use one of {}",
            args.lang,
            kata::starter::LANGUAGES.join(", ")
        ))
        .into());
    };
    let existing: Vec<String> =
        files.iter().filter(|f| args.dir.join(f.path).exists()).map(|f| f.path.to_owned()).collect();
    if !existing.is_empty() && !args.force {
        anyhow::bail!(
            "{} already has {}; nothing was written\n  hint: choose another folder, or pass --force to overwrite",
            args.dir.display(),
            existing.join(", ")
        );
    }
    for f in &files {
        let path = args.dir.join(f.path);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| anyhow::anyhow!("cannot create {}: {e}", parent.display()))?;
        }
        std::fs::write(&path, &f.text)
            .map_err(|e| anyhow::anyhow!("cannot write {}: {e}", path.display()))?;
    }
    let run = kata::starter::run_command(&args.lang, &k.id).unwrap_or_default();
    let build =
        kata::starter::build_command(&args.lang, &k.id).map(|b| format!("  {b}\n")).unwrap_or_default();
    let mut out = format!("wrote {} files to {}:\n", files.len(), args.dir.display());
    for f in &files {
        let _ = writeln!(out, "  {}", f.path);
    }
    let _ =
        writeln!(out, "\nnext:\n  cd {}\n{build}  sdcoach kata run {} -- {run}", args.dir.display(), k.id);
    print(&out)?;
    Ok(ExitCode::SUCCESS)
}

/// The hidden `__kata-ref ID`: the reference (or its broken variant) on stdin and stdout.
pub fn serve_reference(id: &str, broken: bool) -> anyhow::Result<ExitCode> {
    let Some(reference) = kata_refs::find(id) else {
        return Err(Usage(format!("no reference implementation for kata `{id}`")).into());
    };
    let mut machine = if broken { (reference.broken)() } else { (reference.new)() };
    kata_refs::serve(machine.as_mut(), std::io::stdin().lock(), std::io::stdout().lock())?;
    Ok(ExitCode::SUCCESS)
}
