//! Problem files and the numbers to know: a valid problem loads with its estimates computed;
//! each kind of mistake is reported with its file and line.

use content::{Dimension, ProblemKind, SourceFile, load};

const AREAS: &str = "[[area]]\nid = \"building-blocks\"\ntitle = \"B\"\nsummary = \"S\"\n";

const CONCEPTS: &str = r#"[[concept]]
id = "caching"
name = "Caching"
area = "building-blocks"
definition = "Keeping copies close."
"#;

fn topic() -> String {
    let sections = content::REQUIRED_SECTIONS.iter().map(|s| format!("## {s}\n\ntext\n")).collect::<String>();
    format!(
        "+++\nid = \"caching\"\ntitle = \"Caching\"\narea = \"building-blocks\"\nsummary = \"s\"\nconcepts = [\"caching\"]\nrelated = []\n+++\n{sections}\n```numbers latency\n```\n"
    )
}

fn cards() -> String {
    let mut s = String::from("topic = \"caching\"\n");
    for i in 0..5 {
        s.push_str(&format!("[[card]]\nid = \"c-{i}\"\nq = \"q\"\na = \"a\"\n"));
    }
    s
}

const NUMBERS: &str = r#"[[number]]
id = "ssd_random_read"
name = "SSD random read (4 KB)"
category = "latency"
value = "100 us"
source = "napkin-math"
note = "some guides say 150 us"

[[number]]
id = "redis_ops_per_core"
name = "Redis operations per core"
category = "throughput"
value = "100K/s"
source = "redis.io benchmarks"
"#;

fn rubric(dimensions: &[Dimension]) -> String {
    dimensions
        .iter()
        .map(|d| {
            format!(
                "[[rubric]]\ndimension = \"{d}\"\nweight = 2\n[[rubric.items]]\nid = \"{d}-1\"\ntext = \"t\"\nconcepts = [\"caching\"]\nmid = \"m\"\nsenior = \"s\"\nstaff = \"x\"\n\n"
            )
        })
        .collect()
}

fn problem() -> String {
    format!(
        r#"id = "url-shortener"
title = "URL shortener"
kind = "hld"
difficulty = "easy"
tags = ["read-heavy"]
topics = ["caching"]
prompt = "Design bit.ly."
solution = "Hash, store, redirect."
pitfalls = ["MD5 truncated to 28 bits collides"]

[[facts]]
topic = "scale"
questions = ["How many new links a day?", "What is the write volume?"]
answer = "100 million a day."

[[facts]]
topic = "ratio"
questions = ["Reads per write?"]
answer = "100 to 1."

[[facts]]
topic = "retention"
questions = ["How long do links live?"]
answer = "Five years."

[[inputs]]
name = "new_links"
label = "New links"
expr = "100M/day"

[[inputs]]
name = "reads_per_write"
label = "Reads per write"
expr = "100"

[[estimates]]
name = "write_qps"
label = "Writes per second"
expr = "new_links to /s"

[[estimates]]
name = "read_qps"
label = "Reads per second"
expr = "write_qps * reads_per_write"

[[estimates]]
name = "storage"
label = "Storage over 5 years"
expr = "new_links * 500 B * 5 years to TB"

[[estimates]]
name = "cache_lookup"
label = "Time for 1000 SSD reads"
expr = "1000 * ssd_random_read"

[[follow_ups]]
question = "Traffic is 10x."
answer = "Cache and shard."

[[follow_ups]]
question = "A region goes down."
answer = "Fail over."

[[follow_ups]]
question = "Spot the mistake: 28 hash bits."
answer = "Collisions at 16K links."

{}"#,
        rubric(Dimension::for_kind(ProblemKind::Hld))
    )
}

fn base() -> Vec<SourceFile> {
    vec![
        SourceFile::new("areas.toml", AREAS),
        SourceFile::new("concepts/c.toml", CONCEPTS),
        SourceFile::new("topics/building-blocks/caching.md", topic()),
        SourceFile::new("cards/caching.toml", cards()),
        SourceFile::new("numbers.toml", NUMBERS),
        SourceFile::new("problems/url-shortener.toml", problem()),
    ]
}

#[track_caller]
fn check(path: &str, text: &str, expected: &[&str]) {
    let mut files = base();
    files.retain(|f| f.path != path);
    files.push(SourceFile::new(path, text));
    let loaded = load(&files);
    let got: Vec<String> =
        loaded.diagnostics.iter().map(|d| format!("{}:{} {}", d.file, d.line, d.code)).collect();
    assert_eq!(got, expected, "{:#?}", loaded.diagnostics);
}

#[test]
fn valid_problem_loads_with_computed_estimates() {
    let loaded = load(&base());
    assert!(loaded.diagnostics.is_empty(), "{:#?}", loaded.diagnostics);
    let p = loaded.corpus.problem("url-shortener").unwrap();
    assert_eq!(p.kind, ProblemKind::Hld);
    assert_eq!(p.facts.len(), 3);
    let shown: Vec<(String, String)> =
        p.estimates.iter().map(|e| (e.name.clone(), e.answer.display())).collect();
    assert_eq!(
        shown,
        [
            ("write_qps".into(), "1.16K/s".into()),
            ("read_qps".into(), "116K/s".into()),
            ("storage".into(), "91.3 TB".into()),
            ("cache_lookup".into(), "100 ms".into()),
        ]
    );
    assert_eq!(loaded.corpus.problems_using("caching").count(), 1);
}

#[test]
fn changing_an_input_changes_every_estimate_that_uses_it() {
    let text = problem().replace("expr = \"100M/day\"", "expr = \"200M/day\"");
    let mut files = base();
    files.retain(|f| !f.path.starts_with("problems/"));
    files.push(SourceFile::new("problems/url-shortener.toml", text));
    let loaded = load(&files);
    let p = loaded.corpus.problem("url-shortener").unwrap();
    let shown: Vec<String> = p.estimates.iter().map(|e| e.answer.display()).collect();
    assert_eq!(shown, ["2.31K/s", "231K/s", "183 TB", "100 ms"]);
}

#[test]
fn numbers_block_becomes_a_table_on_the_page() {
    let loaded = load(&base());
    let body = &loaded.corpus.topic("caching").unwrap().body;
    assert!(
        body.contains(
            "| SSD random read (4 KB) | 100 us | `ssd_random_read` | napkin-math | some guides say 150 us |"
        ),
        "{body}"
    );
    assert!(!body.contains("Redis operations"), "only the latency category");
    assert!(!body.contains("```numbers"));
}

#[test]
fn estimate_that_does_not_evaluate_is_reported_at_its_line() {
    let text =
        problem().replace("expr = \"write_qps * reads_per_write\"", "expr = \"write_qps * reads_per_writ\"");
    check("problems/url-shortener.toml", &text, &["problems/url-shortener.toml:44 bad-estimate"]);
    let text = problem()
        .replace("expr = \"new_links * 500 B * 5 years to TB\"", "expr = \"new_links * 500 B to s\"");
    check("problems/url-shortener.toml", &text, &["problems/url-shortener.toml:49 bad-estimate"]);
}

#[test]
fn rubric_item_must_name_known_concepts() {
    let text = problem().replacen("concepts = [\"caching\"]", "concepts = [\"cachin\"]", 1);
    let mut files = base();
    files.retain(|f| !f.path.starts_with("problems/"));
    files.push(SourceFile::new("problems/url-shortener.toml", text));
    let d = load(&files).diagnostics;
    assert_eq!(d.len(), 1, "{d:#?}");
    assert_eq!(d[0].code, "unknown-reference");
    assert_eq!(d[0].help.as_deref(), Some("did you mean `caching`?"));
    let text = problem().replacen("concepts = [\"caching\"]", "concepts = []", 1);
    let mut files = base();
    files.retain(|f| !f.path.starts_with("problems/"));
    files.push(SourceFile::new("problems/url-shortener.toml", text));
    assert_eq!(load(&files).diagnostics[0].code, "item-without-concepts");
}

#[test]
fn every_fact_needs_a_question_and_an_answer() {
    let text = problem().replacen("questions = [\"Reads per write?\"]", "questions = []", 1);
    check(
        "problems/url-shortener.toml",
        &text,
        &["problems/url-shortener.toml:16 fact-without-question", "problems/url-shortener.toml:1 too-few"]
            .iter()
            .rev()
            .copied()
            .collect::<Vec<_>>(),
    );
    let text = problem().replacen("answer = \"100 to 1.\"\n", "", 1);
    let d = {
        let mut files = base();
        files.retain(|f| !f.path.starts_with("problems/"));
        files.push(SourceFile::new("problems/url-shortener.toml", text));
        load(&files).diagnostics
    };
    assert!(d.iter().any(|d| d.code == "missing-field" && d.message.contains("`answer`")), "{d:#?}");
}

#[test]
fn rubric_must_cover_every_dimension_of_its_kind() {
    let text = problem().replace("dimension = \"api\"", "dimension = \"class-design\"");
    let mut files = base();
    files.retain(|f| !f.path.starts_with("problems/"));
    files.push(SourceFile::new("problems/url-shortener.toml", text));
    let codes: Vec<&str> = load(&files).diagnostics.iter().map(|d| d.code).collect();
    assert_eq!(codes, ["missing-dimension", "rubric-dimension"]);
}

#[test]
fn lld_problem_needs_its_design_section() {
    let text = problem().replace("kind = \"hld\"", "kind = \"lld\"");
    let mut files = base();
    files.retain(|f| !f.path.starts_with("problems/"));
    files.push(SourceFile::new("problems/url-shortener.toml", text));
    let codes: Vec<&str> = load(&files).diagnostics.iter().map(|d| d.code).collect();
    assert!(codes.contains(&"missing-lld"), "{codes:?}");
}

#[test]
fn names_may_not_shadow_units_or_repeat() {
    let text = problem().replace("name = \"reads_per_write\"", "name = \"day\"");
    let mut files = base();
    files.retain(|f| !f.path.starts_with("problems/"));
    files.push(SourceFile::new("problems/url-shortener.toml", text));
    let d = load(&files).diagnostics;
    assert_eq!(d[0].code, "bad-name", "{d:#?}");
    assert!(d[0].message.contains("is a unit"));
    let text = problem().replace("name = \"read_qps\"", "name = \"write_qps\"");
    let mut files = base();
    files.retain(|f| !f.path.starts_with("problems/"));
    files.push(SourceFile::new("problems/url-shortener.toml", text));
    assert!(load(&files).diagnostics.iter().any(|d| d.code == "duplicate-id"));
}

#[test]
fn bad_kind_lists_the_valid_ones() {
    let text = problem().replace("kind = \"hld\"", "kind = \"system\"");
    let mut files = base();
    files.retain(|f| !f.path.starts_with("problems/"));
    files.push(SourceFile::new("problems/url-shortener.toml", text));
    let d = load(&files).diagnostics;
    assert_eq!((d[0].code, d[0].line), ("bad-value", 3));
    assert_eq!(d[0].help.as_deref(), Some("use one of: hld, lld"));
}

#[test]
fn number_that_does_not_evaluate_is_reported() {
    check(
        "numbers.toml",
        &NUMBERS.replace("value = \"100 us\"", "value = \"100 uss\""),
        &["numbers.toml:5 bad-estimate", "problems/url-shortener.toml:54 bad-estimate"],
    );
}
