//! Lays out a Markdown table: column widths from content, shrunk to fit, cells wrapped in place.

use pulldown_cmark::Alignment;

use crate::text::{Atom, Runs, paint, runs_width, wrap};

/// A table collected from events: one list of cells per row, each cell its inline atoms.
#[derive(Debug, Default)]
pub(crate) struct Table {
    pub aligns: Vec<Alignment>,
    pub rows: Vec<Vec<Vec<Atom>>>,
    /// How many leading rows are the header, ruled off from the body.
    pub header_rows: usize,
}

const SEPARATOR: &str = " │ ";

/// The table's lines, each at most `width` columns unless even one column per cell cannot fit.
pub(crate) fn layout(table: &Table, width: usize, color: bool) -> Vec<String> {
    let columns = table.rows.iter().map(Vec::len).max().unwrap_or(0);
    if columns == 0 {
        return Vec::new();
    }
    // Wide enough that nothing wraps: a cell's natural width is its longest hard-broken line.
    let unbounded = usize::MAX / 4;
    let mut widths = vec![0; columns];
    for row in &table.rows {
        for (column, cell) in row.iter().enumerate() {
            let natural = wrap(cell, unbounded).iter().map(runs_width).max().unwrap_or(0);
            widths[column] = widths[column].max(natural);
        }
    }
    // Shrinking the widest column first keeps narrow columns (numbers, names) readable.
    let separators = SEPARATOR.chars().count() * (columns - 1);
    while widths.iter().sum::<usize>() + separators > width {
        let Some((widest, &w)) = widths.iter().enumerate().max_by_key(|(_, w)| **w) else {
            break;
        };
        if w <= 1 {
            break;
        }
        widths[widest] -= 1;
    }

    let mut lines = Vec::new();
    for (index, row) in table.rows.iter().enumerate() {
        let cells: Vec<Vec<Runs>> = (0..columns)
            .map(|column| row.get(column).map_or_else(Vec::new, |cell| wrap(cell, widths[column])))
            .collect();
        let height = cells.iter().map(Vec::len).max().unwrap_or(0).max(1);
        for k in 0..height {
            let parts: Vec<String> = cells
                .iter()
                .enumerate()
                .map(|(column, lines)| {
                    let align = table.aligns.get(column).copied().unwrap_or(Alignment::None);
                    lines.get(k).map_or_else(
                        || " ".repeat(widths[column]),
                        |runs| pad(&paint(runs, color), runs_width(runs), widths[column], align),
                    )
                })
                .collect();
            lines.push(parts.join(SEPARATOR));
        }
        if index + 1 == table.header_rows {
            let rules: Vec<String> = widths.iter().map(|w| "─".repeat(*w)).collect();
            lines.push(rules.join("─┼─"));
        }
    }
    lines
}

fn pad(text: &str, used: usize, width: usize, align: Alignment) -> String {
    let room = width.saturating_sub(used);
    let (left, right) = match align {
        Alignment::Right => (room, 0),
        Alignment::Center => (room / 2, room - room / 2),
        Alignment::Left | Alignment::None => (0, room),
    };
    format!("{}{text}{}", " ".repeat(left), " ".repeat(right))
}
