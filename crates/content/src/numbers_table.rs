//! The numbers to know, rendered where a page asks for them: a fenced block
//! ```` ```numbers latency ```` in a topic body becomes the table of that category, generated
//! from `numbers.toml`, so the page and the estimates that use the numbers share one source.

use pulldown_cmark::{CodeBlockKind, Event, Parser, Tag};

use crate::problem::Number;

/// The body with every `numbers` block replaced by its table.
pub(crate) fn expand(body: &str, numbers: &[Number]) -> String {
    // Most pages have no table to expand: skip their Markdown parse.
    if !body.contains("```numbers") {
        return body.to_owned();
    }
    let mut blocks = Vec::new();
    let mut open: Option<(usize, String)> = None;
    for (event, range) in Parser::new_ext(body, crate::markdown::options()).into_offset_iter() {
        match event {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info)))
                if info.split_whitespace().next() == Some("numbers") =>
            {
                let category = info.split_whitespace().nth(1).unwrap_or("").to_owned();
                open = Some((range.start, category));
                blocks.push((range.clone(), String::new()));
            }
            Event::End(pulldown_cmark::TagEnd::CodeBlock) => {
                if let Some((_, category)) = open.take()
                    && let Some(last) = blocks.last_mut()
                {
                    last.1 = category;
                }
            }
            _ => {}
        }
    }
    if blocks.is_empty() {
        return body.to_owned();
    }
    let mut out = String::with_capacity(body.len() + 4096);
    let mut last = 0;
    for (range, category) in blocks {
        out.push_str(&body[last..range.start]);
        out.push_str(&table(numbers, &category));
        last = range.end;
    }
    out.push_str(&body[last..]);
    out
}

fn table(numbers: &[Number], category: &str) -> String {
    let rows: Vec<&Number> =
        numbers.iter().filter(|n| category.is_empty() || n.category == category).collect();
    if rows.is_empty() {
        return format!("*(no numbers in category `{category}`)*\n");
    }
    let cell = |s: &str| s.replace('|', "\\|").replace('\n', " ");
    let mut out = String::from(
        "| what | value | calc name | source | where guides differ |\n| --- | --- | --- | --- | --- |\n",
    );
    for n in rows {
        out.push_str(&format!(
            "| {} | {} | `{}` | {} | {} |\n",
            cell(&n.name),
            cell(&n.expr),
            n.id,
            cell(&n.source),
            cell(n.note.as_deref().unwrap_or(""))
        ));
    }
    out
}
