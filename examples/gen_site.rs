//! Writes a generated archive of policy briefs, the benchmarks' corpus, for
//! measuring dossier by hand or beside another generator on the same content:
//!
//! ```sh
//! cargo run --release --example gen_site -- --briefs 10000 --out /tmp/site
//! cargo run --release --example gen_site -- --briefs 10000 --out /tmp/hugo-site --flavor hugo
//! ```
//!
//! The same `--briefs` and `--seed` give the same briefs in either flavor;
//! `benches/corpus/mod.rs` describes the shape of the content.

#[path = "../benches/corpus/mod.rs"]
mod corpus;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;

/// Generate a realistic briefing site (people, topics, sources, bodies) of any size.
#[derive(Parser)]
struct Args {
    /// Number of briefs (people: a tenth of it, topics: a fiftieth).
    #[arg(long, default_value_t = 10_000, value_parser = clap::value_parser!(u64).range(1..))]
    briefs: u64,
    /// The site folder to write; it must be missing or hold no briefs yet.
    #[arg(long)]
    out: PathBuf,
    /// `dossier` (site.yaml, briefs, people registry) or `hugo` (hugo.toml, a minimal
    /// theme, people and topics as taxonomies).
    #[arg(long, default_value = "dossier", value_parser = ["dossier", "hugo"])]
    flavor: String,
    /// Seed of the generator.
    #[arg(long, default_value_t = corpus::DEFAULT_SEED)]
    seed: u64,
}

fn main() -> ExitCode {
    let args = Args::parse();
    let options = corpus::Options {
        briefs: args.briefs as usize,
        seed: args.seed,
        flavor: corpus::Flavor::parse(&args.flavor).expect("clap admits only known flavors"),
    };
    let start = std::time::Instant::now();
    match corpus::write(&args.out, &options) {
        Ok(w) => {
            println!(
                "{} briefs, {} people, {} topics, {} words of body ({} per brief), {:.1} MB, most-named people in {:?} briefs, written to {} in {:.1} s",
                w.briefs.len(),
                w.people_count,
                w.topics_count,
                w.words,
                w.words / w.briefs.len().max(1),
                w.bytes as f64 / 1e6,
                w.top_people,
                args.out.display(),
                start.elapsed().as_secs_f64()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: writing {}: {e}", args.out.display());
            ExitCode::FAILURE
        }
    }
}
