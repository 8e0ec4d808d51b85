//! Stopping `dossier serve` by a signal removes its temporary served folder,
//! as a normal stop does.
#![cfg(unix)]

use super::live::{Fixture, Serve};

fn stops_cleanly_on(signal: &str) {
    let fixture = Fixture::new("title: Test Briefings\n");
    let mut serve = Serve::start(&fixture, &[]);
    let served = serve.served_dir(&fixture);
    assert!(
        served.join("index.html").is_file(),
        "nothing served at {served:?}"
    );
    let status = serve.stop_with(signal);
    assert!(
        status.success(),
        "SIG{signal}: {status:?}; stderr:\n{}",
        serve.stderr()
    );
    assert!(!served.exists(), "SIG{signal} left {served:?}");
    let left: Vec<_> = std::fs::read_dir(fixture.tmp()).unwrap().collect();
    assert!(left.is_empty(), "SIG{signal} left {left:?}");
}

#[test]
fn sigterm_removes_the_served_folder() {
    stops_cleanly_on("TERM");
}

#[test]
fn sigint_removes_the_served_folder() {
    stops_cleanly_on("INT");
}
