//! The load generator: `concurrency` clients, each on its own keep-alive connection, send GET
//! requests to one URL back to back for a fixed time and record each request's latency.

use std::time::{Duration, Instant};

/// What one target did during its measured time.
pub struct Measure {
    pub requests: usize,
    pub elapsed: Duration,
    /// Latencies in microseconds, sorted.
    latencies: Vec<u64>,
    pub bytes: u64,
    pub errors: usize,
    /// The first few errors, to show what went wrong.
    pub error_samples: Vec<String>,
}

impl Measure {
    pub fn per_second(&self) -> f64 {
        self.requests as f64 / self.elapsed.as_secs_f64().max(f64::EPSILON)
    }

    /// The latency below which `percent` of the requests finished, in milliseconds.
    pub fn percentile_ms(&self, percent: f64) -> f64 {
        if self.latencies.is_empty() {
            return 0.0;
        }
        let rank = (percent / 100.0 * self.latencies.len() as f64).ceil() as usize;
        self.latencies[rank.clamp(1, self.latencies.len()) - 1] as f64 / 1000.0
    }

    pub fn max_ms(&self) -> f64 {
        self.latencies.last().map_or(0.0, |us| *us as f64 / 1000.0)
    }

    pub fn mean_bytes(&self) -> u64 {
        self.bytes / (self.requests.max(1) as u64)
    }
}

#[derive(Default)]
struct Worker {
    latencies: Vec<u64>,
    bytes: u64,
    errors: usize,
    error_samples: Vec<String>,
}

/// A client with a single keep-alive connection. `accept_encoding` is sent as is; the body is
/// counted, not decoded.
pub fn client(accept_encoding: Option<&str>) -> reqwest::Client {
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert(
        reqwest::header::ACCEPT,
        reqwest::header::HeaderValue::from_static("text/html,application/xhtml+xml"),
    );
    if let Some(value) =
        accept_encoding.and_then(|v| reqwest::header::HeaderValue::from_str(v).ok())
    {
        headers.insert(reqwest::header::ACCEPT_ENCODING, value);
    }
    reqwest::Client::builder()
        .default_headers(headers)
        .pool_max_idle_per_host(1)
        .tcp_nodelay(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("an HTTP client")
}

/// Loads `url` with `concurrency` clients for `duration`. Anything but a 200 is an error.
pub async fn run(
    url: &str,
    concurrency: usize,
    duration: Duration,
    accept_encoding: Option<&str>,
) -> Measure {
    let started = Instant::now();
    let deadline = started + duration;
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..concurrency.max(1) {
        let client = client(accept_encoding);
        let url = url.to_owned();
        tasks.spawn(async move {
            let mut worker = Worker::default();
            while Instant::now() < deadline {
                let sent = Instant::now();
                let outcome = match client.get(&url).send().await {
                    Ok(response) if response.status() == reqwest::StatusCode::OK => {
                        response.bytes().await.map_err(|e| format!("body: {e}"))
                    }
                    Ok(response) => Err(format!("status {}", response.status())),
                    Err(e) => Err(format!("request: {e}")),
                };
                worker
                    .latencies
                    .push(u64::try_from(sent.elapsed().as_micros()).unwrap_or(u64::MAX));
                match outcome {
                    Ok(body) => worker.bytes += body.len() as u64,
                    Err(e) => {
                        worker.errors += 1;
                        if worker.error_samples.len() < 3 {
                            worker.error_samples.push(e);
                        }
                    }
                }
            }
            worker
        });
    }
    let mut measure = Measure {
        requests: 0,
        elapsed: Duration::ZERO,
        latencies: Vec::new(),
        bytes: 0,
        errors: 0,
        error_samples: Vec::new(),
    };
    while let Some(done) = tasks.join_next().await {
        let worker = done.expect("a load client panicked");
        measure.latencies.extend(worker.latencies);
        measure.bytes += worker.bytes;
        measure.errors += worker.errors;
        measure
            .error_samples
            .extend(worker.error_samples.into_iter().take(3));
    }
    // Requests still running at the deadline count: the clock stops when the last one is done.
    measure.elapsed = started.elapsed();
    measure.requests = measure.latencies.len();
    measure.latencies.sort_unstable();
    measure.error_samples.truncate(5);
    measure
}
