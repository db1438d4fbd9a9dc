import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ClientEvent, ServerEvent } from '../events/names';
import { buildAsyncApi } from './build-asyncapi';

describe('docs/asyncapi.json', () => {
  it('is exactly what the shared schemas generate (run `npm run docs:asyncapi` after changing a payload)', () => {
    const committed = JSON.parse(readFileSync(resolve(__dirname, '../../../docs/asyncapi.json'), 'utf8'));
    expect(committed).toEqual(buildAsyncApi());
  });

  it('documents every event of the contract', () => {
    const messages = Object.keys((buildAsyncApi().components as { messages: object }).messages);
    expect(messages.sort()).toEqual([...Object.values(ServerEvent), ...Object.values(ClientEvent)].sort());
  });
});
