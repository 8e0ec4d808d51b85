//! `check --external`: every external link requested once, with a short timeout,
//! a few hosts at a time and never more than a couple of requests at once to one
//! host, so a check neither hangs on a dead server nor hammers a live one.

use std::collections::BTreeMap;
use std::sync::Mutex;
use std::time::Duration;

use super::ExternalLink;
use crate::error::Diagnostic;

/// How hard `check --external` may ask.
#[derive(Debug, Clone)]
pub struct Limits {
    /// For one request, connecting included.
    pub timeout: Duration,
    /// Requests in flight to one host at once.
    pub per_host: usize,
    /// Requests in flight at once in all.
    pub total: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            timeout: Duration::from_secs(5),
            per_host: 2,
            total: 8,
        }
    }
}

/// Requests every distinct URL of `links` and returns a warning at each place a
/// failing URL is written (a status of 400 or more, or no answer in time).
pub fn check(links: &[ExternalLink], limits: &Limits) -> Vec<Diagnostic> {
    // Each URL once, grouped by host; each host's URLs dealt to `per_host` queues.
    let mut by_host: BTreeMap<String, Vec<&str>> = BTreeMap::new();
    for link in links {
        let list = by_host.entry(host(&link.url)).or_default();
        if !list.contains(&link.url.as_str()) {
            list.push(&link.url);
        }
    }
    let per_host = limits.per_host.max(1);
    let mut queues: Vec<Vec<&str>> = Vec::new();
    for urls in by_host.values() {
        let count = per_host.min(urls.len());
        let mut lanes = vec![Vec::new(); count];
        for (i, url) in urls.iter().enumerate() {
            lanes[i % count].push(*url);
        }
        queues.extend(lanes);
    }
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(limits.timeout))
        .http_status_as_error(false)
        .user_agent(concat!(
            "dossier/",
            env!("CARGO_PKG_VERSION"),
            " (link check)"
        ))
        .build()
        .into();
    let queues = Mutex::new(queues);
    let failures: Mutex<BTreeMap<String, String>> = Mutex::new(BTreeMap::new());
    std::thread::scope(|scope| {
        for _ in 0..limits.total.max(1) {
            scope.spawn(|| {
                loop {
                    // A worker panicking while holding the queue cannot happen: the
                    // lock guards a pop only.
                    let lane = queues.lock().map(|mut q| q.pop()).unwrap_or(None);
                    let Some(lane) = lane else { break };
                    for url in lane {
                        if let Some(why) = request(&agent, url)
                            && let Ok(mut f) = failures.lock()
                        {
                            f.insert(url.to_owned(), why);
                        }
                    }
                }
            });
        }
    });
    let failures = failures.into_inner().unwrap_or_default();
    links
        .iter()
        .filter_map(|link| {
            let why = failures.get(&link.url)?;
            let mut d = link.at.clone();
            d.message = format!("the external link `{}` failed: {why}", link.url);
            Some(d.with_help("correct or remove the link, or link an archived copy"))
        })
        .collect()
}

/// What went wrong with `url`, if anything: HEAD first, and GET when a server
/// does not answer HEAD properly.
fn request(agent: &ureq::Agent, url: &str) -> Option<String> {
    let status = |r: Result<ureq::http::Response<ureq::Body>, ureq::Error>| match r {
        Ok(response) => Ok(response.status()),
        Err(e) => Err(e.to_string()),
    };
    let mut outcome = status(agent.head(url).call());
    if matches!(&outcome, Ok(s) if s.as_u16() >= 400) {
        outcome = status(agent.get(url).call());
    }
    match outcome {
        Ok(s) if s.as_u16() < 400 => None,
        Ok(s) => Some(format!(
            "{} {}",
            s.as_u16(),
            s.canonical_reason().unwrap_or_default()
        )),
        Err(e) => Some(e),
    }
}

/// The host (and port) of a URL, for the per-host limit.
fn host(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    rest.split(['/', '?', '#'])
        .next()
        .unwrap_or_default()
        .rsplit('@')
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_are_grouped_by_name_and_port() {
        assert_eq!(
            host("https://User@Example.org:8080/a?b"),
            "example.org:8080"
        );
        assert_eq!(host("http://example.org"), "example.org");
    }
}
