import { expect, type Browser, type Page } from "@playwright/test";
import * as os from "node:os";
import * as path from "node:path";

// The steps several journeys share: signing up, logging in, the operator's approvals, and a
// person applying to sell.

/// The demo operator, loaded with the demo marketplace on the server's first start.
export const OPERATOR = { email: "operator@demo.comptoir.example", password: "comptoir demo password" };

export const PASSWORD = "velvet harbour lantern quietly";

/// Where the server under test writes its mail as .eml files (it has no SMTP server here): one
/// path per port, the same in every process of the run.
export const mailDir = path.join(os.tmpdir(), `comptoir-e2e-mail-${process.env.E2E_PORT ?? 3400}`);

export async function logIn(page: Page, email: string, password: string) {
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page).toHaveURL(/\/dashboard/);
}

/// A new account with its organisation, signed in on its dashboard.
export async function signUp(page: Page, person: { email: string; name: string; organisation: string }) {
  await page.goto("/signup");
  await expect(page.getByRole("button", { name: "Show password" })).toBeEnabled();
  await page.getByLabel("Email").fill(person.email);
  await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
  await page.getByLabel("Your name").fill(person.name);
  await page.getByLabel("Organisation").fill(person.organisation);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/dashboard/);
}

/// Runs `act` as the operator, in a context of its own.
export async function asOperator(browser: Browser, act: (page: Page) => Promise<void>) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await logIn(page, OPERATOR.email, OPERATOR.password);
  await act(page);
  await context.close();
}

export interface Application {
  legalName: string;
  slug: string;
  country: string;
  jurisdiction: string;
  website: string;
  description: string;
  support: string;
}

/// The signed-in person applies to sell; the application waits for the operator.
export async function applyToSell(page: Page, application: Application) {
  await page.getByRole("link", { name: "Sell" }).click();
  await expect(page.getByRole("button", { name: "Send application" })).toBeEnabled();
  await page.getByLabel("Legal name").fill(application.legalName);
  await page.getByLabel("Short name").fill(application.slug);
  await page.getByLabel("Country code").fill(application.country);
  await page.getByLabel("Jurisdiction").fill(application.jurisdiction);
  await page.getByLabel("Website").fill(application.website);
  await page.getByLabel("Description").fill(application.description);
  await page.getByLabel("Support email").fill(application.support);
  await page.getByRole("button", { name: "Send application" }).click();
  await expect(page.getByTestId("provider-status")).toContainText("waiting for review");
}

/// The operator approves what waits in `selector` (an application or an offer in review).
export async function approve(browser: Browser, selector: string) {
  await asOperator(browser, async (admin) => {
    await admin.goto("/admin");
    await admin.locator(selector).getByRole("button", { name: "Approve" }).click();
    await expect(admin.locator(selector)).toHaveCount(0);
  });
}
