//! A deterministic synthetic site for benchmarks: N briefs, N/10 people with a
//! skewed distribution (a few people are in many briefs), N/50 topics, 25 sources,
//! bodies of a few hundred words that mention people by name and alias.

use std::fmt::Write as _;
use std::path::Path;

const FIRST: &[&str] = &[
    "Aisha", "Alan", "Amara", "Ana", "Arjun", "Astrid", "Beatriz", "Bogdan", "Camille", "Carlos",
    "Chen", "Dara", "David", "Diego", "Elena", "Elif", "Emeka", "Emma", "Farid", "Fatima", "Freya",
    "Greta", "Hana", "Hassan", "Hiroshi", "Ida", "Ines", "Ivan", "Jakob", "Jana", "Javier",
    "Kaito", "Karim", "Kenji", "Lara", "Layla",
];
const LAST: &[&str] = &[
    "Abadi",
    "Adeyemi",
    "Alvarez",
    "Andersen",
    "Arslan",
    "Bakker",
    "Balogun",
    "Banerjee",
    "Barros",
    "Becker",
    "Bianchi",
    "Borges",
    "Brandt",
    "Castillo",
    "Costa",
    "Dahl",
    "Dimitrov",
    "Erdoğan",
    "Fischer",
    "Garcia",
    "Haddad",
    "Ivanova",
    "Jensen",
    "Kowalski",
    "Lindqvist",
    "Moreau",
    "Nakamura",
    "Okafor",
    "Petrov",
    "Quispe",
];
const WORDS: &[&str] = &[
    "talks",
    "ministers",
    "agreed",
    "sanctions",
    "export",
    "controls",
    "summit",
    "officials",
    "trade",
    "security",
    "dialogue",
    "statement",
    "bilateral",
    "relations",
    "cooperation",
    "tensions",
    "delegation",
    "framework",
    "negotiations",
    "policy",
    "economic",
    "military",
    "channels",
    "climate",
    "visit",
    "announced",
    "review",
];

/// A small deterministic random generator (xorshift), so the corpus is the same everywhere.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    /// A skewed pick: low indexes are much more likely.
    fn skewed(&mut self, n: usize) -> usize {
        let u = (self.next() % 1_000_000) as f64 / 1_000_000.0;
        ((n as f64).powf(u) - 1.0) as usize % n
    }
}

fn person_name(i: usize) -> String {
    format!(
        "{} {} {}",
        FIRST[i % FIRST.len()],
        LAST[(i / FIRST.len()) % LAST.len()],
        i
    )
}

/// Writes a site of `briefs` briefs into `dir` (which must exist and be empty).
pub fn write_site(dir: &Path, briefs: usize) {
    let people = (briefs / 10).max(50);
    let topics = (briefs / 50).max(20);
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    std::fs::write(
        dir.join("site.yaml"),
        "title: Benchmark Briefs\nbase_url: https://briefs.example.org/\nbriefs_per_page: 20\n",
    )
    .expect("the benchmark folder is writable");
    for sub in ["content/briefs", "content/people", "content/topics"] {
        std::fs::create_dir_all(dir.join(sub)).expect("the benchmark folder is writable");
    }
    for p in 0..people {
        let name = person_name(p);
        let text = format!(
            "---\nname: {name}\naliases: [Minister {name}, \"Envoy {}\"]\nrole: Minister of Examples\norganization: Ministry {}\ncountry: Country {}\n---\nA synthetic biography of {name}.\n",
            p,
            p % 40,
            p % 30
        );
        std::fs::write(dir.join(format!("content/people/person-{p}.md")), text).expect("writable");
    }
    for t in 0..topics {
        std::fs::write(
            dir.join(format!("content/topics/topic-{t}.md")),
            format!("---\nname: Topic {t}\naliases: [Theme {t}]\n---\nA synthetic topic.\n"),
        )
        .expect("writable");
    }
    for b in 0..briefs {
        let day = b % 28 + 1;
        let month = (b / 28) % 12 + 1;
        let year = 2000 + (b / 336) % 25;
        let mut names: Vec<usize> = (0..1 + rng.below(5)).map(|_| rng.skewed(people)).collect();
        names.sort_unstable();
        names.dedup();
        let mut tops: Vec<usize> = (0..1 + rng.below(3)).map(|_| rng.skewed(topics)).collect();
        tops.sort_unstable();
        tops.dedup();
        let people_list: Vec<String> = names
            .iter()
            .map(|&p| {
                if rng.below(10) == 0 {
                    format!("Minister {}", person_name(p))
                } else {
                    person_name(p)
                }
            })
            .collect();
        let topic_list: Vec<String> = tops.iter().map(|t| format!("Topic {t}")).collect();
        let mut body = String::new();
        for para in 0..4 {
            if para == 1 {
                body.push_str("## Background\n\n");
            }
            for w in 0..60 {
                if w % 20 == 7 {
                    let p = names[rng.below(names.len())];
                    let _ = write!(body, "{} ", person_name(p));
                } else {
                    body.push_str(WORDS[rng.below(WORDS.len())]);
                    // Sentences of a dozen words, as briefs are written.
                    body.push_str(if w % 12 == 11 { ". " } else { " " });
                }
            }
            body.push_str("\n\n");
        }
        let quote = names[0];
        let text = format!(
            "---\ntitle: Brief {b} on {}\ndate: {year}-{month:02}-{day:02}\nsource:\n  name: Source {}\n  url: https://example.org/{b}\npeople: [{}]\ntopics: [{}]\nsummary: A synthetic brief number {b}.\nquotes:\n  - by: {}\n    text: We said something quotable in brief {b}.\n---\n{body}",
            WORDS[b % WORDS.len()],
            rng.below(25),
            people_list.join(", "),
            topic_list.join(", "),
            person_name(quote),
        );
        std::fs::write(dir.join(format!("content/briefs/brief-{b}.md")), text).expect("writable");
    }
}
