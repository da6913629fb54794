// Lessons in the page: opened by link (#lesson=NAME&step=K), stepped with the keyboard, a question
// answered by a click and one by typing; the editor broken by typing, the error at its line and column,
// the text still there after a reload, fixed and run; Download and Open; shared by link and reproduced
// step for step in a new browser context; damaged and newer links refused without touching the saved
// text; and a screenshot of every shipped lesson's first step and of a step in its middle.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('fs');
const os = require('os');
const path = require('path');
const zlib = require('zlib');
const { distinctColours } = require('./png.js');
const { screenshot } = require('./browser.js');
const { startServer } = require('../server.js');

const WEB_DIR = process.env.SWARMSCOPE_WEB_DIR || path.join(__dirname, '../../build/wasm/web');

// A browser context of its own (a fresh profile: its own localStorage), opened at `url`.
async function launch(url) {
  const dir = process.env.PLAYWRIGHT_DIR;
  if (!dir) throw new Error('PLAYWRIGHT_DIR is not set; run the browser tests through ctest or tests/run');
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'swarmscope-chromium-'));
  const context = await require(dir).chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1280, height: 720 },
    acceptDownloads: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
           '--disable-component-update', '--disable-sync', '--enable-unsafe-swiftshader', '--use-angle=swiftshader'],
  });
  const page = context.pages()[0] || await context.newPage();
  const errors = [];
  page.on('console', m => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', e => errors.push(`page error: ${e.message}`));
  await page.goto(url);
  await ready(page);
  return {
    page, errors,
    async close() {
      await context.close();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}

// The app has drawn and has followed the link in the address (or restored the saved text).
async function ready(page) {
  await page.waitForFunction(() => window.swarmscope && window.swarmscope.state().frame > 0, null, { timeout: 60000, polling: 100 });
  await page.evaluate(() => window.swarmscope.ready);
}

const state = page => page.evaluate(() => window.swarmscope.state());
const command = (page, text) => page.evaluate(t => window.swarmscope.command(t), text);
const editorText = page => page.evaluate(() => window.swarmscope.editorText());
const draft = page => page.evaluate(() => window.swarmscope.draft());
const lastMessage = page => page.evaluate(() => window.swarmscope.lastMessage);

async function until(page, predicate, what, timeoutMs = 15000) {
  const start = Date.now();
  for (;;) {
    const s = await state(page);
    if (predicate(s)) return s;
    if (Date.now() - start > timeoutMs)
      throw new Error(`timed out waiting for ${what}; lesson: ${JSON.stringify(s.lesson)}, editor: ${JSON.stringify(s.editor)}, notice: ${s.notice}`);
    await page.waitForTimeout(40);
  }
}

async function frames(page, n = 3) {
  const f = (await state(page)).frame;
  await page.waitForFunction(k => window.swarmscope.state().frame >= k, f + n, { timeout: 10000, polling: 50 });
}

async function click(page, widget) {
  const s = await state(page);
  const r = s.widgets[widget];
  assert.ok(r && r.w > 0, `${widget} is on screen`);
  await page.mouse.click(r.x + Math.min(r.w / 2, 40), r.y + Math.min(r.h / 2, 10));
}

// Puts the editor's caret just after `needle`'s first occurrence, with the keyboard: the top of the
// text, down to its line, right to its column. Returns {line, column} of the caret, from 1.
async function caretAfter(page, needle) {
  const text = await editorText(page);
  const at = text.indexOf(needle);
  assert.ok(at >= 0, `the editor holds ${needle}`);
  const before = text.slice(0, at + needle.length).split('\n');
  const line = before.length, column = [...before[before.length - 1]].length + 1;
  await click(page, 'editor-text');
  await page.keyboard.press('Control+Home');
  for (let i = 1; i < line; ++i) await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Home');
  for (let i = 1; i < column; ++i) await page.keyboard.press('ArrowRight');
  return { line, column };
}

// Plays the open lesson to its end with commands in one go (no frame in between, so the same
// commands give the same run anywhere): skip each question, play each step to its end.
async function walkToEnd(page) {
  return page.evaluate(() => {
    const s = window.swarmscope;
    for (let i = 0; i < 500; ++i) {
      if (s.state().lesson.question_open) s.command('lesson skip');
      const r = s.command('lesson next');
      if (!r.ok) break;
    }
    const st = s.state();
    return { name: st.lesson.name, title: st.lesson.title, step: st.lesson.step, steps: st.lesson.steps, at_step_end: st.lesson.at_step_end,
             time_s: st.time_s, trace_hash: st.trace_hash, notice: st.notice };
  });
}

async function visibleText(page, selector) {
  return (await page.isVisible(selector)) ? page.textContent(selector) : null;
}

function deflateLink(text) {
  return zlib.deflateRawSync(Buffer.from(text, 'utf8')).toString('base64url');
}

test('a lesson by link, the keyboard, questions, the editor, reload, Run, share to a new browser, bad links', async () => {
  const server = await startServer(WEB_DIR, 0);
  let a, b;
  try {
    // ---- opened by a link at step 2: the question stops the swarm until it is answered
    a = await launch(server.url + '#lesson=joining&step=2');
    let s = await state(a.page);
    assert.equal(s.lesson.name, 'joining');
    assert.equal(s.lesson.step, 2);
    assert.ok(s.lesson.steps >= 3, `joining has several steps (${s.lesson.steps})`);
    assert.equal(s.lesson.question_open, true, 'step 2 asks its question first');
    assert.equal(await draft(a.page), null, 'nothing is saved before anything is typed');
    await frames(a.page);
    assert.ok(distinctColours(await screenshot(a.page, 'lessons-1-joining-step2-question.png')) > 20);

    // Slowly, so that each step is still playing when N is pressed again to jump to its end.
    assert.equal((await command(a.page, 'speed 0.2')).ok, true);
    const t0 = s.time_s;
    await a.page.keyboard.press('n');
    s = await until(a.page, x => /answer the question first/.test(x.notice), 'N to be refused while the question is open');
    assert.equal(s.lesson.step, 2);
    assert.equal(s.time_s, t0, 'the swarm waits for the answer');
    assert.equal(s.lesson.question_open, true);

    // Answer by clicking a choice: the question closes and the step plays.
    assert.ok(s.widgets['answer-B'], 'the choices are buttons');
    await click(a.page, 'answer-B');
    s = await until(a.page, x => !x.lesson.question_open, 'the click to answer');
    assert.equal(s.lesson.answered, 'B');
    assert.match(s.notice, /^(right|not quite)$/);
    s = await until(a.page, x => x.lesson.playing || x.time_s > t0, 'the step to play after the answer');
    await a.page.keyboard.press('n');  // pressed while it plays: straight to the step's end
    s = await until(a.page, x => x.lesson.at_step_end && !x.lesson.playing, 'the end of step 2');
    assert.ok(s.time_s > t0, 'the swarm moved during step 2');
    const step2End = s.time_s;

    // PageDown (a clicker) goes on to the next step and plays it; N jumps to its end.
    await a.page.keyboard.press('PageDown');
    s = await until(a.page, x => x.lesson.step === 3 && x.lesson.playing, 'PageDown to the next step, playing it');
    await a.page.keyboard.press('n');
    s = await until(a.page, x => x.lesson.step === 3 && x.lesson.at_step_end && !x.lesson.playing, 'the end of step 3');
    const step3End = s.time_s;
    assert.ok(step3End >= step2End);

    // On to the steps after; a number question is answered by typing into its box and Enter.
    let typed = 0;
    for (let guard = 0; guard < 20 && !(s.lesson.step === s.lesson.steps && s.lesson.at_step_end); ++guard) {
      if (s.lesson.question_open) {
        if (s.widgets['answer-number']) {
          await click(a.page, 'answer-number');
          await a.page.keyboard.type('12');
          await a.page.keyboard.press('Enter');
          s = await until(a.page, x => !x.lesson.question_open, 'the typed answer');
          assert.equal(s.lesson.answered, '12');
          ++typed;
        } else {
          await click(a.page, 'answer-A');
          s = await until(a.page, x => !x.lesson.question_open, 'the clicked answer');
        }
      }
      const before = s;
      await a.page.keyboard.press('n');
      s = await until(a.page, x => x.lesson.step !== before.lesson.step || x.lesson.playing || x.lesson.at_step_end !== before.lesson.at_step_end ||
                                   x.lesson.question_open, 'N to move the lesson on');
      if (s.lesson.playing) {
        await a.page.keyboard.press('n');
        s = await until(a.page, x => !x.lesson.playing, 'N to jump to the step\'s end');
      }
    }
    assert.equal(s.lesson.step, s.lesson.steps, 'the keyboard reaches the last step');
    assert.equal(s.lesson.at_step_end, true);
    assert.ok(typed >= 1, 'a number question was answered by typing');
    await frames(a.page);
    await screenshot(a.page, 'lessons-2-joining-last-step.png');

    // P: back to the start of the step, then to the step before.
    const last = s.lesson.steps, lastEnd = s.time_s;
    await a.page.keyboard.press('p');
    s = await until(a.page, x => !x.lesson.at_step_end, 'P to the start of the last step');
    assert.equal(s.lesson.step, last);
    assert.ok(s.time_s < lastEnd, `P restores the time the step started at (${s.time_s} s, not ${lastEnd} s)`);
    await a.page.keyboard.press('p');
    s = await until(a.page, x => x.lesson.step === last - 1, 'P to the step before');
    assert.equal(s.lesson.at_step_end, false);

    // ---- the editor: a mistake typed in is shown at its line and column, and kept as typed
    assert.equal((await command(a.page, 'editor show')).ok, true);
    await until(a.page, x => x.widgets['editor-text'], 'the editor to open');
    const shipped = await editorText(a.page);
    const caret = await caretAfter(a.page, '"title": "');
    await a.page.keyboard.type('Edited: "');
    s = await until(a.page, x => x.editor.error !== '', 'the typed mistake to be found');
    const broken = await editorText(a.page);
    assert.ok(broken.includes('"title": "Edited: "Joining'), 'the typed text is in the editor where the caret was');
    assert.equal(s.editor.line, caret.line, `the error is on the line typed into: ${s.editor.error}`);
    const strayAt = caret.column + 'Edited: "'.length;  // the column of the text after the stray quote
    assert.ok(s.editor.column >= strayAt - 1 && s.editor.column <= strayAt + 1,
              `the error is at the stray quote (column ${s.editor.column}, expected about ${strayAt}): ${s.editor.error}`);
    assert.equal(s.editor.dirty, true);
    assert.equal((await draft(a.page)).text, broken, 'the browser keeps the text as typed');
    assert.equal((await draft(a.page)).name, 'joining');
    assert.equal(await a.page.evaluate(() => location.hash), '', 'the address no longer points at the shipped lesson');
    await frames(a.page);
    await screenshot(a.page, 'lessons-3-editor-error.png');

    // ---- reload: the text comes back as typed, with its error, in the open editor, not run
    await a.page.reload();
    await ready(a.page);
    assert.equal(await editorText(a.page), broken, 'the edited text survives a reload');
    s = await until(a.page, x => x.widgets['editor-text'], 'the editor to be open after the reload');
    assert.ok(s.panels.includes('editor'));
    assert.equal(s.editor.line, caret.line, 'the error is shown again after the reload');
    assert.equal(s.lesson, null, 'a restored text is not run by itself');
    assert.match((await lastMessage(a.page)).text, /edited lesson is back/);

    // Fix it (delete the stray quote), Run: the edited lesson plays.
    await caretAfter(a.page, '"Edited: "');
    await a.page.keyboard.press('Backspace');
    s = await until(a.page, x => x.editor.error === '', 'the fix to load');
    const fixed = await editorText(a.page);
    assert.equal(fixed, shipped.replace('"title": "', '"title": "Edited: '));
    await click(a.page, 'editor-run');
    s = await until(a.page, x => x.lesson && x.lesson.title.startsWith('Edited: '), 'Run to play the edited lesson');
    assert.equal(s.lesson.name, 'joining');
    assert.equal(s.lesson.step, 1);
    assert.equal(s.editor.dirty, false);
    assert.equal((await draft(a.page)).text, fixed);

    // ---- Download gives the editor's text as NAME.json
    const [download] = await Promise.all([a.page.waitForEvent('download', { timeout: 10000 }), click(a.page, 'editor-download')]);
    assert.equal(download.suggestedFilename(), 'joining.json');
    assert.equal(fs.readFileSync(await download.path(), 'utf8'), fixed);

    // ---- Share: the whole lesson in the address; the link is shown, selected, to copy
    assert.equal((await command(a.page, 'editor share')).ok, true);
    await a.page.waitForFunction(() => window.swarmscope.lastShareUrl, null, { timeout: 10000 });
    const link = await a.page.evaluate(() => window.swarmscope.lastShareUrl);
    assert.match(link, /#share=1\.[A-Za-z0-9_-]+&name=joining$/);
    assert.equal(await a.page.evaluate(() => location.href), link, 'the address carries the lesson');
    assert.equal(await a.page.inputValue('#share-url'), link, 'the link is shown');
    assert.equal(await a.page.evaluate(() => document.activeElement.id), 'share-url', 'selected, ready to copy');
    await frames(a.page);
    await screenshot(a.page, 'lessons-4-share-link.png');
    await a.page.click('#share-close');
    assert.equal(await a.page.isVisible('#share-box'), false, 'the box closes');
    const data = /#share=1\.([A-Za-z0-9_-]+)/.exec(link)[1];
    assert.equal(zlib.inflateRawSync(Buffer.from(data, 'base64url')).toString('utf8'), fixed, 'the link holds the text, deflated');

    // The same steps here and in a new browser context with nothing saved: the same run, bit for bit.
    assert.equal((await command(a.page, 'lesson step 1')).ok, true);
    const here = await walkToEnd(a.page);
    assert.equal(here.step, here.steps, here.notice);
    assert.equal(here.at_step_end, true);
    await a.page.goto('about:blank');  // the first context rests (two cores: one browser drawing at a time)
    b = await launch(link);
    s = await state(b.page);
    assert.equal(s.lesson.name, 'joining', 'the link opens the lesson');
    assert.equal(s.lesson.title, here.title, 'with the edit');
    assert.equal(s.lesson.step, 1);
    assert.equal(await editorText(b.page), fixed, 'the editor holds the shared text');
    assert.equal(await draft(b.page), null, 'opening a link saves nothing over the browser\'s own text');
    const there = await walkToEnd(b.page);
    assert.deepEqual(there, here, 'the shared lesson runs to the same end, with the same trace hash');
    assert.deepEqual(b.errors, [], 'no console errors in the second context');
    await b.close();
    b = null;

    // ---- back in the first context, its own text is back in the editor; Open a .json file: it goes
    // into the editor, runs, and is kept
    await a.page.goto(server.url);
    await ready(a.page);
    assert.equal(await editorText(a.page), fixed, 'the first context\'s text is back');
    await until(a.page, x => x.widgets['editor-open'], 'the editor to be open');
    const opened = fixed.replace(/"title": "[^"]*"/, '"title": "Opened from a file"');
    const [chooser] = await Promise.all([a.page.waitForEvent('filechooser', { timeout: 10000 }), click(a.page, 'editor-open')]);
    await chooser.setFiles({ name: 'my_lesson.json', mimeType: 'application/json', buffer: Buffer.from(opened) });
    s = await until(a.page, x => x.lesson && x.lesson.title === 'Opened from a file', 'the opened file to run');
    assert.equal(s.lesson.name, 'my_lesson');
    assert.equal(await editorText(a.page), opened);
    const saved = await draft(a.page);
    assert.equal(saved.text, opened, 'an opened file is kept in the browser');
    assert.equal(saved.name, 'my_lesson');

    // ---- damaged links, links from a newer Swarmscope, a lesson that does not exist: each says so,
    // loads nothing, and the saved text stays as it was (and is back in the editor)
    const newerLesson = opened.replace('"format": 1', '"format": 2');
    assert.notEqual(newerLesson, opened);
    const bad = [
      ['#share=1.@@not*base64', /^This link is damaged: /, 'bad-base64'],
      ['#share=1.' + data.slice(0, Math.floor(data.length / 2) + (Math.floor(data.length / 2) % 4 === 1 ? 1 : 0)), /^This link is damaged: .*unpack/, 'cut-short'],
      ['#share=1.' + deflateLink('{"title": "no steps"}'), /^This link is damaged: .*not a lesson/, 'not-a-lesson'],
      ['#share=1.' + deflateLink('hello, class'), /^This link is damaged: .*not a lesson/, 'not-json'],
      ['#share=banana', /^This link is damaged: /, 'no-version'],
      ['#share=2.' + data, /^This link was made by a newer version of Swarmscope/, 'newer-link'],
      ['#share=1.' + deflateLink(newerLesson), /^This link was made by a newer version of Swarmscope/, 'newer-lesson'],
      ['#lesson=nonesuch', /no lesson named 'nonesuch'/, 'no-such-lesson'],
    ];
    // Three are opened as a fresh page (as from a click in an e-mail), the others by changing the
    // address of the open page.
    const fresh = ['cut-short', 'newer-lesson', 'no-such-lesson'];
    let lessonBefore = null;
    for (const [hash, expected, label] of bad) {
      if (fresh.includes(label)) {
        await a.page.goto('about:blank');
        await a.page.goto(server.url + hash);
        await ready(a.page);
      } else {
        lessonBefore = (await state(a.page)).lesson;
        await a.page.evaluate(h => { window.swarmscope.lastMessage = null; location.hash = h; }, hash);
        await a.page.waitForFunction(() => window.swarmscope.lastMessage, null, { timeout: 10000 });
      }
      const m = await lastMessage(a.page);
      assert.ok(m, `${label}: a message is shown`);
      assert.equal(m.kind, 'error', `${label}: ${m.text}`);
      assert.match(m.text, expected, label);
      assert.match(await visibleText(a.page, '#message-text'), expected, `${label}: the message is on the page`);
      assert.deepEqual(await draft(a.page), saved, `${label}: the saved text is untouched`);
      assert.equal(await editorText(a.page), opened, `${label}: the editor holds the browser's own text`);
      s = await state(a.page);
      if (fresh.includes(label)) assert.equal(s.lesson, null, `${label}: nothing was loaded`);
      else assert.deepEqual(s.lesson, lessonBefore, `${label}: the lesson on the canvas stays as it was`);
      if (fresh.includes(label)) {
        await frames(a.page);
        await screenshot(a.page, `lessons-5-link-${label}.png`);
      }
    }

    // A text that stopped the app while it was being restored is not loaded again on the next start,
    // but stays kept, and can be downloaded.
    await a.page.evaluate(() => localStorage.setItem('swarmscope.restoring', window.swarmscope.draft().saved));
    await a.page.goto('about:blank');
    await a.page.goto(server.url);
    await ready(a.page);
    assert.match((await lastMessage(a.page)).text, /stopped Swarmscope when it was last loaded/);
    assert.notEqual(await editorText(a.page), opened, 'not loaded again');
    assert.deepEqual(await draft(a.page), saved, 'still kept');
    const [rescued] = await Promise.all([a.page.waitForEvent('download', { timeout: 10000 }), a.page.click('#message-action')]);
    assert.equal(rescued.suggestedFilename(), 'my_lesson.json');
    assert.equal(fs.readFileSync(await rescued.path(), 'utf8'), opened);
    assert.deepEqual(a.errors, [], 'no console errors');
  } finally {
    if (b) await b.close();
    if (a) await a.close();
    server.close();
  }
});

test('every shipped lesson, at its first step and at a step in the middle (screenshots)', async () => {
  const server = await startServer(WEB_DIR, 0);
  let c;
  try {
    c = await launch(server.url + '#lesson=joining');
    let s = await state(c.page);
    assert.equal(s.lesson.name, 'joining');
    assert.equal(s.lesson.step, 1, 'a link without a step opens the first');
    const list = await command(c.page, 'lesson list');
    assert.equal(list.ok, true);
    const names = list.message.replace(/^lessons: /, '').split(', ');
    assert.ok(names.length >= 8, `at least eight lessons: ${names.join(' ')}`);
    // A link that names no lesson says so, and the lesson on the canvas stays.
    await c.page.evaluate(() => { location.hash = '#lesson=nonesuch&step=2'; });
    await c.page.waitForFunction(() => window.swarmscope.lastMessage && /nonesuch/.test(window.swarmscope.lastMessage.text), null, { timeout: 5000 });
    assert.equal((await state(c.page)).lesson.name, 'joining');
    await c.page.click('#message-close');

    // Each lesson by a link that changes the address of the open page (hashchange).
    const finished = x => (!x.lesson.sweep || x.lesson.sweep.length === x.lesson.sweep_runs) && (!x.lesson.compared || x.lesson.compare);
    for (const name of names) {
      await c.page.evaluate(n => { location.hash = `#lesson=${n}&step=1`; }, name);
      s = await until(c.page, x => x.lesson && x.lesson.name === name && x.lesson.step === 1, `${name} to open`);
      s = await until(c.page, finished, `${name}'s sweep or comparison to finish`, 60000);
      await frames(c.page, 4);
      const first = await screenshot(c.page, `lesson-${name}-step1.png`);
      assert.ok(distinctColours(first) > 20, `${name}: the first step is drawn`);
      const middle = Math.max(2, Math.ceil(s.lesson.steps / 2));
      await c.page.evaluate(([n, k]) => { location.hash = `#lesson=${n}&step=${k}`; }, [name, middle]);
      s = await until(c.page, x => x.lesson && x.lesson.name === name && x.lesson.step === middle, `${name} step ${middle}`, 30000);
      s = await until(c.page, finished, `${name}'s sweep or comparison to finish`, 60000);
      await frames(c.page, 4);
      await screenshot(c.page, `lesson-${name}-step${middle}.png`);
      // The same step played to its end (a question, if it asks one, skipped).
      const end = await c.page.evaluate(() => {
        const sw = window.swarmscope;
        if (sw.state().lesson.question_open) sw.command('lesson skip');
        sw.command('lesson next');
        if (!sw.state().lesson.at_step_end) sw.command('lesson next');
        return sw.state().lesson;
      });
      assert.equal(end.step, middle, `${name}: still step ${middle}`);
      assert.equal(end.at_step_end, true, `${name}: at the end of step ${middle}`);
      await frames(c.page, 4);
      await screenshot(c.page, `lesson-${name}-step${middle}-end.png`);
      // Whether each lesson's expects hold is `swarmscope lesson check`'s to judge; here they are only told.
      for (const f of s.lesson.failures) console.log(`${name}: step ${f.step}: check failed: ${f.what}`);
    }
    assert.deepEqual(c.errors, [], 'no console errors');
  } finally {
    if (c) await c.close();
    server.close();
  }
});
