/**
 * Prints the triage figures on the labelled sets in fixtures/, without vitest:
 *
 *   npx tsx server/src/triage/figures-cli.ts                 every set
 *   npx tsx server/src/triage/figures-cli.ts blind-2026-12-01-a --misses
 *
 * `--misses` lists each disagreement; `--by-symptom` counts them per labelled
 * symptom (tune by category, never by sentence).
 */
import { formatFigures, labelledSets, measure, readLabelled } from './labelled-sets';
import { triageMessage } from './triage-engine';

const out = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

function main(argv: readonly string[]): void {
  const flags = new Set(argv.filter((a) => a.startsWith('--')));
  const names = argv.filter((a) => !a.startsWith('--'));
  const sets = labelledSets();
  const probe = triageMessage('febre');
  out(`pipeline: rules ${probe.rulesVersion}${probe.modelVersion ? `, model ${probe.modelVersion}` : ''}`);
  for (const [name, file] of sets) {
    if (names.length > 0 && !names.includes(name)) continue;
    const f = measure(readLabelled(file), (text) => triageMessage(text).severity);
    out(formatFigures(name, f));
    if (flags.has('--misses') && f.misses.length > 0) out(f.misses.join('\n'));
    if (flags.has('--by-symptom')) {
      const counts = new Map<string, number>();
      for (const line of f.misses) {
        const key = /expected (\w+) \(([^)]*)\)/.exec(line);
        const k = key ? `${key[1]} ${key[2]}` : '?';
        counts.set(k, (counts.get(k) ?? 0) + 1);
      }
      for (const [k, n] of [...counts].sort((a, b) => b[1] - a[1])) out(`  ${n}\t${k}`);
    }
  }
}

main(process.argv.slice(2));
