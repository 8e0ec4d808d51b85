//! Full builds of generated sites (1,000 and 10,000 briefs), written to a folder
//! that holds the previous build, as a second `dossier build` finds it.
//! `cargo bench --bench build`; `DOSSIER_BENCH_BRIEFS=100000` measures that size
//! instead (it takes minutes to generate and measure), and `DOSSIER_BENCH_LARGE=1`
//! adds 100,000 to the default sizes.

mod corpus;

// Measure with the allocator the binary uses.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use criterion::{Criterion, criterion_group, criterion_main};

fn full_build(c: &mut Criterion) {
    let mut sizes = match std::env::var("DOSSIER_BENCH_BRIEFS") {
        Ok(text) => vec![
            text.trim()
                .parse()
                .ok()
                .filter(|&n: &usize| n > 0)
                .unwrap_or_else(|| {
                    panic!("DOSSIER_BENCH_BRIEFS must be a positive number, not {text:?}")
                }),
        ],
        Err(_) => vec![1_000, 10_000],
    };
    if std::env::var_os("DOSSIER_BENCH_LARGE").is_some() && !sizes.contains(&100_000) {
        sizes.push(100_000);
    }
    let mut group = c.benchmark_group("build");
    group.sample_size(10);
    if sizes.iter().any(|&n| n > 20_000) {
        group.warm_up_time(std::time::Duration::from_secs(1));
        group.measurement_time(std::time::Duration::from_secs(60));
    }
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
