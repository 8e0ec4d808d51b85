//! The one rule deciding which files under the site folder may be read: by the
//! walk of `content/`, by the reload of one changed file, and by the copy of
//! `static/`, in `build` and `serve` alike, so a symbolic link made while the dev
//! server runs is treated exactly as `build` treats it.

use std::path::Path;

/// Why a path under the site folder may not be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Refusal {
    /// Nothing is there (or it cannot be examined).
    Missing,
    /// A folder, a FIFO, a device: never read as a document or copied.
    NotAFile,
    /// A symbolic link whose target, fully resolved, is outside the site folder.
    LinkOutside,
    /// A symbolic link to a folder, to something else than a regular file, or to
    /// nothing.
    LinkNotFile,
    /// The path goes through a folder that is a symbolic link (or through `..`).
    LinkedFolder,
}

impl Refusal {
    /// What is wrong, for a diagnostic or a log line.
    pub(crate) fn message(self) -> &'static str {
        match self {
            Refusal::Missing => "no such file",
            Refusal::NotAFile => "not a regular file",
            Refusal::LinkOutside => "symbolic link to a file outside the site folder",
            Refusal::LinkNotFile => "symbolic link to something other than a file",
            Refusal::LinkedFolder => "inside a folder reached through a symbolic link",
        }
    }

    /// How to fix it.
    pub(crate) fn help(self) -> &'static str {
        match self {
            Refusal::LinkOutside | Refusal::LinkNotFile | Refusal::LinkedFolder => {
                "symbolic links are read only when they lead to a file inside the site folder; copy the file into the site instead"
            }
            Refusal::Missing | Refusal::NotAFile => "only regular files are read",
        }
    }
}

/// The one rule deciding whether a file met under the site folder may be read, shared
/// by the walk of `content/`, the reload of one changed file and the copy of
/// `static/` (by `build` and by `serve` alike), so that a link made while the dev
/// server runs is treated exactly as `build` treats it. A regular file is read; a
/// symbolic link only when, fully resolved, it is a regular file inside the site
/// folder. `site_root` must be canonical; `file_type` is the entry's own type (not
/// followed). Walks never descend into linked folders; [`check_path`] refuses paths
/// through them.
pub(crate) fn check_entry(
    site_root: &Path,
    path: &Path,
    file_type: std::fs::FileType,
) -> Result<(), Refusal> {
    if file_type.is_file() {
        return Ok(());
    }
    if !file_type.is_symlink() {
        return Err(Refusal::NotAFile);
    }
    let Ok(target) = path.canonicalize() else {
        return Err(Refusal::LinkNotFile);
    };
    if !target.starts_with(site_root) {
        return Err(Refusal::LinkOutside);
    }
    match std::fs::metadata(&target) {
        Ok(meta) if meta.is_file() => Ok(()),
        _ => Err(Refusal::LinkNotFile),
    }
}

/// [`check_entry`] for a path given relative to the site folder, as the watcher
/// reports it: the top folder (`content`, `static`) may itself be a link, as it is
/// the root the walks start from and follow; no folder below it may be, because the
/// walks do not enter linked folders.
pub(crate) fn check_path(site_dir: &Path, relative: &Path) -> Result<(), Refusal> {
    let root = site_dir.canonicalize().map_err(|_| Refusal::Missing)?;
    let parts: Vec<_> = relative.components().collect();
    let mut path = site_dir.to_path_buf();
    for (i, part) in parts.iter().enumerate() {
        let std::path::Component::Normal(name) = part else {
            return Err(Refusal::LinkedFolder);
        };
        path.push(name);
        let meta = std::fs::symlink_metadata(&path).map_err(|_| Refusal::Missing)?;
        if i + 1 == parts.len() {
            return check_entry(&root, &path, meta.file_type());
        }
        if i > 0 && meta.file_type().is_symlink() {
            return Err(Refusal::LinkedFolder);
        }
    }
    Err(Refusal::NotAFile)
}
