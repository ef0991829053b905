//! Politeness: one request at a time per host, a least delay between them,
//! and each host's robots.txt, read once.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::sync::{Mutex as AsyncMutex, OwnedMutexGuard};
use tokio::time::Instant;
use url::Url;

/// A host's turn: held while its request is in flight.
#[derive(Debug)]
pub struct Turn {
    guard: OwnedMutexGuard<Option<Instant>>,
}

impl Drop for Turn {
    fn drop(&mut self) {
        // The delay runs from the end of one request to the start of the next.
        *self.guard = Some(Instant::now());
    }
}

/// What robots.txt says for our user agent.
#[derive(Debug)]
pub enum Robots {
    /// No robots.txt, or one that says nothing about us.
    AllowAll,
    /// Its rules.
    Rules(Box<texting_robots::Robot>),
}

impl Robots {
    /// Reads a robots.txt; one that does not parse allows everything.
    pub fn parse(agent: &str, body: &[u8]) -> Robots {
        // The product token is the agent's first word (`leakwatch/0.2 (+mailto…)` → `leakwatch`).
        let token = agent
            .split(['/', ' '])
            .next()
            .filter(|t| !t.is_empty())
            .unwrap_or("leakwatch");
        match texting_robots::Robot::new(token, body) {
            Ok(r) => Robots::Rules(Box::new(r)),
            Err(_) => Robots::AllowAll,
        }
    }

    /// Whether `url` may be fetched.
    pub fn allowed(&self, url: &str) -> bool {
        match self {
            Robots::AllowAll => true,
            Robots::Rules(r) => r.allowed(url),
        }
    }
}

#[derive(Debug, Default)]
struct Host {
    last: Arc<AsyncMutex<Option<Instant>>>,
    robots: Option<Arc<Robots>>,
}

/// Every host seen, by origin.
#[derive(Debug)]
pub struct Hosts {
    min_delay: Duration,
    hosts: Mutex<HashMap<String, Host>>,
}

impl Hosts {
    pub fn new(min_delay: Duration) -> Hosts {
        Hosts {
            min_delay,
            hosts: Mutex::new(HashMap::new()),
        }
    }

    fn key(url: &Url) -> String {
        // Politeness is per host name, whatever the scheme or port.
        url.host_str().unwrap_or_default().to_ascii_lowercase()
    }

    /// Waits for the host's turn: until no request of ours is in flight to it
    /// and `min_delay` has passed since the last one ended.
    pub async fn turn(&self, url: &Url) -> Turn {
        let lock = {
            let mut hosts = self.hosts.lock().unwrap_or_else(|p| p.into_inner());
            hosts.entry(Self::key(url)).or_default().last.clone()
        };
        let guard = lock.lock_owned().await;
        if let Some(last) = *guard {
            tokio::time::sleep_until(last + self.min_delay).await;
        }
        Turn { guard }
    }

    /// The robots rules known for an origin.
    pub fn robots(&self, origin: &str) -> Option<Arc<Robots>> {
        let hosts = self.hosts.lock().unwrap_or_else(|p| p.into_inner());
        hosts.get(&format!("robots {origin}"))?.robots.clone()
    }

    /// Remembers an origin's robots rules.
    pub fn set_robots(&self, origin: &str, robots: Robots) {
        let mut hosts = self.hosts.lock().unwrap_or_else(|p| p.into_inner());
        hosts.entry(format!("robots {origin}")).or_default().robots = Some(Arc::new(robots));
    }
}
