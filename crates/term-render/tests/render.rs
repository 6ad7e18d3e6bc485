//! Rendering tests: one Markdown fixture per feature and the exact terminal text expected, plus
//! width and robustness checks over mixed and garbled documents.

use term_render::{Style, heading, render, visible_width};

const PLAIN_40: Style = Style { color: false, width: 40 };
const COLOR_40: Style = Style { color: true, width: 40 };

fn links(url: &str) -> Option<String> {
    url.strip_prefix("topic:").map(|id| format!("sdcoach learn {id}"))
}

#[track_caller]
fn check(markdown: &str, style: Style, expected: &str) {
    let actual = render(markdown, &style, &links);
    assert_eq!(actual, expected, "\n--- actual ---\n{actual}--- expected ---\n{expected}");
}

#[test]
fn headings_without_colour_are_ruled_by_level() {
    check(
        "# Caching\nIntro.\n## Eviction\n### LRU\nText.",
        PLAIN_40,
        "Caching\n═══════\n\nIntro.\n\nEviction\n────────\n\nLRU\n\nText.\n",
    );
}

#[test]
fn headings_with_colour_are_bold_and_coloured() {
    check(
        "## Eviction\n\n### LRU",
        COLOR_40,
        "\x1b[1;36mEviction\x1b[0m\n\x1b[36m────────\x1b[0m\n\n\x1b[1;33mLRU\x1b[0m\n",
    );
}

#[test]
fn heading_page_title() {
    let title = heading("Consistent hashing", &PLAIN_40);
    assert_eq!(title, "Consistent hashing\n══════════════════\n");
    let title = heading("Cache", &COLOR_40);
    assert_eq!(title, "\x1b[1;35mCache\x1b[0m\n\x1b[35m═════\x1b[0m\n");
}

#[test]
fn paragraph_wraps_at_width_40() {
    check(
        "A cache keeps a copy of hot data close to\nthe reader, so most reads skip the slow store entirely.\n\nSecond paragraph.",
        PLAIN_40,
        "A cache keeps a copy of hot data close\n\
         to the reader, so most reads skip the\n\
         slow store entirely.\n\
         \n\
         Second paragraph.\n",
    );
}

#[test]
fn paragraph_cuts_only_words_longer_than_the_width() {
    check(
        "see abcdefghijklmnopqrstuvwxyz now",
        Style { color: false, width: 10 },
        "see\nabcdefghij\nklmnopqrst\nuvwxyz now\n",
    );
}

#[test]
fn prose_stops_at_100_columns_on_wide_terminals() {
    let words = "word ".repeat(30);
    let out = render(&words, &Style { color: false, width: 200 }, &links);
    let widths: Vec<usize> = out.lines().map(visible_width).collect();
    assert_eq!(widths, [99, 49]);
}

#[test]
fn nested_lists_wrap_under_the_item_text() {
    check(
        "Before.\n\n- a first item long enough to wrap twice over\n- second\n  - nested item that also wraps around\n    - third level\n      - fourth level\n- last\n\nAfter.",
        Style { color: false, width: 30 },
        "Before.\n\
         \n\
         • a first item long enough to\n  \
         wrap twice over\n\
         • second\n  \
         ◦ nested item that also\n    \
         wraps around\n    \
         ▪ third level\n      \
         • fourth level\n\
         • last\n\
         \n\
         After.\n",
    );
}

#[test]
fn numbered_list_keeps_its_start_number() {
    check(
        "9. nine is a long item that wraps\n10. ten\n",
        Style { color: false, width: 24 },
        "9. nine is a long item\n   that wraps\n10. ten\n",
    );
}

#[test]
fn loose_list_item_with_several_paragraphs() {
    check(
        "1. First paragraph.\n\n   Second paragraph of the same item.\n\n2. Next.\n",
        Style { color: false, width: 30 },
        "1. First paragraph.\n\
         \n   \
         Second paragraph of the\n   \
         same item.\n\
         \n\
         2. Next.\n",
    );
}

const TABLE: &str = "\
| Store | Latency | Notes |
|:------|--------:|:-----:|
| L1 cache | 0.5 ns | the **fastest** |
| Disk seek | 10 ms | slow, keep it off the hot path whenever you can |
";

#[test]
fn table_at_full_width() {
    check(
        TABLE,
        Style { color: false, width: 80 },
        "Store     │ Latency │                      Notes\n\
         ──────────┼─────────┼────────────────────────────────────────────────\n\
         L1 cache  │  0.5 ns │                   the fastest\n\
         Disk seek │   10 ms │ slow, keep it off the hot path whenever you can\n",
    );
}

#[test]
fn table_squeezed_to_40_columns_wraps_cells() {
    check(
        TABLE,
        PLAIN_40,
        "Store     │ Latency │       Notes\n\
         ──────────┼─────────┼───────────────────\n\
         L1 cache  │  0.5 ns │    the fastest\n\
         Disk seek │   10 ms │ slow, keep it off\n          \
         │         │    the hot path\n          \
         │         │  whenever you can\n",
    );
}

#[test]
fn table_with_colour_has_a_bold_header() {
    check(
        "| a | b |\n|---|---|\n| `x` | 1 |",
        COLOR_40,
        "\x1b[1ma\x1b[0m │ \x1b[1mb\x1b[0m\n──┼──\n\x1b[32mx\x1b[0m │ 1\n",
    );
}

#[test]
fn code_block_is_indented_and_not_wrapped() {
    check(
        "Run:\n```rust\nfn main() {\n\tprintln!(\"a very long line that is wider than the width\");  \n}\n```\nDone.",
        Style { color: false, width: 30 },
        "Run:\n\
         \n    \
         fn main() {\n        \
         println!(\"a very long line that is wider than the width\");\n    \
         }\n\
         \n\
         Done.\n",
    );
}

#[test]
fn code_block_with_colour_is_green() {
    check("    let x = 1;\n", COLOR_40, "    \x1b[32mlet x = 1;\x1b[0m\n");
}

#[test]
fn inline_markup_without_colour_is_plain_text() {
    check(
        "Use *italic*, **bold**, ~~old~~ and `code` here.",
        PLAIN_40,
        "Use italic, bold, old and `code` here.\n",
    );
}

#[test]
fn inline_markup_with_colour_uses_ansi_attributes() {
    check(
        "Use *italic*, **bold**, ~~old~~ and `code` here.",
        COLOR_40,
        "Use \x1b[3mitalic\x1b[0m, \x1b[1mbold\x1b[0m, \x1b[9mold\x1b[0m and \x1b[32mcode\x1b[0m here.\n",
    );
}

#[test]
fn links_internal_external_and_unknown() {
    check(
        "See [rings](topic:consistent-hashing), [the paper](https://example.com/p), [x](concept:ttl) and <https://a.io>.",
        PLAIN_40,
        "See rings (sdcoach learn\n\
         consistent-hashing), the paper\n\
         (https://example.com/p), x and\n\
         https://a.io.\n",
    );
}

#[test]
fn links_with_colour_are_underlined_with_a_dim_note() {
    check("[rings](topic:ring)", COLOR_40, "\x1b[4mrings\x1b[0m\x1b[2m (sdcoach learn ring)\x1b[0m\n");
}

#[test]
fn block_quote_prefixes_every_line() {
    check(
        "Before.\n\n> A quote long enough to wrap onto a second line.\n>\n> - and a list\n\nAfter.",
        Style { color: false, width: 30 },
        "Before.\n\
         \n\
         │ A quote long enough to wrap\n\
         │ onto a second line.\n\
         │\n\
         │ • and a list\n\
         \n\
         After.\n",
    );
}

#[test]
fn rules_hard_breaks_html_and_images() {
    check(
        "one\\\ntwo\n\n---\n\n<div>raw</div>\n\n![a diagram](d.png) and <b>bold</b>",
        Style { color: false, width: 16 },
        "one\ntwo\n\n────────────────\n\n<div>raw</div>\n\na diagram and\n<b>bold</b>\n",
    );
}

#[test]
fn blank_lines_collapse_and_trailing_spaces_go() {
    check("\n\n\npara   \n\n\n\n\n- \n-   x  \n\n\n", PLAIN_40, "para\n\n•\n• x\n");
    check("", PLAIN_40, "");
}

/// A document using every construct, with long words and nesting.
const MIXED: &str = "\
# Sharding and replication of a very large key-value store

Partition keys with a [hash ring](topic:consistent-hashing) so that **adding a node moves only
about 1/N of the keys**, and read `https://example.com/a/really/long/path/that/cannot/fit` later.

- replicas: *three*, spread across availability zones so one zone can fail
  - quorum reads and writes with `R + W > N`
    1. read repair fixes stale replicas during reads that touch them
- hinted handoff

> Writes go to the coordinator first, which forwards them to every replica in the preference list.

| Setting | Value | Why it matters for the system under load |
|---|:-:|--:|
| N | 3 | survives one zone failure without losing a single acknowledged write |
| R, W | 2, 2 | overlapping quorums give read-your-writes for a single key |
";

#[test]
fn output_fits_the_width() {
    for width in [20, 30, 40, 60, 80, 120] {
        for color in [false, true] {
            let out = render(MIXED, &Style { color, width }, &links);
            for line in out.lines() {
                let used = if color { visible_width(line) } else { line.chars().count() };
                assert!(used <= width, "{used} > {width}: {line:?}");
            }
        }
    }
}

#[test]
fn visible_width_ignores_escapes() {
    assert_eq!(visible_width("\x1b[1;36mabc\x1b[0m │ é"), 7);
    assert_eq!(visible_width(""), 0);
}

/// Pieces of Markdown, several malformed or half-open, that the generator strings together.
const FRAGMENTS: &[&str] = &[
    "# ",
    "## ",
    "### ",
    "#### ",
    "- ",
    "* ",
    "1. ",
    "42) ",
    "> ",
    "\n",
    "\n\n",
    "\\\n",
    "  \n",
    "word",
    "a longer sentence of several words",
    "supercalifragilisticexpialidocious",
    "*",
    "**",
    "~~old~~",
    "_",
    "`code`",
    "[",
    "]",
    "(",
    ")",
    "](topic:x)",
    "](https://example.com/a/b/c)",
    "](mailto:a@b.c)",
    "<https://x.io>",
    "![alt",
    "<div>",
    "</div>",
    "<br>",
    "&amp;",
    "&#0;",
    "| a | b |\n",
    "|---|:-:|\n",
    "| 1 | two words |\n",
    "|",
    "---\n",
    "***",
    "===\n",
    "[^1]",
    "é",
    "日本",
    "\u{1b}[31m",
    "\r\n",
    "[ref]: /url\n",
    "[ref]",
    "- [ ] ",
    "0. ",
];

/// Fragments that can open a code block, whose lines are left unwrapped on purpose.
const CODE_FRAGMENTS: &[&str] =
    &["`", "``", "~~", "```", "\t", "  ", "    long indented code", "\n```rust\n"];

/// A deterministic linear congruential generator: reproducible without a dependency.
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        ((self.0 >> 33) % n as u64) as usize
    }
}

fn garble(rng: &mut Lcg, fragments: &[&str]) -> String {
    let count = 1 + rng.below(40);
    (0..count).map(|_| fragments[rng.below(fragments.len())]).collect()
}

#[test]
fn garbled_markdown_never_panics_and_prose_fits() {
    let mut rng = Lcg(7);
    for round in 0..400 {
        let markdown = garble(&mut rng, FRAGMENTS);
        let style = Style { color: round % 2 == 0, width: [20, 33, 40, 80][round % 4] };
        let out = render(&markdown, &style, &links);
        assert!(out.is_empty() || (out.ends_with('\n') && !out.ends_with("\n\n")), "{markdown:?}");
        assert!(!out.contains("\n\n\n"), "{markdown:?}");
        for line in out.lines() {
            assert_eq!(line, line.trim_end(), "trailing space for {markdown:?}");
            assert!(visible_width(line) <= style.width, "{line:?} too wide for {markdown:?}");
        }
    }
    let all: Vec<&str> = FRAGMENTS.iter().chain(CODE_FRAGMENTS).copied().collect();
    for round in 0..400 {
        let markdown = garble(&mut rng, &all);
        render(&markdown, &Style { color: round % 2 == 0, width: 1 + round % 50 }, &links);
    }
}
