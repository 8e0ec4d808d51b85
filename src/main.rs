//! The `dossier` binary: parse the command line, run it, exit with its status.

use clap::Parser;

fn main() {
    let cli = dossier::cli::Cli::parse();
    std::process::exit(dossier::cli::run(cli));
}
