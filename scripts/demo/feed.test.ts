import { describe, expect, it } from "vitest";
import { GITHUB_CATALOG } from "./catalogs/github";
import { Feed, type DeliveryMeta } from "./feed";
import { Random } from "../../lib/random";
import { Sender, type Delivery } from "./sender";
import { SOURCES } from "./sources";
import { burstOf, EPOCH } from "./test-support";

const github = SOURCES.find((s) => s.key === "github")!;
const target = github.target("http://runwatch.test", "s3cret-value");
const events = burstOf(GITHUB_CATALOG, 11);

/** Feeds the whole burst with the given chaos; returns what reached the server, in order. */
async function feed(duplicate: number, late: number) {
  const seen: { id: string; body: string }[] = [];
  const sent: Delivery<DeliveryMeta>[] = [];
  const sender = new Sender<DeliveryMeta>({
    concurrency: 1,
    fetch: (async (_url: string | URL | Request, init?: RequestInit) => {
      const headers = init?.headers as Record<string, string>;
      seen.push({
        id: headers["X-GitHub-Delivery"] ?? "",
        body: Buffer.from(init?.body as Uint8Array).toString("utf8"),
      });
      return new Response(JSON.stringify({ accepted: true, duplicate: false }), { status: 202 });
    }) as typeof fetch,
    onResult: (delivery) => sent.push(delivery),
  });
  const chaos = new Feed(github, target, sender, new Random(1), { duplicate, late });
  chaos.push(events, EPOCH, (_at, message) => message);
  chaos.release();
  await sender.flush(10_000);
  return { seen, sent };
}

const stateOf = (body: string) => {
  const parsed = JSON.parse(body) as {
    workflow_job?: { id: number; status: string };
    workflow_run?: { id: number };
  };
  return parsed.workflow_job
    ? `job ${parsed.workflow_job.id} ${parsed.workflow_job.status}`
    : `run ${parsed.workflow_run?.id}`;
};

describe("Feed", () => {
  it("sends every event once, in each job's order, when well behaved", async () => {
    const { seen } = await feed(0, 0);
    const expected = events.flatMap((e) => github.outgoing(e, EPOCH)).length;
    expect(seen).toHaveLength(expected);
    expect(new Set(seen.map((s) => s.id)).size).toBe(expected);
  });

  it("redelivers: the same delivery id and the same bytes, twice", async () => {
    const { seen, sent } = await feed(1, 0);
    const byId = new Map<string, string[]>();
    for (const s of seen) byId.set(s.id, [...(byId.get(s.id) ?? []), s.body]);
    for (const bodies of byId.values()) {
      expect(bodies).toHaveLength(2);
      expect(bodies[1]).toBe(bodies[0]);
    }
    expect(sent.filter((d) => d.meta.chaos === "redelivery")).toHaveLength(byId.size);
  });

  it("sends a held-back state after the job's next one: out of order, never lost", async () => {
    const { seen, sent } = await feed(0, 1);
    const lateOnes = sent.filter((d) => d.meta.chaos === "late");
    expect(lateOnes.length).toBeGreaterThan(0);
    const order = seen.map((s) => stateOf(s.body));
    for (const delivery of lateOnes.filter((d) => d.meta.event.type === "job")) {
      const event = delivery.meta.event;
      if (event.type !== "job") continue;
      const mine = order.filter((o) => o.startsWith(`job ${event.job.id} `));
      // The queued state arrives after a later one.
      expect(mine.indexOf(`job ${event.job.id} queued`)).toBeGreaterThan(0);
    }
    const expected = events.flatMap((e) => github.outgoing(e, EPOCH)).length;
    expect(seen).toHaveLength(expected);
  });
});
