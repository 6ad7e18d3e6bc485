//! `sdcoach design check|fmt|render`: design as code from the terminal (`sim` is in `sim.rs`).

use std::io::Read;
use std::path::Path;
use std::process::ExitCode;

use anyhow::Context;
use content::Corpus;
use design::{Parsed, Severity};
use serde::Serialize;

use crate::cli::{DesignCommand, DesignFileArgs, DesignFmtArgs, DesignRenderArgs, RenderFormat};
use crate::terminal::{Terminal, print};

pub fn run(content: Option<&Path>, cmd: DesignCommand, term: &Terminal) -> anyhow::Result<ExitCode> {
    match cmd {
        DesignCommand::Check(args) => check(&super::load(content)?, &args, term),
        DesignCommand::Fmt(args) => fmt(&args),
        DesignCommand::Render(args) => render(&super::load(content)?, &args),
        DesignCommand::Sim(args) => super::sim::run(&super::load(content)?, &args, term),
    }
}

pub(super) fn read(path: &Path) -> anyhow::Result<String> {
    if path == Path::new("-") {
        let mut text = String::new();
        std::io::stdin().read_to_string(&mut text).context("reading the design from standard input")?;
        return Ok(text);
    }
    std::fs::read_to_string(path).with_context(|| format!("cannot read the design file {}", path.display()))
}

/// Parses with the numbers to know as names, and a problem's inputs and estimates if asked.
pub(super) fn parse(corpus: &Corpus, text: &str, problem: Option<&str>) -> anyhow::Result<Parsed> {
    Ok(design::parse_with(text, &names(corpus, problem)?))
}

/// The numbers to know, and a problem's inputs and estimates if asked.
pub(super) fn names(
    corpus: &Corpus,
    problem: Option<&str>,
) -> anyhow::Result<std::collections::BTreeMap<String, estimate::Quantity>> {
    Ok(match problem {
        Some(id) => match corpus.problem(id) {
            Some(p) => p.names(corpus.numbers()),
            None => {
                let ids = corpus.problems().iter().map(|p| p.id.as_str());
                return Err(super::unknown(
                    "problem",
                    id,
                    &suggest::closest(id, ids),
                    "list problems with `sdcoach problems --kind hld`",
                ));
            }
        },
        None => corpus.numbers().iter().map(|n| (n.id.clone(), n.value)).collect(),
    })
}

/// Prints diagnostics to stderr; true when any is an error.
pub(super) fn report_diagnostics(parsed: &Parsed, text: &str, file: &Path) -> bool {
    for d in &parsed.diagnostics {
        eprintln!("{}: {}", file.display(), d.render(text));
    }
    parsed.has_errors()
}

#[derive(Serialize)]
struct ComponentJson<'a> {
    id: &'a str,
    kind: &'static str,
    instances: u32,
    load_avg_rps: f64,
    load_peak_rps: f64,
    bytes_peak: f64,
    utilization_peak: f64,
    utilization_avg: f64,
    needed_instances: u32,
    availability: f64,
    spof: bool,
    storage_bytes: f64,
    monthly_cost_usd: f64,
}

#[derive(Serialize)]
struct FlowJson<'a> {
    name: &'a str,
    line: u32,
    rate_rps: f64,
    peak_rps: f64,
    availability: f64,
    p50_ms: Option<f64>,
    p99_ms: Option<f64>,
    mean_ms: Option<f64>,
}

#[derive(Serialize)]
struct FindingJson<'a> {
    rule: &'static str,
    severity: &'static str,
    message: &'a str,
    line: u32,
    help: &'static str,
}

pub(super) fn ms(seconds: f64) -> Option<f64> {
    seconds.is_finite().then_some((seconds * 1e6).round() / 1e3)
}

fn check(corpus: &Corpus, args: &DesignFileArgs, term: &Terminal) -> anyhow::Result<ExitCode> {
    let text = read(&args.file)?;
    let parsed = parse(corpus, &text, args.problem.as_deref())?;
    if report_diagnostics(&parsed, &text, &args.file) {
        if args.json {
            let diagnostics: Vec<serde_json::Value> = parsed
                .diagnostics
                .iter()
                .map(|d| serde_json::json!({"line": d.line, "col": d.col, "severity": if d.severity == Severity::Error { "error" } else { "warning" }, "message": d.message, "help": d.help}))
                .collect();
            super::print_json(&serde_json::json!({ "diagnostics": diagnostics }))?;
        }
        return Ok(ExitCode::from(1));
    }
    let (report, findings) = design::check(&parsed.design);
    if args.json {
        let components: Vec<ComponentJson<'_>> = report
            .components
            .iter()
            .map(|c| ComponentJson {
                id: &c.id,
                kind: c.kind.as_str(),
                instances: c.instances,
                load_avg_rps: c.reads + c.writes,
                load_peak_rps: c.peak_reads + c.peak_writes,
                bytes_peak: c.peak_bytes,
                utilization_peak: c.utilization_peak,
                utilization_avg: c.utilization_avg,
                needed_instances: c.needed_instances,
                availability: c.availability,
                spof: c.spof,
                storage_bytes: c.storage,
                monthly_cost_usd: c.monthly_cost,
            })
            .collect();
        let flows: Vec<FlowJson<'_>> = report
            .flows
            .iter()
            .map(|f| FlowJson {
                name: &f.name,
                line: f.line,
                rate_rps: f.rate,
                peak_rps: f.peak_rate,
                availability: f.availability,
                p50_ms: ms(f.p50),
                p99_ms: ms(f.p99),
                mean_ms: ms(f.mean),
            })
            .collect();
        let findings: Vec<FindingJson<'_>> = findings
            .iter()
            .map(|f| FindingJson {
                rule: f.rule,
                severity: f.severity.as_str(),
                message: &f.message,
                line: f.line,
                help: f.help,
            })
            .collect();
        super::print_json(&serde_json::json!({
            "title": parsed.design.title,
            "components": components,
            "flows": flows,
            "findings": findings,
            "storage_bytes": report.storage,
            "bandwidth_in_bytes_per_s": report.bandwidth_in,
            "bandwidth_out_bytes_per_s": report.bandwidth_out,
            "monthly_cost_usd": report.monthly_cost,
        }))?;
        return Ok(ExitCode::SUCCESS);
    }
    print(&human(&parsed, &report, &findings, term))?;
    Ok(ExitCode::SUCCESS)
}

fn human(parsed: &Parsed, report: &design::Report, findings: &[design::Finding], term: &Terminal) -> String {
    let mut out = String::new();
    if let Some(t) = &parsed.design.title {
        out.push_str(&term.paint("1", t));
        out.push('\n');
    }
    let mut comps: Vec<&design::ComponentReport> = report.components.iter().filter(|c| c.used).collect();
    comps.sort_by(|a, b| b.utilization_peak.total_cmp(&a.utilization_peak));
    out.push_str(&term.paint("1", "\nComponents (busiest first)\n"));
    out.push_str(&format!(
        "  {:<18} {:<13} {:>5} {:>12} {:>8} {:>7} {:>12}  {}\n",
        "id", "kind", "inst", "peak load", "util", "needed", "availability", "spof"
    ));
    for c in comps {
        let util = format!("{:.0} %", c.utilization_peak * 100.0);
        let util = if c.utilization_peak >= 1.0 {
            term.paint("1;31", &format!("{util:>8}"))
        } else if c.utilization_peak > parsed.design.target_utilization {
            term.paint("33", &format!("{util:>8}"))
        } else {
            format!("{util:>8}")
        };
        out.push_str(&format!(
            "  {:<18} {:<13} {:>5} {:>12} {util} {:>7} {:>12}  {}\n",
            c.id,
            c.kind.as_str(),
            c.instances,
            rate(c.peak_reads + c.peak_writes),
            c.needed_instances,
            design::rules::percent(c.availability),
            if c.spof { term.paint("31", "yes") } else { "no".to_owned() }
        ));
    }
    out.push_str(&term.paint("1", "\nFlows (at peak)\n"));
    out.push_str(&format!(
        "  {:<18} {:>11} {:>11} {:>11} {:>11} {:>13}\n",
        "flow", "rate", "peak", "p50", "p99", "availability"
    ));
    for f in &report.flows {
        out.push_str(&format!(
            "  {:<18} {:>11} {:>11} {:>11} {:>11} {:>13}\n",
            f.name,
            rate(f.rate),
            rate(f.peak_rate),
            design::rules::ms(f.p50),
            design::rules::ms(f.p99),
            design::rules::percent(f.availability)
        ));
    }
    out.push_str(&format!(
        "\nStorage over the horizon: {}   bandwidth in {} out {}   monthly cost ≈ ${:.0}\n",
        bytes(report.storage),
        bytes_rate(report.bandwidth_in),
        bytes_rate(report.bandwidth_out),
        report.monthly_cost
    ));
    if findings.is_empty() {
        out.push_str(&term.paint("32", "\nNo findings.\n"));
    } else {
        out.push_str(&term.paint("1", &format!("\nFindings ({})\n", findings.len())));
        for f in findings {
            let sev = match f.severity {
                design::rules::Severity::Error => term.paint("1;31", "error  "),
                design::rules::Severity::Warning => term.paint("33", "warning"),
                design::rules::Severity::Info => term.paint("2", "info   "),
            };
            out.push_str(&format!(
                "  {sev} line {:>3} [{}] {}\n          {}\n",
                f.line,
                f.rule,
                f.message,
                term.paint("2", f.help)
            ));
        }
    }
    out
}

pub(super) fn rate(per_second: f64) -> String {
    estimate::Quantity::new(per_second, estimate::Dims::RATE).show()
}

fn bytes(b: f64) -> String {
    estimate::Quantity::new(b, estimate::Dims::BYTES).show()
}

fn bytes_rate(b: f64) -> String {
    estimate::Quantity::new(b, estimate::Dims::BANDWIDTH).show()
}

fn fmt(args: &DesignFmtArgs) -> anyhow::Result<ExitCode> {
    let text = read(&args.file)?;
    // Formatting needs only the syntax; names and values are not evaluated.
    let (lines, diagnostics) = design::syntax::parse(&text);
    if !diagnostics.is_empty() {
        for d in &diagnostics {
            eprintln!("{}: {}", args.file.display(), d.render(&text));
        }
        eprintln!("error: not formatted: fix the lines above first");
        return Ok(ExitCode::from(1));
    }
    let formatted = design::syntax_format(&lines);
    if args.check {
        return Ok(if formatted == text { ExitCode::SUCCESS } else { ExitCode::from(1) });
    }
    if args.write {
        anyhow::ensure!(args.file != Path::new("-"), "--write needs a file, not standard input");
        if formatted != text {
            std::fs::write(&args.file, &formatted)
                .with_context(|| format!("cannot write {}", args.file.display()))?;
        }
        return Ok(ExitCode::SUCCESS);
    }
    print(&formatted)?;
    Ok(ExitCode::SUCCESS)
}

fn render(corpus: &Corpus, args: &DesignRenderArgs) -> anyhow::Result<ExitCode> {
    let text = read(&args.file)?;
    let parsed = parse(corpus, &text, args.problem.as_deref())?;
    if report_diagnostics(&parsed, &text, &args.file) {
        return Ok(ExitCode::from(1));
    }
    let output = match args.format {
        RenderFormat::Svg => {
            let report = design::analyze(&parsed.design);
            design::svg(&parsed.design, &report)
        }
        RenderFormat::Mermaid => design::export::mermaid(&parsed.design),
        RenderFormat::D2 => design::export::d2(&parsed.design),
        RenderFormat::Dot => design::export::dot(&parsed.design),
    };
    match &args.output {
        Some(path) => {
            std::fs::write(path, &output).with_context(|| format!("cannot write {}", path.display()))?
        }
        None => print(&output)?,
    }
    Ok(ExitCode::SUCCESS)
}
