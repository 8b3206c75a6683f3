import { test, expect } from "@playwright/test";
import * as fs from "node:fs";
import * as path from "node:path";
import { logIn, mailDir, signUp } from "./support";

// A person who forgot their password asks for a link, reads the mail the server wrote (as a
// file: no SMTP server here), follows the link, sets a new password and logs in with it.

/// The reset link of the newest mail to `email`, once it is written.
async function resetLink(email: string): Promise<string> {
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
      link = plain.match(/https?:\/\/[^\s"<]+\/reset-password\?token=cpt_[0-9a-f]{64}/)?.[0] ?? "";
      return link;
    }, { timeout: 15_000 })
    .not.toBe("");
  return link;
}

test("a person resets a forgotten password from the link in the mail", async ({ page }) => {
  const email = `forgetful-${Date.now()}@example.org`;
  await signUp(page, { email, name: "Forgetful Person", organisation: "Forgetful Org" });
  await page.getByRole("button", { name: "Log out" }).click();

  await page.goto("/login");
  await page.getByRole("link", { name: "Forgot your password?" }).click();
  await expect(page.getByRole("button", { name: "Send the link" })).toBeEnabled();
  await page.getByLabel("Email").fill(email);
  await page.getByRole("button", { name: "Send the link" }).click();
  await expect(page.getByRole("status")).toContainText("If an account uses this address");

  const link = await resetLink(email);
  await page.goto(link);
  const fresh = "copper meadow whistle tomorrow";
  await expect(page.getByRole("button", { name: "Set the new password" })).toBeEnabled();
  await page.getByLabel("New password").fill(fresh);
  await page.getByRole("button", { name: "Set the new password" }).click();
  await expect(page).toHaveURL(/\/login\?reset=1/);
  await expect(page.getByRole("status")).toContainText("Your password was changed");

  await logIn(page, email, fresh);
  // The link worked once.
  await page.goto(link);
  await expect(page.getByText("This link no longer works")).toBeVisible();
});
