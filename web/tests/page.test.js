// The page loads, draws the ImGui UI, follows the window and the pixel ratio, and answers keys and clicks.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { distinctColours } = require('./png.js');
const { openPage, state, waitForFrames, screenshot } = require('./browser.js');

test('the page draws the UI, answers a key and a click, and logs no errors', async () => {
  const b = await openPage();
  try {
    await waitForFrames(b.page, 30);
    let s = await state(b.page);
    assert.match(s.version, /^\d+\.\d+\.\d+$/);
    assert.equal(s.width, 1280);
    assert.equal(s.height, 720);
    assert.equal(s.pixel_ratio, 1);
    assert.equal(await b.page.isVisible('#notice'), false, 'the loading message is gone');
    assert.equal(s.help_open, false);

    await b.page.keyboard.press('F1');
    await b.page.waitForFunction(() => window.swarmscope.state().help_open === true, null, { timeout: 5000 });
    const shot = await screenshot(b.page, 'page-help.png');
    assert.ok(distinctColours(shot) > 20, 'the screenshot is not blank');

    s = await state(b.page);
    const help = s.widgets.help;
    assert.ok(help && help.w > 0, 'the Help menu item has a place on screen');
    await b.page.mouse.click(help.x + help.w / 2, help.y + help.h / 2);
    await b.page.waitForFunction(() => window.swarmscope.state().help_open === false, null, { timeout: 5000 });

    const r = await b.page.evaluate(() => window.swarmscope.command('theme light'));
    assert.deepEqual(r, { ok: true, message: 'light theme' });
    const bad = await b.page.evaluate(() => window.swarmscope.command('warp 9'));
    assert.equal(bad.ok, false);
    assert.match(bad.message, /unknown command 'warp'/);
    await waitForFrames(b.page, (await state(b.page)).frame + 3);
    await screenshot(b.page, 'page-light.png');
    assert.deepEqual(b.errors, [], 'no console errors');
  } finally {
    await b.close();
  }
});

test('the canvas follows window resizes and draws at the device pixel ratio', async () => {
  const b = await openPage({ viewport: { width: 900, height: 600 }, deviceScaleFactor: 2 });
  try {
    await waitForFrames(b.page, 10);
    let s = await state(b.page);
    assert.equal(s.pixel_ratio, 2);
    assert.deepEqual([s.width, s.height], [900, 600]);
    assert.deepEqual(await b.page.evaluate(() => { const c = document.getElementById('canvas'); return [c.width, c.height]; }), [1800, 1200]);
    await screenshot(b.page, 'page-hidpi.png');

    await b.page.setViewportSize({ width: 700, height: 500 });
    await b.page.waitForFunction(() => window.swarmscope.state().width === 700, null, { timeout: 5000 });
    s = await state(b.page);
    assert.equal(s.height, 500);
    assert.deepEqual(await b.page.evaluate(() => { const c = document.getElementById('canvas'); return [c.width, c.height]; }), [1400, 1000]);
    assert.deepEqual(b.errors, []);
  } finally {
    await b.close();
  }
});

test('without WebGL2 the page says so in plain words', async () => {
  const b = await openPage({
    beforeLoad: () => {
      const original = HTMLCanvasElement.prototype.getContext;
      HTMLCanvasElement.prototype.getContext = function (kind, ...rest) {
        return kind === 'webgl2' ? null : original.call(this, kind, ...rest);
      };
    },
  });
  try {
    await b.page.waitForSelector('#notice.error', { timeout: 10000 });
    const text = await b.page.textContent('#notice-text');
    assert.match(text, /WebGL2/);
    assert.match(text, /does not offer it/);
    assert.equal(await b.page.evaluate(() => typeof window.Module), 'undefined', 'the app was not loaded');
    await screenshot(b.page, 'page-no-webgl2.png');
  } finally {
    await b.close();
  }
});
