/**
 * `npm run train:triage`: retrain the learned second opinion on the labelled
 * training sets (labelled-sets.ts TRAINING_SETS) and write model/pt-BR.json. Deterministic:
 * run it twice, get the same file. `--check` writes nothing and exits 1 when
 * the versioned file is not what training produces (stale after a rules or
 * data change).
 *
 * The held-out set and blind sets not yet tuned on are never trained on (see fixtures/README.md).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { MODEL_FILE, trainedModelText } from './train-model';

const out = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

function main(argv: readonly string[]): number {
  const text = trainedModelText();
  const model = JSON.parse(text) as { version: string; trainedOn: unknown; crossValidation: unknown };
  const current = existsSync(MODEL_FILE) ? readFileSync(MODEL_FILE, 'utf8') : '';
  if (argv.includes('--check')) {
    const same = current === text;
    out(same ? `model/pt-BR.json is up to date (${model.version})` : `model/pt-BR.json is stale: run npm run train:triage`);
    return same ? 0 : 1;
  }
  writeFileSync(MODEL_FILE, text);
  out(`wrote ${path.relative(process.cwd(), MODEL_FILE)} ${model.version} (${Math.round(text.length / 1024)} KiB)`);
  out(`trained on ${JSON.stringify(model.trainedOn)}`);
  out(`out-of-fold, model alone: ${JSON.stringify(model.crossValidation)}`);
  return 0;
}

process.exitCode = main(process.argv.slice(2));
