// Regenerates docs/asyncapi.json from the shared zod schemas: `npm run docs:asyncapi`.
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { buildAsyncApi } from '../src/asyncapi/build-asyncapi';

const target = resolve(__dirname, '../../docs/asyncapi.json');
writeFileSync(target, `${JSON.stringify(buildAsyncApi(), null, 2)}\n`);
process.stdout.write(`wrote ${target}\n`);
