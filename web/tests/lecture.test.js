// A lecture, walked through the page as a lecturer would: the default swarm is drawn, plays and
// pauses, steps a choking round with the keyboard and back, a peer is clicked open, a message is lost,
// presentation mode goes on and off, and bad input is refused without changing anything.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { distinctColours } = require('./png.js');
const { openPage, state, waitForFrames, screenshot } = require('./browser.js');

async function command(page, text) {
  return page.evaluate(t => window.swarmscope.command(t), text);
}

// Waits until `predicate(state)` holds, polling the page.
async function until(page, predicate, what, timeoutMs = 10000) {
  const start = Date.now();
  for (;;) {
    const s = await state(page);
    if (predicate(s)) return s;
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}; state: ${JSON.stringify({ time_s: s.time_s, paused: s.paused, selected: s.selected, notice: s.notice })}`);
    await page.waitForTimeout(50);
  }
}

test('a lecture: play, step a round and back, inspect a peer, lose a message, present', async () => {
  const b = await openPage();
  try {
    await waitForFrames(b.page, 10);
    let s = await state(b.page);
    assert.ok(s.peers > 0, 'the default swarm is drawn');
    assert.equal(s.peer_screen.length, s.peers, 'every online peer has a place on screen');
    assert.equal(s.paused, true, 'the page opens paused');
    assert.equal(s.time_s, 0, 'at t = 0');
    assert.equal(s.speed, 5);
    assert.ok(s.panels.includes('inspector') && s.panels.includes('narration'));
    assert.ok(distinctColours(await screenshot(b.page, 'lecture-1-default.png')) > 20);

    // Play, then pause, from the keyboard.
    await b.page.keyboard.press('Space');
    s = await until(b.page, x => !x.paused && x.time_s > 0.5, 'the swarm to play');
    await b.page.keyboard.press('Space');
    s = await until(b.page, x => x.paused, 'pause');
    const paused_at = s.time_s;
    await b.page.waitForTimeout(300);
    assert.equal((await state(b.page)).time_s, paused_at, 'nothing moves while paused');

    // Two choking rounds forward with Shift+Right, then one back with Shift+Left.
    await b.page.keyboard.press('Shift+ArrowRight');
    const first = await until(b.page, x => x.time_s > paused_at, 'a choking round forward');
    assert.match(first.notice, /by 1 choke round/);
    await b.page.keyboard.press('Shift+ArrowRight');
    const second = await until(b.page, x => x.time_s > first.time_s || x.position > first.position, 'a second round');
    assert.match(second.narration_last, /choke round/, 'the narration tells the round');
    await b.page.keyboard.press('Shift+ArrowLeft');
    const back = await until(b.page, x => x.position < second.position, 'a round back');
    assert.equal(back.position, first.position, 'back where the first round ended');
    assert.equal(back.time_s, first.time_s);
    await screenshot(b.page, 'lecture-2-round.png');

    // Open a peer with a real click where it is drawn.
    s = await command(b.page, 'seek 30s');
    assert.equal(s.ok, true);
    await waitForFrames(b.page, (await state(b.page)).frame + 2);
    s = await state(b.page);
    const target = s.peer_screen.find(p => p.id === 3);
    assert.ok(target, 'peer 3 is on screen');
    await b.page.mouse.click(target.x, target.y);
    s = await until(b.page, x => x.selected && x.selected.kind === 'peer', 'the click to select the peer');
    assert.deepEqual(s.selected, { kind: 'peer', id: 3 });
    assert.ok(s.widgets.inspector, 'the inspector is open');
    await waitForFrames(b.page, s.frame + 3);
    assert.ok(distinctColours(await screenshot(b.page, 'lecture-3-peer.png')) > 20);

    // Lose a message that is on the wire; the timeline gets a branch point.
    s = await state(b.page);
    const onWire = s.message_screen.find(m => m.stage === 'propagating');
    assert.ok(onWire, 'some message is crossing a link');
    const selected = await command(b.page, `select message ${onWire.id}`);
    assert.equal(selected.ok, true, selected.message);
    const dropped = await command(b.page, `whatif drop ${onWire.id}`);
    assert.equal(dropped.ok, true, dropped.message);
    assert.match(dropped.message, /^lost on the way/);
    s = await state(b.page);
    assert.equal(s.what_ifs, 1);
    await waitForFrames(b.page, s.frame + 3);
    await screenshot(b.page, 'lecture-4-message.png');

    // ? lists every shortcut; Esc closes the list.
    await b.page.keyboard.press('?');
    s = await until(b.page, x => x.help_open, 'the help to open with ?');
    await waitForFrames(b.page, s.frame + 3);
    await screenshot(b.page, 'lecture-4b-help.png');
    await b.page.keyboard.press('Escape');
    await until(b.page, x => !x.help_open, 'Esc to close the help');

    // Presentation mode with the F key, and back.
    await b.page.keyboard.press('f');
    s = await until(b.page, x => x.presentation, 'presentation mode');
    await waitForFrames(b.page, s.frame + 4);
    assert.ok(distinctColours(await screenshot(b.page, 'lecture-5-presentation.png')) > 10);
    await b.page.keyboard.press('f');
    await until(b.page, x => !x.presentation, 'presentation mode off');

    // Bad input is refused with a reason and changes nothing.
    const before = await state(b.page);
    for (const bad of ['warp 9', 'step sideways', 'select peer 999', 'speed 5000', 'whatif leave', 'setup peers=-3', 'seek soon']) {
      const r = await command(b.page, bad);
      assert.equal(r.ok, false, `${bad} is refused`);
      assert.ok(r.message.length > 10, `${bad} says why: ${r.message}`);
    }
    const badBreak = await command(b.page, 'break peer 1 chokes 2');
    assert.equal(badBreak.ok, false);
    assert.match(badBreak.message, /column 15/);
    const after = await state(b.page);
    for (const key of ['time_s', 'position', 'speed', 'step_unit', 'what_ifs', 'trace_hash', 'peers', 'breakpoint'])
      assert.deepEqual(after[key], before[key], `${key} unchanged by bad input`);
    assert.deepEqual(after.selected, before.selected);

    // A breakpoint typed into its box: the mistake is pointed at its column.
    const box = after.widgets.breakpoint;
    assert.ok(box && box.w > 0, 'the breakpoint box is on screen');
    await b.page.mouse.click(box.x + 20, box.y + box.h / 2);
    await b.page.keyboard.type('peer 1 chokes 2');
    await b.page.keyboard.press('Enter');
    s = await until(b.page, x => /column 15/.test(x.notice), 'the typed breakpoint to be refused');
    await waitForFrames(b.page, s.frame + 3);
    await screenshot(b.page, 'lecture-6-bad-breakpoint.png');
    await b.page.mouse.click(box.x + box.w / 2, box.y - 200);  // back to the canvas: keys step again

    // The tabs beside the swarm: pieces with one followed, and the distribution-time chart.
    assert.equal((await command(b.page, 'seek 40s')).ok, true);
    assert.equal((await command(b.page, 'select piece 7')).ok, true);
    assert.equal((await command(b.page, 'panel pieces show')).ok, true);
    await waitForFrames(b.page, (await state(b.page)).frame + 4);
    await screenshot(b.page, 'lecture-7-pieces.png');
    assert.equal((await command(b.page, 'seek end')).ok, true);
    assert.equal((await command(b.page, 'panel chart show')).ok, true);
    await waitForFrames(b.page, (await state(b.page)).frame + 4);
    await screenshot(b.page, 'lecture-8-chart.png');
    for (const panel of ['setup', 'about']) {
      assert.equal((await command(b.page, `panel ${panel} show`)).ok, true);
      await waitForFrames(b.page, (await state(b.page)).frame + 4);
      await screenshot(b.page, `lecture-9-${panel}.png`);
      assert.equal((await command(b.page, `panel ${panel} hide`)).ok, true);
    }

    // A good breakpoint stops playing where it holds.
    assert.equal((await command(b.page, 'seek start')).ok, true);
    const brk = await command(b.page, 'break piece 0 copies >= 2');
    assert.equal(brk.ok, true, brk.message);
    assert.equal((await command(b.page, 'speed 100')).ok, true);
    assert.equal((await command(b.page, 'play')).ok, true);
    s = await until(b.page, x => x.paused && x.breakpoint_hit !== '', 'the breakpoint', 30000);
    assert.match(s.breakpoint_hit, /piece 0 copies >= 2/);
    await screenshot(b.page, 'lecture-10-breakpoint.png');
    assert.deepEqual(b.errors, [], 'no console errors');
  } finally {
    await b.close();
  }
});

test('frame time with 200 peers playing at 10x (printed, not judged)', async () => {
  const b = await openPage();
  try {
    await waitForFrames(b.page, 5);
    // A file large enough (16 MiB) that the swarm is still playing when the frames are measured.
    const r = await command(b.page, 'setup peers=200 seeds=1 pieces=256 piece_size=64KiB peer_up=64KiB/s server_up=256KiB/s peer_down=256KiB/s');
    assert.equal(r.ok, true, r.message);
    assert.equal((await command(b.page, 'speed 10')).ok, true);
    assert.equal((await command(b.page, 'play')).ok, true);
    // frame_ms covers the last 300 frames: measured once they are all frames of play.
    const from = (await state(b.page)).frame;
    await b.page.waitForFunction(f => window.swarmscope.state().frame >= f + 310, from, { timeout: 90000, polling: 250 });
    const s = await state(b.page);
    assert.ok(s.peer_screen.length >= s.peers, 'every online peer is drawn');
    assert.ok(s.peers >= 150, `most of the 200 peers are online (${s.peers})`);
    assert.equal(s.paused, false, 'the frames measured are frames of play');
    assert.ok(s.completed < 200, 'the swarm has not finished');
    console.log(`200 peers at 10x in headless Chromium: frame_ms p50 ${s.frame_ms.p50.toFixed(2)} ms, p99 ${s.frame_ms.p99.toFixed(2)} ms, ` +
                `t = ${s.time_s.toFixed(1)} s, ${s.messages_in_flight} messages in flight`);
    await screenshot(b.page, 'lecture-11-200-peers.png');
    assert.deepEqual(b.errors, []);
  } finally {
    await b.close();
  }
});
