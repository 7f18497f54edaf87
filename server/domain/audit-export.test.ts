import { describe, expect, it } from "vitest";
import type { AuditEntry } from "../../lib/auth";
import { auditContent, GENESIS_HASH, sealEntry, verifyChain } from "./audit-chain";
import { auditCsvRow, csvCell, exportAudit } from "./audit-export";

const entries: AuditEntry[] = [];
for (let i = 1; i <= 5; i++) {
  const input = {
    actor: i === 3 ? '=HYPERLINK("x")' : "cli",
    action: "key.created" as const,
    target: `k${i}`,
    details: { n: i, text: 'a,"b"\nc' },
  };
  entries.push(
    sealEntry(entries.at(-1)?.hash ?? GENESIS_HASH, auditContent(input, i, 1_767_225_600_000 + i)),
  );
}
const reader = async (after: number, limit: number) => entries.filter((e) => e.seq > after).slice(0, limit);

async function collect(format: "jsonl" | "csv", pageSize: number): Promise<string> {
  let text = "";
  for await (const chunk of exportAudit(reader, format, pageSize)) text += chunk;
  return text;
}

describe("audit export", () => {
  it("JSON Lines holds every entry, in order, and re-verifies on its own", async () => {
    const text = await collect("jsonl", 2);
    const lines = text.trimEnd().split("\n");
    expect(lines).toHaveLength(5);
    const parsed = lines.map((l) => JSON.parse(l) as AuditEntry);
    expect(parsed).toEqual(entries);
    expect(verifyChain(parsed)).toMatchObject({ ok: true, count: 5 });
  });

  it("CSV has a header, quotes per RFC 4180 and defuses formulas", async () => {
    const text = await collect("csv", 3);
    const rows = text.split("\r\n");
    expect(rows[0]).toBe("seq,at,actor,action,target,ip,details,prev_hash,hash");
    expect(rows).toHaveLength(7); // header, 5 rows, trailing empty
    expect(auditCsvRow(entries[2]!)).toContain(`"'=HYPERLINK(""x"")"`);
    expect(csvCell('a,"b"')).toBe('"a,""b"""');
    expect(csvCell("-1+1")).toBe("'-1+1");
    expect(csvCell(null)).toBe("");
    expect(csvCell(12)).toBe("12");
  });
});
