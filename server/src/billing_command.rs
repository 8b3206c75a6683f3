//! `server billing run --month YYYY-MM` and `server billing export --month YYYY-MM`: a month's
//! billing run at once (drafts, and finalization when the month is over, whatever the grace),
//! and its `comptoir.billing/v1` document on standard output.

use broker::billing::Month;
use broker::service::billing::Billing;
use clap::Subcommand;
use server::config::Config;

#[derive(Subcommand)]
pub enum BillingCommand {
    /// Recompute the month's drafts and, when the month is over, finalize them now.
    Run {
        #[arg(long, value_parser = month)]
        month: Month,
    },
    /// Print the month's `comptoir.billing/v1` document.
    Export {
        #[arg(long, value_parser = month)]
        month: Month,
    },
}

fn month(raw: &str) -> Result<Month, String> {
    Month::parse(raw).map_err(|err| err.to_string())
}

pub async fn run(config: &Config, command: BillingCommand) -> Result<(), String> {
    let store = server::open_store(config)
        .await
        .map_err(|e| e.to_string())?;
    let billing = Billing::new(store, config.operator.clone());
    match command {
        BillingCommand::Run { month } => {
            let summary = billing
                .run(month, app::api::ssr::now())
                .await
                .map_err(|e| e.to_string())?;
            println!(
                "{month}: {} drafts, {} finalized{}",
                summary.drafted,
                summary.finalized.len(),
                match summary.finalized.as_slice() {
                    [] => String::new(),
                    numbers => format!(" ({})", numbers.join(", ")),
                }
            );
        }
        BillingCommand::Export { month } => {
            let document = billing.export(month).await.map_err(|e| e.to_string())?;
            let text = serde_json::to_string_pretty(&document).map_err(|e| e.to_string())?;
            println!("{text}");
        }
    }
    Ok(())
}
