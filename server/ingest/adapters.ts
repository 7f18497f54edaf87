/**
 * Every webhook endpoint, one adapter per CI vendor. The server routes to
 * these and `runwatch replay` re-normalises stored deliveries with them.
 */
import type { JobSource } from "../../lib/job";
import { buildkiteSource } from "./buildkite";
import { genericSource } from "./generic";
import { githubSource } from "./github";
import { gitlabSource } from "./gitlab";
import { jenkinsSource } from "./jenkins";
import type { SourceAdapter } from "./source";

/** The adapters, in the order the Sources page lists them. */
export const ADAPTERS: readonly SourceAdapter[] = [
  githubSource,
  gitlabSource,
  buildkiteSource,
  jenkinsSource,
  genericSource,
];

/** The adapter of a source, or undefined for a source this build does not know. */
export const adapterFor = (source: JobSource | string): SourceAdapter | undefined =>
  ADAPTERS.find((adapter) => adapter.source === source);
