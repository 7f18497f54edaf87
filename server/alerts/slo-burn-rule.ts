/**
 * slo_burn: the multi-window, multi-burn-rate alert of Google's SRE workbook
 * (ch. 5), per SLO. Two subjects each: `<slo id>:fast` holds while the burn
 * rate is at least 14.4 over both 1 h and 5 m (page), `<slo id>:slow` while
 * it is at least 6 over both 6 h and 30 m (ticket). The short window makes an
 * alert resolve within minutes of the burn stopping. Pure: the statuses are
 * computed by `server/slo` and handed in.
 */
import { SLO_BURN_WINDOWS, type SloBurnWindow, type SloStatus } from "../../lib/slo";
import type { RuleMatcher } from "./glob";
import type { Observation } from "./observation";

const SPEEDS = [
  { speed: "fast", long: "1h", short: "5m", action: "page", ...SLO_BURN_WINDOWS.fast },
  { speed: "slow", long: "6h", short: "30m", action: "ticket", ...SLO_BURN_WINDOWS.slow },
] as const satisfies readonly {
  speed: string;
  long: SloBurnWindow;
  short: SloBurnWindow;
  action: string;
  rate: number;
}[];

const shown = (burn: number | null) => (burn === null ? "no events" : `${burn}×`);

/**
 * One observation per SLO and speed (see the module comment), for every SLO
 * `matches` accepts (by id and name: the rule's `match.slo`; default all).
 */
export function evaluateSloBurn(
  statuses: readonly SloStatus[],
  matches: RuleMatcher = () => true,
): Observation[] {
  const inScope = statuses.filter(({ slo }) => matches({ slo: [slo.id, slo.name] }));
  return inScope.flatMap((status) =>
    SPEEDS.map(({ speed, long, short, action, rate }): Observation => {
      const longBurn = status.burn[long];
      const shortBurn = status.burn[short];
      const holds = longBurn !== null && shortBurn !== null && longBurn >= rate && shortBurn >= rate;
      const { slo, budget } = status;
      return {
        subject: `${slo.id}:${speed}`,
        holds,
        summary: holds
          ? `SLO ${slo.name} is burning its error budget ${longBurn}× over ${long} and ${shortBurn}× over ${short} (${speed} burn, ${action}: threshold ${rate}×).`
          : `SLO ${slo.name} burns ${shown(longBurn)} over ${long} and ${shown(shortBurn)} over ${short}, below the ${speed}-burn threshold of ${rate}×.`,
        where: {},
        facts: [
          { label: "Burn rate", value: `${shown(longBurn)} (${long}), ${shown(shortBurn)} (${short})` },
          { label: "Threshold", value: `${rate}× over both windows (${speed} burn: ${action})` },
          { label: "Target", value: `${slo.target}% of events good over 28 days` },
          {
            label: "Budget remaining",
            value: budget.remainingPercent === null ? "no events" : `${budget.remainingPercent}%`,
          },
        ],
        // The SLOs page gives each card the id `slo-<id>`.
        path: `/slos#slo-${encodeURIComponent(slo.id)}`,
        channels: slo.channels ?? [],
      };
    }),
  );
}
