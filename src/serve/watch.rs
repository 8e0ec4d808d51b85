//! Watching the site for changes: notify events, filtered, debounced into one batch
//! per burst, and classified into what must be rebuilt.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use notify::{EventKind, RecursiveMode, Watcher};

use crate::content::load::{is_ignored_name, is_static_junk};
use crate::project::Change;

/// Quiet time that ends a burst of events: long enough to gather an editor's
/// write-then-rename or a checkout of many files, short enough to feel instant.
pub const QUIET: Duration = Duration::from_millis(25);

/// The longest a burst may be gathered before a rebuild starts anyway.
pub const MAX_BURST: Duration = Duration::from_secs(2);

/// The folders of a site that are watched recursively.
pub const WATCHED_FOLDERS: &[&str] = &["content", "templates", "static"];

/// One debounced batch of changes, by kind (paths relative to the site folder).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Batch {
    /// `site.yaml` changed.
    pub config: bool,
    /// Something under `templates/` changed.
    pub templates: bool,
    /// Paths under `content/` (files or folders).
    pub content: Vec<PathBuf>,
    /// Paths under `static/`.
    pub statics: Vec<PathBuf>,
    /// A watched folder appeared or vanished: watches must be renewed.
    pub folders: bool,
}

impl Batch {
    /// Whether nothing relevant changed.
    pub fn is_empty(&self) -> bool {
        !self.config
            && !self.templates
            && self.content.is_empty()
            && self.statics.is_empty()
            && !self.folders
    }

    /// What the project must rebuild for this batch; none when only `static/`
    /// changed (static files are copied, not rebuilt).
    pub fn change(&self) -> Option<Change> {
        if self.config || (self.templates && !self.content.is_empty()) {
            Some(Change::Everything)
        } else if self.templates {
            Some(Change::Templates)
        } else if !self.content.is_empty() {
            Some(Change::Content(self.content.clone()))
        } else {
            None
        }
    }

    /// Adds one changed path (relative to the site folder).
    pub fn add(&mut self, rel: &Path) {
        let mut parts = rel.components();
        let Some(first) = parts.next() else { return };
        let first = first.as_os_str().to_string_lossy();
        let name = rel
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        // `static/` publishes a host's dotfiles (`.nojekyll`, `.well-known/`) and
        // skips only junk; everywhere else hidden files are not the site's.
        let ignored = if first == "static" {
            rel.components()
                .any(|c| is_static_junk(&c.as_os_str().to_string_lossy()))
        } else {
            is_ignored_name(&name)
        };
        if ignored {
            return;
        }
        let top_level = parts.next().is_none();
        match first.as_ref() {
            "site.yaml" => self.config = true,
            "templates" => {
                self.templates = true;
                self.folders |= top_level;
            }
            "content" => {
                push_unique(&mut self.content, rel.to_path_buf());
                self.folders |= top_level;
            }
            "static" => {
                push_unique(&mut self.statics, rel.to_path_buf());
                self.folders |= top_level;
            }
            _ => {}
        }
    }
}

fn push_unique(v: &mut Vec<PathBuf>, p: PathBuf) {
    if !v.contains(&p) {
        v.push(p);
    }
}

/// Watches the site folder itself (for `site.yaml` and the watched folders coming
/// and going) and each watched folder recursively. Other folders, such as the
/// output or `target/`, are never watched.
pub fn watch_site(watcher: &mut notify::RecommendedWatcher, site_dir: &Path) -> notify::Result<()> {
    watcher.watch(site_dir, RecursiveMode::NonRecursive)?;
    for folder in WATCHED_FOLDERS {
        let path = site_dir.join(folder);
        if path.is_dir() {
            // A folder may vanish between the check and the call; the next event renews it.
            let _ = watcher.unwatch(&path);
            let _ = watcher.watch(&path, RecursiveMode::Recursive);
        }
    }
    Ok(())
}

/// Blocks for the next batch of relevant changes; `None` when the watcher is gone.
pub fn next_batch(rx: &Receiver<notify::Result<notify::Event>>, site_dir: &Path) -> Option<Batch> {
    loop {
        let first = rx.recv().ok()?;
        let mut batch = Batch::default();
        add_event(&mut batch, first, site_dir);
        let started = Instant::now();
        loop {
            match rx.recv_timeout(QUIET) {
                Ok(ev) => add_event(&mut batch, ev, site_dir),
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => return None,
            }
            if started.elapsed() > MAX_BURST {
                break;
            }
        }
        if !batch.is_empty() {
            return Some(batch);
        }
    }
}

fn add_event(batch: &mut Batch, event: notify::Result<notify::Event>, site_dir: &Path) {
    let Ok(event) = event else {
        // The watcher lost track (for instance an overflowed queue): rebuild everything.
        batch.config = true;
        batch.folders = true;
        return;
    };
    if matches!(event.kind, EventKind::Access(_)) {
        return;
    }
    if event.need_rescan() {
        batch.config = true;
        batch.folders = true;
    }
    for path in &event.paths {
        if let Ok(rel) = path.strip_prefix(site_dir) {
            batch.add(rel);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn batches_classify_and_skip_editor_files() {
        let mut b = Batch::default();
        b.add(Path::new("content/briefs/a.md"));
        b.add(Path::new("content/briefs/.a.md.swp"));
        b.add(Path::new("content/briefs/a.md~"));
        b.add(Path::new("content/briefs/a.md"));
        b.add(Path::new("public/index.html"));
        b.add(Path::new("static/x.css"));
        assert_eq!(b.content, [PathBuf::from("content/briefs/a.md")]);
        assert_eq!(b.statics, [PathBuf::from("static/x.css")]);
        assert!(!b.config && !b.templates && !b.folders);
        b.add(Path::new("site.yaml"));
        b.add(Path::new("content"));
        assert!(b.config && b.folders);
    }
}
