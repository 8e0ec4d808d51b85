//! Builds of adversarial sites, each timed as the median of a few full builds:
//! inputs that are legal (or nearly) but shaped to find super-linear paths and
//! unbounded expansion. `cargo bench --bench stress` (optionally with a scenario
//! name to run only that one, e.g. `cargo bench --bench stress -- headings`).
//!
//! Each build runs in a child process with a time limit, so an input that
//! overflows the stack or takes minutes is reported as such instead of ending or
//! stalling the run. A build that fails is timed all the same and reported with
//! the first line of its error: refusing an input quickly is a good outcome.

use std::fmt::Write as _;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

// Measure with the allocator the binary uses.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// One build may take this long before it is stopped.
const LIMIT: Duration = Duration::from_secs(120);
/// Builds per scenario (fewer when one build is slow).
const RUNS: usize = 5;

const BRIEF_HEAD: &str = "---\ntitle: Stress\ndate: 2023-06-14\nsource: Wire\n";

struct Scenario {
    name: &'static str,
    write: fn(&Path),
}

fn write(site: &Path, rel: &str, contents: impl AsRef<[u8]>) {
    let path = site.join(rel);
    std::fs::create_dir_all(path.parent().expect("a file inside the site")).expect("a folder");
    std::fs::write(path, contents).expect("a written file");
}

fn base(site: &Path) {
    write(site, "site.yaml", "title: Stress\n");
}

/// 4,000 headings with the same text: each needs a unique anchor id.
fn headings(site: &Path) {
    base(site);
    let body = "## Officials Downplay Trip\n\nText.\n\n".repeat(4_000);
    write(
        site,
        "content/briefs/headings.md",
        format!("{BRIEF_HEAD}---\n{body}"),
    );
}

/// A registry person with a 20,000-character name, named by a brief.
fn long_name(site: &Path) {
    base(site);
    let name: String = (0..2_000)
        .map(|i| format!("Name{:05} ", i))
        .collect::<String>();
    let name = name.trim_end();
    write(
        site,
        "content/people/long.md",
        format!("---\nname: \"{name}\"\n---\nBio.\n"),
    );
    write(
        site,
        "content/briefs/long.md",
        format!("{BRIEF_HEAD}people: [\"{name}\"]\n---\nWe met {name} today.\n"),
    );
}

/// Front matter of nested flow sequences, just under the front matter size cap.
fn nested_brackets(site: &Path) {
    base(site);
    let depth = 30_000;
    let value = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
    write(
        site,
        "content/briefs/nested.md",
        format!("{BRIEF_HEAD}people: {value}\n---\nBody.\n"),
    );
}

/// The alias bomb ("billion laughs"): nine levels of nine aliases of the level
/// below, 9^9 leaves if expanded, in `site.yaml`'s free `extra` map.
fn alias_bomb_site(site: &Path) {
    let mut yaml = String::from(
        "title: Stress\nextra:\n  a0: &a0 [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    for level in 1..9 {
        let prev = level - 1;
        let refs = vec![format!("*a{prev}"); 9].join(",");
        let _ = writeln!(yaml, "  a{level}: &a{level} [{refs}]");
    }
    write(site, "site.yaml", yaml);
    write(
        site,
        "content/briefs/b.md",
        format!("{BRIEF_HEAD}---\nBody.\n"),
    );
}

/// A bomb that fits the front matter cap and is well typed: `people` lists one
/// 30 KB name 10,000 times through an alias (300 MB of names if expanded).
fn alias_bomb_front_matter(site: &Path) {
    base(site);
    let name = "Wang Yi ".repeat(3_750);
    let aliases = vec!["*n"; 10_000].join(",");
    write(
        site,
        "content/briefs/b.md",
        format!(
            "{BRIEF_HEAD}summary: &n \"{}\"\npeople: [{aliases}]\n---\nBody.\n",
            name.trim_end()
        ),
    );
}

/// A 1 MB body naming 200 registry people thousands of times, every mention linked.
fn big_body(site: &Path) {
    write(site, "site.yaml", "title: Stress\nmentions: all\n");
    let people: Vec<(String, String)> = (0..200)
        .map(|i| (format!("Person{i} Surname{i}"), format!("Minister{i}")))
        .collect();
    for (i, (name, alias)) in people.iter().enumerate() {
        write(
            site,
            &format!("content/people/p{i}.md"),
            format!("---\nname: {name}\naliases: [{alias}]\n---\n"),
        );
    }
    let mut body = String::new();
    let mut i = 0;
    while body.len() < 1_000_000 {
        let (name, alias) = &people[i % people.len()];
        let _ = write!(
            body,
            "{name} met {alias} and Person{j} Surname{j} on trade. ",
            j = (i * 7) % people.len()
        );
        if i % 10 == 9 {
            body.push_str("\n\n");
        }
        i += 1;
    }
    let named: Vec<&str> = people.iter().take(20).map(|p| p.0.as_str()).collect();
    write(
        site,
        "content/briefs/big.md",
        format!("{BRIEF_HEAD}people: [{}]\n---\n{body}", named.join(", ")),
    );
}

const SCENARIOS: &[Scenario] = &[
    Scenario {
        name: "headings: 4,000 identical headings",
        write: headings,
    },
    Scenario {
        name: "long name: a 20,000-character registry name",
        write: long_name,
    },
    Scenario {
        name: "nested brackets: 30,000-deep flow sequences in front matter",
        write: nested_brackets,
    },
    Scenario {
        name: "alias bomb in site.yaml extra (9^9 leaves)",
        write: alias_bomb_site,
    },
    Scenario {
        name: "alias bomb in front matter (10,000 aliases of a 30 KB name)",
        write: alias_bomb_front_matter,
    },
    Scenario {
        name: "big body: 1 MB, 200 people, every mention linked",
        write: big_body,
    },
];

/// In the child: one build, then `ok <ms>` or `err <ms> <first line>` on stdout.
fn build_once(site: &Path) {
    let start = Instant::now();
    let result = dossier::build(&dossier::BuildRequest::new(site));
    let ms = start.elapsed().as_secs_f64() * 1000.0;
    match result {
        Ok(_) => println!("ok {ms:.1}"),
        Err(e) => {
            let text = e.to_string();
            let first = text.lines().next().unwrap_or("");
            let first: String = first.chars().take(160).collect();
            println!("err {ms:.1} {first}");
        }
    }
}

enum Run {
    Done { ms: f64, outcome: String },
    Crashed(String),
    Killed,
}

fn run_child(site: &Path) -> Run {
    let exe = std::env::current_exe().expect("the bench binary's path");
    let mut child = Command::new(exe)
        .arg("--build-once")
        .arg(site)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the bench binary starts");
    let start = Instant::now();
    loop {
        match child.try_wait().expect("the child can be waited for") {
            Some(status) => {
                let out = child.wait_with_output().expect("the child's output");
                let stdout = String::from_utf8_lossy(&out.stdout);
                let line = stdout.lines().last().unwrap_or("");
                let mut parts = line.splitn(3, ' ');
                return match (
                    parts.next(),
                    parts.next().and_then(|m| m.parse::<f64>().ok()),
                ) {
                    (Some(kind @ ("ok" | "err")), Some(ms)) => Run::Done {
                        ms,
                        outcome: if kind == "ok" {
                            "built".into()
                        } else {
                            format!("refused: {}", parts.next().unwrap_or(""))
                        },
                    },
                    _ => {
                        let stderr = String::from_utf8_lossy(&out.stderr);
                        let last = stderr
                            .lines()
                            .rev()
                            .find(|l| !l.trim().is_empty())
                            .unwrap_or("");
                        Run::Crashed(format!("{status}: {last}"))
                    }
                };
            }
            None if start.elapsed() > LIMIT => {
                let _ = child.kill();
                let _ = child.wait();
                return Run::Killed;
            }
            None => std::thread::sleep(Duration::from_millis(20)),
        }
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let Some(i) = args.iter().position(|a| a == "--build-once") {
        build_once(Path::new(&args[i + 1]));
        return;
    }
    // Cargo passes `--bench`; anything else filters the scenarios by name.
    let filter: Vec<&str> = args
        .iter()
        .map(String::as_str)
        .filter(|a| !a.starts_with("--"))
        .collect();
    for scenario in SCENARIOS {
        if !filter.is_empty() && !filter.iter().any(|f| scenario.name.contains(f)) {
            continue;
        }
        let dir = tempfile::tempdir().expect("a temporary folder");
        (scenario.write)(dir.path());
        let mut times = Vec::new();
        let mut outcome = String::new();
        let mut total = Duration::ZERO;
        for _ in 0..RUNS {
            let start = Instant::now();
            match run_child(dir.path()) {
                Run::Done { ms, outcome: o } => {
                    times.push(ms);
                    outcome = o;
                }
                Run::Crashed(why) => {
                    outcome = format!("crashed ({why})");
                    break;
                }
                Run::Killed => {
                    outcome = format!("stopped after {} s", LIMIT.as_secs());
                    break;
                }
            }
            total += start.elapsed();
            if total > Duration::from_secs(60) {
                break;
            }
        }
        times.sort_by(f64::total_cmp);
        let median = times
            .get(times.len() / 2)
            .map_or("-".to_owned(), |m| format!("{m:.1} ms"));
        println!(
            "{:<60} median {median:>12} of {} builds; {outcome}",
            scenario.name,
            times.len()
        );
    }
}
