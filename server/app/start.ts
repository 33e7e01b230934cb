/**
 * @module Boots the product: configuration → logger → database (migrated) → WeCom client → workers → HTTP.
 * In demo mode (no WECOM_SECRET) it also seeds the demo corp and starts the local WeCom simulator, whose
 * callbacks point at this server. Used by `server/app/main.ts`, the browser tests and the start-up test.
 */
import { serve, type ServerType } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { createApp } from './index';
import { shiftedClock, systemClock, TravelClock, type Clock } from './clock';
import { TimeTravel } from './time-travel';
import type { CoreDeps } from './deps';
import { parseEnv } from './env';
import { EventBus } from '../core/events';
import { createLogger } from './log';
import { InboundWorker, type InboundHooks } from '../core/pipeline/inbound';
import { StateRefresher } from '../core/pipeline/session-state';
import { createRedecider } from '../core/pipeline/redecide';
import { enqueueIn, type Planner } from '../core/pipeline/store';
import { Outbox } from '../core/pipeline/outbox-job';
import { createProductJobs, type ProductJobs } from './jobs-runtime';
import { JOB_OWNER_LOCK } from '../adapters/jobs/owner';
import { DurableTimers } from '../core/timers/durable-timers';
import { recordDiagnosticIn } from '../core/relay/diagnostics';
import { createEnginePlanner, followUpTimerHandler } from '../core/engine/planner';
import { FOLLOW_UP_TIMER } from '../core/engine/follow-up';
import { ensureOrgDefaults } from '../core/engine/defaults';
import { createWelcomePlanner } from '../core/engine/welcome';
import { OrgConfig } from '../core/engine/org-config';
import { probeStep } from '../core/engine/probe';
import { DEMO_API_PATH, demoRoutes } from '../http/routes/demo';
import { ProfileSync } from '../core/profile-sync/sync-job';
import { StatusAutomation } from '../core/status/automation';
import { createWecomClient } from '../channels/wecom-kf/client';
import { SetupCheck } from '../core/doctor/setup-check';
import { IntentLearning, loadTrainingExtras } from '../core/intent/index';
import { DEMO_SIM_SEED } from './demo/seed-data';
import { seedDemoIn } from './demo/seed';
import { seedDutyDemo } from '../core/duty/seed';
import { shareDutyInvalidation } from '../core/duty/on-duty';
import { seedDemoHistory } from './demo/seed-history';
import { ensureForecastJobs, registerForecastJobs } from '../core/forecast/jobs';
import { startSimulator } from '../wecom-sim/index';
import { startRelay, withEscalations, type RelayRuntime } from '../core/relay/index';
import { SimControlClient } from '../wecom-sim/control-client';
import { createIntentClassifier } from '../core/intent/create-classifier';
import { KfDirectorySync } from '../channels/wecom-kf/kf-directory';
import { openStorage, sqliteOnly } from './storage';
import { janitorWork } from './janitor';
import { handleRecurring } from '../core/jobs/recurring';

export interface Moonshift {
  url: string;
  simUrl: string | undefined;
  deps: CoreDeps;
  inbound: InboundWorker;
  outbox: Outbox;
  /** The one job queue (outbox sends, relays, alerts, durable timers); `jobs.idle()` is the "queue drained" signal. */
  jobs: ProductJobs;
  timers: DurableTimers;
  learning: IntentLearning;
  /** WeCom profile card, duty 活码 and app-message sync: the `profile.sync` job kind on the one queue. */
  profileSync: ProfileSync;
  relay: RelayRuntime;
  automation: StatusAutomation;
  /** service_state/get on the inbound path (calls counted for diagnostics and the benchmark). */
  refresher: StateRefresher;
  /** The WeCom setup check (started in the background in live mode); diagnostics shows its report. */
  setupCheck: SetupCheck;
  /** Live mode: the 微信客服 accounts and servicers read from WeCom at start and every 10 min; undefined in demo mode. */
  directory: KfDirectorySync | undefined;
  /** Demo and test mode: moves the shared clock forward (`/sim/clock`, the /demo time control); undefined in live mode. */
  travel: TimeTravel | undefined;
  close(): Promise<void>;
}

/**
 * The never-silent mechanisms that can be switched off — only so a test can show what each prevents (the soak
 * fails without them). Both default on; there is no configuration for them.
 */
export interface SafetySwitches {
  /** Ask WeCom for the session state when it may be stale, apply WeCom's session rules, decide again on 95018. */
  stateRefresh?: boolean;
  /** One conversation's outbox rows strictly in creation order. */
  outboxOrder?: boolean;
}

export interface StartOptions {
  /** Base clock (default: real time, shifted to DEMO_TIME in demo mode); demo mode adds time travel on top. */
  clock?: Clock;
  hooks?: InboundHooks;
  /** Replaces the engine planner (benchmarks compare against the Foundation's minimal reply policy). */
  planner?: Planner;
  switches?: SafetySwitches;
  /**
   * Demo and test mode only: run as another instance of a cluster whose first instance (in this process) already
   * seeded the shared database and serves the simulator — this one uses that simulator (its callbacks are the
   * first instance's to spread, e.g. `setCallback({ urls })`) and joins that time travel, so the instances share one
   * clock and a jump or a settle waits for both. `clock` is ignored.
   */
  join?: { travel: TimeTravel; simUrl: string };
}

/** The fetch handler with Node's bindings (`{ incoming, outgoing }`): the client's address comes from there. */
type Fetch = (req: Request, env: unknown) => Response | Promise<Response>;

function listen(fetch: Fetch, port: number, hostname: string): Promise<{ server: ServerType; port: number }> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch, port, hostname }, (info: AddressInfo) => resolve({ server, port: info.port }));
    server.once('error', reject);
  });
}

export async function startMoonshift(env: Record<string, string | undefined>, opts: StartOptions = {}): Promise<Moonshift> {
  const config = parseEnv(env);
  const log = createLogger(config.logLevel);
  const base = opts.clock ?? (config.demoTime !== undefined ? shiftedClock(config.demoTime) : systemClock);
  const join = config.mode === 'demo' ? opts.join : undefined;
  if (opts.join && !join) throw new Error('only a demo or test instance can join another instance\'s time travel and simulator');
  // Production reads the real clock; demo and test mode share one controllable clock with the embedded simulator.
  const travel = join?.travel ?? (config.mode === 'demo' ? new TimeTravel(new TravelClock(base), log) : undefined);
  const clock: Clock = travel?.clock ?? base;
  const storage = await openStorage(config, clock, log);
  const { shared } = storage;
  // The SQLite handle: test inspection and the SQLite-only test switches; on PostgreSQL any use of it fails loudly.
  const db = storage.sqlite ?? sqliteOnly();

  // Listen first (port 0 → a free port), so the simulator knows where to send callbacks.
  let handler: Fetch = () => new Response('starting', { status: 503 });
  const http = await listen((req, env) => handler(req, env), config.port, config.host);
  const url = `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${http.port}`;
  const publicBaseUrl = config.publicBaseUrl ?? url;

  let sim: Awaited<ReturnType<typeof startSimulator>> | undefined;
  if (config.mode === 'demo' && !join) {
    await shared.uow.run((tx) => seedDemoIn(tx, clock));
    await seedDutyDemo({ shared, clock }, publicBaseUrl);
    await shared.uow.run((tx) => seedDemoHistory(tx, clock));
    sim = await startSimulator({
      port: config.simPort,
      corpId: config.wecom.corpId,
      corpSecret: config.wecom.secrets.main,
      secrets: config.wecom.secrets.contact ? { contact: config.wecom.secrets.contact } : {},
      agentId: config.wecom.agentId,
      callback: { url: `${url}/wecom/callback`, token: config.wecom.callbackToken, encodingAESKey: config.wecom.encodingAESKey },
      now: () => clock.now(),
      sharedClock: travel,
      seed: DEMO_SIM_SEED,
    });
    // the simulator starts with an empty message log: a cursor kept in the database from an earlier run points past
    // its end, and the demo would pull nothing new (a second `npm start` stayed silent)
    await shared.uow.run(async (tx) => { await tx.db.delete(tx.t.syncCursors); });
  }
  const simUrl = sim?.url ?? join?.simUrl;
  const wecom = createWecomClient({
    apiBase: simUrl ?? config.wecom.apiBase, corpId: config.wecom.corpId, agentId: config.wecom.agentId,
    secrets: config.wecom.secrets, clock, log, backoffMs: config.wecomRetryBackoffMs, tokens: shared.tokens,
  });
  const wecomConfig = simUrl ? { ...config.wecom, oauthBase: simUrl } : config.wecom;
  await ensureOrgDefaults(shared, clock.now());
  const stopSharingDuty = shareDutyInvalidation(shared.bus); // duty memos dropped on every instance when duty changes
  const deps: CoreDeps = {
    db, wecom, clock, log, config: { ...config, publicBaseUrl, wecom: wecomConfig }, events: new EventBus().attach(shared.bus),
    // trained once, with what admins and agents taught, before serving (IntentLearning then only retrains on change)
    intent: createIntentClassifier({ extra: await shared.uow.read((q) => loadTrainingExtras(q)) }), org: new OrgConfig(), shared,
  };
  const switches = { stateRefresh: true, outboxOrder: true, ...opts.switches };
  // one unit of work on the connection; the owner lock lets the other instances take over this one's jobs at once if it dies
  const jobs = createProductJobs({ ...deps, uow: shared.uow }, { ownerLock: shared.lock(JOB_OWNER_LOCK) });
  const outbox = new Outbox(deps, jobs, { ordered: switches.outboxOrder });
  const refresher = new StateRefresher(deps, switches.stateRefresh);
  // Every timer kind is registered before the job runner starts, so an overdue timer finds its handler.
  const timers = new DurableTimers(deps, jobs, {
    maxLatenessMs: config.timerMaxLatenessMs,
    onLate: (tx, t, lateness) => recordDiagnosticIn(tx, {
      at: clock.now(), kind: 'timer', conversationId: t.conversationId, actor: t.kind, reason: `late by ${lateness} ms`, result: 'reported, not run',
    }),
  });
  const relay = startRelay(deps, jobs, timers);
  const callbacks = { lastCallbackAt: (k: string): number | undefined => inbound.lastCallbackAt(k) };
  const plannerDeps = {
    ...deps, afterDecision: probeStep(callbacks),
  };
  timers.register(FOLLOW_UP_TIMER, followUpTimerHandler(plannerDeps, enqueueIn));
  registerForecastJobs(timers, deps);
  await ensureForecastJobs(deps);
  // Recurring jobs (one run per period cluster-wide): the janitor (shared state, finished jobs); in live mode the directory read.
  const janitor = handleRecurring(jobs, deps, janitorWork({ shared, wake: () => jobs.wake() }));
  await shared.uow.run((tx) => janitor.ensureIn(tx));
  const directory = config.mode === 'live' ? new KfDirectorySync(deps, jobs) : undefined;
  const profileSync = new ProfileSync(deps, jobs);
  await profileSync.adopt();
  await jobs.start();
  const planner: Planner = opts.planner ?? createEnginePlanner(plannerDeps);
  outbox.onRefused = createRedecider(deps, { refresher, planner: plannerDeps, drain: () => jobs.wake() });
  const inbound: InboundWorker = new InboundWorker(deps, withEscalations(planner, deps), {
    hooks: opts.hooks, onEnter: createWelcomePlanner(plannerDeps), refresher, sessionRules: switches.stateRefresh, catchUpMs: config.inboundCatchUpMs,
  }).start();
  const extraRoutes = simUrl && travel ? [{ path: DEMO_API_PATH, app: demoRoutes(deps, new SimControlClient(simUrl), travel) }] : [];
  const learning = new IntentLearning(deps);
  const automation = new StatusAutomation(deps).start();
  await automation.settled(); // statuses follow the shifts before start resolves (as when the first tick was synchronous)
  const unregister: (() => void)[] = [];
  if (travel && simUrl) {
    // Within one instant: statuses first (a shift ends), then the jobs due (timers, outbox sends, relays, alerts),
    // then the callbacks and pulls they caused. A joined instance adds its own parts; the simulator's are the first's.
    const callbacks = sim?.control;
    for (const part of [automation, jobs.part, ...(callbacks ? [{
      name: 'simulator callbacks', nextDueAt: () => undefined,
      busy: () => callbacks.callbacksInFlight() > 0, runDue: () => callbacks.waitCallbacks(),
    }] : []), inbound]) unregister.push(travel.register(part));
  }
  // Live mode: check every WeCom capability in the background; start is never blocked, diagnostics shows the result.
  const setupCheck = new SetupCheck(deps);
  if (config.mode === 'live') setupCheck.start();
  const app = createApp({ ...deps, inbound, learning, extraRoutes, outbox, profileSync, setupCheck });
  handler = (req, env) => app.fetch(req, env);

  // Live mode learns its accounts and servicers from WeCom first, so the catch-up pull knows every account.
  directory?.start();
  void (directory?.ready ?? Promise.resolve()).then(() => inbound.syncAll());
  void learning.start();
  log.info({ url, simUrl: sim?.url, mode: config.mode, database: storage.where }, 'moonshift started');

  return {
    url, simUrl, deps, inbound, outbox, jobs, timers, learning, profileSync, relay, automation, refresher, travel, setupCheck, directory,
    async close() {
      for (const off of unregister) off(); // a shared time travel no longer waits for this instance
      await directory?.stop();
      inbound.stop();
      await automation.stop();
      await relay.stop();
      learning.stop();
      await jobs.stop();
      await inbound.idle();
      await inbound.recorder.flush();
      await new Promise<void>((r) => {
        http.server.close(() => r());
        // SSE streams never end on their own: cut open connections so close() cannot hang.
        if ('closeAllConnections' in http.server) http.server.closeAllConnections();
      });
      await sim?.close();
      deps.events.close();
      stopSharingDuty();
      await storage.close();
    },
  };
}
