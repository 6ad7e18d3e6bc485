//! The canonical form of a design: one statement per line (so line numbers survive), paths
//! indented under their flow, shorthands spelled out the same way every time, single spaces.

use crate::catalogue::Kind;
use crate::syntax::{Attr, Line, Statement};

pub fn format(lines: &[Line]) -> String {
    let mut out = String::new();
    let mut in_flow = false;
    for (i, l) in lines.iter().enumerate() {
        let text = match &l.statement {
            Statement::Title(t) => {
                in_flow = false;
                format!("design \"{}\"", t.text)
            }
            Statement::Setting { key, value } => {
                in_flow = false;
                join(&["set", &key.text, &words(value)])
            }
            Statement::Component { id, kind, attrs } => {
                in_flow = false;
                // Aliases such as `redis` stay as written: they say more than the canonical kind.
                let kind = if Kind::parse(&kind.text).is_some() {
                    kind.text.to_ascii_lowercase()
                } else {
                    kind.text.clone()
                };
                join(&[&format!("{}:", id.text), &kind, &attributes(attrs)])
            }
            Statement::Flow { name, rate, attrs } => {
                in_flow = true;
                join(&["flow", &format!("{}:", name.text), &words(rate), &attributes(attrs)])
            }
            Statement::Path { nodes, arrows, attrs } => {
                let mut parts = vec![nodes[0].text.clone()];
                for (a, n) in arrows.iter().zip(&nodes[1..]) {
                    parts.push(a.as_str().to_owned());
                    parts.push(n.text.clone());
                }
                let indent = if in_flow { "  " } else { "" };
                format!("{indent}{}", join(&[&parts.join(" "), &path_attributes(attrs)]))
            }
            Statement::Objective { flow, attrs } => {
                in_flow = false;
                join(&["objective", &format!("{}:", flow.text), &attributes(attrs)])
            }
            Statement::Scenario(section) => {
                // The section is the simulator's text: kept as written, line for line.
                let mut text = "scenario".to_owned();
                if let Some(c) = &l.comment {
                    text.push_str(&if c.is_empty() { "  #".to_owned() } else { format!("  # {c}") });
                }
                for line in section {
                    text.push('\n');
                    text.push_str(line);
                }
                out.push_str(&text);
                out.push('\n');
                continue;
            }
            Statement::Comment(c) if c.is_empty() => String::new(),
            Statement::Comment(c) => {
                // A comment belongs to the flow only when more of the flow's paths follow it;
                // one that introduces the next statement stays at the margin.
                let before_path = lines[i + 1..]
                    .iter()
                    .find(|n| !matches!(n.statement, Statement::Comment(_)))
                    .is_some_and(|n| matches!(n.statement, Statement::Path { .. }));
                let indent = if in_flow && before_path { "  " } else { "" };
                format!("{indent}# {c}")
            }
        };
        out.push_str(&text);
        if let Some(c) = &l.comment {
            if c.is_empty() {
                out.push_str("  #");
            } else {
                out.push_str(&format!("  # {c}"));
            }
        }
        out.push('\n');
    }
    // One trailing newline, no trailing blank lines.
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

fn words(ws: &[crate::syntax::Word]) -> String {
    ws.iter().map(|w| w.text.as_str()).collect::<Vec<_>>().join(" ")
}

fn join(parts: &[&str]) -> String {
    parts.iter().filter(|p| !p.is_empty()).copied().collect::<Vec<_>>().join(" ")
}

fn attributes(attrs: &[Attr]) -> String {
    attrs.iter().map(|a| join(&[&a.key.text, &a.value_text()])).collect::<Vec<_>>().join(" ")
}

/// Path attributes keep their short forms: `30%` for a share, `x4` for a whole fan-out.
fn path_attributes(attrs: &[Attr]) -> String {
    attrs
        .iter()
        .map(|a| {
            let v = a.value_text();
            match a.key.text.as_str() {
                "share" if v.ends_with('%') && !v.contains(' ') => v,
                "fanout" if !v.is_empty() && v.chars().all(|c| c.is_ascii_digit()) => format!("x{v}"),
                _ => join(&[&a.key.text, &v]),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fmt(text: &str) -> String {
        format(&crate::syntax::parse(text).0)
    }

    #[test]
    fn comments_inside_a_flow_indent_and_comments_before_the_next_statement_do_not() {
        let text = "flow a: 1/s\n  web -> api\n# the api calls the db\n  api -> db\n\n# the next flow\nflow b: 2/s\n  web -> api\n# trailing note\n";
        assert_eq!(
            fmt(text),
            "flow a: 1/s\n  web -> api\n  # the api calls the db\n  api -> db\n\n# the next flow\nflow b: 2/s\n  web -> api\n# trailing note\n"
        );
    }

    #[test]
    fn a_scenario_section_is_kept_as_written_and_ends_the_design() {
        let text = "api: service\nscenario:   # the outage\nset duration 60s   \n  fail api at 10s\n# api: not a component here\n";
        assert_eq!(
            fmt(text),
            "api: service\nscenario  # the outage\nset duration 60s\n  fail api at 10s\n# api: not a component here\n"
        );
        let parsed = crate::parse(text);
        assert_eq!(parsed.design.components.len(), 1);
        assert_eq!(
            parsed.scenario_text().as_deref(),
            Some("\n\nset duration 60s\n  fail api at 10s\n# api: not a component here\n")
        );
        assert_eq!(crate::parse("api: service\n").scenario_text(), None);
        // A component may still be called `scenario`.
        assert_eq!(crate::parse("scenario: service\n").design.components[0].id, "scenario");
    }
}
