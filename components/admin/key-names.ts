"use client";

import { useQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import type { ApiKey } from "@/lib/auth";
import { SYSTEM_ACTORS } from "@/lib/auth";
import { apiKeysQuery } from "@/components/api/auth-queries";

/** How to show an actor or creator: a key's name when known, else what the id means. */
export interface ActorDisplay {
  label: string;
  /** Full explanation for the tooltip. */
  title: string;
  /** True when `label` is a raw id (shown in monospace). */
  isId: boolean;
}

const SYSTEM_LABELS: Record<string, string> = {
  [SYSTEM_ACTORS.cli]: "CLI",
  [SYSTEM_ACTORS.system]: "System",
  [SYSTEM_ACTORS.anonymous]: "Anonymous",
};

const SYSTEM_TITLES: Record<string, string> = {
  [SYSTEM_ACTORS.cli]: "The runwatch command line, run on the server",
  [SYSTEM_ACTORS.system]: "Runwatch itself (first start, schedules)",
  [SYSTEM_ACTORS.anonymous]: "A caller without a valid credential",
};

/** Names an actor (`cli`, `system`, `anonymous` or an API key id) using the known keys. */
export function describeActor(actor: string, keys: ReadonlyMap<string, ApiKey>): ActorDisplay {
  const system = SYSTEM_LABELS[actor];
  if (system) return { label: system, title: SYSTEM_TITLES[actor] ?? system, isId: false };
  const key = keys.get(actor);
  if (key) return { label: key.name, title: `API key ${key.id} (${key.prefix}…)`, isId: false };
  return { label: actor, title: `API key ${actor}`, isId: true };
}

/** The admin's view of every key, by id (empty until loaded, or for non-admins). */
export function useKeysById(): ReadonlyMap<string, ApiKey> {
  const { data } = useQuery(apiKeysQuery());
  return useMemo(() => new Map((data ?? []).map((key) => [key.id, key])), [data]);
}
