// `concord classify train|predict|evaluate`: the suggester's learner on any labelled JSONL file,
// without a database (so it runs on a clean clone). stdout carries only the results; messages go
// to stderr.
import { readFileSync, writeFileSync } from 'node:fs';
import {
  ClassifierInputError,
  TextClassifier,
  crossValidate,
  trainClassifier,
  type LabelledText,
  type TextClassifierModel,
} from './classifier.ts';

export const CLASSIFY_HELP = `  classify train --input FILE.jsonl --model MODEL.json
                                            learn from lines {"text","label"}; writes the model (JSON)
  classify predict --model MODEL.json       reads lines {"text"} on stdin, writes one line
                                            {"label","confidence"} per line on stdout, in order
  classify evaluate --input FILE.jsonl [--folds 5]
                                            stratified k-fold: per-label precision, recall, F1;
                                            the last line is "macro-F1 0.NNN"`;

export interface ClassifyIo {
  out: (line: string) => void;
  err: (line: string) => void;
  readStdin: () => Promise<string>;
}

function readText(file: string, what: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ClassifierInputError(
      code === 'ENOENT' ? `${what} ${file} not found` : `cannot read ${what} ${file}: ${code ?? String(error)}`,
    );
  }
}

/** The JSON lines of a text; blank lines are skipped, a bad one is named by its line number. */
export function parseJsonLines<T>(
  content: string,
  source: string,
  check: (value: Record<string, unknown>) => string | null,
): T[] {
  const rows: T[] = [];
  content.split(/\r?\n/).forEach((line, i) => {
    if (line.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw new ClassifierInputError(`${source} line ${i + 1}: not valid JSON`);
    }
    const problem =
      typeof value === 'object' && value !== null && !Array.isArray(value)
        ? check(value as Record<string, unknown>)
        : 'expected a JSON object';
    if (problem) throw new ClassifierInputError(`${source} line ${i + 1}: ${problem}`);
    rows.push(value as T);
  });
  return rows;
}

const isText = (v: Record<string, unknown>) => (typeof v.text === 'string' ? null : '"text" must be a string');

export function readLabelledFile(file: string): LabelledText[] {
  const rows = parseJsonLines<LabelledText>(readText(file, 'input file'), file, (v) => {
    if (isText(v)) return isText(v);
    if (typeof v.label !== 'string' || v.label === '') return '"label" must be a non-empty string';
    return null;
  });
  if (rows.length === 0) throw new ClassifierInputError(`${file}: no examples`);
  return rows.map((r) => ({ text: r.text, label: r.label }));
}

function loadModel(file: string): TextClassifier {
  let model: unknown;
  try {
    model = JSON.parse(readText(file, 'model'));
  } catch (error) {
    if (error instanceof ClassifierInputError) throw error;
    throw new ClassifierInputError(`model ${file}: not valid JSON`);
  }
  return new TextClassifier(model as TextClassifierModel);
}

function required(value: string | undefined, option: string, sub: string): string {
  if (!value) throw new ClassifierInputError(`classify ${sub} needs ${option}\n\n${CLASSIFY_HELP}`);
  return value;
}

const pad = (s: string, n: number) => s + ' '.repeat(Math.max(0, n - [...s].length));

/** Runs one `classify` subcommand; resolves to the exit code. */
export async function runClassify(
  sub: string | undefined,
  values: { input?: string | undefined; model?: string | undefined; folds?: string | undefined },
  io: ClassifyIo,
): Promise<number> {
  try {
    switch (sub) {
      case 'train': {
        const input = required(values.input, '--input FILE.jsonl', 'train');
        const file = required(values.model, '--model MODEL', 'train');
        const examples = readLabelledFile(input);
        const started = performance.now();
        const model = await trainClassifier(examples);
        writeFileSync(file, JSON.stringify(model));
        const labels = new Set(examples.map((e) => e.label)).size;
        io.err(
          `trained on ${examples.length} examples, ${labels} labels, in ${((performance.now() - started) / 1000).toFixed(1)} s; ` +
            `temperature ${model.temperature.toFixed(2)}; model written to ${file}`,
        );
        return 0;
      }
      case 'predict': {
        const classifier = loadModel(required(values.model, '--model MODEL', 'predict'));
        const rows = parseJsonLines<{ text: string }>(await io.readStdin(), 'stdin', isText);
        for (const row of rows) {
          const [best] = classifier.predict(row.text, 1);
          io.out(JSON.stringify({ label: best!.label, confidence: Number(best!.confidence.toFixed(4)) }));
        }
        return 0;
      }
      case 'evaluate': {
        const input = required(values.input, '--input FILE.jsonl', 'evaluate');
        const folds = values.folds === undefined ? 5 : Number(values.folds);
        if (!Number.isInteger(folds) || folds < 2) {
          throw new ClassifierInputError(`--folds must be an integer of 2 or more, got "${values.folds}"`);
        }
        const examples = readLabelledFile(input);
        const started = performance.now();
        const result = await crossValidate(examples, folds);
        const width = Math.max(5, ...result.labels.map((m) => [...m.label].length));
        io.out(`${pad('label', width)}  precision  recall     f1  support`);
        for (const m of result.labels) {
          io.out(
            `${pad(m.label, width)}  ${m.precision.toFixed(3).padStart(9)}  ${m.recall.toFixed(3).padStart(6)}  ` +
              `${m.f1.toFixed(3).padStart(5)}  ${String(m.support).padStart(7)}`,
          );
        }
        io.out(
          `${result.examples} examples, ${result.labels.length} labels, ${folds} folds, accuracy ${result.accuracy.toFixed(3)} ` +
            `(${((performance.now() - started) / 1000).toFixed(1)} s)`,
        );
        io.out(`macro-F1 ${result.macroF1.toFixed(3)}`);
        return 0;
      }
      case undefined:
      default:
        io.err(`unknown classify command: ${sub ?? '(none)'}\n\n${CLASSIFY_HELP}`);
        return 1;
    }
  } catch (error) {
    if (error instanceof ClassifierInputError) {
      io.err(`error: ${error.message}`);
      return 1;
    }
    throw error;
  }
}
