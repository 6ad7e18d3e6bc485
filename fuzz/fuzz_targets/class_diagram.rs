//! Fuzzes the Mermaid classDiagram reader and the class-diagram drawing: never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = diagram::class_diagram_svg(text);
    }
});
