import { describe, expect, it, vi } from 'vitest';
import { reconnectOnResume } from './power';
import { powerMonitor } from '../../test/support/fake-electron';
import { fakeStation, memoryLogger } from '../../test/support/main-fakes';

vi.mock('electron', () => import('../../test/support/fake-electron'));

describe('power', () => {
  it('reconnects at once when the OS wakes up', () => {
    const station = fakeStation();
    reconnectOnResume(station, memoryLogger());
    powerMonitor.emit('resume');
    expect(station.notifyResume).toHaveBeenCalledOnce();
  });
});
