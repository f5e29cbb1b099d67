//! The `newsgraph` binary: parses arguments, runs a command, maps the outcome
//! to an exit code (0 ok, 1 failure, 2 bad usage or query, 3 some inputs
//! skipped: each is named with its reason on standard error).

mod cli;
mod commands;

use std::process::ExitCode;

use clap::Parser;

/// Extraction allocates many small, short-lived strings and vectors;
/// mimalloc serves them faster than the system allocator (BENCHMARKS.md,
/// "Fourth round"). Its `override` feature, which makes C's `malloc` and
/// `free` mimalloc's too, is required: Oxigraph frees RocksDB's
/// `malloc`-allocated error messages with the Rust allocator. The
/// counting wrapper lets the server hold each query to its memory budget.
#[global_allocator]
static ALLOCATOR: newsgraph::budget::Counting<mimalloc::MiMalloc> =
    newsgraph::budget::Counting(mimalloc::MiMalloc);

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
