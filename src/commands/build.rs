//! `dossier build` and `dossier serve`.

use super::Terminal;
use crate::BuildRequest;
use crate::cli::{BuildArgs, ServeArgs};
use crate::error::exit;

/// Builds the site and prints its warnings and one summary line.
pub(super) fn build(term: &Terminal, args: BuildArgs) -> i32 {
    // Lives until the end of the command; the build clears the line when it ends.
    let progress = term.progress();
    let request = BuildRequest {
        site_dir: args.site_dir,
        output: args.output,
        drafts: args.drafts,
        future: args.future,
        base_url: args.base_url,
        clean: args.clean,
        progress: progress.as_ref().map(|p| p.sink()),
    };
    match crate::build(&request) {
        Ok(report) => {
            term.diagnostics(&report.warnings);
            term.timings(&report.timings);
            term.say(&report);
            for note in &report.notes {
                term.say(format_args!("note: {note}"));
            }
            exit::OK
        }
        Err(e) => term.fail(&e),
    }
}

/// Serves the site until stopped.
pub(super) fn serve(term: &Terminal, args: ServeArgs) -> i32 {
    let progress = term.progress();
    let options = crate::serve::ServeOptions {
        site_dir: args.site_dir,
        bind: args.bind,
        port: args.port,
        drafts: args.drafts,
        open: args.open,
        allowed_hosts: args.allow_host,
        progress: progress.as_ref().map(|p| p.sink()),
        ..Default::default()
    };
    match crate::serve::serve(options) {
        Ok(()) => exit::OK,
        Err(e) => term.fail(&e),
    }
}
