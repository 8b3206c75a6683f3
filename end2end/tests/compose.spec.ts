import { expect, test, type Page } from "@playwright/test";

async function signUp(page: Page) {
  const id = `${Date.now()}-${Math.floor(Math.random() * 1e6)}`;
  await page.goto("/signup");
  await expect(page.getByRole("button", { name: "Show password" })).toBeEnabled();
  await page.getByLabel("Email").fill(`composer-${id}@example.org`);
  await page.getByLabel("Password", { exact: true }).fill("velvet harbour lantern quietly");
  await page.getByLabel("Your name").fill("Grace Hopper");
  await page.getByLabel("Organisation").fill(`Compilers ${id}`);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/dashboard/);
}

test("a tenant composes a service from a template, fixes a field, adds and removes a component", async ({ page }) => {
  await signUp(page);
  await page.getByRole("link", { name: "Compose", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Compose a service" })).toBeVisible();
  await page.getByRole("button", { name: "Start from this Web shop" }).click();
  await expect(page).toHaveURL(/\/compose\/\d+$/);
  await expect(page.getByRole("heading", { name: "web shop" })).toBeVisible();
  const draft = page.url();

  // A quantity of 0 is refused next to its field.
  const web = page.getByRole("group", { name: "Component 2", exact: true });
  await expect(web.getByLabel("Name")).toHaveValue("web");
  await web.getByLabel("Quantity").fill("0");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(web.getByText("Enter a whole number of 1 or more.")).toBeVisible();
  await expect(web.getByLabel("Quantity")).toHaveValue("0");

  await web.getByLabel("Quantity").fill("4");
  await page.getByLabel("Monthly budget (EUR)").fill("320.00");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByRole("status")).toHaveText("Saved.");
  await expect(page.getByRole("group", { name: "Component 2", exact: true }).getByLabel("Quantity")).toHaveValue("4");
  await expect(page.getByLabel("Monthly budget (EUR)")).toHaveValue("320.00");

  // A component added, then removed.
  await page.getByRole("button", { name: "Add a component" }).click();
  const added = page.getByRole("group", { name: "Component 7", exact: true });
  await expect(added.getByLabel("Name")).toHaveValue("component-7");
  await added.getByRole("button", { name: "Remove component component-7" }).click();
  await expect(page.getByRole("group", { name: "Component 7", exact: true })).toHaveCount(0);

  await expect(page.getByRole("link", { name: "Find the best plan" })).toHaveAttribute(
    "href",
    `${new URL(draft).pathname}/plan`,
  );
  await expect(page.getByRole("link", { name: "Export (JSON file)" })).toHaveAttribute(
    "download",
    "blueprint-web-shop.json",
  );
  await page.getByRole("link", { name: "All blueprints" }).click();
  await expect(page.getByRole("link", { name: "web shop" })).toBeVisible();
});
