/**
 * The one way a delivery is normalised, live and on replay: the vendor's
 * normaliser, then the checks every source shares (plausible times). Links are
 * checked inside each normaliser (`lib/links.ts`), where the vendor field is known.
 */
import { implausibleTime } from "../domain/plausible-times";
import { PayloadError, type Normalised, type SourceAdapter } from "./source";

/**
 * Normalises a body with `adapter`, then refuses a delivery holding a time
 * before 2000-01-01 or more than 24 h after `receivedAt` (the server's clock
 * when it arrived, so a replay decides as ingest did).
 * @throws PayloadError naming the bad field (vendor field, or the normalised time field).
 */
export function normaliseDelivery(
  adapter: SourceAdapter,
  event: string,
  body: Record<string, unknown>,
  receivedAt: number,
): Normalised {
  const normalised = adapter.normalise(event, body);
  if (normalised.kind !== "data") return normalised;
  const implausible = implausibleTime(normalised.observations, receivedAt);
  if (implausible) throw new PayloadError(implausible.message, implausible.field);
  return normalised;
}
