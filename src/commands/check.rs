//! `dossier check`: the findings as text or JSON lines, and the exit status.

use super::Terminal;
use crate::Timings;
use crate::check::CheckOptions;
use crate::cli::{CheckArgs, Format};
use crate::error::{Diagnostic, exit};

/// Checks the site; exits 1 on errors (and on warnings with `--deny-warnings`).
pub(super) fn check(term: &Terminal, args: CheckArgs) -> i32 {
    if args.mentions {
        let options = crate::BuildOptions {
            drafts: args.drafts,
            future: true,
        };
        return match crate::mentions::review::check(&args.site_dir, options) {
            Ok(report) => {
                print!("{report}");
                exit::OK
            }
            Err(e) => term.fail(&e),
        };
    }
    let options = CheckOptions {
        drafts: args.drafts,
        external: args.external,
        today: None,
    };
    let mut timings = Timings::default();
    let (findings, status) = match crate::check::check(&args.site_dir, &options, &mut timings) {
        Ok(findings) => {
            let failing = findings.iter().any(|d| d.is_error() || args.deny_warnings);
            (findings, if failing { exit::SITE } else { exit::OK })
        }
        Err(e) => (e.diagnostics(), e.exit_code()),
    };
    term.timings(&timings);
    match args.format {
        Format::Json => {
            for d in &findings {
                println!("{}", d.to_json());
            }
        }
        Format::Text => {
            // Warnings that fail the check are shown even when quiet.
            let shown = Terminal {
                quiet: term.quiet && !args.deny_warnings,
                ..*term
            };
            shown.diagnostics(&findings);
            term.say(summary(&findings));
        }
    }
    status
}

/// `2 errors, 1 warning`, or `no problems`.
fn summary(findings: &[Diagnostic]) -> String {
    let errors = findings.iter().filter(|d| d.is_error()).count();
    let warnings = findings.len() - errors;
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    if findings.is_empty() {
        "no problems found".to_owned()
    } else {
        format!(
            "{}, {}",
            plural(errors, "error"),
            plural(warnings, "warning")
        )
    }
}
