//! Scratch: renders a Markdown file given on the command line.
fn main() {
    let args: Vec<String> = std::env::args().collect();
    let md = std::fs::read_to_string(&args[1]).unwrap();
    let width: usize = args[2].parse().unwrap();
    let color = args.get(3).is_some();
    let style = term_render::Style { color, width };
    let links = |url: &str| {
        url.strip_prefix("topic:")
            .map(|id| format!("sdcoach learn {id}"))
    };
    print!("{}", term_render::heading("Consistent hashing", &style));
    let out = term_render::render(&md, &style, &links);
    for line in out.lines() {
        println!("{line}|");
    }
}
