/**
 * The one fetch helper every API call goes through. It speaks the error
 * contract (`{ error: { code, message } }` → {@link ApiRequestError}), marks
 * every state-changing request with the CSRF header the server demands of
 * cookie-authenticated browsers, and sends the person to the sign-in page when
 * the API says the session is missing or expired.
 */
import type { ApiError } from "@/lib/api";
import { SIGN_IN_PATH, signInHref } from "@/components/auth/sign-in-path";
import { inProcessFetch, onServer } from "./in-process-fetch";

/** Header every non-GET request carries; a cross-site form cannot set it, so the server trusts it. */
export const CSRF_HEADER = "x-runwatch-csrf";

/** A failed API call, carrying the HTTP status and the server's error code. */
export class ApiRequestError extends Error {
  /** HTTP status, `0` when the request never got an answer. */
  readonly status: number;
  readonly code: string;
  /** Seconds from `Retry-After` on a 429, when the server sent one. */
  readonly retryAfterSeconds: number | undefined;
  /** The request field the server named as the problem (a 400's `error.field`), when it did. */
  readonly field: string | undefined;

  constructor(status: number, code: string, message: string, retryAfterSeconds?: number, field?: string) {
    super(message);
    this.name = "ApiRequestError";
    this.status = status;
    this.code = code;
    this.retryAfterSeconds = retryAfterSeconds;
    this.field = field;
  }
}

/** Options of {@link apiFetch}. */
export interface ApiFetchOptions {
  method?: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  /** Sent as JSON. */
  body?: unknown;
  signal?: AbortSignal;
  /**
   * Leave a 401 to the caller instead of going to the sign-in page. Only the
   * sign-in form wants this: there a 401 means "wrong key", not "signed out".
   */
  allowUnauthenticated?: boolean;
}

const isApiError = (body: unknown): body is ApiError =>
  typeof body === "object" &&
  body !== null &&
  "error" in body &&
  typeof (body as ApiError).error?.message === "string";

const retryAfter = (response: Response): number | undefined => {
  const seconds = Number(response.headers.get("retry-after"));
  return Number.isFinite(seconds) && seconds > 0 ? Math.ceil(seconds) : undefined;
};

let redirecting = false;

/**
 * Replaces the current page with the sign-in page, which comes back here
 * afterwards. A full navigation on purpose: it drops the previous principal's
 * cached data and live connection. Does nothing on the sign-in page itself.
 */
export function redirectToSignIn(): void {
  if (typeof window === "undefined" || redirecting) return;
  const { pathname, search } = window.location;
  if (pathname === SIGN_IN_PATH) return;
  redirecting = true;
  window.location.replace(signInHref(`${pathname}${search}`));
}

/**
 * Calls the same-origin API and returns its JSON body (`undefined` for 204).
 * Rejects with an {@link ApiRequestError}; on a 401 it also starts
 * {@link redirectToSignIn} unless `allowUnauthenticated` is set.
 */
export async function apiFetch<T>(path: string, options: ApiFetchOptions = {}): Promise<T> {
  const { method = "GET", body, signal, allowUnauthenticated = false } = options;
  const headers: Record<string, string> = { accept: "application/json" };
  if (method !== "GET") headers[CSRF_HEADER] = "1";
  if (body !== undefined) headers["content-type"] = "application/json";

  let response: Response;
  try {
    response = onServer()
      ? await inProcessFetch(path, method)
      : await fetch(path, {
          method,
          signal,
          credentials: "same-origin",
          cache: "no-store",
          headers,
          body: body === undefined ? undefined : JSON.stringify(body),
        });
  } catch (cause) {
    if (signal?.aborted) throw cause;
    throw new ApiRequestError(0, "network_error", "Could not reach the Runwatch server.");
  }

  if (response.status === 204) return undefined as T;
  const payload: unknown = await response.json().catch(() => null);
  if (response.ok) return payload as T;

  if (response.status === 401 && !allowUnauthenticated) redirectToSignIn();
  const wait = response.status === 429 ? retryAfter(response) : undefined;
  if (isApiError(payload)) {
    throw new ApiRequestError(
      response.status,
      payload.error.code,
      payload.error.message,
      wait,
      payload.error.field,
    );
  }
  throw new ApiRequestError(response.status, "http_error", `The server answered ${response.status}.`, wait);
}

/** True for a client error that retrying will not fix (4xx other than 408 and 429). */
export function isFinalError(error: unknown): boolean {
  return (
    error instanceof ApiRequestError &&
    error.status >= 400 &&
    error.status < 500 &&
    error.status !== 408 &&
    error.status !== 429
  );
}
