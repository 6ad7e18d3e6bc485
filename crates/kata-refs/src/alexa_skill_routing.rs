//! Alexa-style skill routing: a registry indexed by invocation name and by each template's first
//! word, and a fixed chain of four resolvers (active dialog, explicit invocation, ranked intent
//! match, fallback). Templates match whole tokens; a slot takes as few tokens as the rest of the
//! template allows. Missing required slots are elicited over later turns, per user.

use std::collections::{BTreeMap, HashMap, HashSet};

use kata::Machine;

use crate::Reference;
use crate::util::{bad_arguments, error, unknown_command, words};

pub(crate) const REFERENCE: Reference = Reference {
    id: "alexa-skill-routing",
    new: || Box::new(Router::new(Tokens::Whole)),
    broken: || Box::new(Router::new(Tokens::Substring)),
    bug: "a template word matches any token that contains it, so `display` matches `play`",
};

#[derive(Clone, Copy, PartialEq, Eq)]
enum Tokens {
    Whole,
    /// The bug of the broken variant.
    Substring,
}

/// Index key for templates that start with a slot.
const ANY_FIRST: &str = "";

#[derive(Clone, PartialEq, Eq)]
enum Part {
    Word(String),
    Slot(String),
}

/// Raw tokens: split on anything that is not a letter or digit.
fn tokens(text: &str) -> Vec<&str> {
    text.split(|c: char| !c.is_ascii_alphanumeric()).filter(|t| !t.is_empty()).collect()
}

fn parse_template(words: &[&str]) -> Option<Vec<Part>> {
    let mut parts = Vec::new();
    for word in words {
        let slot = word.strip_prefix('{').and_then(|w| w.strip_suffix('}'));
        match slot {
            Some(name)
                if !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') =>
            {
                let repeated = parts.iter().any(|p| *p == Part::Slot(name.to_owned()));
                if repeated || matches!(parts.last(), Some(Part::Slot(_))) {
                    return None;
                }
                parts.push(Part::Slot(name.to_owned()));
            }
            _ => parts.extend(tokens(word).into_iter().map(|t| Part::Word(t.to_ascii_lowercase()))),
        }
    }
    (!parts.is_empty()).then_some(parts)
}

/// Matches `parts` against all of `utterance`; slots take as few tokens as the rest allows.
fn matches<'a>(
    parts: &[Part],
    utterance: &[&'a str],
    rule: Tokens,
    slots: &mut Vec<(String, Vec<&'a str>)>,
) -> bool {
    let Some((first, rest)) = parts.split_first() else { return utterance.is_empty() };
    match first {
        Part::Word(word) => {
            let Some((token, others)) = utterance.split_first() else { return false };
            let token = token.to_ascii_lowercase();
            let same = match rule {
                Tokens::Whole => token == *word,
                Tokens::Substring => token.contains(word.as_str()),
            };
            same && matches(rest, others, rule, slots)
        }
        Part::Slot(name) => {
            let ends: Vec<usize> =
                if rest.is_empty() { vec![utterance.len()] } else { (1..=utterance.len()).collect() };
            for end in ends.into_iter().filter(|e| *e >= 1) {
                slots.push((name.clone(), utterance[..end].to_vec()));
                if matches(rest, &utterance[end..], rule, slots) {
                    return true;
                }
                slots.pop();
            }
            false
        }
    }
}

struct Template {
    intent: String,
    parts: Vec<Part>,
}

struct Skill {
    score: i64,
    builtin: bool,
    /// In the order they were added.
    templates: Vec<Template>,
    /// Intent → required slots, in the order they were required.
    required: HashMap<String, Vec<String>>,
}

/// What a skill's first matching template gave.
struct Hit {
    skill: String,
    intent: String,
    slots: BTreeMap<String, String>,
}

struct Pending {
    skill: String,
    intent: String,
    slots: BTreeMap<String, String>,
    missing: Vec<String>,
}

#[derive(Default)]
struct User {
    enabled: HashSet<String>,
    defaults: HashMap<String, String>,
    dialog: Option<Pending>,
}

struct Router {
    rule: Tokens,
    skills: BTreeMap<String, Skill>,
    /// Lowercased invocation name → skill id.
    by_name: HashMap<String, String>,
    /// A template's first word (or [`ANY_FIRST`]) → skills with such a template.
    by_first_word: HashMap<String, HashSet<String>>,
    users: HashMap<String, User>,
}

impl Router {
    fn new(rule: Tokens) -> Self {
        Router {
            rule,
            skills: BTreeMap::new(),
            by_name: HashMap::new(),
            by_first_word: HashMap::new(),
            users: HashMap::new(),
        }
    }

    fn register(&mut self, id: &str, name: &str, score: i64, builtin: bool) -> String {
        if self.skills.contains_key(id) {
            return error("duplicate-skill");
        }
        if self.by_name.contains_key(&name.to_ascii_lowercase()) {
            return error("name-taken");
        }
        self.by_name.insert(name.to_ascii_lowercase(), id.to_owned());
        let skill = Skill { score, builtin, templates: Vec::new(), required: HashMap::new() };
        self.skills.insert(id.to_owned(), skill);
        "ok".into()
    }

    fn add_template(&mut self, id: &str, intent: &str, template: &[&str]) -> String {
        let Some(skill) = self.skills.get_mut(id) else { return error("not-found") };
        let Some(parts) = parse_template(template) else { return error("bad-template") };
        let first = match &parts[0] {
            Part::Word(w) => w.clone(),
            Part::Slot(_) => ANY_FIRST.to_owned(),
        };
        skill.templates.push(Template { intent: intent.to_owned(), parts });
        self.by_first_word.entry(first).or_default().insert(id.to_owned());
        "ok".into()
    }

    /// The skill's first template that matches the utterance.
    fn hit(&self, id: &str, utterance: &[&str]) -> Option<Hit> {
        let skill = &self.skills[id];
        skill.templates.iter().find_map(|t| {
            let mut slots = Vec::new();
            matches(&t.parts, utterance, self.rule, &mut slots).then(|| Hit {
                skill: id.to_owned(),
                intent: t.intent.clone(),
                slots: slots.into_iter().map(|(k, v)| (k, v.join("+"))).collect(),
            })
        })
    }

    /// Stage 3: the best enabled skill with a matching template.
    fn best(&self, user: &str, utterance: &[&str]) -> Option<Hit> {
        let first = utterance.first().map(|t| t.to_ascii_lowercase()).unwrap_or_default();
        let candidates: HashSet<&String> = match self.rule {
            Tokens::Whole => [first.as_str(), ANY_FIRST]
                .iter()
                .filter_map(|k| self.by_first_word.get(*k))
                .flatten()
                .collect(),
            // A substring rule cannot use a whole-word index.
            Tokens::Substring => self.skills.keys().collect(),
        };
        let profile = self.users.get(user);
        let enabled = |id: &str| self.skills[id].builtin || profile.is_some_and(|u| u.enabled.contains(id));
        let is_default =
            |hit: &Hit| profile.and_then(|u| u.defaults.get(&hit.intent)).is_some_and(|s| *s == hit.skill);
        candidates
            .into_iter()
            .filter(|id| enabled(id.as_str()))
            .filter_map(|id| self.hit(id, utterance))
            .max_by(|a, b| {
                is_default(a)
                    .cmp(&is_default(b))
                    .then(self.skills[&a.skill].score.cmp(&self.skills[&b.skill].score))
                    .then(b.skill.cmp(&a.skill))
            })
    }

    /// Runs the hit, or asks for its first missing required slot.
    fn answer(&mut self, user: &str, hit: Hit) -> String {
        let required = self.skills[&hit.skill].required.get(&hit.intent).cloned().unwrap_or_default();
        let missing: Vec<String> = required.into_iter().filter(|s| !hit.slots.contains_key(s)).collect();
        let pending = Pending { skill: hit.skill, intent: hit.intent, slots: hit.slots, missing };
        self.proceed(user, pending)
    }

    fn proceed(&mut self, user: &str, pending: Pending) -> String {
        let profile = self.users.entry(user.to_owned()).or_default();
        if let Some(slot) = pending.missing.first() {
            let reply = format!("ask {} {slot}", pending.skill);
            profile.dialog = Some(pending);
            return reply;
        }
        profile.dialog = None;
        let mut reply = format!("run {} {}", pending.skill, pending.intent);
        for (slot, value) in &pending.slots {
            reply.push_str(&format!(" {slot}={value}"));
        }
        reply
    }

    fn say(&mut self, user: &str, text: &str) -> String {
        let utterance = tokens(text);
        if utterance.is_empty() {
            return "fallback".into();
        }
        let global = matches!(&utterance[..], [word] if ["stop", "cancel"].contains(&word.to_ascii_lowercase().as_str()));
        // 1. Active dialog.
        let dialog = self.users.get_mut(user).and_then(|u| u.dialog.take());
        if global {
            return "stopped".into();
        }
        if let Some(mut pending) = dialog {
            let slot = pending.missing.remove(0);
            pending.slots.insert(slot, utterance.join("+"));
            return self.proceed(user, pending);
        }
        // 2. Explicit invocation.
        if let [ask, name, to, rest @ ..] = &utterance[..]
            && ask.eq_ignore_ascii_case("ask")
            && to.eq_ignore_ascii_case("to")
            && let Some(id) = self.by_name.get(&name.to_ascii_lowercase()).cloned()
        {
            return match self.hit(&id, rest) {
                Some(hit) => self.answer(user, hit),
                None => "fallback".into(),
            };
        }
        // 3. Intent, then 4. fallback.
        match self.best(user, &utterance) {
            Some(hit) => self.answer(user, hit),
            None => "fallback".into(),
        }
    }
}

impl Machine for Router {
    fn reply(&mut self, command: &str) -> String {
        let w = words(command);
        let Some((&name, args)) = w.split_first() else { return unknown_command() };
        match (name, args) {
            ("skill", [id, invocation, score, rest @ ..]) => {
                let builtin = match rest {
                    [] => false,
                    ["builtin"] => true,
                    _ => return bad_arguments(),
                };
                match score.parse::<i64>() {
                    Ok(score) => self.register(id, invocation, score, builtin),
                    Err(_) => bad_arguments(),
                }
            }
            ("intent", [id, intent, template @ ..]) if !template.is_empty() => {
                self.add_template(id, intent, template)
            }
            ("require", [id, intent, slot]) => match self.skills.get_mut(*id) {
                Some(skill) if skill.templates.iter().any(|t| t.intent == *intent) => {
                    skill.required.entry((*intent).to_owned()).or_default().push((*slot).to_owned());
                    "ok".into()
                }
                _ => error("not-found"),
            },
            ("enable", [user, id]) => {
                if !self.skills.contains_key(*id) {
                    return error("not-found");
                }
                self.users.entry((*user).to_owned()).or_default().enabled.insert((*id).to_owned());
                "ok".into()
            }
            ("default", [user, intent, id]) => {
                let declares =
                    self.skills.get(*id).is_some_and(|s| s.templates.iter().any(|t| t.intent == *intent));
                if !declares {
                    return error("not-found");
                }
                self.users
                    .entry((*user).to_owned())
                    .or_default()
                    .defaults
                    .insert((*intent).to_owned(), (*id).to_owned());
                "ok".into()
            }
            ("say", [user, text @ ..]) if !text.is_empty() => self.say(user, &text.join(" ")),
            ("skill" | "intent" | "require" | "enable" | "default" | "say", _) => bad_arguments(),
            _ => unknown_command(),
        }
    }
}
