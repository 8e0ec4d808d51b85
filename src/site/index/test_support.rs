//! Hand-made sites for unit tests across the crate.

use std::path::PathBuf;

use crate::config::SiteConfig;
use crate::content::DateValue;
use crate::site::{Brief, BriefId, Person, PersonId, Registry, Site, Topic, TopicId};

/// Brief ids from indexes.
pub(crate) fn ids(v: &[u32]) -> Vec<BriefId> {
    v.iter().map(|&i| BriefId(i)).collect()
}

/// A date from `YYYY-MM-DD`.
pub(crate) fn date(s: &str) -> DateValue {
    DateValue::parse(s).expect("test dates are valid")
}

/// A person from the registry (`path` set) with aliases.
pub(crate) fn person(name: &str, aliases: &[&str]) -> Person {
    Person {
        slug: crate::slug::slugify(name),
        name: name.to_owned(),
        aliases: aliases.iter().map(|a| (*a).to_owned()).collect(),
        role: None,
        organization: None,
        roles: Vec::new(),
        country: None,
        bio: String::new(),
        path: Some(PathBuf::from(format!(
            "content/people/{}.md",
            crate::slug::slugify(name)
        ))),
        briefs: Vec::new(),
        tuning: Default::default(),
        image: None,
        extra: serde_yaml::Mapping::new(),
    }
}

/// A topic from the registry with aliases.
pub(crate) fn topic(name: &str, aliases: &[&str]) -> Topic {
    Topic {
        slug: crate::slug::slugify(name),
        name: name.to_owned(),
        aliases: aliases.iter().map(|a| (*a).to_owned()).collect(),
        description: String::new(),
        path: Some(PathBuf::from(format!(
            "content/topics/{}.md",
            crate::slug::slugify(name)
        ))),
        briefs: Vec::new(),
        tuning: Default::default(),
        extra: serde_yaml::Mapping::new(),
    }
}

/// A site of `briefs` given as `(date, people, topics)`, which must be newest
/// first; back links, name orders and registries are filled in as resolving would.
pub(crate) fn site(
    people: Vec<Person>,
    topics: Vec<Topic>,
    briefs: &[(&str, &[u32], &[u32])],
) -> Site {
    let mut people = people;
    let mut topics = topics;
    let briefs: Vec<Brief> = briefs
        .iter()
        .enumerate()
        .map(|(i, (d, ps, ts))| Brief {
            path: PathBuf::from(format!("content/briefs/b{i}.md")),
            slug: format!("b{i}"),
            title: format!("Brief {i}"),
            date: date(d),
            updated: None,
            summary: None,
            body: Default::default(),
            body_file: None,
            body_line: 1,
            people: ps.iter().map(|&p| PersonId(p)).collect(),
            topics: ts.iter().map(|&t| TopicId(t)).collect(),
            citations: Vec::new(),
            quotes: Vec::new(),
            draft: false,
            future: false,
            authors: Vec::new(),
            terms: [Vec::new(), Vec::new()],
            aliases: Vec::new(),
            image: None,
            extra: serde_yaml::Mapping::new(),
        })
        .collect();
    for w in briefs.windows(2) {
        assert!(
            w[0].date.sort_key() >= w[1].date.sort_key(),
            "test briefs must be newest first"
        );
    }
    for (i, b) in briefs.iter().enumerate() {
        for p in &b.people {
            people[p.index()].briefs.push(BriefId(i as u32));
        }
        for t in &b.topics {
            topics[t.index()].briefs.push(BriefId(i as u32));
        }
    }
    let mut people_registry = Registry::default();
    for (i, p) in people.iter().enumerate() {
        if p.path.is_some() {
            people_registry.add_name(&p.slug, i as u32);
            people_registry.add_name(&p.name, i as u32);
            for a in &p.aliases {
                people_registry.add_alias(a, i as u32);
            }
        }
    }
    let mut topics_registry = Registry::default();
    for (i, t) in topics.iter().enumerate() {
        if t.path.is_some() {
            topics_registry.add_name(&t.slug, i as u32);
            topics_registry.add_name(&t.name, i as u32);
            for a in &t.aliases {
                topics_registry.add_alias(a, i as u32);
            }
        }
    }
    let mut people_by_name: Vec<PersonId> = (0..people.len() as u32).map(PersonId).collect();
    people_by_name.sort_by_key(|p| people[p.index()].name.to_lowercase());
    let mut topics_by_name: Vec<TopicId> = (0..topics.len() as u32).map(TopicId).collect();
    topics_by_name.sort_by_key(|t| topics[t.index()].name.to_lowercase());
    Site {
        config: SiteConfig::default(),
        briefs: briefs.into_iter().map(std::sync::Arc::new).collect(),
        people: people.into(),
        topics,
        sources: Vec::new(),
        people_by_name,
        topics_by_name,
        sources_by_name: Vec::new(),
        authors: Vec::new(),
        authors_by_name: Vec::new(),
        taxonomies: Default::default(),
        pages: Vec::new(),
        people_registry: people_registry.into(),
        topics_registry: topics_registry.into(),
        warnings: Vec::new(),
    }
}
