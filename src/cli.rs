//! The command line: one argument struct per subcommand. What each command does
//! is in [`crate::commands`]; this module only parses.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Exit statuses, shown under `--help` (and in README.md).
const EXIT_STATUS: &str = "\
Exit status:
  0  success (warnings are printed but do not fail, unless --deny-warnings)
  1  the site has errors (content, templates, settings), or `check` found errors
  2  a wrong command line
  3  the output folder was refused, to protect files that are not the site's
  4  reading or writing failed (permissions, disk full)
  5  the preview server could not listen";

/// dossier: build a linked briefing site from Markdown briefs.
#[derive(Debug, Parser)]
#[command(name = "dossier", version, about, after_help = EXIT_STATUS)]
pub struct Cli {
    /// How much to print, and in what colours.
    #[command(flatten)]
    pub terminal: TerminalArgs,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// Options of every command: how much to print and whether in colour.
#[derive(Debug, Args, Clone, Copy)]
pub struct TerminalArgs {
    /// Print errors only: no summary line, no warnings (unless they fail the command).
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Also print the time each stage took.
    #[arg(short, long, global = true)]
    pub verbose: bool,
    /// Colour in messages: `auto` (only on a terminal), `always` or `never`. The
    /// `NO_COLOR` environment variable turns colour off whatever this says.
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
}

/// When to colour messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// On a terminal only.
    Auto,
    /// Even into a pipe or file.
    Always,
    /// Never.
    Never,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the site into its output folder (public/ by default).
    Build(BuildArgs),
    /// Check the site for errors and likely mistakes without writing anything.
    Check(CheckArgs),
    /// Build, serve on loopback, and rebuild and reload the browser on every change.
    Serve(ServeArgs),
    /// Work with the built-in theme.
    #[command(subcommand)]
    Theme(ThemeCommand),
    /// Create a new site: settings, an example brief, person and topic.
    Init(InitArgs),
    /// Write a new brief, person or topic file with every field in place.
    #[command(subcommand)]
    New(NewCommand),
    /// Print a shell completion script (e.g. `dossier completions bash`).
    Completions(CompletionsArgs),
}

/// `dossier theme`.
#[derive(Debug, Subcommand)]
pub enum ThemeCommand {
    /// Write the built-in templates, stylesheet and words table into a folder
    /// (a site's templates/ by default) to edit them; existing files are never overwritten.
    Export {
        /// Where to write them.
        #[arg(default_value = "templates")]
        dir: PathBuf,
    },
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
    /// List every mention in brief bodies with the rule that linked it, names
    /// left unlinked and why, and near-misses of registry names.
    #[arg(long)]
    pub mentions: bool,
    /// Also request every external link (5 s timeout, at most 2 requests at once per host).
    #[arg(long)]
    pub external: bool,
    /// Fail (exit 1) on warnings too.
    #[arg(long)]
    pub deny_warnings: bool,
    /// `text` for people, `json` for editors and CI: one object per line with
    /// severity, code, file, line, column, message and help.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

/// How `check` prints its findings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// `path:line:column: warning[code]: message`, with the line and a hint.
    Text,
    /// One JSON object per finding, one per line.
    Json,
}

/// `dossier init`.
#[derive(Debug, Args)]
pub struct InitArgs {
    /// The folder to create the site in (created if missing; must be empty).
    #[arg(default_value = ".")]
    pub dir: PathBuf,
    /// Write into a non-empty folder that holds no site yet (no site.yaml, no
    /// content/); files already there are kept.
    #[arg(long)]
    pub force: bool,
}

/// `dossier new`.
// These comments are also the `--help` text, where `<slug>` stands for a value.
#[allow(rustdoc::invalid_html_tags)]
#[derive(Debug, Subcommand)]
pub enum NewCommand {
    /// A brief: content/briefs/<YYYY>/<date>-<slug>.md.
    Brief(NewBriefArgs),
    /// A person of the registry: content/people/<slug>.md.
    Person(NewPersonArgs),
    /// A topic: content/topics/<slug>.md.
    Topic(NewTopicArgs),
}

/// Options every `new` command takes.
#[derive(Debug, Args)]
pub struct NewCommon {
    /// The site folder.
    #[arg(
        short = 'C',
        long = "site",
        value_name = "SITE_DIR",
        default_value = "."
    )]
    pub site_dir: PathBuf,
    /// Open the new file in $VISUAL or $EDITOR.
    #[arg(long)]
    pub open: bool,
}

/// `dossier new brief`.
#[derive(Debug, Args)]
pub struct NewBriefArgs {
    /// The headline.
    pub title: String,
    /// People involved, comma-separated: names, aliases or slugs of the registry.
    #[arg(long)]
    pub people: Option<String>,
    /// Topics, comma-separated.
    #[arg(long)]
    pub topics: Option<String>,
    /// Who published what the brief is based on (a name, or the document's URL).
    #[arg(long)]
    pub source: Option<String>,
    /// The document's URL.
    #[arg(long)]
    pub url: Option<String>,
    /// The date (YYYY-MM-DD); default: today in the site's time zone.
    #[arg(long)]
    pub date: Option<String>,
    /// Where and whether to open.
    #[command(flatten)]
    pub common: NewCommon,
}

/// `dossier new person`.
#[derive(Debug, Args)]
pub struct NewPersonArgs {
    /// The person's name.
    pub name: String,
    /// Another way briefs write the name (repeatable, or comma-separated).
    #[arg(long = "alias", value_delimiter = ',')]
    pub aliases: Vec<String>,
    /// Where and whether to open.
    #[command(flatten)]
    pub common: NewCommon,
}

/// `dossier new topic`.
#[derive(Debug, Args)]
pub struct NewTopicArgs {
    /// The topic's name.
    pub name: String,
    /// Another name of the topic (repeatable, or comma-separated).
    #[arg(long = "alias", value_delimiter = ',')]
    pub aliases: Vec<String>,
    /// Where and whether to open.
    #[command(flatten)]
    pub common: NewCommon,
}

/// `dossier completions`.
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell.
    pub shell: clap_complete::Shell,
}

/// Runs the command line; returns the process exit code.
pub fn run(cli: Cli) -> i32 {
    crate::commands::run(cli)
}
