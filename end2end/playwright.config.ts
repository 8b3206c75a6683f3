import { defineConfig } from "@playwright/test";
import * as os from "node:os";
import * as path from "node:path";
import * as fs from "node:fs";
import { mailDir } from "./tests/support";

// The server under test runs on its own port and database: a fresh SQLite file by default, or
// the PostgreSQL database named by E2E_DATABASE_URL (which `make test` creates fresh).
const port = Number(process.env.E2E_PORT ?? 3400);
const databaseUrl =
  process.env.E2E_DATABASE_URL ??
  `sqlite://${path.join(fs.mkdtempSync(path.join(os.tmpdir(), "comptoir-e2e-")), "e2e.db")}`;
const root = path.resolve(__dirname, "..");
// Card payments go to the tests' fake Stripe (`server/examples/fake_stripe.rs`), on its own port:
// its checkout page takes the payment and sends Stripe's signed events to the app's webhook.
const fakeStripe = `127.0.0.1:${port + 100}`;
const stripeKey = "sk_test_comptoir";
const stripeWebhookSecret = "whsec_comptoir_tests";

export default defineConfig({
  testDir: "./tests",
  timeout: 60_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [["list"]],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    },
  },
  webServer: [
    {
      command: path.join(root, "target", "debug", "examples", "fake_stripe"),
      url: `http://${fakeStripe}/`,
      reuseExistingServer: false,
      timeout: 30_000,
      stdout: "pipe",
      stderr: "pipe",
      env: {
        FAKE_STRIPE_ADDR: fakeStripe,
        FAKE_STRIPE_WEBHOOK: `http://127.0.0.1:${port}/webhooks/stripe`,
      },
    },
    {
      command: path.join(root, "target", process.env.E2E_PROFILE ?? "debug", "server"),
      cwd: root,
      url: `http://127.0.0.1:${port}/healthz`,
      reuseExistingServer: false,
      timeout: 120_000,
      stdout: "pipe",
      stderr: "pipe",
      env: {
        DATABASE_URL: databaseUrl,
        LEPTOS_SITE_ADDR: `127.0.0.1:${port}`,
        LEPTOS_SITE_ROOT: "target/site",
        LEPTOS_SITE_PKG_DIR: "pkg",
        LEPTOS_OUTPUT_NAME: "comptoir",
        // The build names assets with a hash of their content, listed in hash.txt beside the binary.
        LEPTOS_HASH_FILES: "true",
        // Every test signs up from 127.0.0.1; the limit itself is tested against the server.
        COMPTOIR_SIGNUPS_PER_HOUR: "1000",
        COMPTOIR_LOG: "warn",
        // Both backends start with the demo marketplace, so the catalog has offers to find.
        COMPTOIR_DEMO: "1",
        // The simulated providers never fail here, and answer quickly, so the journeys are
        // deterministic; failures and retries are tested against the database.
        COMPTOIR_SIMULATION_FAILURE_PER_MILLE: "0",
        COMPTOIR_SIMULATION_QUEUED_SECS: "1-2",
        COMPTOIR_SIMULATION_PROVISIONING_SECS: "2-5",
        COMPTOIR_SIMULATION_DEPROVISIONING_SECS: "1-3",
        COMPTOIR_STRIPE_SECRET_KEY: stripeKey,
        COMPTOIR_STRIPE_WEBHOOK_SECRET: stripeWebhookSecret,
        COMPTOIR_STRIPE_API_BASE: `http://${fakeStripe}/`,
        COMPTOIR_MAIL_DIR: mailDir,
      },
    },
  ],
});
