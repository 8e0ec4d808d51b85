//! Plain text handling that knows nothing of Markdown, HTML or the site model.

pub(crate) mod lexicon;
pub mod sentence;
pub mod smart;
pub(crate) mod words;
