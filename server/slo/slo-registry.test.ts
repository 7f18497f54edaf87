import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadSloFile } from "./slo-registry";

const write = (content: string) => {
  const file = path.join(mkdtempSync(path.join(tmpdir(), "runwatch-slo-file-")), "slos.json");
  writeFileSync(file, content);
  return file;
};

describe("loadSloFile", () => {
  it("reads valid entries as read-only SLOs", () => {
    const file = write(
      JSON.stringify({
        slos: [
          {
            id: "k8s-queue",
            name: "k8s queue",
            objective: { kind: "queue_time_p95", pool: "k8s", maxSeconds: 120 },
            target: 95,
          },
        ],
      }),
    );
    expect(loadSloFile(file, Date.parse("2026-01-01T00:00:00Z"))).toEqual([
      {
        id: "k8s-queue",
        name: "k8s queue",
        objective: { kind: "queue_time_p95", pool: "k8s", maxSeconds: 120 },
        target: 95,
        origin: "file",
        createdAt: "2026-01-01T00:00:00.000Z",
        updatedAt: "2026-01-01T00:00:00.000Z",
      },
    ]);
  });

  it("names the file, the entry and the field at fault", () => {
    const file = write(
      JSON.stringify({
        slos: [
          { id: "ok", name: "fine", objective: { kind: "success_rate" }, target: 90 },
          { id: "green", name: "green", objective: { kind: "time_to_green", maxMinutes: -5 }, target: 99 },
        ],
      }),
    );
    expect(() => loadSloFile(file, 0)).toThrow(
      `RUNWATCH_SLO_FILE ${file}: entry 1 (id "green"), field objective.maxMinutes: must be more than 0 minutes`,
    );
    const typo = write(
      JSON.stringify({
        slos: [{ id: "t", name: "t", objective: { kind: "success_rate" }, target: 99, traget: 1 }],
      }),
    );
    expect(() => loadSloFile(typo, 0)).toThrow(`entry 0 (id "t"), field traget: is not a known field`);
    const twice = write(
      JSON.stringify({
        slos: [0, 1].map(() => ({ id: "a", name: "a", objective: { kind: "success_rate" }, target: 99 })),
      }),
    );
    expect(() => loadSloFile(twice, 0)).toThrow(`entry 1 (id "a"), field id: repeats an id`);
    expect(() => loadSloFile(write("{ nope"), 0)).toThrow(/is not valid JSON/);
  });
});
