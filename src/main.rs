//! The `dossier` binary: parse the command line, run it, exit with its status.

use clap::Parser;

// The build allocates many short-lived strings on several threads at once; mimalloc
// handles that pattern markedly better than the system allocator.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let cli = dossier::cli::Cli::parse();
    std::process::exit(dossier::cli::run(cli));
}
