"use client";

import { useSyncExternalStore } from "react";

const noSubscription = () => () => {};
const browserOrigin = () => window.location.origin;
const serverOrigin = () => "";

/**
 * The page's origin (`https://runwatch.example.com`), as CI systems must call
 * it; an empty string while rendering on the server.
 */
export function useOrigin(): string {
  return useSyncExternalStore(noSubscription, browserOrigin, serverOrigin);
}

/**
 * The Jenkins endpoint with HTTP Basic credentials in it (the Notification
 * plugin cannot sign): `https://runwatch:<RUNWATCH_JENKINS_TOKEN>@host/path`.
 */
export function basicAuthUrl(origin: string, path: string, variable: string): string {
  if (!origin) return path;
  const url = new URL(origin);
  return `${url.protocol}//runwatch:<${variable}>@${url.host}${path}`;
}
