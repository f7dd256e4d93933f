// `concord classify train|predict|evaluate` (issue 17 item 1), through the real CLI on labelled
// JSONL written here: any label set, stdout only the results, clear errors that name the problem.
import { execFile, spawn } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateCitizenMessages } from './fixtures/classify/generate-citizen-messages.ts';

const root = path.resolve(import.meta.dirname, '..');
const run = promisify(execFile);

async function cli(...args: string[]) {
  try {
    const { stdout, stderr } = await run(process.execPath, ['bin/concord.mjs', 'classify', ...args], { cwd: root });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

function cliWithStdin(input: string, ...args: string[]) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, ['bin/concord.mjs', 'classify', ...args], { cwd: root });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}

const jsonl = (rows: object[]) => rows.map((r) => JSON.stringify(r)).join('\n') + '\n';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'concord-classify-'));
  await writeFile(path.join(dir, 'messages.jsonl'), jsonl(generateCitizenMessages(25)));
});

describe('concord classify', () => {
  it('evaluates by stratified 5-fold and ends with the macro-F1', async () => {
    const result = await cli('evaluate', '--input', path.join(dir, 'messages.jsonl'), '--folds', '5');
    expect(result.code, result.stderr).toBe(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines.at(-1)).toMatch(/^macro-F1 0\.\d{3}$/);
    expect(Number(lines.at(-1)!.split(' ')[1])).toBeGreaterThan(0.85);
    // One row per label with precision, recall and F1.
    for (const label of ['neighbour', 'property', 'wages', 'land', 'consumer', 'family', 'traffic', 'medical']) {
      expect(
        lines.some((l) => new RegExp(`^${label}\\s+0?[01]\\.\\d{3}\\s+[01]\\.\\d{3}\\s+[01]\\.\\d{3}`).test(l)),
      ).toBe(true);
    }
  });

  it('trains a model file and predicts one line per input line, in order, nothing else on stdout', async () => {
    const model = path.join(dir, 'model.json');
    const trained = await cli('train', '--input', path.join(dir, 'messages.jsonl'), '--model', model);
    expect(trained.code, trained.stderr).toBe(0);
    expect(trained.stdout).toBe('');
    expect(JSON.parse(await readFile(model, 'utf8'))).toMatchObject({ format: 'concord-text-classifier', version: 1 });

    const texts = [
      '公司拖欠工资三个月不发',
      '楼上邻居半夜跺脚噪音很大',
      '医院手术后感染不给说法',
      '买的冰箱坏了商家不退',
    ];
    const predicted = await cliWithStdin(jsonl(texts.map((text) => ({ text }))), 'predict', '--model', model);
    expect(predicted.code, predicted.stderr).toBe(0);
    const lines = predicted.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { label: string; confidence: number });
    expect(lines.map((l) => l.label)).toEqual(['wages', 'neighbour', 'medical', 'consumer']);
    for (const line of lines) {
      expect(Object.keys(line).sort()).toEqual(['confidence', 'label']);
      expect(line.confidence).toBeGreaterThan(0);
      expect(line.confidence).toBeLessThanOrEqual(1);
    }
  });

  it('learns any label set, not only Concord categories', async () => {
    const rows = [];
    for (let i = 0; i < 12; i++) {
      rows.push({ text: `invoice ${i} payment due overdue amount bank transfer`, label: 'billing' });
      rows.push({ text: `password reset login failed account locked ${i}`, label: 'access' });
    }
    await writeFile(path.join(dir, 'english.jsonl'), jsonl(rows));
    const model = path.join(dir, 'english.json');
    expect((await cli('train', '--input', path.join(dir, 'english.jsonl'), '--model', model)).code).toBe(0);
    const predicted = await cliWithStdin(
      jsonl([{ text: 'cannot login, account locked' }]),
      'predict',
      '--model',
      model,
    );
    expect((JSON.parse(predicted.stdout) as { label: string }).label).toBe('access');
  });

  it('names a missing file, a bad line by its number, and labels with fewer examples than folds', async () => {
    const missing = await cli('evaluate', '--input', path.join(dir, 'nope.jsonl'));
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('nope.jsonl not found');

    await writeFile(path.join(dir, 'bad.jsonl'), '{"text":"噪音","label":"a"}\n\n{"text": 噪音}\n');
    const bad = await cli('train', '--input', path.join(dir, 'bad.jsonl'), '--model', path.join(dir, 'x.json'));
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/line 3: not valid JSON/);

    await writeFile(path.join(dir, 'nolabel.jsonl'), '{"text":"噪音"}\n');
    expect((await cli('evaluate', '--input', path.join(dir, 'nolabel.jsonl'))).stderr).toMatch(/line 1: "label"/);

    const few = generateCitizenMessages(6).filter((r, i) => r.label !== 'land' || i < 16);
    await writeFile(path.join(dir, 'few.jsonl'), jsonl(few));
    const short = await cli('evaluate', '--input', path.join(dir, 'few.jsonl'), '--folds', '5');
    expect(short.code).toBe(1);
    expect(short.stderr).toMatch(/at least 5 examples of each label.*"land" \(2\)/);

    const noModel = await cliWithStdin('{"text":"x"}\n', 'predict', '--model', path.join(dir, 'none.json'));
    expect(noModel.code).toBe(1);
    expect(noModel.stderr).toContain('none.json not found');
    expect(noModel.stdout).toBe('');
  });
});
