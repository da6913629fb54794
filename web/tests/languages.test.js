// The page in Korean and Spanish: a Korean lesson opened with #lang=ko draws every character (the
// Hangul font pieces are fetched, and only those), the same in Spanish (nothing extra fetched), the
// browser's own language chosen when the address names none, an English page that fetches no font,
// and a lesson in four scripts at once. Screenshots of each go to build/screenshots/.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const zlib = require('zlib');
const { openPage, screenshot } = require('./browser.js');


// The page at `hash` in a browser of its own (with the browser's language `locale`), ready, with every
// font it fetches recorded.
async function launch(hash, locale = 'en-US') {
  const fonts = [], tables = [];
  const b = await openPage({
    hash, locale,
    onPage(page) {
      page.on('requestfinished', async req => {
        if (/\/lang\//.test(req.url())) tables.push(req.url().replace(/.*\/lang\//, ''));
        if (!/\/fonts\//.test(req.url())) return;
        const res = await req.response();
        const body = res ? await res.body() : Buffer.alloc(0);
        fonts.push({ name: req.url().replace(/.*\/fonts\//, ''), bytes: body.length, gzip: zlib.gzipSync(body, { level: 9 }).length });
      });
    },
  });
  await b.page.waitForFunction(() => window.swarmscope && window.swarmscope.state().frame > 0, null, { timeout: 60000, polling: 100 });
  await b.page.evaluate(() => window.swarmscope.ready);
  b.fonts = fonts;
  b.tables = tables;
  return b;
}

const state = page => page.evaluate(() => window.swarmscope.state());

// Waits until no glyph is on its way, then a few frames more so the new atlas is drawn.
async function settled(page) {
  await page.waitForFunction(() => {
    const s = window.swarmscope.state();
    return s.glyphs_pending === 0;
  }, null, { timeout: 20000, polling: 50 });
  const f = (await state(page)).frame;
  await page.waitForFunction(k => window.swarmscope.state().frame >= k, f + 3, { timeout: 10000, polling: 50 });
  return state(page);
}

async function openMenu(page, widget) {
  const r = (await state(page)).widgets[widget];
  assert.ok(r && r.w > 0, `${widget} is on screen`);
  await page.mouse.click(r.x + r.w / 2, r.y + r.h / 2);
  const f = (await state(page)).frame;
  await page.waitForFunction(k => window.swarmscope.state().frame >= k, f + 3, { timeout: 10000, polling: 50 });
}

const sum = (fonts, key) => fonts.reduce((a, f) => a + f[key], 0);

test('a Korean lesson with #lang=ko: every character drawn, only the Hangul pieces fetched', async () => {
  const b = await launch('#lang=ko&lesson=tit_for_tat');
  try {
    let s = await settled(b.page);
    assert.equal(s.lang, 'ko');
    assert.ok(s.lesson, 'a lesson is open');
    assert.equal(s.lesson.name, 'ko/tit_for_tat', 'the Korean translation opened in place of the English lesson');
    assert.equal(s.missing_glyphs, 0, 'no character is missing');
    await screenshot(b.page, 'lang-ko-lesson.png');
    await b.page.keyboard.press('n');
    s = await settled(b.page);
    assert.equal(s.missing_glyphs, 0);
    await screenshot(b.page, 'lang-ko-lesson-step.png');
    await openMenu(b.page, 'menu-view');
    s = await settled(b.page);
    assert.equal(s.missing_glyphs, 0);
    await screenshot(b.page, 'lang-ko-menu.png');
    await b.page.mouse.click(1000, 300);  // closes the menu (an empty part of the lesson panel)
    // A peer's tooltip, in Korean.
    const peer = (await state(b.page)).peer_screen.find(p => p.id === 3);
    assert.ok(peer, 'peer 3 is on screen');
    await b.page.mouse.move(peer.x, peer.y);
    s = await settled(b.page);
    assert.equal(s.missing_glyphs, 0);
    await screenshot(b.page, 'lang-ko-tooltip.png');
    const names = b.fonts.map(f => f.name).sort();
    assert.ok(names.includes('chunks.txt') && names.includes('hangul-common.otf'), `fetched: ${names}`);
    assert.ok(!names.some(n => /^han-/.test(n)), `no Han piece for a Hangul lesson: ${names}`);
    assert.deepEqual(b.tables.sort(), ['en.json', 'ko.json'], 'the page hands its Korean table to the canvas: fetched once');
    console.log(`# a Korean lesson fetched ${b.fonts.length} files, ${sum(b.fonts, 'bytes')} bytes ` +
                `(${sum(b.fonts, 'gzip')} gzip -9): ${b.fonts.map(f => `${f.name} ${f.bytes}`).join(', ')}`);
    assert.deepEqual(b.errors, []);
  } finally {
    await b.close();
  }
});

test('a Spanish lesson with #lang=es: drawn with the embedded font, nothing fetched', async () => {
  const b = await launch('#lang=es&lesson=cs_vs_p2p');
  try {
    let s = await settled(b.page);
    assert.equal(s.lang, 'es');
    assert.equal(s.lesson.name, 'es/cs_vs_p2p');
    assert.equal(s.missing_glyphs, 0);
    await screenshot(b.page, 'lang-es-lesson.png');
    await openMenu(b.page, 'menu-lessons');
    s = await settled(b.page);
    await screenshot(b.page, 'lang-es-menu.png');
    assert.deepEqual(b.fonts, [], 'a Spanish page fetches no font');
    // The page's own messages speak Spanish too.
    await b.page.evaluate(() => { location.hash = '#lang=es&lesson=joining&step=zero'; });
    await b.page.waitForFunction(() => window.swarmscope.lastMessage && /^El enlace pide el paso "zero"/.test(window.swarmscope.lastMessage.text),
                                 null, { timeout: 10000, polling: 50 });
    await screenshot(b.page, 'lang-es-message.png');
    assert.deepEqual(b.errors, []);
  } finally {
    await b.close();
  }
});

test('without #lang the browser\'s language is used; an English page fetches no font', async () => {
  const ko = await launch('', 'ko-KR');
  try {
    const s = await settled(ko.page);
    assert.equal(s.lang, 'ko');
    assert.equal(s.missing_glyphs, 0);
  } finally {
    await ko.close();
  }
  const en = await launch('', 'fr-FR');
  try {
    const s = await settled(en.page);
    assert.equal(s.lang, 'en', 'a language without a table falls back to English');
    assert.deepEqual(en.fonts, [], 'an English page fetches no font');
    const r = await en.page.evaluate(() => window.swarmscope.command('lang xx'));
    assert.equal(r.ok, false);
    assert.equal((await state(en.page)).lang, 'en', 'a bad language changes nothing');
    // The page builds in English only: Korean chosen on the canvas fetches its table, then its glyphs.
    assert.deepEqual(en.tables, ['en.json'], 'an English page fetches only its own messages\' table');
    assert.ok((await en.page.evaluate(() => window.swarmscope.command('lang ko'))).ok);
    await en.page.waitForFunction(() => !window.swarmscope.state().lang_loading, null, { timeout: 20000, polling: 50 });
    assert.deepEqual(en.tables, ['en.json', 'ko.json']);
    await en.page.evaluate(() => window.swarmscope.command('pause'));
    const s2 = await settled(en.page);
    assert.match(s2.notice_shown, /일시정지/, 'the canvas speaks Korean once the table is here');
    assert.equal(s2.missing_glyphs, 0);
    await screenshot(en.page, 'lang-ko-switched.png');
  } finally {
    await en.close();
  }
});

test('a lesson in four scripts (Latin with accents, Greek, Hangul, kana and Han) renders all of it', async () => {
  const text = JSON.stringify({
    format: 1,
    title: 'Año 1 · Σ u_i · 분산 시간 · 分散の時間',
    summary: 'Κείμενο, текст, 텍스트, テキスト, 文本.',
    setup: { peers: 4, pieces: 8 },
    steps: [{ text: 'Niño, señal: D_cs ≥ N·F/u_s. Ελληνικά: Σ u_i. 한국어: peer가 chunk를 받습니다. ' +
                    '日本語: ピアがチャンクを受け取ります。中文: 对等节点。Кириллица.' }],
  }, null, 2);
  const link = '#share=1.' + zlib.deflateRawSync(Buffer.from(text, 'utf8')).toString('base64url') + '&name=scripts';
  const b = await launch('#lang=en' + link.replace('#', '&'));
  try {
    const s = await settled(b.page);
    assert.ok(s.lesson, `the lesson opened: ${JSON.stringify(await b.page.evaluate(() => window.swarmscope.lastMessage))}`);
    assert.equal(s.missing_glyphs, 0, 'every character has a glyph');
    const names = b.fonts.map(f => f.name);
    for (const piece of ['hangul-common.otf', 'kana.otf']) assert.ok(names.includes(piece), `${piece} fetched: ${names}`);
    assert.ok(names.some(n => /^han-common-/.test(n)), `a common Han piece fetched: ${names}`);
    await screenshot(b.page, 'lang-four-scripts.png');
    console.log(`# four scripts fetched ${b.fonts.length} files, ${sum(b.fonts, 'bytes')} bytes`);
  } finally {
    await b.close();
  }
});
