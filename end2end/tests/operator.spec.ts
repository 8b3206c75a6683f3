import { expect, test, type Page } from "@playwright/test";
import AxeBuilder from "@axe-core/playwright";
import { OPERATOR, logIn } from "./support";

// The operator's console on the demo marketplace: the overview's charts and figures, finding the demo buyer's organisation,
// suspending the buyer (whose session ends and whose log-in is refused with the reason), the
// entry in the audit log, and the reinstatement; then the operator's, provider's and buyer's
// dashboards checked by axe-core.

const BUYER = { email: "buyer@demo.comptoir.example", password: "comptoir demo password" };
const PROVIDER = { email: "provider@demo.comptoir.example", password: "comptoir demo password" };
const REASON = "Three card payments disputed this week";

async function tryLogIn(page: Page, email: string, password: string) {
  await page.goto("/login");
  await expect(page.getByRole("button", { name: "Log in" })).toBeEnabled();
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Log in" }).click();
}

test("the operator suspends the demo buyer, who is told why, and reinstates them", async ({ browser }) => {
  const buyerContext = await browser.newContext();
  const buyer = await buyerContext.newPage();
  await logIn(buyer, BUYER.email, BUYER.password);

  const context = await browser.newContext();
  const page = await context.newPage();
  await logIn(page, OPERATOR.email, OPERATOR.password);
  await page.goto("/admin");
  // The overview: charts drawn on the server, each with its figures, over the demo's history.
  for (const chart of ["gmv", "commission", "organisations"]) {
    await expect(page.locator(`figure[data-chart="${chart}"] svg[role="img"] rect`)).toHaveCount(12);
  }
  await expect(page.locator("#overview tr[data-month]")).toHaveCount(12);
  await expect(page.locator("#overview td[data-gmv]", { hasText: /[1-9][\d,]*\.\d{2} EUR/ }).first()).toBeVisible();
  // The demo's one downtime incident, in its provider's row and its month's column.
  const incident = page.locator("#sla-by-provider tr[data-sla]");
  await expect(incident).toHaveCount(1);
  await expect(incident.locator("td", { hasText: /\d+ (h|min)/ })).toHaveCount(1);
  await expect(page.locator("#top-providers tr").first()).toContainText(/[1-9][\d,]*\.\d{2} EUR/);
  await page.getByRole("link", { name: "People" }).click();
  await page.getByLabel("Name or email").fill("buyer@demo");
  await page.getByRole("button", { name: "Find" }).click();
  await page.locator("#organisations").getByRole("link", { name: "Demo Buyer Org" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Demo Buyer Org");
  const member = page.locator(`tr[data-member="${BUYER.email}"]`);
  await member.getByRole("link").click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveAttribute("data-user", BUYER.email);
  const userPage = page.url();
  await expect(page.getByRole("button", { name: "Suspend" })).toBeEnabled();
  await page.getByLabel("Reason for the suspension").fill(REASON);
  await page.getByRole("button", { name: "Suspend" }).click();
  await expect(page.locator("[data-suspension]")).toContainText(REASON);

  // The buyer's session has ended; logging in again says why it cannot.
  await buyer.goto("/dashboard");
  await expect(buyer).toHaveURL(/\/login/);
  await tryLogIn(buyer, BUYER.email, BUYER.password);
  await expect(buyer.locator("[data-form-error]")).toContainText("This account is suspended");
  await expect(buyer.locator("[data-form-error]")).toContainText(REASON);

  await page.goto("/admin/audit?action=user_suspended");
  await expect(page.locator('[data-action="user_suspended"]').first()).toContainText(REASON);

  await page.goto(userPage);
  await page.getByRole("button", { name: "Reinstate" }).click();
  await expect(page.getByRole("button", { name: "Suspend" })).toBeVisible();
  await expect(page.locator("[data-suspension]")).toHaveCount(0);
  await logIn(buyer, BUYER.email, BUYER.password);
  await buyerContext.close();
  await context.close();
});

/// No serious or critical violation of the rules axe-core checks on the page as it is.
async function expectAccessible(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  expect(results.passes.length, "axe-core checked the page").toBeGreaterThan(0);
  const grave = results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  expect(grave, page.url()).toEqual([]);
}

test("the operator's, provider's and buyer's dashboards show their charts and pass axe-core", async ({ browser }) => {
  const visits: [typeof OPERATOR, string[]][] = [
    [OPERATOR, ["/admin", "/admin/people?q=demo", "/admin/audit", "/admin/billing"]],
    [BUYER, ["/dashboard", "/billing", "/dashboard/activity"]],
  ];
  for (const [who, paths] of visits) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await logIn(page, who.email, who.password);
    for (const path of paths) {
      await page.goto(path);
      await expectAccessible(page);
    }
    await context.close();
  }
  const context = await browser.newContext();
  const page = await context.newPage();
  await logIn(page, PROVIDER.email, PROVIDER.password);
  await page.goto("/sell");
  const console = (await page.locator('a[href^="/sell/"]').first().getAttribute("href")) ?? "";
  expect(console).not.toBe("");
  for (const path of [console, `${console}/revenue`, `${console}/activity`]) {
    await page.goto(path);
    await expectAccessible(page);
  }
  // The provider's charts: orders per month on its console, its share and payouts per month.
  await page.goto(console);
  await expect(page.locator('figure[data-chart="orders"] svg[role="img"] rect')).toHaveCount(12);
  // The demo member sells for every demo provider; the demo's contracts buy from a few of them.
  await page.goto("/sell");
  const consoles = await page.locator('a[href^="/sell/"]').evaluateAll((links) =>
    links.map((link) => link.getAttribute("href") ?? ""),
  );
  let selling = "";
  for (const href of consoles) {
    await page.goto(`${href}/revenue`);
    await expect(page.getByRole("heading", { name: "Revenue", exact: true })).toBeVisible();
    if ((await page.locator("tr[data-month]").count()) > 0) {
      selling = href;
      break;
    }
  }
  expect(selling).not.toBe("");
  await expect(page.locator('figure[data-chart="share"] svg[role="img"] rect').first()).toBeVisible();
  await expect(page.locator('figure[data-chart="paid-out"] svg[role="img"]')).toBeVisible();
  await page.goto(selling);
  await expect(page.locator("#figures tr[data-uptime]").first()).toBeVisible();
  await context.close();
});
