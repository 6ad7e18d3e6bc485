//! Diagrams drawn as SVG, with no I/O: Mermaid class diagrams (the subset problem files use)
//! parsed without ever failing, laid out in layers, and rendered with classes the web app's
//! stylesheet themes.

pub mod class;
pub mod graph;
mod layout;
mod svg;

pub use class::{ClassDiagram, Warning, parse};
pub use svg::render;

/// Parses Mermaid `classDiagram` text and draws it: the SVG, and what could not be read.
pub fn class_diagram_svg(mermaid: &str) -> (String, Vec<Warning>) {
    let (diagram, warnings) = parse(mermaid);
    (render(&diagram), warnings)
}
