//! What every handler shares: the corpus, its search index, pre-rendered pages and templates.

use std::collections::HashMap;
use std::sync::Arc;

use content::Corpus;
use minijinja::Environment;
use search::Index;

use crate::host::HostPolicy;
use crate::markdown::{self, Rendered};
use crate::templates;

/// Cheap to clone: everything is behind one `Arc`.
#[derive(Clone)]
pub struct AppState {
    inner: Arc<Inner>,
    pub(crate) host_policy: HostPolicy,
}

pub(crate) struct Inner {
    pub corpus: Corpus,
    pub index: Index,
    /// Topic bodies rendered to HTML once at start-up, with their table of contents.
    pub topic_html: HashMap<String, Rendered>,
    /// LLD problems' class diagrams, drawn once at start-up.
    pub class_diagrams: HashMap<String, String>,
    pub templates: Environment<'static>,
}

impl AppState {
    pub fn new(corpus: Corpus, host_policy: HostPolicy) -> Self {
        let index = search::index_corpus(&corpus);
        let topic_html =
            corpus.topics().iter().map(|t| (t.id.to_string(), markdown::to_html(&t.body, &corpus))).collect();
        let class_diagrams = corpus
            .problems()
            .iter()
            .filter_map(|p| {
                p.lld.as_ref().map(|l| (p.id.to_string(), diagram::class_diagram_svg(&l.class_diagram).0))
            })
            .collect();
        let inner = Inner { corpus, index, topic_html, class_diagrams, templates: templates::environment() };
        Self { inner: Arc::new(inner), host_policy }
    }

    pub(crate) fn corpus(&self) -> &Corpus {
        &self.inner.corpus
    }

    pub(crate) fn index(&self) -> &Index {
        &self.inner.index
    }

    pub(crate) fn topic_html(&self, id: &str) -> Option<&Rendered> {
        self.inner.topic_html.get(id)
    }

    pub(crate) fn class_diagram(&self, problem: &str) -> Option<&str> {
        self.inner.class_diagrams.get(problem).map(String::as_str)
    }

    pub(crate) fn templates(&self) -> &Environment<'static> {
        &self.inner.templates
    }
}
