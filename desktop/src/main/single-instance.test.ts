import { describe, expect, it, vi } from 'vitest';
import { claimSingleInstance } from './single-instance';
import { app } from '../../test/support/fake-electron';

vi.mock('electron', () => import('../../test/support/fake-electron'));

describe('single instance', () => {
  it('a second instance quits; the first one is asked to show itself', () => {
    app.requestSingleInstanceLock.mockReturnValueOnce(false);
    expect(claimSingleInstance(vi.fn())).toBe(false);

    const focus = vi.fn();
    expect(claimSingleInstance(focus)).toBe(true);
    app.emit('second-instance');
    expect(focus).toHaveBeenCalledOnce();
  });
});
