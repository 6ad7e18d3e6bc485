//! Cross-file checks: ids well formed and unique, every reference resolves, every card has a
//! topic. What fails a check is reported and left out, so the corpus only holds resolved values.

use std::collections::{HashMap, HashSet};

use crate::diagnostic::{At, Diagnostic};
use crate::ids::{AreaId, CardId, ConceptId, TopicId, is_valid_id};
use crate::load::{Located, Raw};
use crate::markdown::LinkTarget;
use crate::model::{Area, Card, Concept, Corpus, Topic};
use crate::{MIN_CARDS_PER_TOPIC, REQUIRED_SECTIONS};
use suggest::closest;

pub(crate) fn resolve(raw: Raw, diagnostics: &mut Vec<Diagnostic>) -> Corpus {
    let mut area_ids = Registry::new("area");
    let raw_areas: Vec<_> = raw.areas.into_iter().filter(|a| area_ids.admit(&a.id, diagnostics)).collect();

    // Ids first, so that references between items of the same kind resolve in any file order.
    let mut concept_ids = Registry::new("concept");
    let raw_concepts: Vec<_> =
        raw.concepts.into_iter().filter(|c| concept_ids.admit(&c.id, diagnostics)).collect();
    let mut topic_ids = Registry::new("topic");
    let raw_topics: Vec<_> = raw.topics.into_iter().filter(|t| topic_ids.admit(&t.id, diagnostics)).collect();

    let mut concepts = Vec::with_capacity(raw_concepts.len());
    for c in raw_concepts {
        if !area_ids.check(&c.area, "area", diagnostics) {
            continue;
        }
        for alias in &c.aliases {
            if alias.value != alias.value.to_lowercase() {
                diagnostics.push(
                    Diagnostic::warning(
                        "alias-case",
                        &alias.at,
                        format!("alias {:?} is not lowercase", alias.value),
                    )
                    .with_help("write aliases in lowercase; search ignores case anyway"),
                );
            }
        }
        let related = concept_ids.resolve_all(&c.related, &c.id.value, "related concept", diagnostics);
        concepts.push(Concept {
            id: ConceptId::new(c.id.value),
            name: c.name,
            area: AreaId::new(c.area.value),
            aliases: c.aliases.into_iter().map(|a| a.value).collect(),
            definition: c.definition,
            related: related.into_iter().map(ConceptId::new).collect(),
        });
    }
    check_alias_clashes(&concepts, &concept_ids, diagnostics);

    let mut topics = Vec::with_capacity(raw_topics.len());
    for t in raw_topics {
        if t.id.value != t.stem {
            diagnostics.push(
                Diagnostic::error(
                    "id-file-mismatch",
                    &t.id.at,
                    format!("topic id `{}` differs from its file name `{}.md`", t.id.value, t.stem),
                )
                .with_help(format!("rename the file to `{}.md` or set `id = \"{}\"`", t.id.value, t.stem)),
            );
        }
        if !area_ids.check(&t.area, "area", diagnostics) {
            continue;
        }
        if t.area.value != t.folder {
            diagnostics.push(
                Diagnostic::error(
                    "area-folder-mismatch",
                    &t.area.at,
                    format!("topic is in folder `{}` but names area `{}`", t.folder, t.area.value),
                )
                .with_help(format!(
                    "move the file to topics/{}/ or set `area = \"{}\"`",
                    t.area.value, t.folder
                )),
            );
        }
        if let Some(at) = &t.h1 {
            diagnostics.push(
                Diagnostic::warning(
                    "body-h1",
                    at,
                    "the body has a level-1 heading; the title is rendered from the front matter",
                )
                .with_help("start sections at `##`"),
            );
        }
        for wanted in REQUIRED_SECTIONS {
            if !t.sections.iter().any(|s| s == wanted) {
                diagnostics.push(
                    Diagnostic::warning(
                        "missing-section",
                        &t.id.at,
                        format!("topic has no `## {wanted}` section"),
                    )
                    .with_help("every topic page has the sections listed in docs/content-format.md"),
                );
            }
        }
        let concepts_of = concept_ids.resolve_all(&t.concepts, "", "concept", diagnostics);
        if t.concepts.is_empty() {
            diagnostics.push(
                Diagnostic::error("no-concepts", &t.id.at, "a topic must teach at least one concept")
                    .with_help("list concept ids in `concepts = [...]`"),
            );
        }
        let related = topic_ids.resolve_all(&t.related, &t.id.value, "related topic", diagnostics);
        check_links(&t.links, &topic_ids, &concept_ids, diagnostics);
        topics.push(Topic {
            id: TopicId::new(t.id.value),
            title: t.title,
            area: AreaId::new(t.area.value),
            summary: t.summary,
            concepts: concepts_of.into_iter().map(ConceptId::new).collect(),
            related: related.into_iter().map(TopicId::new).collect(),
            body: t.body,
            file: t.file,
        });
    }

    // Each area's outline: topics of that area in teaching order, then any it does not list.
    let mut areas = Vec::with_capacity(raw_areas.len());
    for a in raw_areas {
        let mut outline: Vec<TopicId> = Vec::new();
        for id in topic_ids.resolve_all(&a.outline, "", "outlined topic", diagnostics) {
            let Some(topic) = topics.iter().find(|t| t.id.as_str() == id) else { continue };
            if topic.area.as_str() == a.id.value {
                outline.push(topic.id.clone());
            } else {
                let at = a.outline.iter().find(|l| l.value == id).map_or(&a.id.at, |l| &l.at);
                diagnostics.push(
                    Diagnostic::error(
                        "outline-area",
                        at,
                        format!("topic `{id}` is in area `{}`, not `{}`", topic.area, a.id.value),
                    )
                    .with_help("list a topic in its own area's outline"),
                );
            }
        }
        let mut rest: Vec<&Topic> =
            topics.iter().filter(|t| t.area.as_str() == a.id.value && !outline.contains(&t.id)).collect();
        rest.sort_by(|x, y| x.title.cmp(&y.title));
        outline.extend(rest.into_iter().map(|t| t.id.clone()));
        areas.push(Area { id: AreaId::new(a.id.value), title: a.title, summary: a.summary, outline });
    }

    let mut card_ids = Registry::new("card");
    let mut cards = Vec::new();
    let mut cards_per_topic: HashMap<String, usize> = HashMap::new();
    for c in raw.cards {
        if !card_ids.admit(&c.id, diagnostics) {
            continue;
        }
        if !topic_ids.contains(&c.topic.value) {
            let mut d = Diagnostic::error(
                "orphan-card",
                &c.id.at,
                format!(
                    "card `{}` belongs to no topic: topic `{}` does not exist",
                    c.id.value, c.topic.value
                ),
            );
            if let Some(s) = topic_ids.suggest(&c.topic.value) {
                d = d.with_help(format!("did you mean `{s}`?"));
            }
            diagnostics.push(d);
            continue;
        }
        let concepts_of = concept_ids.resolve_all(&c.concepts, "", "concept", diagnostics);
        check_links(&c.links, &topic_ids, &concept_ids, diagnostics);
        *cards_per_topic.entry(c.topic.value.clone()).or_default() += 1;
        cards.push(Card {
            id: CardId::new(c.id.value),
            topic: TopicId::new(c.topic.value),
            concepts: concepts_of.into_iter().map(ConceptId::new).collect(),
            question: c.question,
            answer: c.answer,
        });
    }
    for (id, at) in &topic_ids.seen {
        let n = cards_per_topic.get(id).copied().unwrap_or(0);
        if n < MIN_CARDS_PER_TOPIC {
            diagnostics.push(
                Diagnostic::warning(
                    "few-cards",
                    at,
                    format!("topic `{id}` has {n} flashcards; at least {MIN_CARDS_PER_TOPIC} are expected"),
                )
                .with_help(format!("add cards in cards/{id}.toml")),
            );
        }
    }

    let numbers = crate::validate_problem::resolve_numbers(raw.numbers, diagnostics);
    for topic in &mut topics {
        topic.body = crate::numbers_table::expand(&topic.body, &numbers);
    }
    let mut problems = crate::validate_problem::resolve_problems(
        raw.problems,
        &topic_ids,
        &concept_ids,
        &numbers,
        diagnostics,
    );
    for (id, text, at) in raw.designs {
        match problems.iter_mut().find(|p| p.id.as_str() == id) {
            Some(p) => p.design = Some(text),
            None => diagnostics.push(
                Diagnostic::error("orphan-design", &at, format!("design `{id}.sd` belongs to no problem"))
                    .with_help("name the file after a problem id: designs/<problem-id>.sd"),
            ),
        }
    }
    let katas = crate::kata::resolve_katas(raw.katas, &problems, diagnostics);
    Corpus::new(areas, topics, cards, concepts, problems, numbers, katas)
}

/// The ids of one kind seen so far, with where each was first defined.
pub(crate) struct Registry {
    kind: &'static str,
    seen: HashMap<String, At>,
}

impl Registry {
    pub fn new(kind: &'static str) -> Self {
        Self { kind, seen: HashMap::new() }
    }

    pub fn contains(&self, id: &str) -> bool {
        self.seen.contains_key(id)
    }

    /// Records a new id; reports a malformed or repeated one and refuses it.
    pub fn admit(&mut self, id: &Located, diagnostics: &mut Vec<Diagnostic>) -> bool {
        if !is_valid_id(&id.value) {
            diagnostics.push(
                Diagnostic::error(
                    "bad-id",
                    &id.at,
                    format!("{} id {:?} is not lowercase words joined by `-`", self.kind, id.value),
                )
                .with_help("use ids like `cache-aside` or `http-2`"),
            );
            return false;
        }
        if let Some(first) = self.seen.get(&id.value) {
            diagnostics.push(
                Diagnostic::error(
                    "duplicate-id",
                    &id.at,
                    format!("{} id `{}` is already used", self.kind, id.value),
                )
                .with_help(format!("first defined at {first}; ids must be unique, pick another")),
            );
            return false;
        }
        self.seen.insert(id.value.clone(), id.at.clone());
        true
    }

    /// Reports a reference to an id that does not exist.
    pub fn check(&self, reference: &Located, what: &str, diagnostics: &mut Vec<Diagnostic>) -> bool {
        if self.contains(&reference.value) {
            return true;
        }
        let mut d = Diagnostic::error(
            "unknown-reference",
            &reference.at,
            format!("{what} `{}` does not exist", reference.value),
        );
        d = match self.suggest(&reference.value) {
            Some(s) => d.with_help(format!("did you mean `{s}`?")),
            None => d.with_help(format!("define the {} first, or remove the reference", self.kind)),
        };
        diagnostics.push(d);
        false
    }

    /// The references that resolve, without repeats or a reference to `itself`.
    pub fn resolve_all(
        &self,
        references: &[Located],
        itself: &str,
        what: &str,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for r in references {
            if r.value == itself {
                diagnostics.push(Diagnostic::warning(
                    "self-reference",
                    &r.at,
                    format!("`{itself}` lists itself as a {what}"),
                ));
            } else if out.contains(&r.value) {
                diagnostics.push(Diagnostic::warning(
                    "repeated-reference",
                    &r.at,
                    format!("{what} `{}` is listed twice", r.value),
                ));
            } else if self.check(r, what, diagnostics) {
                out.push(r.value.clone());
            }
        }
        out
    }

    /// The closest known id, when it is close enough to be a typo.
    fn suggest(&self, id: &str) -> Option<&str> {
        closest(id, self.seen.keys().map(String::as_str)).first().copied()
    }
}

fn check_links(
    links: &[(LinkTarget, At)],
    topics: &Registry,
    concepts: &Registry,
    diagnostics: &mut Vec<Diagnostic>,
) {
    for (target, at) in links {
        let (registry, id, what) = match target {
            LinkTarget::Topic(id) => (topics, id, "linked topic"),
            LinkTarget::Concept(id) => (concepts, id, "linked concept"),
            LinkTarget::External(_) => continue,
        };
        registry.check(&Located { value: id.clone(), at: at.clone() }, what, diagnostics);
    }
}

/// An alias that is also another concept's name or alias makes search ambiguous.
fn check_alias_clashes(concepts: &[Concept], ids: &Registry, diagnostics: &mut Vec<Diagnostic>) {
    let mut owner: HashMap<String, &str> = HashMap::new();
    let mut reported = HashSet::new();
    for c in concepts {
        let names = std::iter::once(c.name.to_lowercase()).chain(c.aliases.iter().map(|a| a.to_lowercase()));
        let mut own = HashSet::new();
        for name in names {
            if !own.insert(name.clone()) {
                continue;
            }
            match owner.get(&name) {
                Some(other) if *other != c.id.as_str() => {
                    if reported.insert(name.clone()) {
                        let at = &ids.seen[c.id.as_str()];
                        diagnostics.push(
                            Diagnostic::warning(
                                "ambiguous-alias",
                                at,
                                format!("`{name}` names both `{other}` and `{}`", c.id),
                            )
                            .with_help("keep the name or alias on one concept only"),
                        );
                    }
                }
                _ => {
                    owner.insert(name, c.id.as_str());
                }
            }
        }
    }
}
