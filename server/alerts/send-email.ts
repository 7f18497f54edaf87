/**
 * Email alerts over SMTP (nodemailer), configured once from settings: one
 * transport for the process, reused by every email channel.
 *
 * TLS: `secure` speaks TLS from the first byte (port 465); otherwise the
 * connection starts plain and is upgraded with STARTTLS whenever the server
 * offers it, with the server's certificate verified (nodemailer's default).
 */
import nodemailer from "nodemailer";

/** One email, addressed. */
export interface OutgoingMail {
  to: readonly string[];
  subject: string;
  text: string;
  html: string;
  /** Extra headers, e.g. the alert's id, so filters and receivers can tell notices apart. */
  headers?: Record<string, string>;
}

/** What sending one email came to; `permanent` when the server refused it for good (SMTP 5xx). */
export type MailResult = { ok: true } | { ok: false; permanent: boolean; error: string };

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
  message?: string;
}

const MAX_ERROR = 300;

/**
 * An SMTP failure as a short line: the server's answer when there is one,
 * else the connection error. Never the password: nodemailer does not quote
 * it, and `scrub` removes it should a server echo it back.
 */
export function describeSmtpError(error: unknown, scrub: (text: string) => string = (t) => t): string {
  const e = (typeof error === "object" && error !== null ? error : { message: String(error) }) as SmtpError;
  const text =
    e.responseCode !== undefined
      ? `SMTP ${e.responseCode}: ${e.response ?? e.message ?? ""}`
      : `${e.code ? `${e.code}: ` : ""}${e.message ?? "unknown error"}`;
  const line = scrub(text.replace(/\s+/g, " ").trim());
  return line.length > MAX_ERROR ? `${line.slice(0, MAX_ERROR - 1)}…` : line;
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

/** Creates the SMTP mailer from settings. Nothing connects until the first `send`. */
export function createMailer(smtp: SmtpSettings): Mailer {
  const transport = nodemailer.createTransport({
    host: smtp.host,
    port: smtp.port,
    secure: smtp.secure,
    ...(smtp.auth ? { auth: { user: smtp.auth.user, pass: smtp.auth.pass } } : {}),
    // Alerts are few: a connection per message is simpler than a pool that must notice dropped idle sockets.
    pool: false,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  });
  const password = smtp.auth?.pass;
  const scrub = (text: string) => (password ? text.split(password).join("[redacted]") : text);
  return {
    async send(mail) {
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
        return { ok: false, permanent, error: describeSmtpError(error, scrub) };
      }
    },
    close() {
      transport.close();
    },
  };
}
