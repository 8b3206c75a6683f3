import { expect, test } from "@playwright/test";
import { asOperator, logIn } from "./support";

// Billing in the browser, on the demo's three months of history: the buyer reads an invoice
// line by line and its spend over twelve months, the operator records the payment of the one
// invoice left unpaid, which its organisation then reads as paid, and the provider reads its
// revenue month by month with the lines behind it and the payout it received.

const DEMO_PASSWORD = "comptoir demo password";

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

test("the operator records the payment of the invoice left unpaid", async ({ browser }) => {
  let number = "";
  await asOperator(browser, async (page) => {
    await page.goto("/admin/billing?status=finalized");
    const open = page.locator('tr[data-kind="invoice"]').filter({ has: page.locator('[data-status="finalized"]') });
    await expect(open).toHaveCount(1);
    number = (await open.getAttribute("data-invoice")) ?? "";
    const total = (await open.locator("td").nth(4).textContent())?.replace(" EUR", "") ?? "";
    expect(number).toMatch(/^CPT-\d{4}-\d{6}$/);
    await page.getByLabel("Amount").fill("1000000");
    await page.locator("#payment-invoice").fill(number);
    await page.getByLabel("Received on (bank statement date)").fill("2026-12-01");
    await page.locator("#payment-reference").fill(`VIR ${number}`);
    await page.getByRole("button", { name: "Record the payment" }).click();
    await expect(page.getByText("This pays more than is left to pay on the invoice.")).toBeVisible();
    await page.getByLabel("Amount").fill(total);
    await page.getByRole("button", { name: "Record the payment" }).click();
    await expect(page.getByRole("status")).toHaveText("Done.");
  });
  const page = await browser.newPage();
  await logIn(page, "prairie@demo.comptoir.example", DEMO_PASSWORD);
  await page.goto(`/billing/invoices/${number}`);
  await expect(page.locator("[data-invoice-page] [data-status]")).toHaveText("paid");
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
