/**
 * Email alerts over SMTP (nodemailer), configured once from settings and
 * used by every email channel; the SMTP host is reached only under the
 * outbound policy (RUNWATCH_OUTBOUND_ALLOW for a relay on a private address).
 *
 * TLS: `secure` speaks TLS from the first byte (port 465); otherwise the
 * connection starts plain and is upgraded with STARTTLS whenever the server
 * offers it, with the server's certificate verified (nodemailer's default).
 */
import { isIP } from "node:net";
import nodemailer from "nodemailer";
import type { OutboundAllow } from "../outbound/address-policy";
import { resolveAllowed } from "../outbound/destination";
import { POLICY_REFUSED, sanitiseDetail } from "./send-http";

/** One email, addressed. */
export interface OutgoingMail {
  to: readonly string[];
  subject: string;
  text: string;
  html: string;
  /** Extra headers, e.g. the alert's id, so filters and receivers can tell notices apart. */
  headers?: Record<string, string>;
}

/**
 * What sending one email came to; `permanent` when the server refused it for
 * good (SMTP 5xx) or the outbound policy refuses the server. `error` is a
 * fixed text; `detail` the server's own answer, sanitised (admins only).
 */
export type MailResult = { ok: true } | { ok: false; permanent: boolean; error: string; detail?: string };

/** Sends email; `close()` ends its connections. */
export interface Mailer {
  send(mail: OutgoingMail): Promise<MailResult>;
  close(): void;
}

/** SMTP errors as nodemailer raises them (`responseCode` only when the server answered). */
interface SmtpError {
  code?: string;
  responseCode?: number;
  response?: string;
}

/** A connection failure as a fixed text (nodemailer keeps the socket's code, or sets its own). */
function connectionText(code: string | undefined): string {
  if (code === "ECONNREFUSED") return "connection refused";
  if (code === "ETIMEDOUT") return "timed out";
  if (code === "EDNS" || code === "ENOTFOUND") return "host not found";
  if (code === "EAUTH") return "sign-in refused by the SMTP server";
  if (code === "ETLS" || /CERT|SSL|TLS/.test(code ?? "")) return "TLS handshake failed";
  return "connection failed";
}

/**
 * An SMTP failure as a fixed text (`SMTP 550 from server`, `connection
 * refused`) and, when the server answered, its answer as `detail`: never the
 * password (`scrub` removes it should a server echo it back).
 */
export function describeSmtpError(
  error: unknown,
  scrub: (text: string) => string = (t) => t,
): { error: string; detail?: string } {
  const e = (typeof error === "object" && error !== null ? error : {}) as SmtpError;
  if (e.responseCode === undefined) return { error: connectionText(e.code) };
  const detail = e.response ? sanitiseDetail(Buffer.from(scrub(e.response))) : "";
  return { error: `SMTP ${e.responseCode} from server`, ...(detail ? { detail } : {}) };
}

/** How email alerts reach an SMTP server. */
export interface SmtpSettings {
  host: string;
  port: number;
  /** TLS from the first byte (port 465); false: plain, upgraded with STARTTLS when the server offers it. */
  secure: boolean;
  /** Null for a relay that takes mail without signing in. */
  auth: { user: string; pass: string } | null;
  /** The From header and envelope sender. */
  from: string;
}

/**
 * Creates the SMTP mailer from settings. Nothing connects until the first
 * `send`; each send resolves the SMTP host under the outbound policy and
 * connects to the checked address (the name kept for TLS: SNI and the
 * certificate check), so the server is never reached by a second lookup.
 */
export function createMailer(smtp: SmtpSettings, allow: OutboundAllow): Mailer {
  const password = smtp.auth?.pass;
  const scrub = (text: string) => (password ? text.split(password).join("[redacted]") : text);
  // Alerts are few: a connection per message is simpler than a pool that must notice dropped idle sockets.
  const transportTo = (address: string) =>
    nodemailer.createTransport({
      host: address,
      ...(isIP(smtp.host) === 0 ? { servername: smtp.host } : {}),
      port: smtp.port,
      secure: smtp.secure,
      ...(smtp.auth ? { auth: { user: smtp.auth.user, pass: smtp.auth.pass } } : {}),
      pool: false,
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 30_000,
    });
  const open = new Set<ReturnType<typeof transportTo>>();
  return {
    async send(mail) {
      const destination = await resolveAllowed(smtp.host, allow);
      if (!destination.ok)
        return destination.kind === "refused"
          ? { ok: false, permanent: true, error: POLICY_REFUSED }
          : {
              ok: false,
              permanent: false,
              error: destination.kind === "timeout" ? "timed out" : "host not found",
            };
      const transport = transportTo(destination.address);
      open.add(transport);
      try {
        await transport.sendMail({
          from: smtp.from,
          to: [...mail.to],
          subject: mail.subject,
          text: mail.text,
          html: mail.html,
          headers: mail.headers,
        });
        return { ok: true };
      } catch (error) {
        const code = (error as SmtpError).responseCode;
        // 5xx is the server's final word (unknown mailbox, relay denied, bad login); 4xx and no answer may pass.
        const permanent = code !== undefined && code >= 500 && code < 600;
        return { ok: false, permanent, ...describeSmtpError(error, scrub) };
      } finally {
        open.delete(transport);
        transport.close();
      }
    },
    close() {
      for (const transport of open) transport.close();
      open.clear();
    },
  };
}
