//! Architecture graphs as SVG: boxes laid out left to right in layers (callers before callees),
//! rows ordered to cut crossings, groups (zones, regions) drawn as labelled frames, edges with
//! labels, asynchronous edges dashed, and boxes coloured by a load level.

use std::fmt::Write as _;

/// How loaded a node is, for its colour.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    Idle,
    Low,
    High,
    Over,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    pub title: String,
    /// Shown small above the title (the component's kind).
    pub kicker: String,
    /// Lines under the title (instances, utilisation).
    pub details: Vec<String>,
    pub level: Option<Level>,
    /// A group (zone or region) the node belongs to.
    pub group: Option<String>,
    /// A CSS class for styling by kind.
    pub class: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Edge {
    pub from: usize,
    pub to: usize,
    pub label: String,
    pub dashed: bool,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Graph {
    pub title: Option<String>,
    pub nodes: Vec<Node>,
    pub edges: Vec<Edge>,
}

const CHAR_W: f64 = 7.0;
const NODE_H: f64 = 58.0;
const COL_GAP: f64 = 90.0;
const ROW_GAP: f64 = 28.0;
const MARGIN: f64 = 20.0;
const GROUP_PAD: f64 = 10.0;
const LABEL_CHAR_W: f64 = 5.6;

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

fn level_class(level: Option<Level>) -> &'static str {
    match level {
        None => "",
        Some(Level::Idle) => " gv-idle",
        Some(Level::Low) => " gv-low",
        Some(Level::High) => " gv-high",
        Some(Level::Over) => " gv-over",
    }
}

fn level_fill(level: Option<Level>) -> &'static str {
    match level {
        Some(Level::Low) => "#e3f4ea",
        Some(Level::High) => "#fff1cc",
        Some(Level::Over) => "#fbd9d5",
        _ => "#ffffff",
    }
}

pub fn render(g: &Graph) -> String {
    let n = g.nodes.len();
    if n == 0 {
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"graph\" width=\"0\" height=\"0\"></svg>"
            .to_owned();
    }
    let pairs: Vec<(usize, usize)> = g.edges.iter().map(|e| (e.from, e.to)).collect();
    let rank = crate::layout::ranks(n, &pairs);
    let groups: Vec<String> = {
        let mut gs: Vec<String> = g.nodes.iter().filter_map(|x| x.group.clone()).collect();
        gs.sort();
        gs.dedup();
        gs
    };
    let group_of = |v: usize| g.nodes[v].group.as_ref().and_then(|gr| groups.iter().position(|x| x == gr));
    let columns = crate::layout::rows(&rank, &pairs, &group_of);
    let widths: Vec<f64> = g
        .nodes
        .iter()
        .map(|node| {
            let widest = std::iter::once(node.title.chars().count() + 2)
                .chain(std::iter::once(node.kicker.chars().count()))
                .chain(node.details.iter().map(|d| d.chars().count()))
                .max()
                .unwrap_or(6);
            (widest as f64 * CHAR_W + 24.0).max(110.0)
        })
        .collect();
    let heights: Vec<f64> =
        g.nodes.iter().map(|node| NODE_H + 14.0 * node.details.len().saturating_sub(1) as f64).collect();
    // Columns left to right; nodes in a column top to bottom, centred on the tallest column.
    let col_widths: Vec<f64> =
        columns.iter().map(|c| c.iter().map(|&v| widths[v]).fold(0.0, f64::max)).collect();
    let col_heights: Vec<f64> = columns
        .iter()
        .map(|c| c.iter().map(|&v| heights[v]).sum::<f64>() + ROW_GAP * c.len().saturating_sub(1) as f64)
        .collect();
    let tallest = col_heights.iter().cloned().fold(0.0, f64::max);
    let title_h = if g.title.is_some() { 30.0 } else { 0.0 };
    // The gap after a column fits the longest label line of the edges that leave it.
    let label_lines = |e: &Edge| e.label.split(", ").map(|l| l.chars().count()).max().unwrap_or(0);
    let gaps: Vec<f64> = (0..columns.len())
        .map(|ci| {
            let widest = g
                .edges
                .iter()
                .filter(|e| e.from < n && rank[e.from] == ci && rank[e.to] == ci + 1)
                .map(label_lines)
                .max()
                .unwrap_or(0);
            (widest as f64 * LABEL_CHAR_W + 24.0).max(COL_GAP)
        })
        .collect();
    let mut pos = vec![(0.0, 0.0); n];
    let mut x = MARGIN + GROUP_PAD;
    for (ci, col) in columns.iter().enumerate() {
        let mut y = MARGIN + title_h + GROUP_PAD + 12.0 + 30.0 + (tallest - col_heights[ci]) / 2.0;
        for &v in col {
            pos[v] = (x + (col_widths[ci] - widths[v]) / 2.0, y);
            y += heights[v] + ROW_GAP;
        }
        x += col_widths[ci] + gaps[ci];
    }
    let total_w = x - gaps.last().copied().unwrap_or(COL_GAP) + MARGIN + GROUP_PAD;
    let top_of_nodes = MARGIN + title_h + GROUP_PAD + 12.0;
    let total_h = MARGIN + title_h + tallest + 2.0 * GROUP_PAD + 12.0 + 30.0 + MARGIN;

    let mut svg = String::new();
    let _ = write!(
        svg,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"graph\" viewBox=\"0 0 {total_w:.0} {total_h:.0}\" width=\"{total_w:.0}\" height=\"{total_h:.0}\" role=\"img\" font-family=\"system-ui, sans-serif\" font-size=\"12\">"
    );
    svg.push_str("<defs><marker id=\"gv-arrow\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"9\" markerHeight=\"9\" orient=\"auto\" markerUnits=\"userSpaceOnUse\"><path class=\"gv-head\" d=\"M0,0 L10,5 L0,10 Z\" fill=\"#555\"/></marker></defs>");
    if let Some(t) = &g.title {
        let _ = write!(
            svg,
            "<text class=\"gv-title\" x=\"{:.0}\" y=\"{:.0}\" font-size=\"16\" font-weight=\"700\" fill=\"#222\">{}</text>",
            MARGIN,
            MARGIN + 16.0,
            escape(t)
        );
    }
    // Group frames behind everything.
    for (gi, name) in groups.iter().enumerate() {
        let members: Vec<usize> = (0..n).filter(|&v| group_of(v) == Some(gi)).collect();
        let x0 = members.iter().map(|&v| pos[v].0).fold(f64::INFINITY, f64::min) - GROUP_PAD;
        let y0 = members.iter().map(|&v| pos[v].1).fold(f64::INFINITY, f64::min) - GROUP_PAD - 12.0;
        let x1 = members.iter().map(|&v| pos[v].0 + widths[v]).fold(0.0, f64::max) + GROUP_PAD;
        let y1 = members.iter().map(|&v| pos[v].1 + heights[v]).fold(0.0, f64::max) + GROUP_PAD;
        let _ = write!(
            svg,
            "<g class=\"gv-group\"><rect x=\"{x0:.1}\" y=\"{y0:.1}\" width=\"{:.1}\" height=\"{:.1}\" rx=\"8\" fill=\"none\" stroke=\"#999\" stroke-dasharray=\"6 4\"/><text x=\"{:.1}\" y=\"{:.1}\" font-size=\"11\" fill=\"#666\">{}</text></g>",
            x1 - x0,
            y1 - y0,
            x0 + 6.0,
            y0 + 12.0,
            escape(name)
        );
    }
    // Edges: from the right side of one box to the left side of the next (or between rows of one
    // column), with the label at the middle.
    for (ei, e) in g.edges.iter().enumerate() {
        if e.from == e.to || e.from >= n || e.to >= n {
            continue;
        }
        let (ax, ay) = pos[e.from];
        let (bx, by) = pos[e.to];
        let forward = bx > ax;
        let (x1, y1, x2, y2) = if forward {
            (ax + widths[e.from], ay + heights[e.from] / 2.0, bx, by + heights[e.to] / 2.0)
        } else if (bx - ax).abs() < 1.0 {
            // Same column: bottom to top.
            let (top, bottom) = if ay < by { (e.from, e.to) } else { (e.to, e.from) };
            let _ = (top, bottom);
            (
                ax + widths[e.from] / 2.0,
                ay + if ay < by { heights[e.from] } else { 0.0 },
                bx + widths[e.to] / 2.0,
                by + if ay < by { 0.0 } else { heights[e.to] },
            )
        } else {
            (ax, ay + heights[e.from] / 2.0, bx + widths[e.to], by + heights[e.to] / 2.0)
        };
        let span = rank[e.to] as i64 - rank[e.from] as i64;
        let dash = if e.dashed { " stroke-dasharray=\"5 4\"" } else { "" };
        let class = if e.dashed { " gv-async" } else { "" };
        // Edges that skip columns arc over the boxes between; others run straight.
        let (path, lx, ly) = if !(0..=1).contains(&span) {
            // A cubic's peak is a quarter of the way from its ends to its control points: put the
            // controls where the peak clears the tops of the boxes.
            let peak = top_of_nodes + 18.0 - 8.0 * (ei % 3) as f64;
            let control = (peak - 0.25 * (y1 + y2) / 2.0) / 0.75;
            (
                format!(
                    "M{x1:.1},{y1:.1} C{:.1},{control:.1} {:.1},{control:.1} {x2:.1},{y2:.1}",
                    x1 + 30.0,
                    x2 - 30.0
                ),
                (x1 + x2) / 2.0,
                peak - 4.0,
            )
        } else {
            (format!("M{x1:.1},{y1:.1} L{x2:.1},{y2:.1}"), (x1 + x2) / 2.0, (y1 + y2) / 2.0 - 6.0)
        };
        let _ = write!(
            svg,
            "<path class=\"gv-edge{class}\" d=\"{path}\" fill=\"none\" stroke=\"#555\" stroke-width=\"1.3\"{dash} marker-end=\"url(#gv-arrow)\"/>"
        );
        // One label line per flow, stacked above the edge's middle.
        let lines: Vec<&str> = if e.label.is_empty() { Vec::new() } else { e.label.split(", ").collect() };
        for (li, line) in lines.iter().enumerate() {
            let y = ly - 11.0 * (lines.len() - 1 - li) as f64;
            let _ = write!(
                svg,
                "<text class=\"gv-label\" x=\"{lx:.1}\" y=\"{y:.1}\" text-anchor=\"middle\" font-size=\"10\" fill=\"#444\">{}</text>",
                escape(line)
            );
        }
    }
    for (v, node) in g.nodes.iter().enumerate() {
        let (x, y) = pos[v];
        let (w, h) = (widths[v], heights[v]);
        let _ = write!(
            svg,
            "<g class=\"gv-node {}{}\"><rect x=\"{x:.1}\" y=\"{y:.1}\" width=\"{w:.1}\" height=\"{h:.1}\" rx=\"6\" fill=\"{}\" stroke=\"#333\"/>",
            escape(&node.class),
            level_class(node.level),
            level_fill(node.level)
        );
        let cx = x + w / 2.0;
        let _ = write!(
            svg,
            "<text class=\"gv-kicker\" x=\"{cx:.1}\" y=\"{:.1}\" text-anchor=\"middle\" font-size=\"9\" letter-spacing=\"0.06em\" fill=\"#666\">{}</text>",
            y + 13.0,
            escape(&node.kicker.to_uppercase())
        );
        let _ = write!(
            svg,
            "<text class=\"gv-text\" x=\"{cx:.1}\" y=\"{:.1}\" text-anchor=\"middle\" font-weight=\"700\" fill=\"#111\">{}</text>",
            y + 30.0,
            escape(&node.title)
        );
        for (i, d) in node.details.iter().enumerate() {
            let _ = write!(
                svg,
                "<text class=\"gv-detail\" x=\"{cx:.1}\" y=\"{:.1}\" text-anchor=\"middle\" font-size=\"10.5\" fill=\"#444\">{}</text>",
                y + 46.0 + 14.0 * i as f64,
                escape(d)
            );
        }
        svg.push_str("</g>");
    }
    svg.push_str("</svg>");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

    fn node(title: &str, group: Option<&str>) -> Node {
        Node {
            title: title.into(),
            kicker: "service".into(),
            details: vec!["x2".into()],
            level: Some(Level::Low),
            group: group.map(Into::into),
            class: "kind-service".into(),
        }
    }

    fn xs(svg: &str) -> Vec<f64> {
        svg.match_indices("<g class=\"gv-node")
            .map(|(i, _)| {
                let rest = &svg[i..];
                let s = rest.find(" x=\"").unwrap() + 4;
                rest[s..s + rest[s..].find('"').unwrap()].parse().unwrap()
            })
            .collect()
    }

    #[test]
    fn callers_are_left_of_callees_and_groups_are_framed() {
        let g = Graph {
            title: Some("t & <u>".into()),
            nodes: vec![node("web", None), node("api", Some("zone a")), node("db", Some("zone a"))],
            edges: vec![
                Edge { from: 0, to: 1, label: "r 1K/s".into(), dashed: false },
                Edge { from: 1, to: 2, label: String::new(), dashed: true },
            ],
        };
        let svg = render(&g);
        let x = xs(&svg);
        assert!(x[0] < x[1] && x[1] < x[2], "{x:?}");
        assert!(svg.contains("zone a"));
        assert!(svg.contains("t &amp; &lt;u&gt;"));
        assert!(svg.contains("stroke-dasharray=\"5 4\""));
        assert!(svg.contains("gv-low"));
    }
}
