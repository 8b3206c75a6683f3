import { test, expect } from "@playwright/test";
import * as fs from "node:fs";
import * as path from "node:path";
import { PASSWORD, mailDir, signUp } from "./support";

// An organisation's owner invites a colleague by email; the colleague, who has no account,
// follows the link from the mail (written as a file: no SMTP server here), signs up with the
// invited address, joins, and works in the organisation with the role given.

/// The first link to `page` in the newest mail to `email`, once it is written.
async function linkIn(email: string, page: string): Promise<string> {
  let link = "";
  await expect
    .poll(() => {
      const files = fs.existsSync(mailDir) ? fs.readdirSync(mailDir).filter((f) => f.endsWith(".eml")) : [];
      const mails = files
        .map((f) => fs.readFileSync(path.join(mailDir, f), "utf8"))
        .filter((mail) => mail.includes(`To: ${email}`));
      if (mails.length === 0) return "";
      // Quoted-printable: soft line breaks and an escaped "=".
      const plain = mails[mails.length - 1].replace(/=\r?\n/g, "").replace(/=3D/g, "=");
      link = plain.match(new RegExp(`https?://[^\\s"<]+/${page}\\?token=cpt_[0-9a-f]{64}`))?.[0] ?? "";
      return link;
    }, { timeout: 15_000 })
    .not.toBe("");
  return link;
}

test("an owner invites a colleague, who signs up from the mail and joins with the role given", async ({ browser }) => {
  const stamp = Date.now();
  const owner = { email: `owner-${stamp}@example.org`, name: "Olga Owner", organisation: `Olga's Cloud ${stamp}` };
  const colleague = `colleague-${stamp}@example.org`;

  const ownerContext = await browser.newContext();
  const ownerPage = await ownerContext.newPage();
  await signUp(ownerPage, owner);
  await expect(ownerPage.getByRole("button", { name: "Send the invitation" })).toBeEnabled();
  await ownerPage.getByLabel("Their email").fill(colleague);
  await ownerPage.getByLabel("Role", { exact: true }).selectOption("admin");
  await ownerPage.getByRole("button", { name: "Send the invitation" }).click();
  await expect(ownerPage.locator(`li[data-invitation="${colleague}"]`)).toContainText("Admin");

  const link = await linkIn(colleague, "join");
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(link);
  await expect(page.locator("[data-invitation-offer]")).toContainText(`Olga Owner invites ${colleague} to join ${owner.organisation} as Admin`);
  await page.locator("main").getByRole("link", { name: "Sign up" }).click();
  await expect(page.getByRole("button", { name: "Show password" })).toBeEnabled();
  await page.getByLabel("Email").fill(colleague);
  await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
  await page.getByLabel("Your name").fill("Colin Colleague");
  await page.getByLabel("Organisation").fill(`Colin's own ${stamp}`);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/join\?token=/);
  await page.getByRole("button", { name: `Join ${owner.organisation}` }).click();
  await expect(page).toHaveURL(/\/dashboard/);
  await expect(page.getByRole("heading", { name: owner.organisation })).toBeVisible();
  await expect(page.locator(`tr[data-member="${colleague}"] td[data-role="admin"]`)).toBeVisible();

  // The owner sees the colleague among the members, and the invitation closed.
  await ownerPage.goto("/dashboard");
  await expect(ownerPage.locator(`tr[data-member="${colleague}"]`)).toBeVisible();
  await expect(ownerPage.locator(`li[data-invitation="${colleague}"]`)).toHaveCount(0);
  await ownerContext.close();
  await context.close();
});
