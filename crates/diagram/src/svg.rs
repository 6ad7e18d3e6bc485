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

    let rows = crate::layout::rows(&layers(d), &down_edges(d), &|_| None);
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
    let slot = |v: usize| sizes[v].0 + loop_room[v];

    // Coordinates: rows stacked, each centred on the widest.
    let row_widths: Vec<f64> = rows
        .iter()
        .map(|row| row.iter().map(|&v| slot(v)).sum::<f64>() + H_GAP * row.len().saturating_sub(1) as f64)
        .collect();
    let width = row_widths.iter().cloned().fold(0.0, f64::max);
    let mut placed = vec![Placed { x: 0.0, y: 0.0, w: 0.0, h: 0.0 }; n];
    let mut y = MARGIN;
    for (row, row_width) in rows.iter().zip(&row_widths) {
        let mut x = MARGIN + (width - row_width) / 2.0;
        let row_height = row.iter().map(|&v| sizes[v].1).fold(0.0, f64::max);
        for &v in row {
            placed[v] = Placed { x, y, w: sizes[v].0, h: sizes[v].1 };
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
    for r in &d.relations {
        let (Some(a), Some(b)) = (index(&r.from), index(&r.to)) else { continue };
        if a == b {
            self_loop(&mut svg, r, &placed[a], loops_drawn[a]);
            loops_drawn[a] += 1;
            continue;
        }
        let (bx, by) = placed[b].center();
        let (ax, ay) = placed[a].center();
        let (x1, y1) = placed[a].clip_towards(bx, by);
        let (x2, y2) = placed[b].clip_towards(ax, ay);
        let _ = write!(
            svg,
            "<line class=\"cd-line\" x1=\"{x1:.1}\" y1=\"{y1:.1}\" x2=\"{x2:.1}\" y2=\"{y2:.1}\" stroke=\"black\" stroke-width=\"1.2\""
        );
        line_style(&mut svg, r.kind);
        let len = ((x2 - x1).powi(2) + (y2 - y1).powi(2)).sqrt().max(1.0);
        let (ux, uy) = ((x2 - x1) / len, (y2 - y1) / len);
        let mut label_at = |text: &str, x: f64, y: f64| {
            let _ = write!(
                svg,
                "<text class=\"cd-label\" x=\"{x:.1}\" y=\"{y:.1}\" text-anchor=\"middle\" font-size=\"11\">{}</text>",
                escape(text)
            );
        };
        if let Some(card) = &r.from_card {
            label_at(card, x1 + ux * 18.0 - uy * 10.0, y1 + uy * 18.0 + ux * 10.0 + 4.0);
        }
        if let Some(card) = &r.to_card {
            label_at(card, x2 - ux * 18.0 - uy * 10.0, y2 - uy * 18.0 + ux * 10.0 + 4.0);
        }
        if let Some(label) = &r.label {
            label_at(&shorten(label), (x1 + x2) / 2.0 - uy * 10.0, (y1 + y2) / 2.0 + ux * 10.0 + 4.0);
        }
    }

    for (v, (stereo, name, attrs, methods)) in lines.iter().enumerate() {
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
}
