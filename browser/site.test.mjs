// Builds the example site (with each built-in theme), serves it on 127.0.0.1 and
// checks every page in headless Chromium: axe-core (WCAG 2.1 A and AA) must find nothing, and at 390px wide no page
// may scroll sideways; search, glossary, ingredient and related links are followed.
// Run: cargo build && cd browser && npm install && node --test
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createServer } from 'node:http';
import { readFileSync, readdirSync, statSync, existsSync, mkdtempSync, mkdirSync, writeFileSync, cpSync } from 'node:fs';
import { join, extname, dirname } from 'node:path';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const work = mkdtempSync(join(tmpdir(), 'careleaf-browser-'));
const out = join(work, 'site');
const bin = process.env.CARELEAF_BIN || join(repo, 'target', 'debug', 'careleaf');
const types = { '.html': 'text/html; charset=utf-8', '.css': 'text/css', '.js': 'text/javascript', '.json': 'application/json', '.svg': 'image/svg+xml', '.xml': 'application/xml', '.txt': 'text/plain', '.png': 'image/png', '.pdf': 'application/pdf' };
const servers = [];
let browser, base;
// The example site again, with the built-in high-contrast theme: [label, url, folder].
const themes = [];

function pages(dir, prefix = '/') {
  let found = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) found = found.concat(pages(path, `${prefix}${name}/`));
    else if (name === 'index.html') found.push(prefix);
  }
  return found;
}

// Serves `dir` over http on a free port (Pagefind needs http, not file://).
async function serve(dir) {
  const server = createServer((req, res) => {
    let path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (path.endsWith('/')) path += 'index.html';
    const file = join(dir, path);
    if (!file.startsWith(dir) || !existsSync(file) || statSync(file).isDirectory()) { res.writeHead(404); res.end(); return; }
    res.writeHead(200, { 'content-type': types[extname(file)] || 'application/octet-stream' });
    res.end(readFileSync(file));
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  servers.push(server);
  return `http://127.0.0.1:${server.address().port}`;
}

// Builds the site at `root` into `output` (extra careleaf arguments in `args`).
function build(root, output, args = []) {
  execFileSync(bin, ['build', '--root', root, '--output', output, '--base-url', 'http://127.0.0.1', ...args], { stdio: 'inherit' });
}

// Waits for Pagefind's loaded results (it first shows placeholders, ". . .").
async function loadedResults(page) {
  await page.waitForFunction(() => [...document.querySelectorAll('.pagefind-ui__result-title')].some((t) => /\w/.test(t.textContent)));
}

// Runs axe-core (WCAG 2.1 A and AA) on the loaded page; returns its violations as text.
async function axeViolations(page, label) {
  // Evaluated by the browser's debugger protocol, not added as a page script, which
  // the site's Content-Security-Policy would (rightly) refuse.
  await page.evaluate(axeSource);
  const result = await page.evaluate(() => axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } }));
  return result.violations.map((v) => `${label}: ${v.id} (${v.impact}) ${v.help}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
}

// Collects what the page's Content-Security-Policy blocked (console reports), so a
// test can assert that the site's own pages never trip their own policy.
function watchPolicy(page) {
  const blocked = [];
  page.on('console', (m) => { if (/Content Security Policy/i.test(m.text())) blocked.push(m.text()); });
  page.on('pageerror', (e) => { if (/Content Security Policy/i.test(String(e))) blocked.push(String(e)); });
  return blocked;
}

// Presses Tab until the element matching `selector` has the focus.
async function tabTo(page, selector, limit = 60) {
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((s) => document.activeElement?.matches(s), selector)) return;
  }
  throw new Error(`Tab never reached ${selector}`);
}

before(async () => {
  build(repo, out);
  base = await serve(out);
  themes.push(['default', base, out]);
  const contrast = join(work, 'high-contrast');
  mkdirSync(contrast);
  for (const part of ['content', 'static']) cpSync(join(repo, part), join(contrast, part), { recursive: true });
  const config = readFileSync(join(repo, 'careleaf.yaml'), 'utf8');
  assert.match(config, /^theme: default$/m);
  writeFileSync(join(contrast, 'careleaf.yaml'), config.replace(/^theme: default$/m, 'theme: high-contrast'));
  build(contrast, join(contrast, 'public'), ['--no-pdf']);
  themes.push(['high-contrast', await serve(join(contrast, 'public')), join(contrast, 'public')]);
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
});

after(async () => {
  await browser?.close();
  for (const server of servers) server.close();
});

test('every page of both themes passes axe-core (WCAG 2.1 AA) with zero violations', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const problems = [];
  for (const [theme, url, dir] of themes) {
    const list = pages(dir);
    assert.ok(list.length >= 10, `expected the whole site, found ${list.length} pages`);
    for (const path of list) {
      const page = await context.newPage();
      const blocked = watchPolicy(page);
      await page.goto(url + path);
      problems.push(...(await axeViolations(page, `${theme} ${path}`)));
      problems.push(...blocked.map((m) => `${theme} ${path}: ${m}`));
      await page.close();
    }
  }
  await context.close();
  assert.deepEqual(problems, []);
});

test('no page of either theme scrolls sideways on a 390px phone', async () => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const wide = [];
  for (const [theme, url, dir] of themes) {
    for (const path of pages(dir)) {
      const page = await context.newPage();
      await page.goto(url + path);
      const [scroll, client] = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
      if (scroll > client) wide.push(`${theme} ${path}: ${scroll}px > ${client}px`);
      await page.close();
    }
  }
  await context.close();
  assert.deepEqual(wide, []);
});

test('the high-contrast theme sets large black-on-white type', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const sizes = {};
  for (const [theme, url] of themes) {
    const page = await context.newPage();
    await page.goto(`${url}/microneedling/`);
    sizes[theme] = await page.evaluate(() => {
      const style = getComputedStyle(document.querySelector('main p'));
      return { size: parseFloat(style.fontSize), color: style.color };
    });
    await page.close();
  }
  await context.close();
  assert.ok(sizes['high-contrast'].size >= 22, JSON.stringify(sizes));
  assert.ok(sizes['high-contrast'].size > sizes.default.size * 1.15, JSON.stringify(sizes));
  assert.equal(sizes['high-contrast'].color, 'rgb(0, 0, 0)');
});

test('the guide works without JavaScript: FAQ answers open, links resolve', async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(`${base}/microneedling/`);
  await page.click('summary:has-text("How soon can I wash my face?")');
  assert.ok(await page.isVisible('text=Wait about 4 to 6 hours'));
  await page.click('summary:has-text("Do I really need sunscreen?")');
  await page.click('a:has-text("sun care guide")');
  assert.equal(new URL(page.url()).pathname, '/sun-care/');
  assert.equal(await page.textContent('h1'), 'Sun care after a skin treatment');
  await context.close();
});

test('the handout page prints on the configured paper with the footer on every page', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${base}/microneedling/handout/`);
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.isVisible('.handout-tools'), false, 'the screen toolbar is not printed');
  const pdf = join(dirname(out), 'handout-print.pdf');
  await page.pdf({ path: pdf, preferCSSPageSize: true, printBackground: true });
  await context.close();
  const info = execFileSync('pdfinfo', [pdf], { encoding: 'utf8' });
  assert.match(info, /Page size:\s+612 x 792 pts/);
  const pageCount = Number(/Pages:\s+(\d+)/.exec(info)[1]);
  assert.ok(pageCount >= 1 && pageCount <= 3, `${pageCount} pages`);
  const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
  for (const expected of ['Radiant Skin Clinic', 'Treatment date:', 'Your provider:', 'When to call us', `Page 1 of ${pageCount}`, 'Reviewed on October 15, 2026 by Dr. A. Example, MD']) {
    assert.ok(text.includes(expected), `printed handout lacks ${expected}`);
  }
  assert.ok(!text.includes('Back to the online guide'));
});

test('printing a guide page leaves out navigation', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${base}/microneedling/`);
  await page.emulateMedia({ media: 'print' });
  for (const hidden of ['.site-nav', '.toc', '.handout-links']) {
    assert.equal(await page.isVisible(hidden), false, `${hidden} is printed`);
  }
  assert.ok(await page.isVisible('.warning-box'));
  await context.close();
});

test('an ingredient in a guide links to the ingredient index and back', async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(`${base}/microneedling/`);
  await page.click('table.ingredients a:has-text("Retinol and other retinoids")');
  assert.equal(new URL(page.url()).pathname, '/ingredients/');
  assert.equal(new URL(page.url()).hash, '#retinol-and-other-retinoids');
  const entry = page.locator('#retinol-and-other-retinoids');
  assert.match(await entry.textContent(), /Avoid for 7 days after your treatment/);
  await entry.locator('a', { hasText: 'In Microneedling aftercare' }).first().click();
  assert.equal(new URL(page.url()).pathname, '/microneedling/');
  assert.match(new URL(page.url()).hash, /^#(ingredient-retinol-and-other-retinoids|tips)$/);
  await context.close();
});

test('search with the keyboard: header form, results with title and snippet, open a guide', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const blocked = watchPolicy(page);
  await page.goto(`${base}/`);
  await tabTo(page, '#site-search-q');
  await page.keyboard.type('retinol');
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/search\/\?q=retinol$/);
  await loadedResults(page);
  const results = page.locator('.pagefind-ui__result');
  const titles = await page.locator('.pagefind-ui__result-title').allTextContents();
  assert.ok(titles.map((t) => t.trim()).includes('Microneedling aftercare'), titles.join(' | '));
  assert.match(await results.first().locator('.pagefind-ui__result-excerpt').first().innerHTML(), /<mark>retinol<\/mark>/i);
  assert.deepEqual(await axeViolations(page, '/search/?q=retinol'), []);
  await tabTo(page, '.pagefind-ui__result-link[href^="/microneedling/"]');
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/microneedling\//);
  assert.equal(await page.textContent('h1'), 'Microneedling aftercare');
  assert.deepEqual(blocked, [], 'search (Pagefind and its WebAssembly) runs under the site\'s policy');
  await context.close();
});

// washcloths: only in a tip; flaky: only in an FAQ answer; ferulic: only in the ingredients
// table; breakouts and washing: stems of breakout and wash.
test('search finds a guide by words only in its tips, FAQ and ingredients, and by word stems', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${base}/search/`);
  const found = await page.evaluate(async (queries) => {
    const pagefind = await import('/pagefind/pagefind.js');
    const out = {};
    for (const q of queries) {
      const search = await pagefind.search(q);
      out[q] = (await Promise.all(search.results.map((r) => r.data()))).map((d) => d.url);
    }
    return out;
  }, ['washcloths', 'flaky', 'ferulic', 'breakouts', 'washing']);
  for (const [q, urls] of Object.entries(found)) assert.ok(urls.includes('/microneedling/'), `${q}: ${urls}`);
  await context.close();
});

test('Spanish pages are searched in Spanish, with Spanish stems', async () => {
  const root = join(work, 'bilingual');
  mkdirSync(join(root, 'content'), { recursive: true });
  writeFileSync(join(root, 'careleaf.yaml'), 'title: Clinica\nbase_url: https://c.example\nlanguage: en\ntranslations: [es]\nclinic: { name: Clinica, phone: "+1 555 0100" }\n');
  writeFileSync(join(root, 'content', 'care.md'), '---\ntitle: Aftercare\n---\nUse a gentle moisturizer after the treatment.\n');
  writeFileSync(join(root, 'content', 'care.es.md'), '---\ntitle: Cuidados posteriores\n---\nUse una crema hidratante suave después del tratamiento.\n');
  const site = join(work, 'bilingual-out');
  build(root, site, ['--no-pdf']);
  const url = await serve(site);
  const context = await browser.newContext();
  const page = await context.newPage();
  // The queries are longer than the words on the page, so only stemming can match them.
  await page.goto(`${url}/es/search/?q=hidratantes`);
  await loadedResults(page);
  assert.deepEqual((await page.locator('.pagefind-ui__result-title').allTextContents()).map((t) => t.trim()), ['Cuidados posteriores']);
  assert.equal(await page.getAttribute('html', 'lang'), 'es');
  assert.match(await page.textContent('.pagefind-ui__message'), /resultado/, 'Pagefind speaks Spanish here');
  await page.goto(`${url}/search/?q=moisturizers`);
  await loadedResults(page);
  assert.deepEqual((await page.locator('.pagefind-ui__result-title').allTextContents()).map((t) => t.trim()), ['Aftercare']);
  await context.close();
});

test('the first mention of a glossary term links to its definition', async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(`${base}/microneedling/`);
  const term = page.locator('a.glossary-term', { hasText: /^collagen$/i }).first();
  assert.match(await term.getAttribute('title'), /protein that gives skin its strength/);
  await term.click();
  assert.equal(new URL(page.url()).pathname, '/glossary/');
  assert.equal(new URL(page.url()).hash, '#collagen');
  assert.match(await page.textContent('#collagen'), /Collagen/);
  await context.close();
});

test('related guides link both ways', async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(`${base}/microneedling/`);
  await page.click('.related a:has-text("Sun care after a skin treatment")');
  assert.equal(new URL(page.url()).pathname, '/sun-care/');
  await page.click('.related a:has-text("Microneedling aftercare")');
  assert.equal(new URL(page.url()).pathname, '/microneedling/');
  await context.close();
});

test('"Can I use retinol after microneedling?" is one click from the home page', async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(`${base}/`);
  await page.click('main a:has-text("which products are safe")');
  assert.equal(new URL(page.url()).pathname + new URL(page.url()).hash, '/microneedling/#ingredients');
  const row = page.locator('tr', { has: page.locator('#ingredient-retinol-and-other-retinoids') });
  assert.ok(await row.isVisible());
  assert.match((await row.textContent()).replace(/\s+/g, ' '), /Retinol and other retinoids ✗ Avoid for the first 7 days/);
  await context.close();
});

test('the language switcher keeps you on the same guide, both ways', async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(`${base}/microneedling/#tips`);
  await page.click('.lang-switch a:has-text("Español")');
  assert.equal(new URL(page.url()).pathname, '/es/microneedling/');
  assert.equal(await page.getAttribute('html', 'lang'), 'es');
  assert.equal(await page.textContent('h1'), 'Cuidados después del microneedling');
  await page.click('.lang-switch a:has-text("English")');
  assert.equal(new URL(page.url()).pathname, '/microneedling/');
  await context.close();
});

test('a long list in pages: the pager is keyboard-usable, axe-clean and fits a phone', async () => {
  // The example site with three guides per page and six more guides in one folder.
  const root = join(work, 'listing');
  mkdirSync(root);
  for (const part of ['content', 'static']) cpSync(join(repo, part), join(root, part), { recursive: true });
  const config = readFileSync(join(repo, 'careleaf.yaml'), 'utf8');
  writeFileSync(join(root, 'careleaf.yaml'), `${config.replace(/^search: true$/m, 'search: false')}listing: { per_page: 3 }\n`);
  const guide = readFileSync(join(repo, 'content', 'microneedling.yaml'), 'utf8');
  for (let i = 1; i <= 6; i++) {
    writeFileSync(join(root, 'content', `copy-${i}.yaml`),
      guide.replace(/^title: .*$/m, `title: Aftercare copy ${i}`).replace(/^slug: .*$/m, ''));
  }
  build(root, join(root, 'public'), ['--no-pdf']);
  const url = await serve(join(root, 'public'));
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  await page.goto(`${url}/`);
  assert.equal(await page.locator('main .card').count(), 3);
  assert.match(await page.locator('.list-pager').innerText(), /Page 1 of [3-9]/);
  await tabTo(page, '.list-pager a[rel="next"]');
  await page.keyboard.press('Enter');
  await page.waitForURL(`${url}/page/2/`);
  assert.match(await page.locator('.list-pager').innerText(), /Page 2 of [3-9]/);
  assert.deepEqual(await axeViolations(page, '/page/2/'), []);
  const [scroll, client] = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
  assert.ok(scroll <= client, `${scroll}px > ${client}px`);
  await page.click('.list-pager a[rel="prev"]');
  await page.waitForURL(`${url}/`);
  await context.close();
});

// The personal plan (DESIGN §10.8). The expected dates are worked out here from the
// treatment date and the guide's windows as written in content/microneedling.yaml,
// not read back from the script.
const utc = (y, m, d) => new Date(Date.UTC(y, m - 1, d));
const plus = (date, days) => new Date(date.getTime() + days * 86400000);
// As plan.js writes a day (DESIGN §11.6: "Tue 8 Dec"): short weekday and month.
const shortDate = (lang, date) => new Intl.DateTimeFormat(lang, { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' }).format(date);

async function planPage(path, lang = 'en') {
  const context = await browser.newContext({ acceptDownloads: true, locale: lang });
  const page = await context.newPage();
  const requests = [];
  page.on('request', (r) => requests.push(r.url()));
  await page.goto(`${base}${path}`);
  return { context, page, requests };
}

for (const [lang, path, until, from] of [
  ['en', '/microneedling/', 'Until', 'From'],
  ['es', '/es/microneedling/', 'Hasta el', 'Desde el'],
]) {
  test(`the personal plan shows real dates (${lang})`, async () => {
    const { context, page, requests } = await planPage(path, lang);
    const day = utc(2026, 12, 1);
    await page.getByLabel(lang === 'en' ? 'Date of your treatment' : 'Fecha de su tratamiento').fill('2026-12-01');
    // Three windows: avoid sun `to: 3d`, retinol `to: 7d`, sunscreen (do) `from: 24h`.
    const slot = (what) => page.locator(`[data-what="${what}"] [data-plan-slot]`).first().textContent();
    const sun = lang === 'en' ? 'Direct sunlight' : 'Sol directo';
    assert.equal((await slot(sun)).trim(), `(${until} ${shortDate(lang, plus(day, 3))})`);
    const retinol = lang === 'en' ? 'Retinol and other retinoids' : 'Retinol y otros retinoides';
    assert.equal((await slot(retinol)).trim(), `(${until} ${shortDate(lang, plus(day, 7))})`);
    const stage = page.locator('.timeline [data-plan][data-from="4320"] [data-plan-slot]');
    assert.match(await stage.textContent(), new RegExp(shortDate(lang, plus(day, 3)).replace(/[.()]/g, '\\$&')));
    const after24 = page.locator('[data-plan="do"][data-from="1440"]:not([data-to]) [data-plan-slot]').first();
    assert.equal((await after24.textContent()).trim(), `(${from} ${shortDate(lang, plus(day, 1))})`);
    assert.ok(await page.locator('.plan-status').textContent());
    assert.deepEqual(await axeViolations(page, `${path} with the plan`), []);
    // Nothing leaves the page, nothing is stored until the box is ticked.
    assert.deepEqual(requests.filter((u) => !u.startsWith(base)), []);
    assert.equal(await page.evaluate(() => localStorage.length), 0);
    await page.getByLabel(lang === 'en' ? 'Remember the date on this device' : 'Recordar la fecha en este dispositivo').check();
    assert.equal(await page.evaluate(() => localStorage.length), 1);
    await page.reload();
    assert.equal(await page.inputValue('#plan-date'), '2026-12-01');
    assert.equal((await slot(sun)).trim(), `(${until} ${shortDate(lang, plus(day, 3))})`);
    await page.getByLabel(lang === 'en' ? 'Remember the date on this device' : 'Recordar la fecha en este dispositivo').uncheck();
    assert.equal(await page.evaluate(() => localStorage.length), 0);
    await context.close();
  });
}

test('without JavaScript the plan stays hidden and the page is complete', async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(`${base}/microneedling/`);
  assert.equal(await page.locator('form.plan').isVisible(), false);
  assert.equal(await page.locator('[data-plan-slot]:visible').count(), 0);
  assert.ok(await page.locator('text=Direct sunlight').first().isVisible());
  await context.close();
});

test('the handout prints with the dates and the .ics holds the moments that matter', async () => {
  const { context, page, requests } = await planPage('/microneedling/handout/');
  // The .ics link waits for a date (issue 27: `.button` used to override `hidden`).
  assert.equal(await page.isVisible('.plan-ics'), false, 'the .ics link shows before a date');
  await page.fill('#plan-date', '2026-12-01');
  assert.equal(await page.isVisible('.plan-ics'), true, 'the .ics link does not show after a date');
  // One set of blanks, the name first, and the form after them, never above (issue 28).
  assert.equal(await page.locator('#plan-name, #plan-provider').count(), 0);
  assert.ok(await page.evaluate(() => document.querySelector('.fill-in').compareDocumentPosition(document.querySelector('form.plan')) & Node.DOCUMENT_POSITION_FOLLOWING));
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.locator('form.plan').isVisible(), false);
  const blanks = await page.locator('.fill-in').textContent();
  assert.match(blanks, /^\s*Name:/);
  assert.match(blanks, /Tuesday, December 1, 2026/);
  assert.match(blanks, /Your provider:/);
  // The first stage (`to: 12h`) ends on the treatment day itself.
  assert.match(await page.locator('.h-timeline').textContent(), new RegExp(`Until ${shortDate('en', utc(2026, 12, 1))}`));
  await page.emulateMedia({ media: 'screen' });
  assert.deepEqual(await axeViolations(page, 'handout with the plan'), []);
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('.plan-ics')]);
  const file = join(work, 'plan.ics');
  await download.saveAs(file);
  const python = process.env.CARELEAF_PYTHON || 'python3';
  const parsed = JSON.parse(execFileSync(python, ['-c', `
import json, sys, icalendar
cal = icalendar.Calendar.from_ical(open(sys.argv[1], 'rb').read())
events = [{"summary": str(e.get("summary")), "start": e.decoded("dtstart").isoformat(), "end": e.decoded("dtend").isoformat(),
           "uid": str(e.get("uid")), "stamp": bool(e.get("dtstamp")), "alarms": len(e.walk("VALARM"))} for e in cal.walk("VEVENT")]
print(json.dumps(events))`, file]).toString());
  const find = (summary) => parsed.find((e) => e.summary === summary);
  assert.deepEqual(find('You may again: Direct sunlight') && [find('You may again: Direct sunlight').start, find('You may again: Direct sunlight').end], ['2026-12-04', '2026-12-05']);
  assert.equal(find('You may again: Retinol and other retinoids').start, '2026-12-08');
  assert.ok(parsed.length >= 5, JSON.stringify(parsed));
  assert.equal(new Set(parsed.map((e) => e.uid)).size, parsed.length, 'unique UIDs');
  assert.ok(parsed.every((e) => e.stamp && e.alarms === 1), JSON.stringify(parsed));
  assert.deepEqual(requests.filter((u) => !u.startsWith(base) && !u.startsWith('blob:')), []);
  await context.close();
});

test('a right-to-left page (Arabic) passes axe and fits a 390px phone', async () => {
  const site = join(work, 'arabic');
  cpSync(join(repo, 'tests', 'fixtures', 'arabic'), site, { recursive: true });
  mkdirSync(join(site, 'fonts'), { recursive: true });
  cpSync('/usr/share/fonts/truetype/noto/NotoNaskhArabic-Regular.ttf', join(site, 'fonts', 'NotoNaskhArabic-Regular.ttf'));
  const output = join(work, 'arabic-out');
  build(site, output);
  const url = await serve(output);
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  for (const path of ['/ar/extraction/', '/ar/', '/ar/extraction/handout/']) {
    await page.goto(url + path);
    assert.equal(await page.getAttribute('html', 'dir'), 'rtl', path);
    assert.deepEqual(await axeViolations(page, `rtl ${path}`), []);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `${path} scrolls sideways by ${overflow}px`);
  }
  await context.close();
});

test('a --relative build works opened from a folder (file://)', async () => {
  const output = join(work, 'relative');
  execFileSync(bin, ['build', '--root', repo, '--output', output, '--relative'], { stdio: 'inherit' });
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`file://${output}/microneedling/index.html`);
  // The stylesheet applies: the body font and the accent-coloured header.
  const header = await page.evaluate(() => getComputedStyle(document.querySelector('.site-header') || document.body).backgroundColor);
  assert.notEqual(header, 'rgba(0, 0, 0, 0)', 'the header is styled');
  assert.equal(await page.evaluate(() => getComputedStyle(document.querySelector('.skip-link')).position), 'absolute', 'the theme stylesheet applies');
  assert.deepEqual(await axeViolations(page, 'file:// microneedling'), []);
  // Links between guides and languages.
  await page.click('a[hreflang="es"]');
  assert.match(page.url(), /\/es\/microneedling\/index\.html$/);
  assert.equal(await page.textContent('h1'), 'Cuidados después del microneedling');
  assert.equal(await page.evaluate(() => getComputedStyle(document.querySelector('.skip-link')).position), 'absolute');
  await page.click('a[hreflang="en"]');
  assert.match(page.url(), /\/microneedling\/index\.html$/);
  await page.goto(`file://${output}/index.html`);
  await page.click('main a[href$="microneedling/index.html"]');
  assert.equal(await page.textContent('h1'), 'Microneedling aftercare');
  // Every page reached this way is styled too.
  assert.equal(await page.evaluate(() => getComputedStyle(document.querySelector('.skip-link')).position), 'absolute');
  // Search says it needs a web address.
  await page.goto(`file://${output}/search/index.html`);
  assert.match(await page.textContent('main'), /served over http/);
  await context.close();
});

test('text that looks like markup never breaks a page (JSON-LD and HTML escaping)', async () => {
  const site = join(work, 'nasty');
  cpSync(join(repo, 'tests', 'fixtures', 'base'), site, { recursive: true });
  const nasty = ['<!--<script>', '</script><h1>x', '<script>alert(1)</script>', 'a & b > c <!-- d'];
  nasty.forEach((text, i) => {
    writeFileSync(join(site, 'content', `g${i}.yaml`), [
      `title: ${JSON.stringify(`Guide ${i} ${text}`)}`,
      `summary: ${JSON.stringify(`Summary ${text}`)}`,
      'reviewed: { by: Dr A, on: 2026-10-01 }',
      'sections:',
      '  - type: faq',
      '    items:',
      `      - { q: ${JSON.stringify(`Why ${text}?`)}, a: ${JSON.stringify(`Because ${text}`)} }`,
      '  - type: warning-signs',
      '    items: [A fever]',
    ].join('\n') + '\n');
  });
  const output = join(work, 'nasty-out');
  build(site, output, ['--no-pdf']);
  const url = await serve(output);
  const context = await browser.newContext();
  const page = await context.newPage();
  const dialogs = [];
  page.on('dialog', (d) => { dialogs.push(d.message()); d.dismiss(); });
  for (const [i, text] of nasty.entries()) {
    await page.goto(`${url}/g${i}/`);
    assert.equal((await page.textContent('main h1')).trim(), `Guide ${i} ${text}`);
    assert.ok(await page.locator('main').isVisible());
    const ld = await page.evaluate(() => JSON.parse(document.querySelector('script[type="application/ld+json"]').textContent));
    assert.equal(ld[0].name, `Guide ${i} ${text}`);
  }
  assert.deepEqual(dialogs, []);
  await context.close();
});

async function sweep(fixture) {
  const output = join(work, fixture);
  build(join(repo, 'tests', 'fixtures', fixture), output);
  const url = await serve(output);
  const problems = [];
  for (const viewport of [{ width: 1280, height: 900 }, { width: 390, height: 844 }]) {
    const context = await browser.newContext({ viewport });
    for (const path of pages(output)) {
      const page = await context.newPage();
      await page.goto(url + path);
      if (viewport.width === 1280) problems.push(...(await axeViolations(page, `${fixture} ${path}`)));
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      if (overflow > 0) problems.push(`${path} scrolls sideways by ${overflow}px at ${viewport.width}px`);
      await page.close();
    }
    await context.close();
  }
  return problems;
}

test('a dental, eye, wound and physiotherapy site: every page axe-clean and fits a phone', async () => {
  assert.deepEqual(await sweep('specialties'), []);
});

test('preparation, child, exercise, action-plan and vaccination leaflets: every page axe-clean and fits a phone', async () => {
  assert.deepEqual(await sweep('leaflets'), []);
});

// THEME.md "Order and room": on a phone the key points start on the first screen and a
// link to the warning signs comes before the advice; warning boxes have a solid
// background by urgency with tel: links; at desk widths a side rail sits beside the text.
test('a guide page puts what a patient needs first, and uses the screen', async () => {
  const problems = [];
  let guides = 0;
  for (const fixture of ['example', 'specialties', 'leaflets']) {
    const output = join(work, `order-${fixture}`);
    build(fixture === 'example' ? repo : join(repo, 'tests', 'fixtures', fixture), output);
    const url = await serve(output);
    for (const viewport of [{ width: 390, height: 844 }, { width: 1280, height: 900 }, { width: 1920, height: 1080 }]) {
      const context = await browser.newContext({ viewport });
      for (const path of pages(output)) {
        const page = await context.newPage();
        await page.goto(url + path);
        if (!(await page.locator('article.guide').count())) { await page.close(); continue; }
        if (viewport.width === 390) guides += 1;
        const found = await page.evaluate(() => {
          const top = (el) => el && el.getBoundingClientRect().top + window.scrollY;
          const firstSection = document.querySelector('article.guide > .section');
          const help = document.querySelector('.get-help a');
          const signs = document.querySelector('.section-warning-signs, .section-action-plan');
          const rail = document.querySelector('.guide-rail');
          const h1 = document.querySelector('article.guide h1');
          return {
            h1: top(h1),
            keys: top(document.querySelector('.takeaways')),
            help: help && { top: top(help), href: help.getAttribute('href') },
            signs: signs && signs.id,
            advice: top(firstSection),
            boxes: [...document.querySelectorAll('.sign-box')].map((b) => ({
              bg: getComputedStyle(b).backgroundColor,
              // A contact's number (five digits or more): a label such as "your GP
              // surgery (or call 111)" is the site's own words.
              phone: /\d[\d ]{4,}/.test((b.querySelector('.warning-phone') || {}).textContent || ''),
              tel: !!b.querySelector('a[href^="tel:"]'),
            })),
            rail: rail && rail.offsetParent !== null && rail.getBoundingClientRect().toJSON(),
            text: h1.getBoundingClientRect().toJSON(),
          };
        });
        const where = `${fixture}${path} at ${viewport.width}px`;
        if (viewport.width === 390) {
          if (found.h1 > viewport.height / 2) problems.push(`${where}: the title starts at ${Math.round(found.h1)}px`);
          if (found.keys !== null && found.keys !== undefined && found.keys > viewport.height - 100) problems.push(`${where}: the key points start at ${Math.round(found.keys)}px, below the first screen`);
        }
        if (found.signs) {
          if (!found.help) problems.push(`${where}: no "When to get help" link`);
          else {
            if (found.help.href !== `#${found.signs}`) problems.push(`${where}: the help link goes to ${found.help.href}, not #${found.signs}`);
            if (found.help.top > found.advice) problems.push(`${where}: the help link is below the advice`);
          }
        }
        for (const box of found.boxes) {
          if (box.bg === 'rgba(0, 0, 0, 0)' || box.bg === 'rgb(255, 255, 255)') problems.push(`${where}: a warning box has no background (${box.bg})`);
          if (box.phone && !box.tel) problems.push(`${where}: a warning box gives a number without a tel: link`);
        }
        if (viewport.width >= 1280) {
          if (!found.rail) problems.push(`${where}: no side rail`);
          else if (found.rail.left < found.text.right - 1) problems.push(`${where}: the side rail is not beside the text`);
        } else if (found.rail && found.rail.width > 0 && found.rail.top < found.advice - 1 && found.keys && found.rail.top < found.keys) {
          problems.push(`${where}: the rail comes before the key points on a phone`);
        }
        await page.close();
      }
      await context.close();
    }
  }
  assert.ok(guides >= 12, `only ${guides} guide pages checked`);
  assert.deepEqual(problems, []);
});
