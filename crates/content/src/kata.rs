//! LLD katas (`katas/<id>.toml`): a statement, a line protocol and scenario scripts that a
//! learner's program must pass. Scripts are read here, so a broken one is a content diagnostic
//! with the file's own line number.

use serde::Deserialize;
use toml::Spanned;

use crate::diagnostic::{At, Diagnostic, LineIndex};
use crate::ids::{ProblemId, is_valid_id};
use crate::load::{Located, Spans, parse_toml, require};
use crate::problem::{Difficulty, Problem, ProblemKind};

/// Visible scenarios (examples) and hidden ones a kata needs at least.
pub const MIN_VISIBLE_SCENARIOS: usize = 2;
pub const MIN_HIDDEN_SCENARIOS: usize = 4;

#[derive(Clone, Debug)]
pub struct Kata {
    pub id: String,
    pub title: String,
    /// The LLD problem of the problem bank this kata makes runnable.
    pub problem: ProblemId,
    pub difficulty: Difficulty,
    pub summary: String,
    /// Markdown: what to build and the rules the scenarios hold it to.
    pub statement: String,
    pub commands: Vec<ProtocolCommand>,
    pub scenarios: Vec<Scenario>,
    pub file: String,
}

/// One command of the line protocol, as the statement documents it.
#[derive(Clone, Debug)]
pub struct ProtocolCommand {
    /// `put KEY VALUE`: the first word is the command.
    pub usage: String,
    /// The reply, e.g. `ok`, or `VALUE | miss`.
    pub reply: String,
    pub meaning: String,
}

#[derive(Clone, Debug)]
pub struct Scenario {
    pub name: String,
    /// Shown to the learner as an example; hidden scenarios run only in `kata run`.
    pub visible: bool,
    /// The script as written, and read.
    pub text: String,
    pub script: kata::Script,
    /// Line of the script's first line in the kata file.
    pub line: u32,
}

impl Kata {
    pub fn examples(&self) -> impl Iterator<Item = &Scenario> {
        self.scenarios.iter().filter(|s| s.visible)
    }
}

#[derive(Debug)]
pub(crate) struct RawKata {
    pub id: Located,
    pub stem: String,
    pub title: String,
    pub problem: Located,
    pub difficulty: Located,
    pub summary: String,
    pub statement: String,
    pub commands: Vec<ProtocolCommand>,
    pub scenarios: Vec<Scenario>,
    pub file: String,
    pub at: At,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct KataFile {
    id: Option<Spanned<String>>,
    title: Option<String>,
    problem: Option<Spanned<String>>,
    difficulty: Option<Spanned<String>>,
    summary: Option<String>,
    statement: Option<String>,
    #[serde(default)]
    commands: Vec<Spanned<CommandEntry>>,
    #[serde(default)]
    scenarios: Vec<Spanned<ScenarioEntry>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CommandEntry {
    usage: Option<String>,
    reply: Option<String>,
    meaning: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ScenarioEntry {
    name: Option<String>,
    #[serde(default)]
    visible: bool,
    script: Option<Spanned<String>>,
}

pub(crate) fn parse_kata(
    path: &str,
    text: &str,
    stem: &str,
    lines: &LineIndex<'_>,
    d: &mut Vec<Diagnostic>,
) -> Option<RawKata> {
    let file: KataFile = parse_toml(text, 0, lines, d)?;
    let spans = Spans { lines, offset: 0 };
    let at = lines.at(0);
    let id = require(file.id, "id", &at, d).map(|v| spans.located(v));
    let title = require(file.title, "title", &at, d);
    let problem = require(file.problem, "problem", &at, d).map(|v| spans.located(v));
    let difficulty = require(file.difficulty, "difficulty", &at, d).map(|v| spans.located(v));
    let summary = require(file.summary, "summary", &at, d);
    let statement = require(file.statement, "statement", &at, d);

    let commands: Vec<ProtocolCommand> = file
        .commands
        .into_iter()
        .filter_map(|c| {
            let at = spans.at(c.span());
            let c = c.into_inner();
            Some(ProtocolCommand {
                usage: require(c.usage, "usage", &at, d)?.trim().to_owned(),
                reply: require(c.reply, "reply", &at, d)?.trim().to_owned(),
                meaning: require(c.meaning, "meaning", &at, d)?.trim().to_owned(),
            })
        })
        .collect();
    let mut scenarios: Vec<Scenario> = Vec::new();
    for s in file.scenarios {
        let at = spans.at(s.span());
        let s = s.into_inner();
        let (Some(name), Some(script)) =
            (require(s.name, "name", &at, d), require(s.script, "script", &at, d))
        else {
            continue;
        };
        // A multi-line string drops the newline right after its opening quotes.
        let start = script.span().start;
        let opening = &text[start..];
        let skip = usize::from(opening.starts_with("\"\"\"\n") || opening.starts_with("'''\n"));
        let first_line = lines.at(start).line + u32::try_from(skip).unwrap_or(0);
        let body = script.into_inner();
        if scenarios.iter().any(|other| other.name == name) {
            d.push(
                Diagnostic::error("duplicate-scenario", &at, format!("two scenarios are called `{name}`"))
                    .with_help("give every scenario its own name; reports refer to scenarios by name"),
            );
            continue;
        }
        match kata::parse(&body) {
            Ok(parsed) => scenarios.push(Scenario {
                name,
                visible: s.visible,
                text: body,
                script: parsed,
                line: first_line,
            }),
            Err(errors) => {
                for e in errors {
                    let at = At { file: path.to_owned(), line: first_line + e.line - 1, col: 1 };
                    d.push(
                        Diagnostic::error("bad-script", &at, format!("scenario `{name}`: {}", e.message))
                            .with_help(e.help),
                    );
                }
            }
        }
    }
    Some(RawKata {
        id: id?,
        stem: stem.to_owned(),
        title: title?,
        problem: problem?,
        difficulty: difficulty?,
        summary: summary?.trim().to_owned(),
        statement: statement?,
        commands,
        scenarios,
        file: path.to_owned(),
        at,
    })
}

pub(crate) fn resolve_katas(raw: Vec<RawKata>, problems: &[Problem], d: &mut Vec<Diagnostic>) -> Vec<Kata> {
    let mut out: Vec<Kata> = Vec::new();
    for k in raw {
        if !is_valid_id(&k.id.value) {
            d.push(
                Diagnostic::error("bad-id", &k.id.at, format!("`{}` is not a valid id", k.id.value))
                    .with_help("ids are lowercase words joined by hyphens, like `lru-cache`"),
            );
            continue;
        }
        if k.id.value != k.stem {
            d.push(
                Diagnostic::error(
                    "id-mismatch",
                    &k.id.at,
                    format!("the kata `{}` is in `{}.toml`", k.id.value, k.stem),
                )
                .with_help(format!("rename the file to katas/{}.toml", k.id.value)),
            );
        }
        if out.iter().any(|o| o.id == k.id.value) {
            d.push(Diagnostic::error(
                "duplicate-id",
                &k.id.at,
                format!("kata `{}` is defined twice", k.id.value),
            ));
            continue;
        }
        let Some(difficulty) = Difficulty::parse(&k.difficulty.value) else {
            d.push(
                Diagnostic::error(
                    "bad-value",
                    &k.difficulty.at,
                    format!("`{}` is not a valid difficulty", k.difficulty.value),
                )
                .with_help("use one of: easy, medium, hard"),
            );
            continue;
        };
        let problem = match problems.iter().find(|p| p.id.as_str() == k.problem.value) {
            Some(p) if p.kind == ProblemKind::Lld => p.id.clone(),
            Some(p) => {
                d.push(
                    Diagnostic::error(
                        "not-lld",
                        &k.problem.at,
                        format!("`{}` is a {} problem", p.id, p.kind),
                    )
                    .with_help("a kata makes an LLD problem runnable; link it to one"),
                );
                continue;
            }
            None => {
                let ids = problems.iter().filter(|p| p.kind == ProblemKind::Lld).map(|p| p.id.as_str());
                let help = match suggest::closest(&k.problem.value, ids).first() {
                    Some(s) => format!("did you mean `{s}`?"),
                    None => "write the LLD problem first (problems/<id>.toml)".to_owned(),
                };
                d.push(
                    Diagnostic::error(
                        "unknown-reference",
                        &k.problem.at,
                        format!("problem `{}` does not exist", k.problem.value),
                    )
                    .with_help(help),
                );
                continue;
            }
        };
        if k.commands.len() < 2 {
            d.push(
                Diagnostic::error(
                    "too-few",
                    &k.at,
                    format!("the kata documents {} commands", k.commands.len()),
                )
                .with_help(
                    "add a [[commands]] entry (usage, reply, meaning) for every command of the protocol",
                ),
            );
        }
        let visible = k.scenarios.iter().filter(|s| s.visible).count();
        let hidden = k.scenarios.len() - visible;
        if visible < MIN_VISIBLE_SCENARIOS || hidden < MIN_HIDDEN_SCENARIOS {
            d.push(
                Diagnostic::error(
                    "too-few",
                    &k.at,
                    format!("the kata has {visible} visible and {hidden} hidden scenarios"),
                )
                .with_help(format!(
                    "a kata needs at least {MIN_VISIBLE_SCENARIOS} visible examples and {MIN_HIDDEN_SCENARIOS} hidden scenarios"
                )),
            );
        }
        // Every command a script sends should be documented, or the learner cannot know it.
        for s in &k.scenarios {
            for step in &s.script.steps {
                let word = step.command.split_whitespace().next().unwrap_or("");
                // A script may send an unknown command on purpose, to check it is refused.
                let refused = step.expect.rule == kata::Rule::Exact("error unknown-command".into());
                if !refused && !k.commands.iter().any(|c| c.usage.split_whitespace().next() == Some(word)) {
                    let at = At { file: k.file.clone(), line: s.line + step.line - 1, col: 1 };
                    d.push(
                        Diagnostic::error(
                            "undocumented-command",
                            &at,
                            format!(
                                "scenario `{}` sends `{word}`, which the protocol does not document",
                                s.name
                            ),
                        )
                        .with_help("add it to [[commands]] or fix the script"),
                    );
                }
            }
        }
        out.push(Kata {
            id: k.id.value,
            title: k.title,
            problem,
            difficulty,
            summary: k.summary,
            statement: k.statement,
            commands: k.commands,
            scenarios: k.scenarios,
            file: k.file,
        });
    }
    out.sort_by(|a, b| (a.difficulty, &a.title).cmp(&(b.difficulty, &b.title)));
    out
}
