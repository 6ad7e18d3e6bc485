//! A design drawn as an SVG architecture graph: one box per component (kind, id, instances and
//! peak utilisation, coloured by load), edges labelled with flows and their peak rates,
//! components placed in one zone or region framed together.

use diagram::graph::{Edge, Graph, Level, Node};

use crate::analyze::Report;
use crate::model::Design;

pub fn svg(design: &Design, report: &Report) -> String {
    diagram::graph::render(&graph(design, report))
}

pub fn graph(design: &Design, report: &Report) -> Graph {
    let target = design.target_utilization;
    let nodes = design
        .components
        .iter()
        .zip(&report.components)
        .map(|(c, r)| {
            let mut details = Vec::new();
            let n = c.total_instances();
            let util = r.utilization_peak;
            let level = if c.kind.is_outside() || !r.used {
                None
            } else if util >= 1.0 {
                Some(Level::Over)
            } else if util > target {
                Some(Level::High)
            } else if util > 0.0 {
                Some(Level::Low)
            } else {
                Some(Level::Idle)
            };
            if !c.kind.is_outside() {
                let shards = if c.shards > 1 {
                    format!("{} shards × {}", c.shards, c.instances)
                } else {
                    format!("× {}", n)
                };
                if util > 0.0 {
                    details.push(format!("{shards} · {:.0} % at peak", util * 100.0));
                } else {
                    details.push(shards);
                }
            }
            Node {
                title: c.id.clone(),
                kicker: c.kind.as_str().to_owned(),
                details,
                level,
                group: if c.zones.len() == 1 { Some(format!("zone {}", c.zones[0])) } else { None },
                class: format!("kind-{}", c.kind.as_str()),
            }
        })
        .collect();
    // One drawn edge per hop, labelled with each flow's peak rate on it.
    let mut edges: Vec<(usize, usize, bool, Vec<String>)> = Vec::new();
    for e in &report.edges {
        let label = format!("{} {}", design.flows[e.flow].name, rate(e.peak_rate));
        match edges.iter_mut().find(|x| x.0 == e.from && x.1 == e.to && x.2 == e.sync) {
            Some(x) => x.3.push(label),
            None => edges.push((e.from, e.to, e.sync, vec![label])),
        }
    }
    Graph {
        title: design.title.clone(),
        nodes,
        edges: edges
            .into_iter()
            .map(|(from, to, sync, labels)| Edge { from, to, label: labels.join(", "), dashed: !sync })
            .collect(),
    }
}

fn rate(per_second: f64) -> String {
    estimate::Quantity::new(per_second, estimate::Dims::RATE).show()
}
