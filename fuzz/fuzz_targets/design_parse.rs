//! Fuzzes the design language: parsing, formatting, analysis and drawing must never panic on any
//! input, and formatting a design without errors is idempotent. `cargo fuzz run design_parse`
//! (needs a nightly toolchain and cargo-fuzz).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let parsed = design::parse(text);
        let formatted = design::format(&parsed);
        if !parsed.has_errors() {
            // `design fmt` refuses a design with errors, so only a clean one must format stably.
            let again = design::format(&design::parse(&formatted));
            assert_eq!(again, formatted, "format is not idempotent for {text:?}");
            let (report, _) = design::check(&parsed.design);
            let _ = design::svg(&parsed.design, &report);
            let _ = design::export::mermaid(&parsed.design);
        }
    }
});
