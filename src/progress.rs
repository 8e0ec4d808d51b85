//! How far a build has come, for a caller that shows it (the command line draws a
//! progress line on a terminal). The library only reports: the stage it enters and,
//! while it renders pages, a count of pages done. It never writes to the terminal.

use std::sync::atomic::{AtomicUsize, Ordering};

/// Where a build reports its progress. Implemented by the caller; the build holds
/// it as a trait object, so a build without one pays nothing.
pub trait Progress: Send + Sync {
    /// A stage began: `name` as `--verbose` prints it, `pages` the number of pages
    /// it renders (0 for a stage that renders none). Called from the building
    /// thread only, a few times per build.
    fn stage(&self, name: &'static str, pages: usize);

    /// The count of pages rendered in the current stage. The rendering threads add
    /// one to it per page (a relaxed add, nothing more, so that counting costs the
    /// build nothing measurable). An implementation resets it in
    /// [`Progress::stage`].
    fn pages_done(&self) -> &AtomicUsize;

    /// The build is over, whatever its outcome. Called before the library prints
    /// or returns anything, so that an implementation can clear what it shows and
    /// the text that follows starts on a clean line.
    fn finish(&self);
}

impl std::fmt::Debug for dyn Progress {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Progress")
    }
}

/// Announces a stage to an optional sink.
pub(crate) fn stage(progress: Option<&dyn Progress>, name: &'static str, pages: usize) {
    if let Some(p) = progress {
        p.stage(name, pages);
    }
}

/// The page counter of an optional sink, taken once before the parallel work so
/// that each page costs one relaxed add.
pub(crate) fn counter(progress: Option<&dyn Progress>) -> Option<&AtomicUsize> {
    progress.map(|p| p.pages_done())
}

/// Counts one page done.
#[inline]
pub(crate) fn count(counter: Option<&AtomicUsize>) {
    if let Some(c) = counter {
        c.fetch_add(1, Ordering::Relaxed);
    }
}

/// Calls [`Progress::finish`] when dropped, so that every way out of a build
/// (errors returned with `?` included) finishes the progress first.
pub(crate) struct FinishOnDrop<'a>(pub(crate) Option<&'a dyn Progress>);

impl Drop for FinishOnDrop<'_> {
    fn drop(&mut self) {
        if let Some(p) = self.0 {
            p.finish();
        }
    }
}
