//! The typed content values and the corpus that holds and indexes them.

use std::collections::HashMap;

use crate::ids::{AreaId, CardId, ConceptId, TopicId};
use crate::kata::Kata;
use crate::problem::{Number, Problem};

#[derive(Clone, Debug)]
pub struct Area {
    pub id: AreaId,
    pub title: String,
    pub summary: String,
    /// Every topic of the area, in teaching order.
    pub outline: Vec<TopicId>,
}

#[derive(Clone, Debug)]
pub struct Topic {
    pub id: TopicId,
    pub title: String,
    pub area: AreaId,
    pub summary: String,
    pub concepts: Vec<ConceptId>,
    pub related: Vec<TopicId>,
    /// The Markdown body, without front matter.
    pub body: String,
    /// The file it came from, relative to the content root.
    pub file: String,
}

#[derive(Clone, Debug)]
pub struct Card {
    pub id: CardId,
    pub topic: TopicId,
    pub concepts: Vec<ConceptId>,
    /// Question and answer, short Markdown.
    pub question: String,
    pub answer: String,
}

#[derive(Clone, Debug)]
pub struct Concept {
    pub id: ConceptId,
    pub name: String,
    pub area: AreaId,
    /// Other names and common misspellings, lowercase.
    pub aliases: Vec<String>,
    pub definition: String,
    pub related: Vec<ConceptId>,
}

/// Everything the coach teaches, with every reference resolved: a topic's area, concepts and
/// related topics, and a card's topic, all exist (the loader drops what does not, with a
/// diagnostic).
#[derive(Clone, Debug, Default)]
pub struct Corpus {
    areas: Vec<Area>,
    topics: Vec<Topic>,
    cards: Vec<Card>,
    concepts: Vec<Concept>,
    problems: Vec<Problem>,
    numbers: Vec<Number>,
    katas: Vec<Kata>,
    topic_index: HashMap<TopicId, usize>,
    concept_index: HashMap<ConceptId, usize>,
    /// Card positions per topic position, in file order.
    cards_by_topic: Vec<Vec<usize>>,
}

impl Corpus {
    /// Builds the lookup tables; items must already be resolved and unique.
    pub(crate) fn new(
        areas: Vec<Area>,
        mut topics: Vec<Topic>,
        cards: Vec<Card>,
        concepts: Vec<Concept>,
        problems: Vec<Problem>,
        numbers: Vec<Number>,
        katas: Vec<Kata>,
    ) -> Self {
        // Topics in teaching order: by area, then by the area's outline.
        let rank: HashMap<&TopicId, (usize, usize)> = areas
            .iter()
            .enumerate()
            .flat_map(|(i, a)| a.outline.iter().enumerate().map(move |(j, t)| (t, (i, j))))
            .collect();
        topics.sort_by_key(|t| rank.get(&t.id).copied().unwrap_or((usize::MAX, usize::MAX)));
        let topic_index: HashMap<TopicId, usize> =
            topics.iter().enumerate().map(|(i, t)| (t.id.clone(), i)).collect();
        let concept_index = concepts.iter().enumerate().map(|(i, c)| (c.id.clone(), i)).collect();
        let mut cards_by_topic = vec![Vec::new(); topics.len()];
        for (i, card) in cards.iter().enumerate() {
            if let Some(&t) = topic_index.get(card.topic.as_str()) {
                cards_by_topic[t].push(i);
            }
        }
        Self {
            areas,
            topics,
            cards,
            concepts,
            problems,
            numbers,
            katas,
            topic_index,
            concept_index,
            cards_by_topic,
        }
    }

    pub fn areas(&self) -> &[Area] {
        &self.areas
    }

    /// Topics in teaching order: by area, then by each area's outline.
    pub fn topics(&self) -> &[Topic] {
        &self.topics
    }

    pub fn cards(&self) -> &[Card] {
        &self.cards
    }

    pub fn concepts(&self) -> &[Concept] {
        &self.concepts
    }

    /// Problems by kind, then difficulty, then title.
    pub fn problems(&self) -> &[Problem] {
        &self.problems
    }

    pub fn problem(&self, id: &str) -> Option<&Problem> {
        self.problems.iter().find(|p| p.id.as_str() == id)
    }

    /// Problems that list a topic among theirs: what a topic page links to.
    pub fn problems_using<'a>(&'a self, topic: &'a str) -> impl Iterator<Item = &'a Problem> + 'a {
        self.problems.iter().filter(move |p| p.topics.iter().any(|t| t.as_str() == topic))
    }

    /// Katas by difficulty, then title.
    pub fn katas(&self) -> &[Kata] {
        &self.katas
    }

    pub fn kata(&self, id: &str) -> Option<&Kata> {
        self.katas.iter().find(|k| k.id == id)
    }

    /// The kata that makes a problem runnable, if there is one.
    pub fn kata_for(&self, problem: &str) -> Option<&Kata> {
        self.katas.iter().find(|k| k.problem.as_str() == problem)
    }

    /// The numbers to know, in file order.
    pub fn numbers(&self) -> &[Number] {
        &self.numbers
    }

    pub fn area(&self, id: &str) -> Option<&Area> {
        self.areas.iter().find(|a| a.id.as_str() == id)
    }

    pub fn topic(&self, id: &str) -> Option<&Topic> {
        self.topic_index.get(id).map(|&i| &self.topics[i])
    }

    pub fn concept(&self, id: &str) -> Option<&Concept> {
        self.concept_index.get(id).map(|&i| &self.concepts[i])
    }

    /// Concepts that go by `name`: their id, name or one of their aliases, ignoring case.
    pub fn concepts_named<'a>(&'a self, name: &str) -> impl Iterator<Item = &'a Concept> + 'a {
        let key = name.trim().to_lowercase();
        self.concepts.iter().filter(move |c| {
            c.id.as_str() == key
                || c.name.to_lowercase() == key
                || c.aliases.iter().any(|a| a.to_lowercase() == key)
        })
    }

    pub fn topics_in<'a>(&'a self, area: &'a AreaId) -> impl Iterator<Item = &'a Topic> + 'a {
        self.topics.iter().filter(move |t| &t.area == area)
    }

    pub fn cards_of(&self, topic: &str) -> impl Iterator<Item = &Card> {
        let positions = self.topic_index.get(topic).map(|&t| self.cards_by_topic[t].as_slice());
        positions.unwrap_or_default().iter().map(|&i| &self.cards[i])
    }

    /// Topics that teach a concept, in teaching order.
    pub fn topics_teaching<'a>(&'a self, concept: &'a str) -> impl Iterator<Item = &'a Topic> + 'a {
        self.topics.iter().filter(move |t| t.concepts.iter().any(|c| c.as_str() == concept))
    }
}
