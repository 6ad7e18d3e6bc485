//! Loader tests: a small valid corpus, then one broken variant per kind of mistake, each
//! checked for the diagnostic's code, file and line.

use content::{SourceFile, load};

const AREAS: &str = r#"[[area]]
id = "building-blocks"
title = "Building blocks"
summary = "Parts of systems."

[[area]]
id = "data-stores"
title = "Data stores"
summary = "Where data lives."
"#;

const CONCEPTS: &str = r#"[[concept]]
id = "cache-aside"
name = "Cache-aside"
area = "building-blocks"
aliases = ["lazy loading"]
definition = "The application fills the cache on a miss."
related = ["ttl"]

[[concept]]
id = "ttl"
name = "Time to live"
area = "building-blocks"
definition = "How long an entry may be served."
"#;

const TOPIC: &str = r#"+++
id = "caching"
title = "Caching"
area = "building-blocks"
summary = "Keep hot data close."
concepts = ["cache-aside", "ttl"]
related = ["cdn"]
+++

## What it is

See [the CDN](topic:cdn) and [TTLs](concept:ttl).

## How it works
## Numbers that matter
## Trade-offs
## When to use it, and when not
## Interview questions
## Common mistakes
"#;

const CDN: &str = r#"+++
id = "cdn"
title = "CDN"
area = "building-blocks"
summary = "Caches at the edge."
concepts = ["ttl"]
related = []
+++

## What it is
## How it works
## Numbers that matter
## Trade-offs
## When to use it, and when not
## Interview questions
## Common mistakes
"#;

fn cards(topic: &str, prefix: &str) -> String {
    let mut s = format!("topic = \"{topic}\"\n");
    for i in 0..5 {
        s.push_str(&format!("\n[[card]]\nid = \"{prefix}-{i}\"\nconcepts = [\"ttl\"]\nq = \"Question {i}?\"\na = \"Answer {i}.\"\n"));
    }
    s
}

fn base() -> Vec<SourceFile> {
    vec![
        SourceFile::new("areas.toml", AREAS),
        SourceFile::new("concepts/bb.toml", CONCEPTS),
        SourceFile::new("topics/building-blocks/caching.md", TOPIC),
        SourceFile::new("topics/building-blocks/cdn.md", CDN),
        SourceFile::new("cards/caching.toml", cards("caching", "caching")),
        SourceFile::new("cards/cdn.toml", cards("cdn", "cdn")),
    ]
}

/// Replaces (or adds) one file of the base corpus and returns the diagnostics as
/// `file:line code` lines.
#[track_caller]
fn check(path: &str, text: &str, expected: &[&str]) {
    let mut files = base();
    files.retain(|f| f.path != path);
    files.push(SourceFile::new(path, text));
    let loaded = load(&files);
    let got: Vec<String> =
        loaded.diagnostics.iter().map(|d| format!("{}:{} {}", d.file, d.line, d.code)).collect();
    assert_eq!(got, expected, "full diagnostics: {:#?}", loaded.diagnostics);
}

#[test]
fn valid_corpus_loads_with_everything_resolved() {
    let loaded = load(&base());
    assert!(loaded.diagnostics.is_empty(), "{:#?}", loaded.diagnostics);
    let corpus = loaded.corpus;
    assert_eq!(corpus.areas().len(), 2);
    assert_eq!(corpus.topics().len(), 2);
    assert_eq!(corpus.cards_of("caching").count(), 5);
    let caching = corpus.topic("caching").unwrap();
    assert_eq!(caching.related[0].as_str(), "cdn");
    assert!(caching.body.starts_with("\n## What it is"));
    assert_eq!(corpus.concept("cache-aside").unwrap().aliases, ["lazy loading"]);
    assert_eq!(corpus.topics_teaching("ttl").count(), 2);
}

#[test]
fn duplicate_topic_id_points_at_the_second_definition() {
    let dup = TOPIC.replace("title = \"Caching\"", "title = \"Again\"");
    check(
        "topics/building-blocks/caching-again.md",
        &dup,
        &["topics/building-blocks/caching-again.md:2 duplicate-id"],
    );
}

#[test]
fn duplicate_concept_id_names_the_first_place() {
    let text = format!(
        "{CONCEPTS}\n[[concept]]\nid = \"ttl\"\nname = \"TTL\"\narea = \"building-blocks\"\ndefinition = \"Again.\"\n"
    );
    let mut files = base();
    files.retain(|f| f.path != "concepts/bb.toml");
    files.push(SourceFile::new("concepts/bb.toml", text));
    let loaded = load(&files);
    let d = &loaded.diagnostics[0];
    assert_eq!((d.code, d.line), ("duplicate-id", 16));
    assert_eq!(
        d.help.as_deref(),
        Some("first defined at concepts/bb.toml:10; ids must be unique, pick another")
    );
}

#[test]
fn body_link_to_missing_topic_reports_its_line() {
    let text = TOPIC.replace("topic:cdn", "topic:cdm");
    check(
        "topics/building-blocks/caching.md",
        &text,
        &["topics/building-blocks/caching.md:12 unknown-reference"],
    );
}

#[test]
fn unknown_related_topic_suggests_the_closest() {
    let text = TOPIC.replace("related = [\"cdn\"]", "related = [\"cnd\"]");
    let mut files = base();
    files.retain(|f| !f.path.ends_with("caching.md"));
    files.push(SourceFile::new("topics/building-blocks/caching.md", text));
    let d = load(&files).diagnostics.remove(0);
    assert_eq!((d.code, d.line, d.col), ("unknown-reference", 7, 12));
    assert_eq!(d.help.as_deref(), Some("did you mean `cdn`?"));
}

#[test]
fn missing_front_matter_field_is_named() {
    let text = TOPIC.replace("summary = \"Keep hot data close.\"\n", "");
    let mut files = base();
    files.retain(|f| !f.path.ends_with("caching.md"));
    files.push(SourceFile::new("topics/building-blocks/caching.md", text));
    let loaded = load(&files);
    let d = loaded.diagnostics.iter().find(|d| d.code == "missing-field").unwrap();
    assert_eq!((d.file.as_str(), d.line), ("topics/building-blocks/caching.md", 1));
    assert!(d.message.contains("`summary`"), "{}", d.message);
    // The topic is left out, so its cards become orphans: reported, not silently kept.
    assert!(loaded.diagnostics.iter().any(|d| d.code == "orphan-card"));
    assert!(loaded.corpus.topic("caching").is_none());
}

#[test]
fn cards_without_a_topic_field_belong_to_no_topic() {
    let text = cards("caching", "caching").replacen("topic = \"caching\"\n", "", 1);
    check(
        "cards/caching.toml",
        &text,
        &["cards/caching.toml:1 orphan-card", "topics/building-blocks/caching.md:2 few-cards"],
    );
}

#[test]
fn cards_naming_an_unknown_topic_are_orphans() {
    check(
        "cards/extra.toml",
        &cards("nosuch", "extra"),
        &[
            "cards/extra.toml:4 orphan-card",
            "cards/extra.toml:10 orphan-card",
            "cards/extra.toml:16 orphan-card",
            "cards/extra.toml:22 orphan-card",
            "cards/extra.toml:28 orphan-card",
        ],
    );
}

#[test]
fn toml_syntax_error_reports_line_and_keeps_other_files() {
    let loaded = {
        let mut files = base();
        files.push(SourceFile::new("concepts/broken.toml", "[[concept]]\nid = \"x\nname = 1\n"));
        load(&files)
    };
    let d = &loaded.diagnostics[0];
    assert_eq!((d.file.as_str(), d.code, d.line), ("concepts/broken.toml", "toml", 2));
    assert_eq!(loaded.corpus.topics().len(), 2);
}

#[test]
fn unknown_field_is_reported_where_it_is_written() {
    let text = TOPIC.replace("summary =", "sumary = \"typo\"\nsummary =");
    check(
        "topics/building-blocks/caching.md",
        &text,
        &[
            "cards/caching.toml:4 orphan-card",
            "cards/caching.toml:10 orphan-card",
            "cards/caching.toml:16 orphan-card",
            "cards/caching.toml:22 orphan-card",
            "cards/caching.toml:28 orphan-card",
            "topics/building-blocks/caching.md:5 toml",
        ],
    );
}

#[test]
fn topic_in_the_wrong_folder_or_file_is_reported() {
    check(
        "topics/data-stores/cache.md",
        &TOPIC.replace("id = \"caching\"", "id = \"cache\""),
        &["topics/data-stores/cache.md:2 few-cards", "topics/data-stores/cache.md:4 area-folder-mismatch"],
    );
}

#[test]
fn malformed_ids_are_refused() {
    let text = CONCEPTS.replace("id = \"ttl\"", "id = \"Time_To_Live\"");
    let mut files = base();
    files.retain(|f| f.path != "concepts/bb.toml");
    files.push(SourceFile::new("concepts/bb.toml", text));
    let codes: Vec<&str> = load(&files).diagnostics.iter().map(|d| d.code).collect();
    assert!(codes.contains(&"bad-id"), "{codes:?}");
    assert!(codes.contains(&"unknown-reference"), "references to the refused id fail too: {codes:?}");
}

#[test]
fn topics_with_few_cards_are_flagged() {
    let text = cards("cdn", "cdn").split("\n[[card]]").take(3).collect::<Vec<_>>().join("\n[[card]]");
    check("cards/cdn.toml", &text, &["topics/building-blocks/cdn.md:2 few-cards"]);
}

#[test]
fn ambiguous_alias_is_a_warning() {
    let text =
        CONCEPTS.replace("definition = \"How long", "aliases = [\"lazy loading\"]\ndefinition = \"How long");
    check("concepts/bb.toml", &text, &["concepts/bb.toml:10 ambiguous-alias"]);
}

#[test]
fn stray_files_are_flagged_but_readme_is_not() {
    check("README.md", "# authors' notes", &[]);
    check("topics/notes.txt", "x", &["topics/notes.txt:1 unexpected-file"]);
}

#[test]
fn diagnostics_render_with_location_and_help() {
    let text = TOPIC.replace("related = [\"cdn\"]", "related = [\"cnd\"]");
    let mut files = base();
    files.retain(|f| !f.path.ends_with("caching.md"));
    files.push(SourceFile::new("topics/building-blocks/caching.md", text));
    let rendered = load(&files).diagnostics[0].to_string();
    assert_eq!(
        rendered,
        "topics/building-blocks/caching.md:7:12: error[unknown-reference]: related topic `cnd` does not exist\n  help: did you mean `cdn`?"
    );
}

#[test]
fn area_outline_orders_topics_and_rejects_foreign_ones() {
    let areas = AREAS
        .replace("summary = \"Parts of systems.\"", "summary = \"Parts of systems.\"\noutline = [\"cdn\"]");
    let mut files = base();
    files.retain(|f| f.path != "areas.toml");
    files.push(SourceFile::new("areas.toml", areas.clone()));
    let loaded = load(&files);
    assert!(loaded.diagnostics.is_empty(), "{:#?}", loaded.diagnostics);
    let order: Vec<&str> = loaded.corpus.topics().iter().map(|t| t.id.as_str()).collect();
    assert_eq!(order, ["cdn", "caching"], "outlined first, then the rest by title");
    assert_eq!(loaded.corpus.area("building-blocks").unwrap().outline.len(), 2);

    let foreign = AREAS.replace(
        "summary = \"Where data lives.\"",
        "summary = \"Where data lives.\"\noutline = [\"cdn\", \"nope\"]",
    );
    check("areas.toml", &foreign, &["areas.toml:10 outline-area", "areas.toml:10 unknown-reference"]);
}

#[test]
fn topic_missing_a_standard_section_is_flagged() {
    let text = CDN.replace("## Trade-offs\n", "");
    check("topics/building-blocks/cdn.md", &text, &["topics/building-blocks/cdn.md:2 missing-section"]);
}
