//! Full builds of generated sites (1,000 and 10,000 briefs), written to a folder.
//! `cargo bench --bench build`; the 100,000-brief size runs when
//! `DOSSIER_BENCH_LARGE=1` is set, as it takes minutes to generate and measure.

mod corpus;

// Measure with the allocator the binary uses.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use criterion::{Criterion, criterion_group, criterion_main};

fn full_build(c: &mut Criterion) {
    let mut sizes = vec![1_000, 10_000];
    if std::env::var_os("DOSSIER_BENCH_LARGE").is_some() {
        sizes.push(100_000);
    }
    let mut group = c.benchmark_group("build");
    group.sample_size(10);
    for n in sizes {
        let dir = tempfile::tempdir().expect("a temporary folder");
        corpus::write_site(dir.path(), n);
        let request = dossier::BuildRequest::new(dir.path());
        group.bench_function(format!("{n} briefs"), |b| {
            b.iter(|| dossier::build(&request).expect("the generated site builds"))
        });
    }
    group.finish();
}

criterion_group!(benches, full_build);
criterion_main!(benches);
