//! Shell completions and the man page, generated from the same definitions as `--help`.

use std::process::ExitCode;

use clap::CommandFactory;

use crate::cli::Cli;

pub fn completions(shell: clap_complete::Shell) -> anyhow::Result<ExitCode> {
    let mut buf = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "sdcoach", &mut buf);
    crate::terminal::print(&String::from_utf8(buf)?)?;
    Ok(ExitCode::SUCCESS)
}

pub fn man() -> anyhow::Result<ExitCode> {
    let mut buf = Vec::new();
    clap_mangen::Man::new(Cli::command()).render(&mut buf)?;
    crate::terminal::print(&String::from_utf8(buf)?)?;
    Ok(ExitCode::SUCCESS)
}
