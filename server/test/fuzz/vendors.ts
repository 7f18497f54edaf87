/**
 * The four vendor endpoints the fuzz drives besides GitHub: their seed bodies (the real
 * fixtures only), how to give a seed fresh ids (and which jobs, runs and runners a
 * pristine delivery of it then stores), and the plausible edits a real sender could make.
 */
import { GENERIC_EXAMPLE, GENERIC_LIMITS } from "../../../lib/generic";
import { JOB_STATUSES } from "../../../lib/job";
import { webhookBody } from "../../ingest/buildkite.test-fixtures";
import { fixtureJson, fixtureNames } from "../helpers";
import { get, items, type Node, num, numberOf, put, str, text, toNode } from "./json-tree";
import type { Random } from "../../../lib/random";
import {
  EDGE_TIMES,
  isoAround,
  none,
  pickInto,
  PROTO_NAMES,
  someOf,
  type Seed,
  type Vendor,
} from "./vendor-kit";
import { BUILDKITE_AUTH, GENERIC_AUTH, GITLAB_AUTH, JENKINS_AUTH } from "./vendor-signatures";

// ── GitLab ───────────────────────────────────────────────────────────────────

const GITLAB_STATUSES = [
  ...["created", "waiting_for_resource", "preparing", "waiting_for_callback", "pending", "running"],
  ...["success", "failed", "canceling", "canceled", "skipped", "manual", "scheduled", "weird"],
  ...PROTO_NAMES,
];
const GITLAB_REASONS = [
  ...["unknown_failure", "script_failure", "api_failure", "stuck_or_timeout_failure"],
  ...["runner_system_failure", "job_execution_timeout", "no_matching_runner", "ci_quota_exceeded"],
  ...[null, "", "something_new", ...PROTO_NAMES],
];
const gitlabTime = (rng: Random) => {
  const iso = isoAround(rng);
  const forms = [iso, iso.replace("T", " ").replace(/\.\d+Z$/, " UTC"), iso.replace("Z", "+02:00"), null];
  return rng.pick([...forms, ...forms, ...EDGE_TIMES]);
};

const gitlab: Vendor = {
  source: "gitlab",
  seeds: fixtureNames("gitlab", "").map((name) => {
    const json = fixtureJson(`gitlab/${name}`);
    return { name, json, event: json.object_kind === "pipeline" ? "Pipeline Hook" : "Job Hook" };
  }),
  auth: GITLAB_AUTH,
  eventHeader: "x-gitlab-event",
  deliveryHeader: "idempotency-key",
  userAgent: "GitLab/18.0.0",
  required: (seed) => (seed.event === "Pipeline Hook" ? "object_attributes.id" : "build_id"),
  freshen(rng, root, seed, fresh) {
    const id = (node: Node | undefined, key: string) => {
      if (fresh) put(node, key, num(String(rng.int(1, 2 ** 40))));
      return numberOf(get(node, key));
    };
    if (seed.event === "Pipeline Hook") {
      const run = id(get(root, "object_attributes"), "id");
      const jobs = items(get(root, "builds")).map((build) => `gitlab:${id(build, "id")}`);
      return { jobs, runs: [`gitlab:${run}`], runners: [] };
    }
    return {
      jobs: [`gitlab:${id(root, "build_id")}`],
      runs: [`gitlab:${id(root, "pipeline_id")}`],
      runners: [],
    };
  },
  plausible(rng, root) {
    const pipeline = get(root, "object_attributes");
    if (pipeline) {
      const builds = items(get(root, "builds"));
      return someOf(rng, "pipeline", {
        status: () => pickInto(rng, pipeline, "status", GITLAB_STATUSES),
        finished_at: () => pickInto(rng, pipeline, "finished_at", [gitlabTime(rng)]),
        build: () => (builds.length > 0 ? pickInto(rng, rng.pick(builds), "status", GITLAB_STATUSES) : "-"),
        reason: () =>
          builds.length > 0 ? pickInto(rng, rng.pick(builds), "failure_reason", GITLAB_REASONS) : "-",
        started: () => (builds.length > 0 ? pickInto(rng, rng.pick(builds), "started_at", [null]) : "-"),
        duration: () =>
          builds.length > 0 ? pickInto(rng, rng.pick(builds), "duration", [null, 7.5, 1e13, 1e21]) : "-",
      });
    }
    return someOf(rng, "job", {
      status: () => pickInto(rng, root, "build_status", GITLAB_STATUSES),
      reason: () => pickInto(rng, root, "build_failure_reason", GITLAB_REASONS),
      started: () => pickInto(rng, root, "build_started_at", [gitlabTime(rng)]),
      finished: () => pickInto(rng, root, "build_finished_at", [gitlabTime(rng)]),
      duration: () =>
        pickInto(rng, root, "build_duration", [null, 0, 12.5, -3, rng.int(0, 90_000), 1e13, 1e21]),
      queued: () => pickInto(rng, root, "build_queued_duration", [null, 0.5, rng.int(0, 9_000), 1e21]),
      retries: () => pickInto(rng, root, "retries_count", [0, 1, rng.int(2, 50), null]),
      runner: () => pickInto(rng, root, "runner", [null]),
    });
  },
};

// ── Buildkite ────────────────────────────────────────────────────────────────

const BK_JOB_STATES = [
  ...["pending", "waiting", "waiting_failed", "blocked", "blocked_failed", "unblocked", "scheduled"],
  ...["assigned", "accepted", "running", "passed", "failed", "timed_out", "timing_out", "canceled"],
  ...["canceling", "skipped", "broken", "expired", "limited", "limiting", "finished", "weird"],
  ...PROTO_NAMES,
];
const BK_BUILD_STATES = [
  ...["scheduled", "running", "passed", "failed", "blocked", "canceled", "canceling", "skipped"],
  ...["not_run", "waiting", "waiting_failed", "failing", "weird", ...PROTO_NAMES],
];
const bkTime = (rng: Random) => {
  const iso = isoAround(rng);
  return rng.pick([iso, iso.replace("T", " ").replace(/\.\d+Z$/, " UTC"), null]);
};

const buildkite: Vendor = {
  source: "buildkite",
  seeds: [
    ...["ping.json", "ping.signed-body.json"].map((name) => ({
      name,
      json: fixtureJson(`buildkite/${name}`),
      event: "ping",
    })),
    ...fixtureNames("buildkite/eventbridge", "").map((name) => {
      const json = webhookBody(name);
      return { name: `eventbridge/${name}`, json, event: json.event as string };
    }),
  ],
  auth: BUILDKITE_AUTH,
  eventHeader: "x-buildkite-event",
  deliveryHeader: null,
  userAgent: "Buildkite-Request",
  required: (seed) =>
    seed.event === "ping" || seed.name.includes("job.activated")
      ? null
      : seed.event?.startsWith("agent.")
        ? "agent.name"
        : seed.event?.startsWith("job.")
          ? "job.id"
          : "build.id",
  freshen(rng, root, seed, fresh) {
    const id = (node: Node | undefined) => {
      if (fresh) put(node, "id", str(rng.uuid()));
      return text(get(node, "id"));
    };
    const expected = none();
    const agent = get(root, "agent");
    if (seed.event?.startsWith("agent.")) {
      id(agent);
      if (fresh) put(agent, "name", str(`fuzz-agent-${rng.text(12, "0123456789abcdef")}`));
      expected.runners.push(`buildkite:${text(get(agent, "name"))}`);
      return expected;
    }
    const job = get(root, "job");
    const build = get(root, "build");
    if (build) expected.runs.push(`buildkite:${id(build)}`);
    if (job) {
      const jobId = id(job);
      const type = get(job, "type");
      const command = !type || type.kind !== "scalar" || type.type === "null" || text(type) === "script";
      if (command) expected.jobs.push(`buildkite:${jobId}`);
      // A non-command job (block, wait, trigger) reports nothing: its build is not stored either.
      else expected.runs = [];
    }
    return expected;
  },
  plausible(rng, root) {
    const job = get(root, "job");
    const build = get(root, "build");
    const agent = get(root, "agent");
    if (job)
      return someOf(rng, "job", {
        state: () => pickInto(rng, job, "state", BK_JOB_STATES),
        exit: () => pickInto(rng, job, "exit_status", [0, 1, -1, 137, null]),
        passed: () => pickInto(rng, job, "passed", [true, false, null]),
        soft: () => pickInto(rng, job, "soft_failed", [true, false]),
        signal: () =>
          pickInto(rng, job, "signal_reason", [
            "agent_refused",
            "agent_stop",
            "cancel",
            "x",
            null,
            ...PROTO_NAMES,
          ]),
        broken: () =>
          pickInto(rng, job, "broken_reason", ["conditional_failed", "branch_mismatch", "free text", null]),
        started: () => pickInto(rng, job, "started_at", [bkTime(rng)]),
        finished: () => pickInto(rng, job, "finished_at", [bkTime(rng)]),
        retries: () => pickInto(rng, job, "retries_count", [0, 1, rng.int(2, 20), null]),
      });
    if (build)
      return someOf(rng, "build", {
        state: () => pickInto(rng, build, "state", BK_BUILD_STATES),
        blocked: () => pickInto(rng, build, "blocked", [true, false, null]),
        started: () => pickInto(rng, build, "started_at", [bkTime(rng)]),
        finished: () => pickInto(rng, build, "finished_at", [bkTime(rng)]),
      });
    if (agent)
      return someOf(rng, "agent", {
        state: () =>
          pickInto(rng, agent, "connection_state", ["connected", "disconnected", "lost", "stopped"]),
        meta: () =>
          pickInto(rng, agent, "meta_data", [["queue=default"], [], null, ["queue="], ["os=linux"]]),
        connected: () => pickInto(rng, agent, "connected_at", [bkTime(rng)]),
      });
    return "plausible(none)";
  },
};

// ── Jenkins ──────────────────────────────────────────────────────────────────

const JENKINS_PHASES = ["QUEUED", "STARTED", "COMPLETED", "FINALIZED"];
const JENKINS_FIXTURE = fixtureJson("jenkins/notification-plugin.completed.json");

const jenkins: Vendor = {
  source: "jenkins",
  // The plugin's documented message, once per phase it reports. The plugin also sends
  // `timestamp` and `duration` (ms; fixtures/README.md §4, BuildState), which the short
  // doc example leaves out; they are filled in, as the documented generic example's elisions are.
  seeds: JENKINS_PHASES.map((phase, i) => {
    const json = structuredClone(JENKINS_FIXTURE) as { build: Record<string, unknown> };
    Object.assign(json.build, {
      phase,
      timestamp: 1_700_000_000_000 + i * 60_000,
      duration: i < 2 ? 0 : 95_000,
    });
    return { name: `notification-plugin.${phase}`, json, event: null };
  }),
  auth: JENKINS_AUTH,
  eventHeader: null,
  deliveryHeader: null,
  userAgent: "Jenkins",
  required: () => "build.number",
  freshen(rng, root, _seed, fresh) {
    const build = get(root, "build");
    if (fresh) put(build, "number", num(String(rng.int(1, 2 ** 31))));
    const id = `jenkins:asgard:${numberOf(get(build, "number"))}`;
    return { jobs: [id], runs: [id], runners: [] };
  },
  plausible(rng, root) {
    const build = get(root, "build");
    return someOf(rng, "build", {
      phase: () => pickInto(rng, build, "phase", [...JENKINS_PHASES, "completed", "DELETED", ...PROTO_NAMES]),
      status: () =>
        pickInto(rng, build, "status", [
          ...["SUCCESS", "UNSTABLE", "FAILURE", "NOT_BUILT", "ABORTED", "success", null, "CUSTOM"],
          ...PROTO_NAMES,
        ]),
      timestamp: () =>
        pickInto(rng, build, "timestamp", [
          ...[0, null, rng.int(1_500_000_000_000, 1_900_000_000_000)],
          ...[253_402_300_800_000, 8_640_000_000_000_001],
        ]),
      duration: () => pickInto(rng, build, "duration", [0, null, rng.int(1, 10_000_000), 2e15]),
      // The job's path in folders and multibranch projects (the plugin's `url`, percent-encoded as Jenkins does).
      url: () =>
        pickInto(rng, root, "url", [
          "job/asgard/",
          "job/netflix/job/asgard/",
          "job/acme-platform/job/payments-service/job/feature%2FPAY-1234-add-3ds-support-for-european-cards/",
          "job/asgard/job/",
          "view/all/job/asgard/",
          null,
        ]),
      branch: () =>
        pickInto(rng, get(build, "scm"), "branch", ["origin/main", "refs/heads/dev", "main", null, ""]),
    });
  },
};

// ── Generic: the documented example (lib/generic.ts) ───────────────────────

/** A fresh, unique id of 36 to 200 characters (the schema's limit), URL-special characters included. */
const genericId = (rng: Random) => {
  const id = `${rng.uuid()}${rng.text(GENERIC_LIMITS.id, "abcXYZ0129-_.:/%?#+ é")}`;
  return id.slice(0, rng.chance(0.6) ? 36 : rng.int(36, GENERIC_LIMITS.id));
};

const generic: Vendor = {
  source: "generic",
  seeds: [{ name: "documented example", json: structuredClone(GENERIC_EXAMPLE), event: null }],
  auth: GENERIC_AUTH,
  eventHeader: null,
  deliveryHeader: "x-runwatch-delivery",
  userAgent: "curl/8.5.0",
  required: () => "job.status",
  freshen(rng, root, _seed, fresh) {
    const job = get(root, "job");
    if (fresh) {
      put(job, "id", str(genericId(rng)));
      put(job, "runId", str(genericId(rng)));
    }
    return {
      jobs: [`generic:${text(get(job, "id"))}`],
      runs: [`generic:${text(get(job, "runId"))}`],
      runners: [],
    };
  },
  plausible(rng, root) {
    const job = get(root, "job");
    const time = () =>
      rng.pick([
        isoAround(rng),
        isoAround(rng).replace("Z", "-05:30"),
        null,
        "2024-05-01T10:00:00",
        ...EDGE_TIMES,
      ]);
    return someOf(rng, "job", {
      status: () => pickInto(rng, job, "status", [...JOB_STATUSES, "completed", ...PROTO_NAMES]),
      queuedAt: () => pickInto(rng, job, "queuedAt", [time()]),
      startedAt: () => pickInto(rng, job, "startedAt", [time()]),
      finishedAt: () => pickInto(rng, job, "finishedAt", [time()]),
      attempt: () => pickInto(rng, job, "attempt", [1, 2, rng.int(3, 10_000), 0, 10_001]),
      failure: () =>
        pickInto(rng, job, "failure", [
          null,
          { cause: "infrastructure", reason: "runner lost" },
          { step: "test" },
          { cause: "Not-A-Code" },
        ]),
      steps: () =>
        pickInto(rng, job, "steps", [
          [],
          [{ name: "build", status: rng.pick(JOB_STATUSES), startedAt: time(), finishedAt: time() }],
        ]),
      labels: () => pickInto(rng, get(job, "runner"), "labels", [[], ["x64"], ["gpu", "gpu"], [""]]),
    });
  },
};

export const VENDORS: readonly Vendor[] = [gitlab, buildkite, jenkins, generic];

/** A seed's body as compact JSON, ready to mutate. */
export const seedTree = (seed: Seed) => toNode(seed.json);

export type { Expected, Seed, Vendor, VendorSource } from "./vendor-kit";
