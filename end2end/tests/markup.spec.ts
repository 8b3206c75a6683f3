import { expect, test, type Page } from "@playwright/test";

// Markup typed into a form is text: saved and shown again, the page reads it back exactly as
// typed and never runs it. Each value closes a textarea and opens an image whose error handler
// sets `window.__xss`; a dialog opened by anything on the page fails the test.

const COMPONENT = `</textarea><img src=x onerror="window.__xss=1">`;
const DESCRIPTION = `</textarea><img src=x onerror="window.__xss=1;alert(1)"><script>alert(1)</script>`;
const PROVIDER = { email: "provider@demo.comptoir.example", password: "comptoir demo password" };

declare global {
  interface Window {
    __xss?: number;
  }
}

/// Records every dialog the page opens (and dismisses it), for `nothingRan` to refuse.
function watchDialogs(page: Page): string[] {
  const dialogs: string[] = [];
  page.on("dialog", async (dialog) => {
    dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    await dialog.dismiss();
  });
  return dialogs;
}

/// No markup of the values ran or became an element on the page.
async function nothingRan(page: Page, dialogs: string[]) {
  expect(await page.evaluate(() => window.__xss)).toBeUndefined();
  await expect(page.locator('img[src="x"]')).toHaveCount(0);
  expect(dialogs).toEqual([]);
}

async function signUp(page: Page) {
  const id = `${Date.now()}-${Math.floor(Math.random() * 1e6)}`;
  await page.goto("/signup");
  await expect(page.getByRole("button", { name: "Show password" })).toBeEnabled();
  await page.getByLabel("Email").fill(`markup-${id}@example.org`);
  await page.getByLabel("Password", { exact: true }).fill("velvet harbour lantern quietly");
  await page.getByLabel("Your name").fill("Hedy Lamarr");
  await page.getByLabel("Organisation").fill(`Frequency Hopping ${id}`);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/dashboard/);
}

test("a component named with markup, and the same-provider group naming it, read back as typed", async ({ page, browser }) => {
  const dialogs = watchDialogs(page);
  await signUp(page);
  await page.goto("/compose");
  await page.getByRole("button", { name: "Start from this Web shop" }).click();
  await expect(page).toHaveURL(/\/compose\/\d+$/);
  const editor = new URL(page.url()).pathname;

  const first = page.getByRole("group", { name: "Component 1", exact: true });
  const groups = `${COMPONENT}, web, cache`;
  await expect(first.getByLabel("Name")).toHaveValue("load-balancer");
  await first.getByLabel("Name").fill(COMPONENT);
  await page.getByLabel("Same-provider groups").fill(groups);
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByRole("status")).toHaveText("Saved.");

  // The editor opened again, as the colleagues of the organisation open it.
  await page.goto(editor);
  await expect(page.getByRole("group", { name: "Component 1", exact: true }).getByLabel("Name")).toHaveValue(COMPONENT);
  await expect(page.getByLabel("Same-provider groups")).toHaveValue(groups);
  await expect(page.getByRole("button", { name: `Remove component ${COMPONENT}` })).toBeVisible();
  await nothingRan(page, dialogs);

  // Without JavaScript a refused form comes back from the server with the values as typed.
  const context = await browser.newContext({ javaScriptEnabled: false, storageState: await page.context().storageState() });
  const plain = await context.newPage();
  const plainDialogs = watchDialogs(plain);
  await plain.goto(editor);
  const again = plain.getByRole("group", { name: "Component 1", exact: true });
  await expect(again.getByLabel("Name")).toHaveValue(COMPONENT);
  await again.getByLabel("Quantity").fill("0");
  await plain.getByLabel("Distinct-provider groups").fill(`${COMPONENT}, db`);
  await plain.getByRole("button", { name: "Save", exact: true }).click();
  await expect(plain).toHaveURL(/__err=/);
  await expect(again.getByLabel("Quantity")).toHaveValue("0");
  await expect(plain.getByLabel("Same-provider groups")).toHaveValue(groups);
  await expect(plain.getByLabel("Distinct-provider groups")).toHaveValue(`${COMPONENT}, db`);
  await expect(plain.locator('img[src="x"]')).toHaveCount(0);
  expect(plainDialogs).toEqual([]);
  await context.close();

  await page.goto(editor);
  await expect(page.getByLabel("Same-provider groups")).toHaveValue(groups);
  await nothingRan(page, dialogs);
});

test("an offer described with markup reads back as typed in the offer editor", async ({ page }) => {
  const dialogs = watchDialogs(page);
  const id = `markup-${Date.now() % 1e8}`;
  await page.goto("/login");
  await page.getByLabel("Email").fill(PROVIDER.email);
  await page.getByLabel("Password").fill(PROVIDER.password);
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page).toHaveURL(/\/dashboard/);

  await page.goto("/sell");
  await page.getByRole("link", { name: "Fjordlys Cloud AS" }).click();
  await expect(page.getByTestId("provider-status")).toContainText("approved");
  await page.getByRole("link", { name: "New offer" }).click();
  await expect(page.getByRole("button", { name: "Save offer" })).toBeEnabled();
  await page.getByLabel("Offer id").fill(id);
  await page.getByLabel("Domain").selectOption({ label: "Compute" });
  await page.getByLabel("Name", { exact: true }).fill(`Markup ${id}`);
  await page.getByLabel("Description").fill(DESCRIPTION);
  await page.getByLabel("Country code").fill("NO");
  await page.getByLabel("Jurisdiction").fill("EEA");
  await page.getByLabel("Sizes").fill("vcpu=2");
  await page.getByLabel("SLA availability (%)").fill("99.9");
  await page.getByLabel("Monthly price per unit").fill("10.00");
  await page.getByLabel("Carbon (g CO2e per unit and month)").fill("500");
  await page.getByRole("button", { name: "Save offer" }).click();

  // The editor opened again, as the operator or a colleague opens it.
  const row = page.locator(`tr[data-offer="${id}"]`);
  await expect(row).toContainText("draft");
  await row.getByRole("link", { name: "Edit" }).click();
  await expect(page.getByRole("button", { name: "Save offer" })).toBeEnabled();
  await expect(page.getByLabel("Description")).toHaveValue(DESCRIPTION);
  await nothingRan(page, dialogs);

  // Saved again from the editor, and opened once more.
  const editor = page.url();
  await page.getByLabel("Tag line").fill("Markup stays text");
  await page.getByRole("button", { name: "Save offer" }).click();
  await expect(page.locator(`tr[data-offer="${id}"]`)).toContainText("draft");
  await page.goto(editor);
  await expect(page.getByLabel("Description")).toHaveValue(DESCRIPTION);
  await expect(page.getByLabel("Tag line")).toHaveValue("Markup stays text");
  await nothingRan(page, dialogs);

  // The offer's own page shows the description as text.
  await page.goto(`/offers/${new URL(editor).pathname.split("/").pop()}`);
  await expect(page.getByText(DESCRIPTION)).toBeVisible();
  await nothingRan(page, dialogs);
});
