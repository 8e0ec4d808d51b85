//! Integration tests of the `dossier` binary: one test binary, one module per feature.

mod build;
mod check;
mod commands;
mod differential;
mod errors;
mod hostile;
mod intelligence;
mod links;
mod mentions_eval;
mod output;
mod paging;
mod progress;
mod publication;
mod publish;
mod readme;
mod serve;
mod snapshots;
mod support;
mod theme;
mod theme_api;
