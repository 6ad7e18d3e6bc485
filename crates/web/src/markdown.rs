//! Content Markdown to HTML: internal links resolved to app URLs, headings given anchors for
//! the table of contents, raw HTML escaped (content is data, not markup).

use content::{Corpus, LinkTarget};
use pulldown_cmark::{CowStr, Event, HeadingLevel, Parser, Tag, TagEnd, html};

/// A rendered document and its `##` sections, for the table of contents.
#[derive(Clone, Debug, Default)]
pub(crate) struct Rendered {
    pub html: String,
    pub sections: Vec<Section>,
}

#[derive(Clone, Debug, serde::Serialize)]
pub(crate) struct Section {
    pub anchor: String,
    pub title: String,
}

/// The URL a content link points at in the app.
pub(crate) fn href(url: &str) -> String {
    match LinkTarget::parse(url) {
        LinkTarget::Topic(id) => format!("/topics/{id}"),
        LinkTarget::Concept(id) => format!("/glossary#{id}"),
        LinkTarget::External(url) => url,
    }
}

pub(crate) fn to_html(markdown: &str, corpus: &Corpus) -> Rendered {
    let events: Vec<Event<'_>> = Parser::new_ext(markdown, content::markdown_options()).collect();
    let mut sections = Vec::new();
    let mut out = Vec::with_capacity(events.len());
    let mut i = 0;
    while i < events.len() {
        match &events[i] {
            Event::Start(Tag::Heading { level, id: None, classes, attrs }) => {
                let text: String = events[i + 1..]
                    .iter()
                    .take_while(|e| !matches!(e, Event::End(TagEnd::Heading(_))))
                    .filter_map(|e| match e {
                        Event::Text(t) | Event::Code(t) => Some(t.as_ref()),
                        _ => None,
                    })
                    .collect();
                let anchor = slug(&text, &sections);
                if *level == HeadingLevel::H2 {
                    sections.push(Section { anchor: anchor.clone(), title: text });
                }
                out.push(Event::Start(Tag::Heading {
                    level: *level,
                    id: Some(CowStr::from(anchor)),
                    classes: classes.clone(),
                    attrs: attrs.clone(),
                }));
            }
            Event::Start(Tag::Link { link_type, dest_url, title, id }) => {
                let target = LinkTarget::parse(dest_url);
                let title = match &target {
                    LinkTarget::Topic(t) => {
                        corpus.topic(t).map_or(title.clone(), |t| CowStr::from(t.title.clone()))
                    }
                    LinkTarget::Concept(c) => {
                        corpus.concept(c).map_or(title.clone(), |c| CowStr::from(c.definition.clone()))
                    }
                    LinkTarget::External(_) => title.clone(),
                };
                out.push(Event::Start(Tag::Link {
                    link_type: *link_type,
                    dest_url: CowStr::from(href(dest_url)),
                    title,
                    id: id.clone(),
                }));
            }
            // Content never needs raw HTML; show it as text rather than trust it.
            Event::Html(h) | Event::InlineHtml(h) => out.push(Event::Text(h.clone())),
            other => out.push(other.clone()),
        }
        i += 1;
    }
    let mut html_out = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut html_out, out.into_iter());
    Rendered { html: html_out, sections }
}

/// Short Markdown (card questions and answers) to inline-friendly HTML.
pub(crate) fn card_html(markdown: &str, corpus: &Corpus) -> String {
    let html = to_html(markdown, corpus).html;
    // A one-paragraph answer reads better without the paragraph margins.
    let trimmed = html.trim();
    match trimmed.strip_prefix("<p>").and_then(|s| s.strip_suffix("</p>")) {
        Some(inner) if !inner.contains("<p>") => inner.to_owned(),
        _ => html,
    }
}

fn slug(text: &str, taken: &[Section]) -> String {
    let mut slug = String::new();
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            slug.push(c);
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    let base = slug.trim_end_matches('-').to_owned();
    let base = if base.is_empty() { "section".to_owned() } else { base };
    let mut candidate = base.clone();
    let mut n = 2;
    while taken.iter().any(|s| s.anchor == candidate) {
        candidate = format!("{base}-{n}");
        n += 1;
    }
    candidate
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_get_anchors_and_a_table_of_contents() {
        let r = to_html(
            "## What it is\n\ntext\n\n## Trade-offs\n\n### Detail\n\n## What it is\n",
            &Corpus::default(),
        );
        let anchors: Vec<&str> = r.sections.iter().map(|s| s.anchor.as_str()).collect();
        assert_eq!(anchors, ["what-it-is", "trade-offs", "what-it-is-2"]);
        assert!(r.html.contains("<h2 id=\"trade-offs\">Trade-offs</h2>"), "{}", r.html);
        assert!(r.html.contains("<h3 id=\"detail\">"), "{}", r.html);
    }

    #[test]
    fn internal_links_resolve_and_raw_html_is_escaped() {
        let r = to_html(
            "See [ring](topic:consistent-hashing), [ttl](concept:ttl) and <script>x</script>.",
            &Corpus::default(),
        );
        assert!(r.html.contains("href=\"/topics/consistent-hashing\""), "{}", r.html);
        assert!(r.html.contains("href=\"/glossary#ttl\""), "{}", r.html);
        assert!(r.html.contains("&lt;script&gt;"), "{}", r.html);
        assert!(!r.html.contains("<script>"));
    }

    #[test]
    fn single_paragraph_cards_lose_the_paragraph() {
        assert_eq!(
            card_html("**429** with `Retry-After`", &Corpus::default()),
            "<strong>429</strong> with <code>Retry-After</code>"
        );
        assert!(card_html("one\n\ntwo", &Corpus::default()).contains("<p>two</p>"));
    }
}
