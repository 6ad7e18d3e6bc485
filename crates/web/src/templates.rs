//! The page templates, embedded in the binary and compiled once at start-up.

use minijinja::value::Serde;
use minijinja::{Environment, Value};
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
];

pub(crate) fn environment() -> Environment<'static> {
    let mut env = Environment::new();
    for (name, source) in TEMPLATES {
        // Templates are part of the binary and compiled by a test; a failure here is a bug.
        env.add_template(name, source).unwrap_or_else(|e| panic!("template {name} does not compile: {e:#}"));
    }
    env.add_global("asset_version", assets::version());
    env.add_filter("plural", |n: usize, one: String, many: String| if n == 1 { one } else { many });
    env
}

/// Renders a template with a serialisable context.
pub(crate) fn render(env: &Environment<'_>, name: &str, context: impl Serialize) -> Result<String, AppError> {
    let template = env.get_template(name).map_err(AppError::internal)?;
    template.render(Value::from(Serde(&context))).map_err(|e| AppError::internal(format!("{e:#}")))
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
}
