//! Plain text handling that knows nothing of Markdown, HTML or the site model.

pub mod sentence;
pub mod smart;
pub(crate) mod words;
