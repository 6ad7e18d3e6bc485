//! Parsing the Mermaid `classDiagram` subset that problem files use. Never fails: what it cannot
//! read becomes a warning with its line, and the rest of the diagram still draws.

/// A class box.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Class {
    /// The name relations use: `Cache` for `class Cache~K, V~`.
    pub name: String,
    /// Type parameters, shown as `Cache<K, V>`.
    pub generics: Option<String>,
    /// `interface`, `abstract`, `enumeration`...: shown as «stereotype».
    pub stereotype: Option<String>,
    pub attributes: Vec<String>,
    pub methods: Vec<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RelationKind {
    /// `Child --|> Parent`, or `Parent <|-- Child`.
    Inheritance,
    /// `Class ..|> Interface`.
    Realization,
    /// `Whole *-- Part`.
    Composition,
    /// `Whole o-- Part`.
    Aggregation,
    /// `A --> B`.
    Association,
    /// `A ..> B`.
    Dependency,
    /// `A -- B`.
    Link,
    /// `A .. B`.
    DashedLink,
}

/// An edge, normalised so that `from` is the class the arrow leaves: the child in inheritance,
/// the whole in composition.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Relation {
    pub from: String,
    pub to: String,
    pub kind: RelationKind,
    pub from_card: Option<String>,
    pub to_card: Option<String>,
    pub label: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ClassDiagram {
    pub classes: Vec<Class>,
    pub relations: Vec<Relation>,
}

/// Something the parser skipped, with its 1-based line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Warning {
    pub line: usize,
    pub message: String,
}

/// Arrow spellings, longest first so `<|--` is not read as `<--`. The bool says whether the
/// arrow is written from the "to" side (`Parent <|-- Child`), so the ends must be swapped.
const ARROWS: &[(&str, RelationKind, bool)] = &[
    ("<|--", RelationKind::Inheritance, true),
    ("--|>", RelationKind::Inheritance, false),
    ("<|..", RelationKind::Realization, true),
    ("..|>", RelationKind::Realization, false),
    ("*--", RelationKind::Composition, false),
    ("--*", RelationKind::Composition, true),
    ("o--", RelationKind::Aggregation, false),
    ("--o", RelationKind::Aggregation, true),
    ("<--", RelationKind::Association, true),
    ("-->", RelationKind::Association, false),
    ("<..", RelationKind::Dependency, true),
    ("..>", RelationKind::Dependency, false),
    ("--", RelationKind::Link, false),
    ("..", RelationKind::DashedLink, false),
];

pub fn parse(text: &str) -> (ClassDiagram, Vec<Warning>) {
    let mut diagram = ClassDiagram::default();
    let mut warnings = Vec::new();
    let mut open: Option<String> = None;
    let mut seen_header = false;
    for (i, raw) in text.lines().enumerate() {
        let line_no = i + 1;
        let line = raw.split("%%").next().unwrap_or("").trim();
        if line.is_empty() {
            continue;
        }
        if !seen_header {
            if line == "classDiagram" || line.starts_with("classDiagram ") {
                seen_header = true;
                continue;
            }
            warnings.push(Warning {
                line: line_no,
                message: "a class diagram starts with `classDiagram`".into(),
            });
            seen_header = true;
        }
        if let Some(name) = open.clone() {
            if line == "}" {
                open = None;
            } else if let Some(stereo) = stereotype(line) {
                class_mut(&mut diagram, &name).stereotype = Some(stereo);
            } else {
                add_member(class_mut(&mut diagram, &name), line);
            }
            continue;
        }
        if line.starts_with("direction ")
            || line.starts_with("note")
            || line.starts_with("style ")
            || line.starts_with("classDef ")
        {
            continue;
        }
        if let Some(rest) = line.strip_prefix("class ") {
            let rest = rest.trim();
            let (head, opens) = match rest.strip_suffix('{') {
                Some(h) => (h.trim(), true),
                None => (rest, false),
            };
            // `class Shape~T~`, `class Shape:::style`, `class Shape["Label"]`
            let head = head.split([':', '[']).next().unwrap_or(head);
            let name = clean_name(head);
            if name.is_empty() {
                warnings.push(Warning { line: line_no, message: "`class` needs a name".into() });
                continue;
            }
            let generics = head.split_once('~').map(|(_, g)| g.trim_end_matches('~').trim().to_owned());
            let class = class_mut(&mut diagram, &name);
            if generics.is_some() {
                class.generics = generics;
            }
            if opens {
                open = Some(name);
            }
            continue;
        }
        if let Some(stereo) = stereotype(line) {
            // `<<interface>> Shape`
            let name = clean_name(line.rsplit(">>").next().unwrap_or(""));
            if !name.is_empty() {
                class_mut(&mut diagram, &name).stereotype = Some(stereo);
                continue;
            }
        }
        if let Some(relation) = relation(line) {
            class_mut(&mut diagram, &relation.from);
            class_mut(&mut diagram, &relation.to);
            diagram.relations.push(relation);
            continue;
        }
        // `Shape : +area() double`
        if let Some((name, member)) = line.split_once(':') {
            let name = clean_name(name);
            if !name.is_empty() && !name.contains(' ') {
                add_member(class_mut(&mut diagram, &name), member.trim());
                continue;
            }
        }
        warnings.push(Warning { line: line_no, message: format!("cannot read `{line}`; skipped") });
    }
    if let Some(name) = open {
        warnings.push(Warning {
            line: text.lines().count(),
            message: format!("the body of class `{name}` is never closed with `}}`"),
        });
    }
    (diagram, warnings)
}

fn stereotype(line: &str) -> Option<String> {
    let start = line.find("<<")?;
    let end = line[start..].find(">>")? + start;
    Some(line[start + 2..end].trim().to_owned())
}

/// A class name without Mermaid's generic suffix (`Shape~T~` is `Shape`).
fn clean_name(name: &str) -> String {
    let name = name.trim().trim_matches('`');
    name.split('~').next().unwrap_or(name).trim().to_owned()
}

/// Mermaid writes generics between tildes: `List~Blob~` reads as `List<Blob>`.
fn generics_to_angles(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut open = false;
    for c in text.chars() {
        if c == '~' {
            out.push(if open { '>' } else { '<' });
            open = !open;
        } else {
            out.push(c);
        }
    }
    out
}

fn class_mut<'a>(diagram: &'a mut ClassDiagram, name: &str) -> &'a mut Class {
    match diagram.classes.iter().position(|c| c.name == name) {
        Some(i) => &mut diagram.classes[i],
        None => {
            diagram.classes.push(Class {
                name: name.to_owned(),
                generics: None,
                stereotype: None,
                attributes: Vec::new(),
                methods: Vec::new(),
            });
            diagram.classes.last_mut().expect("just pushed")
        }
    }
}

fn add_member(class: &mut Class, member: &str) {
    let member = generics_to_angles(member.trim());
    if member.is_empty() {
        return;
    }
    if member.contains('(') { class.methods.push(member) } else { class.attributes.push(member) }
}

/// `A "1" *-- "many" B : label`
fn relation(line: &str) -> Option<Relation> {
    let (body, label) = match line.split_once(" : ").or_else(|| split_label(line)) {
        Some((b, l)) => (b.trim(), Some(l.trim().to_owned()).filter(|l| !l.is_empty())),
        None => (line, None),
    };
    // Arrows inside quoted cardinalities (`"0..*"`) are not arrows.
    let outside_quotes = |p: usize| body[..p].matches('"').count() % 2 == 0;
    let (pos, arrow, kind, reversed) = ARROWS
        .iter()
        .filter_map(|(a, k, r)| {
            body.match_indices(a).map(|(p, _)| p).find(|&p| outside_quotes(p)).map(|p| (p, *a, *k, *r))
        })
        .min_by_key(|(p, a, _, _)| (*p, std::cmp::Reverse(a.len())))?;
    let (left, right) = (body[..pos].trim(), body[pos + arrow.len()..].trim());
    let (left_name, left_card) = end_with_card(left, true);
    let (right_name, right_card) = end_with_card(right, false);
    if left_name.is_empty() || right_name.is_empty() || left_name.contains(' ') || right_name.contains(' ') {
        return None;
    }
    let (from, to, from_card, to_card) = if reversed {
        (right_name, left_name, right_card, left_card)
    } else {
        (left_name, right_name, left_card, right_card)
    };
    Some(Relation { from, to, kind, from_card, to_card, label })
}

/// A label after `:` when the line has no spaces around it: `A-->B:uses`.
fn split_label(line: &str) -> Option<(&str, &str)> {
    let colon = line.rfind(':')?;
    // A colon inside a quoted cardinality is not a label.
    line[..colon].matches('"').count().is_multiple_of(2).then(|| (&line[..colon], &line[colon + 1..]))
}

/// A class name with an optional quoted cardinality on the arrow's side.
fn end_with_card(text: &str, card_after: bool) -> (String, Option<String>) {
    let quotes: Vec<usize> = text.match_indices('"').map(|(i, _)| i).collect();
    if quotes.len() >= 2 {
        let (a, b) = (quotes[0], quotes[quotes.len() - 1]);
        let card = text[a + 1..b].trim().to_owned();
        let name = if card_after { &text[..a] } else { &text[b + 1..] };
        return (clean_name(name), Some(card).filter(|c| !c.is_empty()));
    }
    (clean_name(text), None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes_members_and_stereotypes() {
        let (d, w) = parse(
            "classDiagram\n  class Vehicle {\n    <<abstract>>\n    +plate: String\n    +size() SpotSize\n  }\n  class Payment\n  <<interface>> Payment\n  Payment : +pay(amount) Receipt\n",
        );
        assert!(w.is_empty(), "{w:?}");
        assert_eq!(d.classes.len(), 2);
        assert_eq!(d.classes[0].stereotype.as_deref(), Some("abstract"));
        assert_eq!(d.classes[0].attributes, ["+plate: String"]);
        assert_eq!(d.classes[0].methods, ["+size() SpotSize"]);
        assert_eq!(d.classes[1].stereotype.as_deref(), Some("interface"));
        assert_eq!(d.classes[1].methods, ["+pay(amount) Receipt"]);
    }

    #[test]
    fn relations_normalise_direction_and_read_cardinality_and_labels() {
        let (d, w) = parse(
            "classDiagram\nVehicle <|-- Car\nParkingLot \"1\" *-- \"1..*\" Level : has\nCard ..|> Payment\nTicket --> Spot\nA-->B:uses\n",
        );
        assert!(w.is_empty(), "{w:?}");
        let r = &d.relations;
        assert_eq!(
            (r[0].from.as_str(), r[0].to.as_str(), r[0].kind),
            ("Car", "Vehicle", RelationKind::Inheritance)
        );
        assert_eq!(r[1].kind, RelationKind::Composition);
        assert_eq!(
            (r[1].from_card.as_deref(), r[1].to_card.as_deref(), r[1].label.as_deref()),
            (Some("1"), Some("1..*"), Some("has"))
        );
        assert_eq!(r[2].kind, RelationKind::Realization);
        assert_eq!(r[3].kind, RelationKind::Association);
        assert_eq!((r[4].from.as_str(), r[4].to.as_str(), r[4].label.as_deref()), ("A", "B", Some("uses")));
        assert_eq!(d.classes.len(), 10, "classes named only in relations are created");
    }

    #[test]
    fn unreadable_lines_are_warnings_not_failures() {
        let (d, w) = parse("classDiagram\nclass A {\n+x\n}\nthis is not mermaid\nA --> B\nclass C {\n+y");
        assert_eq!(d.classes.len(), 3);
        assert_eq!(w.len(), 2, "{w:?}");
        assert_eq!(w[0].line, 5);
        assert!(w[1].message.contains("never closed"));
    }

    #[test]
    fn cardinalities_with_dots_and_member_generics() {
        let (d, w) = parse("classDiagram\nA \"0..*\" --> \"1\" B : owns\nclass C {\n+items: List~Blob~\n}\n");
        assert!(w.is_empty(), "{w:?}");
        assert_eq!(d.relations[0].kind, RelationKind::Association);
        assert_eq!(d.relations[0].from_card.as_deref(), Some("0..*"));
        assert_eq!(d.classes.iter().find(|c| c.name == "C").unwrap().attributes, ["+items: List<Blob>"]);
    }

    #[test]
    fn generics_read_as_angle_brackets() {
        let (d, _) = parse("classDiagram\nclass Cache~K, V~ {\n+get(K key) V\n}\nCache *-- Entry\n");
        assert_eq!(d.classes[0].name, "Cache");
        assert_eq!(d.classes[0].generics.as_deref(), Some("K, V"));
        assert_eq!(d.classes.len(), 2, "relations name the class without its parameters");
    }
}
