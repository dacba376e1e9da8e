import { chromium } from 'playwright-core';
const [url, width, selector, out] = process.argv.slice(2);
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
const page = await browser.newPage({ viewport: { width: Number(width), height: 900 } });
await page.goto(url);
if (selector === 'full') await page.screenshot({ path: out, fullPage: true });
else await page.locator(selector).first().screenshot({ path: out });
await browser.close();
