//! Every reference design in the problem bank parses cleanly against its problem's names and
//! meets its own objectives: no diagnostics and no error-level finding.

use content::ProblemKind;
use design::rules::Severity;

#[test]
fn reference_designs_parse_and_meet_their_objectives() {
    let corpus = content::load(&content_source::embedded()).corpus;
    let mut problems = Vec::new();
    for p in corpus.problems().iter().filter(|p| p.design.is_some()) {
        let text = p.design.as_deref().unwrap();
        let parsed = design::parse_with(text, &p.names(corpus.numbers()));
        for d in &parsed.diagnostics {
            problems.push(format!("designs/{}.sd:{}:{}: {}", p.id, d.line, d.col, d.message));
        }
        if parsed.has_errors() {
            continue;
        }
        let (_, findings) = design::check(&parsed.design);
        for f in findings.iter().filter(|f| f.severity == Severity::Error) {
            problems.push(format!("designs/{}.sd:{}: [{}] {}", p.id, f.line, f.rule, f.message));
        }
        assert!(!parsed.design.objectives.is_empty(), "designs/{}.sd states no objective", p.id);
        assert!(
            design::format(&parsed) == text,
            "designs/{}.sd is not in canonical form; run `sdcoach design fmt --write`",
            p.id
        );
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn every_hld_problem_has_a_reference_design() {
    let corpus = content::load(&content_source::embedded()).corpus;
    let missing: Vec<&str> = corpus
        .problems()
        .iter()
        .filter(|p| p.kind == ProblemKind::Hld && p.design.is_none())
        .map(|p| p.id.as_str())
        .collect();
    assert!(missing.is_empty(), "HLD problems without designs/<id>.sd: {missing:?}");
}
