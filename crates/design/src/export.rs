//! The design as text for other diagram tools: Mermaid flowcharts, D2 and Graphviz DOT. Edges
//! are the union of every flow's hops, labelled with the flows that use them.

use std::fmt::Write as _;

use crate::model::Design;

/// One drawn edge: endpoints, whether it is synchronous, and its label.
pub(crate) struct DrawnEdge {
    pub from: usize,
    pub to: usize,
    pub sync: bool,
    pub label: String,
}

pub(crate) fn edges(design: &Design) -> Vec<DrawnEdge> {
    let mut out: Vec<(usize, usize, bool, Vec<String>)> = Vec::new();
    for f in &design.flows {
        for e in &f.edges {
            let name = f.name.clone();
            match out.iter_mut().find(|x| x.0 == e.from && x.1 == e.to && x.2 == e.sync) {
                Some(x) => {
                    if !x.3.contains(&name) {
                        x.3.push(name);
                    }
                }
                None => out.push((e.from, e.to, e.sync, vec![name])),
            }
        }
    }
    out.into_iter()
        .map(|(from, to, sync, names)| DrawnEdge { from, to, sync, label: names.join(", ") })
        .collect()
}

fn node_label(design: &Design, i: usize) -> String {
    let c = &design.components[i];
    let n = c.total_instances();
    if n > 1 { format!("{} ({}) x{n}", c.id, c.kind) } else { format!("{} ({})", c.id, c.kind) }
}

/// Mermaid `flowchart`: ids are safe identifiers; labels are quoted.
pub fn mermaid(design: &Design) -> String {
    let mut out = String::from("flowchart LR\n");
    let id = |i: usize| format!("n{i}");
    for (i, _) in design.components.iter().enumerate() {
        let _ = writeln!(out, "  {}[\"{}\"]", id(i), escape_quotes(&node_label(design, i)));
    }
    for e in edges(design) {
        let arrow = if e.sync { "-->" } else { "-.->" };
        let _ = writeln!(out, "  {} {arrow}|\"{}\"| {}", id(e.from), escape_quotes(&e.label), id(e.to));
    }
    out
}

/// D2: components as shapes, asynchronous edges dashed.
pub fn d2(design: &Design) -> String {
    let mut out = String::new();
    if let Some(t) = &design.title {
        let _ = writeln!(out, "title: {} {{\n  shape: text\n  near: top-center\n}}", d2_string(t));
    }
    for (i, c) in design.components.iter().enumerate() {
        let _ = writeln!(out, "{}: {}", d2_id(&c.id), d2_string(&node_label(design, i)));
    }
    for e in edges(design) {
        let (a, b) = (d2_id(&design.components[e.from].id), d2_id(&design.components[e.to].id));
        if e.sync {
            let _ = writeln!(out, "{a} -> {b}: {}", d2_string(&e.label));
        } else {
            let _ = writeln!(out, "{a} -> {b}: {} {{\n  style.stroke-dash: 4\n}}", d2_string(&e.label));
        }
    }
    out
}

/// Graphviz DOT, left to right, zones as clusters.
pub fn dot(design: &Design) -> String {
    let mut out = String::from(
        "digraph design {\n  rankdir=LR;\n  node [shape=box, style=rounded, fontname=\"Helvetica\"];\n  edge [fontname=\"Helvetica\", fontsize=10];\n",
    );
    if let Some(t) = &design.title {
        let _ = writeln!(out, "  label={};\n  labelloc=t;", dot_string(t));
    }
    for (i, _) in design.components.iter().enumerate() {
        let _ = writeln!(out, "  n{i} [label={}];", dot_string(&node_label(design, i)));
    }
    for e in edges(design) {
        let style = if e.sync { "" } else { ", style=dashed" };
        let _ = writeln!(out, "  n{} -> n{} [label={}{style}];", e.from, e.to, dot_string(&e.label));
    }
    out.push_str("}\n");
    out
}

fn escape_quotes(s: &str) -> String {
    s.replace('"', "#quot;")
}

fn d2_id(s: &str) -> String {
    s.replace(['.', ':', ' '], "_")
}

fn d2_string(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

fn dot_string(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}
