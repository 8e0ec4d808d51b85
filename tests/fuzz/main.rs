//! Fuzzing on the stable toolchain: structure-aware generators, a coverage-less
//! driver with a cheap novelty signal, and an oracle that checks every result
//! through the public API. Three targets (front matter, one brief's full render,
//! the registry with mention linking) run a few hundred cases each in `cargo test`,
//! and for as long as `DOSSIER_FUZZ_SECS` says when run on purpose:
//!
//! ```sh
//! DOSSIER_FUZZ_SECS=300 cargo test --release --test fuzz registry -- --nocapture
//! ```
//!
//! `tests/fixtures/fuzz-corpus/<target>/<case>/` holds inputs worth keeping (each a
//! site folder); `corpus_replays_cleanly` runs them all with a full build.

mod case;
mod driver;
mod inputs;
mod oracle;
mod rng;

use std::path::Path;
use std::time::Duration;

use case::Case;
use driver::{Target, fuzz};
use rng::Rng;

fn simple_site_yaml(rng: &mut Rng) -> String {
    let mode = rng.pick(&["sanitize", "sanitize", "escape", "allow"]);
    format!("title: Fuzz\nmarkdown:\n  raw_html: {mode}\n")
}

/// A valid brief front matter block naming some of `names`.
fn valid_brief(rng: &mut Rng, title: &str, names: &[String], topics: &[String]) -> String {
    let quoted = |s: &str| {
        format!(
            "\"{}\"",
            s.replace('\\', "\\\\")
                .replace('"', "\\\"")
                .replace('\n', " ")
        )
    };
    let mut fm = format!(
        "title: {}\ndate: 2023-{:02}-{:02}\nsource: {}\n",
        quoted(title),
        rng.range(1, 12),
        rng.range(1, 28),
        quoted(&inputs::text(rng))
    );
    let pick = |rng: &mut Rng, from: &[String]| -> Vec<String> {
        (0..rng.range(0, 4).min(from.len()))
            .map(|_| quoted(&rng.pick_owned(from)))
            .collect()
    };
    let people = pick(rng, names);
    if !people.is_empty() {
        fm.push_str(&format!("people: [{}]\n", people.join(", ")));
    }
    let topics = pick(rng, topics);
    if !topics.is_empty() {
        fm.push_str(&format!("topics: [{}]\n", topics.join(", ")));
    }
    if rng.chance(1, 3) && !names.is_empty() {
        fm.push_str(&format!(
            "quotes:\n  - by: {}\n    text: {}\n",
            quoted(&rng.pick_owned(names)),
            quoted(&inputs::text(rng))
        ));
    }
    if rng.chance(1, 3) {
        fm.push_str(&format!("summary: {}\n", quoted(&inputs::text(rng))));
    }
    fm
}

/// (a) Front matter: structured YAML of briefs, people, topics and `site.yaml`,
/// often damaged at the byte level, or plain random bytes.
fn front_matter(rng: &mut Rng) -> Case {
    inputs::set_wild(true);
    let mut case = Case::default();
    let site_yaml = if rng.chance(1, 6) {
        let mut bytes = inputs::site_yaml(rng).into_bytes();
        if rng.chance(1, 2) {
            inputs::damage(rng, &mut bytes);
        }
        bytes
    } else {
        simple_site_yaml(rng).into_bytes()
    };
    case.file("site.yaml", site_yaml);
    let registry = inputs::Registry::generate(rng, 3);
    let names: Vec<String> = registry.people.iter().map(|p| p.0.clone()).collect();
    let topics: Vec<String> = registry.topics.iter().map(|t| t.0.clone()).collect();
    registry.write(rng, &mut case);
    for i in 0..rng.range(1, 2) {
        let mut bytes = match rng.below(6) {
            0 => inputs::random_bytes(rng),
            _ => inputs::doc(
                &inputs::brief_front_matter(rng, &names, &topics),
                "Body text.\n",
            )
            .into_bytes(),
        };
        if rng.chance(1, 3) {
            inputs::damage(rng, &mut bytes);
        }
        case.file(&format!("content/briefs/2023-06-1{i}-brief.md"), bytes);
    }
    // Now and then damage a registry file instead.
    if rng.chance(1, 6) {
        let registry_files: Vec<usize> = (0..case.files.len())
            .filter(|&i| !case.files[i].0.contains("briefs") && case.files[i].0 != "site.yaml")
            .collect();
        if !registry_files.is_empty() {
            let i = registry_files[rng.below(registry_files.len())];
            inputs::damage(rng, &mut case.files[i].1);
        }
    }
    case
}

/// (b) One brief's full render: a valid front matter block with markers, and a
/// Markdown body with raw HTML, links, footnotes, tables, headings, emphasis and
/// registry names, under a random raw HTML policy and mention mode.
fn brief_render(rng: &mut Rng) -> Case {
    inputs::set_wild(false);
    let mut case = Case::default();
    let site_yaml = inputs::site_yaml(rng);
    case.file("site.yaml", site_yaml);
    let registry = inputs::Registry::generate(rng, 4);
    registry.write(rng, &mut case);
    let names = registry.all_names();
    let people: Vec<String> = registry.people.iter().map(|p| p.0.clone()).collect();
    let topics: Vec<String> = registry.topics.iter().map(|t| t.0.clone()).collect();
    let title = inputs::text(rng);
    let fm = valid_brief(rng, &title, &people, &topics);
    let body = inputs::body(rng, &names);
    case.file(
        "content/briefs/2023-06-14-brief.md",
        inputs::doc(&fm, &body),
    );
    case
}

/// (c) The registry and mention linking: people whose names and aliases overlap
/// each other and the text, in many scripts, named in bodies with every case,
/// accent and punctuation around them.
fn registry_mentions(rng: &mut Rng) -> Case {
    inputs::set_wild(false);
    let mut case = Case::default();
    let mode = rng.pick(&["first", "all", "none", "all"]);
    let raw = rng.pick(&["sanitize", "escape", "allow"]);
    case.file(
        "site.yaml",
        format!("title: Mentions\nmentions: {mode}\nmarkdown:\n  raw_html: {raw}\n"),
    );
    let registry = inputs::Registry::generate(rng, 12);
    registry.write(rng, &mut case);
    let names = registry.all_names();
    let people: Vec<String> = registry.people.iter().map(|p| p.0.clone()).collect();
    let topics: Vec<String> = registry.topics.iter().map(|t| t.0.clone()).collect();
    let mut mentioned = people.clone();
    mentioned.extend((0..rng.range(0, 2)).map(|_| inputs::name(rng)));
    for i in 0..rng.range(1, 4) {
        let title = inputs::text(rng);
        let fm = valid_brief(rng, &title, &mentioned, &topics);
        let mut body = String::new();
        for _ in 0..rng.range(1, 6) {
            body.push_str(&mention_text(rng, &names));
            body.push_str("\n\n");
        }
        if rng.chance(1, 3) {
            body.push_str(&inputs::body(rng, &names));
        }
        body = inputs::body_markers(&body);
        case.file(&format!("content/briefs/b{i}.md"), inputs::doc(&fm, &body));
    }
    case
}

/// A paragraph dense with names, their variants and the characters around them.
fn mention_text(rng: &mut Rng, names: &[String]) -> String {
    let mut s = String::new();
    for _ in 0..rng.range(1, 30) {
        let piece = if !names.is_empty() && rng.chance(1, 2) {
            let n = rng.pick_owned(names);
            match rng.below(8) {
                0 => n.to_uppercase(),
                1 => n.to_lowercase(),
                2 => n.chars().rev().collect(),
                3 => n.replace(' ', "  "),
                4 => n.replace(' ', "\n"),
                5 => format!(
                    "{n}{}",
                    rng.pick(&["'s", "’s", "s", "-based", "ian", "\u{301}", "\u{200d}", "."])
                ),
                6 => n
                    .chars()
                    .take(rng.range(1, n.chars().count().max(1)))
                    .collect(),
                _ => n,
            }
        } else {
            inputs::name(rng)
        };
        s.push_str(rng.pick(&["", "", "*", "**", "[", "(", "\"", "“", "'", "`", "#", "@"]));
        s.push_str(&piece);
        s.push_str(rng.pick(&[
            " ", " ", ", ", ". ", "; ", "—", "-", "'", "’", ")", "]", "*", "_", "/", "\u{a0}", ":",
            "!",
        ]));
    }
    s
}

#[test]
fn front_matter_never_breaks_the_build() {
    fuzz(Target {
        name: "front_matter",
        seed: 0x5EED_0001,
        generate: front_matter,
        damage: true,
    });
}

#[test]
fn one_brief_renders_safely() {
    fuzz(Target {
        name: "brief_render",
        seed: 0x5EED_0002,
        generate: brief_render,
        damage: false,
    });
}

#[test]
fn registry_and_mentions_render_safely() {
    fuzz(Target {
        name: "registry_mentions",
        seed: 0x5EED_0003,
        generate: registry_mentions,
        damage: false,
    });
}

/// Every stored input still builds or fails cleanly, with every check passing.
#[test]
fn corpus_replays_cleanly() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fuzz-corpus");
    let mut cases: Vec<_> = std::fs::read_dir(&root)
        .expect("the corpus folder exists")
        .flat_map(|target| {
            std::fs::read_dir(target.expect("a corpus entry").path()).expect("a target folder")
        })
        .map(|e| e.expect("a corpus case").path())
        .collect();
    cases.sort();
    assert!(cases.len() >= 10, "the corpus holds {} cases", cases.len());
    let mut failures = Vec::new();
    for dir in &cases {
        let outcome = oracle::run(&Case::load(dir), true, Duration::from_secs(120));
        for f in outcome
            .findings
            .iter()
            .filter(|f| f.kind != oracle::Kind::Slow)
        {
            failures.push(format!(
                "{}: {} ({})",
                dir.display(),
                f.signature(),
                f.detail
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
