/**
 * Home-grown runners that report through the generic endpoint: a rack of
 * GPU boxes training models overnight and a hardware-in-the-loop lab
 * flashing firmware onto real boards.
 */
import type { Catalog, RepoSpec, RunnerPool, SimSender } from "../catalog";

const POOLS: Record<string, RunnerPool> = {
  gpu: {
    key: "gpu",
    labels: ["x64", "gpu", "a100"],
    hosted: false,
    size: 3,
    groupId: 31,
    groupName: "gpu",
    runnerName: (i) => `rack-${3 + i}`,
    pickup: [2, 8],
  },
  hil: {
    key: "hil",
    labels: ["arm", "hil", "stm32"],
    hosted: false,
    size: 2,
    groupId: 32,
    groupName: "lab",
    runnerName: (i) => `hil-bench-${i + 1}`,
    pickup: [5, 15],
  },
};

const SENDERS: readonly SimSender[] = [
  { login: "nightly-cron", id: 1, type: "Bot", name: "nightly cron" },
  { login: "yuki", id: 2, type: "User", name: "Yuki Sato" },
  { login: "fatima", id: 3, type: "User", name: "Fatima Zahra" },
];

const REPOS: RepoSpec[] = [
  {
    name: "ml-models",
    id: 1,
    language: "Python",
    description: "Ranking and embedding models",
    weight: 50,
    featureBranches: ["exp/distill-small", "exp/lr-warmup"],
    workflows: [
      {
        name: "train",
        weight: 100,
        branches: "any",
        jobs: [
          { key: "train", name: "train (ranker)", kind: "train", pool: "gpu", flaky: 0.08 },
          { key: "eval", name: "evaluate", kind: "python", pool: "gpu", needs: ["train"] },
        ],
      },
    ],
  },
  {
    name: "firmware",
    id: 2,
    language: "C",
    description: "Sensor board firmware",
    weight: 50,
    featureBranches: ["feature/ota-delta", "fix/i2c-timeout"],
    workflows: [
      {
        name: "hil",
        weight: 100,
        branches: "any",
        jobs: [
          { key: "board-a", name: "hil (board-a)", kind: "hil", pool: "hil", flaky: 0.1 },
          { key: "board-b", name: "hil (board-b)", kind: "hil", pool: "hil", flaky: 0.1 },
        ],
      },
    ],
  },
];

/** The home-grown runners the demo simulates. */
export const GENERIC_CATALOG: Catalog = {
  org: { login: "acme", id: 1, description: "Acme Corp" },
  repos: REPOS,
  pools: POOLS,
  senders: SENDERS,
  burst: [
    ["ml-models", "train"],
    ["firmware", "hil"],
  ],
};
