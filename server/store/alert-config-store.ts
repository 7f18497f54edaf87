/** The alert configuration slice: notification channels and alert rules, stored as posted. */
import type { Kysely } from "kysely";
import type { AlertRuleInput, ChannelInput } from "../../lib/alerts";
import { deleteAlertStates } from "./alert-queries";
import {
  deleteConfig,
  insertConfig,
  replaceConfig,
  selectConfig,
  selectConfigs,
} from "./alert-config-queries";
import type { ConfigRecord } from "./records";
import type { Database } from "./schema";

/** Channels and rules (inputs as posted, secrets included). */
export interface AlertConfigStore {
  createChannel(input: ChannelInput, now: number): Promise<ConfigRecord<ChannelInput>>;
  /** Oldest first. */
  listChannels(): Promise<ConfigRecord<ChannelInput>[]>;
  getChannel(id: string): Promise<ConfigRecord<ChannelInput> | null>;
  /** Replaces the stored input; null when unknown. */
  replaceChannel(id: string, input: ChannelInput, now: number): Promise<ConfigRecord<ChannelInput> | null>;
  /** False when unknown. Rules naming it keep the id (they skip a channel that is gone). */
  deleteChannel(id: string): Promise<boolean>;

  createRule(input: AlertRuleInput, now: number): Promise<ConfigRecord<AlertRuleInput>>;
  /** Oldest first. */
  listRules(): Promise<ConfigRecord<AlertRuleInput>[]>;
  getRule(id: string): Promise<ConfigRecord<AlertRuleInput> | null>;
  replaceRule(id: string, input: AlertRuleInput, now: number): Promise<ConfigRecord<AlertRuleInput> | null>;
  /** Also forgets the rule's throttle state. False when unknown. */
  deleteRule(id: string): Promise<boolean>;
}

/** The alert configuration slice over a Kysely database. */
export function createAlertConfigStore(db: Kysely<Database>): AlertConfigStore {
  return {
    createChannel: (input, now) => insertConfig(db, "channels", input, now),
    listChannels: () => selectConfigs(db, "channels"),
    getChannel: (id) => selectConfig(db, "channels", id),
    replaceChannel: (id, input, now) => replaceConfig(db, "channels", id, input, now),
    deleteChannel: (id) => deleteConfig(db, "channels", id),
    createRule: (input, now) => insertConfig(db, "alert_rules", input, now),
    listRules: () => selectConfigs(db, "alert_rules"),
    getRule: (id) => selectConfig(db, "alert_rules", id),
    replaceRule: (id, input, now) => replaceConfig(db, "alert_rules", id, input, now),
    deleteRule: (id) =>
      db.transaction().execute(async (trx) => {
        await deleteAlertStates(trx, id);
        return deleteConfig(trx, "alert_rules", id);
      }),
  };
}
