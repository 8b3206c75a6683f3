import { expect, test } from "@playwright/test";
import { applyToSell, approve, signUp } from "./support";

test("a provider applies, is approved, publishes an offer that a visitor finds and compares", async ({ page, browser }) => {
  const id = `${Date.now() % 1e8}`;
  const slug = `fjord-${id}`;
  const offerName = `Fjord Batch ${id}`;

  // A new person signs up and applies to sell.
  await signUp(page, { email: `seller-${id}@example.org`, name: "Solveig Berg", organisation: `Fjord ${id}` });
  await applyToSell(page, {
    legalName: `Fjord Compute ${id} AS`,
    slug,
    country: "NO",
    jurisdiction: "EEA",
    website: "https://fjord.example",
    description: "Hydro-powered batch compute by the fjords.",
    support: "support@fjord.example",
  });
  const console = page.url();

  // The operator approves the application.
  await approve(browser, `[data-application="${slug}"]`);

  // The provider drafts an offer; a mistyped price is shown next to its field, nothing is lost.
  await page.goto(console);
  await expect(page.getByTestId("provider-status")).toContainText("approved");
  await page.getByRole("link", { name: "New offer" }).click();
  await expect(page.getByRole("button", { name: "Save offer" })).toBeEnabled();
  await page.getByLabel("Offer id").fill(`batch-${id}`);
  await page.getByLabel("Domain").selectOption({ label: "Compute" });
  await page.getByLabel("Name", { exact: true }).fill(offerName);
  await page.getByLabel("Tag line").fill("Spot-priced batch nodes");
  await page.getByLabel("Country code").fill("FR");
  await page.getByLabel("Jurisdiction").fill("EU");
  await page.getByLabel("Sizes").fill("vcpu=16, ram_gb=64");
  await page.getByLabel("Certifications").fill("ISO27001");
  await page.getByLabel("SLA availability (%)").fill("99.5");
  await page.getByLabel("Monthly price per unit").fill("0,505");
  await page.getByLabel("Carbon (g CO2e per unit and month)").fill("800");
  await page.getByRole("button", { name: "Save offer" }).click();
  await expect(page.getByText("Enter a number such as 12.50.")).toBeVisible();
  await expect(page.getByLabel("Sizes")).toHaveValue("vcpu=16, ram_gb=64");
  await page.getByLabel("Monthly price per unit").fill("0.50");
  await page.getByRole("button", { name: "Save offer" }).click();

  const row = page.locator(`tr[data-offer="batch-${id}"]`);
  await expect(row).toContainText("draft");
  await row.getByRole("button", { name: "Submit for publication" }).click();
  await expect(page.locator(`tr[data-offer="batch-${id}"]`)).toContainText("in review");

  // The operator approves its first publication.
  await approve(browser, `[data-review="batch-${id}"]`);

  // A visitor finds it with filters and compares it with the next cheapest offer.
  const visitor = await browser.newContext();
  const search = await visitor.newPage();
  await search.goto("/catalog");
  await search.getByLabel("Domain").selectOption({ label: "Compute" });
  await search.getByLabel("Country code").fill("FR");
  await search.getByLabel("Sort by").selectOption({ label: "Price" });
  await search.getByRole("button", { name: "Apply filters" }).click();
  await expect(search).toHaveURL(/country=FR/);
  await search.getByRole("checkbox", { name: `Select ${offerName}` }).check();
  const other = search.getByRole("checkbox").nth(1);
  const otherName = (await other.getAttribute("aria-label"))!.replace(/^Select /, "");
  await other.check();
  await search.getByRole("button", { name: "Compare selected (up to 4)" }).click();

  const comparison = search.getByTestId("comparison");
  await expect(comparison).toContainText(offerName);
  await expect(comparison).toContainText(otherName);
  await expect(comparison).toContainText("0.50 EUR");
  await expect(comparison).toContainText("ISO27001");

  await search.getByRole("link", { name: offerName }).click();
  await expect(search.getByRole("heading", { name: offerName })).toBeVisible();
  await expect(search.getByTestId("price-history")).toContainText("0.50 EUR");
  await visitor.close();
});
