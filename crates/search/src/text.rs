//! Turning text into terms: lowercase words, stemmed, with positions.

use std::sync::OnceLock;

use rust_stemmers::{Algorithm, Stemmer};

/// A word as written (lowercased), its stem, and its position among the words of its field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Token {
    pub surface: String,
    pub stem: String,
    pub position: u32,
}

fn stemmer() -> &'static Stemmer {
    static STEMMER: OnceLock<Stemmer> = OnceLock::new();
    STEMMER.get_or_init(|| Stemmer::create(Algorithm::English))
}

/// The stem a word is indexed and searched under: `caching`, `caches` and `cache` share one.
pub(crate) fn stem(surface: &str) -> String {
    // Short words and numbers stem badly ("as" -> "a"); keep them as written.
    if surface.len() <= 3 || surface.bytes().any(|b| b.is_ascii_digit()) {
        return surface.to_owned();
    }
    stemmer().stem(surface).into_owned()
}

/// Splits on anything that is not a letter or digit, so `write-back`, `HTTP/2` and `p99`
/// become `write back`, `http 2` and `p99`.
pub(crate) fn tokenize(text: &str) -> Vec<Token> {
    words(text)
        .enumerate()
        .map(|(i, surface)| Token { stem: stem(&surface), surface, position: i as u32 })
        .collect()
}

pub(crate) fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    raw_words(text).map(str::to_lowercase)
}

/// The words of a text as written, before lowercasing.
pub(crate) fn raw_words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty())
}

/// Words too common to rank by on their own; a query made only of them still runs.
pub(crate) fn is_stopword(surface: &str) -> bool {
    matches!(
        surface,
        "a" | "an"
            | "and"
            | "are"
            | "as"
            | "at"
            | "be"
            | "by"
            | "can"
            | "do"
            | "does"
            | "for"
            | "from"
            | "how"
            | "i"
            | "in"
            | "is"
            | "it"
            | "of"
            | "on"
            | "or"
            | "should"
            | "that"
            | "the"
            | "to"
            | "vs"
            | "versus"
            | "what"
            | "when"
            | "which"
            | "why"
            | "with"
            | "you"
    )
}

/// Plain text of a Markdown document: words only, no markup, no link targets.
pub(crate) fn markdown_text(markdown: &str) -> String {
    use pulldown_cmark::{Event, Parser, TagEnd};
    let mut out = String::with_capacity(markdown.len());
    for event in Parser::new_ext(markdown, content::markdown_options()) {
        match event {
            // Inline pieces carry their own spacing: `mod N`, then `,` must stay "mod N,".
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            // Blocks and cells end a word even when the source has no space.
            Event::End(
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::Item
                | TagEnd::TableCell
                | TagEnd::CodeBlock
                | TagEnd::BlockQuote(_),
            ) => out.push(' '),
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokenize_splits_punctuation_and_stems() {
        let t = tokenize("Write-back caches, HTTP/2 & p99!");
        let stems: Vec<&str> = t.iter().map(|t| t.stem.as_str()).collect();
        assert_eq!(stems, ["write", "back", "cach", "http", "2", "p99"]);
        assert_eq!(t[2].surface, "caches");
        assert_eq!(t[5].position, 5);
    }

    #[test]
    fn word_forms_share_a_stem() {
        assert_eq!(stem("caching"), stem("cache"));
        assert_eq!(stem("replicas"), stem("replica"));
        assert_eq!(stem("queues"), stem("queue"));
    }

    #[test]
    fn markdown_text_drops_markup_and_link_targets() {
        let text = markdown_text(
            "## Head\n\nSee [the ring](topic:consistent-hashing) and `GET`.\n\n| a | b |\n|---|---|\n| x | y |\n",
        );
        let w: Vec<String> = words(&text).collect();
        assert_eq!(w, ["head", "see", "the", "ring", "and", "get", "a", "b", "x", "y"]);
    }
}
