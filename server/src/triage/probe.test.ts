import { it } from 'vitest';
it('probe', () => { console.log('dirname', typeof __dirname !== 'undefined' ? __dirname : 'undef', import.meta.url); });
