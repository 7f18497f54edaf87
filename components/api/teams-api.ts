/**
 * Browser side of the teams contract (`lib/teams.ts`): list, create, replace
 * and delete teams (admin). Every call goes through {@link apiFetch}.
 */
import { queryOptions } from "@tanstack/react-query";
import type { Team } from "@/lib/teams";
import { apiFetch, isFinalError } from "./api-client";

/** Query key of the team list. */
export const TEAMS_KEY = ["admin", "teams"] as const;

/** `GET /api/v1/teams` (admin). */
export async function fetchTeams(signal?: AbortSignal): Promise<Team[]> {
  return (await apiFetch<{ items: Team[] }>("/api/v1/teams", { signal })).items;
}

/** `POST /api/v1/teams` (admin). */
export function createTeam(team: Team): Promise<Team> {
  return apiFetch<Team>("/api/v1/teams", { method: "POST", body: team });
}

/** `PUT /api/v1/teams/:name` (admin): replaces its globs and groups. */
export function updateTeam({ name, ...rest }: Team): Promise<Team> {
  return apiFetch<Team>(`/api/v1/teams/${encodeURIComponent(name)}`, { method: "PUT", body: rest });
}

/** `DELETE /api/v1/teams/:name` (admin). */
export function deleteTeam(name: string): Promise<void> {
  return apiFetch<void>(`/api/v1/teams/${encodeURIComponent(name)}`, { method: "DELETE" });
}

/** Every team (admin). */
export const teamsQuery = () =>
  queryOptions({
    queryKey: TEAMS_KEY,
    queryFn: ({ signal }) => fetchTeams(signal),
    retry: (failures, error) => !isFinalError(error) && failures < 2,
  });
