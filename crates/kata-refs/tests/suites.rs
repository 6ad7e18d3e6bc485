//! Every kata's suite against its reference (all scenarios pass) and against its broken variant
//! (some scenario fails): a suite that cannot catch a real bug is a defect of the content.

use kata::{Outcome, run_machine as run};

fn corpus() -> content::Corpus {
    let loaded = content::load(&content_source::embedded());
    let kata_errors: Vec<String> =
        loaded.diagnostics.iter().filter(|d| d.file.starts_with("katas/")).map(ToString::to_string).collect();
    assert!(kata_errors.is_empty(), "kata content has diagnostics:\n{}", kata_errors.join("\n"));
    loaded.corpus
}

#[test]
fn every_kata_has_a_reference_and_every_reference_a_kata() {
    let corpus = corpus();
    for k in corpus.katas() {
        assert!(kata_refs::find(&k.id).is_some(), "kata `{}` has no reference implementation", k.id);
    }
    for r in kata_refs::REFERENCES {
        assert!(corpus.kata(r.id).is_some(), "reference `{}` has no kata in content/katas", r.id);
    }
}

#[test]
fn references_pass_every_scenario_of_their_kata() {
    let corpus = corpus();
    let mut failures = Vec::new();
    for k in corpus.katas() {
        let Some(reference) = kata_refs::find(&k.id) else { continue };
        for s in &k.scenarios {
            let mut machine = (reference.new)();
            if let Outcome::Failed(f) = run(&s.script, machine.as_mut()) {
                failures.push(format!(
                    "{} / {} (line {}): `{}` expected {:?}, got {:?}: {}",
                    k.id,
                    s.name,
                    s.line + f.line - 1,
                    f.command,
                    f.expected,
                    f.got,
                    f.message
                ));
            }
        }
    }
    assert!(failures.is_empty(), "references fail their own suites:\n{}", failures.join("\n"));
}

#[test]
fn every_suite_catches_its_broken_variant() {
    let corpus = corpus();
    let mut missed = Vec::new();
    for k in corpus.katas() {
        let Some(reference) = kata_refs::find(&k.id) else { continue };
        let caught = k.scenarios.iter().any(|s| {
            let mut machine = (reference.broken)();
            !run(&s.script, machine.as_mut()).ok()
        });
        if !caught {
            missed.push(format!("{}: no scenario catches the bug \"{}\"", k.id, reference.bug));
        }
    }
    assert!(missed.is_empty(), "{}", missed.join("\n"));
}
