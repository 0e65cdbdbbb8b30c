//! Figures' images fetched over HTTP and HTTPS (feature `fetch`): an [`ImageResolver`]
//! that downloads each image once into an on-disk cache keyed by URL, so that a second
//! book of the same posts fetches nothing.

use std::collections::HashMap;
use std::io::Read;
use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::Duration;

use url::Url;

use super::images::{is_webp, ImageInfo, ImageResolver};

/// How [`HttpImageResolver`] fetches.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct FetchOptions {
    /// Time allowed to connect. Default 10 s.
    pub connect_timeout: Duration,
    /// Time allowed for a whole request, body included. Default 30 s.
    pub timeout: Duration,
    /// The largest image accepted, in bytes. Default 20 MiB.
    pub max_bytes: u64,
    /// Redirects followed; one more is a failure (so is a loop). Default 5.
    pub max_redirects: u32,
    /// Further attempts after a transient failure (a timeout, a refused connection, a
    /// 5xx or 429 answer), waiting 250 ms, then 500 ms… Default 2.
    pub retries: u32,
    /// Downloads at once in [`ImageResolver::prefetch`]. Default 4.
    pub concurrency: usize,
    /// Whether hosts that are loopback, private or link-local addresses (or
    /// `localhost`) may be fetched. Default `false`: a post cannot make the tool reach
    /// into the machine's own network. Only literal addresses are checked.
    pub allow_local: bool,
    /// The `User-Agent` header.
    pub user_agent: String,
}

impl Default for FetchOptions {
    fn default() -> Self {
        FetchOptions {
            connect_timeout: Duration::from_secs(10),
            timeout: Duration::from_secs(30),
            max_bytes: 20 << 20,
            max_redirects: 5,
            retries: 2,
            concurrency: 4,
            allow_local: false,
            user_agent: concat!("newspost/", env!("CARGO_PKG_VERSION")).to_owned(),
        }
    }
}

impl FetchOptions {
    /// These options with a total request timeout.
    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// These options accepting images up to `bytes`.
    pub fn with_max_bytes(mut self, bytes: u64) -> Self {
        self.max_bytes = bytes;
        self
    }

    /// These options retrying transient failures `retries` times.
    pub fn with_retries(mut self, retries: u32) -> Self {
        self.retries = retries;
        self
    }

    /// These options allowing (or not) loopback and private hosts.
    pub fn with_allow_local(mut self, allow: bool) -> Self {
        self.allow_local = allow;
        self
    }

    /// These options downloading `n` images at once (at least one).
    pub fn with_concurrency(mut self, n: usize) -> Self {
        self.concurrency = n.max(1);
        self
    }
}

/// Fetches figures' images over HTTP and HTTPS into a cache directory.
///
/// Each URL is fetched at most once: its bytes are kept in `DIR/xx/<sha1 of the URL>`
/// (written atomically), and an answer that will not change (a 4xx status, bytes that
/// are no image, an image over the size cap) is remembered as `<sha1>.failed` with its
/// reason, so a second book of the same posts makes no request. Transient failures
/// (timeouts, refused connections, 5xx) are retried, then left out of the cache.
///
/// The answer's `Content-Type` is not trusted: the bytes must be a JPEG, PNG or GIF whose
/// header decodes, or a WebP (transcoded by the book). Redirects are followed up to
/// [`FetchOptions::max_redirects`]; the body is read up to [`FetchOptions::max_bytes`].
///
/// ```no_run
/// use std::sync::Arc;
/// use newspost::{EpubOptions, FetchOptions, HttpImageResolver};
/// let images = HttpImageResolver::new("/tmp/newspost-images", FetchOptions::default())?;
/// let options = EpubOptions::default().with_images(Arc::new(images));
/// # Ok::<(), std::io::Error>(())
/// ```
pub struct HttpImageResolver {
    cache: PathBuf,
    options: FetchOptions,
    agent: ureq::Agent,
    /// Failures of this run, by URL (also those read from the cache).
    failures: Mutex<HashMap<String, String>>,
    /// Requests made (attempts included), for tests and summaries.
    requests: AtomicUsize,
}

impl std::fmt::Debug for HttpImageResolver {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HttpImageResolver")
            .field("cache", &self.cache)
            .field("options", &self.options)
            .finish_non_exhaustive()
    }
}

/// Why one fetch failed, and whether trying again later may help.
struct Failure {
    reason: String,
    transient: bool,
}

impl Failure {
    fn permanent(reason: impl Into<String>) -> Self {
        Failure {
            reason: reason.into(),
            transient: false,
        }
    }

    fn transient(reason: impl Into<String>) -> Self {
        Failure {
            reason: reason.into(),
            transient: true,
        }
    }
}

impl HttpImageResolver {
    /// A resolver caching into `cache` (created if missing).
    pub fn new(cache: impl Into<PathBuf>, options: FetchOptions) -> std::io::Result<Self> {
        let cache = cache.into();
        std::fs::create_dir_all(&cache)?;
        let config = ureq::Agent::config_builder()
            .timeout_connect(Some(options.connect_timeout))
            .timeout_global(Some(options.timeout))
            .max_redirects(options.max_redirects)
            .http_status_as_error(false)
            .user_agent(options.user_agent.as_str())
            .build();
        Ok(HttpImageResolver {
            cache,
            options,
            agent: config.into(),
            failures: Mutex::new(HashMap::new()),
            requests: AtomicUsize::new(0),
        })
    }

    /// The URLs that could not be fetched so far, with the reason, sorted by URL.
    pub fn failures(&self) -> Vec<(String, String)> {
        let failures = match self.failures.lock() {
            Ok(f) => f,
            Err(poisoned) => poisoned.into_inner(),
        };
        let mut out: Vec<(String, String)> = failures
            .iter()
            .map(|(u, r)| (u.clone(), r.clone()))
            .collect();
        out.sort();
        out
    }

    /// HTTP requests made so far (each attempt counts).
    pub fn requests(&self) -> usize {
        self.requests.load(Ordering::Relaxed)
    }

    /// The cache file of `url`.
    pub fn cache_path(&self, url: &str) -> PathBuf {
        let hex = sha1_smol::Sha1::from(url.as_bytes()).digest().to_string();
        self.cache.join(&hex[..2]).join(&hex)
    }

    fn remember(&self, url: &str, reason: String) {
        let mut failures = match self.failures.lock() {
            Ok(f) => f,
            Err(poisoned) => poisoned.into_inner(),
        };
        failures.insert(url.to_owned(), reason);
    }

    fn known_failure(&self, url: &str) -> bool {
        match self.failures.lock() {
            Ok(f) => f.contains_key(url),
            Err(poisoned) => poisoned.into_inner().contains_key(url),
        }
    }

    /// The image's bytes from the cache, else fetched (and cached).
    fn get(&self, url: &str) -> Option<Vec<u8>> {
        let path = self.cache_path(url);
        if let Ok(bytes) = std::fs::read(&path) {
            return Some(bytes);
        }
        if self.known_failure(url) {
            return None;
        }
        let failed = path.with_extension("failed");
        if let Ok(reason) = std::fs::read_to_string(&failed) {
            self.remember(url, format!("{} (cached)", reason.trim()));
            return None;
        }
        match self.fetch(url) {
            Ok(bytes) => {
                // A cache that cannot be written still gives this run its image.
                let _ = write_atomically(&path, &bytes);
                Some(bytes)
            }
            Err(failure) => {
                if !failure.transient {
                    let _ = write_atomically(&failed, failure.reason.as_bytes());
                }
                self.remember(url, failure.reason);
                None
            }
        }
    }

    /// Fetches `url`, retrying transient failures.
    fn fetch(&self, url: &str) -> Result<Vec<u8>, Failure> {
        let parsed = Url::parse(url).map_err(|e| Failure::permanent(format!("bad URL: {e}")))?;
        if !matches!(parsed.scheme(), "http" | "https") {
            return Err(Failure::permanent("not an http or https URL"));
        }
        if !self.options.allow_local && is_local(&parsed) {
            return Err(Failure::permanent("a local or private address"));
        }
        let mut attempt = 0;
        loop {
            match self.fetch_once(url) {
                Err(failure) if failure.transient && attempt < self.options.retries => {
                    std::thread::sleep(Duration::from_millis(250 << attempt.min(6)));
                    attempt += 1;
                }
                result => return result,
            }
        }
    }

    fn fetch_once(&self, url: &str) -> Result<Vec<u8>, Failure> {
        self.requests.fetch_add(1, Ordering::Relaxed);
        let mut response = self.agent.get(url).call().map_err(|e| match e {
            ureq::Error::TooManyRedirects => Failure::permanent(format!(
                "more than {} redirects",
                self.options.max_redirects
            )),
            ureq::Error::Timeout(_) => Failure::transient("timed out"),
            ureq::Error::Io(e) => Failure::transient(format!("connection failed: {e}")),
            ureq::Error::HostNotFound => Failure::transient("host not found"),
            ureq::Error::ConnectionFailed => Failure::transient("connection failed"),
            other => Failure::permanent(other.to_string()),
        })?;
        let status = response.status().as_u16();
        if status == 429 || status >= 500 {
            return Err(Failure::transient(format!("HTTP {status}")));
        }
        if status >= 300 {
            return Err(Failure::permanent(format!("HTTP {status}")));
        }
        let max = self.options.max_bytes;
        let declared = response
            .headers()
            .get("content-length")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<u64>().ok());
        if declared.is_some_and(|len| len > max) {
            return Err(Failure::permanent(format!("larger than {max} bytes")));
        }
        let content_type = response
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("no content type")
            .to_owned();
        let mut bytes = Vec::new();
        response
            .body_mut()
            .as_reader()
            .take(max + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| match e.kind() {
                std::io::ErrorKind::TimedOut => Failure::transient("timed out"),
                _ => Failure::transient(format!("reading the answer: {e}")),
            })?;
        if bytes.len() as u64 > max {
            return Err(Failure::permanent(format!("larger than {max} bytes")));
        }
        // Sniffed, whatever the server says the type is.
        if ImageInfo::probe(&bytes).is_none() && !is_webp(&bytes) {
            return Err(Failure::permanent(format!(
                "not a JPEG, PNG, GIF or WebP image ({content_type})"
            )));
        }
        Ok(bytes)
    }
}

impl ImageResolver for HttpImageResolver {
    fn resolve(&self, url: &str) -> Option<Vec<u8>> {
        self.get(url)
    }

    /// Fetches every URL not cached yet, [`FetchOptions::concurrency`] at a time.
    fn prefetch(&self, urls: &[&str]) {
        let missing: Vec<&str> = urls
            .iter()
            .copied()
            .filter(|url| {
                let path = self.cache_path(url);
                !path.exists() && !path.with_extension("failed").exists()
            })
            .collect();
        if missing.is_empty() {
            return;
        }
        let next = AtomicUsize::new(0);
        let threads = self.options.concurrency.clamp(1, missing.len());
        std::thread::scope(|scope| {
            for _ in 0..threads {
                scope.spawn(|| loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(url) = missing.get(i) else { break };
                    let _ = self.get(url);
                });
            }
        });
    }
}

/// Whether the URL's host is `localhost` or a loopback, private, link-local or
/// unspecified address.
fn is_local(url: &Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(d)) => {
            let d = d.trim_end_matches('.').to_ascii_lowercase();
            d == "localhost" || d.ends_with(".localhost")
        }
        Some(url::Host::Ipv4(ip)) => is_local_ip(IpAddr::V4(ip)),
        Some(url::Host::Ipv6(ip)) => is_local_ip(IpAddr::V6(ip)),
        None => true,
    }
}

fn is_local_ip(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => {
            v4.is_loopback()
                || v4.is_private()
                || v4.is_link_local()
                || v4.is_unspecified()
                || v4.is_broadcast()
                // 100.64.0.0/10, carrier-grade NAT.
                || (v4.octets()[0] == 100 && (v4.octets()[1] & 0xc0) == 64)
        }
        IpAddr::V6(v6) => {
            if let Some(v4) = v6.to_ipv4_mapped() {
                return is_local_ip(IpAddr::V4(v4));
            }
            let first = v6.segments()[0];
            v6.is_loopback()
                || v6.is_unspecified()
                // fc00::/7 unique local, fe80::/10 link-local.
                || (first & 0xfe00) == 0xfc00
                || (first & 0xffc0) == 0xfe80
        }
    }
}

/// Writes `bytes` to `path` through a temporary file in the same directory.
fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temp = dir.join(format!(
        ".{name}.{}.{:?}.tmp",
        std::process::id(),
        std::thread::current().id()
    ));
    std::fs::write(&temp, bytes)?;
    std::fs::rename(&temp, path).inspect_err(|_| {
        let _ = std::fs::remove_file(&temp);
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_hosts_are_recognised() {
        for local in [
            "http://localhost/a.png",
            "http://127.0.0.1:8080/a.png",
            "http://10.1.2.3/a.png",
            "http://192.168.0.1/a.png",
            "http://169.254.169.254/latest/meta-data",
            "http://[::1]/a.png",
            "http://[fd00::1]/a.png",
            "http://[::ffff:127.0.0.1]/a.png",
            "http://0.0.0.0/a.png",
        ] {
            assert!(is_local(&Url::parse(local).unwrap()), "{local}");
        }
        for remote in [
            "https://img.example.com/a.png",
            "http://93.184.216.34/a.png",
        ] {
            assert!(!is_local(&Url::parse(remote).unwrap()), "{remote}");
        }
    }
}
