//! Errors as data: every problem a build can meet, with the file and position it
//! concerns, so that all of them can be collected and reported together.

use std::fmt;
use std::num::NonZeroUsize;
use std::path::{Path, PathBuf};

/// How bad a finding is: errors fail the build, warnings are printed and the build goes on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Printed, but the build succeeds.
    Warning,
    /// The build fails and the previous output is left untouched.
    Error,
}

/// A place in a file, so an editor can jump to it: a 1-based line and, when
/// known, a 1-based column (in characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Location {
    line: NonZeroUsize,
    column: Option<NonZeroUsize>,
}

impl Location {
    /// Line `line`, column `column`; a column of 0 means unknown, and a line of 0
    /// (as parsers report the whole input) means no location at all.
    pub fn new(line: usize, column: usize) -> Option<Location> {
        NonZeroUsize::new(line).map(|line| Location {
            line,
            column: NonZeroUsize::new(column),
        })
    }

    /// The 1-based line.
    pub fn line(self) -> usize {
        self.line.get()
    }

    /// The 1-based column, when known.
    pub fn column(self) -> Option<usize> {
        self.column.map(NonZeroUsize::get)
    }
}

/// One problem in one file, located in that file when the problem has a place,
/// so an editor can jump to it and a writer knows what to fix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Whether the problem fails the build.
    pub severity: Severity,
    /// The file, as given to the build (relative to the site folder when possible).
    pub path: PathBuf,
    /// Where in the file; none when the problem concerns the whole file.
    pub location: Option<Location>,
    /// What is wrong, in one sentence.
    pub message: String,
    /// How to fix it, when we can tell.
    pub help: Option<String>,
    /// The text of the offending line, for a snippet under the message.
    pub source_line: Option<String>,
    /// A stable name for the kind of finding (`link-broken`, `name-near-duplicate`),
    /// for editors, CI filters and the JSON output of `check`; `None` for the
    /// findings of loading and rendering, which report as `error` or `warning`.
    pub code: Option<Code>,
}

impl Diagnostic {
    /// An error at `line:column` of `path` (a line of 0, as parsers give for the
    /// whole input, means no place: see [`Location::new`]).
    pub fn error(
        path: impl Into<PathBuf>,
        line: usize,
        column: usize,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity: Severity::Error,
            path: path.into(),
            location: Location::new(line, column),
            message: message.into(),
            help: None,
            source_line: None,
            code: None,
        }
    }

    /// An error about the whole of `path`, with no place in it.
    pub fn file_error(path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            path: path.into(),
            location: None,
            message: message.into(),
            help: None,
            source_line: None,
            code: None,
        }
    }

    /// A warning about the whole of `path`.
    pub fn file_warning(path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::file_error(path, message)
        }
    }

    /// A warning at `line:column` of `path`.
    pub fn warning(
        path: impl Into<PathBuf>,
        line: usize,
        column: usize,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(path, line, column, message)
        }
    }

    /// Adds a hint on how to fix the problem.
    #[must_use]
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Names the kind of finding (see [`Diagnostic::code`]).
    #[must_use]
    pub fn with_code(mut self, code: Code) -> Self {
        self.code = Some(code);
        self
    }

    /// The stable name of this kind of finding: its own code, else the severity.
    pub fn code_name(&self) -> &'static str {
        self.code.map_or(
            match self.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
            },
            Code::name,
        )
    }

    /// The finding as one JSON object (severity, code, file, line, column,
    /// message, help), the form `check --format json` prints one per line.
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::json!({
            "severity": match self.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
            },
            "code": self.code_name(),
            "file": self.path.to_string_lossy(),
            "line": self.line(),
            "column": self.column(),
            "message": self.message,
            "help": self.help,
        })
    }

    /// Attaches the offending line, taken from the file's full text.
    #[must_use]
    pub fn with_source(mut self, text: &str) -> Self {
        if let Some(at) = self.location {
            self.source_line = text
                .lines()
                .nth(at.line() - 1)
                .map(|l| l.trim_end_matches('\r').to_owned());
        }
        self
    }

    /// The 1-based line, when the problem has a place.
    pub fn line(&self) -> Option<usize> {
        self.location.map(Location::line)
    }

    /// The 1-based column, when known.
    pub fn column(&self) -> Option<usize> {
        self.location.and_then(Location::column)
    }

    /// Whether this finding fails the build.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The diagnostic with a snippet of the offending line, in the manner of rustc:
    /// the `path:line:column: error: message` line editors understand, then the
    /// line with a caret and the hint, drawn by annotate-snippets.
    pub fn render(&self) -> String {
        self.render_in(false)
    }

    /// [`Diagnostic::render`], in colour (ANSI escapes) when `color` is set: the
    /// command line asks for it only on a terminal and never with `NO_COLOR`.
    pub fn render_in(&self, color: bool) -> String {
        use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
        let mut out = self.to_string();
        if color {
            let (word, style) = match self.severity {
                Severity::Error => ("error", "\x1b[1;31m"),
                Severity::Warning => ("warning", "\x1b[1;33m"),
            };
            let plain = format!(": {word}");
            if let Some(i) = out.find(&plain) {
                out.replace_range(i + 2..i + plain.len(), &format!("{style}{word}\x1b[0m"));
            }
        }
        let level = match self.severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
        };
        let path = self.path.display().to_string();
        let mut group = Group::with_level(level);
        let mut any = false;
        if let (Some(src), Some(at)) = (self.source_line.as_deref(), self.location) {
            let start = src
                .char_indices()
                .nth(at.column().unwrap_or(1) - 1)
                .map_or(src.len(), |(b, _)| b);
            let end = src[start..]
                .chars()
                .next()
                .map_or(start, |c| start + c.len_utf8());
            group = group.element(
                Snippet::source(src)
                    .line_start(at.line())
                    .path(path.as_str())
                    .annotation(AnnotationKind::Primary.span(start..end)),
            );
            any = true;
        }
        if let Some(help) = &self.help {
            group = group.element(Level::HELP.message(help.as_str()));
            any = true;
        }
        if any {
            out.push('\n');
            let renderer = if color {
                Renderer::styled()
            } else {
                Renderer::plain()
            };
            out.push_str(renderer.render(&[group]).trim_end());
        }
        out
    }
}

impl fmt::Display for Diagnostic {
    /// `path:line:column: error: message`, the form editors and grep understand.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let level = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{}", self.path.display())?;
        if let Some(at) = self.location {
            write!(f, ":{}", at.line())?;
            if let Some(column) = at.column() {
                write!(f, ":{column}")?;
            }
        }
        match self.code {
            Some(code) => write!(f, ": {level}[{}]: {}", code.name(), self.message),
            None => write!(f, ": {level}: {}", self.message),
        }
    }
}

/// Everything that can stop a build. Content problems are gathered into one
/// `Content` error so the writer sees all of them at once.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// One or more problems in the site's files.
    #[error("{}", render_all(.0))]
    Content(Vec<Diagnostic>),
    /// A file or folder could not be read or written.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file or folder concerned.
        path: PathBuf,
        /// What the operating system said.
        source: std::io::Error,
    },
    /// The output folder would overwrite the site's own files.
    #[error("refusing to write the site into {}: it {relation} {}; choose an output folder outside the site's content", output.display(), other.display())]
    UnsafeOutput {
        /// The requested output folder.
        output: PathBuf,
        /// The folder it clashes with.
        other: PathBuf,
        /// How they clash ("is", "contains").
        relation: &'static str,
    },
    /// A file of the new output could not be written. `path` is where the file
    /// belongs in the output folder the user named, not the temporary folder it was
    /// written in, so that disk-full and permission errors point somewhere known.
    #[error("{}: cannot write: {source}{}", path.display(), write_hint(source))]
    Write {
        /// The file, under the output folder as given.
        path: PathBuf,
        /// What the operating system said.
        source: std::io::Error,
    },
    /// The output folder holds something a build may not replace.
    #[error("refusing to build into {}: {reason}", output.display())]
    OutputRefused {
        /// The output folder as given.
        output: PathBuf,
        /// Why, and how to proceed.
        reason: String,
    },
    /// Another build holds the output folder's lock.
    #[error("{} is being written by another dossier build{} (it holds the lock {}); wait for that build to finish, then build again", output.display(), holder.map(|p| format!(" (process {p})")).unwrap_or_default(), lock.display())]
    OutputLocked {
        /// The output folder as given.
        output: PathBuf,
        /// The lock file.
        lock: PathBuf,
        /// The process holding it, when it says.
        holder: Option<u32>,
    },
    /// The preview server could not listen.
    #[error("cannot listen on {addr}: {source}{}", if source.kind() == std::io::ErrorKind::AddrInUse { " (another program uses this port; choose another with --port, or --port 0 for any free port)" } else { "" })]
    Listen {
        /// The address asked for.
        addr: String,
        /// What the operating system said.
        source: std::io::Error,
    },
    /// The site folder does not exist or holds no `content/` folder.
    #[error("{}: {message}", path.display())]
    Site {
        /// The folder given.
        path: PathBuf,
        /// What is wrong with it.
        message: String,
    },
}

/// Prints diagnostics to standard error, in the rustc manner.
pub fn eprint_all(diags: &[Diagnostic]) {
    for d in diags {
        eprintln!("{}", d.render());
    }
}

/// The stable codes of findings (mostly `check`'s own), for editors, CI filters
/// and `check --format json`. Findings of loading and rendering have none and
/// report as `error` or `warning`. One byte, so diagnostics stay small.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Code {
    /// A link in a body to a brief, page or file that does not exist (error).
    LinkBroken,
    /// A link to a `#anchor` that the target page does not have (error).
    AnchorMissing,
    /// A name in front matter that is no registry name but nearly one (warning).
    NameNearDuplicate,
    /// A name or alias claimed by two registry entries (warning).
    AliasShared,
    /// A brief whose sources have no URL (warning).
    SourceNoUrl,
    /// A registry person no brief names or mentions (warning).
    PersonUnreferenced,
    /// A quote whose speaker is not among the brief's `people` (warning).
    QuoteSpeakerUnlisted,
    /// A brief dated after today, in the site's time zone (warning).
    DateFuture,
    /// Two briefs with the same title (warning).
    TitleDuplicate,
    /// An external link that did not answer with success (`--external`, warning).
    LinkExternal,
}

impl Code {
    /// The code as printed: `link-broken`.
    pub fn name(self) -> &'static str {
        match self {
            Code::LinkBroken => "link-broken",
            Code::AnchorMissing => "anchor-missing",
            Code::NameNearDuplicate => "name-near-duplicate",
            Code::AliasShared => "alias-shared",
            Code::SourceNoUrl => "source-no-url",
            Code::PersonUnreferenced => "person-unreferenced",
            Code::QuoteSpeakerUnlisted => "quote-speaker-unlisted",
            Code::DateFuture => "date-future",
            Code::TitleDuplicate => "title-duplicate",
            Code::LinkExternal => "link-external",
        }
    }
}

/// The process exit status of each kind of failure, documented in README.md so
/// scripts and CI can tell a broken site from a broken machine. Usage errors (a
/// wrong flag) exit with 2, from the argument parser.
pub mod exit {
    /// Success.
    pub const OK: i32 = 0;
    /// The site has errors: content, templates or settings.
    pub const SITE: i32 = 1;
    /// The command line is wrong.
    pub const USAGE: i32 = 2;
    /// The output folder was refused, to protect files that are not the site's
    /// (or another build is writing it).
    pub const OUTPUT_REFUSED: i32 = 3;
    /// Reading or writing failed (permissions, disk full).
    pub const IO: i32 = 4;
    /// The preview server could not listen.
    pub const LISTEN: i32 = 5;
}

impl Error {
    /// The exit status for this error (see [`exit`]).
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Content(_) | Error::Site { .. } => exit::SITE,
            Error::UnsafeOutput { .. }
            | Error::OutputRefused { .. }
            | Error::OutputLocked { .. } => exit::OUTPUT_REFUSED,
            Error::Io { .. } | Error::Write { .. } => exit::IO,
            Error::Listen { .. } => exit::LISTEN,
        }
    }

    /// An I/O error on `path`.
    pub fn io(path: impl AsRef<Path>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.as_ref().to_path_buf(),
            source,
        }
    }

    /// The diagnostics carried by this error; other errors become one diagnostic
    /// so the live-reload overlay can show any failure the same way.
    pub fn diagnostics(&self) -> Vec<Diagnostic> {
        match self {
            Error::Content(d) => d.clone(),
            Error::Io { path, .. } | Error::Site { path, .. } => {
                vec![Diagnostic::file_error(path.clone(), self.to_string())]
            }
            Error::Listen { .. } => vec![Diagnostic::file_error(PathBuf::new(), self.to_string())],
            Error::Write { path, source } => vec![Diagnostic::file_error(
                path.clone(),
                format!("cannot write: {source}{}", write_hint(source)),
            )],
            Error::UnsafeOutput { output, .. }
            | Error::OutputRefused { output, .. }
            | Error::OutputLocked { output, .. } => {
                vec![Diagnostic::file_error(output.clone(), self.to_string())]
            }
        }
    }
}

impl From<Vec<Diagnostic>> for Error {
    fn from(d: Vec<Diagnostic>) -> Error {
        Error::Content(d)
    }
}

/// What to do about the write errors a user can fix.
fn write_hint(e: &std::io::Error) -> &'static str {
    use std::io::ErrorKind;
    match e.kind() {
        ErrorKind::StorageFull | ErrorKind::QuotaExceeded => {
            " (free some space and build again; the previous output is unchanged)"
        }
        ErrorKind::PermissionDenied | ErrorKind::ReadOnlyFilesystem => {
            " (the output folder and the folder holding it must be writable; the previous output is unchanged)"
        }
        ErrorKind::InvalidFilename => {
            " (a name in this path is longer than the file system allows, usually 255 bytes: shorten the brief's file name or `slug`)"
        }
        _ => "",
    }
}

fn render_all(diags: &[Diagnostic]) -> String {
    let errors = diags.iter().filter(|d| d.is_error()).count();
    let mut out: Vec<String> = diags.iter().map(Diagnostic::render).collect();
    out.push(format!(
        "build failed: {errors} error{}",
        if errors == 1 { "" } else { "s" }
    ));
    out.join("\n")
}

/// The library's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;
