import { app } from 'electron';

/**
 * One Plantão per station: two would ring every alarm twice and fight over
 * acknowledgements. Returns false when another instance already runs (it is
 * told to show itself, and this one should quit).
 */
export function claimSingleInstance(onSecondInstance: () => void): boolean {
  if (!app.requestSingleInstanceLock()) return false;
  app.on('second-instance', onSecondInstance);
  return true;
}
