// The example site served by a real nginx (Debian's), under the base path /guides,
// with the configuration printed in docs/publishing.md (read from that file, so the
// documented config is the tested one): no page trips the Content-Security-Policy the
// server sends, search finds a word, a missing path gets the 404 page, and the hashed
// stylesheets and scripts come with a year's cache.
// Run: cargo build && cd browser && npm install && node --test
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync, readdirSync, statSync, mkdtempSync, mkdirSync, writeFileSync, chmodSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { tmpdir } from 'node:os';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = process.env.CARELEAF_BIN || join(repo, 'target', 'debug', 'careleaf');
const nginxBin = process.env.NGINX || '/usr/sbin/nginx';
const work = mkdtempSync(join(tmpdir(), 'careleaf-nginx-'));
// nginx's workers run as an unprivileged user: they must be able to read the site.
chmodSync(work, 0o755);
let nginx, browser, base;

function freePort() {
  return new Promise((ok) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => ok(port)); });
  });
}

function pages(dir, prefix) {
  let found = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) { if (name !== 'pagefind') found = found.concat(pages(path, `${prefix}${name}/`)); }
    else if (name === 'index.html') found.push(prefix);
  }
  return found;
}

before(async () => {
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  const root = join(work, 'www');
  mkdirSync(root);
  execFileSync(bin, ['build', '--root', repo, '--output', join(root, 'guides'), '--base-url', `${base}/guides`], { stdio: 'inherit' });
  const docs = readFileSync(join(repo, 'docs', 'publishing.md'), 'utf8');
  const block = /```nginx\n([\s\S]*?)```/.exec(docs)[1].replaceAll('/var/www/careleaf', root);
  const temp = join(work, 'tmp');
  mkdirSync(temp);
  const conf = join(work, 'nginx.conf');
  writeFileSync(conf, `daemon off;
pid ${work}/nginx.pid;
error_log ${work}/error.log;
events {}
http {
  include /etc/nginx/mime.types;
  access_log off;
  client_body_temp_path ${temp}/body; proxy_temp_path ${temp}/proxy; fastcgi_temp_path ${temp}/fastcgi;
  uwsgi_temp_path ${temp}/uwsgi; scgi_temp_path ${temp}/scgi;
  server {
    listen 127.0.0.1:${port};
${block}
  }
}
`);
  nginx = spawn(nginxBin, ['-c', conf, '-p', work], { stdio: 'inherit' });
  for (let i = 0; i < 50; i++) {
    try { await fetch(`${base}/guides/`); break; } catch { await new Promise((r) => setTimeout(r, 100)); }
  }
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
});

after(async () => {
  await browser?.close();
  nginx?.kill();
});

test('no page served by nginx trips its Content-Security-Policy', async () => {
  const first = await fetch(`${base}/guides/microneedling/`);
  assert.equal(first.status, 200);
  assert.match(first.headers.get('content-security-policy'), /script-src 'self' 'wasm-unsafe-eval'/);
  assert.equal(first.headers.get('x-content-type-options'), 'nosniff');
  const context = await browser.newContext();
  const blocked = [];
  const list = pages(join(work, 'www', 'guides'), '/guides/');
  assert.ok(list.length >= 30, `the whole site: ${list.length}`);
  for (const path of list) {
    const page = await context.newPage();
    page.on('console', (m) => { if (/Content Security Policy/i.test(m.text())) blocked.push(`${path}: ${m.text()}`); });
    const response = await page.goto(base + path);
    assert.equal(response.status(), 200, path);
    await page.close();
  }
  assert.deepEqual(blocked, []);
  await context.close();
});

test('search finds a word under the server\'s policy', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const blocked = [];
  page.on('console', (m) => { if (/Content Security Policy/i.test(m.text())) blocked.push(m.text()); });
  await page.goto(`${base}/guides/search/?q=retinol`);
  // Pagefind first shows placeholder results (". . ."), then the loaded ones.
  await page.waitForFunction(() => [...document.querySelectorAll('.pagefind-ui__result-title')].some((t) => /\w/.test(t.textContent)));
  const titles = await page.locator('.pagefind-ui__result-title').allTextContents();
  assert.ok(titles.map((t) => t.trim()).includes('Microneedling aftercare'), titles.join(' | '));
  assert.deepEqual(blocked, []);
  await context.close();
});

test('a missing path gets the 404 page; hashed assets are cached for a year', async () => {
  const missing = await fetch(`${base}/guides/no-such-guide/`);
  assert.equal(missing.status, 404);
  assert.match(await missing.text(), /Page not found/);
  const html = await (await fetch(`${base}/guides/`)).text();
  const style = /href="(\/guides\/style\.[0-9a-f]{16}\.css)"/.exec(html)[1];
  const css = await fetch(base + style);
  assert.equal(css.status, 200);
  assert.equal(css.headers.get('cache-control'), 'public, max-age=31536000, immutable');
  assert.equal(css.headers.get('x-content-type-options'), 'nosniff');
  const page = await fetch(`${base}/guides/microneedling/`);
  assert.equal(page.headers.get('cache-control'), null, 'pages are revalidated');
});
