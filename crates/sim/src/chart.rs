//! Charts of a run as SVG strings: latency percentiles, throughput, errors and drops, and queue
//! depth over time, with the scenario's failure windows shaded. Pure functions, so the CLI writes
//! them to files and the web app can inline them. Every element has a CSS class (`sc-...`) for a
//! stylesheet to theme, and plain attributes so a file opened on its own looks right.

use std::fmt::Write;

use crate::report::{Report, Window};

const WIDTH: f64 = 720.0;
const HEIGHT: f64 = 260.0;
const LEFT: f64 = 64.0;
const RIGHT: f64 = 16.0;
const TOP: f64 = 40.0;
const BOTTOM: f64 = 36.0;
/// Default colours of series 0, 1, 2...; a stylesheet overrides them through `sc-s0`...
const PALETTE: &[&str] = &["#2b6cb0", "#dd6b20", "#c53030", "#2f855a", "#6b46c1", "#718096"];

/// One line of a chart: (time in seconds, value) points.
#[derive(Clone, Debug, PartialEq)]
pub struct Line {
    pub label: String,
    pub points: Vec<(f64, f64)>,
}

/// A line chart over the run's time.
#[derive(Clone, Debug, PartialEq)]
pub struct Chart {
    pub title: String,
    /// The unit of the values, shown on the axis: `ms`, `/s`.
    pub unit: String,
    pub lines: Vec<Line>,
    pub windows: Vec<Window>,
    pub duration: f64,
}

/// The four standard charts of a report, with file-friendly names.
pub fn all(report: &Report) -> Vec<(&'static str, String)> {
    vec![
        ("latency", render(&latency(report))),
        ("throughput", render(&throughput(report))),
        ("errors", render(&errors(report))),
        ("queue-depth", render(&queue_depth(report))),
    ]
}

/// p50, p95 and p99 of the requests completed in each interval, all flows together.
pub fn latency(report: &Report) -> Chart {
    let line = |label: &str, pick: fn(&crate::FlowPoint) -> f64| Line {
        label: label.to_owned(),
        points: report
            .series
            .iter()
            .filter(|p| p.total.served > 0)
            .map(|p| (p.end, pick(&p.total) * 1e3))
            .collect(),
    };
    Chart {
        title: "Latency".into(),
        unit: "ms".into(),
        lines: vec![line("p50", |t| t.p50), line("p95", |t| t.p95), line("p99", |t| t.p99)],
        windows: report.failures.clone(),
        duration: report.duration,
    }
}

/// Requests arriving and requests served per second.
pub fn throughput(report: &Report) -> Chart {
    Chart {
        title: "Throughput".into(),
        unit: "/s".into(),
        lines: vec![
            per_second(report, "requests", |t| t.requests),
            per_second(report, "served", |t| t.served),
        ],
        windows: report.failures.clone(),
        duration: report.duration,
    }
}

/// Requests failed and dropped per second, and retries.
pub fn errors(report: &Report) -> Chart {
    Chart {
        title: "Errors and drops".into(),
        unit: "/s".into(),
        lines: vec![
            per_second(report, "errors", |t| t.errors),
            per_second(report, "dropped", |t| t.dropped),
            per_second(report, "retries", |t| t.retries),
        ],
        windows: report.failures.clone(),
        duration: report.duration,
    }
}

/// Requests waiting, time-averaged over each interval, for the components that queued most (at
/// most five).
pub fn queue_depth(report: &Report) -> Chart {
    let mut order: Vec<usize> = (0..report.components.len())
        .filter(|&i| report.series.iter().any(|p| p.components[i].queue_depth > 0.0))
        .collect();
    let peak = |i: usize| report.series.iter().map(|p| p.components[i].queue_depth).fold(0.0, f64::max);
    order.sort_by(|&a, &b| peak(b).total_cmp(&peak(a)));
    order.truncate(5);
    Chart {
        title: "Queue depth".into(),
        unit: "waiting".into(),
        lines: order
            .into_iter()
            .map(|i| Line {
                label: report.components[i].id.clone(),
                points: report.series.iter().map(|p| (p.end, p.components[i].queue_depth)).collect(),
            })
            .collect(),
        windows: report.failures.clone(),
        duration: report.duration,
    }
}

fn per_second(report: &Report, label: &str, pick: fn(&crate::FlowPoint) -> u64) -> Line {
    Line {
        label: label.to_owned(),
        points: report
            .series
            .iter()
            .map(|p| (p.end, pick(&p.total) as f64 / (p.end - p.start).max(1e-12)))
            .collect(),
    }
}

/// The chart as a standalone SVG document.
pub fn render(chart: &Chart) -> String {
    let plot_w = WIDTH - LEFT - RIGHT;
    let plot_h = HEIGHT - TOP - BOTTOM;
    let duration = chart.duration.max(1e-9);
    let top = chart.lines.iter().flat_map(|l| l.points.iter().map(|p| p.1)).fold(0.0, f64::max);
    let (y_step, y_max) = ticks(top);
    let (x_step, _) = ticks(duration);
    let x = |t: f64| LEFT + t.clamp(0.0, duration) / duration * plot_w;
    let y = |v: f64| TOP + plot_h - v.max(0.0) / y_max * plot_h;

    let mut svg = String::new();
    let _ = write!(
        svg,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"sim-chart\" viewBox=\"0 0 {WIDTH} {HEIGHT}\" width=\"{WIDTH}\" height=\"{HEIGHT}\" role=\"img\" aria-label=\"{}\" font-family=\"system-ui, sans-serif\" font-size=\"11\">",
        escape(&chart.title)
    );
    let _ = write!(
        svg,
        "<text class=\"sc-title\" x=\"{LEFT}\" y=\"18\" font-size=\"14\" font-weight=\"700\" fill=\"#222\">{}</text>",
        escape(&chart.title)
    );
    // Failure windows first, behind the lines.
    for w in &chart.windows {
        let (x0, x1) = (x(w.start), x(w.end));
        let _ = write!(
            svg,
            "<g class=\"sc-failure\"><rect x=\"{x0:.1}\" y=\"{TOP}\" width=\"{:.1}\" height=\"{plot_h}\" fill=\"#e53e3e\" fill-opacity=\"0.12\"/><text x=\"{:.1}\" y=\"{:.1}\" fill=\"#9b2c2c\">{}</text></g>",
            (x1 - x0).max(1.0),
            x0 + 3.0,
            TOP + 12.0,
            escape(&w.label)
        );
    }
    // Grid and axes.
    let mut v = 0.0;
    while v <= y_max * (1.0 + 1e-9) {
        let yy = y(v);
        let _ = write!(
            svg,
            "<line class=\"sc-grid\" x1=\"{LEFT}\" x2=\"{:.1}\" y1=\"{yy:.1}\" y2=\"{yy:.1}\" stroke=\"#e2e8f0\"/><text class=\"sc-tick\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\" fill=\"#555\">{}</text>",
            LEFT + plot_w,
            LEFT - 6.0,
            yy + 4.0,
            number(v)
        );
        v += y_step;
    }
    let mut t = 0.0;
    while t <= duration * (1.0 + 1e-9) {
        let _ = write!(
            svg,
            "<text class=\"sc-tick\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\" fill=\"#555\">{}</text>",
            x(t),
            TOP + plot_h + 16.0,
            seconds(t)
        );
        t += x_step;
    }
    let _ = write!(
        svg,
        "<path class=\"sc-axis\" d=\"M{LEFT},{TOP}V{:.1}H{:.1}\" fill=\"none\" stroke=\"#888\"/><text class=\"sc-unit\" x=\"12\" y=\"{:.1}\" fill=\"#555\" transform=\"rotate(-90 12 {:.1})\" text-anchor=\"middle\">{}</text><text class=\"sc-unit\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\" fill=\"#555\">time</text>",
        TOP + plot_h,
        LEFT + plot_w,
        TOP + plot_h / 2.0,
        TOP + plot_h / 2.0,
        escape(&chart.unit),
        LEFT + plot_w,
        HEIGHT - 4.0
    );
    // Lines, then the legend.
    for (i, line) in chart.lines.iter().enumerate() {
        let colour = PALETTE[i % PALETTE.len()];
        if line.points.is_empty() {
            continue;
        }
        let mut d = String::new();
        for (k, &(t, v)) in line.points.iter().enumerate() {
            let _ = write!(d, "{}{:.1},{:.1}", if k == 0 { 'M' } else { 'L' }, x(t), y(v));
        }
        let _ = write!(
            svg,
            "<path class=\"sc-line sc-s{i}\" d=\"{d}\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"1.6\" stroke-linejoin=\"round\"><title>{}</title></path>",
            escape(&line.label)
        );
    }
    let mut lx = LEFT + plot_w;
    for (i, line) in chart.lines.iter().enumerate().rev() {
        let colour = PALETTE[i % PALETTE.len()];
        lx -= 14.0 + 6.5 * line.label.chars().count() as f64 + 12.0;
        let _ = write!(
            svg,
            "<g class=\"sc-legend sc-s{i}\"><rect x=\"{lx:.1}\" y=\"11\" width=\"10\" height=\"10\" fill=\"{colour}\"/><text x=\"{:.1}\" y=\"20\" fill=\"#333\">{}</text></g>",
            lx + 14.0,
            escape(&line.label)
        );
    }
    if chart.lines.iter().all(|l| l.points.is_empty()) {
        let _ = write!(
            svg,
            "<text class=\"sc-empty\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\" fill=\"#888\">nothing to show</text>",
            LEFT + plot_w / 2.0,
            TOP + plot_h / 2.0
        );
    }
    svg.push_str("</svg>\n");
    svg
}

/// A round step for about four ticks up to `max`, and the axis end (a whole number of steps).
fn ticks(max: f64) -> (f64, f64) {
    if !max.is_finite() || max <= 0.0 {
        return (1.0, 1.0);
    }
    let raw = max / 4.0;
    let magnitude = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0].into_iter().map(|m| m * magnitude).find(|s| *s >= raw).unwrap_or(raw);
    (step, (max / step).ceil().max(1.0) * step)
}

/// A tick label: `0`, `2.5`, `40`, `1.5K`, `2M`.
fn number(v: f64) -> String {
    let (scaled, suffix) = if v >= 1e6 {
        (v / 1e6, "M")
    } else if v >= 1e3 {
        (v / 1e3, "K")
    } else {
        (v, "")
    };
    let text = format!("{scaled:.2}");
    format!("{}{suffix}", text.trim_end_matches('0').trim_end_matches('.'))
}

fn seconds(t: f64) -> String {
    if t >= 120.0 && (t / 60.0).fract() == 0.0 {
        format!("{} min", t / 60.0)
    } else {
        format!("{}s", number(t))
    }
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chart(lines: Vec<Line>, windows: Vec<Window>) -> Chart {
        Chart { title: "T <x>".into(), unit: "ms".into(), lines, windows, duration: 10.0 }
    }

    #[test]
    fn ticks_are_round_and_cover_the_maximum() {
        assert_eq!(ticks(9.0), (5.0, 10.0));
        assert_eq!(ticks(40.0), (10.0, 40.0));
        assert_eq!(ticks(0.3), (0.1, 0.30000000000000004));
        assert_eq!(ticks(0.0), (1.0, 1.0));
        assert_eq!(number(1500.0), "1.5K");
        assert_eq!(number(2_000_000.0), "2M");
        assert_eq!(number(0.25), "0.25");
        assert_eq!(seconds(120.0), "2 min");
    }

    #[test]
    fn lines_map_time_and_value_into_the_plot() {
        let svg = render(&chart(
            vec![Line { label: "p99".into(), points: vec![(0.0, 0.0), (10.0, 40.0)] }],
            vec![Window { label: "db down".into(), start: 5.0, end: 7.5 }],
        ));
        // From the bottom-left corner of the plot to its top-right (40 is the axis end).
        let plot_w = WIDTH - LEFT - RIGHT;
        assert!(
            svg.contains(&format!("d=\"M{LEFT:.1},{:.1}L{:.1},{TOP:.1}\"", HEIGHT - BOTTOM, LEFT + plot_w)),
            "{svg}"
        );
        // The failure window: a quarter of the width, starting half way.
        assert!(svg.contains(&format!(
            "x=\"{:.1}\" y=\"{TOP}\" width=\"{:.1}\"",
            LEFT + plot_w / 2.0,
            plot_w / 4.0
        )));
        assert!(svg.contains(">db down</text>"));
        assert!(svg.contains("class=\"sc-line sc-s0\""));
        assert!(svg.contains("T &lt;x&gt;") && !svg.contains("<x>"));
        assert!(svg.starts_with("<svg") && svg.trim_end().ends_with("</svg>"));
    }

    #[test]
    fn an_empty_chart_says_so() {
        let svg = render(&chart(vec![Line { label: "p50".into(), points: vec![] }], vec![]));
        assert!(svg.contains("nothing to show"));
    }
}
