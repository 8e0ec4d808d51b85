//! Integration tests of the `dossier` binary: one test binary, one module per feature.

mod build;
mod errors;
mod intelligence;
mod output;
mod serve;
mod support;
