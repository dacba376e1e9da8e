// The personal plan's calendar text (theme static/plan.js), tested on its own: lines
// folded at 75 octets never split a character, and control characters never reach a
// calendar entry. The functions are read from the theme's file as it ships.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const source = readFileSync(join(dirname(fileURLToPath(import.meta.url)), '..', 'themes', 'default', 'static', 'plan.js'), 'utf8');
function load(name) {
  const start = source.indexOf(`  function ${name}(`);
  assert.ok(start >= 0, `plan.js has no function ${name}`);
  const end = source.indexOf('\n  }\n', start);
  return new Function(`${source.slice(start, end + 4)}; return ${name};`)();
}
const fold = load('fold');
const text = load('text');

test('folding never splits an emoji or a letter, and keeps every line within 75 octets', () => {
  for (const line of ['SUMMARY:' + '🩹'.repeat(40), 'SUMMARY:' + 'é'.repeat(100), 'DESCRIPTION:' + 'a🦷'.repeat(50)]) {
    const folded = fold(line);
    const parts = folded.split('\r\n ');
    assert.ok(parts.length > 1, 'long lines are folded');
    for (const part of parts) {
      assert.ok(new TextEncoder().encode(part).length <= 75, part);
      assert.ok(!/[\uD800-\uDBFF]$/.test(part) && !/^[\uDC00-\uDFFF]/.test(part), `a split surrogate pair in ${JSON.stringify(part)}`);
    }
    assert.equal(parts.join(''), line);
    assert.ok(!new TextDecoder().decode(new TextEncoder().encode(folded)).includes('\uFFFD'));
  }
});

test('control characters are left out of calendar text; line breaks and specials are escaped', () => {
  assert.equal(text('Cast\u0001 care\u001b'), 'Cast care');
  assert.equal(text('a,b;c\\d\ne\tf'), 'a\\,b\\;c\\\\d\\ne\tf');
});
