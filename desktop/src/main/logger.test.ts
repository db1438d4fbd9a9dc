import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLogger } from './logger';

const tmp = (prefix: string) => mkdtempSync(join(tmpdir(), prefix));

describe('logger', () => {
  it('writes JSON lines with context to its file, above its level', async () => {
    const file = join(tmp('plantao-log-'), 'logs', 'main.log');
    const lines: string[] = [];
    const log = createLogger({ file, level: 'info', stderr: { write: (line) => lines.push(line) } });
    log.debug('hidden');
    log.child({ module: 'ipc' }).warn('ipc refused', { channel: 'x', error: new Error('boom') });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(lines).toHaveLength(1);
    const entry = JSON.parse(readFileSync(file, 'utf8').trim());
    expect(entry).toMatchObject({ level: 'warn', msg: 'ipc refused', module: 'ipc', channel: 'x', error: { message: 'boom' } });
  });
});
