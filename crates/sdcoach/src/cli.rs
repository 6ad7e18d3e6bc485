//! The command line, defined once: parsing, `--help`, shell completions and the man page all
//! come from these types.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

const TOP_HELP: &str = "\
Examples:
  sdcoach                              start the web app on http://127.0.0.1:7878
  sdcoach search \"consistent hashing\"
  sdcoach learn token-bucket
  sdcoach topics --area building-blocks
  sdcoach glossary \"write behind\"

Exit status:
  0  success
  1  a failure you can fix: bad input, nothing found, content errors
  2  a usage error: unknown command or flag, missing argument";

#[derive(Debug, Parser)]
#[command(
    name = "sdcoach",
    version,
    about = "A system design interview coach that runs on your machine.",
    long_about = "A system design interview coach that runs on your machine.\n\n\
        With no command, sdcoach starts the local web app on http://127.0.0.1:7878. Every part of \
        the coach is also a command: learn topics, search, look up concepts.",
    after_help = TOP_HELP,
)]
pub struct Cli {
    /// Read content from this folder instead of the copy built into sdcoach (for authors).
    #[arg(long, global = true, value_name = "DIR")]
    pub content: Option<PathBuf>,

    /// When to use colour in the terminal.
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// Colour when writing to a terminal and NO_COLOR is not set.
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the local web app (the default when no command is given).
    #[command(
        after_help = "Examples:\n  sdcoach serve\n  sdcoach serve --addr 127.0.0.1:8080\n  sdcoach serve --addr 0.0.0.0:7878 --allow-host coach.lan\n\nThe server answers only requests addressed to localhost, the address it serves on, or a\nname given with --allow-host, so other web pages cannot reach it through DNS rebinding."
    )]
    Serve(ServeArgs),

    /// List the topics of the curriculum.
    #[command(
        after_help = "Examples:\n  sdcoach topics\n  sdcoach topics --area building-blocks\n  sdcoach topics --json | jq '.[] | select(.cards < 8) | .id'\n\nAreas: interview-method, quality-attributes, building-blocks, networking-apis, data-stores,\nstorage-analytics, distributed-systems, reliability-operations, security,\ncloud-infrastructure, ml-search, estimation, oop-lld, design-patterns."
    )]
    Topics(TopicsArgs),

    /// Read a topic in the terminal.
    #[command(
        after_help = "Examples:\n  sdcoach learn token-bucket\n  sdcoach learn lru            a concept opens the topic that teaches it\n  sdcoach learn cdn --no-pager\n\nFind topic ids with `sdcoach topics` or `sdcoach search`."
    )]
    Learn(LearnArgs),

    /// Search topics, flashcards and concepts.
    #[command(
        after_help = "Examples:\n  sdcoach search \"consistent hashing\"\n  sdcoach search consistant hashing        typos are forgiven\n  sdcoach search 'write behind'            other names of a concept work\n  sdcoach search '\"sliding window\"' --kind topic\n  sdcoach search cache --json --limit 5\n\nExits with status 1 when nothing matches."
    )]
    Search(SearchArgs),

    /// Look up concepts: their other names, definition and the topics that teach them.
    #[command(
        after_help = "Examples:\n  sdcoach glossary                   every concept\n  sdcoach glossary \"hash ring\"\n  sdcoach glossary ttl --json\n  sdcoach glossary --area building-blocks"
    )]
    Glossary(GlossaryArgs),

    /// List the design problems of the bank.
    #[command(
        after_help = "Examples:\n  sdcoach problems\n  sdcoach problems --kind lld --difficulty easy\n  sdcoach problems --tag read-heavy --json"
    )]
    Problems(ProblemsArgs),

    /// Show a design problem: the prompt only, unless you ask for more.
    #[command(
        after_help = "Examples:\n  sdcoach problem url-shortener                 the prompt, as the interviewer says it\n  sdcoach problem url-shortener --facts         what the interviewer answers when asked\n  sdcoach problem url-shortener --estimates     the numbers, computed from the inputs\n  sdcoach problem url-shortener --rubric\n  sdcoach problem url-shortener --solution      everything, including follow-ups and pitfalls"
    )]
    Problem(ProblemArgs),

    /// Practise: estimation drills and the numbers-to-know quiz.
    #[command(subcommand)]
    Drill(DrillCommand),

    /// Back-of-envelope maths with units: rates, sizes, durations, conversions.
    #[command(after_help = CALC_HELP)]
    Calc(CalcArgs),

    /// Design as code: check, format, draw and simulate a design written in the design language.
    #[command(subcommand)]
    Design(DesignCommand),

    /// LLD katas: run your own implementation of a low-level design against its scenarios.
    #[command(subcommand)]
    Kata(KataCommand),

    /// Tools for content authors.
    #[command(subcommand)]
    Content(ContentCommand),

    /// Speaks a kata's line protocol with the built-in reference (what `kata run --reference`
    /// starts).
    #[command(name = "__kata-ref", hide = true)]
    KataRef {
        id: String,
        /// The deliberately broken variant, to see the suite catch it.
        #[arg(long)]
        broken: bool,
    },

    /// Print a shell completion script.
    #[command(
        after_help = "Examples:\n  sdcoach completions bash > ~/.local/share/bash-completion/completions/sdcoach\n  sdcoach completions zsh > \"${fpath[1]}/_sdcoach\"\n  sdcoach completions fish > ~/.config/fish/completions/sdcoach.fish"
    )]
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },

    /// Print the man page (roff).
    #[command(after_help = "Example:\n  sdcoach man > sdcoach.1 && man ./sdcoach.1")]
    Man,
}

const CALC_HELP: &str = "\
Examples:
  sdcoach calc '100M/day * 500 B * 5 years to TB'      91.3 TB
  sdcoach calc '250M/day to /s'                        2.89K/s
  sdcoach calc '1 TB / 100 MB/s'                       2.78 h
  sdcoach calc '(1 - 99.99%) * 1 year to min'          52.6 min
  sdcoach calc '62^7'                                  3.52T
  sdcoach calc '10K rps * 2 KB to Gbps' --json
  sdcoach calc 'ssd_random_read * 1000 to ms'          100 ms (a number to know, by name)
  sdcoach calc 'read_qps * 2 KB to MB/s' --problem url-shortener

How to write it (quote the expression: the shell treats * and ( specially):
  Magnitudes go against the number: 3K or 3k, 250M, 1.5B (billion), 2T.
  Units go after a space: 500 B is 500 bytes, but 500B is 500 billion.
  A unit binds to its number before arithmetic: 100 MB/s is one rate.
  Sizes: B KB MB GB TB PB (powers of 1000), KiB MiB GiB TiB (powers of 1024), b Kb Mb Gb (bits).
  Rates: /s /min /h /day /month /year, rps, qps, bps Kbps Mbps Gbps. Times: ns us ms s min h day
  week month year. Money: $0.023/GB/month. Percentages: 99.99%. Powers: 62^7.
  A year is 365 days and a month a twelfth of a year (30.4 days).
  Convert with `to`: ... to /s, to TB, to min, to GB/day, to %.
  Functions: ceil floor round sqrt log2 log10 ln min max abs.
  Count words such as users, requests, servers are allowed and mean nothing: 100M users.
  Names: the numbers to know (`sdcoach drill numbers` lists them; rtt_cross_zone, redis_ops, ...)
  and, with --problem ID, that problem's inputs and estimates.

Exit status: 0 success, 1 a bad expression (the message names the column), 2 a usage error.";

#[derive(Debug, Args)]
pub struct CalcArgs {
    /// The expression; its words may be given as separate arguments.
    #[arg(value_name = "EXPR", required = true, num_args = 1.., allow_negative_numbers = true)]
    pub expr: Vec<String>,

    /// Print JSON: {value, unit, display, warnings}; value is in the unit after `to`, or in base
    /// units (B, s, /s, B/s, USD) without it.
    #[arg(long)]
    pub json: bool,

    /// Also allow this problem's inputs and estimates as names (`read_qps * 2 KB to MB/s`).
    #[arg(long, value_name = "ID")]
    pub problem: Option<String>,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on; port 0 picks a free port.
    #[arg(long, default_value = "127.0.0.1:7878", value_name = "ADDR")]
    pub addr: String,

    /// Also answer requests addressed to this host name (repeatable).
    #[arg(long = "allow-host", value_name = "HOST")]
    pub allow_hosts: Vec<String>,
}

#[derive(Debug, Args)]
pub struct TopicsArgs {
    /// Only topics of this area (an area id; repeatable).
    #[arg(long, value_name = "AREA")]
    pub area: Vec<String>,

    /// Print JSON: an array of {id, title, area, cards, summary, concepts}.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct ProblemsArgs {
    /// Only HLD (system) or LLD (object) problems.
    #[arg(long, value_enum)]
    pub kind: Option<KindFilter>,

    /// Only problems of this difficulty.
    #[arg(long, value_enum)]
    pub difficulty: Option<DifficultyFilter>,

    /// Only problems with this tag (repeatable: all must match).
    #[arg(long, value_name = "T")]
    pub tag: Vec<String>,

    /// Print JSON: an array of {id, title, kind, difficulty, tags, topics}.
    #[arg(long)]
    pub json: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum KindFilter {
    Hld,
    Lld,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum DifficultyFilter {
    Easy,
    Medium,
    Hard,
}

#[derive(Debug, Args)]
pub struct ProblemArgs {
    /// A problem id (see `sdcoach problems`).
    #[arg(value_name = "ID")]
    pub id: String,

    /// Reveal the clarifying questions and the interviewer's answers.
    #[arg(long)]
    pub facts: bool,

    /// Reveal the scale inputs and the estimates computed from them.
    #[arg(long)]
    pub estimates: bool,

    /// Reveal the rubric: what mid, senior and staff answers say.
    #[arg(long)]
    pub rubric: bool,

    /// Reveal everything: facts, estimates, the reference solution, follow-ups, pitfalls and, for
    /// LLD problems, the class design.
    #[arg(long)]
    pub solution: bool,

    /// Print the reference design in the design language (to copy, change and check).
    #[arg(long)]
    pub design: bool,

    /// Print JSON of what is revealed.
    #[arg(long)]
    pub json: bool,

    /// Print straight to the terminal instead of through a pager.
    #[arg(long)]
    pub no_pager: bool,
}

#[derive(Debug, Args)]
pub struct LearnArgs {
    /// A topic id (see `sdcoach topics`), or a concept id or name.
    #[arg(value_name = "TOPIC")]
    pub topic: String,

    /// Print straight to the terminal instead of through a pager.
    #[arg(long)]
    pub no_pager: bool,
}

#[derive(Debug, Args)]
pub struct SearchArgs {
    /// Words, "quoted phrases", or the start of a word.
    #[arg(value_name = "QUERY", required = true, num_args = 1..)]
    pub query: Vec<String>,

    /// Only results of this kind (repeatable).
    #[arg(long, value_enum, value_name = "KIND")]
    pub kind: Vec<KindArg>,

    /// How many results at most.
    #[arg(long, default_value_t = 10, value_name = "N")]
    pub limit: usize,

    /// Print JSON: an array, best first, of {kind, id, title, score, snippet, parent}.
    #[arg(long)]
    pub json: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum KindArg {
    Topic,
    Problem,
    Concept,
    Card,
}

#[derive(Debug, Args)]
pub struct GlossaryArgs {
    /// A concept's id, name or other name; words search the glossary.
    #[arg(value_name = "TERM", num_args = 0..)]
    pub term: Vec<String>,

    /// Only concepts of this area (repeatable).
    #[arg(long, value_name = "AREA")]
    pub area: Vec<String>,

    /// Print JSON: an array of {id, name, aliases, area, definition, related, topics}.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Subcommand)]
pub enum DesignCommand {
    /// Analyse a design: load, utilisation, latency, availability, storage, cost and smells.
    #[command(
        after_help = "Examples:\n  sdcoach design check shortener.sd\n  sdcoach design check shortener.sd --json | jq '.findings'\n  sdcoach problem url-shortener --design > shortener.sd && sdcoach design check shortener.sd\n\nThe language is described in docs/design-language.md.\nExit status: 0 the design parsed (findings may exist), 1 the design has errors, 2 a usage error."
    )]
    Check(DesignFileArgs),

    /// Print a design in its canonical form.
    #[command(
        after_help = "Examples:\n  sdcoach design fmt shortener.sd\n  sdcoach design fmt shortener.sd --write\n  sdcoach design fmt shortener.sd --check      exit 1 if not formatted"
    )]
    Fmt(DesignFmtArgs),

    /// Draw a design: SVG, or text for Mermaid, D2 or Graphviz.
    #[command(
        after_help = "Examples:\n  sdcoach design render shortener.sd -o shortener.svg\n  sdcoach design render shortener.sd --format mermaid\n  sdcoach design render shortener.sd --format dot | dot -Tpng > shortener.png"
    )]
    Render(DesignRenderArgs),

    /// Simulate a design under load, spikes and failures: what users see, second by second.
    #[command(after_help = SIM_HELP)]
    Sim(DesignSimArgs),
}

const SIM_HELP: &str = "\
Examples:
  sdcoach design sim shortener.sd                        the default scenario: steady, a 3x spike,
                                                         then the busiest component down for a while
  sdcoach design sim shortener.sd --scenario outage.scn --duration 5min --seed 7
  sdcoach design sim shortener.sd --preset retry-storm   the bottleneck slows; callers retry
  sdcoach design sim shortener.sd --json | jq '.summary.flows'
  sdcoach design sim shortener.sd --out run/             CSV series and SVG charts in run/
  sdcoach problem url-shortener --design > s.sd && sdcoach design sim s.sd --problem url-shortener

A scenario file, one statement a line (see docs/design-language.md, \"Simulating a design\"):
  set duration 120s                  spike all x3 at 30s for 10s
  load redirect 20K/s                call db timeout 100 ms retries 2 breaker 50%
  fail db at 60s for 20s             component api balance least-connections waiting 200
  fail zone a at 60s                 flush cache at 90s recover 20s

The scenario may also end the design file: a line `scenario`, then its statements; --scenario
and --preset win over it. `--preset retry-storm` and the other presets write a scenario for
the design (its bottleneck, cache, zones); --out keeps the text in scenario.txt. The same design, scenario and seed give the same numbers.
Exit status: 0 the simulation ran, 2 the design or scenario has errors (each with its line), or a
usage error.";

fn preset_names() -> clap::builder::PossibleValuesParser {
    clap::builder::PossibleValuesParser::new(sim::scenario::PRESETS.iter().map(|p| p.id))
}

#[derive(Debug, Args)]
pub struct DesignSimArgs {
    /// The design file (`-` for standard input).
    #[arg(value_name = "FILE")]
    pub file: std::path::PathBuf,

    /// The scenario to run; without one, the design's own `scenario` section, else a default:
    /// steady load, a 3x spike, then the analyzer's busiest component down for a while.
    #[arg(long, value_name = "FILE")]
    pub scenario: Option<std::path::PathBuf>,

    /// Run a ready-made scenario written for this design (its bottleneck, cache and zones).
    #[arg(long, value_name = "NAME", conflicts_with = "scenario", value_parser = preset_names())]
    pub preset: Option<String>,

    /// Virtual time to simulate, such as 120s or 5min (wins over the scenario's `set duration`).
    #[arg(long, value_name = "TIME", value_parser = parse_duration, allow_hyphen_values = true)]
    pub duration: Option<f64>,

    /// Seed of the random stream (wins over the scenario's `set seed`).
    #[arg(long, value_name = "N")]
    pub seed: Option<u64>,

    /// Print JSON: {summary: {flows, components, failures, ...}, series: [...]}.
    #[arg(long)]
    pub json: bool,

    /// Write CSV files of the series and the summary, and SVG charts, into this folder.
    #[arg(long, value_name = "DIR")]
    pub out: Option<std::path::PathBuf>,

    /// Evaluate names from this problem's inputs and estimates (reference designs use them).
    #[arg(long, value_name = "ID")]
    pub problem: Option<String>,
}

/// A duration in calculator syntax: `120s`, `2 min`, `500 ms`.
fn parse_duration(text: &str) -> Result<f64, String> {
    let q = estimate::calc(text).map_err(|p| format!("{p}; write a time such as 120s or 5min"))?.quantity;
    if q.dims != estimate::Dims::TIME {
        return Err(format!("`{text}` is not a time; write a time such as 120s or 5min"));
    }
    if q.value <= 0.0 {
        return Err(format!("the duration must be more than zero, not `{text}`"));
    }
    Ok(q.value)
}

#[derive(Debug, Args)]
pub struct DesignFileArgs {
    /// The design file (`-` for standard input).
    #[arg(value_name = "FILE")]
    pub file: std::path::PathBuf,

    /// Print JSON: {components, flows, findings, monthly_cost_usd, ...}.
    #[arg(long)]
    pub json: bool,

    /// Evaluate names from this problem's inputs and estimates (reference designs use them).
    #[arg(long, value_name = "ID")]
    pub problem: Option<String>,
}

#[derive(Debug, Args)]
pub struct DesignFmtArgs {
    #[arg(value_name = "FILE")]
    pub file: std::path::PathBuf,

    /// Rewrite the file in place.
    #[arg(long, conflicts_with = "check")]
    pub write: bool,

    /// Exit with 1 when the file is not in canonical form; print nothing.
    #[arg(long)]
    pub check: bool,
}

#[derive(Debug, Args)]
pub struct DesignRenderArgs {
    #[arg(value_name = "FILE")]
    pub file: std::path::PathBuf,

    /// Output format.
    #[arg(long, value_enum, default_value_t = RenderFormat::Svg)]
    pub format: RenderFormat,

    /// Write to this file instead of standard output.
    #[arg(short, long, value_name = "OUT")]
    pub output: Option<std::path::PathBuf>,

    /// Evaluate names from this problem's inputs and estimates.
    #[arg(long, value_name = "ID")]
    pub problem: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum RenderFormat {
    Svg,
    Mermaid,
    D2,
    Dot,
}

#[derive(Debug, Subcommand)]
pub enum DrillCommand {
    /// Estimate QPS, storage, bandwidth... for a scenario with fresh numbers; scored by how many
    /// times off you are (full marks within 2×, partial within 10×), then the worked arithmetic.
    #[command(
        after_help = "Examples:\n  sdcoach drill estimate\n  sdcoach drill estimate --problem url-shortener --seed 42\n  printf '1.2K\\n116K/s\\n90 TB\\n60 MB/s\\n' | sdcoach drill estimate --problem url-shortener --seed 42\n\nAnswer in calculator syntax (2.3K/s, 90 TB, 1.5 h); a plain number is read in the unit asked.\nThe same --seed gives the same drill."
    )]
    Estimate(DrillEstimateArgs),

    /// A quiz on the numbers every engineer should know (latencies, throughputs, sizes).
    #[command(
        after_help = "Examples:\n  sdcoach drill numbers\n  sdcoach drill numbers --count 5 --seed 7\n\nAnswer with units: 100 us, 1 ms, 500 MB/s."
    )]
    Numbers(DrillNumbersArgs),
}

#[derive(Debug, Args)]
pub struct DrillEstimateArgs {
    /// The problem to drill (any HLD problem with estimates); a random one by default.
    #[arg(long, value_name = "ID")]
    pub problem: Option<String>,

    /// Seed for the scenario; the same seed gives the same numbers.
    #[arg(long, value_name = "N")]
    pub seed: Option<u64>,

    /// Print the result as JSON after reading the answers.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct DrillNumbersArgs {
    /// How many questions.
    #[arg(long, default_value_t = 8, value_name = "N")]
    pub count: usize,

    /// Seed for picking the questions.
    #[arg(long, value_name = "N")]
    pub seed: Option<u64>,

    /// Print the result as JSON after reading the answers.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Subcommand)]
pub enum ContentCommand {
    /// Check content for errors: ids, links, fields, cards without a topic.
    #[command(
        after_help = "Examples:\n  sdcoach content check --content content/\n  sdcoach content check              checks the built-in content\n\nExits with status 1 when there is any problem."
    )]
    Check,
}

#[derive(Debug, Subcommand)]
pub enum KataCommand {
    /// List the katas.
    #[command(after_help = "Examples:\n  sdcoach kata list\n  sdcoach kata list --json | jq -r '.[].id'")]
    List(KataListArgs),

    /// Show a kata: statement, protocol, examples and starter languages.
    #[command(after_help = "Examples:\n  sdcoach kata show lru-cache\n  sdcoach kata show lru-cache --json")]
    Show(KataShowArgs),

    /// Run every scenario of a kata against a program (or the built-in reference).
    #[command(after_help = KATA_RUN_HELP)]
    Run(KataRunArgs),

    /// Write a starter that already speaks the kata's protocol.
    #[command(
        after_help = "Examples:\n  sdcoach kata init lru-cache --lang python lru\n  sdcoach kata init parking-lot --lang rust parking\n\nLanguages: python, rust, java, go, js. Existing files are kept unless --force."
    )]
    Init(KataInitArgs),
}

const KATA_RUN_HELP: &str = "Examples:\n  sdcoach kata run lru-cache -- python3 main.py\n  sdcoach kata run lru-cache -- ./target/release/lru-cache\n  sdcoach kata run lru-cache --reference\n  sdcoach kata run lru-cache --json -- node main.js\n\nThe program reads one command per line on standard input and prints one reply line per\ncommand, flushing each. Every scenario starts a fresh process. Exit status: 0 when every\nscenario passes, 1 when one fails, 2 on a usage error.";

#[derive(Debug, Args)]
pub struct KataListArgs {
    /// Print JSON: an array of {id, title, problem, difficulty, summary, scenarios}.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct KataShowArgs {
    /// The kata id, e.g. lru-cache.
    pub id: String,
    #[arg(long)]
    pub json: bool,
    /// Print even when the text is longer than the screen.
    #[arg(long)]
    pub no_pager: bool,
}

#[derive(Debug, Args)]
pub struct KataRunArgs {
    /// The kata id, e.g. lru-cache.
    pub id: String,
    /// Run the built-in reference implementation instead of a program.
    #[arg(long, conflicts_with = "program")]
    pub reference: bool,
    /// Run the reference's deliberately broken variant (to see what a failure looks like).
    #[arg(long, hide = true)]
    pub broken: bool,
    /// Seconds each scenario may take before the program is stopped.
    #[arg(long, default_value_t = 10.0, value_name = "SECONDS")]
    pub timeout: f64,
    /// Run only the scenarios whose names contain this text.
    #[arg(long, value_name = "TEXT")]
    pub only: Option<String>,
    /// Print JSON: {kata, passed, failed, scenarios: [{name, ok, visible, elapsed_ms, failure}]}.
    #[arg(long)]
    pub json: bool,
    /// The program and its arguments, after `--`.
    #[arg(last = true, value_name = "COMMAND")]
    pub program: Vec<String>,
}

#[derive(Debug, Args)]
pub struct KataInitArgs {
    /// The kata id, e.g. lru-cache.
    pub id: String,
    /// The starter's language: python, rust, java, go or js.
    #[arg(long, value_name = "LANG")]
    pub lang: String,
    /// The folder to write into (created if missing).
    pub dir: std::path::PathBuf,
    /// Overwrite files that already exist.
    #[arg(long)]
    pub force: bool,
}
