import { IpcChannel } from '@plantao/shared';
import type { WebContents } from 'electron';
import { describe, expect, it } from 'vitest';
import { createRendererPush, pushStateChanges } from './renderer-push';
import { FakeWebContents } from '../../test/support/fake-electron';
import { alert, emptyState, fakeStation } from '../../test/support/main-fakes';

describe('renderer push', () => {
  it('coalesces a burst of store changes into one state message', async () => {
    const station = fakeStation();
    const contents = new FakeWebContents();
    pushStateChanges(
      station.store,
      createRendererPush(() => contents as unknown as WebContents),
    );
    for (let i = 1; i <= 50; i++) station.store.setState({ lastSeq: i, alerts: { [`a${i}`]: alert(`a${i}`) } });
    await new Promise((resolve) => setImmediate(resolve));
    expect(contents.send).toHaveBeenCalledOnce();
    expect(contents.send).toHaveBeenCalledWith(IpcChannel.StateChanged, expect.objectContaining({ lastSeq: 50 }));
  });

  it('delivers openAlert once a loading page has loaded', () => {
    const contents = new FakeWebContents();
    contents.loading = true;
    const push = createRendererPush(() => contents as unknown as WebContents);
    push.openAlert('a1');
    push.stateChanged({ ...emptyState() });
    expect(contents.send).not.toHaveBeenCalled();
    contents.emit('did-finish-load');
    expect(contents.send).toHaveBeenCalledOnce();
    expect(contents.send).toHaveBeenCalledWith(IpcChannel.OpenAlert, { alertId: 'a1' });
  });
});
