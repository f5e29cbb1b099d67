//! The `newsgraph` binary: parses arguments, runs a command, maps the outcome
//! to an exit code (0 ok, 1 failure, 2 bad usage or query, 3 some inputs
//! skipped: each is named with its reason on standard error).

mod cli;
mod commands;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    match commands::run(cli.command) {
        Ok(code) => code,
        Err(err) => {
            // A closed pipe (`| head`) is not an error.
            if err.chain().any(|c| {
                c.downcast_ref::<std::io::Error>()
                    .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
            }) {
                return ExitCode::SUCCESS;
            }
            eprintln!("newsgraph: {err:#}");
            if err.chain().any(|c| {
                matches!(
                    c.downcast_ref::<newsgraph::Error>(),
                    Some(newsgraph::Error::Query(_))
                )
            }) {
                ExitCode::from(2)
            } else {
                ExitCode::FAILURE
            }
        }
    }
}
