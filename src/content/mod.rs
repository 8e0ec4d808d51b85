//! Files to raw documents. This layer knows the format of one file at a time and
//! nothing of the other documents: names are kept as written, links are not resolved.

pub mod author;
pub mod brief;
pub mod front_matter;
pub mod load;
pub mod page;
pub mod person;
pub mod theme_files;
pub mod topic;
pub mod value;
pub mod yaml_guard;

pub use author::{AuthorDoc, RawAuthor};
pub use brief::{BriefDoc, RawBrief, RawQuote};
pub use load::{Documents, Kind, LoadOutcome, classify, load, load_file, load_holding};
pub use page::{PageDoc, RawPage};
pub use person::{PersonDoc, RawPerson, RawRole};
pub use topic::{RawTopic, TopicDoc};
pub use value::{DateValue, ImageSrc, Names, RawImage, RawSource, Sources, Text};

/// A slice of a shared file text: documents keep their file's text once and hand
/// out the body without copying it, so a site can be re-resolved cheaply. The text
/// is the `String` the file was read into, shared as it is: turning it into an
/// `Arc<str>` would copy every file once more while reading.
#[derive(Debug, Clone)]
pub struct SharedText {
    text: std::sync::Arc<String>,
    range: std::ops::Range<usize>,
}

impl SharedText {
    /// The part `range` of `text`; `range` must lie on char boundaries of `text`.
    pub fn new(text: std::sync::Arc<String>, range: std::ops::Range<usize>) -> SharedText {
        debug_assert!(text.get(range.clone()).is_some());
        SharedText { text, range }
    }

    /// The whole of `text`.
    pub fn whole(text: impl Into<String>) -> SharedText {
        let text = std::sync::Arc::new(text.into());
        let range = 0..text.len();
        SharedText { text, range }
    }
}

impl std::ops::Deref for SharedText {
    type Target = str;
    fn deref(&self) -> &str {
        // The range was checked against this text when the slice was made.
        self.text.get(self.range.clone()).unwrap_or_default()
    }
}

/// Equal when made from equal texts with the same range, as a derived comparison
/// would be: a brief's body is rendered with its front matter (the people it lists
/// decide which short names link), so a kept body is valid only while the whole
/// file is unchanged. A kept copy of the same file's text is recognised by its
/// pointer without reading it (comparing the texts reads every byte).
impl PartialEq for SharedText {
    fn eq(&self, other: &SharedText) -> bool {
        self.range == other.range
            && (std::sync::Arc::ptr_eq(&self.text, &other.text) || self.text == other.text)
    }
}

impl Eq for SharedText {}

impl SharedText {
    /// Where this slice is: its file text's address and its range. Two slices
    /// with the same address are the same text while either is held (a held
    /// text's address is not reused).
    pub(crate) fn address(&self) -> (usize, usize, usize) {
        (
            std::sync::Arc::as_ptr(&self.text) as usize,
            self.range.start,
            self.range.end,
        )
    }

    /// Whether the two hold the same text (whatever file it is part of); the same
    /// slice of the same file is recognised without reading it.
    pub fn same_text(&self, other: &SharedText) -> bool {
        (std::sync::Arc::ptr_eq(&self.text, &other.text) && self.range == other.range)
            || **self == **other
    }
}

impl std::hash::Hash for SharedText {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.text.as_str().hash(state);
        self.range.hash(state);
    }
}

impl Default for SharedText {
    fn default() -> Self {
        SharedText::whole("")
    }
}

/// Where a brief's body is in its file, for a one-off build of a large site: the
/// body is read again when it is rendered rather than held from the read to the
/// render (at 100,000 briefs the texts are half a gigabyte, the largest thing a
/// build would hold while it resolves the site). The body's hash makes sure the
/// text read again is the one its front matter was read with.
#[derive(Debug, PartialEq, Eq)]
pub struct BodyFile {
    /// The file, as the walk found it.
    full: std::path::PathBuf,
    /// The body's bytes in the file's normalised text.
    range: std::ops::Range<usize>,
    hash: u64,
}

impl BodyFile {
    /// The hash of the body as first read: what its render was made from.
    pub fn hash(&self) -> u64 {
        self.hash
    }

    /// The body's length in bytes.
    pub fn body_len(&self) -> usize {
        self.range.len()
    }

    /// The body again, as it was first read. A file changed or removed since is an
    /// error naming `relative` (the file relative to the site): the build stops
    /// rather than render a body that does not go with its front matter.
    pub fn read(&self, relative: &std::path::Path) -> Result<SharedText, crate::error::Diagnostic> {
        let text = load::read_bytes(&self.full).map_err(|e| {
            crate::error::Diagnostic::file_error(relative, format!("cannot read: {e}"))
        })?;
        let text = String::from_utf8(text).ok().map(normalize_owned);
        match text.filter(|t| {
            t.get(self.range.clone())
                .is_some_and(|body| crate::hash::hash_bytes(body.as_bytes()) == self.hash)
        }) {
            Some(t) => Ok(SharedText::new(std::sync::Arc::new(t), self.range.clone())),
            None => Err(crate::error::Diagnostic::file_error(
                relative,
                "the file changed while the site was being built",
            )
            .with_help("build again once the file is saved")),
        }
    }
}

/// How many bytes of brief bodies a read may hold in memory; the bodies past it
/// are left in their files ([`BodyFile`]) for the render to read again.
#[derive(Debug)]
pub struct TextBudget {
    held: std::sync::atomic::AtomicUsize,
    limit: usize,
}

impl TextBudget {
    /// Up to `limit` bytes held.
    pub fn new(limit: usize) -> TextBudget {
        TextBudget {
            held: std::sync::atomic::AtomicUsize::new(0),
            limit,
        }
    }

    /// Whether a body of `len` bytes fits, counting it as held when it does.
    fn holds(&self, len: usize) -> bool {
        use std::sync::atomic::Ordering::Relaxed;
        self.held
            .fetch_update(Relaxed, Relaxed, |held| {
                held.checked_add(len).filter(|&h| h <= self.limit)
            })
            .is_ok()
    }
}

/// Drops a UTF-8 byte order mark and turns CRLF and lone CR line ends (old Mac
/// files) into LF, so that line numbers and the `---` fences mean the same on every
/// platform.
pub fn normalize_text(text: &str) -> String {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text.to_owned()
    }
}

/// [`normalize_text`] for a text the caller owns: a file that needs no change (no
/// byte order mark, no CR) is handed back as it is, without a copy.
pub fn normalize_owned(text: String) -> String {
    if text.starts_with('\u{feff}') || text.contains('\r') {
        normalize_text(&text)
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shared_texts_are_equal_by_their_whole_text() {
        let file = "---\ntitle: T\n---\nBody";
        let whole = std::sync::Arc::new(file.to_owned());
        let body = SharedText::new(whole.clone(), 17..21);
        assert_eq!(body, SharedText::new(whole, 17..21));
        // The same file read again.
        assert_eq!(body, SharedText::new(file.to_owned().into(), 17..21));
        // The same body under another front matter is another text.
        assert_ne!(
            body,
            SharedText::new(
                std::sync::Arc::new("---\ntitle: U\n---\nBody".into()),
                17..21
            )
        );
        assert_ne!(body, SharedText::whole("Body"));
    }

    #[test]
    fn every_line_ending_becomes_lf() {
        assert_eq!(normalize_text("\u{feff}a\r\nb\rc\nd\r"), "a\nb\nc\nd\n");
        for text in [
            "\u{feff}a\r\nb\rc\nd\r",
            "\u{feff}a\nb",
            "a\rb",
            "plain\ntext\n",
            "",
        ] {
            assert_eq!(
                normalize_owned(text.to_owned()),
                normalize_text(text),
                "{text:?}"
            );
        }
        let brief = normalize_text("---\rtitle: T\rdate: 2023-06-14\rsource: S\r---\rBody\r");
        let d = BriefDoc::parse("content/briefs/a.md".into(), brief).unwrap();
        assert_eq!((d.meta.title.as_str(), d.body_line), ("T", 6));
    }
}
