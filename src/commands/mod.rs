//! What each subcommand does, once [`crate::cli`] has parsed it: a module per
//! command, and `Terminal`, the manners they share (quiet, verbose, colour).

mod build;
mod check;
mod init;
mod new;
mod progress;

use std::io::IsTerminal as _;

use clap::CommandFactory as _;

use crate::Timings;
use crate::cli::{Cli, ColorChoice, Command, TerminalArgs};
use crate::error::{Diagnostic, Error, exit};

/// How a command talks to the terminal: what it may print and whether in colour.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Terminal {
    /// Errors only.
    pub(crate) quiet: bool,
    /// Stage timings too.
    pub(crate) verbose: bool,
    /// ANSI colour in messages on standard error.
    pub(crate) color: bool,
    /// A progress line on standard error for a build that takes a while.
    pub(crate) progress: bool,
}

impl Terminal {
    fn new(args: TerminalArgs) -> Terminal {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        let terminal = std::io::stderr().is_terminal();
        let dumb = std::env::var_os("TERM").is_some_and(|t| t == "dumb");
        Terminal {
            quiet: args.quiet,
            verbose: args.verbose,
            color: use_color(args.color, no_color, terminal),
            progress: show_progress(args.quiet, terminal, dumb),
        }
    }

    /// A progress line for a command that builds, if this terminal shows one.
    pub(crate) fn progress(&self) -> Option<progress::Reporter> {
        if self.progress {
            let setting = std::env::var("DOSSIER_PROGRESS_DELAY_MS").ok();
            progress::Reporter::start(progress::delay(setting.as_deref()))
        } else {
            None
        }
    }

    /// Prints findings to standard error; warnings not when quiet.
    pub(crate) fn diagnostics(&self, diags: &[Diagnostic]) {
        for d in diags {
            if !self.quiet || d.is_error() {
                eprintln!("{}", d.render_in(self.color));
            }
        }
    }

    /// Prints a line of information to standard output, unless quiet.
    pub(crate) fn say(&self, line: impl std::fmt::Display) {
        if !self.quiet {
            println!("{line}");
        }
    }

    /// Prints each stage's time to standard error when verbose.
    pub(crate) fn timings(&self, timings: &Timings) {
        if self.verbose {
            for (stage, took) in &timings.0 {
                eprintln!("{stage:>28}: {:>8.1} ms", took.as_secs_f64() * 1000.0);
            }
        }
    }

    /// Prints an error and returns its exit status.
    pub(crate) fn fail(&self, e: &Error) -> i32 {
        match e {
            Error::Content(diags) => {
                self.diagnostics(diags);
                let errors = diags.iter().filter(|d| d.is_error()).count();
                eprintln!(
                    "build failed: {errors} error{}",
                    if errors == 1 { "" } else { "s" }
                );
            }
            other => eprintln!("{other}"),
        }
        e.exit_code()
    }
}

/// Whether to colour: never with `NO_COLOR` set, else as asked, `auto` meaning
/// on a terminal only.
fn use_color(choice: ColorChoice, no_color: bool, terminal: bool) -> bool {
    !no_color
        && match choice {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => terminal,
        }
}

/// Whether to draw a progress line: only on a terminal that can erase a line
/// (not `TERM=dumb`), and never when quiet.
fn show_progress(quiet: bool, terminal: bool, dumb: bool) -> bool {
    !quiet && terminal && !dumb
}

/// Runs a parsed command line; returns the process exit status.
pub fn run(cli: Cli) -> i32 {
    let term = Terminal::new(cli.terminal);
    match cli.command {
        Command::Build(args) => build::build(&term, args),
        Command::Serve(args) => build::serve(&term, args),
        Command::Check(args) => check::check(&term, args),
        Command::Init(args) => init::init(&term, &args),
        Command::New(args) => new::new(&term, args),
        Command::Theme(crate::cli::ThemeCommand::Export { dir }) => {
            let files: Vec<(&str, &[u8])> = crate::render::templates::builtin_files()
                .into_iter()
                .map(|(n, t)| (n, t.as_bytes()))
                .collect();
            match crate::content::theme_files::export(&dir, &files) {
                Ok(written) => {
                    term.say(format_args!(
                        "wrote {} theme files into {}",
                        written.len(),
                        dir.display()
                    ));
                    exit::OK
                }
                Err(e) => term.fail(&e),
            }
        }
        Command::Completions(args) => {
            let mut command = Cli::command();
            clap_complete::generate(args.shell, &mut command, "dossier", &mut std::io::stdout());
            exit::OK
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_color_wins_over_everything() {
        assert!(!use_color(ColorChoice::Always, true, true));
        assert!(!use_color(ColorChoice::Auto, true, true));
        assert!(use_color(ColorChoice::Always, false, false));
        assert!(use_color(ColorChoice::Auto, false, true));
        assert!(!use_color(ColorChoice::Auto, false, false));
        assert!(!use_color(ColorChoice::Never, false, true));
    }

    #[test]
    fn progress_only_on_a_capable_terminal_and_never_when_quiet() {
        assert!(show_progress(false, true, false));
        assert!(!show_progress(true, true, false));
        assert!(!show_progress(false, false, false));
        assert!(!show_progress(false, true, true));
    }
}
