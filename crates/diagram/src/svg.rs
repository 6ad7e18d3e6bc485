//! Laying out a class diagram in layers and drawing it as SVG.
//!
//! Layers put parents above children, wholes above parts and callers above callees (longest
//! path ranking, back edges of cycles ignored), a few barycentre sweeps reduce crossings, and
//! edges are straight lines clipped to the boxes. The SVG uses classes for colours, so the page's
//! stylesheet themes it (light and dark), with plain attributes as the fallback elsewhere.

use std::fmt::Write as _;

use crate::class::{ClassDiagram, RelationKind};

const CHAR_W: f64 = 7.3;
const LINE_H: f64 = 17.0;
const PAD: f64 = 10.0;
const H_GAP: f64 = 48.0;
const V_GAP: f64 = 72.0;
const MARGIN: f64 = 16.0;
/// Longer member lines are cut; every signature in the problem bank fits (the longest is 64).
const MAX_CHARS: usize = 66;
/// How far a relation of a class to itself loops out to the right of its box.
const LOOP_W: f64 = 28.0;
/// The width a relation's waypoint takes in a row it passes through.
const WAYPOINT_W: f64 = 8.0;

#[derive(Clone, Debug)]
struct Placed {
    x: f64,
    y: f64,
    w: f64,
    h: f64,
}

impl Placed {
    fn center(&self) -> (f64, f64) {
        (self.x + self.w / 2.0, self.y + self.h / 2.0)
    }

    /// Where the segment from the centre towards `(tx, ty)` leaves the box.
    fn clip_towards(&self, tx: f64, ty: f64) -> (f64, f64) {
        let (cx, cy) = self.center();
        let (dx, dy) = (tx - cx, ty - cy);
        if dx == 0.0 && dy == 0.0 {
            return (cx, cy);
        }
        let sx = if dx == 0.0 { f64::INFINITY } else { (self.w / 2.0) / dx.abs() };
        let sy = if dy == 0.0 { f64::INFINITY } else { (self.h / 2.0) / dy.abs() };
        let s = sx.min(sy);
        (cx + dx * s, cy + dy * s)
    }
}

fn shorten(text: &str) -> String {
    if text.chars().count() <= MAX_CHARS {
        text.to_owned()
    } else {
        format!("{}…", text.chars().take(MAX_CHARS - 1).collect::<String>())
    }
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// Layers: parents above children, wholes above parts, callers above callees.
fn layers(d: &ClassDiagram) -> Vec<usize> {
    crate::layout::ranks(d.classes.len(), &down_edges(d))
}

fn down_edges(d: &ClassDiagram) -> Vec<(usize, usize)> {
    let index = |name: &str| d.classes.iter().position(|c| c.name == name);
    d.relations
        .iter()
        .filter_map(|r| {
            let (from, to) = (index(&r.from)?, index(&r.to)?);
            Some(match r.kind {
                RelationKind::Inheritance | RelationKind::Realization => (to, from),
                _ => (from, to),
            })
        })
        .collect()
}

/// Draws the diagram as a standalone SVG element.
/// A class box's text: stereotype, name, attributes, methods.
type BoxText = (Option<String>, String, Vec<String>, Vec<String>);

pub fn render(d: &ClassDiagram) -> String {
    if d.classes.is_empty() {
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"class-diagram\" width=\"0\" height=\"0\"></svg>".to_owned();
    }
    let n = d.classes.len();
    let index = |name: &str| d.classes.iter().position(|c| c.name == name);
    // Box sizes from their text.
    let lines: Vec<BoxText> = d
        .classes
        .iter()
        .map(|c| {
            (
                c.stereotype.as_ref().map(|s| format!("«{s}»")),
                shorten(&match &c.generics {
                    Some(g) => format!("{}<{g}>", c.name),
                    None => c.name.clone(),
                }),
                c.attributes.iter().map(|a| shorten(a)).collect(),
                c.methods.iter().map(|m| shorten(m)).collect(),
            )
        })
        .collect();
    let sizes: Vec<(f64, f64)> = lines
        .iter()
        .map(|(stereo, name, attrs, methods)| {
            let widest = std::iter::once(name)
                .chain(stereo.iter())
                .chain(attrs.iter())
                .chain(methods.iter())
                .map(|s| s.chars().count())
                .max()
                .unwrap_or(4);
            let w = (widest as f64 * CHAR_W + 2.0 * PAD).max(96.0);
            let header = if stereo.is_some() { 2.0 } else { 1.0 };
            let body = attrs.len().max(1) as f64 + methods.len().max(1) as f64;
            (w, (header + body) * LINE_H + 3.0 * PAD)
        })
        .collect();

    // A relation spanning several layers passes through a waypoint in each layer between, placed
    // like a narrow class, so the row ordering leaves it a gap and the line goes around boxes.
    let rank = layers(d);
    let mut node_rank = rank.clone();
    let mut order_edges = Vec::new();
    let waypoints: Vec<Vec<usize>> = d
        .relations
        .iter()
        .map(|r| {
            let (Some(a), Some(b)) = (index(&r.from), index(&r.to)) else { return Vec::new() };
            if a == b {
                return Vec::new();
            }
            let (ra, rb) = (rank[a], rank[b]);
            let between: Vec<usize> =
                if ra < rb { (ra + 1..rb).collect() } else { (rb + 1..ra).rev().collect() };
            let mut chain = vec![a];
            for layer in between {
                chain.push(node_rank.len());
                node_rank.push(layer);
            }
            chain.push(b);
            order_edges.extend(chain.windows(2).map(|w| (w[0], w[1])));
            chain[1..chain.len() - 1].to_vec()
        })
        .collect();
    let size = |v: usize| if v < n { sizes[v] } else { (WAYPOINT_W, 0.0) };
    let rows = crate::layout::rows(&node_rank, &order_edges, &|_| None);
    // Room to the right of a class for the loops of its relations to itself, and their labels.
    let loop_room: Vec<f64> = (0..n)
        .map(|v| {
            let own = || d.relations.iter().filter(|r| index(&r.from) == Some(v) && r.from == r.to);
            match own().count() {
                0 => 0.0,
                _ => {
                    let label = own().map(|r| shorten(&loop_text(r)).chars().count()).max().unwrap_or(0);
                    LOOP_W + 6.0 + label as f64 * CHAR_W * 0.9
                }
            }
        })
        .collect();
    let slot = |v: usize| size(v).0 + loop_room.get(v).copied().unwrap_or(0.0);

    // Coordinates: rows stacked, each centred on the widest.
    let row_widths: Vec<f64> = rows
        .iter()
        .map(|row| row.iter().map(|&v| slot(v)).sum::<f64>() + H_GAP * row.len().saturating_sub(1) as f64)
        .collect();
    let width = row_widths.iter().cloned().fold(0.0, f64::max);
    let mut placed = vec![Placed { x: 0.0, y: 0.0, w: 0.0, h: 0.0 }; node_rank.len()];
    // Where each node's row ends: a line leaving a box shorter than its row drops to here first.
    let mut row_bottom = vec![0.0; node_rank.len()];
    let mut y = MARGIN;
    for (row, row_width) in rows.iter().zip(&row_widths) {
        let mut x = MARGIN + (width - row_width) / 2.0;
        let row_height = row.iter().map(|&v| size(v).1).fold(0.0, f64::max);
        for &v in row {
            // A waypoint spans its row's height: the line crosses the row straight down.
            let h = if v < n { size(v).1 } else { row_height };
            placed[v] = Placed { x, y, w: size(v).0, h };
            row_bottom[v] = y + row_height;
            x += slot(v) + H_GAP;
        }
        y += row_height + V_GAP;
    }
    let total_w = width + 2.0 * MARGIN;
    let total_h = y - V_GAP + MARGIN;

    let mut svg = String::new();
    let _ = write!(
        svg,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"class-diagram\" viewBox=\"0 0 {total_w:.0} {total_h:.0}\" width=\"{total_w:.0}\" height=\"{total_h:.0}\" role=\"img\" font-family=\"ui-monospace, Menlo, Consolas, monospace\" font-size=\"12\">"
    );
    svg.push_str(concat!(
        "<defs>",
        "<marker id=\"cd-triangle\" viewBox=\"0 0 12 12\" refX=\"11\" refY=\"6\" markerWidth=\"12\" markerHeight=\"12\" orient=\"auto-start-reverse\" markerUnits=\"userSpaceOnUse\"><path class=\"cd-hollow\" d=\"M1,1 L11,6 L1,11 Z\" fill=\"white\" stroke=\"black\"/></marker>",
        "<marker id=\"cd-arrow\" viewBox=\"0 0 12 12\" refX=\"11\" refY=\"6\" markerWidth=\"12\" markerHeight=\"12\" orient=\"auto-start-reverse\" markerUnits=\"userSpaceOnUse\"><path class=\"cd-line\" d=\"M1,1 L11,6 L1,11\" fill=\"none\" stroke=\"black\"/></marker>",
        "<marker id=\"cd-diamond\" viewBox=\"0 0 16 10\" refX=\"1\" refY=\"5\" markerWidth=\"16\" markerHeight=\"10\" orient=\"auto\" markerUnits=\"userSpaceOnUse\"><path class=\"cd-filled\" d=\"M1,5 L8,1 L15,5 L8,9 Z\" fill=\"black\" stroke=\"black\"/></marker>",
        "<marker id=\"cd-diamond-hollow\" viewBox=\"0 0 16 10\" refX=\"1\" refY=\"5\" markerWidth=\"16\" markerHeight=\"10\" orient=\"auto\" markerUnits=\"userSpaceOnUse\"><path class=\"cd-hollow\" d=\"M1,5 L8,1 L15,5 L8,9 Z\" fill=\"white\" stroke=\"black\"/></marker>",
        "</defs>"
    ));

    let mut loops_drawn = vec![0usize; n];
    // Each relation's line: its end on the first box, its waypoints, its end on the second.
    let mut routes: Vec<Option<Vec<(f64, f64)>>> = Vec::with_capacity(d.relations.len());
    // Ends leaving a box through its top or bottom: (box, bottom?, x of where the line heads,
    // relation, which end), spread along that side below.
    let mut ports: Vec<(usize, bool, f64, usize, usize)> = Vec::new();
    for (ri, (r, via)) in d.relations.iter().zip(&waypoints).enumerate() {
        let (Some(a), Some(b)) = (index(&r.from), index(&r.to)) else {
            routes.push(None);
            continue;
        };
        if a == b {
            routes.push(None);
            continue;
        }
        // Through each waypoint's row from the side the line comes from to the other.
        let mut points = vec![(0.0, 0.0)];
        for &w in via {
            let p = &placed[w];
            let x = p.x + p.w / 2.0;
            let (enter, leave) = if placed[a].y < p.y { (p.y, p.y + p.h) } else { (p.y + p.h, p.y) };
            points.push((x, enter));
            points.push((x, leave));
        }
        points.push((0.0, 0.0));
        let last = points.len() - 1;
        let toward_b = if via.is_empty() { placed[b].center() } else { points[1] };
        let toward_a = if via.is_empty() { placed[a].center() } else { points[last - 1] };
        for (end, node, toward) in [(0, a, toward_b), (last, b, toward_a)] {
            let p = &placed[node];
            if toward.1 > p.y + p.h || toward.1 < p.y {
                ports.push((node, toward.1 > p.y + p.h, toward.0, ri, end));
            } else {
                points[end] = p.clip_towards(toward.0, toward.1);
            }
        }
        routes.push(Some(points));
    }
    // Ends sharing a side are spread evenly along it, in the order of where they head, so lines
    // neither start from one point nor cross as they leave.
    ports.sort_by(|x, y| (x.0, x.1, x.2).partial_cmp(&(y.0, y.1, y.2)).unwrap_or(std::cmp::Ordering::Equal));
    let mut stubs = Vec::new();
    for side in ports.chunk_by(|x, y| x.0 == y.0 && x.1 == y.1) {
        let p = &placed[side[0].0];
        for (i, &(_, bottom, _, ri, end)) in side.iter().enumerate() {
            let x = p.x + p.w * (i + 1) as f64 / (side.len() + 1) as f64;
            let y = if bottom { p.y + p.h } else { p.y };
            if let Some(points) = &mut routes[ri] {
                points[end] = (x, y);
                if bottom && row_bottom[side[0].0] > y + 1.0 {
                    stubs.push((ri, end, (x, row_bottom[side[0].0])));
                }
            }
        }
    }
    // Insert the drops, the far end's before the near end's so indices stay valid.
    stubs.sort_by_key(|x| (x.0, std::cmp::Reverse(x.1)));
    for (ri, end, point) in stubs {
        if let Some(points) = &mut routes[ri] {
            points.insert(if end == 0 { 1 } else { end }, point);
        }
    }

    for (r, route) in d.relations.iter().zip(&routes) {
        let Some(points) = route else {
            if let Some(a) = index(&r.from).filter(|&a| index(&r.to) == Some(a)) {
                self_loop(&mut svg, r, &placed[a], loops_drawn[a]);
                loops_drawn[a] += 1;
            }
            continue;
        };
        let _ = write!(svg, "<polyline class=\"cd-line\" points=\"");
        for (i, (x, y)) in points.iter().enumerate() {
            let _ = write!(svg, "{}{x:.1},{y:.1}", if i == 0 { "" } else { " " });
        }
        svg.push_str("\" fill=\"none\" stroke=\"black\" stroke-width=\"1.2\"");
        line_style(&mut svg, r.kind);
        let unit = |(x1, y1): (f64, f64), (x2, y2): (f64, f64)| {
            let len = ((x2 - x1).powi(2) + (y2 - y1).powi(2)).sqrt().max(1.0);
            ((x2 - x1) / len, (y2 - y1) / len)
        };
        let mut label_at = |text: &str, x: f64, y: f64| {
            let _ = write!(
                svg,
                "<text class=\"cd-label\" x=\"{x:.1}\" y=\"{y:.1}\" text-anchor=\"middle\" font-size=\"11\">{}</text>",
                escape(text)
            );
        };
        let (start, end) = (points[0], points[points.len() - 1]);
        if let Some(card) = &r.from_card {
            let (ux, uy) = unit(start, points[1]);
            label_at(card, start.0 + ux * 18.0 - uy * 10.0, start.1 + uy * 18.0 + ux * 10.0 + 4.0);
        }
        if let Some(card) = &r.to_card {
            let (ux, uy) = unit(points[points.len() - 2], end);
            label_at(card, end.0 - ux * 18.0 - uy * 10.0, end.1 - uy * 18.0 + ux * 10.0 + 4.0);
        }
        if let Some(label) = &r.label {
            // On the longest segment, where there is room for it.
            let length = |i: usize| {
                let ((x1, y1), (x2, y2)) = (points[i], points[i + 1]);
                (x2 - x1).hypot(y2 - y1)
            };
            let m = (0..points.len() - 1).max_by(|&i, &j| length(i).total_cmp(&length(j))).unwrap_or(0);
            let (p, q) = (points[m], points[m + 1]);
            let (ux, uy) = unit(p, q);
            label_at(&shorten(label), (p.0 + q.0) / 2.0 - uy * 10.0, (p.1 + q.1) / 2.0 + ux * 10.0 + 4.0);
        }
    }

    for (v, (stereo, name, attrs, methods)) in lines.iter().enumerate() {
        // Waypoints come after the classes in `placed`; only classes have text.
        let p = &placed[v];
        let _ = write!(
            svg,
            "<g class=\"cd-class\"><rect class=\"cd-box\" x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\" rx=\"4\" fill=\"white\" stroke=\"black\"/>",
            p.x, p.y, p.w, p.h
        );
        let cx = p.x + p.w / 2.0;
        let mut ty = p.y + PAD + 12.0;
        if let Some(s) = stereo {
            let _ = write!(
                svg,
                "<text class=\"cd-text\" x=\"{cx:.1}\" y=\"{ty:.1}\" text-anchor=\"middle\" font-style=\"italic\">{}</text>",
                escape(s)
            );
            ty += LINE_H;
        }
        let _ = write!(
            svg,
            "<text class=\"cd-text\" x=\"{cx:.1}\" y=\"{ty:.1}\" text-anchor=\"middle\" font-weight=\"700\">{}</text>",
            escape(name)
        );
        let mut sep = ty + PAD - 4.0;
        for section in [attrs, methods] {
            let _ = write!(
                svg,
                "<line class=\"cd-line\" x1=\"{:.1}\" y1=\"{sep:.1}\" x2=\"{:.1}\" y2=\"{sep:.1}\" stroke=\"black\"/>",
                p.x,
                p.x + p.w
            );
            let mut ly = sep + LINE_H - 3.0;
            for line in section.iter() {
                let _ = write!(
                    svg,
                    "<text class=\"cd-text\" x=\"{:.1}\" y=\"{ly:.1}\">{}</text>",
                    p.x + PAD,
                    escape(line)
                );
                ly += LINE_H;
            }
            sep += LINE_H * section.len().max(1) as f64 + PAD / 2.0;
        }
        svg.push_str("</g>");
    }
    svg.push_str("</svg>");
    svg
}

/// Dashes and end markers of a relation's line, then the end of its element.
fn line_style(svg: &mut String, kind: RelationKind) {
    let dashed =
        matches!(kind, RelationKind::Realization | RelationKind::Dependency | RelationKind::DashedLink);
    let (start, end) = match kind {
        RelationKind::Inheritance | RelationKind::Realization => ("", "url(#cd-triangle)"),
        RelationKind::Association | RelationKind::Dependency => ("", "url(#cd-arrow)"),
        RelationKind::Composition => ("url(#cd-diamond)", ""),
        RelationKind::Aggregation => ("url(#cd-diamond-hollow)", ""),
        RelationKind::Link | RelationKind::DashedLink => ("", ""),
    };
    if dashed {
        svg.push_str(" stroke-dasharray=\"5 4\"");
    }
    if !start.is_empty() {
        let _ = write!(svg, " marker-start=\"{start}\"");
    }
    if !end.is_empty() {
        let _ = write!(svg, " marker-end=\"{end}\"");
    }
    svg.push_str("/>");
}

/// The label beside a loop: the cardinalities (`*–*`), then the relation's label.
fn loop_text(r: &crate::class::Relation) -> String {
    let cards = match (r.from_card.as_deref(), r.to_card.as_deref()) {
        (Some(a), Some(b)) => Some(format!("{a}–{b}")),
        (a, b) => a.or(b).map(str::to_owned),
    };
    [cards, r.label.clone()].into_iter().flatten().collect::<Vec<_>>().join(" ")
}

/// A relation of a class to itself (a commit's parents, a node's children): a loop out of the
/// box's right side and back, its label beside it. The `nth` loop of a class sits lower.
fn self_loop(svg: &mut String, r: &crate::class::Relation, p: &Placed, nth: usize) {
    let right = p.x + p.w;
    let top = (p.y + 12.0 + nth as f64 * 30.0).min(p.y + p.h - 24.0);
    let bottom = top + 20.0;
    let _ = write!(
        svg,
        "<path class=\"cd-line\" d=\"M{right:.1},{top:.1} H{:.1} V{bottom:.1} H{right:.1}\" fill=\"none\" stroke=\"black\" stroke-width=\"1.2\"",
        right + LOOP_W
    );
    line_style(svg, r.kind);
    let text = loop_text(r);
    if !text.is_empty() {
        let _ = write!(
            svg,
            "<text class=\"cd-label\" x=\"{:.1}\" y=\"{:.1}\" font-size=\"11\">{}</text>",
            right + LOOP_W + 4.0,
            (top + bottom) / 2.0 + 4.0,
            escape(&shorten(&text))
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::class::parse;

    fn boxes(svg: &str) -> Vec<(f64, f64)> {
        svg.match_indices("<rect class=\"cd-box\" x=\"")
            .map(|(i, m)| {
                let rest = &svg[i + m.len()..];
                let x: f64 = rest[..rest.find('"').unwrap()].parse().unwrap();
                let y_start = rest.find("y=\"").unwrap() + 3;
                let y: f64 = rest[y_start..y_start + rest[y_start..].find('"').unwrap()].parse().unwrap();
                (x, y)
            })
            .collect()
    }

    #[test]
    fn parents_are_drawn_above_children() {
        let (d, _) = parse("classDiagram\nCar --|> Vehicle\nTruck --|> Vehicle\n");
        let svg = render(&d);
        let b = boxes(&svg);
        // Classes in order: Car, Vehicle, Truck.
        assert!(b[1].1 < b[0].1 && b[1].1 < b[2].1, "{b:?}");
        assert_eq!(b[0].1, b[2].1, "siblings share a row");
        assert!(svg.contains("marker-end=\"url(#cd-triangle)\""));
    }

    #[test]
    fn cycles_still_lay_out() {
        let (d, _) = parse("classDiagram\nA --> B\nB --> C\nC --> A\n");
        let b = boxes(&render(&d));
        assert_eq!(b.len(), 3);
        assert!(b[0].1 < b[1].1 && b[1].1 < b[2].1, "{b:?}");
    }

    #[test]
    fn text_is_escaped_and_boxes_do_not_overlap() {
        let (d, _) = parse(
            "classDiagram\nclass Cache~K, V~ {\n+get(K) Option<V>\n}\nCache *-- Entry\nCache *-- Policy\nCache *-- Stats\n",
        );
        let svg = render(&d);
        assert!(svg.contains("Cache&lt;K, V&gt;"));
        assert!(svg.contains("Option&lt;V&gt;"));
        assert!(svg.contains("marker-start=\"url(#cd-diamond)\""));
        let b = boxes(&svg);
        let row: Vec<&(f64, f64)> = b.iter().filter(|p| p.1 == b[1].1).collect();
        assert_eq!(row.len(), 3);
        let mut xs: Vec<f64> = row.iter().map(|p| p.0).collect();
        xs.sort_by(f64::total_cmp);
        assert!(xs.windows(2).all(|w| w[1] - w[0] >= 96.0), "{xs:?}");
    }

    #[test]
    fn a_relation_to_itself_loops_beside_its_box_with_its_label() {
        let (d, _) = parse("classDiagram\nCommit \"*\" --> \"*\" Commit : parents\nRepo --> Commit\n");
        let svg = render(&d);
        let path = svg.find("<path class=\"cd-line\" d=\"M").expect("a loop");
        assert!(svg[path..].starts_with("<path class=\"cd-line\" d=\"M"), "{svg}");
        assert!(svg[path..].contains("marker-end=\"url(#cd-arrow)\""), "{svg}");
        assert!(svg.contains(">*–* parents</text>"), "{svg}");
        // The loop and its label fit inside the drawing.
        let width: f64 = {
            let w = svg.find("width=\"").unwrap() + 7;
            svg[w..w + svg[w..].find('"').unwrap()].parse().unwrap()
        };
        let b = boxes(&svg);
        let commit = b[0];
        assert!(commit.0 + 96.0 + LOOP_W < width, "{svg}");
    }

    #[test]
    fn a_relation_spanning_layers_goes_around_the_boxes_between() {
        // A over B over C, and A also uses C: the A–C line must not cross B.
        let (d, _) =
            parse("classDiagram\nA --> B\nB --> C\nA --> C\nclass B {\n+a_rather_long_member_line()\n}\n");
        let svg = render(&d);
        let b = boxes(&svg);
        let b_box = (b[1].0, b[1].1);
        let b_w: f64 = {
            let at = svg.match_indices("<rect class=\"cd-box\"").nth(1).unwrap().0;
            let w = svg[at..].find("width=\"").unwrap() + at + 7;
            svg[w..w + svg[w..].find('"').unwrap()].parse().unwrap()
        };
        let lines: Vec<Vec<(f64, f64)>> = svg
            .match_indices("<polyline class=\"cd-line\" points=\"")
            .map(|(i, m)| {
                let rest = &svg[i + m.len()..];
                rest[..rest.find('"').unwrap()]
                    .split(' ')
                    .map(|p| {
                        let (x, y) = p.split_once(',').unwrap();
                        (x.parse().unwrap(), y.parse().unwrap())
                    })
                    .collect()
            })
            .collect();
        assert_eq!(lines.len(), 3);
        let a_to_c = &lines[2];
        assert!(a_to_c.len() >= 4, "routed through a waypoint: {a_to_c:?}");
        // Every point of the A–C line at B's height lies beside B's box.
        for &(x, y) in a_to_c {
            if y >= b_box.1 - 0.5 && y < b_box.1 + 20.0 {
                assert!(x < b_box.0 || x > b_box.0 + b_w, "{x} inside B at {b_box:?} width {b_w}");
            }
        }
        // Ends leaving one side are spread: A's two lines start at different points.
        assert_ne!(lines[0][0], lines[2][0]);
    }
}
