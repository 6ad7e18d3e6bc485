//! Renders a Markdown topic page as text for a terminal: wrapped prose, lists, tables and code,
//! with ANSI styles when colour is on.
//!
//! A pure function of its inputs: no I/O, no environment. The CLI decides the width, whether to
//! colour, and how internal links (`topic:ID`, `concept:ID`) read in a terminal.

mod table;
mod text;

use std::mem::take;

use pulldown_cmark::{Event, HeadingLevel, LinkType, Parser, Tag, TagEnd};

use table::{Table, layout};
pub use text::visible_width;
use text::{BOLD, CODE, DIM, ITALIC, Ink, Inline, PLAIN, STRIKE, UNDERLINE, paint, runs_width, wrap};

/// How to render: `width` is the terminal's columns; prose wraps at `min(width, 100)` because
/// longer lines are hard to read, while tables may use the whole width.
#[derive(Clone, Copy, Debug)]
pub struct Style {
    pub color: bool,
    pub width: usize,
}

/// Renders Markdown (with the extensions of [`content::markdown_options`]) for a terminal.
///
/// `links` maps a link URL to a note shown in parentheses after the link text, such as the
/// command that opens a topic. When it returns `None`, `http` and `https` URLs are shown as
/// themselves and other URLs show nothing. The output has no trailing spaces, never two blank
/// lines in a row, and ends with one newline (or is empty).
pub fn render(markdown: &str, style: &Style, links: &dyn Fn(&str) -> Option<String>) -> String {
    let mut renderer = Renderer::new(style, links);
    for event in Parser::new_ext(markdown, content::markdown_options()) {
        renderer.event(event);
    }
    renderer.finish()
}

/// The page title: the text in the level-1 heading style, ruled underneath with `═`.
pub fn heading(title: &str, style: &Style) -> String {
    let mut renderer = Renderer::new(style, &|_| None);
    renderer.inks.push(heading_ink(HeadingLevel::H1));
    renderer.text(title);
    renderer.end(TagEnd::Heading(HeadingLevel::H1));
    renderer.finish()
}

fn heading_ink(level: HeadingLevel) -> Ink {
    match level {
        HeadingLevel::H1 => BOLD.with(Ink::fg(35)),
        HeadingLevel::H2 => BOLD.with(Ink::fg(36)),
        _ => BOLD.with(Ink::fg(33)),
    }
}

/// Something that prefixes every line inside it.
enum Container {
    Quote,
    /// A list item: `marker` starts its first line and its width indents the others.
    Item {
        marker: String,
        shown: bool,
    },
}

struct Renderer<'a> {
    color: bool,
    width: usize,
    prose: usize,
    links: &'a dyn Fn(&str) -> Option<String>,
    lines: Vec<String>,
    /// A blank line owed before the next line, with the prefix it should carry.
    blank: Option<String>,
    containers: Vec<Container>,
    /// The next item number of each open list; `None` for bulleted lists.
    lists: Vec<Option<u64>>,
    inks: Vec<Ink>,
    inline: Inline,
    /// The note to print after each open link's text.
    notes: Vec<Option<String>>,
    code: Option<String>,
    table: Option<Table>,
}

impl<'a> Renderer<'a> {
    fn new(style: &Style, links: &'a dyn Fn(&str) -> Option<String>) -> Self {
        let width = style.width.max(1);
        Renderer {
            color: style.color,
            width,
            prose: width.min(100),
            links,
            lines: Vec::new(),
            blank: None,
            containers: Vec::new(),
            lists: Vec::new(),
            inks: Vec::new(),
            inline: Inline::default(),
            notes: Vec::new(),
            code: None,
            table: None,
        }
    }

    fn event(&mut self, event: Event) {
        match event {
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(tag),
            Event::Text(text) => match &mut self.code {
                Some(code) => code.push_str(&text),
                None => self.text(&text),
            },
            Event::Code(code) if self.color => self.inline.push_str(&code, self.ink().with(CODE)),
            Event::Code(code) => self.text(&format!("`{code}`")),
            Event::InlineMath(text) | Event::DisplayMath(text) => self.text(&text),
            Event::Html(html) | Event::InlineHtml(html) => {
                for (i, line) in html.split('\n').enumerate() {
                    if i > 0 {
                        self.inline.push_break();
                    }
                    self.text(line);
                }
            }
            Event::FootnoteReference(label) => self.text(&format!("[^{label}]")),
            Event::SoftBreak => self.text(" "),
            Event::HardBreak => self.inline.push_break(),
            Event::Rule => {
                self.block();
                let rule = "─".repeat(self.room(self.prose));
                self.push_line(&rule);
                self.want_blank();
            }
            Event::TaskListMarker(done) => self.text(if done { "[x] " } else { "[ ] " }),
        }
    }

    fn start(&mut self, tag: Tag) {
        match tag {
            Tag::Paragraph | Tag::HtmlBlock => self.block(),
            Tag::Heading { level, .. } => {
                self.block();
                self.inks.push(heading_ink(level));
            }
            Tag::BlockQuote(_) => {
                self.block();
                self.containers.push(Container::Quote);
            }
            Tag::CodeBlock(_) => {
                self.block();
                self.code = Some(String::new());
            }
            Tag::List(start) => {
                self.flush();
                // A list nested in an item hugs the item's text; any other list stands apart.
                if !self.in_item() {
                    self.want_blank();
                }
                self.lists.push(start);
            }
            Tag::Item => {
                self.flush();
                let marker = match self.lists.last() {
                    Some(Some(number)) => format!("{number}. "),
                    _ => ["• ", "◦ ", "▪ "][self.lists.len().saturating_sub(1) % 3].to_owned(),
                };
                self.containers.push(Container::Item { marker, shown: false });
            }
            Tag::Table(aligns) => {
                self.block();
                self.table = Some(Table { aligns, ..Table::default() });
            }
            Tag::TableHead => {
                self.inks.push(BOLD);
                self.start_row();
            }
            Tag::TableRow => self.start_row(),
            Tag::Emphasis => self.inks.push(ITALIC),
            Tag::Strong => self.inks.push(BOLD),
            Tag::Strikethrough => self.inks.push(STRIKE),
            Tag::Link { link_type, dest_url, .. } => {
                self.inks.push(UNDERLINE);
                // An autolink's text is already its URL.
                let note = match link_type {
                    LinkType::Autolink | LinkType::Email => None,
                    _ => (self.links)(&dest_url).or_else(|| {
                        let external = dest_url.starts_with("http://") || dest_url.starts_with("https://");
                        external.then(|| dest_url.to_string())
                    }),
                };
                self.notes.push(note);
            }
            // Images show their alt text, which arrives as text events. The rest is not enabled
            // by the content options; its text still shows.
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Paragraph | TagEnd::HtmlBlock => self.block(),
            TagEnd::Heading(level) => {
                self.inks.pop();
                let lines = wrap(&take(&mut self.inline).atoms, self.room(self.prose));
                for line in &lines {
                    self.push_line(&paint(line, self.color));
                }
                let rule = match level {
                    HeadingLevel::H1 => "═",
                    HeadingLevel::H2 => "─",
                    _ => "",
                };
                let used = lines.iter().map(runs_width).max().unwrap_or(0);
                if !rule.is_empty() && used > 0 {
                    let ink = Ink { bold: false, ..heading_ink(level) };
                    self.push_line(&paint(&vec![(rule.repeat(used), ink)], self.color));
                }
                self.want_blank();
            }
            TagEnd::BlockQuote(_) => {
                self.flush();
                self.containers.pop();
                self.want_blank();
            }
            TagEnd::CodeBlock => {
                let code = self.code.take().unwrap_or_default();
                for line in code.lines() {
                    let line = expand_tabs(line);
                    let text = paint(&vec![(line.trim_end().to_owned(), CODE)], self.color);
                    self.push_line(&format!("    {text}"));
                }
                self.want_blank();
            }
            TagEnd::List(_) => {
                self.flush();
                self.lists.pop();
                if !self.in_item() {
                    self.want_blank();
                }
            }
            TagEnd::Item => {
                self.flush();
                // An empty item still shows its marker.
                if let Some(Container::Item { shown: false, .. }) = self.containers.last() {
                    self.push_line("");
                }
                self.containers.pop();
                if let Some(Some(number)) = self.lists.last_mut() {
                    *number = number.saturating_add(1);
                }
            }
            TagEnd::Table => {
                let table = self.table.take().unwrap_or_default();
                for line in layout(&table, self.room(self.width), self.color) {
                    self.push_line(&line);
                }
                self.want_blank();
            }
            TagEnd::TableHead => {
                self.inks.pop();
                if let Some(table) = &mut self.table {
                    table.header_rows = table.rows.len();
                }
            }
            TagEnd::TableCell => {
                let cell = take(&mut self.inline).atoms;
                if let Some(row) = self.table.as_mut().and_then(|t| t.rows.last_mut()) {
                    row.push(cell);
                }
            }
            TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough => {
                self.inks.pop();
            }
            TagEnd::Link => {
                self.inks.pop();
                if let Some(Some(note)) = self.notes.pop() {
                    self.inline.push_str(&format!(" ({note})"), self.ink().with(DIM));
                }
            }
            _ => {}
        }
    }

    fn ink(&self) -> Ink {
        self.inks.iter().fold(PLAIN, |outer, inner| outer.with(*inner))
    }

    fn text(&mut self, text: &str) {
        let ink = self.ink();
        self.inline.push_str(text, ink);
    }

    fn in_item(&self) -> bool {
        matches!(self.containers.last(), Some(Container::Item { .. }))
    }

    fn start_row(&mut self) {
        if let Some(table) = &mut self.table {
            table.rows.push(Vec::new());
        }
    }

    /// A block starts or ends: what came before is laid out and a blank line separates them.
    fn block(&mut self) {
        self.flush();
        self.want_blank();
    }

    fn flush(&mut self) {
        if self.inline.is_empty() {
            return;
        }
        let atoms = take(&mut self.inline).atoms;
        for line in wrap(&atoms, self.room(self.prose)) {
            self.push_line(&paint(&line, self.color));
        }
    }

    /// Asks for a blank line before the next line. Of several requests the one with the
    /// shallowest prefix wins, so a quote is set off by a bare blank line, not a `│` one.
    fn want_blank(&mut self) {
        let prefix = self.prefix(false).trim_end().to_owned();
        match &self.blank {
            Some(owed) if owed.chars().count() <= prefix.chars().count() => {}
            _ => self.blank = Some(prefix),
        }
    }

    /// The containers' prefix; `markers` shows the markers of items not yet started. Deep
    /// nesting stops indenting at half the width, so text keeps room on narrow terminals.
    fn prefix(&self, markers: bool) -> String {
        let budget = self.prose / 2;
        let mut prefix = String::new();
        for container in &self.containers {
            let piece = match container {
                Container::Quote => "│ ".to_owned(),
                Container::Item { marker, shown: false } if markers => marker.clone(),
                Container::Item { marker, .. } => " ".repeat(marker.chars().count()),
            };
            if prefix.chars().count() + piece.chars().count() <= budget {
                prefix.push_str(&piece);
            }
        }
        prefix
    }

    /// Columns left for content out of `total` once the prefix is written.
    fn room(&self, total: usize) -> usize {
        total.saturating_sub(self.prefix(false).chars().count()).max(1)
    }

    fn push_line(&mut self, content: &str) {
        // No blank line owed at the very top.
        if let Some(blank) = self.blank.take().filter(|_| !self.lines.is_empty()) {
            self.lines.push(blank);
        }
        let line = format!("{}{content}", self.prefix(true));
        self.lines.push(line.trim_end().to_owned());
        for container in &mut self.containers {
            if let Container::Item { shown, .. } = container {
                *shown = true;
            }
        }
    }

    fn finish(mut self) -> String {
        self.flush();
        let mut out = String::new();
        let mut after_blank = true;
        for line in &self.lines {
            let line = line.trim_end();
            if line.is_empty() && after_blank {
                continue;
            }
            after_blank = line.is_empty();
            out.push_str(line);
            out.push('\n');
        }
        while out.ends_with("\n\n") {
            out.pop();
        }
        out
    }
}

/// Tabs become spaces to the next multiple of four, so code keeps its columns.
fn expand_tabs(line: &str) -> String {
    let mut out = String::new();
    let mut column = 0;
    for ch in line.chars() {
        if ch == '\t' {
            let spaces = 4 - column % 4;
            out.push_str(&" ".repeat(spaces));
            column += spaces;
        } else if !ch.is_control() {
            out.push(ch);
            column += 1;
        }
    }
    out
}
