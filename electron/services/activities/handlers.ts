/**
 * The activity operations: plan, start, cancel and retry a replay, its report and script, the
 * list of this session's activities (a reloaded window reattaches through it), and the replays of
 * a folder. A replay on a folder a download writes into reads only files it has checked as complete.
 */
import { saveFiles } from './save-file';
import { dirname, join, resolve } from 'node:path';
import { assertReplayReady } from '../../core/azure/download/ready-files';
import { UserError } from '../../core/errors';
import { planReplay, planWithSafeRoles, type ReplayInput } from '../../core/replay/plan-replay';
import { replayScript, SAFE_ROLES_FILE } from '../../core/replay/replay-script';
import type { ArgsOut } from '../../operations';
import type { Handlers } from '../dispatch';
import type { ServiceHost } from '../host';
import type { RestoreSets } from '../restore-sets/restore-sets';
import type { ClientTools } from '../settings/client-tools';
import type { TargetRegistry } from '../targets/target-registry';
import type { ActivityRegistry } from './activity-registry';
import { stillToCome } from '../azure/download-activity';
import { beginReplay, folderReplay, REPLAY, replayReport, type ReplayWork } from './replay-activity';

export interface ActivityDeps {
  host: ServiceHost;
  activities: ActivityRegistry;
  sets: RestoreSets;
  targets: TargetRegistry;
  tools: ClientTools;
}

type ActivityHandlers = Pick<Handlers,
  'planReplay' | 'startReplay' | 'cancelReplay' | 'retryDatabase' | 'report' | 'exportReport' | 'saveScript' | 'listActivities' | 'replayHistory' | 'folderReplays'>;

const stamp = () => new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-');

export function activityHandlers({ host, activities, sets, targets, tools }: ActivityDeps): ActivityHandlers {
  type Request = ArgsOut<'planReplay'>[0];
  /** The replay a request names; `cached` plans against the facts kept for the target instead of reconnecting. */
  const replayInput = async (r: Request, cached: boolean): Promise<ReplayInput> => {
    const inspection = await sets.get(r.folder);
    // A folder a download still writes into: only files it has checked as complete may be read.
    await assertReplayReady(inspection, r.options, stillToCome(activities, inspection.set.folder));
    const input: ReplayInput = { inspection, target: targets.connection(r.targetId), options: r.options, tools: await tools.list() };
    return cached ? { ...input, preflight: targets.cachedPreflight(r.targetId, inspection) } : input;
  };
  const work = (runId: string) => activities.work<ReplayWork>(runId, REPLAY);

  return {
    planReplay: async (request) => planReplay(await replayInput(request, true)),
    async startReplay(request) {
      const running = activities.running(REPLAY);
      if (running) {
        throw new UserError('bad-argument', `A replay is already running (started ${running.startedAt}); two at once could hit the same databases.`,
          'Wait for it to end, or cancel it on the Replay screen, then start again.');
      }
      // The run asks the server afresh: it must not start on facts older than the click.
      const input = await replayInput(request, false);
      const { id, work: w } = await activities.start(REPLAY, (emit) => beginReplay(input, emit));
      // What the replay changed on the server makes the kept facts stale.
      targets.invalidate(input.target);
      void w.run.done.catch(() => undefined).finally(() => targets.invalidate(input.target));
      return { runId: id };
    },
    cancelReplay: (runId) => activities.cancel(runId, REPLAY),
    async retryDatabase(runId, database) {
      const { run } = work(runId);
      const retry = run.startRetry(database);
      await retry.started;
      activities.follow(runId, REPLAY, retry.done);
      retry.done.catch(() => undefined).finally(() => targets.invalidate(work(runId).plan.target));
    },
    report: async (runId, format) => replayReport(work(runId), format),
    async exportReport(runId, format) {
      const text = replayReport(work(runId), format);
      const path = await host.chooseExportPath(`pgflex-restore-report-${stamp()}.${format === 'markdown' ? 'md' : 'json'}`);
      if (!path) return null;
      await saveFiles([{ path, text, mode: 0o644 }]);
      return { path };
    },
    async saveScript(request) {
      const { plan, safeRoles } = await planWithSafeRoles(await replayInput(request, true));
      const path = await host.chooseExportPath(`pgflex-replay-${stamp()}.sh`);
      if (!path) return null;
      // The roles file holds password hashes: only this user may read the copy. Both or neither are saved.
      const rolesPath = safeRoles === null ? null : join(dirname(path), SAFE_ROLES_FILE);
      await saveFiles([{ path, text: replayScript(plan), mode: 0o755 }, ...(rolesPath ? [{ path: rolesPath, text: safeRoles!, mode: 0o600 }] : [])]);
      return { path, rolesPath };
    },
    listActivities: async () => activities.list(),
    replayHistory: async (runId) => activities.history(runId, REPLAY),
    folderReplays: async (folder) => activities.list().filter((a) => a.kind === 'replay')
      .map((a) => ({ a, work: work(a.id) }))
      .filter(({ work: w }) => w.plan && resolve(w.plan.source.folder) === resolve(folder))
      .map(({ a, work: w }) => folderReplay(a.id, a.startedAt, a.status === 'running', w)),
  };
}
