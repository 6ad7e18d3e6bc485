//! The page templates, embedded in the binary and compiled once at start-up.

use minijinja::value::Serde;
use minijinja::{AutoEscape, Environment, Value};
use serde::Serialize;

use crate::assets;
use crate::error::AppError;

/// Every template, by name. A new page adds its file here.
const TEMPLATES: &[(&str, &str)] = &[
    ("base.html", include_str!("../templates/base.html")),
    ("macros.html", include_str!("../templates/macros.html")),
    ("home.html", include_str!("../templates/home.html")),
    ("learn.html", include_str!("../templates/learn.html")),
    ("area.html", include_str!("../templates/area.html")),
    ("topic.html", include_str!("../templates/topic.html")),
    ("search.html", include_str!("../templates/search.html")),
    ("search_results.html", include_str!("../templates/search_results.html")),
    ("glossary.html", include_str!("../templates/glossary.html")),
    ("not_found.html", include_str!("../templates/not_found.html")),
    ("problems.html", include_str!("../templates/problems.html")),
    ("problem.html", include_str!("../templates/problem.html")),
    ("drills.html", include_str!("../templates/drills.html")),
    ("drill.html", include_str!("../templates/drill.html")),
    ("design_lab.html", include_str!("../templates/design_lab.html")),
    ("design_result.html", include_str!("../templates/design_result.html")),
    ("katas.html", include_str!("../templates/katas.html")),
    ("design_sim.html", include_str!("../templates/design_sim.html")),
    ("kata.html", include_str!("../templates/kata.html")),
];

pub(crate) fn environment() -> Environment<'static> {
    let mut env = Environment::new();
    for (name, source) in TEMPLATES {
        // Templates are part of the binary and compiled by a test; a failure here is a bug.
        env.add_template(name, source).unwrap_or_else(|e| panic!("template {name} does not compile: {e:#}"));
    }
    // minijinja's default also escapes `/`, which turns every URL into `&#x2f;` soup; the five
    // characters that matter in HTML text and quoted attributes are enough.
    env.set_formatter(|out, state, value| {
        if matches!(state.auto_escape(), AutoEscape::Html)
            && !value.is_safe()
            && let Some(text) = value.as_str()
        {
            return out.write_str(&escape(text)).map_err(minijinja::Error::from);
        }
        minijinja::escape_formatter(out, state, value)
    });
    env.add_global("asset_version", assets::version());
    env.add_filter("plural", |n: usize, one: String, many: String| if n == 1 { one } else { many });
    env
}

/// Renders a template with a serialisable context.
pub(crate) fn render(env: &Environment<'_>, name: &str, context: impl Serialize) -> Result<String, AppError> {
    let template = env.get_template(name).map_err(AppError::internal)?;
    template.render(Value::from(Serde(&context))).map_err(|e| AppError::internal(format!("{e:#}")))
}

/// Escapes text for HTML content and double- or single-quoted attributes.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_template_compiles() {
        let env = super::environment();
        for (name, _) in super::TEMPLATES {
            assert!(env.get_template(name).is_ok(), "{name}");
        }
    }

    #[test]
    fn values_are_escaped_but_urls_stay_readable() {
        let mut env = super::environment();
        env.add_template("t.html", "<a href=\"{{ u }}\" title='{{ t }}'>{{ t }}</a>").unwrap();
        let html = env
            .get_template("t.html")
            .unwrap()
            .render(minijinja::context! { u => "/topics/x?a=1&b=2", t => "<b>\"it's\"</b>" })
            .unwrap();
        assert_eq!(
            html,
            "<a href=\"/topics/x?a=1&amp;b=2\" title='&lt;b&gt;&quot;it&#39;s&quot;&lt;/b&gt;'>&lt;b&gt;&quot;it&#39;s&quot;&lt;/b&gt;</a>"
        );
    }
}
