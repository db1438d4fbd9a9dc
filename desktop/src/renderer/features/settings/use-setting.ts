import type { LockableSetting, SettingsPatch } from '@plantao/shared';
import { useId, useState } from 'react';
import { usePlantaoStore } from '../../store/use-plantao-store';

/** A settings control's plumbing: locked or not, the ids to wire label and hint, and a save that reports failure. */
export function useSetting(key: LockableSetting): {
  id: string;
  hintId: string;
  locked: boolean;
  failed: boolean;
  save(patch: SettingsPatch): void;
} {
  const id = useId();
  const locked = usePlantaoStore((state) => state.settings?.locked.includes(key) ?? false);
  const changeSettings = usePlantaoStore((state) => state.changeSettings);
  const [failed, setFailed] = useState(false);
  return {
    id,
    hintId: `${id}-hint`,
    locked,
    failed,
    save: (patch) => {
      setFailed(false);
      changeSettings(patch).catch(() => setFailed(true));
    },
  };
}
