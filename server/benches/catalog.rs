//! Catalog throughput with 10,000 published offers, against a bare axum handler in the same run.
//!
//! `cargo bench -p server --bench catalog` (or `make bench`) loads a seeded marketplace into a
//! fresh SQLite database (and into a fresh PostgreSQL database when `BENCH_DATABASE_URL` names a
//! server), prints how the database plans each search, starts the real Comptoir router and a
//! one-route axum router in this process, and loads each with keep-alive clients for a fixed
//! time. Any answer but 200 fails the run. Knobs: `BENCH_SECONDS` (10), `BENCH_CONCURRENCY` (16),
//! `BENCH_OFFERS` (10000), `BENCH_ACCEPT_ENCODING` (unset: uncompressed pages).

#[path = "common/comptoir.rs"]
mod comptoir;
#[path = "catalog/load.rs"]
mod load;
#[path = "catalog/marketplace.rs"]
mod marketplace;

use broker::search::{CatalogFilters, CatalogSearch};
use broker::store::Store;
use comptoir::{Database, drop_postgres_database, fresh_postgres_database, serve_comptoir};
use std::net::SocketAddr;
use std::process::ExitCode;
use std::time::Duration;

const PROVIDERS: usize = 100;

/// What is loaded: a path on the bare server or on Comptoir.
struct Target {
    name: &'static str,
    path: &'static str,
}

const BARE: Target = Target {
    name: "bare axum handler",
    path: "/",
};

const CATALOG: [Target; 4] = [
    Target {
        name: "catalog, first page",
        path: "/catalog",
    },
    Target {
        name: "catalog, filtered",
        path: "/catalog?domain=compute&country=FR&max_price=500&sort=carbon",
    },
    Target {
        name: "catalog, words",
        path: "/catalog?q=managed+database",
    },
    Target {
        name: "catalog, page 200",
        path: "/catalog?page=200",
    },
];

const BARE_PAGE: &str = "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">\
    <title>Hello</title></head><body><h1>Hello</h1><p>A fixed page.</p></body></html>";

struct Settings {
    seconds: u64,
    warmup: u64,
    concurrency: usize,
    offers: usize,
    postgres: Option<String>,
    accept_encoding: Option<String>,
}

fn env<T: std::str::FromStr>(name: &str, default: T) -> T {
    match std::env::var(name) {
        Ok(raw) if !raw.trim().is_empty() => raw.trim().parse().unwrap_or_else(|_| {
            eprintln!("{name}={raw:?} is not valid; using the default");
            default
        }),
        _ => default,
    }
}

fn text_env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

fn main() -> ExitCode {
    let settings = Settings {
        seconds: env("BENCH_SECONDS", 10),
        warmup: env("BENCH_WARMUP_SECONDS", 2),
        concurrency: env("BENCH_CONCURRENCY", 16),
        offers: env("BENCH_OFFERS", 10_000),
        postgres: text_env("BENCH_DATABASE_URL"),
        accept_encoding: text_env("BENCH_ACCEPT_ENCODING"),
    };
    // The servers and the clients get a runtime each, as a separate server process would; they
    // still share the machine's cores.
    let servers = runtime("server");
    let clients = runtime("client");
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!(
        "{cores} cores; {} clients for {} s per target after {} s of warm-up; {} offers; \
         Accept-Encoding: {}",
        settings.concurrency,
        settings.seconds,
        settings.warmup,
        settings.offers,
        settings.accept_encoding.as_deref().unwrap_or("none")
    );
    let bare = servers.block_on(serve_bare());

    let mut backends = vec![Backend::Sqlite];
    if let Some(url) = &settings.postgres {
        backends.push(Backend::Postgres(url.clone()));
    }
    let mut failed = false;
    for backend in backends {
        match run_backend(&servers, &clients, &settings, &backend, bare) {
            Ok(clean) => failed |= !clean,
            Err(err) => {
                eprintln!("\nFAILED on {}: {err}", backend.name());
                failed = true;
            }
        }
    }
    if failed {
        eprintln!("\nThe benchmark FAILED: see the errors above.");
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

fn runtime(name: &str) -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .thread_name(name)
        .build()
        .expect("a tokio runtime")
}

enum Backend {
    Sqlite,
    Postgres(String),
}

impl Backend {
    fn name(&self) -> &'static str {
        match self {
            Backend::Sqlite => "SQLite",
            Backend::Postgres(_) => "PostgreSQL",
        }
    }
}

/// Loads the marketplace on `backend`, serves it, and measures the bare handler then each catalog
/// target. Ok(false) when a target got errors.
fn run_backend(
    servers: &tokio::runtime::Runtime,
    clients: &tokio::runtime::Runtime,
    settings: &Settings,
    backend: &Backend,
    bare: SocketAddr,
) -> Result<bool, String> {
    let dir = tempfile::tempdir().map_err(|e| format!("temporary directory: {e}"))?;
    let database = match backend {
        Backend::Sqlite => Database {
            url: format!("sqlite://{}", dir.path().join("bench.db").display()),
            drop_with: None,
        },
        Backend::Postgres(admin) => servers.block_on(fresh_postgres_database(admin))?,
    };
    let result = measure_backend(servers, clients, settings, backend, bare, &database, &dir);
    if let Some((admin, name)) = &database.drop_with {
        servers.block_on(drop_postgres_database(admin, name));
    }
    result
}

fn measure_backend(
    servers: &tokio::runtime::Runtime,
    clients: &tokio::runtime::Runtime,
    settings: &Settings,
    backend: &Backend,
    bare: SocketAddr,
    database: &Database,
    dir: &tempfile::TempDir,
) -> Result<bool, String> {
    println!("\n## {}\n", backend.name());
    let store = servers.block_on(async {
        let store = Store::connect(&database.url).await?;
        store.migrate().await?;
        Ok::<_, broker::store::StoreError>(store)
    });
    let store = store.map_err(|e| format!("database: {e}"))?;
    let writers = match backend {
        Backend::Sqlite => 1,
        Backend::Postgres(_) => 8,
    };
    let loaded = servers.block_on(marketplace::load(
        &store,
        settings.offers,
        PROVIDERS,
        writers,
    ))?;
    println!(
        "Loaded {} published offers of {} approved providers in {:.1} s through the use cases.\n",
        loaded.offers,
        loaded.providers,
        loaded.took.as_secs_f64()
    );
    servers
        .block_on(store.refresh_statistics())
        .map_err(|e| format!("statistics: {e}"))?;
    let totals = servers.block_on(print_plans(&store))?;
    let comptoir = servers.block_on(serve_comptoir(&database.url, dir.path()))?;
    clients.block_on(check_pages(comptoir, &totals))?;

    let mut rows = Vec::new();
    let targets = std::iter::once((&BARE, bare)).chain(CATALOG.iter().map(|t| (t, comptoir)));
    for (target, addr) in targets {
        let url = format!("http://{addr}{}", target.path);
        let encoding = settings.accept_encoding.as_deref();
        clients.block_on(load::run(
            &url,
            settings.concurrency,
            Duration::from_secs(settings.warmup),
            encoding,
        ));
        let measure = clients.block_on(load::run(
            &url,
            settings.concurrency,
            Duration::from_secs(settings.seconds),
            encoding,
        ));
        eprintln!("{}: {:.0} requests/s", target.name, measure.per_second());
        rows.push((target, measure));
    }
    Ok(print_table(&rows))
}

/// Prints the table; false when any target got an error.
fn print_table(rows: &[(&Target, load::Measure)]) -> bool {
    let bare = rows.first().map_or(1.0, |(_, m)| m.per_second());
    println!(
        "\n| target | path | requests/s | p50 ms | p90 ms | p99 ms | max ms | errors | bytes/answer | of bare |"
    );
    println!("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
    let mut clean = true;
    for (target, m) in rows {
        println!(
            "| {} | `{}` | {:.0} | {:.2} | {:.2} | {:.2} | {:.2} | {} | {} | {:.1} % |",
            target.name,
            target.path,
            m.per_second(),
            m.percentile_ms(50.0),
            m.percentile_ms(90.0),
            m.percentile_ms(99.0),
            m.max_ms(),
            m.errors,
            m.mean_bytes(),
            100.0 * m.per_second() / bare
        );
        if m.errors > 0 || m.requests == 0 {
            clean = false;
            eprintln!(
                "ERROR: {} answered {} of {} requests with an error, e.g. {:?}",
                target.name, m.errors, m.requests, m.error_samples
            );
        }
    }
    clean
}

/// The search a catalog path makes, parsed the way the page reads its address.
fn search_of(path: &str) -> CatalogSearch {
    let mut filters = CatalogFilters::default();
    let query = path.split_once('?').map_or("", |(_, q)| q);
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        let value = Some(value.replace('+', " "));
        match key {
            "q" => filters.q = value,
            "domain" => filters.domain = value,
            "country" => filters.country = value,
            "max_price" => filters.max_price = value,
            "sort" => filters.sort = value,
            "page" => filters.page = value,
            other => panic!("the benchmark does not parse `{other}`"),
        }
    }
    filters.search()
}

/// Prints how the database runs each catalog target's search, and returns how many offers each
/// matches.
async fn print_plans(store: &Store) -> Result<Vec<i64>, String> {
    let mut totals = Vec::new();
    for target in &CATALOG {
        let search = search_of(target.path);
        let page = store
            .search_catalog(&search)
            .await
            .map_err(|e| format!("search {}: {e}", target.path))?;
        let plans = store
            .catalog_search_plans(&search)
            .await
            .map_err(|e| format!("plan of {}: {e}", target.path))?;
        println!(
            "`{}`: {} offers match, {} on the page.",
            target.path,
            page.total,
            page.offers.len()
        );
        println!("```");
        for plan in plans {
            println!("{}:", plan.statement);
            for line in plan.lines {
                println!("  {line}");
            }
        }
        println!("```");
        totals.push(page.total);
    }
    Ok(totals)
}

/// Each catalog target answers 200 with the number of matching offers the store reports.
async fn check_pages(addr: SocketAddr, totals: &[i64]) -> Result<(), String> {
    let client = load::client(None);
    for (target, total) in CATALOG.iter().zip(totals) {
        let url = format!("http://{addr}{}", target.path);
        let response = client
            .get(&url)
            .send()
            .await
            .map_err(|e| format!("{url}: {e}"))?;
        let status = response.status();
        let body = response.text().await.map_err(|e| format!("{url}: {e}"))?;
        if status != reqwest::StatusCode::OK {
            return Err(format!("{url} answered {status}"));
        }
        let shown = format!("{total} offers");
        if !body.replace("<!>", "").contains(&shown) {
            return Err(format!("{url} does not show \"{shown}\""));
        }
    }
    Ok(())
}

async fn serve_bare() -> SocketAddr {
    let router = axum::Router::new().route(
        "/",
        axum::routing::get(|| async { axum::response::Html(BARE_PAGE) }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind port 0");
    let addr = listener.local_addr().expect("local address");
    tokio::spawn(async move { axum::serve(listener, router).await.expect("serve") });
    addr
}
