//! Billing at the size of a real marketplace: 1,000 organisations with 10 contract lines each
//! (10,000 lines), 1,000,000 usage records.
//!
//! `cargo bench -p server --bench billing` (or `make bench-billing`) builds the marketplace in a
//! fresh SQLite database (and in a fresh PostgreSQL database when `BENCH_DATABASE_URL` names a
//! server) through the same use cases as the web pages: one approved provider with a metered
//! offer, the organisations' contracts signed at the start of last month and provisioned by the
//! simulated provider. It then prints three figures: the usage API's ingest rate (records per
//! second, batches of 100, over HTTP to the real Comptoir router), the time of last month's
//! billing run (every invoice drafted, numbered, posted to the ledger), and the time of the
//! month's `comptoir.billing/v1` export. A refused record or an invoice missing fails the run.
//! Knobs: `BENCH_ORGANISATIONS` (1000), `BENCH_LINES` (10 per organisation), `BENCH_RECORDS`
//! (1000000), `BENCH_CONCURRENCY` (8 clients).

#[path = "billing/market.rs"]
mod market;

use broker::billing::Month;
use broker::service::billing::Billing;
use std::net::SocketAddr;
use std::process::ExitCode;
use std::time::Instant;

const BATCH: usize = 100;

struct Settings {
    organisations: usize,
    lines: usize,
    records: usize,
    concurrency: usize,
    postgres: Option<String>,
}

fn env(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|raw| raw.trim().parse().ok())
        .unwrap_or(default)
}

fn main() -> ExitCode {
    let settings = Settings {
        organisations: env("BENCH_ORGANISATIONS", 1_000),
        lines: env("BENCH_LINES", 10),
        records: env("BENCH_RECORDS", 1_000_000),
        concurrency: env("BENCH_CONCURRENCY", 8).max(1),
        postgres: std::env::var("BENCH_DATABASE_URL")
            .ok()
            .filter(|url| !url.trim().is_empty()),
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime");
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!(
        "{cores} cores; {} organisations × {} lines; {} usage records in batches of {BATCH} from {} clients",
        settings.organisations, settings.lines, settings.records, settings.concurrency
    );
    let mut backends = vec![("SQLite", None)];
    if let Some(url) = &settings.postgres {
        backends.push(("PostgreSQL", Some(url.clone())));
    }
    let mut failed = false;
    for (name, admin) in backends {
        println!("\n## {name}\n");
        let dir = tempfile::tempdir().expect("a temporary directory");
        let result = runtime.block_on(async {
            let database = match &admin {
                None => market::Database::sqlite(dir.path()),
                Some(admin) => market::Database::postgres(admin).await?,
            };
            let result = measure(&settings, &database, dir.path()).await;
            database.drop().await;
            result
        });
        if let Err(err) = result {
            eprintln!("FAILED on {name}: {err}");
            failed = true;
        }
    }
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

async fn measure(
    settings: &Settings,
    database: &market::Database,
    dir: &std::path::Path,
) -> Result<(), String> {
    let now = market::now();
    let month = Month::containing(now)
        .and_then(Month::previous)
        .ok_or("no last month")?;
    let started = Instant::now();
    let built = market::build(&database.url, settings.organisations, settings.lines, month).await?;
    println!(
        "Built {} organisations and {} active contract lines in {:.1} s through the use cases.",
        settings.organisations,
        built.instances.len(),
        started.elapsed().as_secs_f64()
    );

    let addr = market::serve(&database.url, dir).await?;
    let started = Instant::now();
    let accepted = ingest(settings, addr, &built, month).await?;
    let took = started.elapsed().as_secs_f64();
    println!(
        "Usage API: {accepted} records accepted in {took:.1} s: {:.0} records/s",
        accepted as f64 / took
    );

    let billing = Billing::new(built.store.clone(), market::operator());
    let started = Instant::now();
    let run = billing
        .run(month, now)
        .await
        .map_err(|e| format!("billing run: {e}"))?;
    println!(
        "Billing run of {month}: {} invoices drafted and {} finalized in {:.2} s",
        run.drafted,
        run.finalized.len(),
        started.elapsed().as_secs_f64()
    );
    if run.finalized.len() != settings.organisations {
        return Err(format!(
            "{} invoices finalized for {} organisations",
            run.finalized.len(),
            settings.organisations
        ));
    }
    let started = Instant::now();
    let document = billing
        .export(month)
        .await
        .map_err(|e| format!("export: {e}"))?;
    let bytes = serde_json::to_vec(&document)
        .map_err(|e| e.to_string())?
        .len();
    println!(
        "Export of {month}: {} invoices, {bytes} bytes, in {:.2} s",
        document["invoices"].as_array().map_or(0, Vec::len),
        started.elapsed().as_secs_f64()
    );
    built.store.close().await;
    Ok(())
}

/// Posts `settings.records` usage records, spread over every instance and over the month
/// after the instances became active, from `settings.concurrency` clients; the number accepted.
async fn ingest(
    settings: &Settings,
    addr: SocketAddr,
    built: &market::Built,
    month: Month,
) -> Result<usize, String> {
    let batches = settings.records.div_ceil(BATCH);
    let next = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let instances = std::sync::Arc::new(built.instances.clone());
    let first_at = built.active_by + 60;
    let span = (month.end() - first_at).max(1);
    let mut clients = tokio::task::JoinSet::new();
    for _ in 0..settings.concurrency {
        let (next, instances) = (next.clone(), instances.clone());
        let token = built.token.clone();
        let records = settings.records;
        clients.spawn(async move {
            let client = reqwest::Client::new();
            let url = format!("http://{addr}/api/v1/usage");
            let mut accepted = 0;
            loop {
                let batch = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                if batch >= batches {
                    return Ok::<usize, String>(accepted);
                }
                let body: Vec<serde_json::Value> = (batch * BATCH
                    ..((batch + 1) * BATCH).min(records))
                    .map(|n| {
                        let instance = &instances[n % instances.len()];
                        let at =
                            first_at + i64::try_from(n / instances.len()).unwrap_or(0) * 7 % span;
                        serde_json::json!({
                            "id": format!("r-{n}"),
                            "instance_id": instance,
                            "meter": market::METER,
                            "quantity": 1 + n % 5,
                            "at": at,
                        })
                    })
                    .collect();
                let answer = client
                    .post(&url)
                    .bearer_auth(&token)
                    .json(&serde_json::json!({ "records": body }))
                    .send()
                    .await
                    .map_err(|e| format!("batch {batch}: {e}"))?;
                let status = answer.status();
                let answer: serde_json::Value = answer
                    .json()
                    .await
                    .map_err(|e| format!("batch {batch}: {e}"))?;
                let records = answer["records"].as_array().cloned().unwrap_or_default();
                let refused = records.iter().find(|record| record["status"] != "accepted");
                if !status.is_success() || refused.is_some() || records.len() != body.len() {
                    return Err(format!("batch {batch}: {status} {answer}"));
                }
                accepted += records.len();
            }
        });
    }
    let mut accepted = 0;
    while let Some(done) = clients.join_next().await {
        accepted += done.map_err(|e| format!("a client stopped: {e}"))??;
    }
    Ok(accepted)
}
