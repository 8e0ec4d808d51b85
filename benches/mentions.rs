//! The share of mention linking in a build: the Markdown of every brief of a
//! generated 10,000-brief site rendered without the linker, with it, and the full
//! build for scale. Linking runs one automaton pass per text run, so its cost grows
//! with the text, not with people × text.

mod corpus;

// Measure with the allocator the binary uses.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use criterion::{Criterion, criterion_group, criterion_main};
use rayon::prelude::*;

fn mention_share(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    corpus::write_site(dir.path(), 10_000);
    let compiled = dossier::compile(dir.path(), None, dossier::BuildOptions::default())
        .expect("the generated site builds");
    let site = &compiled.site;
    let mut group = c.benchmark_group("bodies of 10000 briefs");
    group.sample_size(10);
    group.bench_function("markdown only", |b| {
        b.iter(|| {
            site.briefs
                .par_iter()
                .map(|brief| {
                    dossier::render::markdown::render(&brief.body, &site.config.markdown)
                        .html
                        .len()
                })
                .sum::<usize>()
        })
    });
    group.bench_function("compiling the names automaton", |b| {
        b.iter(|| dossier::render::Linking::new(site))
    });
    group.bench_function("markdown with mention linking", |b| {
        b.iter(|| {
            let linking = dossier::render::Linking::new(site);
            let urls = dossier::render::links::BriefUrls::new(site);
            site.briefs
                .par_iter()
                .map(|brief| {
                    dossier::render::render_body(site, &linking, &urls, brief)
                        .html
                        .text()
                        .len()
                })
                .sum::<usize>()
        })
    });
    group.finish();
}

criterion_group!(benches, mention_share);
criterion_main!(benches);
