/**
 * The dispatcher: turns what happens into alert notices. Job-state rules
 * react to jobs finishing; threshold rules are evaluated on a tick. Each
 * notice is recorded with its outbox rows, then announced as `alert.fired`;
 * the outbox worker does the sending.
 *
 * Finished jobs come from the durable alert-work queue ingest writes in the
 * delivery's own transaction. The dispatcher takes them a bounded batch at a
 * time and evaluates each batch in one transaction that also removes it
 * (series state, notices, outbox rows: one commit per batch), so every
 * acknowledged delivery is evaluated exactly once, even across a crash, and
 * memory stays bounded however large a burst. `job.changed` only wakes it.
 *
 * Nothing here runs on the webhook ingest path, and all work (job batches and
 * ticks) runs serially on one queue, so two evaluations never race on the
 * same throttle or series state.
 */
import type { Alert, AlertEvent, AlertNotice, AlertRule } from "../../lib/alerts";
import type { Job } from "../../lib/job";
import type { SloStatus } from "../../lib/slo";
import { firstFinished } from "../domain/alert-work";
import type { Clock } from "../domain/clock";
import type { DomainEvents } from "../domain/events";
import { yieldToEventLoop } from "../runtime/yield";
import type {
  AlertConfigStore,
  AlertStateStore,
  AlertWorkScope,
  AlertWorkStore,
  JobReads,
} from "../store/store";
import { causeById, causeOf, waitResolution } from "./alert-causes";
import { resolveRule } from "./config";
import { tickInputs, type SourceConfig, type TickContext } from "./dispatch-inputs";
import { seedSeries } from "./dispatch-series";
import { jobContent, nextAlert, observationContent, type AlertContent, type NoticeCause } from "./draft";
import { decideJobState, evaluateJobState, jobMatchTarget, seriesKey } from "./job-state";
import { matcherFor } from "./observation";
import { evaluateThresholdRule } from "./threshold-rules";
import { throttleTick, type SubjectState } from "./throttle";

/** What the dispatcher needs. */
export interface DispatcherOptions {
  /** Rules and channels, alert state, what threshold rules read, and job history (to seed a series). */
  store: Pick<AlertConfigStore, "listRules" | "listChannels"> &
    AlertStateStore &
    AlertWorkStore &
    TickContext["store"] &
    Pick<JobReads, "listJobs" | "getJob">;
  events: DomainEvents;
  clock: Clock;
  /** From the server settings: the dashboard's public URL (null: no links) and the runner offline delay. */
  settings: { publicUrl: string | null; runnerOfflineAfterMs: number };
  /** The webhook endpoints and whether each is configured (for source_silent). */
  sources?: readonly SourceConfig[];
  onError?: (error: unknown) => void;
  /** Finished jobs evaluated per transaction (bounds memory too); default 128. */
  batchSize?: number;
  /** How long a wake-up waits for more finished jobs to join its batch, ms; default 5. */
  coalesceMs?: number;
  /** Whether a timed tick may run on this node now (its lease; see `server/leases`); default always. */
  mayTick?: () => boolean;
  /** Every SLO's status now, for slo_burn rules (see `server/slo`). */
  slos?: () => Promise<readonly SloStatus[]>;
}

/** The running dispatcher. */
export interface Dispatcher {
  /** Evaluates every threshold rule now; resolves with the notices recorded. */
  tick(): Promise<number>;
  /** Resolves once all queued work (finished jobs, ticks) is done. */
  idle(): Promise<void>;
  /** Ticks every `everyMs` (default 30 s) until `stop()`. */
  start(everyMs?: number): void;
  /**
   * Resolves every open alert of `rule`, which was just disabled or deleted:
   * each is recorded resolved with `reason` as its resolution, notified to the
   * rule's channels and announced as `alert.fired`. Runs on the dispatcher's
   * queue, after any evaluation already under way. Resolves with how many it closed.
   */
  closeRule(rule: AlertRule, reason: "rule disabled" | "rule deleted"): Promise<number>;
  /** Stops listening and ticking; waits for queued work. */
  stop(): Promise<void>;
}

/** One notice about to be recorded: the rule's subject, its throttle state after it, and what the alert says. */
interface PendingNotice {
  rule: AlertRule;
  subject: string;
  state: SubjectState | undefined;
  notice: AlertNotice;
  event: AlertEvent;
  content: AlertContent | null;
  now: number;
  quiet?: boolean;
  /** The job behind the notice and, for a resolution, what changed. */
  by?: NoticeCause;
  /** Channel ids notified besides the rule's (from the observation). */
  alsoChannels?: readonly string[];
}

const TICK_EVENTS: Record<AlertNotice, AlertEvent> = {
  firing: "triggered",
  reminder: "reminder",
  resolved: "resolved",
};

/** An alert recorded and about to be announced. */
interface Fired {
  alert: Alert;
  notice: AlertNotice;
}

/**
 * Creates the dispatcher, evaluates the finished jobs already queued (those a
 * crash left), and wakes on every job that finishes; ticks need `start()` or `tick()`.
 */
export function createDispatcher(options: DispatcherOptions): Dispatcher {
  const { store, events, clock, settings } = options;
  const onError = options.onError ?? (() => undefined);
  const batchSize = options.batchSize ?? 128;
  const coalesceMs = options.coalesceMs ?? 5;
  let queue: Promise<unknown> = Promise.resolve();
  let timer: NodeJS.Timeout | null = null;
  let ticking = false;

  function enqueue<T>(work: () => Promise<T>): Promise<T> {
    // Each piece of work lets the event loop turn first: a burst of finished jobs is a long queue,
    // and a chain of settled promises would otherwise run it all before any webhook or socket.
    const done = queue.then(yieldToEventLoop).then(work);
    queue = done.catch(onError);
    return done;
  }

  // Resolved rules kept per id and version, so compiled globs (keyed by the match object) are reused.
  const resolved = new Map<string, { updatedAt: number; rule: AlertRule }>();
  async function rules(scope: Pick<AlertConfigStore, "listRules"> = store): Promise<AlertRule[]> {
    const records = await scope.listRules();
    return records.map((record) => {
      const cached = resolved.get(record.id);
      if (cached && cached.updatedAt === record.updatedAt) return cached.rule;
      const rule: AlertRule = {
        ...resolveRule(record.input),
        id: record.id,
        createdAt: new Date(record.createdAt).toISOString(),
        updatedAt: new Date(record.updatedAt).toISOString(),
      };
      resolved.set(record.id, { updatedAt: record.updatedAt, rule });
      return rule;
    });
  }

  /**
   * Records one notice through `scope` (the store, or a batch transaction) and
   * says what to announce once that is committed; `quiet` closes or updates
   * the alert without sending anything.
   */
  async function record(scope: AlertWorkScope, n: PendingNotice): Promise<Fired> {
    const open = await scope.openAlert(n.rule.id, n.subject);
    const draft = nextAlert(n.rule, n.subject, open, n.notice, n.event, n.content, n.now, n.by);
    const channels = n.quiet ? new Set<string>() : new Set((await scope.listChannels()).map((c) => c.id));
    const alert = await scope.recordNotice({
      ruleId: n.rule.id,
      subject: n.subject,
      state: n.state,
      alert: draft,
      notice: n.notice,
      // A rule may still name a deleted channel: skip it rather than queue what can never be sent.
      channelIds: [...new Set([...n.rule.channels, ...(n.alsoChannels ?? [])])].filter((id) =>
        channels.has(id),
      ),
      now: n.now,
    });
    return { alert, notice: n.notice };
  }

  /** Evaluates one finished job inside its batch's transaction; what it fired is added to `fired`. */
  async function onFinished(job: Job, scope: AlertWorkScope, ruleList: AlertRule[], fired: Fired[]) {
    const now = clock.now();
    const subject = seriesKey(job);
    const before = (await scope.getSeriesState(subject)) ?? (await seedSeries(scope, job, now));
    const result = evaluateJobState(before, job, now);
    if (result.stale) return;
    if (result.state && result.state !== before) await scope.putSeriesState(subject, result.state);
    if (result.events.length === 0) return;
    const target = jobMatchTarget(job);
    for (const rule of ruleList) {
      if (rule.kind !== "job_state" || !rule.enabled || !matcherFor(rule)(target)) continue;
      const state = (await scope.getAlertStates(rule.id)).get(subject);
      const decision = decideJobState(rule, state, result, now);
      const notice = { rule, subject, state: decision.state, now, by: { cause: causeOf(job) } };
      if (decision.notify) {
        const { event } = decision.notify;
        const content = jobContent(job, event, before, result.state, settings.publicUrl);
        fired.push(await record(scope, { ...notice, notice: decision.notify.notice, event, content }));
      } else if (state && !decision.state) {
        // Fixed, but the rule does not notify `fixed`: close the alert quietly, so the next break fires afresh.
        const content = jobContent(job, "fixed", before, result.state, settings.publicUrl);
        fired.push(
          await record(scope, { ...notice, notice: "resolved", event: "fixed", content, quiet: true }),
        );
      }
    }
  }

  /** Takes and evaluates one batch of queued finished jobs; resolves with how many it took. */
  async function evaluateBatch(): Promise<number> {
    const fired: Fired[] = [];
    let ruleList: Promise<AlertRule[]> | undefined;
    const { taken, failures } = await store.takeAlertWork(batchSize, async ({ job }, scope) => {
      ruleList ??= rules(scope);
      // Only a job whose evaluation commits (its savepoint kept) announces what it fired.
      const own: Fired[] = [];
      await onFinished(job, scope, await ruleList, own);
      fired.push(...own);
    });
    for (const failure of failures) onError(failure.error);
    for (const f of fired) events.emit("alert.fired", f);
    return taken;
  }

  // One drain at a time on the queue; a wake-up during it makes it look again before it ends.
  let draining = false;
  let woken = false;
  async function drain(): Promise<void> {
    try {
      // Lets a burst's finished jobs gather into one transaction (one commit) rather than one each.
      await new Promise((resolve) => setTimeout(resolve, coalesceMs));
      while (woken) {
        woken = false;
        while ((await evaluateBatch()) === batchSize);
      }
    } finally {
      draining = false;
    }
  }
  function wake(): void {
    woken = true;
    if (draining) return;
    draining = true;
    void enqueue(drain).catch(() => undefined);
  }

  async function runTick(): Promise<number> {
    const now = clock.now();
    const dataFor = tickInputs({
      store,
      now,
      runnerOfflineAfterMs: settings.runnerOfflineAfterMs,
      sources: options.sources ?? [],
      slos: options.slos,
    });
    let recorded = 0;
    for (const rule of await rules()) {
      if (rule.kind === "job_state" || !rule.enabled) continue;
      await yieldToEventLoop();
      try {
        const observations = evaluateThresholdRule(rule, await dataFor(rule), now);
        if (!observations) continue;
        const before = await store.getAlertStates(rule.id);
        const { states, notices } = throttleTick(before, observations, now, rule.cooldownMs);
        for (const n of notices) {
          const content = observationContent(n, settings.publicUrl);
          const by: NoticeCause =
            n.notice === "resolved"
              ? ((await waitResolution(store, await store.openAlert(rule.id, n.subject), now)) ?? {
                  cause: null,
                })
              : { cause: await causeById(store, content?.job?.id) };
          const fired = await record(store, {
            rule,
            subject: n.subject,
            state: states.get(n.subject),
            notice: n.notice,
            event: TICK_EVENTS[n.notice],
            content: by.resolution && content ? { ...content, summary: by.resolution } : content,
            now,
            by,
            alsoChannels: n.observation?.channels,
          });
          events.emit("alert.fired", fired);
          recorded += 1;
        }
      } catch (error) {
        // One broken rule (or query) must not silence the others.
        onError(error);
      }
    }
    return recorded;
  }

  const onJob = ({ job, previous }: { job: Job; previous: Job | null }) => {
    // Ingest queued this job's work in the transaction it just committed: go and take it.
    if (firstFinished(job, previous)) wake();
  };
  events.on("job.changed", onJob);
  // Work queued before a crash (or a stop) is waiting already.
  wake();

  async function closeAll(rule: AlertRule, reason: string): Promise<number> {
    const now = clock.now();
    const open = await store.openAlertsOfRule(rule.id);
    for (const alert of open) {
      // The alert keeps what it said; its resolution says why it closed.
      const { summary, where, facts, since, job, link } = alert;
      const fired = await record(store, {
        rule,
        subject: alert.subject,
        state: undefined,
        notice: "resolved",
        event: "resolved",
        content: { summary, where, facts, since, job, link },
        now,
        by: { cause: null, resolution: reason },
      });
      events.emit("alert.fired", fired);
    }
    return open.length;
  }

  const tick = () => enqueue(runTick);
  return {
    tick,
    closeRule: (rule, reason) => enqueue(() => closeAll(rule, reason)),
    async idle() {
      // Work queued while waiting joins the same chain: wait until it stops growing.
      for (let seen = queue; ; seen = queue) {
        await seen;
        if (seen === queue) return;
      }
    },
    start(everyMs = 30_000) {
      if (timer) return;
      timer = setInterval(() => {
        if (ticking || options.mayTick?.() === false) return;
        ticking = true;
        tick()
          .catch(() => undefined)
          .finally(() => {
            ticking = false;
          });
      }, everyMs);
      timer.unref();
    },
    async stop() {
      events.off("job.changed", onJob);
      if (timer) clearInterval(timer);
      timer = null;
      await queue;
    },
  };
}
