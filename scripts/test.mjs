// `npm test`: build (also a type check), run every workspace's suites in one
// vitest run, then print the one summary line CI reads: "N passed, N failed".
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';

const run = (cmd, args) => spawnSync(cmd, args, { stdio: 'inherit', shell: false });

// Build (type-checks the product) and type-check the tests, which vitest alone would not.
const build = run('npm', ['run', 'build', '--silent']);
const typecheckTests = build.status === 0 ? run('npx', ['tsc', '-p', 'tsconfig.tests.json']) : build;
if (build.status !== 0 || typecheckTests.status !== 0) {
  console.log('0 passed, 1 failed');
  process.exit(1);
}

const report = '.vitest-results.json';
rmSync(report, { force: true });
const extra = process.argv.slice(2);
const tests = run('npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...extra]);

let passed = 0;
let failed = 0;
if (existsSync(report)) {
  const results = JSON.parse(readFileSync(report, 'utf8'));
  passed = results.numPassedTests;
  failed = results.numFailedTests;
  // A suite that crashed before its tests ran counts as a failure too.
  failed += results.testResults.filter((s) => s.status === 'failed' && s.assertionResults.length === 0).length;
}
if (tests.status !== 0 && failed === 0) failed = 1;
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
