//! A deterministic generator of realistic briefing sites, for the benchmarks and
//! for anyone comparing dossier with another generator on the same content
//! (`cargo run --release --example gen_site -- --help`).
//!
//! The shape follows a newsroom's archive: for N briefs, max(50, N/10) people and
//! max(20, N/50) topics; each brief names 2-6 people drawn with a Zipf-Mandelbrot
//! skew (a few people are in thousands of briefs, most in a handful) and 1-4
//! topics with a milder skew; dates spread over ten years; 25 sources; bodies of
//! 500-800 words with headings, a list, a quotation, links and emphasis, that
//! mention the brief's people by name and now and then by alias. Every person and
//! topic is in at least one brief, so a registry-driven generator and a
//! taxonomy-driven one (Hugo) make the same set of pages.
//!
//! The same brief count and seed give the same bytes everywhere. The flavor only
//! decides where files go and how front matter is spelled:
//! - `dossier`: `site.yaml`, `content/briefs/`, a registry in `content/people/`
//!   (role, organization, country, aliases); one in ten names in front matter is
//!   written as an alias, which the build must resolve.
//! - `hugo`: the same briefs with people and topics as Hugo taxonomies, plus
//!   `hugo.toml` and a minimal theme giving a page per brief, person and topic,
//!   the paginated brief list and the two indexes.

// Each bench uses a part of this module; the example binary uses the rest.
#![allow(dead_code)]

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// The seed used when none is given (the benchmarks' corpus).
pub const DEFAULT_SEED: u64 = 20_240_614;

/// Which generator the files are written for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Flavor {
    Dossier,
    Hugo,
}

impl Flavor {
    pub fn parse(text: &str) -> Option<Flavor> {
        match text {
            "dossier" | "native" => Some(Flavor::Dossier),
            "hugo" => Some(Flavor::Hugo),
            _ => None,
        }
    }
}

/// What to generate.
#[derive(Clone, Debug)]
pub struct Options {
    pub briefs: usize,
    pub seed: u64,
    pub flavor: Flavor,
}

/// What was written, for the benchmarks' edits and the generator's summary.
#[derive(Debug, Default)]
pub struct Written {
    /// Brief files, relative to the site folder, in generation order.
    pub briefs: Vec<PathBuf>,
    /// Registry files (dossier flavor), most-named person first.
    pub people: Vec<PathBuf>,
    pub people_count: usize,
    pub topics_count: usize,
    /// Words of Markdown body over all briefs.
    pub words: usize,
    /// Briefs naming each of the five most-named people.
    pub top_people: Vec<usize>,
    /// Bytes written.
    pub bytes: u64,
}

/// Writes a dossier site of `briefs` briefs into `dir` with the default seed.
pub fn write_site(dir: &Path, briefs: usize) -> Written {
    write(
        dir,
        &Options {
            briefs,
            seed: DEFAULT_SEED,
            flavor: Flavor::Dossier,
        },
    )
    .expect("the benchmark folder is writable")
}

// ---------------------------------------------------------------------------
// Vocabulary: invented or generic, nothing downloaded.

const FIRST: &[&str] = &[
    "Aisha", "Alan", "Alba", "Amara", "Ana", "Andrea", "Anika", "Arjun", "Astrid", "Beatriz",
    "Bianca", "Bogdan", "Camille", "Carlos", "Chen", "Chiara", "Dara", "David", "Diego", "Dmitri",
    "Elena", "Elif", "Emeka", "Emma", "Esther", "Farid", "Fatima", "Felipe", "Freya", "Gabriel",
    "Greta", "Hana", "Hassan", "Helena", "Hiroshi", "Ida", "Ines", "Ingrid", "Ivan", "Jakob",
    "Jana", "Javier", "Jonas", "Julia", "Kaito", "Karim", "Katarina", "Kenji", "Lara", "Layla",
    "Lena", "Lucas", "Magnus", "Maja", "Malik", "Marco", "Marta", "Mateo", "Mei", "Nadia",
    "Naledi", "Nikolai", "Noor", "Olga", "Omar", "Pablo", "Petra", "Priya", "Rafael", "Ravi",
    "Rosa", "Sami", "Sara", "Sofia", "Sven", "Tamar", "Tariq", "Thabo", "Tomas", "Ursula",
    "Valeria", "Viktor", "Wei", "Yara", "Yusuf", "Zara", "Zeynep", "Zoltan",
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
    "Chowdhury",
    "Costa",
    "Dahl",
    "Dimitrov",
    "Dubois",
    "Duarte",
    "Eriksen",
    "Esposito",
    "Falk",
    "Ferreira",
    "Fischer",
    "Garcia",
    "Gashi",
    "Greco",
    "Gruber",
    "Haddad",
    "Hakimi",
    "Hansen",
    "Herrera",
    "Hoffmann",
    "Horvat",
    "Ibrahim",
    "Ishikawa",
    "Ivanova",
    "Jansen",
    "Kamau",
    "Karlsson",
    "Kaur",
    "Keller",
    "Khalil",
    "Kim",
    "Kowalski",
    "Krause",
    "Lambert",
    "Larsen",
    "Laurent",
    "Lindqvist",
    "Lopez",
    "Madsen",
    "Mahmoud",
    "Marino",
    "Medina",
    "Mendes",
    "Molnar",
    "Moreau",
    "Nakamura",
    "Navarro",
    "Novak",
    "Nyberg",
    "Okafor",
    "Oliveira",
    "Ortega",
    "Osei",
    "Ozturk",
    "Park",
    "Petrov",
    "Popescu",
    "Rahman",
    "Ramos",
    "Reyes",
    "Rossi",
    "Sahin",
    "Santos",
    "Sato",
    "Schmidt",
    "Silva",
    "Sokolov",
    "Stein",
    "Suzuki",
    "Szabo",
    "Tanaka",
    "Torres",
    "Valente",
    "Varga",
    "Vogel",
    "Volkov",
    "Wagner",
    "Walsh",
    "Weber",
    "Winter",
    "Yilmaz",
    "Zhang",
    "Zhou",
    "Zielinski",
];
const COUNTRIES: &[&str] = &[
    "Aldoria",
    "Belmark",
    "Corvena",
    "Drossland",
    "Estravia",
    "Falmoor",
    "Galdana",
    "Hestria",
    "Istrelia",
    "Jorvania",
    "Kelmor",
    "Lutavia",
    "Marvessa",
    "Nordhaven",
    "Ostrelia",
    "Pellara",
    "Quorvia",
    "Rasmark",
    "Sylvana",
    "Tarvessa",
    "Ulmeria",
    "Valdoria",
    "Westmere",
    "Zandria",
];
const REGIONS: &[&str] = &[
    "Baltic",
    "Nordic",
    "Sahel",
    "Andean",
    "Caspian",
    "Arctic",
    "Balkan",
    "Danube",
    "Mekong",
    "Pacific",
    "Atlantic",
    "Mediterranean",
    "Alpine",
    "Gulf",
    "Caribbean",
    "Black Sea",
    "Adriatic",
    "Aegean",
    "Levant",
    "Maghreb",
    "Amazon",
    "Himalayan",
    "Iberian",
    "Carpathian",
    "North Sea",
    "Indo-Pacific",
    "Transatlantic",
    "Red Sea",
    "Great Lakes",
    "Central Asian",
];
const THEMES: &[&str] = &[
    "Trade policy",
    "Energy security",
    "Climate policy",
    "Monetary policy",
    "Fiscal policy",
    "Public debt",
    "Defence procurement",
    "Cybersecurity",
    "Migration",
    "Health systems",
    "Pension reform",
    "Housing",
    "Labour markets",
    "Competition policy",
    "Digital regulation",
    "Artificial intelligence",
    "Semiconductors",
    "Critical minerals",
    "Food security",
    "Water management",
    "Sanctions",
    "Development finance",
    "Financial regulation",
    "Taxation",
    "Infrastructure",
    "Transport",
    "Education",
    "Elections",
    "Rule of law",
    "Anti-corruption",
    "Diplomacy",
    "Arms control",
    "Space policy",
    "Fisheries",
    "Agriculture",
    "Data protection",
    "Telecommunications",
    "Shipping",
    "Industrial policy",
    "Social protection",
    "Inflation",
    "Central banking",
    "Capital markets",
    "Customs",
    "Export controls",
    "Investment screening",
    "Humanitarian aid",
    "Peacekeeping",
    "Public health",
    "Biodiversity",
];
const ROLES: &[&str] = &[
    "Minister of Finance",
    "Minister of Foreign Affairs",
    "Minister of Defence",
    "Minister of Energy",
    "Minister of Trade",
    "Deputy Minister",
    "State Secretary",
    "Prime Minister",
    "Central Bank Governor",
    "Member of Parliament",
    "Senator",
    "Chief Economist",
    "Senior Fellow",
    "Ambassador",
    "Chief Negotiator",
    "Spokesperson",
    "Auditor General",
    "Director General",
    "Opposition Leader",
    "Special Envoy",
];
const HONORIFICS: &[&str] = &[
    "Minister",
    "Governor",
    "Senator",
    "Ambassador",
    "Director",
    "Commissioner",
    "Envoy",
    "Dr.",
];
const ORGANIZATIONS: &[&str] = &[
    "Ministry of Finance",
    "Ministry of Foreign Affairs",
    "Ministry of Defence",
    "Ministry of Energy",
    "Ministry of Trade",
    "Central Bank",
    "National Assembly",
    "Senate",
    "Office of the Prime Minister",
    "Competition Authority",
    "National Audit Office",
    "Policy Research Institute",
    "Centre for Strategic Policy",
    "Development Bank",
    "Chamber of Commerce",
    "Federation of Trade Unions",
];
const SOURCES: &[(&str, &str)] = &[
    ("Ministry of Finance", "finance-ministry"),
    ("Ministry of Foreign Affairs", "foreign-ministry"),
    ("Central Bank", "central-bank"),
    ("National Assembly", "assembly"),
    ("Office of the Prime Minister", "pm-office"),
    ("Competition Authority", "competition"),
    ("Energy Regulatory Commission", "energy-regulator"),
    ("Ministry of Trade", "trade-ministry"),
    ("Ministry of Defence", "defence-ministry"),
    ("Ministry of Health", "health-ministry"),
    ("National Audit Office", "audit-office"),
    ("Statistics Office", "statistics"),
    ("Financial Supervisory Authority", "fsa"),
    ("Policy Research Institute", "pri"),
    ("Centre for Strategic Policy", "csp"),
    ("Council on Trade and Investment", "cti"),
    ("Development Bank", "devbank"),
    ("International Monetary Fund", "imf"),
    ("World Trade Organization", "wto"),
    ("European Commission", "commission"),
    ("OECD", "oecd"),
    ("UN Security Council", "unsc"),
    ("G20 Presidency", "g20"),
    ("Constitutional Court", "court"),
    ("Data Protection Authority", "dpa"),
];
const ACTORS: &[&str] = &[
    "the finance ministry",
    "parliament",
    "the central bank",
    "the treasury",
    "the trade commission",
    "the energy regulator",
    "the cabinet",
    "the senate",
    "the constitutional court",
    "the audit office",
    "the opposition",
    "the governing coalition",
    "the G20",
    "the IMF",
    "the WTO",
    "the development bank",
];
const POLICIES: &[&str] = &[
    "carbon border levy",
    "export controls on advanced chips",
    "sovereign debt restructuring",
    "global minimum corporate tax",
    "pension reform",
    "housing subsidy scheme",
    "critical minerals strategy",
    "grid modernisation plan",
    "fisheries quota",
    "data localisation rules",
    "anti-money-laundering directive",
    "defence procurement reform",
    "fiscal consolidation package",
    "digital services tax",
    "migration pact",
    "agricultural subsidy reform",
    "bank capital requirements",
    "renewable energy auctions",
    "water-sharing treaty",
    "sanctions package",
    "infrastructure investment bill",
    "fuel subsidy phase-out",
    "investment screening regime",
    "deposit insurance scheme",
    "electoral reform bill",
    "emissions trading scheme",
    "rural broadband plan",
];
const TITLE_ACTORS: &[&str] = &[
    "Finance Ministry",
    "Parliament",
    "Central Bank",
    "Treasury",
    "Trade Commission",
    "Energy Regulator",
    "Cabinet",
    "Senate",
    "Court",
    "Audit Office",
    "Coalition",
    "Opposition",
    "G20",
    "IMF",
    "WTO",
    "Regulator",
];
const TITLE_VERBS: &[&str] = &[
    "Weighs",
    "Unveils",
    "Delays",
    "Tightens",
    "Backs",
    "Rejects",
    "Revises",
    "Expands",
    "Scraps",
    "Fast-Tracks",
    "Defends",
    "Questions",
    "Extends",
    "Debates",
    "Approves",
    "Pauses",
];
const TITLE_TAILS: &[&str] = &[
    "as Exporters Push Back",
    "Amid Budget Pressure",
    "After Court Ruling",
    "Ahead of Summit",
    "Despite Industry Objections",
    "Under Pressure from Allies",
    "",
    "",
    "",
    "as Talks Stall",
    "to Meet 2030 Targets",
    "as Inflation Eases",
    "in Coalition Deal",
    "as Deadline Nears",
];
const ADJECTIVES: &[&str] = &[
    "ambitious",
    "modest",
    "contested",
    "long-awaited",
    "incremental",
    "sweeping",
    "fragile",
    "pragmatic",
    "controversial",
    "cautious",
    "technical",
    "legally binding",
    "temporary",
    "targeted",
];
const GROUPS: &[&str] = &[
    "small exporters",
    "pensioners",
    "low-income households",
    "energy-intensive industry",
    "regional banks",
    "farmers",
    "first-time buyers",
    "public-sector workers",
    "foreign investors",
    "logistics firms",
    "start-ups",
    "bondholders",
    "consumers",
    "trade unions",
];
const METRICS: &[&str] = &[
    "the deficit",
    "public debt",
    "headline inflation",
    "the unemployment rate",
    "net emissions",
    "defence spending",
    "the tax take",
    "real wages",
    "credit growth",
    "energy prices",
    "bond yields",
    "the trade balance",
];
const CHANGES: &[&str] = &[
    "rose",
    "fell",
    "edged up",
    "slipped",
    "jumped",
    "stabilised",
    "narrowed",
    "widened",
];
const VERBS_INF: &[&str] = &[
    "delay",
    "revise",
    "expand",
    "scrap",
    "fund",
    "phase in",
    "phase out",
    "review",
    "renegotiate",
    "extend",
    "simplify",
    "tighten",
];
const VERBS_PAST: &[&str] = &[
    "proposed",
    "approved",
    "rejected",
    "amended",
    "postponed",
    "endorsed",
    "criticised",
    "defended",
    "tabled",
    "published",
    "announced",
];
const HEADINGS: &[&str] = &[
    "Background",
    "What is at stake",
    "Key provisions",
    "How we got here",
    "Reactions",
    "What comes next",
    "The numbers",
    "Analysis",
    "Open questions",
    "The politics",
];
const LINK_TEXTS: &[&str] = &[
    "the full text",
    "the official statement",
    "an earlier analysis",
    "the consultation paper",
    "published figures",
    "the impact assessment",
    "the committee report",
    "the minutes",
];
const MONTHS: &[&str] = &[
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

// ---------------------------------------------------------------------------
// Randomness and skew.

/// xorshift64*: small, fast and the same on every platform.
struct Rng(u64);

impl Rng {
    fn new(seed: u64, stream: u64) -> Rng {
        // SplitMix64 of the seed and stream, so nearby seeds give unrelated streams
        // (and the state is never zero).
        let mut z = seed
            .wrapping_add(stream.wrapping_mul(0x9e37_79b9_7f4a_7c15))
            .wrapping_add(0x9e37_79b9_7f4a_7c15);
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        Rng((z ^ (z >> 31)) | 1)
    }
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        ((self.next() >> 11) % n as u64) as usize
    }
    fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

/// Ranks 0..n weighted 1/(rank+q)^s: a few ranks take a large share.
struct Zipf {
    cumulative: Vec<f64>,
}

impl Zipf {
    fn new(n: usize, s: f64, q: f64) -> Zipf {
        let mut total = 0.0;
        let cumulative = (0..n)
            .map(|i| {
                total += 1.0 / (i as f64 + q).powf(s);
                total
            })
            .collect();
        Zipf { cumulative }
    }
    fn one(&self, rng: &mut Rng) -> usize {
        let total = *self.cumulative.last().expect("a pool of at least one");
        let x = rng.unit() * total;
        self.cumulative
            .partition_point(|&c| c < x)
            .min(self.cumulative.len() - 1)
    }
    /// `k` distinct ranks (the pools hold at least 20, the draws at most 6).
    fn distinct(&self, rng: &mut Rng, k: usize) -> Vec<usize> {
        let mut out = Vec::with_capacity(k);
        while out.len() < k {
            let i = self.one(rng);
            if !out.contains(&i) {
                out.push(i);
            }
        }
        out
    }
}

// ---------------------------------------------------------------------------
// The model.

struct Person {
    name: String,
    slug: String,
    role: &'static str,
    organization: &'static str,
    country: &'static str,
    aliases: Vec<String>,
}

struct Topic {
    name: String,
    slug: String,
}

struct Brief {
    title: String,
    slug: String,
    /// Days since 2015-01-01.
    day: i64,
    source: usize,
    people: Vec<usize>,
    topics: Vec<usize>,
    words: usize,
    body_seed: u64,
}

fn slugify(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    while slug.ends_with('-') {
        slug.pop();
    }
    slug
}

fn people_pool(seed: u64, count: usize) -> Vec<Person> {
    let mut rng = Rng::new(seed, 1);
    // Unique names: first x last, then first x double-barrelled last names.
    let mut combos: Vec<String> = Vec::with_capacity(count);
    let mut order: Vec<(usize, usize)> = (0..FIRST.len())
        .flat_map(|f| (0..LAST.len()).map(move |l| (f, l)))
        .collect();
    shuffle(&mut rng, &mut order);
    combos.extend(
        order
            .iter()
            .take(count)
            .map(|&(f, l)| format!("{} {}", FIRST[f], LAST[l])),
    );
    let mut k = 0usize;
    while combos.len() < count {
        let f = FIRST[k % FIRST.len()];
        let a = LAST[(k / FIRST.len()) % LAST.len()];
        let b = LAST[(k / FIRST.len() / LAST.len() + 1 + k) % LAST.len()];
        k += 1;
        if a != b {
            combos.push(format!("{f} {a}-{b}"));
        }
    }
    let mut seen = HashSet::new();
    combos.retain(|name| seen.insert(slugify(name)));
    while combos.len() < count {
        // Only reached by pools larger than the double-barrelled names allow.
        let name = format!("{} {} {}", FIRST[k % FIRST.len()], LAST[k % LAST.len()], k);
        k += 1;
        if seen.insert(slugify(&name)) {
            combos.push(name);
        }
    }
    let mut people: Vec<(Person, Vec<String>)> = combos
        .into_iter()
        .map(|name| {
            let (first, last) = name.split_once(' ').expect("a first and a last name");
            let honorific = rng.pick(HONORIFICS);
            let candidates = vec![
                format!("{honorific} {last}"),
                format!("{}. {last}", &first[..1]),
            ];
            let person = Person {
                slug: slugify(&name),
                role: rng.pick(ROLES),
                organization: rng.pick(ORGANIZATIONS),
                country: rng.pick(COUNTRIES),
                aliases: Vec::new(),
                name,
            };
            (person, candidates)
        })
        .collect();
    // Only aliases that name one person in the whole pool.
    let mut uses: HashMap<String, usize> = HashMap::new();
    for (_, candidates) in &people {
        for alias in candidates {
            *uses.entry(alias.to_lowercase()).or_default() += 1;
        }
    }
    let names: HashSet<String> = people.iter().map(|(p, _)| p.name.to_lowercase()).collect();
    for (person, candidates) in &mut people {
        person.aliases = std::mem::take(candidates)
            .into_iter()
            .filter(|a| uses[&a.to_lowercase()] == 1 && !names.contains(&a.to_lowercase()))
            .collect();
    }
    people.into_iter().map(|(p, _)| p).collect()
}

fn topics_pool(seed: u64, count: usize) -> Vec<Topic> {
    let mut rng = Rng::new(seed, 2);
    let mut themes: Vec<&str> = THEMES.to_vec();
    shuffle(&mut rng, &mut themes);
    let mut combos: Vec<String> = REGIONS
        .iter()
        .flat_map(|r| {
            THEMES.iter().map(move |t| {
                let mut lower = t.to_string();
                lower[..1].make_ascii_lowercase();
                format!("{r} {lower}")
            })
        })
        .collect();
    shuffle(&mut rng, &mut combos);
    let extra = (2000..).flat_map(|y| COUNTRIES.iter().map(move |c| format!("{c} ({y})")));
    let mut seen = HashSet::new();
    themes
        .into_iter()
        .map(str::to_string)
        .chain(combos)
        .chain(extra)
        .filter(|name| seen.insert(slugify(name)))
        .take(count)
        .map(|name| Topic {
            slug: slugify(&name),
            name,
        })
        .collect()
}

fn shuffle<T>(rng: &mut Rng, items: &mut [T]) {
    for i in (1..items.len()).rev() {
        items.swap(i, rng.below(i + 1));
    }
}

/// Draws from a table of (value, probability).
fn pick_count(rng: &mut Rng, table: &[(usize, f64)]) -> usize {
    let r = rng.unit();
    let mut acc = 0.0;
    for &(value, p) in table {
        acc += p;
        if r < acc {
            return value;
        }
    }
    table[table.len() - 1].0
}

const DAYS: i64 = 3653; // 2015-01-01 to 2024-12-31

fn briefs_of(seed: u64, n: usize, people: usize, topics: usize) -> Vec<Brief> {
    let mut rng = Rng::new(seed, 3);
    let person_skew = Zipf::new(people, 1.05, 4.0);
    let topic_skew = Zipf::new(topics, 0.8, 2.0);
    let mut slugs = HashSet::with_capacity(n);
    let mut briefs: Vec<Brief> = (0..n)
        .map(|_| {
            let day = rng.below(DAYS as usize) as i64;
            let mut title = format!(
                "{} {} {}",
                rng.pick(TITLE_ACTORS),
                rng.pick(TITLE_VERBS),
                title_case(rng.pick(POLICIES))
            );
            let tail = rng.pick(TITLE_TAILS);
            if !tail.is_empty() {
                title.push(' ');
                title.push_str(tail);
            }
            // Short enough that a numbered duplicate is not cut back to its original
            // by dossier's slug length limit.
            let mut base = slugify(&title);
            if base.len() > 60 {
                base.truncate(base[..60].rfind('-').unwrap_or(60));
            }
            let mut slug = base.clone();
            let mut k = 2;
            while !slugs.insert(slug.clone()) {
                slug = format!("{base}-{k}");
                k += 1;
            }
            let np = pick_count(
                &mut rng,
                &[(2, 0.2), (3, 0.3), (4, 0.25), (5, 0.15), (6, 0.1)],
            );
            let nt = pick_count(&mut rng, &[(1, 0.3), (2, 0.35), (3, 0.25), (4, 0.1)]);
            Brief {
                title,
                slug,
                day,
                source: rng.below(SOURCES.len()),
                people: person_skew.distinct(&mut rng, np),
                topics: topic_skew.distinct(&mut rng, nt),
                words: rng.range(500, 800),
                body_seed: rng.next(),
            }
        })
        .collect();
    // Every person and topic in at least one brief.
    let mut cover = Rng::new(seed, 4);
    for (pool, cap, of) in [
        (
            people,
            6,
            (|b: &mut Brief| &mut b.people) as fn(&mut Brief) -> &mut Vec<usize>,
        ),
        (topics, 4, |b: &mut Brief| &mut b.topics),
    ] {
        let mut used = vec![false; pool];
        for b in &mut briefs {
            for &i in of(b).iter() {
                used[i] = true;
            }
        }
        for (i, _) in used.iter().enumerate().filter(|(_, u)| !**u) {
            let mut placed = false;
            for _ in 0..1000 {
                let list = of(&mut briefs[cover.below(n)]);
                if list.len() < cap {
                    list.push(i);
                    placed = true;
                    break;
                }
            }
            if !placed {
                // Replace the least-skewed pick of some brief (a site smaller than its pools).
                let list = of(&mut briefs[cover.below(n)]);
                *list.last_mut().expect("every brief names someone") = i;
            }
        }
    }
    briefs
}

fn title_case(text: &str) -> String {
    text.split(' ')
        .map(|w| match w {
            "on" | "of" | "and" => w.to_string(),
            _ => {
                let mut s = w.to_string();
                s[..1].make_ascii_uppercase();
                s
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// (year, month, day) of a day number counted from 2015-01-01.
fn civil(day: i64) -> (i64, u32, u32) {
    // Days from 1970-01-01, then the civil-from-days algorithm (H. Hinnant).
    let z = day + 16_436 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

fn date(day: i64) -> String {
    let (y, m, d) = civil(day);
    format!("{y}-{m:02}-{d:02}")
}

/// A YAML double-quoted scalar (a JSON string is one).
fn quoted(text: &str) -> String {
    serde_json::to_string(text).expect("a string serializes")
}

fn quoted_list<'a>(items: impl Iterator<Item = &'a str>) -> String {
    let items: Vec<String> = items.map(quoted).collect();
    format!("[{}]", items.join(", "))
}

// ---------------------------------------------------------------------------
// Bodies.

struct Body<'a> {
    rng: Rng,
    people: Vec<&'a Person>,
    domain: &'static str,
    year: i64,
    out: String,
    words: usize,
}

impl Body<'_> {
    /// A person of the brief, by name or (one time in eight) by an alias.
    fn person(&mut self) -> String {
        let p = self.people[self.rng.below(self.people.len())];
        if !p.aliases.is_empty() && self.rng.below(8) == 0 {
            p.aliases[self.rng.below(p.aliases.len())].clone()
        } else {
            p.name.clone()
        }
    }

    fn sentence(&mut self) -> String {
        let r = &mut self.rng;
        let actor = r.pick(ACTORS);
        let policy = r.pick(POLICIES);
        let s = match r.below(12) {
            0 => format!(
                "{} {} the {policy} on {} {}, saying it would {} existing rules within {} months.",
                capitalized(actor),
                r.pick(VERBS_PAST),
                r.range(1, 28),
                r.pick(MONTHS),
                r.pick(VERBS_INF),
                r.range(2, 18)
            ),
            1 => format!(
                "The {} proposal would affect {} most directly, according to officials familiar with the talks.",
                r.pick(ADJECTIVES),
                r.pick(GROUPS)
            ),
            2 => {
                let (adj, metric) = (r.pick(ADJECTIVES), r.pick(METRICS));
                format!(
                    "{} told reporters that the {policy} was \"{adj}, but necessary\" given the state of {metric}.",
                    self.person()
                )
            }
            3 => format!(
                "Critics argue that the plan does too little for {} and too much for {}.",
                r.pick(GROUPS),
                r.pick(GROUPS)
            ),
            4 => format!(
                "In {}, {} {} to {}.{} per cent in {}, the highest reading since {}.",
                r.pick(COUNTRIES),
                r.pick(METRICS),
                r.pick(CHANGES),
                r.range(1, 19),
                r.below(10),
                self.year + r.below(4) as i64,
                self.year - 1 - r.below(10) as i64
            ),
            5 => format!(
                "Officials expect the measure to cost about {} million crowns over {} years, a figure {actor} disputes.",
                r.range(10, 950),
                r.range(2, 12)
            ),
            6 => {
                let group = r.pick(GROUPS);
                format!(
                    "{} has said repeatedly that any deal must protect {group}.",
                    self.person()
                )
            }
            7 => format!(
                "A previous attempt to {} the {policy} collapsed in {} after {actor} withdrew its support.",
                r.pick(VERBS_INF),
                self.year - 1 - r.below(8) as i64
            ),
            8 => {
                let (a, b) = (self.person(), self.person());
                format!("{a} and {b} met on the margins of the summit to discuss the {policy}.")
            }
            9 => format!(
                "Negotiators from {} and {} are said to be close on the text but apart on enforcement.",
                r.pick(COUNTRIES),
                r.pick(COUNTRIES)
            ),
            10 => format!(
                "It is not yet clear whether {actor} has the votes to pass the {policy} before the recess."
            ),
            _ => format!(
                "Much will depend on how {actor} interprets the {} language in the final text.",
                r.pick(ADJECTIVES)
            ),
        };
        // Now and then emphasis or an inline link.
        match self.rng.below(10) {
            0 => {
                let (head, tail) = s.split_at(s.find(' ').unwrap_or(0));
                format!("*{head}*{tail}")
            }
            1 => format!(
                "{} (see [{}](https://www.{}.example/press/{}/{})).",
                s.trim_end_matches('.'),
                self.rng.pick(LINK_TEXTS),
                self.domain,
                self.year,
                self.rng.range(100, 9999)
            ),
            _ => s,
        }
    }

    fn block(&mut self, text: &str) {
        self.words += text.split_whitespace().count();
        self.out.push_str(text);
        self.out.push_str("\n\n");
    }

    fn paragraph(&mut self, lo: usize, hi: usize) {
        let n = self.rng.range(lo, hi);
        let sentences: Vec<String> = (0..n).map(|_| self.sentence()).collect();
        self.block(&sentences.join(" "));
    }

    fn write(mut self, target: usize, speaker: &Person) -> (String, usize) {
        self.paragraph(2, 4);
        self.paragraph(3, 5);
        let heading = format!("## {}", self.rng.pick(HEADINGS));
        self.block(&heading);
        self.paragraph(3, 5);
        let items: Vec<String> = (0..self.rng.range(3, 6))
            .map(|_| {
                let r = &mut self.rng;
                format!(
                    "- **{}** {} by {}.{} per cent",
                    capitalized(r.pick(METRICS)),
                    r.pick(CHANGES),
                    r.range(0, 9),
                    r.below(10)
                )
            })
            .collect();
        self.block(&items.join("\n"));
        let quote = format!(
            "> \"We will not {} the {} at the expense of {}.\"\n>\n> -- {}, {}",
            self.rng.pick(VERBS_INF),
            self.rng.pick(POLICIES),
            self.rng.pick(GROUPS),
            speaker.name,
            speaker.role
        );
        self.block(&quote);
        while self.words < target {
            if self.rng.below(7) == 0 {
                let heading = format!("## {}", self.rng.pick(HEADINGS));
                self.block(&heading);
            }
            self.paragraph(3, 6);
        }
        (self.out, self.words)
    }
}

fn capitalized(text: &str) -> String {
    let mut s = text.to_string();
    s[..1].make_ascii_uppercase();
    s
}

// ---------------------------------------------------------------------------
// Writing.

/// Writes the site into `dir`, which must be missing or hold no briefs.
pub fn write(dir: &Path, options: &Options) -> std::io::Result<Written> {
    let n = options.briefs.max(1);
    let seed = options.seed;
    let people = people_pool(seed, (n / 10).max(50));
    let topics = topics_pool(seed, (n / 50).max(20));
    let briefs = briefs_of(seed, n, people.len(), topics.len());

    let briefs_dir = dir.join("content/briefs");
    if briefs_dir.is_dir() && std::fs::read_dir(&briefs_dir)?.next().is_some() {
        return Err(std::io::Error::other(format!(
            "{} already holds files: generate into a new or empty folder",
            briefs_dir.display()
        )));
    }
    std::fs::create_dir_all(&briefs_dir)?;
    let mut written = Written {
        people_count: people.len(),
        topics_count: topics.len(),
        ..Written::default()
    };
    let mut bytes = 0u64;
    let mut put = |rel: &str, text: &str| -> std::io::Result<()> {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        bytes += text.len() as u64;
        std::fs::write(path, text)
    };

    match options.flavor {
        Flavor::Dossier => put(
            "site.yaml",
            "title: Policy Briefs\nbase_url: https://briefs.example.org/\nlanguage: en\ndescription: A generated archive of policy briefs.\n",
        )?,
        Flavor::Hugo => {
            for (rel, text) in HUGO_SITE {
                put(rel, text)?;
            }
        }
    }

    let mut alias_rng = Rng::new(seed, 5);
    let mut named = vec![0usize; people.len()];
    let mut text = String::with_capacity(8192);
    let mut rels = Vec::with_capacity(n);
    let mut words = 0;
    for b in &briefs {
        for &p in &b.people {
            named[p] += 1;
        }
        let mut rng = Rng::new(b.body_seed, 6);
        let brief_people: Vec<&Person> = b.people.iter().map(|&i| &people[i]).collect();
        let (source, domain) = SOURCES[b.source];
        let (year, _, _) = civil(b.day);
        let summary = format!(
            "{} {} the {} as {} {}.",
            capitalized(rng.pick(ACTORS)),
            rng.pick(VERBS_PAST),
            rng.pick(POLICIES),
            rng.pick(METRICS),
            rng.pick(CHANGES)
        );
        let body = Body {
            rng,
            people: brief_people,
            domain,
            year,
            out: String::with_capacity(6000),
            words: 0,
        };
        let (body, body_words) = body.write(b.words, &people[b.people[0]]);
        words += body_words;
        let names: Vec<&str> = b
            .people
            .iter()
            .map(|&i| {
                let p = &people[i];
                if options.flavor == Flavor::Dossier
                    && !p.aliases.is_empty()
                    && alias_rng.below(10) == 0
                {
                    p.aliases[alias_rng.below(p.aliases.len())].as_str()
                } else {
                    p.name.as_str()
                }
            })
            .collect();
        let issued_day = b.day - [0, 0, 0, 1, 2][b.day as usize % 5];
        let issued = match options.flavor {
            Flavor::Dossier => date(issued_day),
            // Hugo would read a bare date as a time value; the theme prints it as is.
            Flavor::Hugo => quoted(&date(issued_day)),
        };
        text.clear();
        let _ = write!(
            text,
            "---\ntitle: {}\ndate: {}\nsource:\n  name: {}\n  url: {}\n  issued: {issued}\npeople: {}\ntopics: {}\nsummary: {}\n---\n\n{body}",
            quoted(&b.title),
            date(b.day),
            quoted(source),
            quoted(&format!(
                "https://www.{domain}.example/press/{year}/{}",
                &b.slug[..b.slug.len().min(40)].trim_end_matches('-')
            )),
            quoted_list(names.iter().copied()),
            quoted_list(b.topics.iter().map(|&t| topics[t].name.as_str())),
            quoted(&summary),
        );
        let rel = format!("content/briefs/{}.md", b.slug);
        put(&rel, &text)?;
        rels.push(PathBuf::from(rel));
    }

    let mut registry = Vec::new();
    if options.flavor == Flavor::Dossier {
        let mut order: Vec<usize> = (0..people.len()).collect();
        order.sort_by_key(|&i| std::cmp::Reverse(named[i]));
        let mut rng = Rng::new(seed, 7);
        for &i in &order {
            let p = &people[i];
            text.clear();
            let _ = write!(text, "---\nname: {}\n", quoted(&p.name));
            if !p.aliases.is_empty() {
                let _ = writeln!(
                    text,
                    "aliases: {}",
                    quoted_list(p.aliases.iter().map(String::as_str))
                );
            }
            let _ = write!(
                text,
                "role: {}\norganization: {}\ncountry: {}\n---\n{} is {} at the {} in {}. Previously worked on the {} and the {}.\n",
                quoted(p.role),
                quoted(p.organization),
                quoted(p.country),
                p.name,
                p.role,
                p.organization,
                p.country,
                rng.pick(POLICIES),
                rng.pick(POLICIES)
            );
            let rel = format!("content/people/{}.md", p.slug);
            put(&rel, &text)?;
            registry.push(PathBuf::from(rel));
        }
    }
    written.bytes = bytes;
    written.people = registry;
    written.briefs = rels;
    written.words = words;
    let mut counts = named;
    counts.sort_unstable_by(|a, b| b.cmp(a));
    written.top_people = counts.into_iter().take(5).collect();
    Ok(written)
}

/// Hugo's side: settings and a minimal theme making the same pages as dossier's
/// core (brief, person, topic, the paginated brief list, the two indexes), with
/// the same markup on every list entry.
const HUGO_SITE: &[(&str, &str)] = &[
    (
        "hugo.toml",
        r#"baseURL = "https://briefs.example.org/"
languageCode = "en"
title = "Policy Briefs"
disableKinds = ["rss", "sitemap", "robotstxt", "404"]
disableHugoGeneratorInject = true
capitalizeListTitles = false
pluralizeListTitles = false

[pagination]
  pagerSize = 20

[taxonomies]
  person = "people"
  topic = "topics"

[markup.goldmark.extensions]
  typographer = true
"#,
    ),
    ("content/_index.md", "---\ntitle: Policy Briefs\n---\n"),
    ("content/briefs/_index.md", "---\ntitle: Briefs\n---\n"),
    (
        "layouts/baseof.html",
        r#"<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ .Title }} - {{ site.Title }}</title></head>
<body>
<header><a href="/">{{ site.Title }}</a>
<nav><a href="/briefs/">Briefs</a> <a href="/people/">People</a> <a href="/topics/">Topics</a></nav></header>
<main>{{ block "main" . }}{{ end }}</main>
</body>
</html>
"#,
    ),
    (
        "layouts/_partials/entry.html",
        r#"<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> <time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "2 January 2006" }}</time><p>{{ .Params.summary }}</p></li>
"#,
    ),
    (
        "layouts/home.html",
        r#"{{ define "main" }}<h1>Latest briefs</h1>
<ul>{{ range first 10 (where site.RegularPages "Section" "briefs").ByDate.Reverse }}{{ partial "entry.html" . }}{{ end }}</ul>
<p><a href="/briefs/">All briefs</a></p>{{ end }}
"#,
    ),
    (
        "layouts/section.html",
        r#"{{ define "main" }}{{ $pager := .Paginate .Pages.ByDate.Reverse }}<h1>Briefs</h1>
<ul>{{ range $pager.Pages }}{{ partial "entry.html" . }}{{ end }}</ul>
<nav>{{ with $pager.Prev }}<a href="{{ .URL }}">Newer</a>{{ end }} Page {{ $pager.PageNumber }} of {{ $pager.TotalPages }} {{ with $pager.Next }}<a href="{{ .URL }}">Older</a>{{ end }}</nav>{{ end }}
"#,
    ),
    (
        "layouts/page.html",
        r#"{{ define "main" }}<article><h1>{{ .Title }}</h1>
{{ with .Params.source }}<p><time datetime="{{ $.Date.Format "2006-01-02" }}">{{ $.Date.Format "2 January 2006" }}</time> - <a href="{{ .url }}">{{ .name }}</a>, issued {{ .issued }}</p>{{ end }}
<p>People: {{ range $i, $t := .GetTerms "people" }}{{ if $i }}, {{ end }}<a href="{{ $t.RelPermalink }}">{{ $t.LinkTitle }}</a>{{ end }}</p>
<p>Topics: {{ range $i, $t := .GetTerms "topics" }}{{ if $i }}, {{ end }}<a href="{{ $t.RelPermalink }}">{{ $t.LinkTitle }}</a>{{ end }}</p>
{{ .Content }}</article>{{ end }}
"#,
    ),
    (
        "layouts/taxonomy.html",
        r#"{{ define "main" }}<h1>{{ .Title }}</h1>
<ul>{{ range .Data.Terms.Alphabetical }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.LinkTitle }}</a> ({{ .Count }})</li>{{ end }}</ul>{{ end }}
"#,
    ),
    (
        "layouts/term.html",
        r#"{{ define "main" }}<h1>{{ .Title }}</h1>
<p>{{ len .Pages }} briefs</p>
<ul>{{ range .Pages.ByDate.Reverse }}{{ partial "entry.html" . }}{{ end }}</ul>{{ end }}
"#,
    ),
];
