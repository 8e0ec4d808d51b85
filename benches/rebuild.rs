//! What `serve` does after a save, on a generated site of 10,000 briefs
//! (`DOSSIER_BENCH_BRIEFS=100000` for another size): the rebuild of the changed
//! file (re-read, re-resolve, re-render the affected pages) and the writing of the
//! changed pages into the served folder: what happens between a save and the
//! browser's reload (feeds, sitemap and search index are made after the reload,
//! by `Project::site_files_update`). The watcher's quiet period
//! (`serve::watch::QUIET`) comes on top of this in the browser.
//!
//! One benchmark per kind of edit: a save that changes nothing, a brief's title,
//! its body, its people, a new brief, and the registry file of the most-named
//! person. `cargo bench --bench rebuild -- title` runs one of them.

mod corpus;

// Measure with the allocator the binary uses.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use criterion::{Criterion, SamplingMode, criterion_group, criterion_main};
use dossier::project::{Change, Project};

/// The brief count: `DOSSIER_BENCH_BRIEFS`, else 10,000.
fn briefs() -> usize {
    match std::env::var("DOSSIER_BENCH_BRIEFS") {
        Ok(text) => text
            .trim()
            .parse()
            .ok()
            .filter(|&n: &usize| n > 0)
            .unwrap_or_else(|| {
                panic!("DOSSIER_BENCH_BRIEFS must be a positive number, not {text:?}")
            }),
        Err(_) => 10_000,
    }
}

/// A generated site, its in-memory project after the first build and the folder
/// `serve` would be serving.
struct Served {
    dir: tempfile::TempDir,
    out: tempfile::TempDir,
    project: Project,
    written: corpus::Written,
}

impl Served {
    fn new(briefs: usize) -> Served {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let written = corpus::write_site(dir.path(), briefs);
        // Served from where `serve` serves it: a memory-backed folder when the
        // system has one with room.
        let out = tempfile::tempdir_in(dossier::serve::preview_parent(dir.path()))
            .expect("a temporary folder");
        let mut project = Project::new(dir.path(), None, dossier::BuildOptions::default());
        project
            .rebuild(&Change::Everything)
            .expect("the generated site builds")
            .apply(out.path())
            .expect("the output folder is writable");
        Served {
            dir,
            out,
            project,
            written,
        }
    }

    fn read(&self, rel: &Path) -> String {
        std::fs::read_to_string(self.dir.path().join(rel)).expect("a generated file")
    }

    fn write(&self, rel: &Path, text: &str) {
        std::fs::write(self.dir.path().join(rel), text).expect("the site is writable");
    }

    fn remove(&self, rel: &Path) {
        std::fs::remove_file(self.dir.path().join(rel)).expect("the file exists");
    }

    /// What `serve` does once the watcher reports `rel`: rebuild, then write the
    /// changed pages. Returns the time taken and the pages rendered.
    fn save(&mut self, rel: &Path) -> (Duration, usize) {
        let start = Instant::now();
        let update = self
            .project
            .rebuild(&Change::Content(vec![rel.to_path_buf()]))
            .expect("the edited site builds");
        update
            .apply(self.out.path())
            .expect("the output folder is writable");
        (start.elapsed(), update.rendered)
    }
}

/// Replaces the first line starting with `key` in a front matter.
fn with_line(text: &str, key: &str, line: &str) -> String {
    let start = text
        .find(&format!("\n{key}"))
        .unwrap_or_else(|| panic!("a {key} line"))
        + 1;
    let end = start + text[start..].find('\n').expect("a line ending");
    format!("{}{line}{}", &text[..start], &text[end..])
}

fn serve_edits(c: &mut Criterion) {
    let n = briefs();
    let mut site = Served::new(n);
    // A brief from the middle of the archive, and one of the people it does not name.
    let brief = site.written.briefs[site.written.briefs.len() / 2].clone();
    let original = site.read(&brief);
    let person = site.written.people[0].clone();
    let person_text = site.read(&person);
    let other_name = {
        let text = site.read(&site.written.people[site.written.people.len() / 2]);
        let line = text
            .lines()
            .find(|l| l.starts_with("name: "))
            .expect("a name");
        line["name: ".len()..].to_string()
    };

    let mut group = c.benchmark_group("rebuild");
    // Few samples of equal length: each edit takes tens to hundreds of milliseconds
    // and the machine may be shared.
    group.sample_size(10);
    group.sampling_mode(SamplingMode::Flat);
    group.warm_up_time(Duration::from_secs(1));
    if n > 20_000 {
        group.measurement_time(Duration::from_secs(20));
    }

    group.bench_function(format!("{n} briefs, one brief saved unchanged"), |b| {
        b.iter_custom(|iters| {
            (0..iters)
                .map(|_| {
                    site.write(&brief, &original);
                    site.save(&brief).0
                })
                .sum()
        })
    });

    let mut k = 0u64;
    group.bench_function(format!("{n} briefs, one title edited"), |b| {
        b.iter_custom(|iters| {
            (0..iters)
                .map(|_| {
                    k += 1;
                    let edited = with_line(&original, "title:", &format!("title: \"Edit {k}\""));
                    site.write(&brief, &edited);
                    let (time, rendered) = site.save(&brief);
                    assert!(rendered > 0, "a title edit renders its page");
                    time
                })
                .sum()
        })
    });

    group.bench_function(format!("{n} briefs, one body edited"), |b| {
        b.iter_custom(|iters| {
            (0..iters)
                .map(|_| {
                    k += 1;
                    site.write(
                        &brief,
                        &format!("{original}\nA sentence added, edit {k}.\n"),
                    );
                    site.save(&brief).0
                })
                .sum()
        })
    });

    let people_line = original
        .lines()
        .find(|l| l.starts_with("people: "))
        .expect("a people line")
        .to_string();
    let more_people = format!("{}, {other_name}]", people_line.trim_end_matches(']'));
    group.bench_function(format!("{n} briefs, a person added to a brief"), |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                site.write(&brief, &with_line(&original, "people:", &more_people));
                total += site.save(&brief).0;
                // Back as it was, untimed.
                site.write(&brief, &original);
                site.save(&brief);
            }
            total
        })
    });

    let new_brief = PathBuf::from("content/briefs/a-new-brief.md");
    group.bench_function(format!("{n} briefs, a new brief"), |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                k += 1;
                // Dated on the archive's last day, as a new brief is: it goes to the
                // top of every list it is in (the generator's dates end there).
                let text = with_line(
                    &with_line(&original, "title:", &format!("title: \"New {k}\"")),
                    "date:",
                    "date: 2024-12-31",
                );
                site.write(&new_brief, &text);
                total += site.save(&new_brief).0;
                // Removed again, untimed.
                site.remove(&new_brief);
                site.save(&new_brief);
            }
            total
        })
    });

    group.bench_function(
        format!("{n} briefs, the most-named person's registry entry edited"),
        |b| {
            b.iter_custom(|iters| {
                (0..iters)
                    .map(|_| {
                        k += 1;
                        site.write(
                            &person,
                            &with_line(&person_text, "role:", &format!("role: \"Envoy {k}\"")),
                        );
                        site.save(&person).0
                    })
                    .sum()
            })
        },
    );
    group.finish();
}

criterion_group!(benches, serve_edits);
criterion_main!(benches);
