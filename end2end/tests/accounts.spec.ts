import { expect, test, type Page } from "@playwright/test";

// A fresh person for every test, so tests never depend on each other.
function freshUser() {
  const id = `${Date.now()}-${Math.floor(Math.random() * 1e6)}`;
  return {
    email: `ada-${id}@example.org`,
    password: "velvet harbour lantern quietly",
    name: "Ada Lovelace",
    organisation: `Analytical Engines ${id}`,
  };
}

async function signUp(page: Page, user: ReturnType<typeof freshUser>) {
  await page.goto("/signup");
  // The show-password control only works once the form's island is hydrated: waiting for it
  // proves the WASM is live before typing.
  await expect(page.getByRole("button", { name: "Show password" })).toBeEnabled();
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Password", { exact: true }).fill(user.password);
  await page.getByLabel("Your name").fill(user.name);
  await page.getByLabel("Organisation").fill(user.organisation);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByRole("heading", { name: user.organisation })).toBeVisible();
}

test("a new person signs up, sees their organisation, logs out and back in", async ({ page }) => {
  const user = freshUser();
  await signUp(page, user);
  await expect(page).toHaveURL(/\/dashboard/);
  await expect(page.getByRole("cell", { name: user.email })).toBeVisible();
  await expect(page.getByRole("cell", { name: "Owner", exact: true })).toBeVisible();

  await page.getByRole("button", { name: "Log out" }).click();
  await expect(page.getByRole("link", { name: "Log in" })).toBeVisible();

  await page.getByRole("link", { name: "Log in" }).click();
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Password").fill(user.password);
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page.getByRole("heading", { name: user.organisation })).toBeVisible();
});

test("a wrong password shows the error and keeps the email typed", async ({ page }) => {
  const user = freshUser();
  await signUp(page, user);
  await page.getByRole("button", { name: "Log out" }).click();
  await page.goto("/login");
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Password").fill("not the right password at all");
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Invalid email or password." })).toBeVisible();
  await expect(page.getByLabel("Email")).toHaveValue(user.email);
});

test("sign-up errors appear next to their fields and nothing typed is lost", async ({ page }) => {
  const user = freshUser();
  await page.goto("/signup");
  await expect(page.getByRole("button", { name: "Show password" })).toBeEnabled();
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Password", { exact: true }).fill("passwordpassword");
  await page.getByLabel("Your name").fill(user.name);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByText("This password is too easy to guess.")).toBeVisible();
  await expect(page.getByText("This field cannot be empty.")).toBeVisible();
  await expect(page.getByLabel("Email")).toHaveValue(user.email);
  await expect(page.getByLabel("Your name")).toHaveValue(user.name);
});

test("the show-password control reveals the password once the page is hydrated", async ({ page }) => {
  await page.goto("/signup");
  const password = page.getByLabel("Password", { exact: true });
  await password.fill("velvet harbour lantern quietly");
  await expect(password).toHaveAttribute("type", "password");
  await page.getByRole("button", { name: "Show password" }).click();
  await expect(password).toHaveAttribute("type", "text");
  await expect(page.getByRole("button", { name: "Hide password" })).toBeVisible();
});

test("the language can be switched to French and stays so", async ({ page }) => {
  await page.goto("/login");
  await page.getByRole("button", { name: "Français" }).click();
  await expect(page.getByRole("heading", { name: "Connexion" })).toBeVisible();
  await page.goto("/");
  await expect(page.getByRole("link", { name: "Catalogue" })).toBeVisible();
  await page.getByRole("button", { name: "English" }).click();
  await expect(page.getByRole("link", { name: "Catalog" })).toBeVisible();
});

test("a browser that prefers French gets French", async ({ browser }) => {
  const context = await browser.newContext({ locale: "fr-FR" });
  const page = await context.newPage();
  await page.goto("/");
  await expect(page.getByRole("link", { name: "Se connecter" })).toBeVisible();
  await context.close();
});
