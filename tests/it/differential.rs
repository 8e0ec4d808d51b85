//! Differential tests of incremental rebuilds: rebuilding after an edit must leave
//! exactly the files a full build of the same site writes.
//!
//! A small random site (seeded, so every run is reproducible) is edited step by
//! step: briefs, people and topics added, edited, renamed and deleted, templates,
//! `site.yaml` and `static/` changed. After each edit the paths an editor would have
//! touched go through the watcher's classification (`serve::watch::Batch`), the
//! resulting `Change` goes to `Project::rebuild`, and the `Update` is applied to an
//! output folder as `serve` applies it. Then a fresh full build of the same files is
//! written to another folder and the two folders must hold the same files, byte for
//! byte.
//!
//! Environment: `DOSSIER_DIFF_SEEDS` (number of seeds, default 4) and
//! `DOSSIER_DIFF_EDITS` (edits per seed, default 60) choose a longer run;
//! `DOSSIER_DIFF_SEED` runs that one seed only.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use dossier::output;
use dossier::project::{Change, Project};
use dossier::serve::watch::Batch;
use dossier::{BuildOptions, BuildRequest, Diagnostic};

use crate::support::fixture_dir;

/// The address serve would give the project; the full build gets the same.
const BASE_URL: &str = "http://127.0.0.1:1111/";

#[test]
fn rebuilds_equal_full_builds_with_the_builtin_theme() {
    run_seeds(Templates::Builtin);
}

#[test]
fn rebuilds_equal_full_builds_with_templates_reading_every_variable() {
    run_seeds(Templates::AllVariables);
}

/// Which templates the generated sites use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Templates {
    /// The built-in theme, with an occasional site override of one template.
    Builtin,
    /// `tests/fixtures/all-variables/templates`: every documented variable printed.
    AllVariables,
}

fn env_number(name: &str) -> Option<u64> {
    let value = std::env::var(name).ok()?;
    Some(
        value
            .trim()
            .parse()
            .unwrap_or_else(|_| panic!("{name} must be a number, not `{value}`")),
    )
}

fn run_seeds(templates: Templates) {
    let edits = env_number("DOSSIER_DIFF_EDITS").unwrap_or(60) as usize;
    let seeds: Vec<u64> = match env_number("DOSSIER_DIFF_SEED") {
        Some(seed) => vec![seed],
        None => (1..=env_number("DOSSIER_DIFF_SEEDS").unwrap_or(4)).collect(),
    };
    let mut failures = Vec::new();
    for &seed in &seeds {
        if let Err(report) = run_one(seed, edits, templates) {
            failures.push(report);
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} seeds ({templates:?} templates) rebuilt a site that differs from a full build; rerun one with DOSSIER_DIFF_SEED=<seed>\n\n{}",
        failures.len(),
        seeds.len(),
        failures.join("\n\n")
    );
}

/// One seed: a site, then `edits` random edits, comparing after each.
fn run_one(seed: u64, edits: usize, templates: Templates) -> Result<(), String> {
    // Every step writes a whole site twice: on Linux a memory file system spares
    // the disk (and the file system's cost of creating and deleting inodes).
    let shm = Path::new("/dev/shm");
    let mut builder = tempfile::Builder::new();
    builder.prefix("dossier-diff-");
    let scratch = if shm.is_dir() {
        builder.tempdir_in(shm)
    } else {
        builder.tempdir()
    }
    .expect("a temporary folder");
    let site_dir = scratch.path().join("site");
    let served = scratch.path().join("served");
    let full = scratch.path().join("full");
    std::fs::create_dir_all(&served).unwrap();

    let mut rng = Rng::new(seed);
    let mut site = SiteModel::generate(&mut rng, templates);
    site.write_all(&site_dir);

    let mut log: Vec<String> = vec![format!(
        "initial site: {} briefs, {} people, {} topics, briefs_per_page {}",
        site.briefs.len(),
        site.people.len(),
        site.topics.len(),
        site.config.briefs_per_page
    )];
    let fail = |step: usize, log: &[String], what: String| -> String {
        format!(
            "seed {seed} ({templates:?} templates), step {step} of {edits}: {what}\nedits so far:\n{}",
            log.iter()
                .enumerate()
                .map(|(i, l)| format!("  {i:>3}. {l}"))
                .collect::<Vec<_>>()
                .join("\n")
        )
    };

    let mut server = Served::start(&site_dir, &served)
        .map_err(|p| fail(0, &log, format!("the first build failed:\n{}", render(&p))))?;
    compare(&site_dir, &served, &full, server.last_ok.clone()).map_err(|d| fail(0, &log, d))?;

    for step in 1..=edits {
        let (description, touched) = site.random_edit(&mut rng, &site_dir);
        log.push(description);
        server.batch(&touched);
        compare(&site_dir, &served, &full, server.last_ok.clone())
            .map_err(|d| fail(step, &log, d))?;
    }
    Ok(())
}

fn render(problems: &[Diagnostic]) -> String {
    problems
        .iter()
        .map(Diagnostic::render)
        .collect::<Vec<_>>()
        .join("\n")
}

// ---------------------------------------------------------------------------------
// The dev server's rebuild path, without the watcher thread and the HTTP server.

/// A served folder kept up to date as `serve` keeps it.
struct Served {
    project: Project,
    site_dir: PathBuf,
    out: PathBuf,
    /// Whether the last rebuild succeeded (on failure serve keeps the last good site).
    last_ok: Result<(), String>,
}

impl Served {
    /// The first build: everything, applied to the empty folder, then `static/`.
    fn start(site_dir: &Path, out: &Path) -> Result<Served, Vec<Diagnostic>> {
        let mut project = Project::new(
            site_dir,
            Some(BASE_URL.to_owned()),
            BuildOptions {
                drafts: false,
                future: false,
            },
        );
        let update = project.rebuild(&Change::Everything)?;
        update.apply(out).expect("the served folder is writable");
        project
            .site_files_update()
            .apply(out)
            .expect("the served folder is writable");
        let static_dir = site_dir.join("static");
        if static_dir.is_dir() {
            output::copy_static(&static_dir, out).expect("static files copy");
        }
        Ok(Served {
            project,
            site_dir: site_dir.to_path_buf(),
            out: out.to_path_buf(),
            last_ok: Ok(()),
        })
    }

    /// One batch of changed paths (relative to the site folder), classified and
    /// applied exactly as the watcher thread of `serve` does.
    fn batch(&mut self, touched: &[PathBuf]) {
        let mut batch = Batch::default();
        for path in touched {
            batch.add(path);
        }
        let change = batch.change();
        if let Some(change) = change {
            match self.project.rebuild(&change) {
                Ok(update) => {
                    update
                        .apply(&self.out)
                        .expect("the served folder is writable");
                    self.project
                        .site_files_update()
                        .apply(&self.out)
                        .expect("the served folder is writable");
                    self.last_ok = Ok(());
                }
                Err(problems) => self.last_ok = Err(render(&problems)),
            }
        }
        if !batch.statics.is_empty() {
            dossier::serve::sync_static(&self.site_dir, &self.out, &batch.statics);
        }
    }
}

/// Builds the site afresh into `full` and compares it with the served folder.
fn compare(
    site_dir: &Path,
    served: &Path,
    full: &Path,
    served_ok: Result<(), String>,
) -> Result<(), String> {
    let request = BuildRequest {
        site_dir: site_dir.to_path_buf(),
        output: Some(full.to_path_buf()),
        drafts: false,
        future: false,
        base_url: Some(BASE_URL.to_owned()),
        clean: false,
        progress: None,
    };
    let built = dossier::build(&request);
    match (built, served_ok) {
        (Ok(_), Ok(())) => {}
        // Both refuse the site: the served folder keeps the last good site, which
        // later steps compare again.
        (Err(_), Err(_)) => return Ok(()),
        (Err(e), Ok(())) => {
            return Err(format!(
                "the full build failed but the rebuild succeeded:\n{}",
                render(&e.diagnostics())
            ));
        }
        (Ok(_), Err(problems)) => {
            return Err(format!(
                "the rebuild failed but the full build succeeded:\n{problems}"
            ));
        }
    }
    let a = files(served);
    let b = files(full);
    if a == b {
        return Ok(());
    }
    let names: BTreeSet<&String> = a.keys().chain(b.keys()).collect();
    let mut missing = Vec::new();
    let mut extra = Vec::new();
    let mut differing = Vec::new();
    for name in names {
        match (a.get(name), b.get(name)) {
            (None, Some(_)) => missing.push(name.as_str()),
            (Some(_), None) => extra.push(name.as_str()),
            (Some(x), Some(y)) if x != y => differing.push(name.as_str()),
            _ => {}
        }
    }
    let mut report = String::from("the rebuilt site differs from a full build\n");
    let list = |v: &[&str]| {
        let shown: Vec<&str> = v.iter().take(25).copied().collect();
        let more = v.len().saturating_sub(shown.len());
        let mut s = shown.join(", ");
        if more > 0 {
            let _ = write!(s, " and {more} more");
        }
        s
    };
    if !missing.is_empty() {
        let _ = writeln!(
            report,
            "  missing from the rebuilt site ({}): {}",
            missing.len(),
            list(&missing)
        );
    }
    if !extra.is_empty() {
        let _ = writeln!(
            report,
            "  left in the rebuilt site, absent from a full build ({}): {}",
            extra.len(),
            list(&extra)
        );
    }
    if !differing.is_empty() {
        let _ = writeln!(
            report,
            "  stale or different ({}): {}",
            differing.len(),
            list(&differing)
        );
        let first = differing[0];
        report.push_str(&first_difference(first, &a[first], &b[first]));
    }
    Err(report)
}

/// The files of a folder with their bytes, by relative path. The manifest a full
/// build keeps of what it wrote is bookkeeping, not a page: the served folder has
/// none.
fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    output::list_files(dir)
        .into_iter()
        .filter(|f| f != ".dossier-manifest")
        .map(|f| {
            let bytes = std::fs::read(dir.join(&f)).expect("a listed file is readable");
            (f, bytes)
        })
        .collect()
}

/// The first differing lines of two versions of a file, with lines of context.
fn first_difference(name: &str, rebuilt: &[u8], full: &[u8]) -> String {
    let (a, b) = (
        String::from_utf8_lossy(rebuilt),
        String::from_utf8_lossy(full),
    );
    let (a, b): (Vec<&str>, Vec<&str>) = (a.lines().collect(), b.lines().collect());
    let at = a
        .iter()
        .zip(&b)
        .position(|(x, y)| x != y)
        .unwrap_or(a.len().min(b.len()));
    // The differing run ends where the rest of the two files agree again.
    let same_tail = a[at..]
        .iter()
        .rev()
        .zip(b[at..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let (a_end, b_end) = (a.len() - same_tail, b.len() - same_tail);
    let clip = |line: &str| -> String {
        if line.len() > 300 {
            let mut end = 300;
            while !line.is_char_boundary(end) {
                end -= 1;
            }
            format!("{}…", &line[..end])
        } else {
            line.to_owned()
        }
    };
    let mut out = format!(
        "--- {name} (rebuilt)\n+++ {name} (full build)\n@@ line {} @@\n",
        at + 1
    );
    for line in &a[at.saturating_sub(3)..at] {
        let _ = writeln!(out, "  {}", clip(line));
    }
    for line in a[at..a_end].iter().take(6) {
        let _ = writeln!(out, "- {}", clip(line));
    }
    for line in b[at..b_end].iter().take(6) {
        let _ = writeln!(out, "+ {}", clip(line));
    }
    for line in a[a_end..].iter().take(2) {
        let _ = writeln!(out, "  {}", clip(line));
    }
    out
}

// ---------------------------------------------------------------------------------
// A tiny deterministic generator: splitmix64.

struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x5DEE_CE66_D1CE_4E5B)
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n` > 0).
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    fn key<'a, K, V>(&mut self, map: &'a BTreeMap<K, V>) -> Option<&'a K> {
        if map.is_empty() {
            None
        } else {
            map.keys().nth(self.below(map.len()))
        }
    }
}

// ---------------------------------------------------------------------------------
// The content pools. Names and aliases are distinct keys, so no brief is ambiguous.

struct PersonPool {
    name: &'static str,
    other_name: &'static str,
    aliases: &'static [&'static str],
    role: &'static str,
    organization: &'static str,
    country: &'static str,
}

const PEOPLE: &[PersonPool] = &[
    PersonPool {
        name: "Antony Blinken",
        other_name: "Antony J. Blinken",
        aliases: &["Blinken", "Secretary Blinken"],
        role: "U.S. Secretary of State",
        organization: "U.S. Department of State",
        country: "United States",
    },
    PersonPool {
        name: "Wang Yi",
        other_name: "Wáng Yì",
        aliases: &["Director Wang", "Foreign Minister Wang"],
        role: "Director of the Office of the Central Foreign Affairs Commission",
        organization: "Chinese Communist Party",
        country: "China",
    },
    PersonPool {
        name: "Janet Yellen",
        other_name: "Janet L. Yellen",
        aliases: &["Yellen", "Secretary Yellen"],
        role: "U.S. Secretary of the Treasury",
        organization: "U.S. Department of the Treasury",
        country: "United States",
    },
    PersonPool {
        name: "Qin Gang",
        other_name: "Qín Gāng",
        aliases: &["Foreign Minister Qin"],
        role: "Foreign Minister of the PRC",
        organization: "Ministry of Foreign Affairs of the PRC",
        country: "China",
    },
    PersonPool {
        name: "Xi Jinping",
        other_name: "Xí Jìnpíng",
        aliases: &["President Xi", "Chairman Xi"],
        role: "President of the PRC",
        organization: "Chinese Communist Party",
        country: "China",
    },
    PersonPool {
        name: "Joe Biden",
        other_name: "Joseph R. Biden",
        aliases: &["President Biden", "Biden"],
        role: "President of the United States",
        organization: "The White House",
        country: "United States",
    },
    PersonPool {
        name: "Gina Raimondo",
        other_name: "Gina M. Raimondo",
        aliases: &["Raimondo", "Secretary Raimondo"],
        role: "U.S. Secretary of Commerce",
        organization: "U.S. Department of Commerce",
        country: "United States",
    },
    PersonPool {
        name: "He Lifeng",
        other_name: "Hé Lìfēng",
        aliases: &["Vice Premier He"],
        role: "Vice Premier of the State Council",
        organization: "State Council of the PRC",
        country: "China",
    },
    PersonPool {
        name: "Jake Sullivan",
        other_name: "Jacob Sullivan",
        aliases: &["Sullivan", "National Security Adviser Sullivan"],
        role: "U.S. National Security Advisor",
        organization: "The White House",
        country: "United States",
    },
    PersonPool {
        name: "John Kerry",
        other_name: "John F. Kerry",
        aliases: &["Kerry", "Climate Envoy Kerry"],
        role: "Special Presidential Envoy for Climate",
        organization: "U.S. Department of State",
        country: "United States",
    },
    PersonPool {
        name: "Katherine Tai",
        other_name: "Katherine C. Tai",
        aliases: &["Ambassador Tai"],
        role: "U.S. Trade Representative",
        organization: "Office of the U.S. Trade Representative",
        country: "United States",
    },
    PersonPool {
        name: "Li Qiang",
        other_name: "Lǐ Qiáng",
        aliases: &["Premier Li"],
        role: "Premier of the State Council",
        organization: "State Council of the PRC",
        country: "China",
    },
];

/// People never in the registry: name-only pages.
const NAME_ONLY: &[&str] = &["Mao Ning", "Lloyd Austin", "Dong Jun", "Nicholas Burns"];

struct TopicPool {
    name: &'static str,
    other_name: &'static str,
    aliases: &'static [&'static str],
}

const TOPICS: &[TopicPool] = &[
    TopicPool {
        name: "US-China relations",
        other_name: "U.S.-China relations",
        aliases: &["bilateral ties"],
    },
    TopicPool {
        name: "Export controls",
        other_name: "Export Controls",
        aliases: &["chip controls"],
    },
    TopicPool {
        name: "Climate",
        other_name: "Climate change",
        aliases: &["climate talks"],
    },
    TopicPool {
        name: "Taiwan",
        other_name: "Taiwan Strait",
        aliases: &["cross-strait relations"],
    },
    TopicPool {
        name: "Fentanyl",
        other_name: "Fentanyl trafficking",
        aliases: &["precursor chemicals"],
    },
    TopicPool {
        name: "Military communication",
        other_name: "Military-to-military communication",
        aliases: &["military hotlines"],
    },
];

const SOURCES: &[(&str, &str)] = &[
    ("U.S. Department of State", "https://www.state.gov/"),
    ("The White House", "https://www.whitehouse.gov/"),
    (
        "Ministry of Foreign Affairs of the PRC",
        "https://www.fmprc.gov.cn/",
    ),
    (
        "U.S. Department of the Treasury",
        "https://home.treasury.gov/",
    ),
    ("Reuters", "https://www.reuters.com/"),
];

const VERBS: &[&str] = &[
    "Meets", "Calls", "Presses", "Warns", "Courts", "Rebuffs", "Visits", "Welcomes",
];
const SUBJECTS: &[&str] = &[
    "Talks",
    "Summit",
    "Visit",
    "Call",
    "Dialogue",
    "Statement",
    "Sanctions",
    "Readout",
];
const WORDS: &[&str] = &[
    "beijing", "talks", "summit", "call", "trade", "chips", "climate", "visit", "readout",
    "hotline",
];
const PLACES: &[&str] = &[
    "Beijing",
    "Washington",
    "San Francisco",
    "Jakarta",
    "Bali",
    "Vienna",
    "Tianjin",
];

// ---------------------------------------------------------------------------------
// The site, as data; written to files on demand.

#[derive(Clone)]
struct Config {
    title: String,
    description: Option<String>,
    briefs_per_page: usize,
    home_briefs: usize,
    mentions: &'static str,
    extra: Option<String>,
    /// The default author of briefs naming none.
    author: Option<String>,
    /// Small enough that the indexes have numbered pages.
    index_per_page: usize,
}

/// A standalone page of `content/pages/`.
#[derive(Clone)]
struct StandalonePage {
    title: String,
    menu: bool,
    weight: i64,
    body: String,
}

/// Authors briefs may name (some with a file in `content/authors/`).
const AUTHORS: &[&str] = &["Mara Lindqvist", "Tomas Ibarra", "Desk editors"];
const COUNTRIES: &[&str] = &["China", "United States", "Japan", "Indonesia"];
const SERIES: &[&str] = &["Summit watch", "Road to Beijing"];

#[derive(Clone)]
struct Role {
    title: String,
    organization: Option<String>,
    from: Option<(u16, u8, u8)>,
    to: Option<(u16, u8, u8)>,
}

#[derive(Clone)]
struct Person {
    pool: usize,
    name: String,
    aliases: Vec<String>,
    role: Option<String>,
    organization: Option<String>,
    roles: Vec<Role>,
    country: Option<String>,
    bio: String,
}

#[derive(Clone)]
struct Topic {
    pool: usize,
    name: String,
    aliases: Vec<String>,
    description: String,
}

#[derive(Clone)]
enum Source {
    Name(usize),
    Map {
        source: usize,
        title: Option<String>,
        issued: Option<(u16, u8, u8)>,
    },
    List(Vec<usize>),
}

#[derive(Clone)]
struct Brief {
    id: usize,
    title: String,
    date: (u16, u8, u8),
    people: Vec<String>,
    topics: Vec<String>,
    source: Source,
    summary: Option<String>,
    quote: Option<(String, String)>,
    draft: bool,
    slug: Option<String>,
    updated: Option<(u16, u8, u8)>,
    body: Vec<String>,
    authors: Vec<String>,
    countries: Vec<String>,
    series: Option<String>,
    /// `extra.report`.
    extra: Option<usize>,
    image: bool,
    /// Whether it keeps a redirect from an old path.
    alias: bool,
}

struct SiteModel {
    templates: Templates,
    config: Config,
    /// By path relative to the site folder.
    briefs: BTreeMap<String, Brief>,
    people: BTreeMap<String, Person>,
    topics: BTreeMap<String, Topic>,
    /// By path: `content/pages/<name>.md`.
    pages: BTreeMap<String, StandalonePage>,
    /// Author files written, by path, with their biography.
    authors: BTreeMap<String, String>,
    statics: BTreeMap<String, String>,
    /// Site templates written, by path relative to the site folder.
    site_templates: BTreeMap<String, String>,
    next_id: usize,
    template_version: usize,
    /// A brief whose file is broken for a few steps (kept out of `briefs` meanwhile):
    /// its path, its valid content and the edits left before it is fixed.
    broken: Option<(String, Brief, usize)>,
}

fn date_text((y, m, d): (u16, u8, u8)) -> String {
    format!("{y:04}-{m:02}-{d:02}")
}

/// A YAML double-quoted string (the generated text has no control characters).
fn q(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

impl SiteModel {
    fn generate(rng: &mut Rng, templates: Templates) -> SiteModel {
        let mut site = SiteModel {
            templates,
            config: Config {
                title: "Desk Briefings".into(),
                description: Some("Generated for differential tests.".into()),
                briefs_per_page: rng.range(3, 5),
                home_briefs: rng.range(3, 6),
                mentions: "first",
                extra: None,
                author: rng.chance(50).then(|| AUTHORS[2].to_owned()),
                index_per_page: rng.range(3, 8),
            },
            briefs: BTreeMap::new(),
            people: BTreeMap::new(),
            topics: BTreeMap::new(),
            pages: BTreeMap::new(),
            authors: BTreeMap::new(),
            statics: BTreeMap::new(),
            site_templates: BTreeMap::new(),
            next_id: 0,
            template_version: 0,
            broken: None,
        };
        for (i, _) in PEOPLE.iter().enumerate() {
            if rng.chance(70) {
                let person = site.new_person(rng, i);
                site.people.insert(person_path(i, ""), person);
            }
        }
        for (i, _) in TOPICS.iter().enumerate() {
            if rng.chance(60) {
                let topic = site.new_topic(rng, i);
                site.topics.insert(topic_path(i, ""), topic);
            }
        }
        for _ in 0..rng.range(20, 40) {
            let (path, brief) = site.new_brief(rng);
            site.briefs.insert(path, brief);
        }
        for i in 0..rng.range(0, 2) {
            site.pages
                .insert(format!("content/pages/p{i}.md"), Self::new_page(rng, i));
        }
        if rng.chance(50) {
            site.authors.insert(
                "content/authors/mara-lindqvist.md".into(),
                "Covers diplomacy.\n".into(),
            );
        }
        site.statics
            .insert("static/humans.txt".into(), "User-agent: *\n".into());
        if templates == Templates::AllVariables {
            let dir = fixture_dir("all-variables/templates");
            for f in output::list_files(&dir) {
                let text = std::fs::read_to_string(dir.join(&f)).expect("fixture template");
                site.site_templates.insert(format!("templates/{f}"), text);
            }
        }
        site
    }

    fn new_person(&self, rng: &mut Rng, pool: usize) -> Person {
        let p = &PEOPLE[pool];
        let mut roles = Vec::new();
        if rng.chance(60) {
            roles.push(Role {
                title: format!("Deputy {}", p.role),
                organization: rng.chance(50).then(|| p.organization.to_owned()),
                from: Some((2019, 1, 20)),
                to: Some((2022, rng.range(1, 12) as u8, 15)),
            });
            roles.push(Role {
                title: p.role.to_owned(),
                organization: Some(p.organization.to_owned()),
                from: Some((2022, 12, 1)),
                to: None,
            });
        }
        Person {
            pool,
            name: p.name.to_owned(),
            aliases: p
                .aliases
                .iter()
                .filter(|_| rng.chance(80))
                .map(|a| (*a).to_owned())
                .collect(),
            role: rng.chance(80).then(|| p.role.to_owned()),
            organization: rng.chance(70).then(|| p.organization.to_owned()),
            roles,
            country: rng.chance(70).then(|| p.country.to_owned()),
            bio: format!(
                "{} has worked on *{}* matters for years.\n",
                p.name, p.country
            ),
        }
    }

    fn new_page(rng: &mut Rng, i: usize) -> StandalonePage {
        StandalonePage {
            title: format!("{} {i}", rng.pick(&["About", "Methodology", "Corrections"])),
            menu: rng.chance(70),
            weight: rng.range(0, 3) as i64,
            body: format!("A page of the site, version {}.\n", rng.below(100)),
        }
    }

    fn new_topic(&self, rng: &mut Rng, pool: usize) -> Topic {
        let t = &TOPICS[pool];
        Topic {
            pool,
            name: t.name.to_owned(),
            aliases: t
                .aliases
                .iter()
                .filter(|_| rng.chance(80))
                .map(|a| (*a).to_owned())
                .collect(),
            description: format!("Briefs about {}.\n", t.name.to_lowercase()),
        }
    }

    /// A way a brief may write a person: name, alias, slug, or a name-only person.
    fn person_ref(&self, rng: &mut Rng) -> String {
        if rng.chance(12) {
            return (*rng.pick(NAME_ONLY)).to_owned();
        }
        let i = rng.below(PEOPLE.len());
        let p = &PEOPLE[i];
        // A registered person may have been renamed: write what the registry says.
        let registered = self.people.values().find(|r| r.pool == i);
        match rng.below(4) {
            0 if !p.aliases.is_empty() => (*rng.pick(p.aliases)).to_owned(),
            1 => slug(p.name),
            _ => registered.map_or(p.name.to_owned(), |r| r.name.clone()),
        }
    }

    fn topic_ref(&self, rng: &mut Rng) -> String {
        let i = rng.below(TOPICS.len());
        let t = &TOPICS[i];
        if rng.chance(25) {
            (*rng.pick(t.aliases)).to_owned()
        } else {
            self.topics
                .values()
                .find(|r| r.pool == i)
                .map_or(t.name.to_owned(), |r| r.name.clone())
        }
    }

    /// A sentence of a body, naming registry people and topics (registered or not).
    fn sentence(&self, rng: &mut Rng) -> String {
        let who = |rng: &mut Rng| -> String {
            let p = rng.pick(PEOPLE);
            if rng.chance(50) {
                (*rng.pick(p.aliases)).to_owned()
            } else {
                p.name.to_owned()
            }
        };
        let what = |rng: &mut Rng| -> String {
            let t = rng.pick(TOPICS);
            if rng.chance(40) {
                (*rng.pick(t.aliases)).to_owned()
            } else {
                t.name.to_lowercase()
            }
        };
        match rng.below(9) {
            // A link to another brief by its file: its URL changes when that brief
            // is renamed, re-slugged or deleted, and the linking page with it.
            7 => match rng.key(&self.briefs) {
                Some(path) => format!(
                    "As [reported earlier](@/{}#top), {} was there.",
                    path.trim_start_matches("content/"),
                    who(rng)
                ),
                None => "An earlier report is missing.".to_owned(),
            },
            8 => "The [map](/robots.txt) shows the [list](/briefs/).".to_owned(),
            0 => format!("{} met {} in {}.", who(rng), who(rng), rng.pick(PLACES)),
            1 => format!("Talks on {} went on late into the night.", what(rng)),
            2 => format!(
                "{} said progress on {} was \"real but fragile\".",
                who(rng),
                what(rng)
            ),
            3 => "Officials on both sides declined to comment.".to_owned(),
            4 => format!("A readout mentioned `{}` only in passing.", who(rng)),
            5 => format!(
                "See [the transcript](https://example.org/{}) for what {} said.",
                rng.below(1000),
                who(rng)
            ),
            _ => format!(
                "{} arrived in {} on {} for {}.",
                who(rng),
                rng.pick(PLACES),
                rng.pick(&["Monday", "Tuesday", "Friday"]),
                what(rng)
            ),
        }
    }

    fn random_date(rng: &mut Rng) -> (u16, u8, u8) {
        (
            rng.range(2021, 2023) as u16,
            rng.range(1, 12) as u8,
            rng.range(1, 28) as u8,
        )
    }

    fn random_source(rng: &mut Rng) -> Source {
        match rng.below(3) {
            0 => Source::Name(rng.below(SOURCES.len())),
            1 => Source::Map {
                source: rng.below(SOURCES.len()),
                title: rng.chance(60).then(|| format!("Readout {}", rng.below(90))),
                issued: rng.chance(50).then(|| Self::random_date(rng)),
            },
            _ => {
                let a = rng.below(SOURCES.len());
                let b = (a + 1 + rng.below(SOURCES.len() - 1)) % SOURCES.len();
                Source::List(vec![a, b])
            }
        }
    }

    fn random_title(&self, rng: &mut Rng) -> String {
        let p = rng.pick(PEOPLE);
        let last = p.name.rsplit(' ').next().unwrap_or(p.name);
        match rng.below(3) {
            0 => format!("{last} {} {}", rng.pick(VERBS), rng.pick(PLACES)),
            1 => format!("{} on {}", rng.pick(SUBJECTS), rng.pick(TOPICS).name),
            _ => format!("{} in {}", rng.pick(SUBJECTS), rng.pick(PLACES)),
        }
    }

    fn new_brief(&mut self, rng: &mut Rng) -> (String, Brief) {
        let id = self.next_id;
        self.next_id += 1;
        let date = Self::random_date(rng);
        let people = (0..rng.range(0, 3)).map(|_| self.person_ref(rng)).collect();
        let topics = (0..rng.range(0, 2)).map(|_| self.topic_ref(rng)).collect();
        let body = (0..rng.range(1, 4))
            .map(|_| {
                (0..rng.range(1, 3))
                    .map(|_| self.sentence(rng))
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect();
        let brief = Brief {
            id,
            title: self.random_title(rng),
            date,
            people,
            topics,
            source: Self::random_source(rng),
            summary: rng
                .chance(40)
                .then(|| format!("Summary {id}: {}", self.sentence(rng))),
            quote: rng.chance(25).then(|| {
                (
                    self.person_ref(rng),
                    format!("We had candid talks about {}.", rng.pick(WORDS)),
                )
            }),
            draft: rng.chance(8),
            slug: rng.chance(10).then(|| format!("custom-{id}")),
            updated: rng.chance(15).then(|| Self::random_date(rng)),
            body,
            authors: (0..rng.range(0, 2))
                .map(|_| (*rng.pick(AUTHORS)).to_owned())
                .collect(),
            countries: (0..rng.range(0, 2))
                .map(|_| (*rng.pick(COUNTRIES)).to_owned())
                .collect(),
            series: rng.chance(30).then(|| (*rng.pick(SERIES)).to_owned()),
            extra: rng.chance(30).then(|| rng.below(100)),
            image: rng.chance(15),
            alias: rng.chance(10),
        };
        (self.brief_path(rng, &brief), brief)
    }

    /// A new file name for a brief: unique by its id, sometimes with a date prefix,
    /// sometimes in a year folder.
    fn brief_path(&self, rng: &mut Rng, brief: &Brief) -> String {
        let word = rng.pick(WORDS);
        let stem = if rng.chance(50) {
            format!("{}-b{:03}-{word}", date_text(brief.date), brief.id)
        } else {
            format!("b{:03}-{word}", brief.id)
        };
        if rng.chance(20) {
            format!("content/briefs/{}/{stem}.md", brief.date.0)
        } else {
            format!("content/briefs/{stem}.md")
        }
    }

    // --- writing ------------------------------------------------------------------

    fn config_text(&self) -> String {
        let c = &self.config;
        let mut s = format!("title: {}\n", q(&c.title));
        if let Some(d) = &c.description {
            let _ = writeln!(s, "description: {}", q(d));
        }
        let _ = writeln!(s, "briefs_per_page: {}", c.briefs_per_page);
        let _ = writeln!(s, "index_per_page: {}", c.index_per_page);
        let _ = writeln!(s, "home_briefs: {}", c.home_briefs);
        let _ = writeln!(s, "mentions: {}", c.mentions);
        if let Some(e) = &c.extra {
            let _ = writeln!(s, "extra:\n  motto: {}", q(e));
        }
        if let Some(a) = &c.author {
            let _ = writeln!(s, "author: {}", q(a));
        }
        s
    }

    fn page_text(p: &StandalonePage) -> String {
        format!(
            "---\ntitle: {}\nmenu: {}\nweight: {}\n---\n{}",
            q(&p.title),
            p.menu,
            p.weight,
            p.body
        )
    }

    fn brief_text(b: &Brief) -> String {
        let mut s = format!("---\ntitle: {}\ndate: {}\n", q(&b.title), date_text(b.date));
        match &b.source {
            Source::Name(i) => {
                let _ = writeln!(s, "source: {}", q(SOURCES[*i].0));
            }
            Source::Map {
                source,
                title,
                issued,
            } => {
                let (name, url) = SOURCES[*source];
                let _ = writeln!(s, "source:\n  name: {}\n  url: {url}", q(name));
                if let Some(t) = title {
                    let _ = writeln!(s, "  title: {}", q(t));
                }
                if let Some(d) = issued {
                    let _ = writeln!(s, "  issued: {}", date_text(*d));
                }
            }
            Source::List(list) => {
                s.push_str("source:\n");
                for i in list {
                    let (name, url) = SOURCES[*i];
                    let _ = writeln!(s, "  - name: {}\n    url: {url}", q(name));
                }
            }
        }
        let names = |v: &[String]| v.iter().map(|n| q(n)).collect::<Vec<_>>().join(", ");
        if !b.people.is_empty() {
            let _ = writeln!(s, "people: [{}]", names(&b.people));
        }
        if !b.topics.is_empty() {
            let _ = writeln!(s, "topics: [{}]", names(&b.topics));
        }
        if let Some(sum) = &b.summary {
            let _ = writeln!(s, "summary: {}", q(sum));
        }
        if let Some((by, text)) = &b.quote {
            let _ = writeln!(s, "quotes:\n  - by: {}\n    text: {}", q(by), q(text));
        }
        if b.draft {
            s.push_str("draft: true\n");
        }
        if let Some(slug) = &b.slug {
            let _ = writeln!(s, "slug: {slug}");
        }
        if let Some(d) = b.updated {
            let _ = writeln!(s, "updated: {}", date_text(d));
        }
        if !b.authors.is_empty() {
            let _ = writeln!(s, "authors: [{}]", names(&b.authors));
        }
        if !b.countries.is_empty() {
            let _ = writeln!(s, "countries: [{}]", names(&b.countries));
        }
        if let Some(series) = &b.series {
            let _ = writeln!(s, "series: {}", q(series));
        }
        if let Some(n) = b.extra {
            let _ = writeln!(s, "extra:\n  report: CD-{n:03}");
        }
        if b.image {
            let _ = writeln!(
                s,
                "image:\n  src: img/b{}.png\n  alt: {}",
                b.id,
                q(&format!("Map for brief {}", b.id))
            );
        }
        if b.alias {
            let _ = writeln!(s, "aliases: [old/b{}/]", b.id);
        }
        s.push_str("---\n");
        s.push_str(&b.body.join("\n\n"));
        s.push('\n');
        s
    }

    fn person_text(p: &Person) -> String {
        let mut s = format!("---\nname: {}\n", q(&p.name));
        if !p.aliases.is_empty() {
            let list: Vec<String> = p.aliases.iter().map(|a| q(a)).collect();
            let _ = writeln!(s, "aliases: [{}]", list.join(", "));
        }
        if let Some(r) = &p.role {
            let _ = writeln!(s, "role: {}", q(r));
        }
        if let Some(o) = &p.organization {
            let _ = writeln!(s, "organization: {}", q(o));
        }
        if !p.roles.is_empty() {
            s.push_str("roles:\n");
            for r in &p.roles {
                let _ = writeln!(s, "  - title: {}", q(&r.title));
                if let Some(o) = &r.organization {
                    let _ = writeln!(s, "    organization: {}", q(o));
                }
                if let Some(d) = r.from {
                    let _ = writeln!(s, "    from: {}", date_text(d));
                }
                if let Some(d) = r.to {
                    let _ = writeln!(s, "    to: {}", date_text(d));
                }
            }
        }
        if let Some(c) = &p.country {
            let _ = writeln!(s, "country: {}", q(c));
        }
        s.push_str("---\n");
        s.push_str(&p.bio);
        s
    }

    fn topic_text(t: &Topic) -> String {
        let mut s = format!("---\nname: {}\n", q(&t.name));
        if !t.aliases.is_empty() {
            let list: Vec<String> = t.aliases.iter().map(|a| q(a)).collect();
            let _ = writeln!(s, "aliases: [{}]", list.join(", "));
        }
        s.push_str("---\n");
        s.push_str(&t.description);
        s
    }

    fn write_all(&self, dir: &Path) {
        write(dir, "site.yaml", &self.config_text());
        std::fs::create_dir_all(dir.join("content/briefs")).unwrap();
        for (path, b) in &self.briefs {
            write(dir, path, &Self::brief_text(b));
        }
        for (path, p) in &self.people {
            write(dir, path, &Self::person_text(p));
        }
        for (path, t) in &self.topics {
            write(dir, path, &Self::topic_text(t));
        }
        for (path, p) in &self.pages {
            write(dir, path, &Self::page_text(p));
        }
        for (path, bio) in &self.authors {
            write(dir, path, &format!("---\nname: Mara Lindqvist\n---\n{bio}"));
        }
        for (path, text) in self.statics.iter().chain(&self.site_templates) {
            write(dir, path, text);
        }
    }

    // --- editing ------------------------------------------------------------------

    /// Applies one random edit to the model and the files; returns its description
    /// and the paths an editor touched (as the watcher would report them).
    fn random_edit(&mut self, rng: &mut Rng, dir: &Path) -> (String, Vec<PathBuf>) {
        match self.broken.take() {
            Some((path, brief, 0)) => {
                write(dir, &path, &Self::brief_text(&brief));
                self.briefs.insert(path.clone(), brief);
                return (format!("fix brief {path}"), vec![PathBuf::from(path)]);
            }
            Some((path, brief, left)) => self.broken = Some((path, brief, left - 1)),
            None => {}
        }
        loop {
            let roll = rng.below(100);
            let done = match roll {
                0..=37 => self.edit_brief(rng, dir),
                38..=47 => Some(self.add_brief(rng, dir)),
                48..=53 => self.delete_brief(rng, dir),
                54..=58 => self.rename_brief(rng, dir),
                59..=60 => self.rename_folder(dir),
                61..=72 => self.edit_person(rng, dir),
                73..=77 => self.edit_topic(rng, dir),
                78..=80 => Some(self.edit_page(rng, dir)),
                81..=86 => Some(self.edit_templates(rng, dir)),
                87..=92 => Some(self.edit_config(rng, dir)),
                93..=96 => Some(self.edit_static(rng, dir)),
                97 => self.break_brief(rng, dir),
                _ => self.edit_two_briefs(rng, dir),
            };
            if let Some((what, paths)) = done {
                return (what, paths.into_iter().map(PathBuf::from).collect());
            }
        }
    }

    /// Saves a brief with a YAML error: both builds fail until it is fixed a few
    /// edits later, and the rebuild must carry the edits made meanwhile.
    fn break_brief(&mut self, rng: &mut Rng, dir: &Path) -> Option<(String, Vec<String>)> {
        if self.broken.is_some() {
            return None;
        }
        let path = rng.key(&self.briefs)?.clone();
        let brief = self.briefs.remove(&path)?;
        write(
            dir,
            &path,
            "---\ntitle: [unclosed\ndate: 2023-01-01\nsource: S\n---\nBroken.\n",
        );
        self.broken = Some((path.clone(), brief, rng.range(0, 3)));
        Some((format!("break brief {path} (a YAML error)"), vec![path]))
    }

    /// Renames a folder of briefs: the watcher reports the two folders only.
    fn rename_folder(&mut self, dir: &Path) -> Option<(String, Vec<String>)> {
        let from = self.briefs.keys().find_map(|p| {
            let folder = Path::new(p).parent()?;
            (folder != Path::new("content/briefs")).then(|| folder.to_string_lossy().into_owned())
        })?;
        if self
            .broken
            .as_ref()
            .is_some_and(|(p, _, _)| p.starts_with(&format!("{from}/")))
        {
            return None;
        }
        let to = match from.strip_suffix("-moved") {
            Some(original) => original.to_owned(),
            None => format!("{from}-moved"),
        };
        if dir.join(&to).exists() {
            return None;
        }
        std::fs::rename(dir.join(&from), dir.join(&to)).unwrap();
        let prefix = format!("{from}/");
        let moved: Vec<String> = self
            .briefs
            .keys()
            .filter(|p| p.starts_with(&prefix))
            .cloned()
            .collect();
        for old in moved {
            let brief = self.briefs.remove(&old).unwrap();
            self.briefs
                .insert(format!("{to}/{}", &old[prefix.len()..]), brief);
        }
        Some((format!("rename folder {from} -> {to}"), vec![from, to]))
    }

    fn edit_brief(&mut self, rng: &mut Rng, dir: &Path) -> Option<(String, Vec<String>)> {
        let path = rng.key(&self.briefs)?.clone();
        let mut b = self.briefs[&path].clone();
        let what = match rng.below(13) {
            12 => {
                match rng.below(5) {
                    0 => b.authors = vec![(*rng.pick(AUTHORS)).to_owned()],
                    1 => b.authors.clear(),
                    2 => b.countries = vec![(*rng.pick(COUNTRIES)).to_owned()],
                    3 => b.series = rng.chance(50).then(|| (*rng.pick(SERIES)).to_owned()),
                    _ => {
                        b.alias = !b.alias;
                        b.image = !b.image;
                        b.extra = b.extra.map_or(Some(rng.below(100)), |_| None);
                    }
                }
                format!(
                    "authors {:?}, countries {:?}, series {:?}, alias {}, image {}, extra {:?}",
                    b.authors, b.countries, b.series, b.alias, b.image, b.extra
                )
            }
            0 => {
                b.title = self.random_title(rng);
                format!("title to {:?}", b.title)
            }
            1 => {
                b.date = Self::random_date(rng);
                format!("date to {}", date_text(b.date))
            }
            2 => {
                if !b.people.is_empty() && rng.chance(50) {
                    let gone = b.people.remove(rng.below(b.people.len()));
                    format!("people: removed {gone:?}")
                } else {
                    let added = self.person_ref(rng);
                    b.people.push(added.clone());
                    format!("people: added {added:?}")
                }
            }
            3 => {
                if !b.topics.is_empty() && rng.chance(50) {
                    let gone = b.topics.remove(rng.below(b.topics.len()));
                    format!("topics: removed {gone:?}")
                } else {
                    let added = self.topic_ref(rng);
                    b.topics.push(added.clone());
                    format!("topics: added {added:?}")
                }
            }
            4 => {
                b.source = Self::random_source(rng);
                "source".to_owned()
            }
            5 => {
                b.summary = match b.summary {
                    Some(_) if rng.chance(50) => None,
                    _ => Some(format!("Summary: {}", self.sentence(rng))),
                };
                format!("summary to {:?}", b.summary)
            }
            6 | 7 => {
                let sentence = self.sentence(rng);
                b.body.push(sentence.clone());
                format!("body: added {sentence:?}")
            }
            8 => {
                if b.body.len() > 1 {
                    let gone = b.body.remove(rng.below(b.body.len()));
                    format!("body: removed {gone:?}")
                } else {
                    b.body = vec!["Nothing of note was said.".into()];
                    "body: replaced by a sentence naming no one".to_owned()
                }
            }
            9 => {
                b.draft = !b.draft;
                format!("draft to {}", b.draft)
            }
            10 => {
                b.quote = match b.quote {
                    Some(_) if rng.chance(50) => None,
                    _ => Some((self.person_ref(rng), "No comment.".into())),
                };
                format!("quote to {:?}", b.quote)
            }
            _ => {
                b.updated = match b.updated {
                    Some(_) if rng.chance(50) => None,
                    _ => Some(Self::random_date(rng)),
                };
                format!("updated to {:?}", b.updated.map(date_text))
            }
        };
        write(dir, &path, &Self::brief_text(&b));
        self.briefs.insert(path.clone(), b);
        Some((format!("edit brief {path}: {what}"), vec![path]))
    }

    fn add_brief(&mut self, rng: &mut Rng, dir: &Path) -> (String, Vec<String>) {
        let (path, b) = self.new_brief(rng);
        let mut touched = Vec::new();
        let folder = Path::new(&path).parent().unwrap();
        if !dir.join(folder).exists() {
            // A new folder is reported by the watcher, as well as the file in it.
            touched.push(folder.to_string_lossy().into_owned());
        }
        write(dir, &path, &Self::brief_text(&b));
        let what = format!(
            "add brief {path} ({}, {:?}, people {:?}, draft {})",
            date_text(b.date),
            b.title,
            b.people,
            b.draft
        );
        self.briefs.insert(path.clone(), b);
        touched.push(path);
        (what, touched)
    }

    fn delete_brief(&mut self, rng: &mut Rng, dir: &Path) -> Option<(String, Vec<String>)> {
        let path = rng.key(&self.briefs)?.clone();
        self.briefs.remove(&path);
        std::fs::remove_file(dir.join(&path)).unwrap();
        Some((format!("delete brief {path}"), vec![path]))
    }

    fn rename_brief(&mut self, rng: &mut Rng, dir: &Path) -> Option<(String, Vec<String>)> {
        let from = rng.key(&self.briefs)?.clone();
        let b = self.briefs.remove(&from)?;
        let mut to = self.brief_path(rng, &b);
        if to == from || self.briefs.contains_key(&to) {
            to = to.replace(".md", "-moved.md");
        }
        let mut touched = vec![from.clone()];
        let folder = Path::new(&to).parent().unwrap();
        if !dir.join(folder).exists() {
            touched.push(folder.to_string_lossy().into_owned());
        }
        std::fs::create_dir_all(dir.join(folder)).unwrap();
        std::fs::rename(dir.join(&from), dir.join(&to)).unwrap();
        self.briefs.insert(to.clone(), b);
        touched.push(to.clone());
        Some((format!("rename brief {from} -> {to}"), touched))
    }

    /// Two briefs saved together (one batch), as a search-and-replace would.
    fn edit_two_briefs(&mut self, rng: &mut Rng, dir: &Path) -> Option<(String, Vec<String>)> {
        let (w1, mut p1) = self.edit_brief(rng, dir)?;
        let (w2, p2) = self.add_brief(rng, dir);
        p1.extend(p2);
        Some((format!("together: {w1}; {w2}"), p1))
    }

    fn edit_person(&mut self, rng: &mut Rng, dir: &Path) -> Option<(String, Vec<String>)> {
        let unregistered: Vec<usize> = (0..PEOPLE.len())
            .filter(|&i| !self.people.values().any(|p| p.pool == i))
            .collect();
        if !unregistered.is_empty() && (self.people.is_empty() || rng.chance(25)) {
            let i = *rng.pick(&unregistered);
            let person = self.new_person(rng, i);
            let path = person_path(i, "");
            write(dir, &path, &Self::person_text(&person));
            self.people.insert(path.clone(), person);
            return Some((format!("add person {path}"), vec![path]));
        }
        let path = rng.key(&self.people)?.clone();
        let mut p = self.people[&path].clone();
        let pool = &PEOPLE[p.pool];
        let what = match rng.below(7) {
            0 => {
                self.people.remove(&path);
                std::fs::remove_file(dir.join(&path)).unwrap();
                return Some((format!("delete person {path}"), vec![path]));
            }
            1 => {
                // The file renamed: the slug changes with it.
                let to = if path.ends_with("-x.md") {
                    person_path(p.pool, "")
                } else {
                    person_path(p.pool, "-x")
                };
                std::fs::rename(dir.join(&path), dir.join(&to)).unwrap();
                self.people.remove(&path);
                self.people.insert(to.clone(), p);
                return Some((format!("rename person {path} -> {to}"), vec![path, to]));
            }
            2 => {
                p.name = if p.name == pool.name {
                    pool.other_name.to_owned()
                } else {
                    pool.name.to_owned()
                };
                format!("name to {:?}", p.name)
            }
            3 => {
                if !p.aliases.is_empty() && rng.chance(50) {
                    let gone = p.aliases.remove(rng.below(p.aliases.len()));
                    format!("aliases: removed {gone:?}")
                } else if let Some(a) = pool
                    .aliases
                    .iter()
                    .find(|a| !p.aliases.iter().any(|x| x == *a))
                {
                    p.aliases.push((*a).to_owned());
                    format!("aliases: added {a:?}")
                } else {
                    p.aliases.clear();
                    "aliases: cleared".to_owned()
                }
            }
            4 => {
                p.role = match p.role {
                    Some(_) if rng.chance(40) => None,
                    _ => Some(format!("{} (acting)", pool.role)),
                };
                format!("role to {:?}", p.role)
            }
            5 => {
                if p.roles.is_empty() {
                    p.roles.push(Role {
                        title: "Special Envoy".into(),
                        organization: None,
                        from: Some((2020, 3, 1)),
                        to: Some((2022, 6, 30)),
                    });
                    "roles: added a dated role".to_owned()
                } else {
                    let r = rng.below(p.roles.len());
                    p.roles[r].to = Some((2021, rng.range(1, 12) as u8, 10));
                    format!("roles: role {r} now ends in 2021")
                }
            }
            _ => {
                p.country = match p.country {
                    Some(_) => None,
                    None => Some(pool.country.to_owned()),
                };
                format!("country to {:?}", p.country)
            }
        };
        write(dir, &path, &Self::person_text(&p));
        self.people.insert(path.clone(), p);
        Some((format!("edit person {path}: {what}"), vec![path]))
    }

    fn edit_topic(&mut self, rng: &mut Rng, dir: &Path) -> Option<(String, Vec<String>)> {
        let unregistered: Vec<usize> = (0..TOPICS.len())
            .filter(|&i| !self.topics.values().any(|t| t.pool == i))
            .collect();
        if !unregistered.is_empty() && (self.topics.is_empty() || rng.chance(30)) {
            let i = *rng.pick(&unregistered);
            let topic = self.new_topic(rng, i);
            let path = topic_path(i, "");
            write(dir, &path, &Self::topic_text(&topic));
            self.topics.insert(path.clone(), topic);
            return Some((format!("add topic {path}"), vec![path]));
        }
        let path = rng.key(&self.topics)?.clone();
        let mut t = self.topics[&path].clone();
        let pool = &TOPICS[t.pool];
        let what = match rng.below(5) {
            0 => {
                self.topics.remove(&path);
                std::fs::remove_file(dir.join(&path)).unwrap();
                return Some((format!("delete topic {path}"), vec![path]));
            }
            1 => {
                let to = if path.ends_with("-x.md") {
                    topic_path(t.pool, "")
                } else {
                    topic_path(t.pool, "-x")
                };
                std::fs::rename(dir.join(&path), dir.join(&to)).unwrap();
                self.topics.remove(&path);
                self.topics.insert(to.clone(), t);
                return Some((format!("rename topic {path} -> {to}"), vec![path, to]));
            }
            2 => {
                t.name = if t.name == pool.name {
                    pool.other_name.to_owned()
                } else {
                    pool.name.to_owned()
                };
                format!("name to {:?}", t.name)
            }
            3 => {
                if t.aliases.is_empty() {
                    t.aliases = pool.aliases.iter().map(|a| (*a).to_owned()).collect();
                } else {
                    t.aliases.clear();
                }
                format!("aliases to {:?}", t.aliases)
            }
            _ => {
                t.description = format!("Edited description {}.\n", rng.below(1000));
                "description".to_owned()
            }
        };
        write(dir, &path, &Self::topic_text(&t));
        self.topics.insert(path.clone(), t);
        Some((format!("edit topic {path}: {what}"), vec![path]))
    }

    /// Adds, edits or deletes a standalone page, or the author file: the menu is on
    /// every page, so a menu change must re-render them all.
    fn edit_page(&mut self, rng: &mut Rng, dir: &Path) -> (String, Vec<String>) {
        if rng.chance(20) {
            let path = "content/authors/mara-lindqvist.md".to_owned();
            let what = if self.authors.remove(&path).is_some() {
                std::fs::remove_file(dir.join(&path)).unwrap();
                format!("delete author {path}")
            } else {
                let bio = format!("Covers diplomacy, version {}.\n", rng.below(100));
                write(
                    dir,
                    &path,
                    &format!("---\nname: Mara Lindqvist\n---\n{bio}"),
                );
                self.authors.insert(path.clone(), bio);
                format!("write author {path}")
            };
            return (what, vec![path]);
        }
        let i = rng.below(3);
        let path = format!("content/pages/p{i}.md");
        let mut touched = Vec::new();
        let what = match self.pages.get(&path).cloned() {
            Some(_) if rng.chance(25) => {
                self.pages.remove(&path);
                std::fs::remove_file(dir.join(&path)).unwrap();
                format!("delete page {path}")
            }
            Some(mut p) => {
                match rng.below(4) {
                    0 => p.menu = !p.menu,
                    1 => p.weight = rng.range(0, 3) as i64,
                    2 => p.title = format!("{} {}", rng.pick(&["About", "Policy"]), rng.below(9)),
                    _ => p.body = format!("Edited page, version {}.\n", rng.below(100)),
                }
                let what = format!(
                    "edit page {path}: title {:?}, menu {}, weight {}",
                    p.title, p.menu, p.weight
                );
                write(dir, &path, &Self::page_text(&p));
                self.pages.insert(path.clone(), p);
                what
            }
            None => {
                if !dir.join("content/pages").exists() {
                    touched.push("content/pages".to_owned());
                }
                let p = Self::new_page(rng, i);
                write(dir, &path, &Self::page_text(&p));
                let what = format!("add page {path}: {:?}, menu {}", p.title, p.menu);
                self.pages.insert(path.clone(), p);
                what
            }
        };
        touched.push(path);
        (what, touched)
    }

    fn edit_templates(&mut self, rng: &mut Rng, dir: &Path) -> (String, Vec<String>) {
        self.template_version += 1;
        let v = self.template_version;
        let (path, text) = match self.templates {
            // The words table: site-wide, on every page.
            _ if rng.chance(25) => (
                "templates/strings.yaml".to_owned(),
                format!(
                    "people: People v{v}\nmonths_short: [Ja, Fe, Ma, Ap, My, Jn, Jl, Au, Se, Oc, No, De]\n"
                ),
            ),
            Templates::Builtin => {
                let name = *rng.pick(&["sources.html", "people.html", "brief.html"]);
                (
                    format!("templates/{name}"),
                    format!(
                        "{{% extends \"theme/{name}\" %}}\n{{% block head %}}<meta name=\"generator-test\" content=\"v{v}\">{{% endblock head %}}\n"
                    ),
                )
            }
            Templates::AllVariables => {
                let name = *rng.pick(&["base.html", "404.html", "topic.html"]);
                let path = format!("templates/{name}");
                let original =
                    std::fs::read_to_string(fixture_dir("all-variables/templates").join(name))
                        .expect("fixture template");
                (path, format!("{original}<!-- v{v} -->\n"))
            }
        };
        let what = if self.site_templates.contains_key(&path) && rng.chance(40) {
            self.site_templates.remove(&path);
            std::fs::remove_file(dir.join(&path)).unwrap();
            format!("remove template {path}")
        } else {
            write(dir, &path, &text);
            self.site_templates.insert(path.clone(), text);
            format!("write template {path} (v{v})")
        };
        (what, vec![path])
    }

    fn edit_config(&mut self, rng: &mut Rng, dir: &Path) -> (String, Vec<String>) {
        let c = &mut self.config;
        let what = match rng.below(5) {
            0 => {
                c.title = format!("Desk Briefings {}", rng.below(100));
                format!("title to {:?}", c.title)
            }
            1 => {
                c.briefs_per_page = rng.range(3, 5);
                c.index_per_page = rng.range(3, 8);
                format!(
                    "briefs_per_page to {}, index_per_page to {}",
                    c.briefs_per_page, c.index_per_page
                )
            }
            2 => {
                c.mentions = *rng.pick(&["first", "all", "none"]);
                format!("mentions to {}", c.mentions)
            }
            3 => {
                c.home_briefs = rng.range(2, 6);
                format!("home_briefs to {}", c.home_briefs)
            }
            _ => {
                c.extra = match c.extra {
                    Some(_) => None,
                    None => Some(format!("motto {}", rng.below(100))),
                };
                c.author = match c.author {
                    Some(_) => None,
                    None => Some((*rng.pick(AUTHORS)).to_owned()),
                };
                c.description = c.description.as_ref().map(|d| format!("{d}!"));
                format!("extra to {:?}, description to {:?}", c.extra, c.description)
            }
        };
        write(dir, "site.yaml", &self.config_text());
        (format!("site.yaml: {what}"), vec!["site.yaml".into()])
    }

    fn edit_static(&mut self, rng: &mut Rng, dir: &Path) -> (String, Vec<String>) {
        let path = (*rng.pick(&[
            "static/humans.txt",
            "static/img/logo.svg",
            "static/files/note.txt",
        ]))
        .to_owned();
        let mut touched = Vec::new();
        let what = if self.statics.contains_key(&path) && rng.chance(40) {
            self.statics.remove(&path);
            std::fs::remove_file(dir.join(&path)).unwrap();
            format!("delete {path}")
        } else {
            let folder = Path::new(&path).parent().unwrap();
            if !dir.join(folder).exists() {
                touched.push(folder.to_string_lossy().into_owned());
            }
            let text = format!("static file, version {}\n", rng.below(1000));
            write(dir, &path, &text);
            self.statics.insert(path.clone(), text);
            format!("write {path}")
        };
        touched.push(path);
        (what, touched)
    }
}

fn slug(name: &str) -> String {
    dossier::slug::slugify(name)
}

fn person_path(pool: usize, suffix: &str) -> String {
    format!("content/people/{}{suffix}.md", slug(PEOPLE[pool].name))
}

fn topic_path(pool: usize, suffix: &str) -> String {
    format!("content/topics/{}{suffix}.md", slug(TOPICS[pool].name))
}

fn write(dir: &Path, rel: &str, text: &str) {
    let path = dir.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, text).unwrap();
}

/// The pages a new brief renders again in a rebuild: (pages of the first build,
/// pages rendered after the new brief), with `base.html` overridden if given.
fn pages_rendered_for_a_new_brief(base: Option<&str>) -> (usize, usize) {
    let site = crate::support::Site::new();
    for day in 1..=8 {
        let person = format!("Person Number{day}");
        site.simple_brief(
            &format!("b{day}"),
            &format!("Brief {day}"),
            &format!("2022-01-0{day}"),
            &[&person],
        );
    }
    if let Some(base) = base {
        site.file("templates/base.html", base);
    }
    let mut project = Project::new(site.path(), None, BuildOptions::default());
    let all = project.rebuild(&Change::Everything).unwrap().rendered;
    site.simple_brief("b9", "Brief 9", "2022-01-09", &[]);
    let update = project
        .rebuild(&Change::Content(vec!["content/briefs/b9.md".into()]))
        .unwrap();
    (all, update.rendered)
}

#[test]
fn a_site_wide_count_renders_again_only_the_pages_whose_templates_read_it() {
    // The built-in theme shows the counts on a few index pages only: the pages of
    // the seven briefs before the newest, and the eight people's pages, stay as
    // they were.
    let (all, rendered) = pages_rendered_for_a_new_brief(None);
    assert!(
        rendered + 15 <= all,
        "{rendered} of {all} pages rendered again for a new brief"
    );
    // A base template showing the count of briefs on every page makes every page
    // depend on it.
    let (all, rendered) = pages_rendered_for_a_new_brief(Some(
        "<!doctype html><title>{{ title }}</title><p>{{ counts.briefs }} briefs</p>{% block content %}{% endblock content %}",
    ));
    assert_eq!(
        rendered,
        all + 1,
        "every page shows the count of briefs, and the new brief has a page"
    );
}

#[test]
fn an_edited_text_gets_the_related_briefs_of_a_full_build_once_site_files_follow() {
    // Three briefs share a person and a topic; the first and the third report a
    // dismissal, the second fighting, among briefs on other matters. Rewriting the
    // second as a dismissal report relates it to the first.
    let site = crate::support::Site::new();
    let shared = "people: [\"Person Alpha\"]\ntopics: [\"Topic T\"]\n";
    let texts = [
        "The minister was dismissed after a row over conscription and the budget.\n",
        "Troops shelled the border town and the offensive displaced families.\n",
        "The minister was sacked as the row over conscription and the budget deepened.\n",
    ];
    for (i, (date, text)) in ["2023-07-10", "2023-07-09", "2023-07-01"]
        .iter()
        .zip(texts)
        .enumerate()
    {
        site.brief(
            &format!("b{i}"),
            &format!("title: \"Brief {i}\"\ndate: {date}\nsource: S\n{shared}"),
            text,
        );
    }
    for i in 0..24 {
        site.brief(
            &format!("other{i}"),
            &format!(
                "title: \"Other {i}\"\ndate: 2020-01-{:02}\nsource: S\npeople: [\"Person Beta\"]\n",
                i + 1
            ),
            if i % 2 == 0 {
                "Officials said the border talks would continue and the offensive paused.\n"
            } else {
                "Markets rose and the currency held after the budget vote.\n"
            },
        );
    }
    let served = tempfile::tempdir().unwrap();
    let mut project = Project::new(site.path(), None, BuildOptions::default());
    project
        .rebuild(&Change::Everything)
        .unwrap()
        .apply(served.path())
        .unwrap();
    project.site_files_update().apply(served.path()).unwrap();
    let page = "briefs/b0/index.html";
    let before = crate::support::read_text(&served.path().join(page));

    site.brief(
        "b1",
        &format!("title: \"Brief 1\"\ndate: 2023-07-09\nsource: S\n{shared}"),
        "The minister was dismissed as the row over conscription and the budget grew.\n",
    );
    project
        .rebuild(&Change::Content(vec!["content/briefs/b1.md".into()]))
        .unwrap()
        .apply(served.path())
        .unwrap();
    project.site_files_update().apply(served.path()).unwrap();

    site.build_ok(&[]);
    let full = site.read(page);
    assert_ne!(
        before, full,
        "the edit changes the first brief's related briefs"
    );
    assert!(full.contains("Brief 1"), "{full}");
    assert_eq!(crate::support::read_text(&served.path().join(page)), full);
}

#[test]
fn an_edit_of_one_brief_takes_the_fingerprints_of_only_the_pages_that_read_it() {
    let site = crate::support::Site::new();
    let brief = |day: u32, title: &str, date: &str| {
        site.brief(
            &format!("b{day}"),
            &format!(
                "title: \"{title}\"\ndate: {date}\nsource: Test Source\npeople: [\"Person Number{day}\"]\n"
            ),
            "The talks went on.\n",
        );
    };
    for day in 1..=9 {
        brief(day, &format!("Brief {day}"), &format!("2022-01-0{day}"));
    }
    let mut preview = Preview::new(site.path());
    let all = preview.all;

    // A new title: its page, its neighbours' pages, its person's page, the lists
    // and the archive read the brief; the other people's and briefs' pages do not.
    brief(5, "A Renamed Fifth Brief", "2022-01-05");
    let fingerprinted = preview.edit("content/briefs/b5.md");
    assert!(
        fingerprinted > 0 && fingerprinted + 12 <= all,
        "{fingerprinted} of {all} pages fingerprinted for a new title"
    );
    site.build_ok(&[]);
    assert_eq!(files(preview.dir.path()), files(&site.out()));
    for page in [
        "briefs/b5/index.html",
        "briefs/b4/index.html",
        "briefs/b6/index.html",
        "people/person-number5/index.html",
        "briefs/index.html",
    ] {
        assert!(site.read(page).contains("A Renamed Fifth Brief"), "{page}");
    }

    // A new date moves the brief among the others: every page is fingerprinted.
    brief(5, "A Renamed Fifth Brief", "2022-01-10");
    assert_eq!(preview.edit("content/briefs/b5.md"), all);
    site.build_ok(&[]);
    assert_eq!(files(preview.dir.path()), files(&site.out()));
}

#[test]
fn a_person_added_to_a_brief_takes_the_fingerprints_of_only_the_pages_that_read_what_changed() {
    let site = crate::support::Site::new();
    let brief = |day: u32, people: &str| {
        site.brief(
            &format!("b{day}"),
            &format!(
                "title: \"Brief {day}\"\ndate: 2022-01-0{day}\nsource: Test Source\npeople: [{people}]\n"
            ),
            "The talks went on.\n",
        );
    };
    for day in 1..=9 {
        brief(day, &format!("\"Person Number{day}\""));
    }
    let mut preview = Preview::new(site.path());
    let all = preview.all;

    // Person 7 joins brief 5: the pages reading brief 5, person 5 (who now
    // shares a brief with them) or person 7; not the other briefs' and people's.
    brief(5, "\"Person Number5\", \"Person Number7\"");
    let fingerprinted = preview.edit("content/briefs/b5.md");
    assert!(
        fingerprinted > 0 && fingerprinted + 10 <= all,
        "{fingerprinted} of {all} pages fingerprinted for a person added"
    );
    site.build_ok(&[]);
    assert_eq!(files(preview.dir.path()), files(&site.out()));
    assert!(
        site.read("people/person-number7/index.html")
            .contains("Brief 5")
    );

    // And leaves it again.
    brief(5, "\"Person Number5\"");
    let fingerprinted = preview.edit("content/briefs/b5.md");
    assert!(fingerprinted + 10 <= all, "{fingerprinted} of {all} pages");
    site.build_ok(&[]);
    assert_eq!(files(preview.dir.path()), files(&site.out()));
    assert!(
        !site
            .read("people/person-number7/index.html")
            .contains("Brief 5")
    );
}

#[test]
fn a_new_role_in_a_registry_file_takes_the_fingerprints_of_only_the_pages_that_show_it() {
    let site = crate::support::Site::new();
    let ann = |role: &str| {
        site.person(
            "ann-lee",
            &format!("name: Ann Lee\nrole: {role}\n"),
            "A diplomat.\n",
        );
    };
    ann("Envoy");
    for day in 1..=9 {
        let people = if day % 3 == 0 {
            "[Ann Lee, Bo Name]"
        } else {
            "[Bo Name]"
        };
        site.brief(
            &format!("b{day}"),
            &format!(
                "title: \"Brief {day}\"\ndate: 2022-01-0{day}\nsource: Test Source\npeople: {people}\n"
            ),
            "The talks went on.\n",
        );
    }
    let mut preview = Preview::new(site.path());
    let all = preview.all;

    // A role shows on her page, the briefs listing her and the index of people;
    // not on the six briefs without her.
    ann("Special Envoy");
    let fingerprinted = preview.edit("content/people/ann-lee.md");
    assert!(
        fingerprinted > 0 && fingerprinted + 6 <= all,
        "{fingerprinted} of {all} pages fingerprinted for a new role"
    );
    site.build_ok(&[]);
    assert_eq!(files(preview.dir.path()), files(&site.out()));
    assert!(site.read("briefs/b3/index.html").contains("Special Envoy"));
    assert!(!site.read("briefs/b1/index.html").contains("Envoy"));
}

/// A project whose first build, and each rebuild after it, is applied to a folder
/// with the site files after it, as `serve` keeps its preview.
struct Preview {
    project: Project,
    dir: tempfile::TempDir,
    /// The pages the first build fingerprinted: every page.
    all: usize,
}

impl Preview {
    fn new(site: &Path) -> Preview {
        let dir = tempfile::tempdir().unwrap();
        let mut project = Project::new(site, None, BuildOptions::default());
        let first = project.rebuild(&Change::Everything).unwrap();
        first.apply(dir.path()).unwrap();
        project.site_files_update().apply(dir.path()).unwrap();
        Preview {
            project,
            dir,
            all: first.fingerprinted,
        }
    }

    /// Rebuilds after `file` (relative to the site) changed, applies the update;
    /// returns the number of pages fingerprinted.
    fn edit(&mut self, file: &str) -> usize {
        let update = self
            .project
            .rebuild(&Change::Content(vec![file.into()]))
            .unwrap();
        update.apply(self.dir.path()).unwrap();
        self.project
            .site_files_update()
            .apply(self.dir.path())
            .unwrap();
        update.fingerprinted
    }
}

/// A site served as `serve` serves it, beside the folder its full builds go to.
struct Compared {
    site: PathBuf,
    served: tempfile::TempDir,
    full: tempfile::TempDir,
    project: Project,
}

impl Compared {
    fn new(site: &Path) -> Compared {
        Compared {
            site: site.to_path_buf(),
            served: tempfile::tempdir().unwrap(),
            full: tempfile::tempdir().unwrap(),
            project: Project::new(site, Some(BASE_URL.to_owned()), BuildOptions::default()),
        }
    }

    /// One rebuild applied as `serve` applies it, then compared with a full build.
    fn step(&mut self, change: Change) -> Result<(), String> {
        let served_ok = self
            .project
            .rebuild(&change)
            .map_err(|e| render(&e))
            .and_then(|u| u.apply(self.served.path()).map_err(|e| e.to_string()));
        self.project
            .site_files_update()
            .apply(self.served.path())
            .unwrap();
        compare(&self.site, self.served.path(), self.full.path(), served_ok)
    }
}

/// Whether brief `brief`'s page in `dir` links a mention to topic `topic`.
fn links_topic(dir: &Path, brief: &str, topic: &str) -> bool {
    crate::support::read_text(&dir.join(format!("briefs/{brief}/index.html")))
        .contains(&format!("class=\"mention\" href=\"../../topics/{topic}/\""))
}

/// Bodies depend on the people and topics other briefs list together (a topic's
/// lower-case alias links in a brief listing a person listed with the topic
/// elsewhere), and on their own brief's lists: edits of either re-render them.
#[test]
fn a_change_of_who_is_listed_with_a_topic_relinks_the_bodies_of_other_briefs() {
    let site = crate::support::Site::new();
    site.person("emmanuel-macron", "name: Emmanuel Macron\n", "")
        .person("olaf-scholz", "name: Olaf Scholz\n", "")
        .topic(
            "french-snap-election",
            "name: French snap election\naliases: [snap election]\n",
            "",
        )
        .brief(
            "a",
            "title: A\ndate: 2024-06-09\nsource: S\npeople: [Emmanuel Macron]\ntopics: [French snap election]\n",
            "The president called an early vote.\n",
        )
        .brief(
            "b",
            "title: B\ndate: 2024-11-07\nsource: S\npeople: [Olaf Scholz]\n",
            "The chancellor may face a snap election.\n",
        );
    let mut compared = Compared::new(site.path());
    let linked = |dir: &Path| links_topic(dir, "b", "french-snap-election");
    compared.step(Change::Everything).unwrap();
    assert!(!linked(compared.served.path()));
    // Another brief now lists Olaf Scholz with the topic: B's body links.
    site.brief(
        "a",
        "title: A\ndate: 2024-06-09\nsource: S\npeople: [Emmanuel Macron, Olaf Scholz]\ntopics: [French snap election]\n",
        "The president called an early vote.\n",
    );
    compared
        .step(Change::Content(vec!["content/briefs/a.md".into()]))
        .unwrap();
    assert!(linked(compared.full.path()), "the full build links it");
    assert!(linked(compared.served.path()));
    // B's own list changes, its text does not: it no longer names Scholz, and no
    // one listed with the topic.
    site.brief(
        "b",
        "title: B\ndate: 2024-11-07\nsource: S\npeople: [Emmanuel Macron]\n",
        "The chancellor may face a snap election.\n",
    );
    compared
        .step(Change::Content(vec!["content/briefs/b.md".into()]))
        .unwrap();
    assert!(
        linked(compared.served.path()),
        "Macron is listed with the topic too"
    );
    site.brief(
        "a",
        "title: A\ndate: 2024-06-09\nsource: S\npeople: [Emmanuel Macron]\n",
        "The president called an early vote.\n",
    );
    compared
        .step(Change::Content(vec!["content/briefs/a.md".into()]))
        .unwrap();
    assert!(
        !linked(compared.full.path()),
        "no brief lists the topic with anyone"
    );
    assert!(!linked(compared.served.path()));
}

/// A brief edit that adds a person known by name only numbers the people anew:
/// the names the bodies are linked with must follow, or the new person stands in
/// for a topic they were numbered next to (a topic's lower-case alias then links
/// in a brief about neither).
#[test]
fn a_new_name_only_person_leaves_topic_aliases_to_the_evidence() {
    let site = crate::support::Site::new();
    site.person("janet-yellen", "name: Janet Yellen\n", "")
        .topic("climate", "name: Climate\naliases: [climate talks]\n", "")
        .brief(
            "a",
            "title: A\ndate: 2024-06-09\nsource: S\npeople: [Janet Yellen]\n",
            "Janet Yellen flew to Beijing for climate talks.\n",
        );
    let mut compared = Compared::new(site.path());
    let linked = |dir: &Path| links_topic(dir, "a", "climate");
    compared.step(Change::Everything).unwrap();
    assert!(!linked(compared.served.path()));
    // Dong Jun has no registry file: a person numbered after Janet Yellen, where
    // the names compiled before the edit number the topic.
    site.brief(
        "a",
        "title: A\ndate: 2024-06-09\nsource: S\npeople: [Janet Yellen, Dong Jun]\n",
        "Janet Yellen flew to Beijing for climate talks with Dong Jun.\n",
    );
    let result = compared.step(Change::Content(vec!["content/briefs/a.md".into()]));
    assert!(!linked(compared.full.path()), "no brief is about the topic");
    assert!(
        !linked(compared.served.path()),
        "the alias linked in the rebuilt site"
    );
    result.unwrap();
}
