import { usePlantaoStore } from '../../store/use-plantao-store';
import { CriticalAnnouncer } from '../alarm/critical-announcer';
import { AlertsPanel } from '../alerts/alerts-panel';
import { AlertAuditDialog } from '../audit/alert-audit-dialog';
import { PinnedStrip } from '../alerts/pinned-strip';
import { DisconnectedBanner } from '../connection/disconnected-banner';
import { ConversationPanel } from '../conversation/conversation-panel';
import { HistoryReviewDialog } from '../history-review/history-review-dialog';
import { HistoryReviewSummary } from '../history-review/history-review-summary';
import { SettingsDialog } from '../settings/settings-dialog';
import { WorklistPanel } from '../worklist/worklist-panel';
import { StationHeader } from './station-header';
import { StationNotice } from './station-notice';

/**
 * The signed-in screen, in the order it answers its questions (see
 * docs/station-screen.md): is a critical alert waiting (pinned strip), is the
 * station connected (header status, banner), who is next (the columns).
 */
export function StationScreen() {
  const dialog = usePlantaoStore((state) => state.dialog);
  return (
    <div className="station">
      <StationHeader />
      <DisconnectedBanner />
      <StationNotice />
      <PinnedStrip />
      <HistoryReviewSummary />
      <main className="columns">
        <AlertsPanel />
        <WorklistPanel />
        <ConversationPanel />
      </main>
      <CriticalAnnouncer />
      {dialog === 'settings' && <SettingsDialog />}
      {dialog === 'history' && <HistoryReviewDialog />}
      {dialog === 'audit' && <AlertAuditDialog />}
    </div>
  );
}
