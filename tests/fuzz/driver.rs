//! The loop: generate (or mutate a remembered input), run, remember inputs that
//! showed a new behaviour (a new error message template, a first success), shrink
//! every new finding to a small input, and report.
//!
//! `cargo test` runs a fixed number of cases per target from a fixed seed.
//! `DOSSIER_FUZZ_SECS=300` runs each target for that long instead (and reports
//! runs taking over two seconds); `DOSSIER_FUZZ_SEED` and `DOSSIER_FUZZ_CASES`
//! change the seed and the count. Shrunk findings (and the inputs they came from)
//! are written under `target/tmp/fuzz-findings/<target>/`, a summary with every
//! behaviour seen to `target/tmp/fuzz-<target>.txt`, and, with
//! `DOSSIER_FUZZ_CORPUS_OUT=<dir>`, the remembered inputs to `<dir>/<target>/`.

use std::collections::HashMap;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use crate::case::Case;
use crate::inputs;
use crate::oracle::{self, Finding, Kind};
use crate::rng::Rng;

pub struct Target {
    pub name: &'static str,
    pub seed: u64,
    pub generate: fn(&mut Rng) -> Case,
    /// Mutations damage bytes (else they only swap in freshly generated files).
    pub damage: bool,
}

struct Settings {
    cases: usize,
    deadline: Option<Duration>,
    seed_override: Option<u64>,
    hang: Duration,
}

fn settings() -> Settings {
    let env = |k: &str| std::env::var(k).ok().and_then(|v| v.parse::<u64>().ok());
    let deadline = env("DOSSIER_FUZZ_SECS").map(Duration::from_secs);
    Settings {
        cases: env("DOSSIER_FUZZ_CASES").map_or(200, |n| n as usize),
        deadline,
        seed_override: env("DOSSIER_FUZZ_SEED"),
        // Quick runs in debug builds on a busy machine: only a real hang counts.
        hang: if deadline.is_some() {
            Duration::from_secs(30)
        } else {
            Duration::from_secs(120)
        },
    }
}

struct Found {
    finding: Finding,
    case_index: usize,
    shrunk: Case,
    saved: PathBuf,
}

pub fn fuzz(target: Target) {
    let s = settings();
    let long = s.deadline.is_some();
    let seed = s.seed_override.unwrap_or(target.seed);
    let mut rng = Rng::new(seed);
    let start = Instant::now();
    let mut pool: Vec<Case> = Vec::new();
    let mut features: HashMap<String, usize> = HashMap::new();
    let mut found: HashMap<String, Found> = HashMap::new();
    let (mut runs, mut ok, mut slowest) = (0usize, 0usize, Duration::ZERO);
    let mut run_time = Duration::ZERO;
    let out_dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join("fuzz-findings")
        .join(target.name);

    loop {
        match s.deadline {
            Some(d) if start.elapsed() >= d => break,
            None if runs >= s.cases => break,
            _ => {}
        }
        let case = if !pool.is_empty() && rng.chance(1, 3) {
            let base = pool[rng.below(pool.len())].clone();
            mutate(&mut rng, &base, target.generate, target.damage)
        } else {
            (target.generate)(&mut rng)
        };
        let full_build = runs % 8 == 0;
        let outcome = oracle::run(&case, full_build, s.hang);
        runs += 1;
        run_time += outcome.elapsed;
        slowest = slowest.max(outcome.elapsed);
        if outcome.built {
            ok += 1;
        }
        let mut novel = false;
        for f in outcome.features {
            let n = features.entry(f).or_insert(0);
            novel |= *n == 0;
            *n += 1;
        }
        if novel && pool.len() < 500 {
            pool.push(case.clone());
        }
        for finding in outcome.findings {
            if finding.kind == Kind::Slow && !long {
                continue;
            }
            let sig = finding.signature();
            if found.contains_key(&sig) {
                continue;
            }
            if finding.kind == Kind::Hang {
                // The hung run still holds a core: stop here.
                let saved = out_dir.join(format!("{}-hang", found.len()));
                let _ = case.save(&saved);
                found.insert(
                    sig,
                    Found {
                        finding,
                        case_index: runs - 1,
                        shrunk: case.clone(),
                        saved,
                    },
                );
                return report(
                    &target,
                    seed,
                    runs,
                    ok,
                    start.elapsed(),
                    run_time,
                    slowest,
                    pool.len(),
                    features.len(),
                    found,
                    &features,
                );
            }
            let shrunk = shrink(
                &case,
                &sig,
                full_build,
                s.hang,
                if long { 400 } else { 150 },
            );
            let saved = out_dir.join(format!("{}-{:?}", found.len(), finding.kind).to_lowercase());
            let _ = shrunk.save(&saved);
            let _ = case.save(&saved.with_extension("original"));
            found.insert(
                sig,
                Found {
                    finding,
                    case_index: runs - 1,
                    shrunk,
                    saved,
                },
            );
        }
    }
    if let Ok(dir) = std::env::var("DOSSIER_FUZZ_CORPUS_OUT") {
        for (i, case) in pool.iter().enumerate() {
            let _ = case.save(
                &PathBuf::from(&dir)
                    .join(target.name)
                    .join(format!("{i:03}")),
            );
        }
    }
    report(
        &target,
        seed,
        runs,
        ok,
        start.elapsed(),
        run_time,
        slowest,
        pool.len(),
        features.len(),
        found,
        &features,
    )
}

#[allow(clippy::too_many_arguments)]
fn report(
    target: &Target,
    seed: u64,
    runs: usize,
    ok: usize,
    wall: Duration,
    run_time: Duration,
    slowest: Duration,
    pool: usize,
    features: usize,
    found: HashMap<String, Found>,
    behaviours: &HashMap<String, usize>,
) {
    let rate = runs as f64 / wall.as_secs_f64().max(1e-9);
    let summary = format!(
        "fuzz {}: seed {seed}, {runs} runs in {:.1} s ({rate:.1}/s, mean run {:.1} ms, slowest {} ms), \
         {ok} built, {features} behaviours, {pool} remembered inputs, {} findings",
        target.name,
        wall.as_secs_f64(),
        run_time.as_secs_f64() * 1000.0 / runs.max(1) as f64,
        slowest.as_millis(),
        found.len()
    );
    eprintln!("{summary}");
    let stats =
        PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("fuzz-{}.txt", target.name));
    let mut text = summary.clone();
    let mut found: Vec<_> = found.into_iter().collect();
    found.sort_by(|a, b| a.0.cmp(&b.0));
    for (sig, f) in &found {
        text.push_str(&format!(
            "\n\n== {sig}\n{}\nrun #{} (seed {seed}); shrunk to {} bytes, saved in {}\n{}",
            f.finding.detail,
            f.case_index,
            f.shrunk.size(),
            f.saved.display(),
            f.shrunk.dump()
        ));
    }
    let mut seen: Vec<_> = behaviours.iter().collect();
    seen.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    let listed: Vec<String> = seen.iter().map(|(k, n)| format!("{n:>6}  {k}")).collect();
    let _ = std::fs::write(
        &stats,
        format!("{text}\n\nbehaviours seen (runs):\n{}\n", listed.join("\n")),
    );
    if !found.is_empty() {
        eprintln!("{text}");
        panic!(
            "fuzz {}: {} findings (details above and in {})",
            target.name,
            found.len(),
            stats.display()
        );
    }
}

/// A remembered input with one file damaged, or one file replaced by a fresh one.
fn mutate(rng: &mut Rng, base: &Case, generate: fn(&mut Rng) -> Case, damage: bool) -> Case {
    let mut case = base.clone();
    if case.files.is_empty() || !damage || rng.chance(1, 4) {
        let fresh = generate(rng);
        if let Some((path, bytes)) = fresh
            .files
            .get(rng.below(fresh.files.len().max(1)))
            .cloned()
        {
            case.file(&path, bytes);
        }
        return case;
    }
    let i = rng.below(case.files.len());
    inputs::damage(rng, &mut case.files[i].1);
    case
}

/// Makes a failing case smaller while it still fails the same way: drop files,
/// then runs of lines, then runs of bytes, halving the run length each round.
fn shrink(case: &Case, sig: &str, full_build: bool, hang: Duration, budget: usize) -> Case {
    let mut tries = 0usize;
    let fails = |c: &Case, tries: &mut usize| {
        *tries += 1;
        oracle::run(c, full_build, hang)
            .findings
            .iter()
            .any(|f| f.signature() == sig)
    };
    let mut best = case.clone();
    let mut i = 0;
    while i < best.files.len() && tries < budget {
        let mut candidate = best.clone();
        candidate.files.remove(i);
        if fails(&candidate, &mut tries) {
            best = candidate;
        } else {
            i += 1;
        }
    }
    for unit in [Unit::Lines, Unit::Bytes] {
        for f in 0..best.files.len() {
            let mut chunk = match unit {
                Unit::Lines => best.files[f].1.split(|&b| b == b'\n').count() / 2,
                Unit::Bytes => best.files[f].1.len() / 2,
            }
            .max(1);
            loop {
                let mut start = 0;
                while tries < budget {
                    let pieces = split(&best.files[f].1, unit);
                    if start >= pieces.len() {
                        break;
                    }
                    let end = (start + chunk).min(pieces.len());
                    let mut candidate = best.clone();
                    candidate.files[f].1 = pieces[..start]
                        .iter()
                        .chain(&pieces[end..])
                        .flat_map(|p| p.iter().copied())
                        .collect();
                    if fails(&candidate, &mut tries) {
                        best = candidate;
                    } else {
                        start = end;
                    }
                }
                if chunk == 1 || tries >= budget {
                    break;
                }
                chunk /= 2;
            }
        }
    }
    best
}

#[derive(Clone, Copy)]
enum Unit {
    Lines,
    Bytes,
}

fn split(bytes: &[u8], unit: Unit) -> Vec<&[u8]> {
    match unit {
        Unit::Lines => bytes.split_inclusive(|&b| b == b'\n').collect(),
        Unit::Bytes => bytes.chunks(1).collect(),
    }
}
