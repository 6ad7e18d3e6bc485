//! `sdcoach design sim`: runs a design through a scenario in the simulator, with a progress bar
//! on a terminal, then prints a summary table, JSON, or CSV files and SVG charts.

use std::fmt::Write as _;
use std::io::{IsTerminal, Write};
use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Context;
use content::Corpus;
use serde::Serialize;
use sim::scenario::{self, Overrides};
use sim::{Progress, Report};

use super::design::{ms, names, rate, read, report_diagnostics};
use crate::cli::DesignSimArgs;
use crate::terminal::{Terminal, print};

/// Without a duration from the user, a run this long in calls between components (a few seconds
/// of work) is shortened to fit, rather than leaving someone waiting for an hour.
const DEFAULT_CALL_BUDGET: f64 = 50e6;

pub fn run(corpus: &Corpus, args: &DesignSimArgs, term: &Terminal) -> anyhow::Result<ExitCode> {
    let text = read(&args.file)?;
    let names = names(corpus, args.problem.as_deref())?;
    let parsed = design::parse_with(&text, &names);
    if report_diagnostics(&parsed, &text, &args.file) {
        eprintln!("error: the design has errors; fix the lines above, then simulate");
        return Ok(ExitCode::from(2));
    }
    let design = &parsed.design;
    let overrides = Overrides { duration: args.duration, seed: args.seed };
    let own_scenario = parsed.scenario_text().filter(|_| args.preset.is_none());
    let default = args.scenario.is_none() && own_scenario.is_none();
    let (scenario_text, scenario_file) = match (&args.scenario, own_scenario) {
        (Some(path), _) => (
            std::fs::read_to_string(path)
                .with_context(|| format!("cannot read the scenario file {}", path.display()))?,
            path.display().to_string(),
        ),
        // The design's own `scenario` section; its lines are numbered as in the design file.
        (None, Some(text)) => (text, args.file.display().to_string()),
        (None, None) => {
            let preset = args.preset.as_deref().unwrap_or("default");
            let mut duration = args.duration.unwrap_or(scenario::DEFAULT_DURATION);
            if args.duration.is_none() {
                let fitted = scenario::fitted_duration(design, preset, duration, DEFAULT_CALL_BUDGET);
                if fitted < duration {
                    let steady = scenario::empty(design, Overrides { duration: Some(duration), seed: None });
                    eprintln!(
                        "note: this design makes about {} calls a second; simulating {} instead of {} (choose with --duration)",
                        rate(steady.expected_calls(design) / duration),
                        seconds(fitted),
                        seconds(duration)
                    );
                    duration = fitted;
                }
            }
            match scenario::preset_text(preset, design, duration) {
                Ok(text) => (text, format!("the {preset} preset")),
                Err(why) => {
                    eprintln!("error: the {preset} preset does not fit this design: {why}");
                    return Ok(ExitCode::from(1));
                }
            }
        }
    };
    let parsed_scenario = scenario::parse(&scenario_text, design, &names, overrides);
    for d in &parsed_scenario.diagnostics {
        eprintln!("{scenario_file}: {}", d.render(&scenario_text));
    }
    if parsed_scenario.has_errors() {
        eprintln!("error: the scenario has errors; fix the lines above, then simulate");
        return Ok(ExitCode::from(2));
    }
    let scenario = &parsed_scenario.scenario;

    let mut bar = Bar::new(std::io::stderr().is_terminal());
    let started = Instant::now();
    let report = sim::simulate(design, scenario, &mut |p| bar.draw(p));
    let elapsed = started.elapsed().as_secs_f64();
    bar.finish();
    let requests: u64 = report.series.iter().map(|p| p.total.requests).sum();
    // How fast the engine ran, measured around `sim::simulate` alone: parsing, loading content and
    // printing are left out (the SimPy comparison reads this line).
    eprintln!(
        "simulated {} in {:.3} s: {requests} requests, {} events ({:.0} requests/s)",
        seconds(report.duration),
        elapsed,
        report.events,
        requests as f64 / elapsed.max(1e-9)
    );

    let analysis = design::analyze(design);
    if let Some(dir) = &args.out {
        write_out(dir, &report, &analysis, &scenario_text)?;
        eprintln!("wrote the series, the summary and four charts to {}", dir.display());
    }
    if args.json {
        super::print_json(&json(&report, &analysis))?;
    } else {
        // A scenario sdcoach wrote is shown, so the reader knows what ran.
        let generated = default.then(|| match args.preset.as_deref() {
            None | Some("default") => "The default scenario".to_owned(),
            Some(preset) => format!("The {preset} preset"),
        });
        print(&human(design, &report, &analysis, &scenario_text, generated, term))?;
    }
    Ok(ExitCode::SUCCESS)
}

/// A hand-drawn progress bar on stderr, redrawn only when it changes.
struct Bar {
    on: bool,
    shown: i64,
}

impl Bar {
    fn new(on: bool) -> Self {
        Bar { on, shown: -1 }
    }

    fn draw(&mut self, p: Progress) {
        if !self.on {
            return;
        }
        let percent = (p.fraction() * 100.0).floor() as i64;
        if percent == self.shown {
            return;
        }
        self.shown = percent;
        let width = 30;
        let filled = (p.fraction() * width as f64).round() as usize;
        let mut err = std::io::stderr().lock();
        let _ = write!(
            err,
            "\r[{}{}] {percent:>3} %  {} of {}  {} requests ",
            "#".repeat(filled),
            ".".repeat(width - filled),
            seconds(p.time),
            seconds(p.duration),
            p.requests
        );
        let _ = err.flush();
    }

    fn finish(&self) {
        if self.on {
            eprint!("\r{}\r", " ".repeat(78));
        }
    }
}

/// A duration as a person reads it: `2 min`, `450 ms`.
fn seconds(s: f64) -> String {
    estimate::Quantity::new(s, estimate::Dims::TIME).show()
}

fn latency(s: f64) -> String {
    if s == 0.0 { "—".to_owned() } else { seconds(s) }
}

// ---- JSON

/// Milliseconds, or `null` when nothing was measured.
fn latency_ms(seconds: f64, measured: u64) -> Option<f64> {
    if measured == 0 { None } else { ms(seconds) }
}

#[derive(Serialize)]
struct Json<'a> {
    summary: Summary<'a>,
    series: Vec<PointJson<'a>>,
}

#[derive(Serialize)]
struct Summary<'a> {
    duration_s: f64,
    seed: u64,
    interval_s: f64,
    warmup_s: f64,
    events: u64,
    flows: Vec<FlowJson<'a>>,
    components: Vec<ComponentJson<'a>>,
    failures: Vec<FailureJson<'a>>,
}

#[derive(Serialize)]
struct FlowJson<'a> {
    name: &'a str,
    requests: u64,
    served: u64,
    errors: u64,
    dropped: u64,
    in_flight: u64,
    retries: u64,
    timeouts: u64,
    p50_ms: Option<f64>,
    p95_ms: Option<f64>,
    p99_ms: Option<f64>,
    mean_ms: Option<f64>,
    max_ms: Option<f64>,
    async_jobs: u64,
    async_failed: u64,
}

#[derive(Serialize)]
struct ComponentJson<'a> {
    id: &'a str,
    kind: &'static str,
    instances: u32,
    servers: u32,
    arrivals: u64,
    served: u64,
    dropped: u64,
    limited: u64,
    errors: u64,
    shed: u64,
    breaker_opens: u64,
    utilization: f64,
    /// The analyzer's utilisation at the design's average rates, for comparison.
    utilization_analytic: f64,
    queue_depth_mean: f64,
    queue_depth_max: u64,
    wait_mean_ms: Option<f64>,
    wait_p99_ms: Option<f64>,
    service_mean_ms: Option<f64>,
    lag_mean_ms: Option<f64>,
    lag_p99_ms: Option<f64>,
}

#[derive(Serialize)]
struct FailureJson<'a> {
    label: &'a str,
    start_s: f64,
    end_s: f64,
}

#[derive(Serialize)]
struct PointJson<'a> {
    start_s: f64,
    end_s: f64,
    requests: u64,
    served: u64,
    errors: u64,
    dropped: u64,
    retries: u64,
    throughput_rps: f64,
    p50_ms: Option<f64>,
    p95_ms: Option<f64>,
    p99_ms: Option<f64>,
    mean_ms: Option<f64>,
    flows: Vec<FlowPointJson<'a>>,
    components: Vec<ComponentPointJson<'a>>,
}

#[derive(Serialize)]
struct FlowPointJson<'a> {
    name: &'a str,
    requests: u64,
    served: u64,
    errors: u64,
    dropped: u64,
    retries: u64,
    p50_ms: Option<f64>,
    p95_ms: Option<f64>,
    p99_ms: Option<f64>,
    mean_ms: Option<f64>,
}

#[derive(Serialize)]
struct ComponentPointJson<'a> {
    id: &'a str,
    utilization: f64,
    queue_depth: f64,
    queue_max: u64,
    dropped: u64,
    errors: u64,
}

fn json<'a>(r: &'a Report, analysis: &design::Report) -> Json<'a> {
    let flows = r
        .flows
        .iter()
        .map(|f| FlowJson {
            name: &f.name,
            requests: f.requests,
            served: f.served,
            errors: f.errors,
            dropped: f.dropped,
            in_flight: f.in_flight,
            retries: f.retries,
            timeouts: f.timeouts,
            p50_ms: latency_ms(f.p50, f.served),
            p95_ms: latency_ms(f.p95, f.served),
            p99_ms: latency_ms(f.p99, f.served),
            mean_ms: latency_ms(f.mean, f.served),
            max_ms: latency_ms(f.max, f.served),
            async_jobs: f.async_jobs,
            async_failed: f.async_failed,
        })
        .collect();
    let components = r
        .components
        .iter()
        .zip(&analysis.components)
        .map(|(c, a)| ComponentJson {
            id: &c.id,
            kind: c.kind.as_str(),
            instances: c.instances,
            servers: c.servers,
            arrivals: c.arrivals,
            served: c.served,
            dropped: c.dropped,
            limited: c.limited,
            errors: c.errors,
            shed: c.shed,
            breaker_opens: c.breaker_opens,
            utilization: c.utilization,
            utilization_analytic: a.utilization_avg,
            queue_depth_mean: c.queue_depth_mean,
            queue_depth_max: c.queue_depth_max,
            wait_mean_ms: latency_ms(c.wait_mean, c.served),
            wait_p99_ms: latency_ms(c.wait_p99, c.served),
            service_mean_ms: latency_ms(c.service_mean, c.served),
            lag_mean_ms: c.lag_mean.and_then(ms),
            lag_p99_ms: c.lag_p99.and_then(ms),
        })
        .collect();
    let failures =
        r.failures.iter().map(|w| FailureJson { label: &w.label, start_s: w.start, end_s: w.end }).collect();
    let series = r
        .series
        .iter()
        .map(|p| PointJson {
            start_s: p.start,
            end_s: p.end,
            requests: p.total.requests,
            served: p.total.served,
            errors: p.total.errors,
            dropped: p.total.dropped,
            retries: p.total.retries,
            throughput_rps: p.total.served as f64 / (p.end - p.start).max(1e-12),
            p50_ms: latency_ms(p.total.p50, p.total.served),
            p95_ms: latency_ms(p.total.p95, p.total.served),
            p99_ms: latency_ms(p.total.p99, p.total.served),
            mean_ms: latency_ms(p.total.mean, p.total.served),
            flows: p
                .flows
                .iter()
                .zip(&r.flows)
                .map(|(f, s)| FlowPointJson {
                    name: &s.name,
                    requests: f.requests,
                    served: f.served,
                    errors: f.errors,
                    dropped: f.dropped,
                    retries: f.retries,
                    p50_ms: latency_ms(f.p50, f.served),
                    p95_ms: latency_ms(f.p95, f.served),
                    p99_ms: latency_ms(f.p99, f.served),
                    mean_ms: latency_ms(f.mean, f.served),
                })
                .collect(),
            components: p
                .components
                .iter()
                .zip(&r.components)
                .map(|(c, s)| ComponentPointJson {
                    id: &s.id,
                    utilization: c.utilization,
                    queue_depth: c.queue_depth,
                    queue_max: c.queue_max,
                    dropped: c.dropped,
                    errors: c.errors,
                })
                .collect(),
        })
        .collect();
    Json {
        summary: Summary {
            duration_s: r.duration,
            seed: r.seed,
            interval_s: r.interval,
            warmup_s: r.warmup,
            events: r.events,
            flows,
            components,
            failures,
        },
        series,
    }
}

// ---- the table

fn human(
    design: &design::Design,
    r: &Report,
    analysis: &design::Report,
    scenario_text: &str,
    generated: Option<String>,
    term: &Terminal,
) -> String {
    let mut out = String::new();
    let title = design.title.as_deref().map(|t| format!(" of {t}")).unwrap_or_default();
    out.push_str(&term.paint("1", &format!("Simulation{title}: {} (seed {})", seconds(r.duration), r.seed)));
    out.push('\n');
    if let Some(heading) = generated {
        let _ = writeln!(out, "{heading}:");
        for line in scenario_text.lines().filter(|l| !l.trim_start().starts_with('#')) {
            let _ = writeln!(out, "  {line}");
        }
    }
    if r.warmup > 0.0 {
        let _ = writeln!(out, "The first {} are warm-up, left out of the summary.", seconds(r.warmup));
    }
    if !r.failures.is_empty() {
        out.push_str(&term.paint("1", "\nFailures\n"));
        for w in &r.failures {
            let _ = writeln!(out, "  {:<28} {} to {}", w.label, seconds(w.start), seconds(w.end));
        }
    }

    out.push_str(&term.paint("1", "\nFlows\n"));
    let _ = writeln!(
        out,
        "  {:<16} {:>10} {:>10} {:>9} {:>9} {:>9} {:>9} {:>10} {:>10} {:>10}",
        "flow", "requests", "served", "errors", "dropped", "retries", "in flight", "p50", "p99", "mean"
    );
    for f in &r.flows {
        let bad = f.errors + f.dropped;
        let errors = format!("{:>9}", f.errors);
        let dropped = format!("{:>9}", f.dropped);
        let (errors, dropped) = if bad > 0 {
            (
                if f.errors > 0 { term.paint("31", &errors) } else { errors },
                if f.dropped > 0 { term.paint("33", &dropped) } else { dropped },
            )
        } else {
            (errors, dropped)
        };
        let _ = writeln!(
            out,
            "  {:<16} {:>10} {:>10} {errors} {dropped} {:>9} {:>9} {:>10} {:>10} {:>10}",
            f.name,
            f.requests,
            f.served,
            f.retries,
            f.in_flight,
            latency(f.p50),
            latency(f.p99),
            latency(f.mean)
        );
        if f.async_jobs > 0 {
            let _ = writeln!(out, "  {:<16} {} hand-offs, {} lost", "", f.async_jobs, f.async_failed);
        }
    }

    out.push_str(&term.paint("1", "\nComponents (busiest first)\n"));
    let _ = writeln!(
        out,
        "  {:<16} {:<12} {:>5} {:>10} {:>7} {:>9} {:>10} {:>9} {:>8} {:>8}",
        "id", "kind", "inst", "calls", "util", "analysis", "wait p99", "queue max", "dropped", "errors"
    );
    let mut order: Vec<usize> = (0..r.components.len()).filter(|&i| r.components[i].arrivals > 0).collect();
    order.sort_by(|&a, &b| r.components[b].utilization.total_cmp(&r.components[a].utilization));
    for i in order {
        let c = &r.components[i];
        let util = format!("{:>6.0}%", c.utilization * 100.0);
        let util = if c.utilization >= 0.95 {
            term.paint("1;31", &util)
        } else if c.utilization > design.target_utilization {
            term.paint("33", &util)
        } else {
            util
        };
        let _ = writeln!(
            out,
            "  {:<16} {:<12} {:>5} {:>10} {util} {:>8.0}% {:>10} {:>9} {:>8} {:>8}",
            c.id,
            c.kind.as_str(),
            c.instances,
            c.arrivals,
            analysis.components[i].utilization_avg * 100.0,
            latency(c.wait_p99),
            c.queue_depth_max,
            c.dropped + c.limited,
            c.errors
        );
        if let (Some(mean), Some(p99)) = (c.lag_mean, c.lag_p99) {
            let _ = writeln!(out, "  {:<16} consumer lag: mean {}, p99 {}", "", latency(mean), latency(p99));
        }
        if c.breaker_opens > 0 {
            let _ = writeln!(
                out,
                "  {:<16} breaker opened {} times, failing {} calls fast",
                "", c.breaker_opens, c.shed
            );
        }
    }
    out.push_str(&term.paint(
        "2",
        "\nutil: busy servers over the run; analysis: the analyzer's utilisation at the design's average rates.\n",
    ));
    out
}

// ---- files

fn write_out(dir: &Path, r: &Report, analysis: &design::Report, scenario_text: &str) -> anyhow::Result<()> {
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let write = |name: &str, text: &str| -> anyhow::Result<()> {
        let path = dir.join(name);
        std::fs::write(&path, text).with_context(|| format!("cannot write {}", path.display()))
    };
    let mut series = String::from(
        "start_s,end_s,requests,served,errors,dropped,retries,throughput_rps,p50_ms,p95_ms,p99_ms,mean_ms\n",
    );
    for p in &r.series {
        let t = &p.total;
        let _ = writeln!(
            series,
            "{},{},{},{},{},{},{},{},{},{},{},{}",
            p.start,
            p.end,
            t.requests,
            t.served,
            t.errors,
            t.dropped,
            t.retries,
            t.served as f64 / (p.end - p.start).max(1e-12),
            t.p50 * 1e3,
            t.p95 * 1e3,
            t.p99 * 1e3,
            t.mean * 1e3
        );
    }
    write("series.csv", &series)?;
    let mut flows = String::from(
        "start_s,end_s,flow,requests,served,errors,dropped,retries,p50_ms,p95_ms,p99_ms,mean_ms\n",
    );
    for p in &r.series {
        for (f, s) in p.flows.iter().zip(&r.flows) {
            let _ = writeln!(
                flows,
                "{},{},{},{},{},{},{},{},{},{},{},{}",
                p.start,
                p.end,
                csv(&s.name),
                f.requests,
                f.served,
                f.errors,
                f.dropped,
                f.retries,
                f.p50 * 1e3,
                f.p95 * 1e3,
                f.p99 * 1e3,
                f.mean * 1e3
            );
        }
    }
    write("flows.csv", &flows)?;
    let mut comps =
        String::from("start_s,end_s,component,utilization,queue_depth,queue_max,dropped,errors\n");
    for p in &r.series {
        for (c, s) in p.components.iter().zip(&r.components) {
            let _ = writeln!(
                comps,
                "{},{},{},{},{},{},{},{}",
                p.start,
                p.end,
                csv(&s.id),
                c.utilization,
                c.queue_depth,
                c.queue_max,
                c.dropped,
                c.errors
            );
        }
    }
    write("components.csv", &comps)?;
    let mut summary = String::from(
        "flow,requests,served,errors,dropped,in_flight,retries,timeouts,p50_ms,p95_ms,p99_ms,mean_ms,max_ms,async_jobs,async_failed\n",
    );
    for f in &r.flows {
        let _ = writeln!(
            summary,
            "{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}",
            csv(&f.name),
            f.requests,
            f.served,
            f.errors,
            f.dropped,
            f.in_flight,
            f.retries,
            f.timeouts,
            f.p50 * 1e3,
            f.p95 * 1e3,
            f.p99 * 1e3,
            f.mean * 1e3,
            f.max * 1e3,
            f.async_jobs,
            f.async_failed
        );
    }
    write("summary-flows.csv", &summary)?;
    let mut summary = String::from(
        "component,kind,instances,arrivals,served,dropped,limited,errors,shed,breaker_opens,utilization,utilization_analytic,queue_depth_mean,queue_depth_max,wait_mean_ms,wait_p99_ms,lag_p99_ms\n",
    );
    for (c, a) in r.components.iter().zip(&analysis.components) {
        let _ = writeln!(
            summary,
            "{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}",
            csv(&c.id),
            c.kind.as_str(),
            c.instances,
            c.arrivals,
            c.served,
            c.dropped,
            c.limited,
            c.errors,
            c.shed,
            c.breaker_opens,
            c.utilization,
            a.utilization_avg,
            c.queue_depth_mean,
            c.queue_depth_max,
            c.wait_mean * 1e3,
            c.wait_p99 * 1e3,
            c.lag_p99.map(|l| (l * 1e3).to_string()).unwrap_or_default()
        );
    }
    write("summary-components.csv", &summary)?;
    write("scenario.txt", scenario_text)?;
    for (name, svg) in sim::chart::all(r) {
        write(&format!("{name}.svg"), &svg)?;
    }
    Ok(())
}

/// A CSV field: names are ids, but quote anything that could break a row.
fn csv(text: &str) -> String {
    if text.contains([',', '"', '\n']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_owned()
    }
}
