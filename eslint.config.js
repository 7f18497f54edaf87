// @ts-check
import js from "@eslint/js";
import tseslint from "typescript-eslint";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import fs from "node:fs";

/**
 * Boundaries, enforced here and by server/architecture.test.ts (which also
 * forbids cycles). The layer table lives in server/architecture.json.
 * @type {{ layers: { name: string; why: string; units: string[] }[]; testFiles: string[] }}
 */
const ARCHITECTURE = JSON.parse(
  fs.readFileSync(new URL("./server/architecture.json", import.meta.url), "utf8"),
);
const TEST_FILES = ARCHITECTURE.testFiles;
const LAYER_ORDER = ARCHITECTURE.layers.map((layer) => layer.name).join(" < ");

/** Only the store speaks SQL; tests may open the database to inspect or tamper with it, the benchmark to measure. */
const SQL_ALLOWED = ["server/store/**", "scripts/bench/**", ...TEST_FILES];
const SQL_PACKAGES = {
  group: ["kysely", "kysely/*", "better-sqlite3", "better-sqlite3/*"],
  message:
    "Only server/store/ speaks SQL: add a store query and call it, so a second database engine stays one folder's work.",
};

/** @param {string} unit ESLint globs of a unit: a folder (`server/store`) or a file (`server/app.ts`). */
const globsOf = (unit) => (unit.endsWith(".ts") ? [unit] : [`${unit}/**/*.ts`, `${unit}/**/*.tsx`]);
/** @param {string} unit The name an import specifier uses for a unit: its last segment, without `.ts`. */
const nameOf = (unit) => (unit.split("/").at(-1) ?? unit).replace(/\.ts$/, "");

/**
 * A specifier that reaches one of `units` under server/: `./x` from server/'s
 * own files, `../x` (any depth) from its folders, or the `@/server/x` alias.
 * @param {string[]} units
 */
const reaching = (units) =>
  `^(?:@/server/|(?:\\.\\./)+(?:server/)?|\\./)(?:${units.map(nameOf).join("|")})(?:/|\\.[jt]sx?$|$)`;

/** lib/ imports packages and its own ./ siblings only. */
const LIB_PATTERN = {
  regex: "^(?:\\.\\.|@/)",
  message:
    "lib/ is the contract the browser shares with the server: it imports packages and its own ./ siblings, nothing else of ours.",
};

/** One no-restricted-imports entry per layer: it may import only the layers below it (and its own). */
const layerRules = ARCHITECTURE.layers.map((layer, rank) => {
  const above = ARCHITECTURE.layers.slice(rank + 1).flatMap((upper) => upper.units);
  const below = ARCHITECTURE.layers.slice(0, rank).map((lower) => lower.name);
  const downOnly = {
    regex: reaching(above),
    message: `${layer.name} (${layer.why}) may import only ${below.join(", ")} and its own layer. Layers run ${LAYER_ORDER} and imports point only down, so each layer is tested and replaced without what sits above it (server/architecture.json).`,
  };
  const patterns = [];
  if (layer.name === "lib") patterns.push(LIB_PATTERN);
  else if (above.length > 0) patterns.push(downOnly);
  if (!layer.units.includes("server/store")) patterns.push(SQL_PACKAGES);
  return {
    files: layer.units.flatMap(globsOf),
    ignores: TEST_FILES,
    rules: { "no-restricted-imports": ["error", { patterns }] },
  };
});

export default tseslint.config(
  {
    ignores: [
      ".next/**",
      "node_modules/**",
      "data/**",
      "test-results/**",
      "playwright-report/**",
      "bench-results/**",
      "next-env.d.ts",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": "error",
      eqeqeq: ["error", "smart"],
      "no-console": "off",
    },
  },
  {
    files: ["app/**/*.tsx", "components/**/*.tsx", "components/**/*.ts"],
    plugins: { "react-hooks": reactHooks },
    rules: {
      "react-hooks/rules-of-hooks": "error",
      "react-hooks/exhaustive-deps": "error",
    },
  },
  {
    // Everything outside server/ and lib/: no SQL (the browser side gets its own entry below).
    files: ["**/*.ts", "**/*.tsx", "**/*.mjs", "**/*.js"],
    ignores: [...SQL_ALLOWED, "server/**", "lib/**", "app/**", "components/**"],
    rules: { "no-restricted-imports": ["error", { patterns: [SQL_PACKAGES] }] },
  },
  {
    files: ["app/**/*.ts", "app/**/*.tsx", "components/**/*.ts", "components/**/*.tsx"],
    ignores: TEST_FILES,
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              regex: "^(?:@/|(?:\\.\\./)+)server(?:/|$)",
              message:
                "The browser side never imports server/: it would ship server code (and secrets' handling) to the browser. Share types and schemas through lib/.",
            },
            SQL_PACKAGES,
          ],
        },
      ],
    },
  },
  ...layerRules,
  {
    // Settings are parsed once in server/settings.ts; nothing else reads the environment.
    files: ["server/**/*.ts", "lib/**/*.ts"],
    ignores: ["server/settings.ts", "**/*.test.ts"],
    rules: {
      "no-restricted-properties": [
        "error",
        { object: "process", property: "env", message: "Read settings from server/settings.ts." },
      ],
    },
  },
);
