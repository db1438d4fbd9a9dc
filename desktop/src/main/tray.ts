import { Menu, Tray, type NativeImage } from 'electron';
import type { Locale } from '@plantao/shared';
import type { StoreApi } from 'zustand/vanilla';
import type { TrayState } from '../core/ports';
import type { StationState } from '../core/station-core';
import { messages } from './i18n';
import { trayAppearance, type TrayIconKind } from './tray-appearance';
import { trayStateOf } from './tray-state';

export interface TrayOptions {
  iconFor(kind: TrayIconKind): NativeImage;
  locale(): Locale;
  onOpen(): void;
  onSilence(): void;
  onQuit(): void;
}

export interface StationTray {
  update(state: TrayState): void;
  destroy(): void;
}

/**
 * The tray icon: the one thing on screen all shift. Shows connection and
 * unread state; the menu opens the window, silences alarms, or quits.
 */
export function createStationTray(options: TrayOptions): StationTray {
  const tray = new Tray(options.iconFor('disconnected'));
  let shownIcon: TrayIconKind | undefined;
  let menuLocale: Locale | undefined;

  const buildMenu = (locale: Locale): Menu => {
    const t = messages(locale);
    return Menu.buildFromTemplate([
      { label: t.trayOpen, click: options.onOpen },
      { label: t.traySilence, click: options.onSilence },
      { type: 'separator' },
      { label: t.trayQuit, click: options.onQuit },
    ]);
  };

  // Windows and Linux open the window on a click; macOS opens the menu.
  tray.on('click', options.onOpen);

  return {
    update(state) {
      const locale = options.locale();
      const look = trayAppearance(state, locale);
      if (look.icon !== shownIcon) tray.setImage(options.iconFor(look.icon));
      shownIcon = look.icon;
      tray.setToolTip(look.tooltip);
      tray.setTitle(look.title);
      if (locale !== menuLocale) tray.setContextMenu(buildMenu(locale));
      menuLocale = locale;
    },
    destroy: () => tray.destroy(),
  };
}

/** Keeps the tray in step with the station store; returns a refresh (e.g. after a language change). */
export function trayFollowsStation(tray: StationTray, store: StoreApi<StationState>): () => void {
  const refresh = (): void => tray.update(trayStateOf(store.getState()));
  store.subscribe(refresh);
  refresh();
  return refresh;
}
