import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/**
 * The code block README.md keeps between `<!-- name -->` and `<!-- /name -->`,
 * so a test runs the very recipe integrators copy (and fails when it rots).
 */
export function readmeBlock(name: string): string {
  const readme = readFileSync(resolve(__dirname, '../../../README.md'), 'utf8');
  const match = new RegExp(`<!-- ${name} -->\\n\`\`\`[a-z]*\\n([\\s\\S]*?)\`\`\`\\n<!-- /${name} -->`).exec(readme);
  if (!match?.[1]) throw new Error(`README.md has no code block marked <!-- ${name} -->`);
  return match[1];
}
