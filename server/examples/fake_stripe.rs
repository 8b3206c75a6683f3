//! The tests' fake Stripe as a process, for the end-to-end tests: its API on
//! `FAKE_STRIPE_ADDR` (default `127.0.0.1:3500`), its checkout page for the browser, and the
//! events of the payments made there sent to `FAKE_STRIPE_WEBHOOK` (the app's
//! `/webhooks/stripe`). The app under test is started with the fake's secrets and
//! `COMPTOIR_STRIPE_API_BASE=http://FAKE_STRIPE_ADDR/`.

#[allow(dead_code)]
#[path = "../tests/api/fake_stripe.rs"]
mod fake_stripe;

#[tokio::main]
async fn main() {
    let addr = std::env::var("FAKE_STRIPE_ADDR").unwrap_or_else(|_| "127.0.0.1:3500".to_owned());
    let fake = fake_stripe::FakeStripe::start_on(&addr).await;
    match std::env::var("FAKE_STRIPE_WEBHOOK") {
        Ok(webhook) => fake.deliver_to(&webhook),
        Err(_) => eprintln!("FAKE_STRIPE_WEBHOOK is not set: payments send no event"),
    }
    println!("a fake Stripe on {}", fake.url());
    std::future::pending::<()>().await;
}
