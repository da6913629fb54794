// Every shipped lesson passes lessons/schema.json under a standard validator (ajv), and every lesson in
// tests/lessons_bad/ is refused by the loader (`swarmscope lesson check`) at the line and column its
// first line names: "// error:" ones by the schema too, "// loader error:" ones (what a schema cannot
// say: an answer among the choices, a condition's grammar, peer numbers) by the loader alone. So the
// schema and the loader cannot drift apart unnoticed.
const test = require('node:test');
const assert = require('node:assert');
const fs = require('node:fs');
const path = require('node:path');
const { execFileSync } = require('node:child_process');

const root = path.join(__dirname, '..');
const Ajv = require(process.env.AJV_DIR);
const swarmscope = process.env.SWARMSCOPE_CLI;

// Lessons may carry // and /* */ comments; JSON.parse does not take them.
function stripComments(text) {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      const start = i++;
      while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
      out += text.slice(start, i + 1);
    } else if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
      out += '\n';
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      out += text.slice(i, end + 2).replace(/[^\n]/g, ' ');
      i = end + 1;
    } else {
      out += c;
    }
  }
  return out;
}

const schema = JSON.parse(fs.readFileSync(path.join(root, 'lessons/schema.json'), 'utf8'));
const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
const lessonFiles = (dir) =>
  fs.readdirSync(dir, { recursive: true }).filter((f) => f.endsWith('.json') && path.basename(f) !== 'schema.json')
    .map((f) => path.join(dir, f));

test('every shipped lesson passes the schema', () => {
  const files = lessonFiles(path.join(root, 'lessons'));
  assert.ok(files.length >= 8, `expected at least 8 lessons, found ${files.length}`);
  for (const f of files) {
    const ok = validate(JSON.parse(stripComments(fs.readFileSync(f, 'utf8'))));
    assert.ok(ok, `${path.relative(root, f)}: ${JSON.stringify(validate.errors, null, 1)}`);
  }
});

test('every bad lesson is refused by the schema and by the loader, at the place it names', () => {
  const files = lessonFiles(path.join(root, 'tests/lessons_bad'));
  assert.ok(files.length >= 8);
  for (const f of files) {
    const text = fs.readFileSync(f, 'utf8');
    const [, loaderOnly, where, message] = text.match(/^\/\/ (loader )?error: (\d+:\d+): (.*)$/m);
    let parsed = null;
    try { parsed = JSON.parse(stripComments(text)); } catch { /* refused before the schema */ }
    if (loaderOnly) assert.ok(validate(parsed), `${path.basename(f)}: marked loader-only, but the schema refuses it too`);
    else if (parsed !== null) assert.ok(!validate(parsed), `${path.basename(f)}: the schema accepts it`);
    let status = 0, stderr = '';
    try { execFileSync(swarmscope, ['lesson', 'check', f], { stdio: 'pipe' }); } catch (e) { status = e.status; stderr = String(e.stderr); }
    assert.strictEqual(status, 2, `${path.basename(f)}: lesson check should exit 2`);
    assert.ok(stderr.includes(`${f}:${where}: `) && stderr.includes(message), `${path.basename(f)}: got ${stderr}`);
  }
});

// A translated lesson (lessons/LANG/NAME.json) changes only the words: its set-up, conditions, expects,
// numeric answers and tolerances are those of lessons/NAME.json, and a choice answer is the choice at the
// same place. (tests/lessons_translated checks that it also plays the same, step by step.)
test('every translated lesson differs from its original only in its text', () => {
  const text = new Set(['$schema', 'title', 'summary', 'text', 'prompt', 'choices', 'explain', 'unit', 'label', 'other_label']);
  const shape = (v) => Array.isArray(v) ? v.map(shape)
    : v !== null && typeof v === 'object'
      ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, text.has(k) || (k === 'answer' && typeof x === 'string') ? '(text)' : shape(x)]))
      : v;
  const read = (f) => JSON.parse(stripComments(fs.readFileSync(f, 'utf8')));
  const lessons = path.join(root, 'lessons');
  const translated = lessonFiles(lessons).filter((f) => path.dirname(f) !== lessons);
  assert.ok(translated.length >= 1, 'expected translated lessons in lessons/LANG/');
  for (const f of translated) {
    const name = path.relative(root, f);
    const original = path.join(lessons, path.basename(f));
    assert.ok(fs.existsSync(original), `${name}: no original ${path.relative(root, original)}`);
    const t = read(f), o = read(original);
    assert.deepStrictEqual(shape(t), shape(o), `${name}: differs from ${path.relative(root, original)} in more than its text`);
    o.steps.forEach((step, i) => {
      const q = step.question, tq = t.steps[i].question;
      if (!q || !q.choices) return;
      assert.strictEqual(tq.choices.length, q.choices.length, `${name}: step ${i + 1}: another number of choices`);
      assert.strictEqual(tq.choices.indexOf(tq.answer), q.choices.indexOf(q.answer), `${name}: step ${i + 1}: the answer is another choice`);
    });
  }
});
