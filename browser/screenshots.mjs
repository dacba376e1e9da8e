// Screenshots of the example site for the README, so they stay current:
//   cd browser && npm ci && node screenshots.mjs
// Builds the example with the debug binary (CARELEAF_BIN to use another), serves it,
// and writes docs/screenshots/: the microneedling guide's first screen at 390, 1280
// and 1920 px, and the first page of its PDF handout (pdftoppm, from poppler-utils).
import { chromium } from 'playwright-core';
import { execFileSync } from 'node:child_process';
import { createServer } from 'node:http';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = process.env.CARELEAF_BIN || join(repo, 'target', 'debug', 'careleaf');
const shots = join(repo, 'docs', 'screenshots');
const work = mkdtempSync(join(tmpdir(), 'careleaf-shots-'));
const site = join(work, 'site');
execFileSync(bin, ['build', '--root', repo, '--output', site, '--base-url', 'http://127.0.0.1'], { stdio: 'inherit' });

const types = { '.html': 'text/html; charset=utf-8', '.css': 'text/css', '.js': 'text/javascript', '.svg': 'image/svg+xml', '.png': 'image/png', '.json': 'application/json' };
const server = createServer((req, res) => {
  let path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
  if (path.endsWith('/')) path += 'index.html';
  const file = join(site, path);
  if (!file.startsWith(site) || !existsSync(file) || statSync(file).isDirectory()) { res.writeHead(404); res.end(); return; }
  res.writeHead(200, { 'content-type': types[extname(file)] || 'application/octet-stream' });
  res.end(readFileSync(file));
});
await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
const base = `http://127.0.0.1:${server.address().port}`;

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
for (const [width, height] of [[390, 844], [1280, 900], [1920, 1080]]) {
  const page = await browser.newPage({ viewport: { width, height } });
  await page.goto(`${base}/microneedling/`);
  await page.screenshot({ path: join(shots, `guide-${width}.png`) });
  await page.close();
}
await browser.close();
server.close();

execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', '-singlefile', join(site, 'microneedling', 'microneedling.pdf'), join(work, 'handout')]);
renameSync(join(work, 'handout.png'), join(shots, 'handout-page-1.png'));
rmSync(work, { recursive: true, force: true });
console.log(`Wrote the screenshots to ${shots}`);
