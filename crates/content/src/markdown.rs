//! What the content model needs to know about Markdown: front matter and internal links.
//!
//! Internal links use their own URL schemes, `topic:ID` and `concept:ID`, so the loader can
//! check them and each edge (terminal, web) can resolve them its own way.

use pulldown_cmark::{Event, Options, Parser, Tag};

/// The Markdown extensions content uses everywhere it is parsed.
pub fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LinkTarget {
    Topic(String),
    Concept(String),
    /// Any other URL: external, or a scheme the loader does not know.
    External(String),
}

impl LinkTarget {
    pub fn parse(url: &str) -> Self {
        if let Some(id) = url.strip_prefix("topic:") {
            Self::Topic(id.to_owned())
        } else if let Some(id) = url.strip_prefix("concept:") {
            Self::Concept(id.to_owned())
        } else {
            Self::External(url.to_owned())
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Link {
    pub target: LinkTarget,
    /// Byte offset of the link in the Markdown text.
    pub offset: usize,
}

/// Every link in a Markdown text, in order.
pub fn links(markdown: &str) -> Vec<Link> {
    Parser::new_ext(markdown, options())
        .into_offset_iter()
        .filter_map(|(event, range)| match event {
            Event::Start(Tag::Link { dest_url, .. }) => {
                Some(Link { target: LinkTarget::parse(&dest_url), offset: range.start })
            }
            _ => None,
        })
        .collect()
}

/// A topic file split into its TOML front matter and Markdown body.
pub(crate) struct FrontMatter<'a> {
    pub toml: &'a str,
    pub toml_offset: usize,
    pub body: &'a str,
    pub body_offset: usize,
}

/// Splits `+++`-fenced front matter from the body; `None` when the file does not open with it.
pub(crate) fn split_front_matter(text: &str) -> Option<FrontMatter<'_>> {
    let rest = text.strip_prefix("+++")?;
    let first_newline = rest.find('\n')?;
    if !rest[..first_newline].trim().is_empty() {
        return None;
    }
    let toml_offset = 3 + first_newline + 1;
    let mut offset = toml_offset;
    for line in text[toml_offset..].split_inclusive('\n') {
        if line.trim_end() == "+++" {
            let body_offset = offset + line.len();
            return Some(FrontMatter {
                toml: &text[toml_offset..offset],
                toml_offset,
                body: &text[body_offset..],
                body_offset,
            });
        }
        offset += line.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_splits_at_fences() {
        let text = "+++\nid = \"x\"\n+++\n## Body\n";
        let fm = split_front_matter(text).unwrap();
        assert_eq!(fm.toml, "id = \"x\"\n");
        assert_eq!(fm.toml_offset, 4);
        assert_eq!(fm.body, "## Body\n");
        assert_eq!(&text[fm.body_offset..], "## Body\n");
    }

    #[test]
    fn front_matter_missing_or_unclosed_is_none() {
        assert!(split_front_matter("## Body\n").is_none());
        assert!(split_front_matter("+++\nid = \"x\"\n").is_none());
        assert!(split_front_matter("+++ x\n+++\n").is_none());
    }

    #[test]
    fn links_find_internal_schemes_with_offsets() {
        let md = "See [ring](topic:consistent-hashing) and [x](concept:ttl), [web](https://a.b).";
        let found = links(md);
        assert_eq!(found.len(), 3);
        assert_eq!(found[0].target, LinkTarget::Topic("consistent-hashing".into()));
        assert_eq!(found[0].offset, 4);
        assert_eq!(found[1].target, LinkTarget::Concept("ttl".into()));
        assert_eq!(found[2].target, LinkTarget::External("https://a.b".into()));
    }
}
