import { expect, test, type Page } from "@playwright/test";

// The tenant's main journey on the demo marketplace: from sign-up to a signed contract whose
// resources the simulated providers bring up, then one of them terminated.

async function signUp(page: Page) {
  const id = `${Date.now()}-${Math.floor(Math.random() * 1e6)}`;
  await page.goto("/signup");
  await expect(page.getByRole("button", { name: "Show password" })).toBeEnabled();
  await page.getByLabel("Email").fill(`buyer-${id}@example.org`);
  await page.getByLabel("Password", { exact: true }).fill("velvet harbour lantern quietly");
  await page.getByLabel("Your name").fill("Ada Lovelace");
  await page.getByLabel("Organisation").fill(`Analytical Engines ${id}`);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/dashboard/);
}

test("a new tenant composes a web shop, tightens a constraint, signs, and watches it provision", async ({ page }) => {
  test.setTimeout(240_000);
  await signUp(page);

  await page.getByRole("link", { name: "Compose", exact: true }).click();
  await page.getByRole("button", { name: "Start from this Web shop" }).click();
  await expect(page).toHaveURL(/\/compose\/\d+$/);
  await page.getByRole("link", { name: "Find the best plan" }).click();
  await expect(page).toHaveURL(/\/compose\/\d+\/plan$/);

  const cheapest = page.locator('section[data-objective="cost"]');
  const greenest = page.locator('section[data-objective="carbon"]');
  await expect(cheapest.getByRole("heading", { name: "Cheapest plan" })).toBeVisible();
  await expect(greenest.getByRole("heading", { name: "Lowest-carbon plan" })).toBeVisible();
  await expect(cheapest.locator("li[data-component]")).toHaveCount(6);
  const before = await cheapest.locator("[data-total-monthly]").textContent();
  // Each choice says why: what was considered and excluded, and the next best offers.
  await cheapest.locator('li[data-component="web"]').getByText("Why this offer").click();
  await expect(cheapest.locator('li[data-component="web"]').getByText(/offers of Compute/)).toBeVisible();

  // Only French data centres: the plan changes, and every line is in France.
  await page.getByRole("link", { name: "Edit the blueprint" }).click();
  await page.getByRole("group", { name: "Constraints" }).getByLabel("Countries", { exact: true }).fill("FR");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByRole("status")).toHaveText("Saved.");
  await page.getByRole("link", { name: "Find the best plan" }).click();
  await expect(cheapest.locator("li[data-component]")).toHaveCount(6);
  const after = await cheapest.locator("[data-total-monthly]").textContent();
  expect(after).not.toBe(before);
  await expect(cheapest.locator("li[data-component]").filter({ hasText: "· FR (" })).toHaveCount(6);

  await cheapest.getByRole("button", { name: "Accept this plan and get a quote" }).click();
  await expect(page).toHaveURL(/\/quotes\/\d+$/);
  await expect(page.getByText(/Prices and offer versions frozen until/)).toBeVisible();
  await expect(page.locator("[data-total]")).toHaveText(after ?? "");
  await page.getByRole("button", { name: "Prepare the contract" }).click();
  await expect(page).toHaveURL(/\/contracts\/\d+$/);
  await expect(page.getByRole("heading", { name: "Parties" })).toBeVisible();

  // Signing needs the box ticked; the signature records the document's SHA-256.
  await page.getByRole("button", { name: "Sign the contract" }).click();
  await expect(page.getByText("Tick this box to sign.")).toBeVisible();
  await page.getByLabel("I have read this contract and I sign it on behalf of my organisation.").check();
  await page.getByRole("button", { name: "Sign the contract" }).click();
  const signature = page.locator("[data-signature]");
  await expect(signature).toBeVisible();
  const shown = await page.locator("[data-sha256]").textContent();
  await expect(signature).toContainText(shown ?? "missing");

  // The resources follow the providers without a reload, until every one is active.
  const resources = page.locator("#resources tbody tr");
  await expect(resources).toHaveCount(6);
  await expect(page.locator('#resources [data-state="active"]')).toHaveCount(6, { timeout: 120_000 });
  // The status line and the events follow with them.
  await expect(page.locator("#contract-status [data-status]")).toHaveText("active");
  await expect(page.locator("#contract-events li").filter({ hasText: "every line active" })).toHaveCount(1);

  const media = page.locator('#resources tr[data-component="media"]');
  await media.getByRole("button", { name: "Terminate" }).click();
  await expect(media.locator('[data-state="terminated"]')).toBeVisible({ timeout: 60_000 });

  await page.getByRole("link", { name: "Dashboard" }).click();
  await expect(page.locator("[data-contract]")).toHaveCount(1);
  await expect(page.locator('#dashboard-resources [data-state="active"]')).toHaveCount(5);
});
