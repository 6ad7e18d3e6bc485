//! The design language's syntax: one statement per line, read into a tree that keeps every
//! word's position and every comment, so the formatter can print it back and diagnostics can
//! point at a column. Reading never fails: a line it cannot read becomes a diagnostic.
//!
//! ```text
//! design "URL shortener"
//! set horizon 5 years
//! api: service x6 latency 8 ms zone a b c      # a component: id, kind, attributes
//! flow redirect: 116K/s peak 3 read response 500 B
//!   web -> lb -> api -> cache -> db            # the flow's path; a cache passes on misses
//!   api ~> clicks 100%                         # ~> is asynchronous
//! objective redirect: availability 99.99% p99 50 ms
//! ```

use crate::diagnostic::Diagnostic;

/// A word of the source and where it starts (1-based line and column).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Word {
    pub text: String,
    pub line: u32,
    pub col: u32,
}

/// An attribute: a keyword and, unless it is a flag, the words of its value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Attr {
    pub key: Word,
    pub value: Vec<Word>,
}

impl Attr {
    pub fn value_text(&self) -> String {
        self.value.iter().map(|w| w.text.as_str()).collect::<Vec<_>>().join(" ")
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Arrow {
    /// `->`: the caller waits.
    Sync,
    /// `~>`: handed off; the caller does not wait.
    Async,
}

impl Arrow {
    pub fn as_str(self) -> &'static str {
        match self {
            Arrow::Sync => "->",
            Arrow::Async => "~>",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Statement {
    Title(Word),
    Setting {
        key: Word,
        value: Vec<Word>,
    },
    Component {
        id: Word,
        kind: Word,
        attrs: Vec<Attr>,
    },
    Flow {
        name: Word,
        rate: Vec<Word>,
        attrs: Vec<Attr>,
    },
    Path {
        nodes: Vec<Word>,
        arrows: Vec<Arrow>,
        attrs: Vec<Attr>,
    },
    Objective {
        flow: Word,
        attrs: Vec<Attr>,
    },
    /// A line that is only a comment, or blank (`text` empty).
    Comment(String),
    /// `scenario` on a line of its own: every line after it, as written, is a simulation scenario
    /// (the simulator's language, not this one), kept with the design so one file holds both.
    Scenario(Vec<String>),
}

/// A statement and the comment written after it on the same line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Line {
    pub statement: Statement,
    pub comment: Option<String>,
    pub line: u32,
}

/// Keywords that start an attribute, per statement kind. A value runs until the next keyword.
pub const COMPONENT_KEYS: &[&str] = &[
    "replicas",
    "shards",
    "capacity",
    "write_capacity",
    "latency",
    "concurrency",
    "hit",
    "memory",
    "eviction",
    "working_set",
    "disk",
    "zone",
    "region",
    "availability",
    "cost",
];
/// Attributes that take no value.
pub const COMPONENT_FLAGS: &[&str] = &["stateful", "rate_limit", "dlq", "retries", "failover"];
pub const FLOW_KEYS: &[&str] = &["peak", "payload", "request", "response", "stores", "retain"];
pub const FLOW_FLAGS: &[&str] = &["read", "write"];
pub const PATH_KEYS: &[&str] = &["share", "fanout", "payload"];
pub const PATH_FLAGS: &[&str] = &["hit", "miss"];
pub const OBJECTIVE_KEYS: &[&str] = &["availability", "p50", "p99", "mean"];
pub const SETTINGS: &[&str] = &["horizon", "target_utilization", "hop_latency", "egress_cost"];

pub fn parse(src: &str) -> (Vec<Line>, Vec<Diagnostic>) {
    let mut lines = Vec::new();
    let mut diagnostics = Vec::new();
    let raw_lines: Vec<&str> = src.lines().collect();
    for (i, raw) in raw_lines.iter().enumerate() {
        let line_no = i as u32 + 1;
        let (code, comment) = split_comment(raw);
        let words = words(code, line_no);
        let comment = comment.map(|c| c.trim().to_owned());
        if let [only] = words.as_slice()
            && (only.text == "scenario" || only.text == "scenario:")
        {
            let mut section: Vec<String> =
                raw_lines[i + 1..].iter().map(|l| l.trim_end().to_owned()).collect();
            while section.last().is_some_and(|l| l.is_empty()) {
                section.pop();
            }
            lines.push(Line { statement: Statement::Scenario(section), comment, line: line_no });
            break;
        }
        if words.is_empty() {
            lines.push(Line {
                statement: Statement::Comment(comment.unwrap_or_default()),
                comment: None,
                line: line_no,
            });
            continue;
        }
        match statement(&words, &mut diagnostics) {
            Some(statement) => lines.push(Line { statement, comment, line: line_no }),
            None => {
                // Keep the text as a comment so nothing the author wrote is lost by `fmt`.
                lines.push(Line {
                    statement: Statement::Comment(format!("?? {}", code.trim())),
                    comment,
                    line: line_no,
                });
            }
        }
    }
    (lines, diagnostics)
}

/// The code and the comment of a line; `#` inside double quotes is not a comment.
fn split_comment(raw: &str) -> (&str, Option<&str>) {
    let mut quoted = false;
    for (i, c) in raw.char_indices() {
        match c {
            '"' => quoted = !quoted,
            '#' if !quoted => return (&raw[..i], Some(&raw[i + 1..])),
            _ => {}
        }
    }
    (raw, None)
}

/// Splits a line into words with their columns; arrows are words even when written against
/// their neighbours (`a->b`), and a quoted title stays one word.
fn words(code: &str, line: u32) -> Vec<Word> {
    let mut out = Vec::new();
    let chars: Vec<(usize, char)> = code.char_indices().collect();
    let col_of = |i: usize| code[..chars[i].0].chars().count() as u32 + 1;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i].1;
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        let start = i;
        if c == '"' {
            i += 1;
            while i < chars.len() && chars[i].1 != '"' {
                i += 1;
            }
            i = (i + 1).min(chars.len());
        } else if (c == '-' || c == '~') && chars.get(i + 1).is_some_and(|n| n.1 == '>') {
            i += 2;
        } else {
            while i < chars.len() && !chars[i].1.is_whitespace() {
                let here = chars[i].1;
                if (here == '-' || here == '~') && chars.get(i + 1).is_some_and(|n| n.1 == '>') && i > start {
                    break;
                }
                i += 1;
            }
        }
        let end = chars.get(i).map_or(code.len(), |c| c.0);
        out.push(Word { text: code[chars[start].0..end].to_owned(), line, col: col_of(start) });
    }
    out
}

fn statement(words: &[Word], diagnostics: &mut Vec<Diagnostic>) -> Option<Statement> {
    let first = words[0].text.as_str();
    if words.iter().any(|w| w.text == "->" || w.text == "~>") {
        return path(words, diagnostics);
    }
    match first {
        "design" => {
            let Some(title) = words.get(1) else {
                diagnostics.push(
                    Diagnostic::error(&words[0], "`design` needs a title")
                        .with_help("write `design \"URL shortener\"`"),
                );
                return None;
            };
            // The title is printed back in quotes, so a quote inside it cannot survive: drop them.
            let text = words[1..].iter().map(|w| w.text.as_str()).collect::<Vec<_>>().join(" ");
            Some(Statement::Title(Word { text: text.replace('"', "").trim().to_owned(), ..title.clone() }))
        }
        "set" => {
            let Some(key) = words.get(1) else {
                diagnostics.push(
                    Diagnostic::error(&words[0], "`set` needs a setting and a value")
                        .with_help(format!("settings: {}", SETTINGS.join(", "))),
                );
                return None;
            };
            Some(Statement::Setting { key: key.clone(), value: words[2..].to_vec() })
        }
        "flow" => {
            let (name, rest) = named(words, "flow", diagnostics)?;
            let (rate, attrs) = attributes(&rest, FLOW_KEYS, FLOW_FLAGS, diagnostics);
            Some(Statement::Flow { name, rate, attrs })
        }
        "objective" => {
            let (flow, rest) = named(words, "objective", diagnostics)?;
            let (stray, attrs) = attributes(&rest, OBJECTIVE_KEYS, &[], diagnostics);
            if let Some(w) = stray.first() {
                diagnostics.push(unknown_attribute(w, OBJECTIVE_KEYS));
            }
            Some(Statement::Objective { flow, attrs })
        }
        _ => {
            // A component: `id: kind attr...` or `id : kind ...`.
            let (id, kind_at) = if let Some(stripped) = first.strip_suffix(':') {
                (Word { text: stripped.to_owned(), ..words[0].clone() }, 1)
            } else if words.get(1).is_some_and(|w| w.text == ":") {
                (words[0].clone(), 2)
            } else if let Some((id, kind)) = first.split_once(':') {
                // `api:service`
                let id_word = Word { text: id.to_owned(), ..words[0].clone() };
                let kind_word = Word {
                    text: kind.to_owned(),
                    col: words[0].col + id.chars().count() as u32 + 1,
                    ..words[0].clone()
                };
                let (stray, attrs) = attributes(&words[1..], COMPONENT_KEYS, COMPONENT_FLAGS, diagnostics);
                report_stray(&stray, COMPONENT_KEYS, diagnostics);
                return Some(Statement::Component { id: id_word, kind: kind_word, attrs });
            } else {
                diagnostics.push(
                    Diagnostic::error(&words[0], format!("cannot read this line: `{first}` starts no statement"))
                        .with_help("lines are `id: kind ...` (a component), `flow name: rate ...`, a path `a -> b`, `objective flow: ...`, `set ...` or `# comment`"),
                );
                return None;
            };
            let Some(kind) = words.get(kind_at) else {
                diagnostics.push(
                    Diagnostic::error(
                        &words[0],
                        format!("component `{}` needs a kind after the colon", id.text),
                    )
                    .with_help("for example `api: service`"),
                );
                return None;
            };
            let (stray, attrs) =
                attributes(&words[kind_at + 1..], COMPONENT_KEYS, COMPONENT_FLAGS, diagnostics);
            report_stray(&stray, COMPONENT_KEYS, diagnostics);
            Some(Statement::Component { id, kind: kind.clone(), attrs })
        }
    }
}

/// `flow name: ...` and `objective name: ...`: the name (colon optional, spaces around it
/// optional: `flow r:10/s`) and the rest.
fn named(words: &[Word], keyword: &str, diagnostics: &mut Vec<Diagnostic>) -> Option<(Word, Vec<Word>)> {
    let Some(name) = words.get(1) else {
        diagnostics.push(
            Diagnostic::error(&words[0], format!("`{keyword}` needs a name"))
                .with_help(format!("write `{keyword} redirect: ...`")),
        );
        return None;
    };
    let mut rest: Vec<Word> = words[2..].to_vec();
    let text = match name.text.split_once(':') {
        Some((n, after)) => {
            if !after.is_empty() {
                let col = name.col + n.chars().count() as u32 + 1;
                rest.insert(0, Word { text: after.to_owned(), line: name.line, col });
            }
            n.to_owned()
        }
        None => {
            if rest.first().is_some_and(|w| w.text == ":") {
                rest.remove(0);
            }
            name.text.clone()
        }
    };
    Some((Word { text, ..name.clone() }, rest))
}

/// Splits words into a leading value (before any keyword) and keyword attributes. `xN` is short
/// for `replicas N` on components and `fanout N` on paths; `NN%` on a path is its share.
fn attributes(
    words: &[Word],
    keys: &[&str],
    flags: &[&str],
    _diagnostics: &mut [Diagnostic],
) -> (Vec<Word>, Vec<Attr>) {
    let mut lead = Vec::new();
    let mut attrs: Vec<Attr> = Vec::new();
    for w in words {
        // A keyword still waiting for its value takes the next word as it is: `share 95%` is one
        // share, not a keyword followed by the `95%` shorthand for another.
        if let Some(last) =
            attrs.last_mut().filter(|a| a.value.is_empty() && !flags.contains(&a.key.text.as_str()))
            && !keys.contains(&w.text.as_str())
            && !flags.contains(&w.text.as_str())
        {
            last.value.push(w.clone());
            continue;
        }
        let shorthand_replicas = keys.contains(&"replicas") && is_times(&w.text);
        let shorthand_fanout = keys.contains(&"fanout") && is_times(&w.text);
        let shorthand_share = keys.contains(&"share")
            && w.text.ends_with('%')
            && attrs.last().is_none_or(|a| a.key.text != "payload");
        if keys.contains(&w.text.as_str()) || flags.contains(&w.text.as_str()) {
            attrs.push(Attr { key: w.clone(), value: Vec::new() });
        } else if shorthand_replicas || shorthand_fanout {
            let key = if shorthand_replicas { "replicas" } else { "fanout" };
            attrs.push(Attr {
                key: Word { text: key.into(), ..w.clone() },
                value: vec![Word { text: w.text[1..].to_owned(), col: w.col + 1, ..w.clone() }],
            });
        } else if shorthand_share {
            attrs.push(Attr { key: Word { text: "share".into(), ..w.clone() }, value: vec![w.clone()] });
        } else if let Some(last) = attrs.last_mut().filter(|a| !flags.contains(&a.key.text.as_str())) {
            last.value.push(w.clone());
        } else {
            lead.push(w.clone());
        }
    }
    (lead, attrs)
}

fn is_times(text: &str) -> bool {
    text.len() > 1 && text.starts_with('x') && text[1..].chars().all(|c| c.is_ascii_digit())
}

fn report_stray(stray: &[Word], keys: &[&str], diagnostics: &mut Vec<Diagnostic>) {
    if let Some(w) = stray.first() {
        diagnostics.push(unknown_attribute(w, keys));
    }
}

pub(crate) fn unknown_attribute(w: &Word, keys: &[&str]) -> Diagnostic {
    let d = Diagnostic::error(w, format!("unknown attribute `{}`", w.text));
    // `x` followed by a name or an expression: the shorthand takes only a whole number.
    if w.text.starts_with('x') && keys.contains(&"fanout") {
        let what = if w.text.len() > 1 { &w.text[1..] } else { "NAME" };
        return d.with_help(format!(
            "`xN` takes a whole number; for a name or an expression write `fanout {what}`"
        ));
    }
    match suggest::closest(&w.text, keys.iter().copied().chain(COMPONENT_FLAGS.iter().copied())).first() {
        Some(s) => d.with_help(format!("did you mean `{s}`?")),
        None => d.with_help(format!("attributes here: {}", keys.join(", "))),
    }
}

fn path(words: &[Word], diagnostics: &mut Vec<Diagnostic>) -> Option<Statement> {
    let mut nodes = Vec::new();
    let mut arrows = Vec::new();
    let mut i = 0;
    let mut expect_node = true;
    while i < words.len() {
        let w = &words[i];
        let arrow = match w.text.as_str() {
            "->" => Some(Arrow::Sync),
            "~>" => Some(Arrow::Async),
            _ => None,
        };
        match (expect_node, arrow) {
            (true, None) => {
                nodes.push(w.clone());
                expect_node = false;
            }
            (false, Some(a)) => {
                arrows.push(a);
                expect_node = true;
            }
            (true, Some(_)) => {
                diagnostics.push(
                    Diagnostic::error(w, "an arrow needs a component on each side")
                        .with_help("write `a -> b`"),
                );
                return None;
            }
            (false, None) => break,
        }
        i += 1;
    }
    // A word between components (`a b -> c`, or a flow line with an arrow in it) leaves arrows
    // after the attributes: the line is no path, and reading part of it would change its meaning.
    if let Some(stray) = words[i..].iter().find(|w| w.text == "->" || w.text == "~>") {
        diagnostics.push(
            Diagnostic::error(&words[i], format!("`{}` cannot stand between components", words[i].text))
                .with_help(format!(
                    "a path is one component per step, `a -> b -> c`; a flow's paths go on their own lines (the arrow at column {} is on this line)",
                    stray.col
                )),
        );
        return None;
    }
    if expect_node {
        let last = words.last().expect("a path line has words");
        diagnostics.push(
            Diagnostic::error(last, "the path ends with an arrow")
                .with_help("name the component the arrow points to"),
        );
        return None;
    }
    let (stray, attrs) = attributes(&words[i..], PATH_KEYS, PATH_FLAGS, diagnostics);
    if let Some(w) = stray.first() {
        diagnostics.push(unknown_attribute(w, PATH_KEYS));
    }
    Some(Statement::Path { nodes, arrows, attrs })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_title_loses_stray_quotes_so_it_prints_back_the_same() {
        let Statement::Title(t) = one("design \"major card\"Crypt\"") else { panic!() };
        assert_eq!(t.text, "major card Crypt");
        let Statement::Title(t) = one("design URL shortener") else { panic!() };
        assert_eq!(t.text, "URL shortener");
    }

    #[test]
    fn a_keyword_takes_a_shorthand_looking_word_as_its_value() {
        let Statement::Path { attrs, .. } = one("a -> b share 95%") else { panic!() };
        assert_eq!(attrs.len(), 1);
        assert_eq!((attrs[0].key.text.as_str(), attrs[0].value_text()), ("share", "95%".to_owned()));
        let Statement::Component { attrs, .. } = one("api: service replicas x3") else { panic!() };
        assert_eq!((attrs[0].key.text.as_str(), attrs[0].value_text()), ("replicas", "x3".to_owned()));
        // Formatting such a line twice gives the same text.
        let (lines, _) = parse("a -> b hit share 95% memory 64 GB\n");
        let once = crate::fmt::format(&lines);
        assert_eq!(crate::fmt::format(&parse(&once).0), once);
    }

    #[test]
    fn a_line_with_words_between_components_is_no_path() {
        let (lines, d) = parse("flow verify: 10/s read api -> db 1%\nweb api -> db\n");
        assert_eq!(d.len(), 2, "{d:?}");
        assert_eq!(d[0].message, "`verify:` cannot stand between components");
        assert_eq!((d[0].line, d[0].col), (1, 6));
        assert_eq!(d[1].message, "`api` cannot stand between components");
        assert!(lines.iter().all(|l| matches!(l.statement, Statement::Comment(_))));
    }

    fn one(src: &str) -> Statement {
        let (lines, d) = parse(src);
        assert!(d.is_empty(), "{d:?}");
        lines.into_iter().next().unwrap().statement
    }

    #[test]
    fn component_with_shorthand_and_multi_word_values() {
        let Statement::Component { id, kind, attrs } =
            one("api: service x6 latency 8 ms zone a b c stateful")
        else {
            panic!()
        };
        assert_eq!((id.text.as_str(), kind.text.as_str()), ("api", "service"));
        let shown: Vec<(String, String)> =
            attrs.iter().map(|a| (a.key.text.clone(), a.value_text())).collect();
        assert_eq!(
            shown,
            [
                ("replicas".into(), "6".into()),
                ("latency".into(), "8 ms".into()),
                ("zone".into(), "a b c".into()),
                ("stateful".into(), "".into())
            ]
        );
        assert_eq!(attrs[1].value[0].col, 25);
    }

    #[test]
    fn paths_split_arrows_and_read_share_and_fanout() {
        let Statement::Path { nodes, arrows, attrs } = one("web->lb -> api ~> q 30% x4 hit") else {
            panic!()
        };
        let names: Vec<&str> = nodes.iter().map(|n| n.text.as_str()).collect();
        assert_eq!(names, ["web", "lb", "api", "q"]);
        assert_eq!(arrows, [Arrow::Sync, Arrow::Sync, Arrow::Async]);
        let keys: Vec<&str> = attrs.iter().map(|a| a.key.text.as_str()).collect();
        assert_eq!(keys, ["share", "fanout", "hit"]);
        assert_eq!(nodes[1].col, 6);
    }

    #[test]
    fn flows_objectives_settings_comments() {
        let (lines, d) = parse(
            "# top\nflow redirect: 116K/s peak 3 read response 500 B  # hot\nobjective redirect: availability 99.99% p99 50 ms\nset horizon 5 years\n\ndesign \"URL shortener\"",
        );
        assert!(d.is_empty(), "{d:?}");
        assert!(matches!(&lines[0].statement, Statement::Comment(c) if c == "top"));
        let Statement::Flow { name, rate, attrs } = &lines[1].statement else { panic!() };
        assert_eq!(name.text, "redirect");
        assert_eq!(rate[0].text, "116K/s");
        assert_eq!(attrs.len(), 3);
        assert_eq!(lines[1].comment.as_deref(), Some("hot"));
        assert!(matches!(&lines[2].statement, Statement::Objective { attrs, .. } if attrs.len() == 2));
        assert!(matches!(&lines[5].statement, Statement::Title(t) if t.text == "URL shortener"));
    }

    #[test]
    fn x_with_a_name_points_at_fanout() {
        for (text, want) in [
            ("flow f: 1/s\n  a -> b x followers\n", "fanout NAME"),
            ("flow f: 1/s\n  a -> b xfollowers\n", "fanout followers"),
        ] {
            let (_, diagnostics) = parse(text);
            let help = diagnostics[0].help.as_deref().unwrap_or("");
            assert!(help.contains(want), "{text}: {help}");
        }
    }

    #[test]
    fn unreadable_lines_are_diagnostics_and_kept_as_text() {
        let (lines, d) = parse("this is nonsense\napi: service replica 3\nweb ->\nflow");
        assert_eq!(d.len(), 4, "{d:?}");
        assert_eq!((d[0].line, d[0].col), (1, 1));
        assert_eq!(d[1].help.as_deref(), Some("did you mean `replicas`?"));
        assert!(matches!(&lines[0].statement, Statement::Comment(c) if c.starts_with("??")));
    }
}
