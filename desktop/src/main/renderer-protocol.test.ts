import { describe, expect, it, vi } from 'vitest';
import { isAppUrl } from './app-url';
import { rendererFileFor } from './renderer-protocol';

vi.mock('electron', () => import('../../test/support/fake-electron'));

const APP = 'app://plantao/index.html';

describe('app:// renderer protocol', () => {
  it('serves files under the renderer folder and nothing outside it', () => {
    expect(rendererFileFor('/r', 'app://plantao/index.html')).toBe('/r/index.html');
    expect(rendererFileFor('/r', 'app://plantao/')).toBe('/r/index.html');
    expect(rendererFileFor('/r', 'app://plantao/alerts/a1')).toBe('/r/index.html');
    expect(rendererFileFor('/r', 'app://plantao/assets/app.js')).toBe('/r/assets/app.js');
    expect(rendererFileFor('/r', 'app://plantao/..%2F..%2Fetc%2Fpasswd.txt')).toBeUndefined();
    expect(rendererFileFor('/r', 'app://plantao/%E0%A4%A')).toBeUndefined();
    expect(rendererFileFor('/r', 'app://other/index.html')).toBeUndefined();
  });

  it('compares scheme and host, not URL.origin ("null" for app:)', () => {
    expect(isAppUrl('app://plantao/x', APP)).toBe(true);
    expect(isAppUrl('app://plantao.evil/x', APP)).toBe(false);
    expect(isAppUrl('not a url', APP)).toBe(false);
  });
});
