/**
 * Infrastructure or code: what a failed job's log lines say about who must
 * act. Pure; read over the kept excerpt (see `log-excerpt.ts`). Signals, in
 * order — the first that any line shows wins, and every infrastructure signal
 * outranks every code signal, because a machine that died mid-test leaves
 * failing tests behind it:
 *
 * | Signal          | Category         | Lines that show it                                                     |
 * |-----------------|------------------|------------------------------------------------------------------------|
 * | `runner_lost`   | infrastructure   | lost communication with the server, runner received a shutdown signal, runner/agent lost or disconnected, agent stopped responding |
 * | `out_of_memory` | infrastructure   | out of memory, OOMKilled, oom-kill, exit code/status 137, cannot allocate memory, JavaScript heap out of memory |
 * | `no_space`      | infrastructure   | no space left on device, ENOSPC, disk quota exceeded                   |
 * | `network`       | infrastructure   | could not resolve host, temporary failure in name resolution, getaddrinfo ENOTFOUND/EAI_AGAIN, connection reset by peer, ECONNRESET, ECONNREFUSED, ETIMEDOUT, TLS handshake timeout |
 * | `timeout`       | infrastructure   | exceeded the maximum execution time, execution took longer than, job timed out |
 * | `test`          | code             | N failed / failing tests, FAIL <file>, --- FAIL, AssertionError, assert…failed, Tests failed |
 * | `compile`       | code             | error TS1234, error[E0123], compilation failed, cannot find symbol, SyntaxError, undefined reference, build failed |
 * | `lint`          | code             | eslint, N problems (N errors…), prettier/code style issues, lint errors, rubocop/flake8/ruff/clippy offences |
 */
import type { FailureCategory, LogSignal } from "../../lib/job-log";

interface SignalRule {
  signal: LogSignal;
  category: FailureCategory;
  pattern: RegExp;
}

const RULES: readonly SignalRule[] = [
  {
    signal: "runner_lost",
    category: "infrastructure",
    pattern:
      /lost communication with the server|received a shutdown signal|\b(?:runner|agent) (?:has been |was |is )?(?:lost|disconnected)\b|agent (?:stopped responding|lost)/i,
  },
  {
    signal: "out_of_memory",
    category: "infrastructure",
    pattern:
      /out of memory|\boom-?kill(?:ed)?\b|\bexit (?:code|status) 137\b|cannot allocate memory|killed signal terminated program/i,
  },
  {
    signal: "no_space",
    category: "infrastructure",
    pattern: /no space left on device|\benospc\b|disk quota exceeded/i,
  },
  {
    signal: "network",
    category: "infrastructure",
    pattern:
      /could not resolve host|temporary failure in name resolution|getaddrinfo (?:enotfound|eai_again)|connection reset by peer|\beconnreset\b|\beconnrefused\b|\betimedout\b|tls handshake timeout/i,
  },
  {
    signal: "timeout",
    category: "infrastructure",
    pattern: /exceeded the maximum execution time|execution took longer than|\bjob (?:has )?timed out\b/i,
  },
  {
    signal: "test",
    category: "code",
    pattern:
      /\b\d+ (?:failed|failing)\b|\btests? failed\b|^\s*FAIL\s+\S|^--- FAIL\b|\bassertionerror\b|\bassert(?:ion)? (?:failed|error)\b|\bfailed tests?\b/im,
  },
  {
    signal: "compile",
    category: "code",
    pattern:
      /\berror TS\d+\b|\berror\[E\d+\]|\bcompilation failed\b|\bcannot find symbol\b|\bsyntaxerror\b|\bundefined reference to\b|\bbuild failed\b|\bcompile error\b/i,
  },
  {
    signal: "lint",
    category: "code",
    pattern:
      /\beslint\b|\b\d+ problems? \(\d+ errors?|\bcode style issues\b|\bprettier\b|\blint(?:ing)? (?:errors?|failed)\b|\b(?:rubocop|flake8|ruff|clippy)\b/i,
  },
];

/** What the lines say: the category and the signal that decided it; nulls when no rule matches. */
export interface LogClassification {
  category: FailureCategory | null;
  signal: LogSignal | null;
}

/** Classifies a failure from its log lines by the table in this module's header. */
export function classifyLogLines(lines: readonly string[]): LogClassification {
  for (const rule of RULES) {
    if (lines.some((line) => rule.pattern.test(line)))
      return { category: rule.category, signal: rule.signal };
  }
  return { category: null, signal: null };
}
