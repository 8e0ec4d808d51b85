//! The manifest a build keeps inside the output folder: the files it wrote, one
//! per line, under a header naming the build, so the next build knows what is its
//! own to replace and what to keep.

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

/// A manifest as read back.
#[derive(Debug)]
pub(crate) struct Manifest {
    /// The id of the build that wrote it.
    pub(crate) id: String,
    /// The files it lists.
    pub(crate) files: BTreeSet<String>,
}

/// Writes the manifest beside its final name and renames it, so a manifest that
/// exists is complete.
pub(super) fn write_manifest(dir: &Path, id: &str, files: &BTreeSet<String>) -> io::Result<()> {
    let mut text = format!(
        "{HEADER}{id}\n# The files dossier wrote here. The next build replaces or removes them and keeps everything else.\n"
    );
    for f in files {
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
    let files = lines
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(decode)
        .collect();
    Ok(Some(Manifest {
        id: id.trim().to_owned(),
        files,
    }))
}

/// One path per line: `%`, line breaks and a leading `#` are percent-encoded.
pub(super) fn encode(rel: &str) -> String {
    let mut out = String::with_capacity(rel.len());
    for (i, c) in rel.chars().enumerate() {
        match c {
            '%' => out.push_str("%25"),
            '\n' => out.push_str("%0A"),
            '\r' => out.push_str("%0D"),
            '#' if i == 0 => out.push_str("%23"),
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
