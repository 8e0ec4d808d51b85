//! Integration tests of the `dossier` binary: one test binary, one module per feature.

mod build;
mod differential;
mod errors;
mod hostile;
mod intelligence;
mod output;
mod publication;
mod serve;
mod snapshots;
mod support;
mod theme_api;
