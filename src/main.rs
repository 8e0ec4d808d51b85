//! The `dossier` binary: parse the command line, run it, exit with its status.

use clap::Parser;

// The build allocates many short-lived strings on several threads at once; mimalloc
// handles that pattern markedly better than the system allocator.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// `mi_option_purge_delay` in mimalloc's `mi_option_t` (`mimalloc.h`), which the
/// bindings do not name: how long freed memory is kept before it is given back to
/// the system, in milliseconds; -1 for never.
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// `mi_option_allow_large_os_pages` in `mi_option_t`: lets mimalloc ask for
/// transparent huge pages (`madvise(MADV_HUGEPAGE)`) for its arenas.
const MI_OPTION_ALLOW_LARGE_OS_PAGES: libmimalloc_sys::mi_option_t = 6;

fn main() {
    let cli = dossier::cli::Cli::parse();
    if matches!(cli.command, dossier::cli::Command::Build(_)) {
        // A build is short and its stages free and allocate hundreds of megabytes
        // in turn: memory given back between stages comes back as fresh pages the
        // kernel must zero again (a tenth of a build's time). It exits soon, so it
        // keeps what it freed; `serve` keeps the default and gives memory back.
        // Its memory is also first touched at a high rate: backed by huge pages
        // where the kernel allows them, it takes one fault per 2 MiB instead of one
        // per 4 KiB (up to a tenth off a 10,000-brief build's wall time in runs
        // here, never slower, with the same peak).
        // SAFETY: setting an option is a plain store in mimalloc's option table,
        // done before any thread is started.
        unsafe {
            libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, -1);
            libmimalloc_sys::mi_option_set(MI_OPTION_ALLOW_LARGE_OS_PAGES, 1);
        }
    }
    std::process::exit(dossier::cli::run(cli));
}
