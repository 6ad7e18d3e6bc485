//! The content validation test: the embedded content loads with no diagnostic at all.
//! On failure it prints every problem as `file:line:col: error[code]: message`.

use std::collections::HashSet;

#[test]
fn embedded_content_has_no_diagnostics() {
    let loaded = content::load(&content_source::embedded());
    let report: Vec<String> = loaded.diagnostics.iter().map(|d| format!("content/{d}")).collect();
    assert!(report.is_empty(), "{} content problems:\n{}", report.len(), report.join("\n"));
}

#[test]
fn embedded_content_covers_every_area_file() {
    let loaded = content::load(&content_source::embedded());
    let corpus = &loaded.corpus;
    assert_eq!(corpus.areas().len(), 14, "the curriculum has 14 areas");
    let used: HashSet<&str> = corpus.topics().iter().map(|t| t.area.as_str()).collect();
    for area in ["quality-attributes", "building-blocks"] {
        assert!(used.contains(area), "area {area} has no topics");
    }
}

#[test]
fn folder_and_embedded_content_agree() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../content");
    let from_disk = content_source::from_dir(&dir).unwrap();
    let embedded = content_source::embedded();
    let paths = |files: &[content::SourceFile]| files.iter().map(|f| f.path.clone()).collect::<Vec<_>>();
    assert_eq!(paths(&from_disk), paths(&embedded));
}

#[test]
fn missing_folder_is_a_clear_error() {
    let err = content_source::from_dir(std::path::Path::new("/no/such/content")).unwrap_err();
    assert!(err.to_string().contains("/no/such/content"), "{err}");
}
