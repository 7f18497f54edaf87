/**
 * The teams slice: team definitions (see `lib/teams.ts`). Globs and groups
 * are JSON text; names are the primary key. Validation is the caller's (the
 * admin routes parse with `teamInputSchema`).
 */
import type { Kysely, Selectable } from "kysely";
import type { Team } from "../../lib/teams";
import type { Database, TeamsTable } from "./schema";

/** Team definitions. */
export interface TeamStore {
  /** Every team, by name. */
  listTeams(): Promise<Team[]>;
  /** One team, or null. */
  getTeam(name: string): Promise<Team | null>;
  /** Adds a team; false when the name is taken. */
  createTeam(team: Team, now: number): Promise<boolean>;
  /** Replaces a team's globs and groups; false when there is no such team. */
  updateTeam(team: Team, now: number): Promise<boolean>;
  /** Removes a team; false when there is no such team. Keys naming it keep the name and then see nothing. */
  deleteTeam(name: string): Promise<boolean>;
}

function toTeam(row: Selectable<TeamsTable>): Team {
  return {
    name: row.name,
    repos: JSON.parse(row.repos) as string[],
    sources: JSON.parse(row.sources) as string[],
    pools: JSON.parse(row.pools) as string[],
    groups: JSON.parse(row.groups) as string[],
  };
}

const columns = (team: Team) => ({
  repos: JSON.stringify(team.repos),
  sources: JSON.stringify(team.sources),
  pools: JSON.stringify(team.pools),
  groups: JSON.stringify(team.groups),
});

/** The teams slice over a Kysely database. */
export function createTeamStore(db: Kysely<Database>): TeamStore {
  return {
    listTeams: async () => (await db.selectFrom("teams").selectAll().orderBy("name").execute()).map(toTeam),
    getTeam: async (name) => {
      const row = await db.selectFrom("teams").selectAll().where("name", "=", name).executeTakeFirst();
      return row ? toTeam(row) : null;
    },
    createTeam: async (team, now) => {
      // Insert-if-absent in one statement, the same on both engines (no unique-violation to catch).
      const result = await db
        .insertInto("teams")
        .values({ name: team.name, ...columns(team), created_at: now, updated_at: now })
        .onConflict((oc) => oc.column("name").doNothing())
        .returning("name")
        .executeTakeFirst();
      return result !== undefined;
    },
    updateTeam: async (team, now) => {
      const result = await db
        .updateTable("teams")
        .set({ ...columns(team), updated_at: now })
        .where("name", "=", team.name)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },
    deleteTeam: async (name) => {
      const result = await db.deleteFrom("teams").where("name", "=", name).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },
  };
}
