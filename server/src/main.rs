//! The `server` command: `serve` (the default), `migrate`, `create-operator`, `plan`,
//! `verify-chain` and `billing`.

mod billing_command;
mod plan_command;

use clap::{Parser, Subcommand};
use server::config::Config;
use std::io::{BufRead, IsTerminal};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(name = "server", about = "Comptoir, the open cloud marketplace")]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the marketplace (the default).
    Serve,
    /// Apply the database migrations and exit.
    Migrate,
    /// Create a marketplace operator; the password is read from standard input.
    CreateOperator {
        #[arg(long)]
        email: String,
        #[arg(long, default_value = "Operator")]
        name: String,
    },
    /// Run the broker on a catalog file and a blueprint file and print the plan.
    Plan {
        #[arg(long)]
        catalog: PathBuf,
        #[arg(long)]
        blueprint: PathBuf,
    },
    /// Check the hash chain of every contract's events: prints `ok: N events`, or names the
    /// first broken event and exits with 1.
    VerifyChain,
    /// A month's billing: `run` it now, or `export` its `comptoir.billing/v1` document.
    Billing {
        #[command(subcommand)]
        command: billing_command::BillingCommand,
    },
}

fn main() -> ExitCode {
    // One TLS crypto provider for the whole process (the database driver's and Stripe's client
    // share it); two would leave the choice to a panic.
    let _ = rustls::crypto::ring::default_provider().install_default();
    let cli = Cli::parse();
    if let Some(Command::Plan { catalog, blueprint }) = &cli.command {
        return plan_command::run(catalog, blueprint);
    }
    let config = match Config::from_env() {
        Ok(config) => config,
        Err(err) => {
            eprintln!("configuration: {err}");
            return ExitCode::from(2);
        }
    };
    // The log goes to standard error: standard output is for what a command prints (the
    // billing export's document, say).
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_new(&config.log).unwrap_or_else(|_| "info".into()),
        )
        .init();
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(runtime) => runtime,
        Err(err) => {
            eprintln!("cannot start the async runtime: {err}");
            return ExitCode::FAILURE;
        }
    };
    let result = runtime.block_on(async {
        match cli.command {
            None | Some(Command::Serve) => serve(config).await,
            Some(Command::Migrate) => server::open_store(&config)
                .await
                .map(|_| ())
                .map_err(|e| e.to_string()),
            Some(Command::CreateOperator { email, name }) => {
                create_operator(config, &email, &name).await
            }
            Some(Command::VerifyChain) => verify_chain(&config).await,
            Some(Command::Billing { command }) => billing_command::run(&config, command).await,
            Some(Command::Plan { .. }) => Ok(()),
        }
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err}");
            ExitCode::FAILURE
        }
    }
}

async fn serve(config: Config) -> Result<(), String> {
    let options = leptos::prelude::get_configuration(None)
        .map_err(|e| e.to_string())?
        .leptos_options;
    let addr = options.site_addr;
    let origin = config
        .site_url
        .clone()
        .unwrap_or_else(|| format!("http://{addr}"));
    let app = server::build_app(&config, options, &origin)
        .await
        .map_err(|e| e.to_string())?;
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|e| format!("cannot listen on {addr}: {e}"))?;
    let jobs = server::spawn_jobs(&app.state, std::time::Duration::from_secs(1));
    tracing::info!("Comptoir is serving on http://{addr}");
    let served = axum::serve(
        listener,
        app.router
            .into_make_service_with_connect_info::<std::net::SocketAddr>(),
    )
    .with_graceful_shutdown(async {
        let _ = tokio::signal::ctrl_c().await;
    })
    .await
    .map_err(|e| e.to_string());
    jobs.stop().await;
    served
}

async fn verify_chain(config: &Config) -> Result<(), String> {
    let store = server::open_store(config)
        .await
        .map_err(|e| e.to_string())?;
    let events = broker::service::contracts::Contracts::new(store.clone())
        .verify_chain()
        .await
        .map_err(|e| e.to_string())?;
    let entries = broker::service::audit::Audit::new(store)
        .verify_chain()
        .await
        .map_err(|e| e.to_string())?;
    println!("ok: {events} events, {entries} audit log entries");
    Ok(())
}

async fn create_operator(config: Config, email: &str, name: &str) -> Result<(), String> {
    let password = if std::io::stdin().is_terminal() {
        rpassword::prompt_password("Password for the operator: ").map_err(|e| e.to_string())?
    } else {
        let mut line = String::new();
        std::io::stdin()
            .lock()
            .read_line(&mut line)
            .map_err(|e| e.to_string())?;
        line.trim_end_matches(['\r', '\n']).to_owned()
    };
    let store = server::open_store(&config)
        .await
        .map_err(|e| e.to_string())?;
    let accounts = broker::service::Accounts::new(store, Default::default())
        .await
        .map_err(|e| e.to_string())?;
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64);
    match accounts.create_operator(email, name, &password, now).await {
        Ok(user) => {
            println!("Created operator {email} (user {user}).");
            Ok(())
        }
        Err(broker::service::AccountError::Invalid(errors)) => {
            let reasons: Vec<String> = errors
                .iter()
                .map(|(field, e)| format!("{field:?}: {e}"))
                .collect();
            Err(reasons.join("; "))
        }
        Err(err) => Err(err.to_string()),
    }
}
