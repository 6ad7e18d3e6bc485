//! The documents of the content corpus: one per topic, concept and card.

use content::Corpus;

use crate::text::markdown_text;
use crate::{AliasSet, Document, Field, Index, Kind};

/// Builds the index over topics, concepts and cards, with the ontology's names as aliases.
pub fn index_corpus(corpus: &Corpus) -> Index {
    Index::new(documents(corpus), aliases(corpus))
}

/// Every document of the corpus; later kinds (problems) append their own.
pub fn documents(corpus: &Corpus) -> Vec<Document> {
    let mut docs = Vec::with_capacity(corpus.topics().len() + corpus.concepts().len() + corpus.cards().len());
    for topic in corpus.topics() {
        // A topic is found by the names of the concepts it teaches, too.
        let keywords: Vec<String> = topic
            .concepts
            .iter()
            .filter_map(|c| corpus.concept(c.as_str()))
            .map(|c| c.name.clone())
            .collect();
        docs.push(Document {
            kind: Kind::Topic,
            id: topic.id.to_string(),
            title: topic.title.clone(),
            snippet: topic.summary.clone(),
            parent: Some(topic.area.to_string()),
            fields: vec![
                (Field::Title, topic.title.clone()),
                (Field::Keywords, keywords.join(" . ")),
                (Field::Summary, topic.summary.clone()),
                (Field::Body, markdown_text(&topic.body)),
            ],
            concepts: topic.concepts.iter().map(|c| c.to_string()).collect(),
            concept_home: None,
        });
    }
    for concept in corpus.concepts() {
        let mut fields =
            vec![(Field::Title, concept.name.clone()), (Field::Summary, concept.definition.clone())];
        fields.extend(concept.aliases.iter().map(|a| (Field::Keywords, a.clone())));
        docs.push(Document {
            kind: Kind::Concept,
            id: concept.id.to_string(),
            title: concept.name.clone(),
            snippet: concept.definition.clone(),
            parent: Some(concept.area.to_string()),
            fields,
            concepts: vec![concept.id.to_string()],
            concept_home: Some(concept.id.to_string()),
        });
    }
    for problem in corpus.problems() {
        let mut concepts: Vec<String> = Vec::new();
        for item in problem.rubric.iter().flat_map(|d| &d.items) {
            for c in &item.concepts {
                if !concepts.iter().any(|x| x == c.as_str()) {
                    concepts.push(c.to_string());
                }
            }
        }
        docs.push(Document {
            kind: Kind::Problem,
            id: problem.id.to_string(),
            title: problem.title.clone(),
            snippet: markdown_text(&problem.prompt).split_whitespace().collect::<Vec<_>>().join(" "),
            parent: Some(problem.kind.as_str().to_owned()),
            fields: vec![
                (Field::Title, problem.title.clone()),
                (Field::Keywords, problem.tags.join(" . ")),
                (Field::Summary, markdown_text(&problem.prompt)),
                (Field::Body, markdown_text(&problem.solution)),
            ],
            concepts,
            concept_home: None,
        });
    }
    for card in corpus.cards() {
        docs.push(Document {
            kind: Kind::Card,
            id: card.id.to_string(),
            title: markdown_text(&card.question).split_whitespace().collect::<Vec<_>>().join(" "),
            snippet: markdown_text(&card.answer).split_whitespace().collect::<Vec<_>>().join(" "),
            parent: Some(card.topic.to_string()),
            fields: vec![
                (Field::Summary, markdown_text(&card.question)),
                (Field::Body, markdown_text(&card.answer)),
            ],
            concepts: card.concepts.iter().map(|c| c.to_string()).collect(),
            concept_home: None,
        });
    }
    docs
}

/// Every name of every concept: its name, its aliases, and its id read as words.
pub fn aliases(corpus: &Corpus) -> Vec<AliasSet> {
    corpus
        .concepts()
        .iter()
        .map(|c| {
            let mut names = vec![c.name.clone(), c.id.as_str().replace('-', " ")];
            names.extend(c.aliases.iter().cloned());
            AliasSet { concept: c.id.to_string(), names }
        })
        .collect()
}
