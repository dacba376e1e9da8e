// The JSON Schemas of `careleaf schema`, checked by an independent validator (Ajv, with
// the `yaml` package reading YAML 1.2 as editors do): every valid file of every
// fixture site passes, and the invalid fixtures whose mistake is the schema's kind
// (an unknown key, a wrong value, a missing required key) fail it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import { join, dirname, basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv2020 from 'ajv/dist/2020.js';
import { parse } from 'yaml';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = process.env.CARELEAF_BIN || join(repo, 'target/debug/careleaf');

function schema(kind) {
  return JSON.parse(execFileSync(bin, ['schema', '--print', kind], { encoding: 'utf8' }));
}

function validator(kind, { page = false } = {}) {
  const ajv = new Ajv2020({ allErrors: true, strict: false, validateFormats: false });
  const s = schema(kind);
  if (page) {
    // A Markdown page's front matter: a guide's keys, but no review required.
    delete s.if;
    delete s.else;
  }
  return ajv.compile(s);
}

function yamlFiles(dir, ext = '.yaml') {
  const out = [];
  if (!existsSync(dir)) return out;
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...yamlFiles(path, ext));
    else if (name.endsWith(ext)) out.push(path);
  }
  return out;
}

// A YAML file, or a Markdown page's front matter (the same keys as a guide's).
const read = (file) => {
  let text = readFileSync(file, 'utf8');
  if (file.endsWith('.md')) text = text.split(/^---\s*$/m)[1];
  return parse(text, { version: '1.2', uniqueKeys: false });
};

const validSites = [
  repo,
  ...['valid', 'leaflets', 'specialties', 'arabic', 'checks', 'base'].map((f) => join(repo, 'tests/fixtures', f)),
];

test('the schemas in the repository are the ones careleaf writes', () => {
  assert.deepEqual(JSON.parse(readFileSync(join(repo, 'schemas/guide.schema.json'), 'utf8')), schema('guide'));
  assert.deepEqual(JSON.parse(readFileSync(join(repo, 'schemas/careleaf.schema.json'), 'utf8')), schema('config'));
});

test('every valid guide, glossary and careleaf.yaml of every fixture site passes', () => {
  const guide = validator('guide');
  const page = validator('guide', { page: true });
  const config = validator('config');
  let guides = 0;
  for (const site of validSites) {
    const files = [...yamlFiles(join(site, 'content')), ...yamlFiles(join(site, 'content'), '.md')];
    for (const file of files) {
      const validate = file.endsWith('.md') ? page : guide;
      assert.ok(validate(read(file)), `${file}: ${JSON.stringify(validate.errors, null, 1)}`);
      guides += 1;
    }
    const cfg = join(site, 'careleaf.yaml');
    if (existsSync(cfg)) assert.ok(config(read(cfg)), `${cfg}: ${JSON.stringify(config.errors, null, 1)}`);
  }
  // The skeletons of `careleaf new guide`, with its words filled in.
  for (const file of yamlFiles(join(repo, 'src/scaffold_guides'))) {
    const text = readFileSync(file, 'utf8').replaceAll('{title}', 'Knee').replaceAll('{today}', '2026-01-01');
    assert.ok(guide(parse(text, { version: '1.2' })), `${file}: ${JSON.stringify(guide.errors, null, 1)}`);
    guides += 1;
  }
  assert.ok(guides >= 40, `only ${guides} files`);
});

// The mistakes a schema can see: what `careleaf check` says of them.
const SCHEMA_MISTAKES = /^(unknown key|unknown value|missing required key|expected a|unknown unit|this should be text|invalid type|the guide has no `reviewed:`)/;

test('the invalid fixtures that are schema mistakes fail the schema', () => {
  const guide = validator('guide');
  const config = validator('config');
  const invalid = join(repo, 'tests/fixtures/invalid');
  let checked = 0;
  for (const name of readdirSync(invalid).sort()) {
    const expected = readFileSync(join(invalid, name, 'expected.txt'), 'utf8').split('\n');
    const [where, message] = expected;
    if (!SCHEMA_MISTAKES.test(message || '')) continue;
    const file = where.split(':')[0];
    if (!file.endsWith('.yaml')) continue;
    const path = join(invalid, name, file);
    let data;
    try {
      data = read(path);
    } catch {
      continue; // not YAML at all: the editor's parser underlines it
    }
    const validate = basename(file) === 'careleaf.yaml' ? config : guide;
    assert.equal(validate(data), false, `${name} (${message}) passes the schema`);
    checked += 1;
  }
  assert.ok(checked >= 8, `only ${checked} schema mistakes checked`);
});
