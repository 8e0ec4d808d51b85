//! Plain text handling that knows nothing of Markdown, HTML or the site model.

pub mod sentence;
pub(crate) mod words;
