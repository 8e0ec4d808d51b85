//! Writing files of a new build into its temporary folder, with errors named after
//! the output folder the user knows.

use std::collections::BTreeSet;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, OnceLock};

use rayon::prelude::*;

use super::OutputFile;
use super::manifest::{Stamp, Stamps};
use crate::confine::{Refusal, check_entry};
use crate::content::load::walk_static;
use crate::error::{Error, Result};

/// The folder a new build is written into, before it is swapped in. Every write
/// error names the file's place in the output folder as given (`public/briefs/x/
/// index.html`), since the temporary folder means nothing to the user and is gone
/// by the time the error is read.
pub struct Staging {
    dir: PathBuf,
    shown: PathBuf,
    /// The first error that is not about one file's name: a full disk or a
    /// refused folder fails every later write the same way, so later writes
    /// repeat it at once instead of reporting one error per page.
    failed: OnceLock<(PathBuf, io::ErrorKind, Option<i32>)>,
    /// Every file written, relative and `/`-separated, with its stamp when it has
    /// one: the manifest of the build, known without walking the folder again.
    written: Mutex<Vec<(String, Option<Stamp>)>>,
    /// The previous output and the stamps its manifest gives its files: a file
    /// written with the bytes it already holds there is linked, not written.
    previous: Option<(PathBuf, Stamps)>,
    /// Whether files written get a stamp for the manifest (a full build's).
    stamping: bool,
    /// Cleared when the file system refuses a hard link: then every file is
    /// written.
    linking: AtomicBool,
    /// Whether a static file replaced a folder, so that `written` lists files
    /// that are gone.
    replaced_folder: AtomicBool,
}

impl Staging {
    pub(crate) fn new(dir: PathBuf, shown: PathBuf) -> Staging {
        Staging {
            dir,
            shown,
            failed: OnceLock::new(),
            written: Mutex::new(Vec::new()),
            previous: None,
            stamping: false,
            linking: AtomicBool::new(false),
            replaced_folder: AtomicBool::new(false),
        }
    }

    /// Stamps every file written for the manifest, and lets files whose bytes
    /// are unchanged since the build that wrote `dir` be hard links to its files
    /// (see [`super::manifest`]).
    pub(crate) fn linking_from(mut self, dir: PathBuf, stamps: Stamps) -> Staging {
        self.stamping = true;
        if !stamps.is_empty() {
            self.previous = Some((dir, stamps));
            self.linking = AtomicBool::new(true);
        }
        self
    }

    /// Writing straight into `dir`, for the dev server's folder, which has no swap:
    /// errors name `dir` itself.
    pub fn in_place(dir: &Path) -> Staging {
        Staging::new(dir.to_path_buf(), dir.to_path_buf())
    }

    fn record(&self, files: impl IntoIterator<Item = (String, Option<Stamp>)>) {
        // A poisoned lock means a writer panicked; the list is still sound.
        let mut written = self.written.lock().unwrap_or_else(|e| e.into_inner());
        written.extend(files);
    }

    /// Every file written so far, relative to the folder and `/`-separated; none
    /// when the list cannot be trusted (a static file replaced a folder), and the
    /// folder must be walked instead.
    pub(crate) fn written(&self) -> Option<BTreeSet<String>> {
        if self.replaced_folder.load(Ordering::Relaxed) {
            return None;
        }
        let written = self.written.lock().unwrap_or_else(|e| e.into_inner());
        Some(written.iter().map(|(rel, _)| rel.clone()).collect())
    }

    /// The stamps of the files written so far that have one.
    pub(crate) fn stamps(&self) -> Stamps {
        let written = self.written.lock().unwrap_or_else(|e| e.into_inner());
        written
            .iter()
            .filter_map(|(rel, stamp)| Some((rel.clone(), (*stamp)?)))
            .collect()
    }

    /// The temporary folder itself.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Writes one file, creating its folder.
    pub fn write(&self, rel: &str, bytes: &[u8]) -> Result<()> {
        if let Some(e) = self.failed.get() {
            return Err(repeat(e));
        }
        let path = self.dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| self.fail(rel, e))?;
        }
        let hash = self.stamping.then(|| crate::hash::hash_bytes(bytes));
        if let (Some(hash), Some((_, stamps))) = (hash, &self.previous)
            && let Some(kept) = stamps.get(rel).filter(|s| s.hash == hash)
            && self.link_unchanged(rel, &path, kept, bytes.len())
        {
            self.record([(rel.to_owned(), Some(*kept))]);
            return Ok(());
        }
        let stamp = write_stamped(&path, bytes, hash).map_err(|e| self.fail(rel, e))?;
        self.record([(rel.to_owned(), stamp)]);
        Ok(())
    }

    /// Links the previous output's `rel` at `path` if it still holds what `kept`
    /// says (length and modification time as written, so a file edited since is
    /// written again).
    fn link_unchanged(&self, rel: &str, path: &Path, kept: &Stamp, len: usize) -> bool {
        let Some((dir, _)) = &self.previous else {
            return false;
        };
        if !self.linking.load(Ordering::Relaxed) || kept.len != len as u64 {
            return false;
        }
        let old = dir.join(rel);
        match std::fs::symlink_metadata(&old) {
            Ok(meta) if kept.matches(&meta) => {}
            _ => return false,
        }
        match std::fs::hard_link(&old, path) {
            Ok(()) => true,
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => false,
            Err(_) => {
                // A file system without hard links (or refusing this one): write
                // every file from now on.
                self.linking.store(false, Ordering::Relaxed);
                false
            }
        }
    }

    /// Writes files, folders first, then files in parallel.
    pub fn write_files(&self, files: &[OutputFile]) -> Result<usize> {
        let folders: BTreeSet<&str> = files
            .iter()
            .filter_map(|(rel, _)| rel.rsplit_once('/').map(|(dir, _)| dir))
            .collect();
        std::fs::create_dir_all(&self.dir).map_err(|e| self.fail("", e))?;
        // create_dir_all tolerates another thread creating the same parent concurrently.
        folders.par_iter().try_for_each(|f| {
            std::fs::create_dir_all(self.dir.join(f)).map_err(|e| self.fail(f, e))
        })?;
        files.par_iter().try_for_each(|(rel, bytes)| {
            if let Some(e) = self.failed.get() {
                return Err(repeat(e));
            }
            std::fs::write(self.dir.join(rel), bytes).map_err(|e| self.fail(rel, e))
        })?;
        self.record(files.iter().map(|(rel, _)| (rel.clone(), None)));
        Ok(files.len())
    }

    /// Copies `from` (`static/` or a folder under it) in as it is: it wins over
    /// pages and theme assets. Hidden and editor files are skipped, and a symbolic
    /// link is copied only where [`check_entry`] allows it (a link to a file inside
    /// `site_dir`). Returns the files copied and the files refused by that rule.
    pub(crate) fn copy_static(
        &self,
        site_dir: &Path,
        from: &Path,
    ) -> Result<(usize, Vec<(PathBuf, Refusal)>)> {
        let root = site_dir
            .canonicalize()
            .map_err(|e| Error::io(site_dir, e))?;
        let mut count = 0;
        let mut refused = Vec::new();
        for entry in walk_static(from) {
            let entry = entry.map_err(|e| {
                let path = e.path().unwrap_or(from).to_path_buf();
                Error::io(path, e.into())
            })?;
            let rel = entry.path().strip_prefix(from).unwrap_or(entry.path());
            let rel_text = rel.to_string_lossy();
            let target = self.dir.join(rel);
            if entry.file_type().is_dir() {
                std::fs::create_dir_all(&target).map_err(|e| self.fail(&rel_text, e))?;
                continue;
            }
            match check_entry(&root, entry.path(), entry.file_type()) {
                Ok(()) => {
                    if target.is_dir() {
                        std::fs::remove_dir_all(&target).map_err(|e| self.fail(&rel_text, e))?;
                        // Files recorded under it are gone: the list no longer holds.
                        self.replaced_folder.store(true, Ordering::Relaxed);
                    }
                    if let Err(e) = std::fs::copy(entry.path(), &target) {
                        // Name the side that failed: the source when it cannot be read.
                        return Err(match std::fs::File::open(entry.path()) {
                            Err(read) => Error::io(entry.path(), read),
                            Ok(_) => self.fail(&rel_text, e),
                        });
                    }
                    count += 1;
                    self.record([(rel_text.replace('\\', "/"), None)]);
                }
                Err(Refusal::NotAFile) => {}
                Err(refusal) => refused.push((entry.path().to_path_buf(), refusal)),
            }
        }
        Ok((count, refused))
    }

    /// The error for a failed write of `rel`, remembered for later writes unless
    /// it concerns that one name.
    fn fail(&self, rel: &str, e: io::Error) -> Error {
        let path = if rel.is_empty() {
            self.shown.clone()
        } else {
            self.shown.join(rel)
        };
        if e.kind() != io::ErrorKind::InvalidFilename {
            let _ = self.failed.set((path.clone(), e.kind(), e.raw_os_error()));
        }
        Error::Write { path, source: e }
    }
}

/// Writes `bytes` to `path`, replacing any file there; with `hash`, returns the
/// file's stamp as written.
fn write_stamped(path: &Path, bytes: &[u8], hash: Option<u64>) -> io::Result<Option<Stamp>> {
    use std::io::Write as _;
    let mut file = std::fs::File::create(path)?;
    file.write_all(bytes)?;
    Ok(match hash {
        Some(hash) => Stamp::of(&file.metadata()?, hash),
        None => None,
    })
}

fn repeat((path, kind, code): &(PathBuf, io::ErrorKind, Option<i32>)) -> Error {
    Error::Write {
        path: path.clone(),
        source: match code {
            Some(code) => io::Error::from_raw_os_error(*code),
            None => io::Error::from(*kind),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A full disk, by a page whose place is a link to `/dev/full`: the error names
    /// the output path and says what to do, and later writes fail the same way
    /// instead of each reporting an error of its own.
    #[cfg(target_os = "linux")]
    #[test]
    fn a_full_disk_names_the_output_path_once() {
        let dir = tempfile::tempdir().unwrap();
        std::os::unix::fs::symlink("/dev/full", dir.path().join("a.html")).unwrap();
        let staging = Staging::new(dir.path().to_path_buf(), PathBuf::from("public"));
        let first = staging.write("a.html", b"page").unwrap_err();
        assert_eq!(
            first.diagnostics()[0].path,
            Path::new("public").join("a.html")
        );
        let text = first.to_string();
        assert!(text.starts_with("public"), "{text}");
        assert!(text.contains("free some space"), "{text}");
        let later = staging.write("b.html", b"page").unwrap_err();
        assert_eq!(later.to_string(), text);
        assert!(!dir.path().join("b.html").exists());
    }

    #[test]
    fn an_over_long_name_fails_that_file_only() {
        let dir = tempfile::tempdir().unwrap();
        let staging = Staging::new(dir.path().to_path_buf(), PathBuf::from("public"));
        let long = format!("briefs/{}/index.html", "x".repeat(300));
        let err = staging.write(&long, b"page").unwrap_err();
        assert!(err.to_string().starts_with("public/briefs/xxx"), "{err}");
        assert!(err.to_string().contains("shorten"), "{err}");
        staging.write("briefs/ok/index.html", b"page").unwrap();
    }
}
