import { expect, test, type Page } from "@playwright/test";
import { applyToSell, approve, signUp } from "./support";

// A French reader gets the broker's refusals in French, with their figures and names: a plan
// that nothing fits, a signature that comes too late, a quote whose offer changed, a catalog
// file that was not imported.

function freshId() {
  return `${Date.now() % 1e8}${Math.floor(Math.random() * 1e3)}`;
}

async function signUpAs(page: Page, who: string) {
  const id = freshId();
  await signUp(page, { email: `${who}-${id}@example.org`, name: "Marie Curie", organisation: `Radium ${who} ${id}` });
}

async function inFrench(page: Page) {
  await page.getByRole("button", { name: "Français" }).click();
  await expect(page.getByRole("link", { name: "Catalogue" })).toBeVisible();
}

/// Imports `blueprint` on the compose page and plans it.
async function planBlueprint(page: Page, blueprint: object) {
  await page.getByRole("link", { name: "Compose", exact: true }).click();
  await page.getByLabel("Blueprint file").setInputFiles({
    name: "blueprint.json",
    mimeType: "application/json",
    buffer: Buffer.from(JSON.stringify(blueprint)),
  });
  await page.getByRole("button", { name: "Import", exact: true }).click();
  await expect(page).toHaveURL(/\/compose\/\d+$/);
  await page.getByRole("link", { name: "Find the best plan" }).click();
  await expect(page).toHaveURL(/\/compose\/\d+\/plan$/);
}

test("a plan nothing fits and a signature that comes too late are told in French", async ({ page, context }) => {
  test.setTimeout(180_000);
  await signUpAs(page, "late-signer");
  await page.getByRole("link", { name: "Compose", exact: true }).click();
  await page.getByRole("button", { name: "Start from this Web shop" }).click();
  await expect(page).toHaveURL(/\/compose\/\d+$/);
  const editor = page.url();
  await page.getByLabel("Monthly budget (EUR)").fill("1.00");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByRole("status")).toHaveText("Saved.");
  await page.getByRole("link", { name: "Find the best plan" }).click();

  await inFrench(page);
  const cheapest = page.locator('section[data-objective="cost"] [data-infeasible]');
  await expect(cheapest).toContainText("Aucun plan ne convient.");
  await expect(cheapest).toContainText(/Le budget de 1\.00 EUR est inférieur au plan réalisable le moins cher, à \d+\.\d\d EUR\./);
  await expect(cheapest).not.toContainText("is below");

  // The budget back to the template's; the contract opened in two tabs.
  await page.goto(editor);
  await page.getByLabel("Budget mensuel (EUR)").fill("250.00");
  await page.getByRole("button", { name: "Enregistrer", exact: true }).click();
  await expect(page.getByRole("status")).toHaveText("Enregistré.");
  await page.getByRole("link", { name: "Trouver le meilleur plan" }).click();
  await page.locator('section[data-objective="cost"]').getByRole("button", { name: "Accepter ce plan et obtenir un devis" }).click();
  await expect(page).toHaveURL(/\/quotes\/\d+$/);
  await page.getByRole("button", { name: "Préparer le contrat" }).click();
  await expect(page).toHaveURL(/\/contracts\/\d+$/);
  const late = await context.newPage();
  await late.goto(page.url());

  const agree = "J'ai lu ce contrat et je le signe au nom de mon organisation.";
  await page.getByLabel(agree).check();
  await page.getByRole("button", { name: "Signer le contrat" }).click();
  await expect(page.locator("[data-signature]")).toBeVisible();

  await expect(late.getByRole("button", { name: "Signer le contrat" })).toBeEnabled();
  await late.getByLabel(agree).check();
  await late.getByRole("button", { name: "Signer le contrat" }).click();
  await expect(late.locator("[data-form-error]")).toHaveText(/^Ce contrat est .+ : il n’attend plus de signature\.$/);
});

test("a quote whose offer changed and a catalog file with a repeated id are told in French", async ({ page, browser }) => {
  test.setTimeout(240_000);
  const id = freshId();
  const slug = `radium-${id}`;
  const offerId = `vault-${id}`;
  const attribute = `vault_${id}_tb`;

  // A provider, approved, publishes the one offer with this size.
  await signUpAs(page, "vault-seller");
  await applyToSell(page, {
    legalName: `Radium Vaults ${id} SAS`,
    slug,
    country: "FR",
    jurisdiction: "EU",
    website: "https://vaults.example",
    description: "Cold storage under the Alps.",
    support: "support@vaults.example",
  });
  const console = page.url();
  await approve(browser, `[data-application="${slug}"]`);
  await page.goto(console);
  await page.getByRole("link", { name: "New offer" }).click();
  await expect(page.getByRole("button", { name: "Save offer" })).toBeEnabled();
  await page.getByLabel("Offer id").fill(offerId);
  await page.getByLabel("Domain").selectOption({ label: "Storage" });
  await page.getByLabel("Name", { exact: true }).fill(`Vault ${id}`);
  await page.getByLabel("Tag line").fill("Cold storage");
  await page.getByLabel("Country code").fill("FR");
  await page.getByLabel("Jurisdiction").fill("EU");
  await page.getByLabel("Sizes").fill(`${attribute}=5`);
  await page.getByLabel("SLA availability (%)").fill("99.9");
  await page.getByLabel("Monthly price per unit").fill("4.00");
  await page.getByLabel("Carbon (g CO2e per unit and month)").fill("300");
  await page.getByRole("button", { name: "Save offer" }).click();
  const row = page.locator(`tr[data-offer="${offerId}"]`);
  await row.getByRole("button", { name: "Submit for publication" }).click();
  await expect(page.locator(`tr[data-offer="${offerId}"]`)).toContainText("in review");
  await approve(browser, `[data-review="${offerId}"]`);

  // A tenant gets a quote for it and reads it in French.
  const buying = await browser.newContext();
  const buyer = await buying.newPage();
  await signUpAs(buyer, "vault-buyer");
  await planBlueprint(buyer, {
    format: "comptoir.blueprint/v1",
    name: `vault ${id}`,
    objective: "cost",
    components: [{ name: "vault", domain: "storage", quantity: 1, min: { [attribute]: 5 } }],
    constraints: {},
  });
  await buyer.locator('section[data-objective="cost"]').getByRole("button", { name: "Accept this plan and get a quote" }).click();
  await expect(buyer).toHaveURL(/\/quotes\/\d+$/);
  await inFrench(buyer);
  await expect(buyer.getByRole("button", { name: "Préparer le contrat" })).toBeEnabled();

  // The provider changes the price meanwhile: the quote no longer holds.
  await page.goto(console);
  await page.locator(`tr[data-offer="${offerId}"]`).getByRole("link", { name: "Edit" }).click();
  await expect(page.getByRole("button", { name: "Save offer" })).toBeEnabled();
  await page.getByLabel("Monthly price per unit").fill("5.00");
  await page.getByRole("button", { name: "Save offer" }).click();
  await expect(page).toHaveURL(/\/sell\/\d+\?saved=\d+/);

  await buyer.getByRole("button", { name: "Préparer le contrat" }).click();
  const refusal = buyer.locator("[data-form-error]");
  await expect(refusal).toContainText("Ce devis ne tient plus ; refaites le plan :");
  await expect(refusal).toContainText(
    `Ligne « vault » : l’offre « ${offerId} » a changé depuis le devis (version 2 aujourd’hui, version 1 au devis)`,
  );
  await expect(refusal).not.toContainText("re-plan");
  await buying.close();

  // The provider, in French, uploads a catalog file that names one offer twice.
  await inFrench(page);
  await page.getByLabel("Fichier catalogue (.json)").setInputFiles({
    name: "catalog.json",
    mimeType: "application/json",
    buffer: Buffer.from(JSON.stringify({
      format: "comptoir.catalog/v1",
      currency: "EUR",
      offers: [{ id: offerId }, { id: offerId }],
    })),
  });
  await page.getByRole("button", { name: "Importer", exact: true }).click();
  const report = page
    .locator("form", { has: page.getByLabel("Fichier catalogue (.json)") })
    .locator("[data-form-error]");
  await expect(report).toContainText("Rien n'a été importé");
  await expect(report).toContainText(
    `Offre « ${offerId} » (n° 2) : champ id : cet identifiant apparaît plusieurs fois dans le document.`,
  );
});
