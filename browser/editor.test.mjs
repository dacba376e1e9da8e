// What an editor shows with careleaf's schemas: the real yaml-language-server (the
// one VS Code's YAML extension, Zed, Neovim and JetBrains editors run), spoken to over
// its Language Server Protocol as an editor does, on files that carry the
// `# yaml-language-server: $schema=` line `careleaf init` and `new guide` write.
// Valid guides get no mark; each invalid fixture whose mistake is a schema mistake gets
// one on the line `careleaf check` names; keys are completed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync, readdirSync, mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { tmpdir } from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, '..');
const bin = process.env.CARELEAF_BIN || join(repo, 'target', 'debug', 'careleaf');

/** A minimal LSP client over the server's standard input and output. */
class Client {
  constructor() {
    this.server = spawn(process.execPath, [join(here, 'node_modules/yaml-language-server/bin/yaml-language-server'), '--stdio']);
    this.buffer = Buffer.alloc(0);
    this.next = 1;
    this.pending = new Map();
    this.diagnostics = new Map();
    this.waiting = new Map();
    this.server.stdout.on('data', (chunk) => this.read(chunk));
  }

  read(chunk) {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const end = this.buffer.indexOf('\r\n\r\n');
      if (end < 0) return;
      const length = Number(this.buffer.subarray(0, end).toString().match(/Content-Length: (\d+)/i)[1]);
      if (this.buffer.length < end + 4 + length) return;
      const message = JSON.parse(this.buffer.subarray(end + 4, end + 4 + length).toString());
      this.buffer = this.buffer.subarray(end + 4 + length);
      this.handle(message);
    }
  }

  handle(message) {
    if (message.id !== undefined && message.method) {
      // A request from the server: the settings an editor would give.
      const result = message.method === 'workspace/configuration'
        ? message.params.items.map(() => this.settings())
        : null;
      this.send({ jsonrpc: '2.0', id: message.id, result });
    } else if (message.id !== undefined) {
      this.pending.get(message.id)?.(message.result);
      this.pending.delete(message.id);
    } else if (message.method === 'textDocument/publishDiagnostics') {
      this.diagnostics.set(message.params.uri, message.params.diagnostics);
      this.waiting.get(message.params.uri)?.(message.params.diagnostics);
    }
  }

  settings() {
    return { validate: true, completion: true, hover: true, schemaStore: { enable: false }, format: { enable: false } };
  }

  send(message) {
    const text = JSON.stringify(message);
    this.server.stdin.write(`Content-Length: ${Buffer.byteLength(text)}\r\n\r\n${text}`);
  }

  request(method, params) {
    const id = this.next++;
    this.send({ jsonrpc: '2.0', id, method, params });
    return new Promise((resolve) => this.pending.set(id, resolve));
  }

  notify(method, params) {
    this.send({ jsonrpc: '2.0', method, params });
  }

  /** Opens a file and waits for the marks the server puts on it. */
  async open(file) {
    const uri = pathToFileURL(file).href;
    const marks = new Promise((resolve) => this.waiting.set(uri, resolve));
    this.notify('textDocument/didOpen', {
      textDocument: { uri, languageId: 'yaml', version: 1, text: readFileSync(file, 'utf8') },
    });
    const diagnostics = await marks;
    this.waiting.delete(uri);
    return diagnostics;
  }
}

let client;
let site;

before(async () => {
  site = join(mkdtempSync(join(tmpdir(), 'careleaf-editor-')), 'site');
  execFileSync(bin, ['init', site, '--paper', 'a4']);
  client = new Client();
  await client.request('initialize', {
    processId: process.pid,
    rootUri: pathToFileURL(site).href,
    capabilities: { workspace: { configuration: true }, textDocument: { publishDiagnostics: {}, completion: { completionItem: {} } } },
  });
  client.notify('initialized', {});
  client.notify('workspace/didChangeConfiguration', { settings: { yaml: client.settings() } });
});

after(() => client?.server.kill());

test('the guides careleaf init writes have no mark', async () => {
  for (const name of readdirSync(join(site, 'content')).filter((n) => n.endsWith('.yaml'))) {
    const marks = await client.open(join(site, 'content', name));
    assert.deepEqual(marks.map((m) => m.message), [], name);
  }
});

const SCHEMA_MISTAKES = /^(unknown key|unknown value|missing required key|expected a|unknown unit|this should be text|the guide has no `reviewed:`)/;

test('each schema mistake is marked on the line careleaf check names', async () => {
  const invalid = join(repo, 'tests/fixtures/invalid');
  let checked = 0;
  for (const name of readdirSync(invalid).sort()) {
    const [where, message] = readFileSync(join(invalid, name, 'expected.txt'), 'utf8').split('\n');
    const [file, line] = where.split(':');
    if (!SCHEMA_MISTAKES.test(message || '') || !file.startsWith('content/') || !file.endsWith('.yaml')) continue;
    // The file as `careleaf new guide` would start it: the schema line first.
    const copy = join(site, 'content', 'mistakes', `${name}.yaml`);
    mkdirSync(dirname(copy), { recursive: true });
    const text = readFileSync(join(invalid, name, file), 'utf8');
    writeFileSync(copy, `# yaml-language-server: $schema=../../schemas/guide.schema.json\n${text}`);
    const marks = await client.open(copy);
    const lines = marks.map((m) => m.range.start.line); // 0-based, one more for the schema line
    // A missing key is the block's mistake: careleaf names a line of the block, the
    // editor the block's first; the rest are marked on careleaf's line.
    const missing = message.startsWith('missing required key') || message.startsWith('the guide has no');
    assert.ok(
      (missing && marks.some((m) => m.message.includes(message.match(/`([^`:]*):?`/)[1])))
        || lines.includes(Number(line))
        || marks.some((m) => m.range.start.line <= Number(line) && m.range.end.line >= Number(line)),
      `${name}: careleaf says line ${line} (${message}); the editor marks ${JSON.stringify(marks.map((m) => [m.range.start.line, m.message]))}`,
    );
    checked += 1;
  }
  assert.ok(checked >= 8, `only ${checked} mistakes`);
});

test('keys are completed, in a guide and in a section of a type', async () => {
  const file = join(site, 'content', 'knee.yaml');
  writeFileSync(file, '# yaml-language-server: $schema=../schemas/guide.schema.json\ntitle: Knee\nsu\n');
  await client.open(file);
  const uri = pathToFileURL(file).href;
  const labels = async (line, character) => {
    const result = await client.request('textDocument/completion', { textDocument: { uri }, position: { line, character } });
    return (Array.isArray(result) ? result : result.items).map((i) => i.label);
  };
  assert.ok((await labels(2, 2)).includes('summary'), 'summary is offered');
  writeFileSync(file, '# yaml-language-server: $schema=../schemas/guide.schema.json\ntitle: Knee\nsections:\n  - type: timeline\n    \n');
  client.notify('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: readFileSync(file, 'utf8') }] });
  const inTimeline = await labels(4, 4);
  assert.ok(inTimeline.includes('stages'), `stages is offered in a timeline: ${inTimeline}`);
  assert.ok(!inTimeline.includes('zones'), 'an action plan\'s key is not offered in a timeline');
});
