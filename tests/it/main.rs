//! Integration tests of the `dossier` binary: one test binary, one module per feature.

mod build;
mod errors;
mod hostile;
mod intelligence;
mod serve;
mod support;
mod theme_api;
