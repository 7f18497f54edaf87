/**
 * `/api/v1/channels`: where alerts are sent, provisioned as code (admin).
 *
 * A channel's credentials (the webhook `secret`, and the URL itself, which
 * for Slack, Teams and Discord carries the token) are write-only: answers
 * show `channelView` (no secret, URL redacted), audit entries carry the id,
 * name and kind only, and errors never echo the input.
 *
 * A channel's URL must be one the outbound policy lets Runwatch reach: a
 * literal or resolved loopback, private, link-local or metadata address is
 * refused when the channel is created or changed (400 naming `config.url`),
 * as it is again when anything is sent (`server/alerts/send-http.ts`).
 */
import type { FastifyInstance, FastifyRequest } from "fastify";
import { channelInputSchema, channelPatchSchema, type Channel, type ChannelInput } from "../../lib/alerts";
import { channelView, mergeChannelPatch, redactUrl } from "../alerts/config";
import type { AuditRecorder } from "../auth/audit";
import type { Clock } from "../domain/clock";
import type { OutboundAllow } from "../outbound/address-policy";
import { refusedUrl } from "../outbound/destination";
import type { AlertConfigStore, ConfigRecord } from "../store/store";
import { isoTimes, notFound, parseAlertBody } from "./alert-input";
import { HttpError } from "./errors";

/**
 * `POST /channels/:id/test` answer. A receiver that refuses or cannot be
 * reached is not a server error: `ok: false` with its HTTP `status` (when it
 * answered) and a short `error`, under a 200.
 */
export interface ChannelTestResult {
  ok: boolean;
  status?: number;
  /** A fixed text: "HTTP 500 from receiver", "connection refused", "address not allowed by the outbound policy"… */
  error?: string;
  /** The start of the receiver's answer, sanitised (at most 200 characters). */
  detail?: string;
}

/** Sends one test notification through a stored channel (the dispatcher's `sendTestNotification`). */
export type ChannelTester = (channel: ConfigRecord<ChannelInput>) => Promise<ChannelTestResult>;

/** Dependencies of the channel routes. */
export interface ChannelRoutesDeps {
  store: AlertConfigStore;
  clock: Clock;
  audit: AuditRecorder;
  /** Absent when no sender is wired: the test route then answers 501. */
  sendTest?: ChannelTester;
  /** What channel URLs may name beyond public addresses (RUNWATCH_OUTBOUND_ALLOW). */
  outboundAllow: OutboundAllow;
}

const actor = (request: FastifyRequest) => request.principal?.keyId ?? "anonymous";

/** A stored channel as the API shows it. */
export const toChannel = (record: ConfigRecord<ChannelInput>): Channel =>
  channelView({ ...record.input, id: record.id, ...isoTimes(record) });

/** What an audit entry may say about a channel: never its URL or secret. */
const described = ({ input }: ConfigRecord<ChannelInput>) => ({ name: input.name, kind: input.kind });

/** Names (never values) of the fields a PATCH sets, e.g. `["name", "config.secret"]`. */
const changedFields = (patch: Record<string, unknown>) =>
  Object.entries(patch).flatMap(([key, value]) =>
    key === "config" && typeof value === "object" && value !== null
      ? Object.keys(value).map((k) => `config.${k}`)
      : [key],
  );

const MAX_TEST_ERROR = 300;

/**
 * A receiver's error as safe to show and store: the channel's URL and secret
 * replaced (a transport error may quote the URL it failed on), and bounded.
 */
function scrubbed(error: string, { config }: ChannelInput): string {
  let text = error;
  if (config.url) text = text.split(config.url).join(redactUrl(config.url));
  if (config.secret) text = text.split(config.secret).join("[redacted]");
  return text.length > MAX_TEST_ERROR ? `${text.slice(0, MAX_TEST_ERROR - 1)}…` : text;
}

/**
 * 400 naming `config.url` when the outbound policy refuses the channel's URL.
 * The message says why without the URL (a credential) or the address it resolved to.
 */
async function checkDestination({ config }: ChannelInput, allow: OutboundAllow): Promise<void> {
  if (config.url && (await refusedUrl(config.url, allow)) !== null)
    throw new HttpError(
      400,
      "invalid_body",
      "config.url names a loopback, private, link-local or metadata address, which the outbound policy refuses (RUNWATCH_OUTBOUND_ALLOW can allow it)",
      "config.url",
    );
}

/** Registers the channel routes (admin scope). */
export async function channelRoutes(
  app: FastifyInstance,
  { store, clock, audit, sendTest, outboundAllow }: ChannelRoutesDeps,
): Promise<void> {
  const admin = { config: { access: "admin" as const } };
  type ById = { Params: { id: string } };
  const find = async (id: string) => {
    const record = await store.getChannel(id);
    if (!record) throw notFound("channel", id);
    return record;
  };

  app.get("/api/v1/channels", admin, async (): Promise<{ items: Channel[] }> => {
    const records = await store.listChannels();
    return { items: records.map(toChannel) };
  });

  app.post("/api/v1/channels", admin, async (request, reply) => {
    const input = parseAlertBody(channelInputSchema, request.body);
    await checkDestination(input, outboundAllow);
    const record = await store.createChannel(input, clock.now());
    await audit.record({
      actor: actor(request),
      action: "channel.created",
      target: record.id,
      ip: request.ip,
      details: described(record),
    });
    const body: Channel = toChannel(record);
    return reply
      .code(201)
      .header("location", `/api/v1/channels/${encodeURIComponent(record.id)}`)
      .send(body);
  });

  app.get<ById>("/api/v1/channels/:id", admin, async (request): Promise<Channel> => {
    return toChannel(await find(request.params.id));
  });

  app.patch<ById>("/api/v1/channels/:id", admin, async (request): Promise<Channel> => {
    const patch = parseAlertBody(channelPatchSchema, request.body);
    const stored = await find(request.params.id);
    // Kind-specific checks need the whole channel: validate the merged result.
    const input = parseAlertBody(channelInputSchema, mergeChannelPatch(stored.input, patch));
    await checkDestination(input, outboundAllow);
    const record = await store.replaceChannel(stored.id, input, clock.now());
    if (!record) throw notFound("channel", stored.id);
    await audit.record({
      actor: actor(request),
      action: "channel.updated",
      target: record.id,
      ip: request.ip,
      details: { ...described(record), changed: changedFields(patch) },
    });
    return toChannel(record);
  });

  app.delete<ById>("/api/v1/channels/:id", admin, async (request, reply) => {
    const stored = await find(request.params.id);
    if (!(await store.deleteChannel(stored.id))) throw notFound("channel", stored.id);
    await audit.record({
      actor: actor(request),
      action: "channel.deleted",
      target: stored.id,
      ip: request.ip,
      details: described(stored),
    });
    return reply.code(204).send();
  });

  app.post<ById>("/api/v1/channels/:id/test", admin, async (request): Promise<ChannelTestResult> => {
    const stored = await find(request.params.id);
    if (!sendTest) {
      throw new HttpError(501, "not_implemented", "this server cannot send test notifications");
    }
    let outcome: ChannelTestResult;
    try {
      outcome = await sendTest(stored);
    } catch (error) {
      // The sender should report failures, not throw; if it does, its message may quote the URL.
      const message = error instanceof Error ? error.message : String(error);
      request.log.warn({ channel: stored.id, error: scrubbed(message, stored.input) }, "channel test threw");
      outcome = { ok: false, error: "the test notification could not be sent" };
    }
    const result: ChannelTestResult = {
      ok: outcome.ok,
      ...(outcome.status === undefined ? {} : { status: outcome.status }),
      ...(outcome.error === undefined ? {} : { error: scrubbed(outcome.error, stored.input) }),
      ...(outcome.detail === undefined ? {} : { detail: scrubbed(outcome.detail, stored.input) }),
    };
    await audit.record({
      actor: actor(request),
      action: "channel.tested",
      target: stored.id,
      ip: request.ip,
      details: {
        ...described(stored),
        ok: result.ok,
        ...(result.status === undefined ? {} : { status: result.status }),
      },
    });
    return result;
  });
}
