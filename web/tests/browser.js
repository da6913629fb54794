// Shared set-up for the browser tests: serve the built page, open it in Debian's headless Chromium
// through playwright-core (never a downloaded browser), and collect what the console says.
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { startServer } = require('../server.js');

const WEB_DIR = process.env.SWARMSCOPE_WEB_DIR || path.join(__dirname, '../../build/wasm/web');
const SCREENSHOT_DIR = process.env.SWARMSCOPE_SCREENSHOTS || path.join(__dirname, '../../build/screenshots');

function playwright() {
  const dir = process.env.PLAYWRIGHT_DIR;
  if (!dir) throw new Error('PLAYWRIGHT_DIR is not set; run the browser tests through ctest or tests/run');
  return require(dir);
}

// Opens the page (at `hash`, with the browser's language `locale`; `onPage(page)` runs before it
// loads); returns { page, logs, errors, url, close }.
async function openPage({ viewport = { width: 1280, height: 720 }, deviceScaleFactor = 1, beforeLoad, hash = '', locale, onPage } = {}) {
  const server = await startServer(WEB_DIR, 0);
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'swarmscope-chromium-'));
  const context = await playwright().chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    viewport,
    deviceScaleFactor,
    ...(locale ? { locale } : {}),
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
           '--disable-component-update', '--disable-sync', '--enable-unsafe-swiftshader', '--use-angle=swiftshader',
           ...(locale ? [`--lang=${locale}`] : [])],
  });
  const page = context.pages()[0] || await context.newPage();
  const logs = [];
  const errors = [];
  page.on('console', m => {
    logs.push(`[${m.type()}] ${m.text()}`);
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', e => errors.push(`page error: ${e.message}`));
  if (beforeLoad) await page.addInitScript(beforeLoad);
  if (onPage) onPage(page);
  await page.goto(server.url + hash);
  return {
    page, logs, errors, url: server.url,
    async close() {
      await context.close();
      server.close();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}

async function state(page) {
  return page.evaluate(() => window.swarmscope.state());
}

// Waits until the app has drawn at least `frames` frames.
async function waitForFrames(page, frames, timeoutMs = 60000) {
  await page.waitForFunction(n => window.swarmscope && window.swarmscope.state().frame >= n, frames,
                             { timeout: timeoutMs, polling: 100 });
}

async function screenshot(page, name) {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, name);
  await page.screenshot({ path: file });
  return file;
}

module.exports = { openPage, state, waitForFrames, screenshot };
