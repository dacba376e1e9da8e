// The browser editor (DESIGN §11.9): `careleaf cms` on a new site, `decap-server` (the
// npm package's own local backend) and `careleaf serve`, driven in headless Chromium.
// A guide with a timeline and warning signs is created through the form and
// `careleaf check` passes on the file Decap wrote; an existing guide is edited and
// keeps everything else it held.
//
// Chromium here has no internet: the admin page's script from unpkg is answered from
// node_modules/decap-cms (the version the page pins, checked by its integrity hash).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { readFileSync, mkdtempSync, existsSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { createHash } from 'node:crypto';
import { chromium } from 'playwright-core';
import { parse } from 'yaml';

const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, '..');
const bin = process.env.CARELEAF_BIN || join(repo, 'target', 'debug', 'careleaf');
const dist = join(here, 'node_modules/decap-cms/dist');

let site;
let base;
let browser;
const children = [];

function start(command, args, env, ready) {
  const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  return new Promise((resolve, reject) => {
    let text = '';
    const look = (chunk) => {
      text += chunk;
      const found = ready(text);
      if (found) resolve(found);
    };
    child.stdout.on('data', look);
    child.stderr.on('data', look);
    child.on('exit', (code) => reject(new Error(`${command} exited (${code}): ${text}`)));
  });
}

before(async () => {
  site = join(mkdtempSync(join(tmpdir(), 'careleaf-cms-')), 'site');
  execFileSync(bin, ['init', site, '--paper', 'a4']);
  execFileSync(bin, ['cms', '--root', site]);
  await start(process.execPath, [join(here, 'node_modules/decap-server/dist/index.js')],
    { GIT_REPO_DIRECTORY: site, PORT: '8081', MODE: 'fs' },
    (text) => text.includes('listening on port 8081'));
  base = await start(bin, ['serve', '--root', site, '--port', '0'], {},
    (text) => text.match(/at (http:\/\/127\.0\.0\.1:\d+)\//)?.[1]);
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
});

after(async () => {
  await browser?.close();
  for (const child of children) child.kill();
});

/// A page on the admin, logged in to the local backend; `refused` collects what the
/// admin page's Content-Security-Policy blocked.
async function admin(refused) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.on('console', (m) => {
    if (/Refused to|Content Security Policy/i.test(m.text())) refused.push(m.text());
  });
  await page.route(/^https:\/\/unpkg\.com\/decap-cms@[^/]+\/dist\/(.*)$/, async (route) => {
    const file = route.request().url().match(/\/dist\/([^?#]*)/)[1];
    await route.fulfill({
      status: 200,
      contentType: 'text/javascript',
      headers: { 'Access-Control-Allow-Origin': '*' },
      body: readFileSync(join(dist, file)),
    });
  });
  await page.goto(`${base}/admin/`);
  await page.getByRole('button', { name: 'Login' }).click();
  await page.getByText('Guides', { exact: true }).first().waitFor();
  return page;
}

/// Fills the last field labelled `text` (a list repeats its labels; the newest is last).
async function fill(page, text, value) {
  const id = await page.locator('label').evaluateAll(
    (labels, t) => labels.filter((l) => l.textContent.replace(' (optional)', '') === t).map((l) => l.htmlFor).pop(),
    text,
  );
  assert.ok(id, `no field labelled ${text}`);
  await page.locator(`[id="${id}"]`).fill(value);
}

async function publish(page) {
  await page.getByRole('button', { name: 'Publish' }).first().click();
  await page.getByRole('menuitem', { name: 'Publish now' }).click();
  try {
    await page.getByRole('button', { name: 'Published' }).first().waitFor({ timeout: 15000 });
  } catch (e) {
    // What the form refused, for the failure's message.
    const errors = await page.locator('[class*="ControlErrorsList"] li, [class*="error"]').allTextContents();
    await page.screenshot({ path: join(tmpdir(), 'careleaf-cms-failed.png'), fullPage: true });
    throw new Error(`Decap did not save: ${errors.join(' | ')}`);
  }
}

function check() {
  const run = spawnSync(bin, ['check', '--root', site], { encoding: 'utf8' });
  return { code: run.status, text: run.stdout + run.stderr };
}

test('the admin page loads the pinned Decap release by its hash', () => {
  const html = readFileSync(join(site, 'static/admin/index.html'), 'utf8');
  const [, version] = html.match(/decap-cms@([^/]+)\/dist\/decap-cms\.js/);
  const installed = JSON.parse(readFileSync(join(here, 'node_modules/decap-cms/package.json'), 'utf8')).version;
  assert.equal(version, installed, 'the page and browser/package.json pin the same Decap');
  const hash = createHash('sha384').update(readFileSync(join(dist, 'decap-cms.js'))).digest('base64');
  assert.ok(html.includes(`integrity="sha384-${hash}"`), 'the integrity hash is the release file\'s');
  const config = readFileSync(join(site, 'static/admin/config.yml'), 'utf8');
  const decap = parse(config);
  assert.equal(decap.local_backend, true);
  const names = decap.collections.map((c) => c.name);
  assert.deepEqual(names, ['guides', 'pages', 'guides-es', 'pages-es', 'glossaries']);
});

test('a guide made in the browser form builds with no warning', { timeout: 180000 }, async () => {
  const refused = [];
  const page = await admin(refused);
  await page.goto(`${base}/admin/#/collections/guides/new`);
  await page.getByLabel('Title', { exact: true }).first().waitFor();
  await fill(page, 'Title', 'Knee arthroscopy aftercare');
  await fill(page, 'Summary', 'How to look after your knee in the first two weeks.');
  await page.getByRole('button', { name: 'Add section', exact: true }).click();
  await page.getByRole('menuitem', { name: 'Timeline' }).click();
  await page.getByRole('button', { name: 'Add stages' }).click();
  await fill(page, 'Label', 'The first three days');
  await fill(page, 'From', '0h');
  await fill(page, 'To', '3d');
  await fill(page, 'Body', 'Keep the dressing dry and rest with your leg raised.');
  await page.getByRole('button', { name: 'Add section', exact: true }).click();
  await page.getByRole('menuitem', { name: 'Warning signs' }).click();
  await page.getByRole('button', { name: 'Add items' }).last().click();
  await fill(page, 'Item', 'Your knee gets hotter, redder or more swollen, or you have a fever.');
  await fill(page, 'By', 'Dr. A. Example, MD');
  await fill(page, 'On', '2026-11-20');
  await publish(page);
  await page.close();

  const file = join(site, 'content/knee-arthroscopy-aftercare.yaml');
  assert.ok(existsSync(file), 'Decap wrote the guide');
  const text = readFileSync(file, 'utf8');
  assert.match(text, /^title: Knee arthroscopy aftercare$/m);
  assert.match(text, /- type: timeline\n/, '`type:` comes first in each section');
  assert.match(text, /- type: warning-signs\n/);
  const { code, text: out } = check();
  assert.equal(code, 0, out);
  assert.doesNotMatch(out, /^warning/m, out);
  assert.match(out, /no errors/);
  assert.deepEqual(refused, [], 'the admin page\'s policy let Decap run');
});

test('editing a guide in the form keeps everything else in it', { timeout: 180000 }, async () => {
  const file = join(site, 'content/microneedling.yaml');
  const before = parse(readFileSync(file, 'utf8'));
  const refused = [];
  const page = await admin(refused);
  await page.goto(`${base}/admin/#/collections/guides/entries/microneedling`);
  await page.getByLabel('Title', { exact: true }).first().waitFor();
  await fill(page, 'Summary', 'What to expect in the days after microneedling, and how to care for your skin.');
  await publish(page);
  await page.close();

  const after = parse(readFileSync(file, 'utf8'));
  assert.equal(after.summary, 'What to expect in the days after microneedling, and how to care for your skin.');
  assert.deepEqual({ ...after, summary: before.summary }, before, 'only the summary changed');
  const { code, text: out } = check();
  assert.equal(code, 0, out);
  assert.doesNotMatch(out, /^error/m, out);
  assert.deepEqual(refused, []);
});

test('a Markdown page made in the form builds', { timeout: 180000 }, async () => {
  const refused = [];
  const page = await admin(refused);
  await page.goto(`${base}/admin/#/collections/pages/new`);
  await page.getByLabel('Title', { exact: true }).first().waitFor();
  await fill(page, 'Title', 'Parking at the clinic');
  await fill(page, 'Summary', 'Where to park when you come for your treatment.');
  // The Markdown field in raw mode is an editable box, not a form control.
  const body = page.locator('[contenteditable="true"]').last();
  await body.click();
  await page.keyboard.type('Park in the blue spaces behind the clinic. They are free for two hours.');
  await publish(page);
  await page.close();
  const text = readFileSync(join(site, 'content/parking-at-the-clinic.md'), 'utf8');
  assert.match(text, /^---\ntitle: Parking at the clinic\n/);
  assert.match(text, /Park in the blue spaces/);
  const { code, text: out } = check();
  assert.equal(code, 0, out);
  assert.doesNotMatch(out, /^error/m, out);
  assert.deepEqual(refused, []);
});
