//! What both benchmarks need of Comptoir: the whole router served on a port, on a database made
//! for the run (a fresh PostgreSQL database beside the one an admin URL names, dropped after).

use sqlx::Connection;
use std::net::SocketAddr;

/// Starts the whole Comptoir router on `database_url`, as `server serve` does.
pub async fn serve_comptoir(
    database_url: &str,
    dir: &std::path::Path,
) -> Result<SocketAddr, String> {
    let config = server::config::Config::from_lookup(|name| match name {
        "DATABASE_URL" => Some(database_url.to_owned()),
        "COMPTOIR_DEMO" => Some("0".to_owned()),
        _ => None,
    })
    .map_err(|e| e.to_string())?;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .map_err(|e| format!("bind port 0: {e}"))?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    let options = leptos::prelude::LeptosOptions::builder()
        .output_name("comptoir")
        .site_root(dir.join("site").display().to_string())
        .site_pkg_dir("pkg")
        .site_addr(addr)
        .build();
    let router = server::build_router(&config, options, &format!("http://{addr}"))
        .await
        .map_err(|e| format!("the app does not start: {e}"))?;
    tokio::spawn(async move {
        axum::serve(
            listener,
            router.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .await
        .expect("serve");
    });
    Ok(addr)
}

pub struct Database {
    pub url: String,
    /// The admin URL and the name of a PostgreSQL database made for this run.
    pub drop_with: Option<(String, String)>,
}

/// A fresh PostgreSQL database next to the one `admin_url` names.
pub async fn fresh_postgres_database(admin_url: &str) -> Result<Database, String> {
    let name = format!("comptoir_bench_{}", std::process::id());
    let mut conn = sqlx::PgConnection::connect(admin_url)
        .await
        .map_err(|e| format!("BENCH_DATABASE_URL does not answer: {e}"))?;
    for statement in [
        format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"),
        format!("CREATE DATABASE {name}"),
    ] {
        sqlx::query(&statement)
            .execute(&mut conn)
            .await
            .map_err(|e| format!("{statement}: {e}"))?;
    }
    let (base, _) = admin_url
        .rsplit_once('/')
        .ok_or("BENCH_DATABASE_URL must name a database")?;
    Ok(Database {
        url: format!("{base}/{name}"),
        drop_with: Some((admin_url.to_owned(), name)),
    })
}

pub async fn drop_postgres_database(admin_url: &str, name: &str) {
    if let Ok(mut conn) = sqlx::PgConnection::connect(admin_url).await {
        let _ = sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
            .execute(&mut conn)
            .await;
    }
}
