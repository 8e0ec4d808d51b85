//! The manifest a build keeps inside the output folder: the files it wrote, one
//! per line, under a header naming the build, so the next build knows what is its
//! own to replace and what to keep.
//!
//! A page's line may begin with its [`Stamp`] (`=<hash>:<length>:<mtime> <path>`):
//! what the file held and when it was written. The next build gives a page whose
//! bytes are unchanged the same file, by a hard link from the previous output,
//! when the file there still has the length and modification time it was written
//! with. An unchanged page then costs neither a write nor the freeing of the old
//! copy, and keeps its modification time, so a copy to a host by time and size
//! (`rsync`) skips it. Lines without a stamp (static files, older manifests) are
//! simply written again.

use std::collections::BTreeSet;
use std::io;
use std::path::Path;

use walkdir::WalkDir;

use crate::error::{Error, Result};

/// The record of what a build wrote, kept inside the output folder.
pub(crate) const MANIFEST: &str = ".dossier-manifest";
/// The manifest while it is written, renamed to [`MANIFEST`] when complete.
pub(crate) const MANIFEST_TMP: &str = ".dossier-manifest.tmp";
/// The manifest's first line, followed by the id of the build that wrote it.
pub(super) const HEADER: &str = "# dossier manifest ";

/// Every file (and symbolic link) under `dir` but the manifest, relative with `/`.
pub(super) fn files_of(dir: &Path) -> Result<BTreeSet<String>> {
    let mut files = BTreeSet::new();
    for entry in WalkDir::new(dir).follow_links(false).min_depth(1) {
        let entry = entry.map_err(|e| {
            let path = e.path().unwrap_or(dir).to_path_buf();
            Error::io(path, e.into())
        })?;
        if entry.file_type().is_dir() {
            continue;
        }
        let rel = entry
            .path()
            .strip_prefix(dir)
            .unwrap_or(entry.path())
            .to_string_lossy()
            .replace('\\', "/");
        if rel != MANIFEST && rel != MANIFEST_TMP {
            files.insert(rel);
        }
    }
    Ok(files)
}

/// What a written file held and when it was written: enough to know, in the next
/// build, that the file is still exactly what a page renders to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Stamp {
    /// [`crate::hash::hash_bytes`] of the content.
    pub(crate) hash: u64,
    pub(crate) len: u64,
    /// Modification time, nanoseconds since the Unix epoch.
    pub(crate) mtime: u64,
}

impl Stamp {
    /// The length and modification time of a file as the system reports them.
    pub(crate) fn of(meta: &std::fs::Metadata, hash: u64) -> Option<Stamp> {
        let mtime = meta
            .modified()
            .ok()?
            .duration_since(std::time::UNIX_EPOCH)
            .ok()?
            .as_nanos();
        Some(Stamp {
            hash,
            len: meta.len(),
            mtime: u64::try_from(mtime).ok()?,
        })
    }

    /// Whether a file's metadata shows it untouched since it was written.
    pub(crate) fn matches(&self, meta: &std::fs::Metadata) -> bool {
        meta.is_file() && Stamp::of(meta, self.hash).is_some_and(|s| s == *self)
    }
}

/// Stamps by relative path.
pub(crate) type Stamps = ahash::AHashMap<String, Stamp>;

/// A manifest as read back.
#[derive(Debug)]
pub(crate) struct Manifest {
    /// The id of the build that wrote it.
    pub(crate) id: String,
    /// The files it lists.
    pub(crate) files: BTreeSet<String>,
    /// The stamps of the files it gives one.
    pub(crate) stamps: Stamps,
}

/// Writes the manifest beside its final name and renames it, so a manifest that
/// exists is complete.
pub(super) fn write_manifest(
    dir: &Path,
    id: &str,
    files: &BTreeSet<String>,
    stamps: &Stamps,
) -> io::Result<()> {
    use std::fmt::Write as _;
    let mut text = format!(
        "{HEADER}{id}\n# The files dossier wrote here. The next build replaces or removes them and keeps everything else.\n"
    );
    for f in files {
        if let Some(s) = stamps.get(f) {
            // Writing to a String cannot fail.
            let _ = write!(text, "={:016x}:{}:{} ", s.hash, s.len, s.mtime);
        }
        text.push_str(&encode(f));
        text.push('\n');
    }
    let tmp = dir.join(MANIFEST_TMP);
    std::fs::write(&tmp, text)?;
    std::fs::rename(&tmp, dir.join(MANIFEST))
}

/// The manifest of `dir`; `None` when there is none, or the file is not one.
pub(crate) fn read_manifest(dir: &Path) -> io::Result<Option<Manifest>> {
    let text = match std::fs::read_to_string(dir.join(MANIFEST)) {
        Ok(t) => t,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) if e.kind() == io::ErrorKind::InvalidData => return Ok(None),
        Err(e) => return Err(e),
    };
    let mut lines = text.lines();
    let Some(id) = lines.next().and_then(|l| l.strip_prefix(HEADER)) else {
        return Ok(None);
    };
    let mut files = BTreeSet::new();
    let mut stamps = Stamps::new();
    for line in lines.filter(|l| !l.is_empty() && !l.starts_with('#')) {
        match stamped(line) {
            Some((stamp, path)) => {
                let path = decode(path);
                stamps.insert(path.clone(), stamp);
                files.insert(path);
            }
            None => {
                files.insert(decode(line));
            }
        }
    }
    Ok(Some(Manifest {
        id: id.trim().to_owned(),
        files,
        stamps,
    }))
}

/// A line's stamp and the rest of the line, if it begins with one. Paths are
/// written with a leading `=` encoded; a line that begins with one but holds no
/// stamp is a path of an older manifest, which did not encode it.
fn stamped(line: &str) -> Option<(Stamp, &str)> {
    let rest = line.strip_prefix('=')?;
    let (stamp, path) = rest.split_once(' ')?;
    let mut parts = stamp.split(':');
    let hash = u64::from_str_radix(parts.next()?, 16).ok()?;
    let len = parts.next()?.parse().ok()?;
    let mtime = parts.next()?.parse().ok()?;
    parts
        .next()
        .is_none()
        .then_some((Stamp { hash, len, mtime }, path))
}

/// One path per line: `%`, line breaks and a leading `#` or `=` are
/// percent-encoded.
pub(super) fn encode(rel: &str) -> String {
    let mut out = String::with_capacity(rel.len());
    for (i, c) in rel.chars().enumerate() {
        match c {
            '%' => out.push_str("%25"),
            '\n' => out.push_str("%0A"),
            '\r' => out.push_str("%0D"),
            '#' if i == 0 => out.push_str("%23"),
            '=' if i == 0 => out.push_str("%3D"),
            c => out.push(c),
        }
    }
    out
}

pub(super) fn decode(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some(i) = rest.find('%') {
        out.push_str(&rest[..i]);
        let code = rest.get(i + 1..i + 3);
        match code {
            Some("25") => out.push('%'),
            Some("0A") => out.push('\n'),
            Some("0D") => out.push('\r'),
            Some("23") => out.push('#'),
            Some("3D") => out.push('='),
            _ => {
                out.push('%');
                rest = &rest[i + 1..];
                continue;
            }
        }
        rest = &rest[i + 3..];
    }
    out.push_str(rest);
    out
}
