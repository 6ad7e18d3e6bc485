//! `sdcoach`: the system design interview coach. With no command it serves the local web app;
//! every other capability is a subcommand. This binary is the only place that knows argv and
//! the terminal.

mod cli;
mod commands;
mod harness;
mod terminal;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = match cli::Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => {
            // --help and --version are not errors; usage mistakes exit with 2.
            let code = err.exit_code();
            let _ = err.print();
            return ExitCode::from(code.clamp(0, 255) as u8);
        }
    };
    match commands::run(cli) {
        Ok(code) => code,
        Err(err) if is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) if err.is::<commands::Usage>() => {
            eprintln!("error: {err}");
            ExitCode::from(2)
        }
        Err(err) => {
            eprintln!("error: {err}");
            for cause in err.chain().skip(1) {
                eprintln!("  caused by: {cause}");
            }
            ExitCode::from(1)
        }
    }
}

/// `sdcoach search x | head -1` closes our stdout early: that is the reader's choice, not a
/// failure.
fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|c| {
        c.downcast_ref::<std::io::Error>().is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
