//! The command line: one argument struct per subcommand, and the glue that runs
//! them and turns the outcome into output and an exit code.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::{BuildOptions, BuildRequest, Error};

/// dossier: build a linked briefing site from Markdown briefs.
#[derive(Debug, Parser)]
#[command(name = "dossier", version, about)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the site into its output folder (public/ by default).
    Build(BuildArgs),
    /// Check the site for errors without writing anything.
    Check(CheckArgs),
    /// Build, serve on loopback, and rebuild and reload the browser on every change.
    Serve(ServeArgs),
}

/// `dossier serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The site folder.
    #[arg(default_value = ".")]
    pub site_dir: PathBuf,
    /// Port to listen on (0: any free port).
    #[arg(short, long, default_value_t = 1111)]
    pub port: u16,
    /// Address to listen on. Anything but loopback exposes the preview to the network.
    #[arg(short, long, default_value = "127.0.0.1")]
    pub bind: std::net::IpAddr,
    /// Include briefs marked `draft: true`.
    #[arg(long)]
    pub drafts: bool,
    /// Open the site in the default browser.
    #[arg(long)]
    pub open: bool,
    /// Also accept this host name in requests (repeatable), e.g. a name this
    /// machine has on the LAN. Addresses need no flag.
    #[arg(long = "allow-host", value_name = "NAME")]
    pub allow_host: Vec<String>,
}

/// `dossier build`.
#[derive(Debug, Args)]
pub struct BuildArgs {
    /// The site folder.
    #[arg(default_value = ".")]
    pub site_dir: PathBuf,
    /// Output folder (default: SITE_DIR/public).
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    /// Include briefs marked `draft: true`.
    #[arg(long)]
    pub drafts: bool,
    /// Publish briefs dated in the future (otherwise held back until their date).
    #[arg(long)]
    pub future: bool,
    /// Override `base_url` from site.yaml.
    #[arg(long)]
    pub base_url: Option<String>,
    /// Replace the contents of an output folder that dossier did not write (or
    /// files in it that the new site also writes). Dotfiles such as .git are kept.
    #[arg(long)]
    pub clean: bool,
}

/// `dossier check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The site folder.
    #[arg(default_value = ".")]
    pub site_dir: PathBuf,
    /// Include briefs marked `draft: true`.
    #[arg(long)]
    pub drafts: bool,
}

/// Runs the command line; returns the process exit code.
pub fn run(cli: Cli) -> i32 {
    match cli.command {
        Command::Build(args) => {
            let request = BuildRequest {
                site_dir: args.site_dir,
                output: args.output,
                drafts: args.drafts,
                future: args.future,
                base_url: args.base_url,
                clean: args.clean,
            };
            match crate::build(&request) {
                Ok(report) => {
                    crate::error::eprint_all(&report.warnings);
                    println!("{report}");
                    crate::error::exit::OK
                }
                Err(e) => fail(&e),
            }
        }
        Command::Serve(args) => {
            let options = crate::serve::ServeOptions {
                site_dir: args.site_dir,
                bind: args.bind,
                port: args.port,
                drafts: args.drafts,
                open: args.open,
                allowed_hosts: args.allow_host,
                ..Default::default()
            };
            match crate::serve::serve(options) {
                Ok(()) => crate::error::exit::OK,
                Err(e) => fail(&e),
            }
        }
        Command::Check(args) => match crate::check(
            &args.site_dir,
            BuildOptions {
                drafts: args.drafts,
                // Embargoed briefs are checked too: they will be published.
                future: true,
            },
        ) {
            Ok(warnings) => {
                crate::error::eprint_all(&warnings);
                println!("no errors ({} warnings)", warnings.len());
                crate::error::exit::OK
            }
            Err(e) => fail(&e),
        },
    }
}

fn fail(e: &Error) -> i32 {
    eprintln!("{e}");
    e.exit_code()
}
