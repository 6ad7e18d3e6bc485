//! Scenario scripts: `>` lines are commands sent to the program, each followed by one
//! expectation for its reply: `<` for an exact line, `<?` for a rule. `#` starts a comment line.
//! Saved replies (`$name`) may appear in later commands and exact expectations; `$$` is a dollar.

use crate::expect::{Expect, Rule};

/// One command and what its reply must be.
#[derive(Clone, Debug, PartialEq)]
pub struct Step {
    /// Line of the command in the script, 1-based.
    pub line: u32,
    pub command: String,
    pub expect: Expect,
    /// Line of the expectation.
    pub expect_line: u32,
}

#[derive(Clone, Debug, PartialEq, Default)]
pub struct Script {
    pub steps: Vec<Step>,
}

/// Why a script does not read, with its line (1-based) and what to write instead.
#[derive(Clone, Debug, PartialEq)]
pub struct ScriptError {
    pub line: u32,
    pub message: String,
    pub help: String,
}

impl std::fmt::Display for ScriptError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {}: {} ({})", self.line, self.message, self.help)
    }
}

/// Reads a script; every error found is reported, not just the first.
pub fn parse(text: &str) -> Result<Script, Vec<ScriptError>> {
    let mut steps = Vec::new();
    let mut errors = Vec::new();
    let mut pending: Option<(u32, String)> = None;
    let mut saved: Vec<String> = Vec::new();
    let err = |line: u32, message: String, help: &str| ScriptError { line, message, help: help.to_owned() };
    for (i, raw) in text.lines().enumerate() {
        let line = u32::try_from(i + 1).unwrap_or(u32::MAX);
        let trimmed = raw.trim_end();
        let content = trimmed.trim_start();
        if content.is_empty() || content.starts_with('#') {
            continue;
        }
        if let Some(command) = content.strip_prefix('>') {
            let command = command.strip_prefix(' ').unwrap_or(command);
            if command.trim().is_empty() {
                errors.push(err(line, "a `>` line with no command".into(), "write the command after `> `"));
                continue;
            }
            if let Some((prev, cmd)) = pending.take() {
                errors.push(err(
                    prev,
                    format!("the command `{cmd}` has no expectation"),
                    "follow every `>` line with `< REPLY` or `<? RULE` (use `<? any` to accept any reply)",
                ));
            }
            check_names(command, &saved, line, &mut errors);
            pending = Some((line, command.to_owned()));
            continue;
        }
        let expect = if let Some(rule) = content.strip_prefix("<?") {
            match Rule::parse(rule.trim()) {
                Ok(expect) => expect,
                Err((message, help)) => {
                    errors.push(err(line, message, help));
                    pending = None;
                    continue;
                }
            }
        } else if let Some(exact) = content.strip_prefix('<') {
            let exact = exact.strip_prefix(' ').unwrap_or(exact);
            check_names(exact, &saved, line, &mut errors);
            Expect { rule: Rule::Exact(exact.to_owned()), save: None }
        } else {
            errors.push(err(
                line,
                format!("`{}` is neither a command nor an expectation", shorten(content)),
                "start the line with `> ` (a command), `< ` (the exact reply), `<? ` (a rule) or `#` (a comment)",
            ));
            continue;
        };
        let Some((command_line, command)) = pending.take() else {
            errors.push(err(
                line,
                "an expectation with no command before it".into(),
                "each `<` or `<?` line checks the reply to the `>` line just above it",
            ));
            continue;
        };
        if let Rule::Same(name) | Rule::Differs(name) = &expect.rule
            && !saved.contains(name)
        {
            errors.push(unknown_name(name, &saved, line));
        }
        if let Some(name) = &expect.save {
            saved.push(name.clone());
        }
        steps.push(Step { line: command_line, command, expect, expect_line: line });
    }
    if let Some((line, cmd)) = pending {
        errors.push(err(
            line,
            format!("the command `{cmd}` has no expectation"),
            "follow every `>` line with `< REPLY` or `<? RULE` (use `<? any` to accept any reply)",
        ));
    }
    if steps.is_empty() && errors.is_empty() {
        errors.push(err(
            1,
            "the script has no commands".into(),
            "add `> COMMAND` lines, each followed by `< REPLY`",
        ));
    }
    if errors.is_empty() { Ok(Script { steps }) } else { Err(errors) }
}

/// Every `$name` in `text` must have been saved by an earlier step.
fn check_names(text: &str, saved: &[String], line: u32, errors: &mut Vec<ScriptError>) {
    if let Err(name) = substitute(text, &|name| saved.iter().any(|s| s == name).then(String::new)) {
        errors.push(unknown_name(&name, saved, line));
    }
}

fn unknown_name(name: &str, saved: &[String], line: u32) -> ScriptError {
    let mut help = "save a reply first with `<? save NAME` or `<? RULE as NAME`".to_owned();
    if let Some(close) = suggest::closest(name, saved.iter().map(String::as_str)).first() {
        help = format!("did you mean `${close}`? ({help})");
    }
    ScriptError { line, message: format!("`${name}` was not saved by an earlier step"), help }
}

/// Replaces `$name` by its value; `$$` is a literal dollar. Returns the first unknown name.
pub(crate) fn substitute(text: &str, value: &dyn Fn(&str) -> Option<String>) -> Result<String, String> {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(pos) = rest.find('$') {
        out.push_str(&rest[..pos]);
        let after = &rest[pos + 1..];
        if let Some(tail) = after.strip_prefix('$') {
            out.push('$');
            rest = tail;
            continue;
        }
        let len = after.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).unwrap_or(after.len());
        if len == 0 {
            out.push('$');
            rest = after;
            continue;
        }
        let name = &after[..len];
        out.push_str(&value(name).ok_or_else(|| name.to_owned())?);
        rest = &after[len..];
    }
    out.push_str(rest);
    Ok(out)
}

fn shorten(text: &str) -> String {
    if text.chars().count() <= 40 {
        text.to_owned()
    } else {
        text.chars().take(40).collect::<String>() + "…"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn errors(text: &str) -> Vec<ScriptError> {
        parse(text).expect_err("the script should not read")
    }

    #[test]
    fn reads_commands_with_exact_and_rule_expectations() {
        let script =
            parse("# warm up\n> put a 1\n< ok\n\n> get a\n<? one-of 1 | 2 as v\n> echo $v\n< $v\n").unwrap();
        assert_eq!(script.steps.len(), 3);
        assert_eq!(script.steps[0].command, "put a 1");
        assert_eq!(script.steps[0].line, 2);
        assert_eq!(script.steps[0].expect_line, 3);
        assert_eq!(script.steps[1].expect.save.as_deref(), Some("v"));
        assert_eq!(script.steps[2].command, "echo $v");
    }

    #[test]
    fn a_command_without_expectation_is_an_error_at_its_line() {
        let e = errors("> put a 1\n> get a\n< 1\n");
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].line, 1);
        assert!(e[0].message.contains("put a 1"), "{}", e[0].message);
        assert!(e[0].help.contains("<? any"));
        let e = errors("> put a 1\n< ok\n> get a\n");
        assert_eq!(e[0].line, 3);
    }

    #[test]
    fn an_expectation_without_command_is_an_error() {
        let e = errors("< ok\n");
        assert_eq!(e[0].line, 1);
        assert!(e[0].message.contains("no command"));
    }

    #[test]
    fn stray_text_and_empty_scripts_are_errors() {
        let e = errors("put a 1\n");
        assert!(e[0].help.contains("start the line with"), "{:?}", e[0]);
        let e = errors("# only a comment\n");
        assert!(e[0].message.contains("no commands"));
        let e = errors(">   \n");
        assert!(e[0].message.contains("no command"));
    }

    #[test]
    fn unknown_saved_names_are_errors_with_a_suggestion() {
        let e = errors("> a\n<? save code\n> resolve $cod\n< x\n");
        assert_eq!(e[0].line, 3);
        assert!(e[0].help.contains("$code"), "{}", e[0].help);
        let e = errors("> a\n<? same nothing\n");
        assert!(e[0].message.contains("$nothing"));
    }

    #[test]
    fn bad_rules_are_reported_with_every_other_error() {
        let e = errors("> a\n<? frobnicate 3\n> b\n< x\n> c\n");
        assert_eq!(e.len(), 2, "{e:?}");
        assert_eq!(e[0].line, 2);
        assert_eq!(e[1].line, 5);
    }

    #[test]
    fn substitution_replaces_names_and_keeps_literal_dollars() {
        let values = |n: &str| (n == "id").then(|| "42".to_owned());
        assert_eq!(substitute("get $id now", &values).unwrap(), "get 42 now");
        assert_eq!(substitute("cost $$5 and $", &values).unwrap(), "cost $5 and $");
        assert_eq!(substitute("$id,$id", &values).unwrap(), "42,42");
        assert_eq!(substitute("get $other", &values), Err("other".to_owned()));
    }
}
