import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadSettings, parseSyslogTarget } from "./settings";

describe("RUNWATCH_AUDIT_* settings", () => {
  it("default to the generated key and a checkpoint file in the data folder, no webhook, no syslog", () => {
    expect(loadSettings({ RUNWATCH_DATA_DIR: "/srv/rw" }).audit).toEqual({
      key: undefined,
      checkpointFile: path.resolve("/srv/rw/audit-checkpoints.jsonl"),
      checkpointUrl: null,
      syslog: null,
    });
  });

  it("read the key, file, webhook and syslog target", () => {
    const audit = loadSettings({
      RUNWATCH_AUDIT_KEY: "k".repeat(32),
      RUNWATCH_AUDIT_CHECKPOINT_FILE: "/mnt/anchor/cp.jsonl",
      RUNWATCH_AUDIT_CHECKPOINT_URL: "https://anchor.example.com/runwatch",
      RUNWATCH_AUDIT_SYSLOG: "udp://[2001:db8::1]:514",
    }).audit;
    expect(audit).toEqual({
      key: "k".repeat(32),
      checkpointFile: "/mnt/anchor/cp.jsonl",
      checkpointUrl: "https://anchor.example.com/runwatch",
      syslog: { host: "2001:db8::1", port: 514 },
    });
  });

  it("refuse a short key, a non-http webhook and a syslog target that is not udp://host:port, naming each", () => {
    expect(() =>
      loadSettings({
        RUNWATCH_AUDIT_KEY: "short-key-123",
        RUNWATCH_AUDIT_CHECKPOINT_URL: "ftp://anchor.example.com",
        RUNWATCH_AUDIT_SYSLOG: "tcp://syslog:514",
      }),
    ).toThrow(
      /RUNWATCH_AUDIT_KEY: RUNWATCH_AUDIT_KEY must be at least 32 characters[\s\S]*RUNWATCH_AUDIT_CHECKPOINT_URL: RUNWATCH_AUDIT_CHECKPOINT_URL must be an http\(s\) URL[\s\S]*RUNWATCH_AUDIT_SYSLOG: RUNWATCH_AUDIT_SYSLOG must be udp:\/\/host:port/,
    );
  });

  it("refuse hex: followed by anything but the 64 hex digits of a key file", () => {
    expect(() => loadSettings({ RUNWATCH_AUDIT_KEY: `hex:${"ab".repeat(31)}zz00` })).toThrow(
      "RUNWATCH_AUDIT_KEY: RUNWATCH_AUDIT_KEY: after hex: come the 64 hex digits of an audit-key file",
    );
    expect(loadSettings({ RUNWATCH_AUDIT_KEY: `hex:${"ab".repeat(32)}` }).audit.key).toBe(
      `hex:${"ab".repeat(32)}`,
    );
  });

  it("parse syslog targets", () => {
    expect(parseSyslogTarget("udp://syslog.internal:514")).toEqual({ host: "syslog.internal", port: 514 });
    expect(parseSyslogTarget("udp://10.0.0.5:70000")).toBeNull();
    expect(parseSyslogTarget("udp://syslog.internal")).toBeNull();
  });
});
