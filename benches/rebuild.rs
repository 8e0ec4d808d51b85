//! The `serve` rebuild after a one-brief edit on a 10,000-brief site: re-read the
//! file, re-resolve, re-render the affected pages: what happens between a save and
//! the browser's reload. (Feeds, sitemap and search index are made after the
//! reload, by `Project::site_files_update`.) The watcher's quiet period
//! (`serve::watch::QUIET`) comes on top of this in the browser.

mod corpus;

// Measure with the allocator the binary uses.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use criterion::{Criterion, criterion_group, criterion_main};
use dossier::project::{Change, Project};

fn one_brief_edit(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    corpus::write_site(dir.path(), 10_000);
    let mut project = Project::new(dir.path(), None, dossier::BuildOptions::default());
    project
        .rebuild(&Change::Everything)
        .expect("the generated site builds");
    let rel = std::path::PathBuf::from("content/briefs/brief-5000.md");
    let path = dir.path().join(&rel);
    let original = std::fs::read_to_string(&path).expect("the brief exists");
    let mut n = 0u64;
    let mut group = c.benchmark_group("rebuild");
    group.sample_size(30);
    group.bench_function("10000 briefs, one title edited", |b| {
        b.iter(|| {
            n += 1;
            let edited = original.replacen(
                "title: Brief 5000",
                &format!("title: Brief 5000 edit {n}"),
                1,
            );
            std::fs::write(&path, edited).expect("writable");
            let update = project
                .rebuild(&Change::Content(vec![rel.clone()]))
                .expect("the edit builds");
            assert!(!update.write.is_empty());
            update
        })
    });
    group.finish();
}

criterion_group!(benches, one_brief_edit);
criterion_main!(benches);
