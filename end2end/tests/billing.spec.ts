import { expect, test } from "@playwright/test";
import { asOperator, logIn } from "./support";

// Billing in the browser, on the demo's three months of history: the buyer reads an invoice
// line by line and its spend over twelve months, the operator records most of the payment of
// the one invoice left unpaid, its organisation pays the rest by card on (the tests' fake)
// Stripe's checkout page and reads it paid, and the provider reads its revenue month by month
// with the lines behind it and the payout it received.

const DEMO_PASSWORD = "comptoir demo password";
// What is left to pay on the invoice the demo leaves unpaid, once the operator recorded the
// bank transfer.
const LEFT = "10.00";
let unpaid = "";

test("the demo buyer reads an invoice and its lines", async ({ page }) => {
  await logIn(page, "buyer@demo.comptoir.example", DEMO_PASSWORD);
  await page.getByRole("link", { name: "Billing", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Billing", exact: true })).toBeVisible();
  await expect(page.getByRole("link", { name: "So far this month" })).toBeVisible();
  await page.getByRole("link", { name: /^CPT-\d{4}-\d{6}$/ }).first().click();
  await expect(page.getByRole("heading", { name: /^Invoice CPT-\d{4}-\d{6}$/ })).toBeVisible();
  const article = page.locator("[data-invoice-page]");
  await expect(article).toContainText("Demo Buyer Org");
  await expect(article.getByRole("cell", { name: /^2 × .+ at \d+\.\d{2} EUR, active/ })).toBeVisible();
  await expect(article.getByRole("cell", { name: /^egress_gb \d+, \d+ included$/ })).toBeVisible();
  await expect(article.getByRole("rowheader", { name: /^VAT S \(20\.00 %\)$/ })).toBeVisible();
  await expect(article.locator("[data-status]")).toHaveText("paid");
  await expect(article.getByRole("listitem")).toContainText(/ · \d+\.\d{2} EUR · VIR CPT-/);
  await page.getByRole("link", { name: "All invoices" }).click();
  await expect(page.getByRole("img", { name: "Spend per month" })).toBeVisible();
  await page.locator('[data-chart="carbon"] summary').click();
  await expect(page.locator('[data-chart="carbon"] tbody tr')).toHaveCount(12);
  await expect(page.locator('[data-chart="carbon"] tbody tr').last()).toContainText(/\d+(\.\d)? k?g$/);
});

test("the operator records a payment of the invoice left unpaid", async ({ browser }) => {
  await asOperator(browser, async (page) => {
    await page.goto("/admin/billing?status=finalized");
    const open = page.locator('tr[data-kind="invoice"]').filter({ has: page.locator('[data-status="finalized"]') });
    await expect(open).toHaveCount(1);
    const number = (await open.getAttribute("data-invoice")) ?? "";
    const total = (await open.locator("td").nth(4).textContent())?.replace(" EUR", "") ?? "";
    expect(number).toMatch(/^CPT-\d{4}-\d{6}$/);
    const cents = Math.round(Number(total) * 100) - Math.round(Number(LEFT) * 100);
    expect(cents).toBeGreaterThan(0);
    unpaid = number;
    await page.locator("#payment-amount").fill("1000000");
    await page.locator("#payment-invoice").fill(number);
    await page.getByLabel("Received on (bank statement date)").fill("2026-12-01");
    await page.locator("#payment-reference").fill(`VIR ${number}`);
    await page.getByRole("button", { name: "Record the payment" }).click();
    await expect(page.getByText("This pays more than is left to pay on the invoice.")).toBeVisible();
    await page.locator("#payment-amount").fill((cents / 100).toFixed(2));
    await page.getByRole("button", { name: "Record the payment" }).click();
    await expect(page.getByRole("status")).toHaveText("Done.");
  });
});

test("the buyer pays the rest by card on Stripe's checkout page", async ({ page }) => {
  expect(unpaid).not.toBe("");
  await logIn(page, "prairie@demo.comptoir.example", DEMO_PASSWORD);
  await page.goto(`/billing/invoices/${unpaid}`);
  const article = page.locator("[data-invoice-page]");
  await expect(article.locator("[data-status]")).not.toHaveText("paid");
  // Cancelled on the checkout page: back on the invoice, nothing charged.
  await page.getByRole("button", { name: "Pay by card" }).click();
  await expect(page.getByRole("heading", { name: `Pay ${LEFT} EUR` })).toBeVisible();
  await page.getByRole("link", { name: "Cancel" }).click();
  await expect(page.locator('[data-card-note="cancelled"]')).toBeVisible();
  await expect(article.locator("[data-status]")).not.toHaveText("paid");
  // Paid: back on the invoice, which Stripe's notification has marked paid.
  await page.getByRole("button", { name: "Pay by card" }).click();
  await expect(page.getByRole("heading", { name: `Pay ${LEFT} EUR` })).toBeVisible();
  await page.getByRole("button", { name: "Pay" }).click();
  await expect(page).toHaveURL(new RegExp(`/billing/invoices/${unpaid}\\?card=returned$`));
  await expect(article.locator("[data-status]")).toHaveText("paid");
  await expect(article.getByRole("listitem").filter({ hasText: `${LEFT} EUR` })).toContainText(/ · pi_\w+/);
  await expect(page.getByRole("button", { name: "Pay by card" })).toHaveCount(0);
});

test("the provider reads its revenue, the lines behind it and its payout", async ({ page }) => {
  await logIn(page, "provider@demo.comptoir.example", DEMO_PASSWORD);
  await page.goto("/sell");
  // The demo member sells for every demo provider; the demo's contracts buy from a few of them.
  const consoles = await page.locator('a[href^="/sell/"]').evaluateAll((links) =>
    links.map((link) => link.getAttribute("href") ?? ""),
  );
  let found = "";
  for (const href of consoles) {
    await page.goto(href);
    await page.getByTestId("revenue-link").click();
    await expect(page.getByRole("heading", { name: "Revenue", exact: true })).toBeVisible();
    if ((await page.locator("tr[data-payout]").count()) > 0) {
      found = href;
      break;
    }
  }
  expect(found).not.toBe("");
  const payout = page.locator("tr[data-payout]");
  await expect(payout).toHaveCount(1);
  await expect(payout).toContainText(/Payout \d{4}-\d{2}/);
  await expect(payout).toContainText(/[1-9]\d*\.\d{2} EUR/);
  const month = page
    .locator("tr[data-month]")
    .filter({ has: page.locator("[data-share]", { hasText: /[1-9]\d*\.\d{2} EUR/ }) })
    .first();
  const key = (await month.getAttribute("data-month")) ?? "";
  const lines = page.locator(`details[data-lines="${key}"]`);
  await lines.locator("summary").click();
  await expect(lines.getByRole("cell", { name: "Demo Buyer Org" }).first()).toBeVisible();
  await expect(lines.getByRole("cell", { name: /^CPT-\d{4}-\d{6}$/ }).first()).toBeVisible();
});
