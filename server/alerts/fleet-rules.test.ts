import { describe, expect, it } from "vitest";
import type { AlertRuleKind } from "../../lib/alerts";
import type { Runner } from "../../lib/runner";
import { evaluatePoolsOffline, evaluateRunnersOffline, evaluateSourcesSilent } from "./fleet-rules";
import type { ThresholdRule } from "./observation";

const NOW = Date.parse("2026-01-01T12:00:00Z");
const MIN = 60_000;
const ago = (min: number) => new Date(NOW - min * MIN).toISOString();

const rule = (kind: AlertRuleKind, extra: Partial<ThresholdRule> = {}): ThresholdRule => ({
  kind,
  match: {},
  threshold: null,
  windowMs: null,
  scope: null,
  ...extra,
});

const runner = (name: string, status: Runner["status"], seenMin: number, labels = ["gpu"]): Runner => ({
  id: `github:${name}`,
  source: "github",
  name,
  group: null,
  labels,
  status,
  currentJobId: null,
  lastSeenAt: ago(seenMin),
  connected: null,
  kind: "self-hosted",
  kindSource: "activity",
  retired: false,
});

describe("evaluateRunnersOffline", () => {
  it.each<[string, Runner, number, boolean]>([
    ["offline, no grace", runner("a", "offline", 1), 0, true],
    ["offline within the grace", runner("a", "offline", 1), 5 * MIN, false],
    ["offline past the grace", runner("a", "offline", 10), 5 * MIN, true],
    ["idle", runner("a", "idle", 0), 0, false],
    ["busy", runner("a", "busy", 0), 0, false],
  ])("%s", (_name, r, threshold, holds) => {
    const [o] = evaluateRunnersOffline(rule("runner_offline", { threshold }), [r], NOW);
    expect(o?.holds).toBe(holds);
  });

  it("describes the runner and links the Runners page", () => {
    const [o] = evaluateRunnersOffline(
      rule("runner_offline", { match: { label: "GPU" } }),
      [runner("box-1", "offline", 12)],
      NOW,
    );
    expect(o).toMatchObject({
      subject: "github:box-1",
      since: ago(12),
      summary: "Runner box-1 (gpu) is offline; last seen 12m ago.",
      where: { source: "github", runner: "box-1", pool: "gpu" },
      path: "/runners?q=box-1&source=github",
    });
  });

  it("skips runners the match excludes", () => {
    const r = rule("runner_offline", { match: { label: "arm*" } });
    expect(evaluateRunnersOffline(r, [runner("a", "offline", 1)], NOW)).toEqual([]);
  });
});

describe("evaluatePoolsOffline", () => {
  const r = rule("runner_offline", { scope: "pool", threshold: 5 * MIN });

  it("holds only when every runner of the pool is offline, long enough", () => {
    const observations = evaluatePoolsOffline(
      r,
      [
        runner("a", "offline", 30),
        runner("b", "offline", 10),
        runner("c", "offline", 2, ["linux"]),
        runner("d", "idle", 0, ["arm"]),
        runner("e", "offline", 60, ["arm"]),
      ],
      NOW,
    );
    expect(observations.map((o) => [o.subject, o.holds, o.since])).toEqual([
      ['["github","gpu"]', true, ago(10)],
      ['["github","linux"]', false, ago(2)],
      ['["github","arm"]', false, null],
    ]);
    expect(observations[0]?.summary).toBe(
      "All 2 runners of pool gpu (github) are offline; the last was seen 10m ago.",
    );
  });
});

describe("evaluateSourcesSilent", () => {
  const r = rule("source_silent", { threshold: 60 * MIN, match: { source: "git*" } });

  it.each<[string, string | null, boolean | null]>([
    ["heard from recently", ago(5), false],
    ["silent past the threshold", ago(61), true],
    ["never heard from", null, null],
  ])("%s", (_name, lastAcceptedAt, holds) => {
    const [o] = evaluateSourcesSilent(r, [{ source: "github", lastAcceptedAt }], NOW);
    expect(o?.holds).toBe(holds);
  });

  it("skips unconfigured endpoints and unmatched sources", () => {
    const sources = [
      { source: "github" as const, lastAcceptedAt: ago(100), configured: false },
      { source: "jenkins" as const, lastAcceptedAt: ago(100) },
      { source: "gitlab" as const, lastAcceptedAt: ago(100), configured: true },
    ];
    const observations = evaluateSourcesSilent(r, sources, NOW);
    expect(observations.map((o) => o.subject)).toEqual(["gitlab"]);
    expect(observations[0]?.summary).toBe("No delivery accepted from gitlab for 1h 40m (threshold 1h).");
  });
});
