import { expect, test } from "@playwright/test";
import { asOperator, logIn } from "./support";

// Billing in the browser, on the demo's three months of history: the buyer reads an invoice
// line by line, and the operator records the payment of the one invoice left unpaid, which its
// organisation then reads as paid.

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
