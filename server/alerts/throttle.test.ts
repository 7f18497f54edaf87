import { describe, expect, it } from "vitest";
import type { AlertNotice } from "../../lib/alerts";
import { manualClock } from "../domain/clock";
import { observe, throttleTick, type SubjectState, type TickObservation } from "./throttle";

const T0 = Date.parse("2026-01-01T00:00:00Z");
const MIN = 60_000;

describe("observe", () => {
  /** Observations `[minutes after the previous, holds]` with a 10-minute cool-down; the notices they produce. */
  function sequence(steps: [number, boolean | null][], cooldownMs = 10 * MIN): (AlertNotice | null)[] {
    const clock = manualClock(T0);
    let state: SubjectState | undefined;
    return steps.map(([advance, holds]) => {
      clock.advance(advance * MIN);
      const step = observe(state, holds, clock.now(), cooldownMs);
      state = step.state;
      return step.notice;
    });
  }

  it.each<[string, [number, boolean | null][], (AlertNotice | null)[]]>([
    [
      "quiet while it never holds",
      [
        [0, false],
        [1, false],
      ],
      [null, null],
    ],
    [
      "fires once, then stays quiet inside the cool-down",
      [
        [0, true],
        [1, true],
        [8, true],
      ],
      ["firing", null, null],
    ],
    [
      "reminds once the cool-down has passed",
      [
        [0, true],
        [5, true],
        [5, true],
        [1, true],
      ],
      ["firing", null, "reminder", null],
    ],
    [
      "the cool-down runs from the reminder",
      [
        [0, true],
        [10, true],
        [9, true],
        [1, true],
      ],
      ["firing", "reminder", null, "reminder"],
    ],
    [
      "resolves exactly once",
      [
        [0, true],
        [1, false],
        [1, false],
      ],
      ["firing", "resolved", null],
    ],
    [
      "fires afresh after a resolution, cool-down or not",
      [
        [0, true],
        [1, false],
        [1, true],
      ],
      ["firing", "resolved", "firing"],
    ],
    [
      "unknown changes nothing",
      [
        [0, true],
        [1, null],
        [20, null],
        [1, false],
      ],
      ["firing", null, null, "resolved"],
    ],
    [
      "unknown does not fire either",
      [
        [0, null],
        [1, true],
      ],
      [null, "firing"],
    ],
  ])("%s", (_name, steps, expected) => {
    expect(sequence(steps)).toEqual(expected);
  });

  it("with a cool-down of 0, every observation that holds notifies", () => {
    expect(
      sequence(
        [
          [0, true],
          [0, true],
          [1, true],
        ],
        0,
      ),
    ).toEqual(["firing", "reminder", "reminder"]);
  });

  it("keeps when the condition began and counts reminders", () => {
    const first = observe(undefined, true, T0 + 5 * MIN, 0, T0);
    expect(first.state).toEqual({ since: T0, lastNotifiedAt: T0 + 5 * MIN, reminders: 0 });
    expect(observe(first.state, true, T0 + 6 * MIN, 0).state).toMatchObject({ since: T0, reminders: 1 });
    // A "since" in the future (clock skew) is clamped to now.
    expect(observe(undefined, true, T0, 0, T0 + MIN).state?.since).toBe(T0);
  });
});

describe("throttleTick", () => {
  type Obs = TickObservation & { summary: string };
  const obs = (subject: string, holds: boolean | null, since?: string): Obs => ({
    subject,
    holds,
    since,
    summary: `${subject} ${holds}`,
  });

  it("fires, reminds, resolves, and resolves subjects that disappeared", () => {
    const clock = manualClock(T0);
    const cooldown = 30 * MIN;
    let states = new Map<string, SubjectState>();
    const tick = (observations: Obs[]) => {
      const result = throttleTick(states, observations, clock.now(), cooldown);
      states = result.states;
      clock.advance(10 * MIN);
      return result.notices.map((n) => `${n.subject}:${n.notice}${n.observation ? "" : " (gone)"}`);
    };
    expect(tick([obs("a", true), obs("b", false), obs("c", true, "2025-12-31T23:00:00Z")])).toEqual([
      "a:firing",
      "c:firing",
    ]);
    expect(states.get("c")?.since).toBe(T0 - 60 * MIN);
    expect(tick([obs("a", true), obs("c", true)])).toEqual([]);
    expect(tick([obs("a", true), obs("c", null)])).toEqual([]);
    expect(tick([obs("a", true), obs("c", true)])).toEqual(["a:reminder", "c:reminder"]);
    expect(tick([obs("a", false)])).toEqual(["a:resolved", "c:resolved (gone)"]);
    expect(states.size).toBe(0);
    expect(tick([obs("a", false)])).toEqual([]);
  });

  it("does not modify the input map and reads a subject once per tick", () => {
    const states = new Map<string, SubjectState>([["a", { since: T0, lastNotifiedAt: T0, reminders: 0 }]]);
    const result = throttleTick(states, [obs("a", false), obs("a", true)], T0 + MIN, 0);
    expect(result.notices.map((n) => n.notice)).toEqual(["resolved"]);
    expect(states.size).toBe(1);
    expect(result.states.size).toBe(0);
  });

  it("carries the observation and the start of the condition on each notice", () => {
    const result = throttleTick(new Map(), [obs("a", true, "2025-12-31T23:59:00Z")], T0, 0);
    expect(result.notices[0]).toMatchObject({ since: T0 - MIN, observation: { summary: "a true" } });
  });
});
