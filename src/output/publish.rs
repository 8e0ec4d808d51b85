//! Publishing a full build into the output folder: the lock, the recovery of killed
//! builds, what is ours to replace, the kept entries and the swap. The protocol and
//! what a kill at each step leaves are described in the parent module.

use std::collections::BTreeSet;
use std::fs::{File, OpenOptions};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::location;
use super::manifest::{MANIFEST, MANIFEST_TMP, files_of, read_manifest, write_manifest};
use super::staging::Staging;
use crate::error::{Error, Result};

/// Which entries of a folder are dossier's to replace or remove; everything else
/// in it is kept.
#[derive(Debug, Clone, Default)]
pub(crate) struct Ours {
    /// Every file that is not a dotfile at the top (`--clean`).
    clean: bool,
    /// Files named by a manifest, relative with `/`.
    files: BTreeSet<String>,
}

impl Ours {
    fn file(&self, rel: &str) -> bool {
        self.clean || self.files.contains(rel)
    }

    /// Whether anything under the folder `rel` is ours.
    fn under(&self, rel: &str) -> bool {
        self.clean || self.listed_under(rel)
    }

    /// Whether the manifest lists a file under the folder `rel`.
    fn listed_under(&self, rel: &str) -> bool {
        let prefix = format!("{rel}/");
        self.files
            .range(prefix.clone()..)
            .next()
            .is_some_and(|f| f.starts_with(&prefix))
    }
}

/// The output folder of a full build, locked, repaired after any killed build and
/// checked to be ours to replace. Dropping it releases the lock.
pub struct Target {
    /// The output folder as the user gave it, for messages.
    shown: PathBuf,
    /// Its absolute, resolved form, for every operation.
    out: PathBuf,
    parent: PathBuf,
    name: String,
    ours: Ours,
    /// The stamps of the previous output's files (see [`super::manifest`]).
    stamps: super::manifest::Stamps,
    /// Whether to try the atomic exchange before the two-rename swap.
    exchange: bool,
    _lock: Lock,
}

impl Target {
    /// Locks `output` and readies it for a new build: leftovers of killed builds are
    /// cleaned up, and an output that dossier may not replace is refused (a file,
    /// or a folder with files of its own and no manifest, unless `clean`).
    pub fn open(output: &Path, clean: bool) -> Result<Target> {
        let out = location::resolve(output)?;
        let (Some(parent), Some(name)) = (out.parent(), out.file_name()) else {
            return Err(refused(
                output,
                "it is the root of the file system; name a folder for the site",
            ));
        };
        let name = name.to_string_lossy().into_owned();
        let parent = parent.to_path_buf();
        refuse_non_folder(&out, output)?;
        std::fs::create_dir_all(&parent).map_err(|e| Error::Write {
            path: output.parent().unwrap_or(output).to_path_buf(),
            source: e,
        })?;
        let lock = Lock::acquire(&parent, &name, output)?;
        recover(&parent, &name, &out, output)?;
        let (ours, stamps) = ownership(&out, output, clean)?;
        Ok(Target {
            shown: output.to_path_buf(),
            out,
            parent,
            name,
            ours,
            stamps,
            exchange: true,
            _lock: lock,
        })
    }

    /// The files the previous build recorded in its manifest (none without one).
    pub fn published(&self) -> &BTreeSet<String> {
        &self.ours.files
    }

    /// Writes the new site with `fill`, then `static_dir`, into a folder beside the
    /// output, records what was written, moves the kept entries of the previous
    /// output into it and swaps it in. On any error the previous output is as it
    /// was. Returns the count `fill` returned plus the static files copied.
    pub fn publish(
        mut self,
        static_dir: Option<&Path>,
        fill: impl FnOnce(&Staging) -> Result<usize>,
    ) -> Result<usize> {
        let id = build_id();
        let temp = self.parent.join(format!(".{}.new-{id}", self.name));
        std::fs::create_dir(&temp).map_err(|e| Error::Write {
            path: self.shown.clone(),
            source: e,
        })?;
        let staging = Staging::new(temp.clone(), self.shown.clone())
            .linking_from(self.out.clone(), std::mem::take(&mut self.stamps));
        let filled = (|| {
            let mut count = fill(&staging)?;
            if let Some(dir) = static_dir.filter(|d| d.is_dir()) {
                let site_dir = match dir.parent() {
                    Some(p) if !p.as_os_str().is_empty() => p,
                    _ => Path::new("."),
                };
                count += staging.copy_static(site_dir, dir)?.0;
            }
            let files = match staging.written() {
                Some(files) => files,
                None => files_of(&temp)?,
            };
            write_manifest(&temp, &id, &files, &staging.stamps()).map_err(|e| Error::Write {
                path: self.shown.join(MANIFEST),
                source: e,
            })?;
            Ok((count, files))
        })();
        let (count, files) = match filled {
            Ok(done) => done,
            Err(e) => {
                // Nothing was carried into the folder yet: it holds only new files.
                let _ = remove_tree(&temp);
                return Err(e);
            }
        };
        let new = Ours {
            clean: false,
            files,
        };
        if self.out.is_dir()
            && let Err(e) = carry(&self.out, &temp, &self.ours)
        {
            self.abandon(&temp, &new);
            return Err(self.carry_error(e));
        }
        self.swap(&temp, &id, &new)?;
        Ok(count)
    }

    /// Puts the new folder in the output's place and removes the previous output.
    fn swap(&self, temp: &Path, id: &str, new: &Ours) -> Result<()> {
        let fail = |e: io::Error| Error::Write {
            path: self.shown.clone(),
            source: e,
        };
        if std::fs::symlink_metadata(&self.out).is_err() {
            return std::fs::rename(temp, &self.out).map_err(|e| {
                let _ = remove_tree(temp);
                fail(e)
            });
        }
        if self.exchange {
            match exchange(temp, &self.out) {
                Ok(true) => {
                    // `temp` now holds the previous output, with nothing kept left in it.
                    let _ = remove_tree(temp);
                    return Ok(());
                }
                Ok(false) => {}
                Err(e) => {
                    self.abandon(temp, new);
                    return Err(fail(e));
                }
            }
        }
        let old = self.parent.join(format!(".{}.old-{id}", self.name));
        if let Err(e) = std::fs::rename(&self.out, &old) {
            self.abandon(temp, new);
            return Err(fail(e));
        }
        if let Err(e) = std::fs::rename(temp, &self.out) {
            let _ = std::fs::rename(&old, &self.out);
            self.abandon(temp, new);
            return Err(fail(e));
        }
        let _ = remove_tree(&old);
        Ok(())
    }

    /// Gives up a filled folder: moves the kept entries back into the output, then
    /// removes it. If they cannot be moved back, the folder stays for the next
    /// build's recovery to try again.
    fn abandon(&self, temp: &Path, new: &Ours) {
        if carry(temp, &self.out, new).is_ok() {
            let _ = remove_tree(temp);
        }
    }

    fn carry_error(&self, e: CarryError) -> Error {
        match e {
            CarryError::Conflict(rel) => refused(
                &self.shown,
                &format!(
                    "{} was not written by dossier and the new site has a file there; move it away, or pass --clean to let the build replace it",
                    self.shown.join(rel).display()
                ),
            ),
            CarryError::Io(path, source) => Error::io(path, source),
        }
    }

    #[cfg(test)]
    pub(crate) fn without_exchange(mut self) -> Self {
        self.exchange = false;
        self
    }
}

fn refused(output: &Path, reason: &str) -> Error {
    Error::OutputRefused {
        output: output.to_path_buf(),
        reason: reason.to_owned(),
    }
}

/// A file (or anything but a folder) is never replaced, renamed or written into.
fn refuse_non_folder(out: &Path, shown: &Path) -> Result<()> {
    match std::fs::symlink_metadata(out) {
        Ok(m) if !m.is_dir() => Err(refused(
            shown,
            "it is a file, not a folder; name a folder for the site (a missing or empty one, or an earlier build's)",
        )),
        _ => Ok(()),
    }
}

/// What of the current output the new build may replace: the files its manifest
/// lists; for an output without one, nothing, and only if it holds nothing but
/// dotfiles; with `clean`, everything but the dotfiles at its top.
fn ownership(out: &Path, shown: &Path, clean: bool) -> Result<(Ours, super::manifest::Stamps)> {
    refuse_non_folder(out, shown)?;
    let entries = match std::fs::read_dir(out) {
        Ok(entries) => entries,
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            return Ok((
                Ours {
                    clean,
                    files: BTreeSet::new(),
                },
                Default::default(),
            ));
        }
        Err(e) => return Err(Error::io(shown, e)),
    };
    if let Some(manifest) = read_manifest(out).map_err(|e| Error::io(shown.join(MANIFEST), e))? {
        return Ok((
            Ours {
                clean,
                files: manifest.files,
            },
            manifest.stamps,
        ));
    }
    let mut foreign: Vec<String> = entries
        .filter_map(std::result::Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| !n.starts_with('.'))
        .collect();
    if foreign.is_empty() || clean {
        return Ok((
            Ours {
                clean,
                files: BTreeSet::new(),
            },
            Default::default(),
        ));
    }
    foreign.sort();
    let shown_names: Vec<String> = foreign.iter().take(3).map(|n| format!("`{n}`")).collect();
    let more = match foreign.len() {
        n if n > 3 => format!(" and {} more", n - 3),
        _ => String::new(),
    };
    Err(refused(
        shown,
        &format!(
            "it holds {}{more} that dossier did not write (it has no {MANIFEST} of an earlier build); build into a new or empty folder, or pass --clean to replace its contents (dotfiles such as .git are kept)",
            shown_names.join(", ")
        ),
    ))
}

/// Repairs what killed builds left beside the output (see the parent module): a
/// missing output comes back from its `.old` copy, entries carried into an
/// unfinished `.new` folder go back into the output, and every leftover is removed.
/// Runs under the lock, so every leftover belongs to a build that is no longer
/// running.
fn recover(parent: &Path, name: &str, out: &Path, shown: &Path) -> Result<()> {
    let new_prefix = format!(".{name}.new-");
    let old_prefix = format!(".{name}.old-");
    let mut news: Vec<(String, PathBuf)> = Vec::new();
    let mut olds: Vec<(String, PathBuf)> = Vec::new();
    let entries = std::fs::read_dir(parent).map_err(|e| Error::io(parent, e))?;
    for entry in entries.filter_map(std::result::Result::ok) {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        if let Some(id) = file_name.strip_prefix(&new_prefix) {
            news.push((id.to_owned(), entry.path()));
        } else if let Some(id) = file_name.strip_prefix(&old_prefix) {
            olds.push((id.to_owned(), entry.path()));
        }
    }
    news.sort();
    olds.sort_by_key(|(id, _)| stamp(id));
    if std::fs::symlink_metadata(out).is_err()
        && let Some((_, old)) = olds.pop()
    {
        std::fs::rename(&old, out).map_err(|e| Error::io(&old, e))?;
    }
    for (id, path) in news {
        match read_manifest(&path) {
            // Complete and its own: it may hold entries carried from the output.
            Ok(Some(manifest)) if manifest.id == id => {
                let own = Ours {
                    clean: false,
                    files: manifest.files,
                };
                carry(&path, out, &own).map_err(|e| {
                    let why = match e {
                        CarryError::Conflict(rel) => {
                            format!("{} exists in both", shown.join(rel).display())
                        }
                        CarryError::Io(p, e) => format!("{}: {e}", p.display()),
                    };
                    refused(
                        shown,
                        &format!(
                            "an interrupted build left {} holding files of the output that could not be moved back ({why}); move them back into {} by hand and build again",
                            path.display(),
                            shown.display()
                        ),
                    )
                })?;
            }
            // Unreadable: leave it rather than risk removing something kept.
            Err(_) => continue,
            // Unfinished (nothing carried yet) or a previous output swapped out
            // (everything kept already left it).
            Ok(_) => {}
        }
        let _ = remove_any(&path);
    }
    for (_, old) in olds {
        let _ = remove_any(&old);
    }
    Ok(())
}

/// Removes a folder and everything in it, like [`std::fs::remove_dir_all`] (a
/// symbolic link is removed, never followed), with its folders emptied in
/// parallel: replacing an output removes the previous one, a folder per page,
/// while the user waits. Every entry is attempted; the first failure is returned.
fn remove_tree(path: &Path) -> io::Result<()> {
    let entries: Vec<(PathBuf, bool)> = std::fs::read_dir(path)?
        .filter_map(std::result::Result::ok)
        .map(|e| (e.path(), e.file_type().is_ok_and(|t| t.is_dir())))
        .collect();
    let outcomes: Vec<io::Result<()>> = entries
        .into_par_iter()
        .map(|(entry, dir)| {
            if dir {
                remove_tree(&entry)
            } else {
                std::fs::remove_file(&entry)
            }
        })
        .collect();
    let first = outcomes.into_iter().find_map(std::result::Result::err);
    match (std::fs::remove_dir(path), first) {
        (_, Some(e)) | (Err(e), None) => Err(e),
        (Ok(()), None) => Ok(()),
    }
}

fn remove_any(path: &Path) -> io::Result<()> {
    match std::fs::symlink_metadata(path) {
        Ok(m) if m.is_dir() => remove_tree(path),
        Ok(_) => std::fs::remove_file(path),
        Err(e) => Err(e),
    }
}

/// Why entries could not be carried from one folder to another.
#[derive(Debug)]
pub(crate) enum CarryError {
    /// Something kept is at a path the destination already has (relative path).
    Conflict(String),
    /// The system refused a move.
    Io(PathBuf, io::Error),
}

/// Moves every entry of `from` that is not `ours` into `to`, renaming whole
/// folders when nothing in them is ours and merging into folders `to` already
/// has. Dotfiles at the top are always kept; the manifest never is. `to` is
/// created if something is moved into it. Both are on one file system (siblings).
pub(crate) fn carry(from: &Path, to: &Path, ours: &Ours) -> std::result::Result<(), CarryError> {
    carry_dir(from, to, "", ours)
}

fn carry_dir(
    from: &Path,
    to: &Path,
    rel: &str,
    ours: &Ours,
) -> std::result::Result<(), CarryError> {
    let dir = from.join(rel);
    let mut entries: Vec<(String, std::fs::FileType)> = std::fs::read_dir(&dir)
        .map_err(|e| CarryError::Io(dir.clone(), e))?
        .filter_map(std::result::Result::ok)
        .filter_map(|e| {
            Some((
                e.file_name().to_string_lossy().into_owned(),
                e.file_type().ok()?,
            ))
        })
        .collect();
    entries.sort_by(|a, b| a.0.cmp(&b.0));
    let top = rel.is_empty();
    // Folders are walked in parallel (an output holds a folder per page); the
    // first failure in name order is the one reported, as in a sequential walk.
    let outcomes: Vec<std::result::Result<(), CarryError>> = entries
        .into_par_iter()
        .map(|(name, kind)| carry_entry(from, to, rel, top, &name, kind, ours))
        .collect();
    outcomes.into_iter().collect()
}

/// Carries one entry of the folder `rel` (see [`carry_dir`]).
fn carry_entry(
    from: &Path,
    to: &Path,
    rel: &str,
    top: bool,
    name: &str,
    kind: std::fs::FileType,
    ours: &Ours,
) -> std::result::Result<(), CarryError> {
    let r = if top {
        name.to_owned()
    } else {
        format!("{rel}/{name}")
    };
    if top && (name == MANIFEST || name == MANIFEST_TMP) {
        return Ok(());
    }
    // A dotfile at the top is kept unless an earlier build wrote it from
    // `static/` (the manifest lists it, or files under it).
    let listed = ours.files.contains(&r) || ours.listed_under(&r);
    let keep = if top && name.starts_with('.') && !listed {
        true
    } else if top && name.starts_with('.') && kind.is_dir() {
        let not_clean = Ours {
            clean: false,
            ..ours.clone()
        };
        return carry_dir(from, to, &r, &not_clean);
    } else if (top && name.starts_with('.')) || ours.clean {
        false
    } else if kind.is_dir() {
        if ours.under(&r) {
            return carry_dir(from, to, &r, ours);
        }
        true
    } else {
        !ours.file(&r)
    };
    if keep {
        move_entry(&from.join(&r), &to.join(&r), &r)?;
    }
    Ok(())
}

/// Moves one kept entry; a folder whose place is taken by a folder is merged
/// entry by entry.
fn move_entry(src: &Path, dst: &Path, rel: &str) -> std::result::Result<(), CarryError> {
    match std::fs::symlink_metadata(dst) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            if let Some(parent) = dst.parent() {
                std::fs::create_dir_all(parent).map_err(|e| CarryError::Io(parent.into(), e))?;
            }
            std::fs::rename(src, dst).map_err(|e| CarryError::Io(src.into(), e))
        }
        Err(e) => Err(CarryError::Io(dst.into(), e)),
        Ok(m) if m.is_dir() && std::fs::symlink_metadata(src).is_ok_and(|s| s.is_dir()) => {
            let entries = std::fs::read_dir(src).map_err(|e| CarryError::Io(src.into(), e))?;
            for entry in entries.filter_map(std::result::Result::ok) {
                let name = entry.file_name();
                let child = format!("{rel}/{}", name.to_string_lossy());
                move_entry(&entry.path(), &dst.join(&name), &child)?;
            }
            let _ = std::fs::remove_dir(src);
            Ok(())
        }
        Ok(_) => Err(CarryError::Conflict(rel.to_owned())),
    }
}

/// Exchanges two folders in one step; `Ok(false)` when the system or file system
/// cannot, so the caller falls back to two renames.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> io::Result<bool> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    use rustix::io::Errno;
    match renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE) {
        Ok(()) => Ok(true),
        Err(Errno::INVAL | Errno::NOSYS | Errno::OPNOTSUPP) => Ok(false),
        Err(e) => Err(e.into()),
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> io::Result<bool> {
    Ok(false)
}

/// A build's id: its process and start time, unique among the builds of a folder.
fn build_id() -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    format!("{}-{nanos}", std::process::id())
}

/// The time part of a build id, to order leftovers.
fn stamp(id: &str) -> u128 {
    id.rsplit('-')
        .next()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0)
}

/// The advisory lock `.<name>.lock` beside the output. Held for the whole build;
/// the system releases it when the process ends, however it ends. On Unix the file
/// is removed on release, and a build that locked a file another build had just
/// removed tries again on the new one.
struct Lock {
    _file: File,
    path: PathBuf,
}

impl Lock {
    fn acquire(parent: &Path, name: &str, shown: &Path) -> Result<Lock> {
        let path = parent.join(format!(".{name}.lock"));
        for _ in 0..100 {
            let mut file = OpenOptions::new()
                .read(true)
                .write(true)
                .create(true)
                .truncate(false)
                .open(&path)
                .map_err(|e| Error::io(&path, e))?;
            match file.try_lock() {
                Ok(()) => {}
                Err(std::fs::TryLockError::WouldBlock) => {
                    let mut text = String::new();
                    let _ = file.read_to_string(&mut text);
                    return Err(Error::OutputLocked {
                        output: shown.to_path_buf(),
                        lock: path,
                        holder: text.trim().parse().ok(),
                    });
                }
                Err(std::fs::TryLockError::Error(e)) => return Err(Error::io(&path, e)),
            }
            if !same_file(&file, &path) {
                continue;
            }
            let _ = file.set_len(0);
            let _ = writeln!(file, "{}", std::process::id());
            return Ok(Lock { _file: file, path });
        }
        Err(Error::io(
            &path,
            io::Error::other("the lock file keeps being replaced by other builds"),
        ))
    }
}

#[cfg(unix)]
fn same_file(file: &File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), std::fs::metadata(path)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn same_file(_: &File, _: &Path) -> bool {
    true
}

impl Drop for Lock {
    fn drop(&mut self) {
        // Removed while still held, so a build waiting on this file sees that it
        // is gone and opens a new one. Elsewhere an open file cannot be removed;
        // the lock file stays.
        #[cfg(unix)]
        let _ = std::fs::remove_file(&self.path);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::manifest::{decode, encode};

    fn put(dir: &Path, rel: &str, text: &str) {
        let path = dir.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    fn files(dir: &Path) -> Vec<String> {
        super::super::list_files(dir)
    }

    #[test]
    fn a_removed_tree_takes_its_files_and_folders_but_not_what_a_link_points_to() {
        let dir = tempfile::tempdir().unwrap();
        let tree = dir.path().join("old");
        for i in 0..40 {
            put(&tree, &format!("briefs/b{i}/index.html"), "page");
        }
        put(&tree, "index.html", "home");
        let outside = dir.path().join("outside");
        put(&outside, "kept.txt", "not ours");
        #[cfg(unix)]
        std::os::unix::fs::symlink(&outside, tree.join("briefs/link")).unwrap();
        remove_tree(&tree).unwrap();
        assert!(!tree.exists());
        assert_eq!(files(&outside), vec!["kept.txt".to_owned()]);
        assert!(remove_tree(&tree).is_err(), "a missing folder is an error");
    }

    fn site(pages: &[&str]) -> Vec<super::super::OutputFile> {
        pages
            .iter()
            .map(|p| ((*p).to_owned(), format!("page {p}").into_bytes()))
            .collect()
    }

    fn publish(out: &Path, pages: &[&str], exchange: bool) -> Result<usize> {
        let mut target = Target::open(out, false)?;
        if !exchange {
            target = target.without_exchange();
        }
        let pages = site(pages);
        target.publish(None, |s| s.write_files(&pages))
    }

    /// Publishes `pages` (path, text) one `Staging::write` at a time, as a full
    /// build does.
    fn build_pages(out: &Path, pages: &[(&str, &str)]) {
        let target = Target::open(out, false).unwrap();
        target
            .publish(None, |s| {
                for (rel, text) in pages {
                    s.write(rel, text.as_bytes())?;
                }
                Ok(pages.len())
            })
            .unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn an_unchanged_page_keeps_its_file_and_a_changed_or_hand_edited_one_is_written() {
        use std::os::unix::fs::MetadataExt;
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let ino = |rel: &str| std::fs::metadata(out.join(rel)).unwrap().ino();
        let text = |rel: &str| std::fs::read_to_string(out.join(rel)).unwrap();
        let first = [
            ("index.html", "home"),
            ("a/index.html", "A"),
            ("b/index.html", "B"),
        ];
        build_pages(&out, &first);
        let (home, a, b) = (ino("index.html"), ino("a/index.html"), ino("b/index.html"));
        let home_time = std::fs::metadata(out.join("index.html"))
            .unwrap()
            .modified()
            .unwrap();
        // Edited by hand in the output, same length, another time: not ours any more
        // as it stands, so the next build writes the page again.
        let edited = std::fs::OpenOptions::new()
            .write(true)
            .open(out.join("b/index.html"))
            .unwrap();
        std::io::Write::write_all(&mut &edited, b"X").unwrap();
        edited
            .set_modified(std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_000_000))
            .unwrap();
        drop(edited);
        build_pages(
            &out,
            &[
                ("index.html", "home"),
                ("a/index.html", "A, edited"),
                ("b/index.html", "B"),
            ],
        );
        assert_eq!(ino("index.html"), home, "an unchanged page keeps its file");
        assert_eq!(
            std::fs::metadata(out.join("index.html"))
                .unwrap()
                .modified()
                .unwrap(),
            home_time,
            "and its modification time"
        );
        assert_ne!(ino("a/index.html"), a);
        assert_eq!(text("a/index.html"), "A, edited");
        assert_ne!(ino("b/index.html"), b);
        assert_eq!(text("b/index.html"), "B", "a hand edit does not survive");
        // The stamps carry over: a third build links again, and removing the
        // previous output took nothing from the new one.
        let (a2, b2) = (ino("a/index.html"), ino("b/index.html"));
        build_pages(
            &out,
            &[("a/index.html", "A, edited"), ("b/index.html", "B")],
        );
        assert_eq!((ino("a/index.html"), ino("b/index.html")), (a2, b2));
        assert_eq!(
            files(&out),
            [".dossier-manifest", "a/index.html", "b/index.html"]
        );
        assert_eq!(text("b/index.html"), "B");
    }

    #[test]
    fn manifest_stamps_round_trip_and_older_lines_still_read() {
        use crate::output::manifest::{Stamp, Stamps};
        let dir = tempfile::tempdir().unwrap();
        let stamp = Stamp {
            hash: 0x0123_4567_89ab_cdef,
            len: 42,
            mtime: 1_796_038_385_632_577_603,
        };
        let files: BTreeSet<String> = ["=odd.txt", "a b/index.html", "static.css"]
            .map(str::to_owned)
            .into();
        let stamps: Stamps = [
            ("a b/index.html".to_owned(), stamp),
            ("=odd.txt".to_owned(), stamp),
        ]
        .into_iter()
        .collect();
        write_manifest(dir.path(), "1-2", &files, &stamps).unwrap();
        let back = read_manifest(dir.path()).unwrap().unwrap();
        assert_eq!(back.files, files);
        assert_eq!(back.stamps, stamps);
        // A manifest of an older build: paths only, a leading `=` not encoded.
        std::fs::write(
            dir.path().join(MANIFEST),
            "# dossier manifest 1-1\n=odd.txt\nindex.html\n",
        )
        .unwrap();
        let old = read_manifest(dir.path()).unwrap().unwrap();
        assert_eq!(
            old.files,
            ["=odd.txt", "index.html"].map(str::to_owned).into()
        );
        assert!(old.stamps.is_empty());
    }

    #[test]
    fn manifest_lines_survive_odd_names() {
        for name in ["a/b.html", "100%.txt", "#x", "a\nb", "%0A", "c\rd%"] {
            assert_eq!(decode(&encode(name)), name);
            assert!(!encode(name).contains('\n'));
        }
    }

    #[test]
    fn kept_entries_follow_every_swap() {
        for exchange in [true, false] {
            let dir = tempfile::tempdir().unwrap();
            let out = dir.path().join("public");
            publish(&out, &["index.html", "briefs/a/index.html"], exchange).unwrap();
            put(&out, ".git/HEAD", "ref");
            put(&out, "CNAME", "example.org");
            put(&out, "briefs/notes.txt", "mine");
            publish(&out, &["index.html", "briefs/b/index.html"], exchange).unwrap();
            assert_eq!(
                files(&out),
                [
                    ".dossier-manifest",
                    ".git/HEAD",
                    "CNAME",
                    "briefs/b/index.html",
                    "briefs/notes.txt",
                    "index.html"
                ],
                "exchange: {exchange}"
            );
            assert_eq!(
                std::fs::read_dir(dir.path()).unwrap().count(),
                1,
                "leftovers beside the output"
            );
        }
    }

    #[test]
    fn a_kept_file_in_the_way_fails_the_build_and_stays() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        publish(&out, &["index.html"], true).unwrap();
        put(&out, ".nojekyll", "");
        put(&out, "about/index.html", "written by hand");
        let before = files(&out);
        let err = publish(&out, &["index.html", "about/index.html"], true).unwrap_err();
        assert!(err.to_string().contains("about/index.html"), "{err}");
        assert_eq!(files(&out), before);
        assert_eq!(
            std::fs::read_to_string(out.join("about/index.html")).unwrap(),
            "written by hand"
        );
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    /// The state a kill during step 5 leaves: some kept entries already moved into
    /// a complete new folder.
    #[test]
    fn recovery_moves_carried_entries_back() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        publish(&out, &["index.html", "old/index.html"], true).unwrap();
        put(&out, "CNAME", "example.org");
        let temp = dir.path().join(".public.new-999999999-5");
        put(&temp, "index.html", "new");
        write_manifest(
            &temp,
            "999999999-5",
            &["index.html".to_owned()].into(),
            &Default::default(),
        )
        .unwrap();
        std::fs::rename(out.join("CNAME"), temp.join("CNAME")).unwrap();
        std::fs::create_dir_all(out.join(".git")).unwrap();
        std::fs::rename(out.join(".git"), temp.join(".git")).unwrap();
        publish(&out, &["index.html"], true).unwrap();
        assert_eq!(files(&out), [".dossier-manifest", "CNAME", "index.html"]);
        assert!(out.join(".git").is_dir());
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    /// The state a kill between the two renames of the fallback swap leaves.
    #[test]
    fn recovery_restores_a_missing_output_with_its_kept_entries() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        publish(&out, &["index.html", "old/index.html"], true).unwrap();
        let old = dir.path().join(".public.old-999999999-7");
        std::fs::rename(&out, &old).unwrap();
        let temp = dir.path().join(".public.new-999999999-7");
        put(&temp, "index.html", "new");
        put(&temp, ".git/HEAD", "ref");
        write_manifest(
            &temp,
            "999999999-7",
            &["index.html".to_owned()].into(),
            &Default::default(),
        )
        .unwrap();
        let target = Target::open(&out, false).unwrap();
        assert_eq!(
            files(&out),
            [
                ".dossier-manifest",
                ".git/HEAD",
                "index.html",
                "old/index.html"
            ]
        );
        drop(target);
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    /// After an exchange the temporary name holds the previous output, whose
    /// manifest has an older id: nothing in it may come back.
    #[test]
    fn a_swapped_out_previous_output_is_removed_not_restored() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        publish(&out, &["index.html"], true).unwrap();
        let previous = dir.path().join(".public.new-999999999-9");
        put(&previous, "gone/index.html", "old page");
        put(&previous, "dropped-by-clean.txt", "x");
        write_manifest(
            &previous,
            "1-1",
            &["gone/index.html".to_owned()].into(),
            &Default::default(),
        )
        .unwrap();
        drop(Target::open(&out, false).unwrap());
        assert_eq!(files(&out), [".dossier-manifest", "index.html"]);
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn a_held_lock_refuses_a_second_build() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let first = Target::open(&out, false).unwrap();
        let err = Target::open(&out, false)
            .err()
            .expect("the second build is refused");
        assert!(matches!(err, Error::OutputLocked { .. }), "{err}");
        drop(first);
        drop(Target::open(&out, false).unwrap());
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            0,
            "the lock file stays"
        );
    }

    #[test]
    fn clean_replaces_foreign_files_but_keeps_dotfiles() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("deploy");
        put(&out, "old.html", "theirs");
        put(&out, ".git/HEAD", "ref");
        assert!(matches!(
            Target::open(&out, false).err(),
            Some(Error::OutputRefused { .. })
        ));
        let pages = site(&["index.html"]);
        Target::open(&out, true)
            .unwrap()
            .publish(None, |s| s.write_files(&pages))
            .unwrap();
        assert_eq!(
            files(&out),
            [".dossier-manifest", ".git/HEAD", "index.html"]
        );
    }
}
