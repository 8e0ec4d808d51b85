//! From a request path to a file of the served folder, and the file to a response
//! body: decoding once, refusing segments that could step outside, confinement by
//! canonical path (which also stops symbolic links leading out), and the headers
//! that depend on the file (type, validator).

use std::fs::{File, Metadata};
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use axum::body::Bytes;
use axum::http::header::{self, HeaderMap, HeaderValue};
use futures_util::{Stream, stream};
use percent_encoding::percent_decode_str;

/// Chunk size for streamed files.
pub(super) const STREAM_CHUNK: usize = 256 << 10;

/// Files up to this size are read in one go; larger ones (videos, PDFs) are
/// streamed so a preview never holds them whole in memory.
pub(super) const READ_WHOLE_LIMIT: u64 = 1 << 20;

/// Split the still-encoded path into decoded segments, or `None` if any
/// segment could step outside the folder it names. Decoding happens exactly
/// once: `%252e` becomes the literal name `%2e`, never `.`.
pub(super) fn decode_segments(rest: &str) -> Option<Vec<String>> {
    let mut out = Vec::new();
    for raw in rest.split('/').filter(|s| !s.is_empty()) {
        let seg = percent_decode_str(raw).decode_utf8().ok()?;
        if seg == "." || seg == ".." || seg.contains(['/', '\\', '\0', ':']) {
            return None;
        }
        out.push(seg.into_owned());
    }
    Some(out)
}

#[derive(Default)]
pub(super) enum Resolved {
    /// A regular file, canonical and inside the root.
    File(PathBuf),
    /// A folder asked for without its trailing slash.
    Folder,
    #[default]
    NotFound,
}

/// Find what `segments` name under `root`. Runs on a blocking thread: it
/// only stats, never reads.
pub(super) fn resolve(root: &Path, segments: &[String], wants_dir: bool) -> Resolved {
    let Ok(root) = root.canonicalize() else {
        return Resolved::NotFound;
    };
    let mut path = root.clone();
    path.extend(segments);
    let Some((path, meta)) = confined(&root, &path) else {
        return Resolved::NotFound;
    };
    if meta.is_dir() {
        if !wants_dir {
            return Resolved::Folder;
        }
        return match confined(&root, &path.join("index.html")) {
            Some((index, meta)) if meta.is_file() => Resolved::File(index),
            _ => Resolved::NotFound,
        };
    }
    // Only regular files: a FIFO or device would block or leak. A file
    // asked for as a folder (`/page.html/`) is not found.
    if meta.is_file() && !wants_dir {
        Resolved::File(path)
    } else {
        Resolved::NotFound
    }
}

/// The canonical form of `path` and its metadata, if it exists and is
/// inside `root` (itself canonical) once every symlink is followed.
pub(super) fn confined(root: &Path, path: &Path) -> Option<(PathBuf, Metadata)> {
    let canonical = path.canonicalize().ok()?;
    if !canonical.starts_with(root) {
        return None;
    }
    let meta = std::fs::metadata(&canonical).ok()?;
    Some((canonical, meta))
}

/// What was read from a file: all of it, or an open handle to stream from.
pub(super) enum Contents {
    Whole(Vec<u8>),
    Stream(File),
    HeadOnly,
}

pub(super) struct Opened {
    pub(super) meta: Metadata,
    pub(super) contents: Contents,
}

pub(super) fn open_file(path: &Path, is_html: bool, is_head: bool) -> io::Result<Opened> {
    let mut file = File::open(path)?;
    // Metadata of the open handle, so length and content agree even if the
    // rebuilder replaces the file meanwhile.
    let meta = file.metadata()?;
    let contents = if is_html || (!is_head && meta.len() <= READ_WHOLE_LIMIT) {
        let mut buf = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
        file.read_to_end(&mut buf)?;
        Contents::Whole(buf)
    } else if is_head {
        Contents::HeadOnly
    } else {
        Contents::Stream(file)
    };
    Ok(Opened { meta, contents })
}

/// Read `len` bytes of `file` in chunks on blocking threads. If the file
/// shrinks meanwhile the stream fails, which aborts the response instead of
/// sending fewer bytes than promised.
pub(super) fn file_stream(
    file: File,
    len: u64,
) -> impl Stream<Item = io::Result<Bytes>> + Send + 'static {
    stream::unfold((Some(file), len), |(file, remaining)| async move {
        let mut file = file?;
        if remaining == 0 {
            return None;
        }
        let want = usize::try_from(remaining).map_or(STREAM_CHUNK, |r| r.min(STREAM_CHUNK));
        let read = tokio::task::spawn_blocking(move || {
            let mut buf = vec![0; want];
            let n = file.read(&mut buf)?;
            buf.truncate(n);
            Ok::<_, io::Error>((file, buf))
        })
        .await;
        Some(match read {
            Ok(Ok((file, buf))) if !buf.is_empty() => {
                let left = remaining - buf.len() as u64;
                (Ok(Bytes::from(buf)), (Some(file), left))
            }
            Ok(Ok(_)) => (
                Err(io::Error::new(
                    io::ErrorKind::UnexpectedEof,
                    "file shrank while being served",
                )),
                (None, 0),
            ),
            Ok(Err(e)) => (Err(e), (None, 0)),
            Err(e) => (Err(io::Error::other(e)), (None, 0)),
        })
    })
}

/// A weak validator from size and modification time; HTML gets its own
/// suffix because what is sent differs from what is on disk.
pub(super) fn etag(
    meta: &Metadata,
    modified: Option<SystemTime>,
    is_html: bool,
) -> Option<HeaderValue> {
    let nanos = modified?.duration_since(UNIX_EPOCH).ok()?.as_nanos();
    let suffix = if is_html { "-lr" } else { "" };
    HeaderValue::try_from(format!("W/\"{:x}-{nanos:x}{suffix}\"", meta.len())).ok()
}

pub(super) fn if_none_match(headers: &HeaderMap, tag: &HeaderValue) -> bool {
    let Some(Ok(value)) = headers.get(header::IF_NONE_MATCH).map(|v| v.to_str()) else {
        return false;
    };
    let ours = tag.to_str().unwrap_or_default().trim_start_matches("W/");
    value
        .split(',')
        .map(str::trim)
        .any(|t| t == "*" || t.trim_start_matches("W/") == ours)
}

/// Content type by extension, with an explicit UTF-8 charset on text so a
/// page without `<meta charset>` still renders correctly.
pub(super) fn content_type(path: &Path) -> String {
    let guess = mime_guess::from_path(path).first_or_octet_stream();
    let textual = guess.type_() == "text"
        || matches!(
            guess.essence_str(),
            "application/javascript"
                | "application/json"
                | "application/manifest+json"
                | "application/xml"
                | "image/svg+xml"
        );
    if textual {
        format!("{}; charset=utf-8", guess.essence_str())
    } else {
        guess.essence_str().to_owned()
    }
}
