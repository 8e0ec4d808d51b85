//! Files to raw documents. This layer knows the format of one file at a time and
//! nothing of the other documents: names are kept as written, links are not resolved.

pub mod brief;
pub mod front_matter;
pub mod load;
pub mod person;
pub mod topic;
pub mod value;

pub use brief::{BriefDoc, RawBrief, RawQuote};
pub use load::{Documents, Kind, LoadOutcome, classify, load, load_file};
pub use person::{PersonDoc, RawPerson, RawRole};
pub use topic::{RawTopic, TopicDoc};
pub use value::{DateValue, Names, RawSource, Sources, Text};

/// Drops a UTF-8 byte order mark and turns CRLF line ends into LF, so that line
/// numbers and the `---` fences mean the same on every platform.
pub fn normalize_text(text: &str) -> String {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.contains('\r') {
        text.replace("\r\n", "\n")
    } else {
        text.to_owned()
    }
}
