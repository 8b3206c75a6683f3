import { expect, test } from "@playwright/test";

// The demo marketplace is loaded on the server's first start, so the catalog has offers to find.
test("a visitor narrows the catalog with filters that stay in the address", async ({ page }) => {
  await page.goto("/catalog");
  const count = page.getByRole("status").filter({ hasText: /offers/ });
  await expect(count).toBeVisible();
  const everything = Number((await count.textContent())?.match(/\d+/)?.[0]);
  expect(everything).toBeGreaterThanOrEqual(300);

  await page.getByLabel("Domain").selectOption({ label: "Storage" });
  await page.getByLabel("Maximum price (EUR/month)").fill("50");
  await page.getByLabel("Sort by").selectOption({ label: "Carbon" });
  await page.getByRole("button", { name: "Apply filters" }).click();

  await expect(page).toHaveURL(/domain=storage/);
  await expect(page).toHaveURL(/max_price=50/);
  await expect(page.getByLabel("Maximum price (EUR/month)")).toHaveValue("50");
  const narrowed = Number((await count.textContent())?.match(/\d+/)?.[0]);
  expect(narrowed).toBeGreaterThan(0);
  expect(narrowed).toBeLessThan(everything);

  const rows = page.getByRole("row").filter({ hasText: "EUR" });
  for (const row of await rows.all()) {
    await expect(row).toContainText("Storage");
    const price = Number((await row.textContent())?.match(/(\d+\.\d\d) EUR/)?.[1]);
    expect(price).toBeLessThanOrEqual(50);
  }

  // The same search is a link: opening it again gives the same results.
  await page.goto(page.url());
  await expect(count).toHaveText(new RegExp(`^${narrowed} offers`));
});

test("with JavaScript the results follow the filters without reloading the page", async ({ page }) => {
  await page.goto("/catalog");
  const count = page.getByRole("status").filter({ hasText: /offers/ });
  await expect(count).toBeVisible();
  const everything = Number((await count.textContent())?.match(/\d+/)?.[0]);
  // A mark on the window survives only if the page is not loaded again.
  await page.evaluate(() => ((window as unknown as { stillHere: boolean }).stillHere = true));

  await page.getByLabel("Domain").selectOption({ label: "Database" });
  await expect(page).toHaveURL(/domain=database/);
  await expect(count).not.toHaveText(`${everything} offers`);
  const databases = Number((await count.textContent())?.match(/\d+/)?.[0]);
  expect(databases).toBeGreaterThan(0);

  await page.getByLabel("Country code").fill("CH");
  await expect(page).toHaveURL(/country=CH/);
  for (const row of await page.getByRole("row").filter({ hasText: "EUR" }).all()) {
    await expect(row).toContainText("CH ·");
  }
  expect(await page.evaluate(() => (window as unknown as { stillHere?: boolean }).stillHere)).toBe(true);
});
